//! Runs every scenario in `conformance/` (the format is described in conformance/README.md)
//! against the Rust agent on a manual clock.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use fusebox_agent::metrics::{prometheus_registry, render_text};
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{
    BreakerState, CallOutcome, CircuitBreaker, ManualClock, Permit, Registry, ReloadOutcome,
};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    #[serde(default)]
    cases: Vec<String>,
    #[serde(default)]
    description: String,
    breaker: String,
    #[serde(default)]
    jitter: f64,
    settings: String,
    steps: Vec<Step>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Step {
    at: Option<f64>,
    advance: Option<f64>,
    breaker: Option<String>,
    start: Option<String>,
    end: Option<String>,
    call: Option<String>,
    count: Option<u32>,
    every: Option<f64>,
    admitted: Option<bool>,
    outcome: Option<String>,
    error: Option<Vec<String>>,
    status: Option<u16>,
    reload: Option<String>,
    result: Option<String>,
    error_contains: Option<String>,
    expect: Option<Expect>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    state: Option<String>,
    next_trial_at: Option<f64>,
    consecutive_failures: Option<u32>,
    window: Option<BTreeMap<String, u64>>,
    failure_rate: Option<serde_yaml::Value>,
    half_open: Option<BTreeMap<String, u32>>,
    ready: Option<bool>,
    metrics: Option<BTreeMap<String, serde_yaml::Value>>,
    absent: Option<Vec<String>>,
}

/// The running state of one scenario.
struct Run {
    file: String,
    clock: ManualClock,
    registry: Arc<Registry>,
    prometheus: prometheus::Registry,
    default_breaker: String,
    calls: HashMap<String, Permit<'static>>,
    step: usize,
}

fn seconds(value: f64) -> u64 {
    fusebox_agent::seconds_to_nanos(value)
}

impl Run {
    fn fail(&self, message: String) -> ! {
        panic!("{} step {}: {}", self.file, self.step + 1, message)
    }

