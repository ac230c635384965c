//! Prometheus metrics with the same names and labels as the Java agent.
//!
//! One collector reads the breakers' counters and state at scrape time, so series follow the
//! registry exactly: a breaker that leaves the settings file leaves the output, and counters
//! never go backwards while a breaker lives.

use std::collections::HashMap;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;

use prometheus::core::{Collector, Desc};
use prometheus::proto::{Counter, Gauge, LabelPair, Metric, MetricFamily, MetricType, Summary};

use crate::breaker::{BreakerState, OUTCOME_LABELS};
use crate::registry::Registry;

const STATE_LABELS: [&str; 3] = ["closed", "open", "half_open"];

/// A metric's name, help text and label names.
type MetricSpec = (&'static str, &'static str, &'static [&'static str]);

const STATE: MetricSpec = (
    "fusebox_circuit_breaker_state",
    "Breaker state, one-hot",
    &["breaker", "state"],
);
const CALLS: MetricSpec = (
    "fusebox_circuit_breaker_calls_seconds",
    "Finished calls by outcome",
    &["breaker", "outcome"],
);
const NOT_PERMITTED: MetricSpec = (
    "fusebox_circuit_breaker_not_permitted_calls_total",
    "Rejected calls",
    &["breaker"],
);
const TRANSITIONS: MetricSpec = (
    "fusebox_circuit_breaker_transitions_total",
    "State transitions",
    &["breaker", "from", "to"],
);
const FAILURE_RATE: MetricSpec = (
    "fusebox_circuit_breaker_failure_rate",
    "Failure percentage in the window",
    &["breaker"],
);
const RELOADS: MetricSpec = (
    "fusebox_config_reloads_total",
    "Settings file reloads by result",
    &["result"],
);
const INFO: MetricSpec = (
    "fusebox_config_info",
    "Active settings file",
    &["hash", "generation"],
);
const HOT_RELOAD: MetricSpec = (
    "fusebox_config_hot_reload_available",
    "1 when the settings file can change in place",
    &[],
);

/// Collects every Fusebox metric from a [`Registry`]; register it with a
/// `prometheus::Registry`.
pub struct FuseboxCollector {
    registry: Arc<Registry>,
    descs: Vec<Desc>,
}

impl FuseboxCollector {
    /// Creates a collector over `registry` and makes its breakers record call durations.
    pub fn new(registry: Arc<Registry>) -> Self {
        registry.record_durations();
        let desc = |name: &str, help: &str, labels: &[&str]| {
            Desc::new(
                name.to_string(),
                help.to_string(),
                labels.iter().map(|l| l.to_string()).collect(),
                HashMap::new(),
            )
            .expect("metric descriptions are valid constants")
        };
        let descs = [
            STATE,
            CALLS,
            NOT_PERMITTED,
            TRANSITIONS,
            FAILURE_RATE,
            RELOADS,
            INFO,
            HOT_RELOAD,
        ]
        .iter()
        .map(|spec| desc(spec.0, spec.1, spec.2))
        .collect();
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

fn family(
    (name, help, _): (&str, &str, &[&str]),
    kind: MetricType,
    metrics: Vec<Metric>,
) -> MetricFamily {
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
        let mut families = self.breaker_families();
        families.extend(self.config_families());
        families
    }
}

impl FuseboxCollector {
    /// Builds the per-breaker families from each breaker's counters and current state.
    fn breaker_families(&self) -> Vec<MetricFamily> {
        let mut states = Vec::new();
        let mut calls = Vec::new();
        let mut rejected = Vec::new();
        let mut transitions = Vec::new();
        let mut rates = Vec::new();
        for breaker in self.registry.breakers() {
            let snapshot = breaker.snapshot();
            let name = snapshot.name.as_str();
            for state in BreakerState::ALL {
                let value = if state == snapshot.state { 1.0 } else { 0.0 };
                states.push(gauge(
                    &[("breaker", name), ("state", state.as_str())],
                    value,
                ));
            }

            let counters = &breaker.counters;
            for (index, outcome) in OUTCOME_LABELS.iter().enumerate() {
                let mut summary = Summary::default();
                summary.set_sample_count(breaker.call_count(index));
                summary.set_sample_sum(counters.call_nanos[index].load(Relaxed) as f64 / 1e9);
                let pairs = [("breaker", name), ("outcome", *outcome)];
                let mut metric = Metric::from_label(labels(&pairs));
                metric.set_summary(summary);
                calls.push(metric);
            }
            let not_permitted = counters.not_permitted.load(Relaxed);
            rejected.push(counter(&[("breaker", name)], not_permitted));

            for (from, row) in counters.transitions.iter().enumerate() {
                for (to, count) in row.iter().enumerate() {
                    let count = count.load(Relaxed);
                    if count > 0 {
                        let pairs = [
                            ("breaker", name),
                            ("from", STATE_LABELS[from]),
                            ("to", STATE_LABELS[to]),
                        ];
                        transitions.push(counter(&pairs, count));
                    }
                }
            }

            // NaN, not a negative sentinel, while the window contains too few calls.
            let rate = snapshot.failure_rate.unwrap_or(f64::NAN);
            rates.push(gauge(&[("breaker", name)], rate));
        }
        vec![
            family(STATE, MetricType::GAUGE, states),
            family(CALLS, MetricType::SUMMARY, calls),
            family(NOT_PERMITTED, MetricType::COUNTER, rejected),
            family(TRANSITIONS, MetricType::COUNTER, transitions),
            family(FAILURE_RATE, MetricType::GAUGE, rates),
        ]
    }

    /// Builds the settings-file families: reload results, the active file, hot reload.
    fn config_families(&self) -> Vec<MetricFamily> {
        let (success, failure) = self.registry.reload_counts();
        let reloads = vec![
            counter(&[("result", "success")], success),
            counter(&[("result", "failure")], failure),
        ];
        let settings = self.registry.settings();
        let generation = settings
            .policy
            .generation
            .map(|g| g.to_string())
            .unwrap_or_default();
        let info_labels = [
            ("hash", settings.hash.as_str()),
            ("generation", generation.as_str()),
        ];
        let available = if self.registry.hot_reload_available() {
            1.0
        } else {
            0.0
        };
        vec![
            family(RELOADS, MetricType::COUNTER, reloads),
            family(INFO, MetricType::GAUGE, vec![gauge(&info_labels, 1.0)]),
            family(HOT_RELOAD, MetricType::GAUGE, vec![gauge(&[], available)]),
        ]
    }
}

/// Renders every metric of `prometheus` in the Prometheus text format.
pub fn render_text(prometheus: &prometheus::Registry) -> String {
    use prometheus::Encoder;
    let mut buffer = Vec::default();
    let encoder = prometheus::TextEncoder;
    if let Err(error) = encoder.encode(&prometheus.gather(), &mut buffer) {
        tracing::error!(%error, "failed to encode metrics");
    }
    String::from_utf8(buffer).unwrap_or_default()
}
