//! The closed state's consecutive-failure run under each window type, through the state
//! machine: decay by time, reloads that resize or change the window, and successes that end
//! the run.

use super::*;

const SECOND: u64 = 1_000_000_000;

fn time_config(failure_threshold: u32, window_size: u32) -> BreakerConfig {
    BreakerConfig {
        failure_threshold,
        window_type: WindowType::TimeBased,
        window_size,
        ..BreakerConfig::default()
    }
}

fn fail(inner: &mut Inner, now: u64) {
    let epoch = inner.epoch;
    inner.record(epoch, Verdict::Failure, false, now, &mut |_| {});
}

fn succeed(inner: &mut Inner, now: u64) {
    let epoch = inner.epoch;
    inner.record(epoch, Verdict::Success, false, now, &mut |_| {});
}

#[test]
fn decayed_run_does_not_trip() {
    let mut inner = Inner::new(time_config(3, 2), 0.0);
    fail(&mut inner, 0);
    fail(&mut inner, SECOND / 2);
    fail(&mut inner, SECOND + SECOND / 2);
    // Three failures in seconds 0 and 1 reach the threshold of 3.
    assert!(matches!(inner.state, State::Open { .. }));

    let mut inner = Inner::new(time_config(3, 2), 0.0);
    fail(&mut inner, 0);
    fail(&mut inner, SECOND / 2);
    assert_eq!(inner.consecutive_failures(2 * SECOND - 1), 2);
    assert_eq!(inner.consecutive_failures(2 * SECOND), 0);
    // Second 0 has left the window, so this failure starts a run of 1.
    fail(&mut inner, 2 * SECOND + SECOND / 10);
    assert_eq!(inner.state, State::Closed);
    assert_eq!(inner.consecutive_failures(2 * SECOND + SECOND / 10), 1);
}

#[test]
fn count_window_run_never_decays() {
    let config = BreakerConfig {
        failure_threshold: 3,
        window_size: 2,
        ..BreakerConfig::default()
    };
    let mut inner = Inner::new(config, 0.0);
    fail(&mut inner, 0);
    fail(&mut inner, SECOND);
    assert_eq!(inner.consecutive_failures(86_400 * SECOND), 2);
    fail(&mut inner, 86_400 * SECOND);
    assert!(matches!(inner.state, State::Open { .. }));
}

#[test]
fn smaller_window_drops_run_seconds() {
    let mut inner = Inner::new(time_config(3, 4), 0.0);
    fail(&mut inner, SECOND);
    fail(&mut inner, 2 * SECOND);
    let changed = inner.reconfigure(time_config(3, 2), 2 * SECOND, &mut |_| {});
    assert!(changed);
    // Seconds 1 and 2 are the two seconds a two-second window keeps at t=2.
    assert_eq!(inner.consecutive_failures(2 * SECOND), 2);
    assert_eq!(inner.consecutive_failures(3 * SECOND), 1);
    fail(&mut inner, 3 * SECOND);
    assert_eq!(inner.state, State::Closed);
    assert_eq!(inner.consecutive_failures(3 * SECOND), 2);
}

#[test]
fn type_change_carries_run_into_current_second() {
    let count_config = BreakerConfig {
        failure_threshold: 5,
        ..BreakerConfig::default()
    };
    let mut inner = Inner::new(count_config, 0.0);
    for _ in 0..3 {
        fail(&mut inner, 0);
    }
    let now = 10 * SECOND + SECOND / 3;
    assert!(inner.reconfigure(time_config(5, 2), now, &mut |_| {}));
    assert_eq!(inner.consecutive_failures(now), 3);
    assert_eq!(inner.window.counts(now).calls, 0);
    // The run sits in second 10, which leaves a two-second window at t=12.
    assert_eq!(inner.consecutive_failures(12 * SECOND - 1), 3);
    assert_eq!(inner.consecutive_failures(12 * SECOND), 0);
}

#[test]
fn carried_run_trips_within_window() {
    let count_config = BreakerConfig {
        failure_threshold: 4,
        ..BreakerConfig::default()
    };
    let mut inner = Inner::new(count_config, 0.0);
    for _ in 0..3 {
        fail(&mut inner, 0);
    }
    assert!(inner.reconfigure(time_config(4, 2), 10 * SECOND, &mut |_| {}));
    fail(&mut inner, 11 * SECOND);
    assert!(matches!(inner.state, State::Open { .. }));
}

#[test]
fn time_run_carries_into_count_window() {
    let mut inner = Inner::new(time_config(5, 3), 0.0);
    fail(&mut inner, 0);
    fail(&mut inner, 2 * SECOND);
    let count_config = BreakerConfig {
        failure_threshold: 5,
        ..BreakerConfig::default()
    };
    // Second 0 has left the three-second window at t=3, so only one failure carries over.
    assert!(inner.reconfigure(count_config, 3 * SECOND, &mut |_| {}));
    assert_eq!(inner.consecutive_failures(3 * SECOND), 1);
    assert_eq!(inner.consecutive_failures(86_400 * SECOND), 1);
}

#[test]
fn success_ends_time_run() {
    let mut inner = Inner::new(time_config(3, 5), 0.0);
    fail(&mut inner, 0);
    fail(&mut inner, SECOND);
    succeed(&mut inner, 2 * SECOND);
    assert_eq!(inner.consecutive_failures(2 * SECOND), 0);
    fail(&mut inner, 2 * SECOND);
    fail(&mut inner, 3 * SECOND);
    assert_eq!(inner.state, State::Closed);
    // Seconds 0 and 1 leave the window without taking anything from the new run.
    assert_eq!(inner.consecutive_failures(6 * SECOND), 2);
}

#[test]
fn batched_successes_end_run() {
    let mut inner = Inner::new(BreakerConfig::default(), 0.0);
    fail(&mut inner, 0);
    fail(&mut inner, 0);
    inner.record_closed_successes(SECOND, 4);
    assert_eq!(inner.consecutive_failures(SECOND), 0);
    assert_eq!(inner.window.counts(SECOND).calls, 6);
    fail(&mut inner, SECOND);
    assert_eq!(inner.consecutive_failures(SECOND), 1);
}

#[test]
fn opening_ends_time_run() {
    let config = BreakerConfig {
        recovery_timeout_nanos: SECOND,
        ..time_config(2, 10)
    };
    let mut inner = Inner::new(config, 0.0);
    fail(&mut inner, 0);
    fail(&mut inner, 0);
    assert!(matches!(inner.state, State::Open { .. }));
    assert_eq!(inner.consecutive_failures(0), 0);
    // The failures stay in the window while open, but no longer in the run.
    assert_eq!(inner.window.counts(0).failed, 2);
    assert_eq!(inner.consecutive_failures(9 * SECOND), 0);
}