    /// Returns a breaker that lives for the rest of the test, so permits can borrow it.
    fn breaker(&self, name: Option<&String>) -> &'static CircuitBreaker {
        let name = name.unwrap_or(&self.default_breaker);
        let arc: Arc<CircuitBreaker> = self.registry.breaker(name);
        Box::leak(Box::new(arc))
    }

    fn outcome(&self, breaker: &CircuitBreaker, step: &Step) -> (CallOutcome, Option<bool>) {
        if let Some(names) = &step.error {
            let outcome = breaker.config().classify_error(names);
            return (outcome, None);
        }
        if let Some(code) = step.status {
            return (breaker.classify_status(code), None);
        }
        let text = step.outcome.as_deref().unwrap_or("success");
        match text {
            "success" => (CallOutcome::Success, None),
            "failure" => (CallOutcome::Failure, None),
            "slow" => (CallOutcome::Success, Some(true)),
            "slow_failure" => (CallOutcome::Failure, Some(true)),
            "timeout" => (CallOutcome::Timeout, None),
            "ignored" => (CallOutcome::Ignored, None),
            "cancelled" => (CallOutcome::Cancelled, None),
            "not_executed" => (CallOutcome::NotExecuted, None),
            other => self.fail(format!("unknown outcome {other}")),
        }
    }

    fn finish(&self, permit: Permit<'static>, breaker: &CircuitBreaker, step: &Step) {
        let (outcome, slow) = self.outcome(breaker, step);
        match (outcome, slow) {
            (CallOutcome::Cancelled, _) => drop(permit),
            (outcome, Some(true)) => {
                let slow_nanos = breaker.config().slow_call_duration_nanos;
                permit.finish_with_duration(outcome, slow_nanos + 1_000_000);
            }
            (outcome, _) => permit.finish(outcome),
        }
    }

    fn check_admitted(&self, expected: Option<bool>, admitted: bool, what: &str) {
        let expected = expected.unwrap_or(true);
        if expected != admitted {
            self.fail(format!(
                "{what}: expected admitted={expected}, was {admitted}"
            ));
        }
    }

    fn execute(&mut self, step: &Step) {
        if let Some(at) = step.at {
            let target = seconds(at);
            if target < self.clock_now() {
                self.fail(format!("at: {at} is earlier than the current time"));
            }
            self.clock.set_nanos(target);
        }
        if let Some(advance) = step.advance {
            self.clock.advance_nanos(seconds(advance));
        }
        if let Some(id) = &step.start {
            let breaker = self.breaker(step.breaker.as_ref());
            let result = breaker.try_acquire();
            self.check_admitted(step.admitted, result.is_ok(), &format!("start {id}"));
            if let Ok(permit) = result {
                self.calls.insert(id.clone(), permit);
            }
        }
        if let Some(id) = &step.end {
            let breaker = self.breaker(step.breaker.as_ref());
            let Some(permit) = self.calls.remove(id) else {
                self.fail(format!("end: no call {id} in flight"))
            };
            self.finish(permit, breaker, step);
        }
        if step.call.is_some() {
            self.repeated_call(step);
        }
        if let Some(content) = &step.reload {
            self.reload(content, step);
        }
        if let Some(expect) = &step.expect {
            self.verify(expect, step.breaker.as_ref());
        }
        self.check_one_hot();
    }

    fn clock_now(&self) -> u64 {
        use fusebox_agent::Clock;
        self.clock.now_nanos()
    }

    fn repeated_call(&mut self, step: &Step) {
        let breaker = self.breaker(step.breaker.as_ref());
        let count = step.count.unwrap_or(1);
        let call_step = Step {
            outcome: step.call.clone(),
            error: step.error.clone(),
            status: step.status,
            ..Step::default()
        };
        for index in 0..count {
            if index > 0 {
                self.clock.advance_nanos(seconds(step.every.unwrap_or(0.0)));
            }
            let result = breaker.try_acquire();
            self.check_admitted(
                step.admitted,
                result.is_ok(),
                &format!("call {}", index + 1),
            );
            if let Ok(permit) = result {
                self.finish(permit, breaker, &call_step);
            }
        }
    }

    fn reload(&mut self, content: &str, step: &Step) {
        let outcome = self.registry.apply("reload", content.as_bytes());
        let actual = match &outcome {
            ReloadOutcome::Applied { .. } => "applied",
            ReloadOutcome::Unchanged => "unchanged",
            ReloadOutcome::Rejected(_) => "rejected",
        };
        let expected = step.result.as_deref().unwrap_or("applied");
        if actual != expected {
            self.fail(format!("reload: expected {expected}, was {outcome:?}"));
        }
        if let Some(fragment) = &step.error_contains {
            let ReloadOutcome::Rejected(error) = &outcome else {
                self.fail("error_contains on a reload that was not rejected".to_string())
            };
            if !error.to_string().contains(fragment.as_str()) {
                self.fail(format!("reload error {error} does not contain {fragment}"));
            }
        }
    }

    fn verify(&self, expect: &Expect, breaker_name: Option<&String>) {
        let breaker = self.breaker(breaker_name);
        let snapshot = breaker.snapshot();
        if let Some(state) = &expect.state {
            let actual = snapshot.state.as_str();
            if actual != state {
                self.fail(format!(
                    "expected state {state}, was {actual} ({snapshot:?})"
                ));
            }
        }
        if let Some(at) = expect.next_trial_at {
            if snapshot.open_until_nanos != Some(seconds(at)) {
                let actual = snapshot.open_until_nanos.map(|n| n as f64 / 1e9);
                self.fail(format!("expected next_trial_at {at}, was {actual:?}"));
            }
        }
        if let Some(count) = expect.consecutive_failures {
            if snapshot.consecutive_failures != count {
                self.fail(format!(
                    "expected consecutive_failures {count}, was {}",
                    snapshot.consecutive_failures
                ));
            }
        }
        if let Some(window) = &expect.window {
            let w = snapshot.window;
            let actual: BTreeMap<String, u64> = [
                ("calls", w.calls),
                ("failed", w.failed),
                ("slow", w.slow),
                ("slow_failed", w.slow_failed),
            ]
            .into_iter()
            .filter(|(k, _)| window.contains_key(*k))
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            if &actual != window {
                self.fail(format!("expected window {window:?}, was {actual:?}"));
            }
        }
        if let Some(rate) = &expect.failure_rate {
            let expected = rate.as_f64();
            let matches = match (expected, snapshot.failure_rate) {
                (None, None) => true,
                (Some(e), Some(a)) => (e - a).abs() < 1e-6,
                _ => false,
            };
            if !matches {
                self.fail(format!(
                    "expected failure_rate {rate:?}, was {:?}",
                    snapshot.failure_rate
                ));
            }
        }
        if let Some(half_open) = &expect.half_open {
            let Some(episode) = snapshot.half_open else {
                self.fail(format!(
                    "expected a half-open episode, state {:?}",
                    snapshot.state
                ))
            };
            let actual: BTreeMap<String, u32> = [
                ("budget", episode.budget),
                ("admitted", episode.admitted),
                ("successes", episode.successes),
                ("failures", episode.failures),
            ]
            .into_iter()
            .filter(|(k, _)| half_open.contains_key(*k))
            .map(|(k, v)| (k.to_string(), v))
            .collect();
            if &actual != half_open {
                self.fail(format!("expected half_open {half_open:?}, was {actual:?}"));
            }
        }
        if let Some(ready) = expect.ready {
            if self.registry.is_ready() != ready {
                self.fail(format!("expected ready={ready}"));
            }
        }
        if expect.metrics.is_some() || expect.absent.is_some() {
            self.verify_metrics(expect);
        }
    }

    fn verify_metrics(&self, expect: &Expect) {
        let text = render_text(&self.prometheus);
        let series = parse_exposition(&text);
        for (selector, expected) in expect.metrics.iter().flatten() {
            let key = parse_selector(selector);
            let Some(actual) = series.get(&key) else {
                self.fail(format!("metric {selector} missing from:\n{text}"))
            };
            let matches = match expected {
                serde_yaml::Value::String(s) if s == "NaN" => actual.is_nan(),
                other => other.as_f64().is_some_and(|e| (e - actual).abs() < 1e-9),
            };
            if !matches {
                self.fail(format!(
                    "metric {selector}: expected {expected:?}, was {actual}"
                ));
            }
        }
        for selector in expect.absent.iter().flatten() {
            let (name, labels) = parse_selector(selector);
            let present = series
                .keys()
                .any(|(n, l)| *n == name && labels.iter().all(|pair| l.contains(pair)));
            if present {
                self.fail(format!("metric {selector} should be absent:\n{text}"));
            }
        }
    }

    /// Checks that the state gauge is one-hot: exactly one state of each breaker is 1.
    fn check_one_hot(&self) {
        let series = parse_exposition(&render_text(&self.prometheus));
        let mut sums: BTreeMap<String, f64> = BTreeMap::new();
        for ((name, labels), value) in &series {
            if name == "fusebox_circuit_breaker_state" {
                let breaker = labels
                    .iter()
                    .find(|(k, _)| k == "breaker")
                    .map(|(_, v)| v.clone());
                *sums.entry(breaker.unwrap_or_default()).or_default() += value;
            }
        }
        for (breaker, sum) in sums {
            if sum != 1.0 {
                self.fail(format!("state gauge of {breaker} sums to {sum}"));
            }
        }
    }
}

