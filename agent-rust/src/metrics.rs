//! Prometheus metrics with the same names and labels as the Java agent.
//!
//! One collector reads the breakers' counters and state at scrape time, so series follow the
//! registry exactly: a breaker that leaves the settings file leaves the output, and counters
//! never go backwards while a breaker lives.

use std::collections::HashMap;
use std::sync::Arc;

use prometheus::core::{Collector, Desc};
use prometheus::proto::{
    Counter, Gauge, LabelPair, Metric, MetricFamily, MetricType, Summary,
};

use crate::breaker::{BreakerState, OUTCOME_LABELS};
use crate::registry::Registry;

const STATE_LABELS: [&str; 3] = ["closed", "open", "half_open"];

/// Collects every Fusebox metric from a [`Registry`]; register it with a
/// `prometheus::Registry`.
pub struct FuseboxCollector {
    registry: Arc<Registry>,
    descs: Vec<Desc>,
}

impl FuseboxCollector {
    /// Creates a collector over `registry`.
    pub fn new(registry: Arc<Registry>) -> Self {
        let desc = |name: &str, help: &str, labels: &[&str]| {
            Desc::new(
                name.to_string(),
                help.to_string(),
                labels.iter().map(|l| l.to_string()).collect(),
                HashMap::new(),
            )
            .expect("metric descriptions are valid constants")
        };
        let descs = vec![
            desc("fusebox_circuit_breaker_state", "Breaker state, one-hot", &["breaker", "state"]),
            desc("fusebox_circuit_breaker_calls_seconds", "Finished calls by outcome", &["breaker", "outcome"]),
            desc("fusebox_circuit_breaker_not_permitted_calls_total", "Rejected calls", &["breaker"]),
            desc("fusebox_circuit_breaker_transitions_total", "State transitions", &["breaker", "from", "to"]),
            desc("fusebox_circuit_breaker_failure_rate", "Failure percentage in the window", &["breaker"]),
            desc("fusebox_config_reloads_total", "Settings file reloads by result", &["result"]),
            desc("fusebox_config_info", "Active settings file", &["hash", "generation"]),
            desc("fusebox_config_hot_reload_available", "1 when the settings file can change in place", &[]),
        ];
        Self { registry, descs }
    }
}

/// Creates a `prometheus::Registry` with a [`FuseboxCollector`] registered.
pub fn prometheus_registry(registry: Arc<Registry>) -> prometheus::Registry {
    let prometheus = prometheus::Registry::default();
    prometheus
        .register(Box::new(FuseboxCollector::new(registry)))
        .expect("a fresh registry accepts the Fusebox collector");
    prometheus
}

fn labels(pairs: &[(&str, &str)]) -> Vec<LabelPair> {
    pairs
        .iter()
        .map(|(name, value)| {
            let mut pair = LabelPair::default();
            pair.set_name(name.to_string());
            pair.set_value(value.to_string());
            pair
        })
        .collect()
}

fn gauge(pairs: &[(&str, &str)], value: f64) -> Metric {
    let mut gauge = Gauge::default();
    gauge.set_value(value);
    let mut metric = Metric::from_label(labels(pairs));
    metric.set_gauge(gauge);
    metric
}

fn counter(pairs: &[(&str, &str)], value: u64) -> Metric {
    let mut counter = Counter::default();
    counter.set_value(value as f64);
    let mut metric = Metric::from_label(labels(pairs));
    metric.set_counter(counter);
    metric
}

fn family(name: &str, help: &str, kind: MetricType, metrics: Vec<Metric>) -> MetricFamily {
    let mut family = MetricFamily::default();
    family.set_name(name.to_string());
    family.set_help(help.to_string());
    family.set_field_type(kind);
    family.set_metric(metrics);
    family
}

impl Collector for FuseboxCollector {
    fn desc(&self) -> Vec<&Desc> {
        self.descs.iter().collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        use std::sync::atomic::Ordering::Relaxed;
        let mut states = Vec::default();
        let mut calls = Vec::default();
        let mut rejected = Vec::default();
        let mut transitions = Vec::default();
        let mut rates = Vec::default();
        for breaker in self.registry.breakers() {
            let snapshot = breaker.snapshot();
            let name = snapshot.name.as_str();
            for state in BreakerState::ALL {
                let value = if state == snapshot.state { 1.0 } else { 0.0 };
                states.push(gauge(&[("breaker", name), ("state", state.as_str())], value));
            }
            let counters = &breaker.counters;
            for (index, outcome) in OUTCOME_LABELS.iter().enumerate() {
                let mut summary = Summary::default();
                summary.set_sample_count(counters.calls[index].load(Relaxed));
                summary.set_sample_sum(counters.call_nanos[index].load(Relaxed) as f64 / 1e9);
                let mut metric = Metric::from_label(labels(&[("breaker", name), ("outcome", outcome)]));
                metric.set_summary(summary);
                calls.push(metric);
            }
            rejected.push(counter(&[("breaker", name)], counters.not_permitted.load(Relaxed)));
            for (from, row) in counters.transitions.iter().enumerate() {
                for (to, count) in row.iter().enumerate() {
                    let count = count.load(Relaxed);
                    if count > 0 {
                        let pairs = [("breaker", name), ("from", STATE_LABELS[from]), ("to", STATE_LABELS[to])];
                        transitions.push(counter(&pairs, count));
                    }
                }
            }
            // NaN, not a negative sentinel, while the window holds too few calls.
            rates.push(gauge(&[("breaker", name)], snapshot.failure_rate.unwrap_or(f64::NAN)));
        }
        let (success, failure) = self.registry.reload_counts();
        let settings = self.registry.settings();
        let generation = settings.policy.generation.map(|g| g.to_string()).unwrap_or_default();
        let available = if self.registry.hot_reload_available() { 1.0 } else { 0.0 };
        vec![
            family("fusebox_circuit_breaker_state", "Breaker state, one-hot", MetricType::GAUGE, states),
            family("fusebox_circuit_breaker_calls_seconds", "Finished calls by outcome", MetricType::SUMMARY, calls),
            family("fusebox_circuit_breaker_not_permitted_calls_total", "Rejected calls", MetricType::COUNTER, rejected),
            family("fusebox_circuit_breaker_transitions_total", "State transitions", MetricType::COUNTER, transitions),
            family("fusebox_circuit_breaker_failure_rate", "Failure percentage in the window", MetricType::GAUGE, rates),
            family(
                "fusebox_config_reloads_total",
                "Settings file reloads by result",
                MetricType::COUNTER,
                vec![counter(&[("result", "success")], success), counter(&[("result", "failure")], failure)],
            ),
            family(
                "fusebox_config_info",
                "Active settings file",
                MetricType::GAUGE,
                vec![gauge(&[("hash", settings.hash.as_str()), ("generation", generation.as_str())], 1.0)],
            ),
            family(
                "fusebox_config_hot_reload_available",
                "1 when the settings file can change in place",
                MetricType::GAUGE,
                vec![gauge(&[], available)],
            ),
        ]
    }
}

/// Renders every metric of `prometheus` in the Prometheus text format.
pub fn render_text(prometheus: &prometheus::Registry) -> String {
    use prometheus::Encoder;
    let mut buffer = Vec::default();
    let encoder = prometheus::TextEncoder::default();
    if let Err(error) = encoder.encode(&prometheus.gather(), &mut buffer) {
        tracing::error!(%error, "failed to encode metrics");
    }
    String::from_utf8(buffer).unwrap_or_default()
}
