//! Closed-state successes recorded without the lock reach the window, the consecutive-failure
//! count and the success metric exactly as successes recorded under the lock do.

use std::sync::Arc;

use fusebox_agent::metrics::{prometheus_registry, render_text};
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{
    BreakerConfig, BreakerState, CallOutcome, CircuitBreaker, ManualClock, Registry, WindowType,
};

const SECOND: u64 = 1_000_000_000;

fn breaker(config: BreakerConfig, clock: &ManualClock) -> CircuitBreaker {
    CircuitBreaker::new("backend", config, Arc::new(clock.clone()), 0.0)
}

fn run(breaker: &CircuitBreaker, outcome: CallOutcome) {
    breaker.try_acquire().unwrap().finish(outcome);
}

#[test]
fn successes_reset_consecutive_failures() {
    let clock = ManualClock::new();
    let breaker = breaker(BreakerConfig::default(), &clock);
    for _ in 0..4 {
        run(&breaker, CallOutcome::Failure);
    }
    run(&breaker, CallOutcome::Success);
    for _ in 0..4 {
        run(&breaker, CallOutcome::Failure);
    }
    let snapshot = breaker.snapshot();
    assert_eq!(snapshot.state, BreakerState::Closed);
    assert_eq!(snapshot.consecutive_failures, 4);
    run(&breaker, CallOutcome::Failure);
    assert_eq!(breaker.state(), BreakerState::Open);
}

#[test]
fn window_counts_lock_free_successes() {
    let clock = ManualClock::new();
    let config = BreakerConfig {
        window_size: 10,
        ..BreakerConfig::default()
    };
    let breaker = breaker(config, &clock);
    run(&breaker, CallOutcome::Failure);
    for _ in 0..6 {
        run(&breaker, CallOutcome::Success);
    }
    let window = breaker.snapshot().window;
    assert_eq!(window.calls, 7);
    assert_eq!(window.failed, 1);
    for _ in 0..20 {
        run(&breaker, CallOutcome::Success);
    }
    let window = breaker.snapshot().window;
    assert_eq!(window.calls, 10);
    assert_eq!(window.failed, 0);
}

#[test]
fn slow_success_counts_as_slow() {
    let clock = ManualClock::new();
    let config = BreakerConfig {
        slow_call_duration_nanos: 1_000,
        ..BreakerConfig::default()
    };
    let breaker = breaker(config, &clock);
    let permit = breaker.try_acquire().unwrap();
    clock.advance_nanos(1_001);
    permit.finish(CallOutcome::Success);
    run(&breaker, CallOutcome::Success);
    let window = breaker.snapshot().window;
    assert_eq!(window.calls, 2);
    assert_eq!(window.slow, 1);
}

#[test]
fn late_success_counts_as_timeout() {
    let clock = ManualClock::new();
    let config = BreakerConfig {
        timeout_nanos: 1_000,
        failure_threshold: 1,
        ..BreakerConfig::default()
    };
    let breaker = breaker(config, &clock);
    let permit = breaker.try_acquire().unwrap();
    clock.advance_nanos(1_001);
    permit.finish(CallOutcome::Success);
    assert_eq!(breaker.state(), BreakerState::Open);
}

#[test]
fn rate_rule_sees_earlier_successes() {
    let clock = ManualClock::new();
    let breaker = breaker(BreakerConfig::default(), &clock);
    for _ in 0..6 {
        run(&breaker, CallOutcome::Success);
    }
    // Adding a rate rule: the six successes recorded without the lock stay in the window,
    // so four failures make 40 % and do not reach the 50 % threshold; six make 50 %.
    breaker.reconfigure(BreakerConfig {
        failure_threshold: 100,
        failure_rate_threshold: Some(50.0),
        minimum_number_of_calls: 10,
        ..BreakerConfig::default()
    });
    for _ in 0..4 {
        run(&breaker, CallOutcome::Failure);
    }
    let snapshot = breaker.snapshot();
    assert_eq!(snapshot.window.calls, 10);
    assert_eq!(snapshot.state, BreakerState::Closed);
    run(&breaker, CallOutcome::Failure);
    run(&breaker, CallOutcome::Failure);
    assert_eq!(breaker.state(), BreakerState::Open);
}