type SeriesKey = (String, Vec<(String, String)>);

fn parse_selector(selector: &str) -> SeriesKey {
    let (name, rest) = match selector.split_once('{') {
        Some((name, rest)) => (name.trim(), rest.trim_end_matches('}')),
        None => (selector.trim(), ""),
    };
    let mut labels: Vec<(String, String)> = rest
        .split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').expect("label pairs are key=\"value\"");
            (k.trim().to_string(), v.trim().trim_matches('"').to_string())
        })
        .collect();
    labels.sort();
    (name.to_string(), labels)
}

fn parse_exposition(text: &str) -> HashMap<SeriesKey, f64> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let value = if value == "NaN" {
                f64::NAN
            } else {
                value.parse().ok()?
            };
            Some((parse_selector(series), value))
        })
        .collect()
}

fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/scenarios")
}

fn run_scenario(path: &Path) {
    let file = path.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(path).unwrap();
    let scenario: Scenario =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file}: invalid scenario: {e}"));
    assert!(!scenario.name.is_empty(), "{file}: name is empty");
    let _ = (&scenario.cases, &scenario.description);
    let clock = ManualClock::new();
    let registry = Arc::new(
        Registry::new(Arc::new(clock.clone()), EnvDefaults::default())
            .with_fixed_jitter(scenario.jitter),
    );
    let outcome = registry.apply("settings", scenario.settings.as_bytes());
    assert!(
        matches!(outcome, ReloadOutcome::Applied { .. }),
        "{file}: initial settings not applied: {outcome:?}"
    );
    let prometheus = prometheus_registry(Arc::clone(&registry));
    let mut run = Run {
        file,
        clock,
        registry,
        prometheus,
        default_breaker: scenario.breaker.clone(),
        calls: HashMap::new(),
        step: 0,
    };
    for (index, step) in scenario.steps.iter().enumerate() {
        run.step = index;
        run.execute(step);
    }
    let _ = BreakerState::Closed;
}

#[test]
fn every_conformance_scenario_passes() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .expect("conformance directory exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 30,
        "expected at least 30 scenarios, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let result = std::panic::catch_unwind(|| run_scenario(path));
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(message);
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