#[test]
fn lock_free_success_ends_run() {
    let clock = ManualClock::new();
    let breaker = breaker(BreakerConfig::default(), &clock);
    run(&breaker, CallOutcome::Failure);
    run(&breaker, CallOutcome::Failure);
    run(&breaker, CallOutcome::Success);
    // The success waits in the lock-free count until the reload takes the lock. It ends the
    // run there, before the new time window takes over the run.
    clock.set_nanos(10 * SECOND);
    breaker.reconfigure(BreakerConfig {
        window_type: WindowType::TimeBased,
        window_size: 2,
        ..BreakerConfig::default()
    });
    assert_eq!(breaker.snapshot().consecutive_failures, 0);
    run(&breaker, CallOutcome::Failure);
    assert_eq!(breaker.snapshot().consecutive_failures, 1);
    clock.set_nanos(12 * SECOND);
    assert_eq!(breaker.snapshot().consecutive_failures, 0);
}

#[test]
fn success_from_ended_epoch_is_dropped() {
    let clock = ManualClock::new();
    let config = BreakerConfig {
        failure_threshold: 1,
        ..BreakerConfig::default()
    };
    let breaker = breaker(config, &clock);
    let early = breaker.try_acquire().unwrap();
    run(&breaker, CallOutcome::Failure);
    assert_eq!(breaker.state(), BreakerState::Open);
    early.finish(CallOutcome::Success);
    let snapshot = breaker.snapshot();
    // The window keeps only the failure that opened the breaker.
    assert_eq!(snapshot.state, BreakerState::Open);
    assert_eq!(snapshot.window.calls, 1);
    assert_eq!(snapshot.window.failed, 1);
}

#[test]
fn concurrent_successes_all_counted() {
    const THREADS: usize = 4;
    const CALLS: usize = 20_000;
    let registry = Arc::new(Registry::new(
        Arc::new(ManualClock::new()),
        EnvDefaults::default(),
    ));
    let prometheus = prometheus_registry(Arc::clone(&registry));
    let breaker = registry.breaker("backend");
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            let breaker = Arc::clone(&breaker);
            scope.spawn(move || {
                for _ in 0..CALLS {
                    run(&breaker, CallOutcome::Success);
                }
            });
        }
        // Scrapes while the calls run: each drains the pending count under the lock.
        for _ in 0..50 {
            let _ = render_text(&prometheus);
        }
    });
    let text = render_text(&prometheus);
    let expected = format!(
        "fusebox_circuit_breaker_calls_seconds_count{{breaker=\"backend\",outcome=\"success\"}} {}",
        THREADS * CALLS
    );
    assert!(text.contains(&expected), "missing {expected} in\n{text}");
    let snapshot = breaker.snapshot();
    assert_eq!(snapshot.window.calls, 100);
    assert_eq!(snapshot.window.failed, 0);
    assert_eq!(snapshot.consecutive_failures, 0);
}

#[test]
fn slot_released_after_cap_removed() {
    let clock = ManualClock::new();
    let capped = BreakerConfig {
        max_concurrent_calls: 1,
        ..BreakerConfig::default()
    };
    let breaker = breaker(capped.clone(), &clock);
    let permit = breaker.try_acquire().unwrap();
    assert_eq!(breaker.snapshot().in_flight, 1);
    // Removing the cap turns on lock-free successes while the call still holds its slot.
    breaker.reconfigure(BreakerConfig::default());
    permit.finish(CallOutcome::Success);
    assert_eq!(breaker.snapshot().in_flight, 0);
    breaker.reconfigure(capped);
    let again = breaker.try_acquire();
    assert!(
        again.is_ok(),
        "the slot of the finished call was not released"
    );
}
