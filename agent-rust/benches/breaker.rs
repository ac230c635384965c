//! Cost of a call through a breaker: closed path and rejection path, beside a bare call, one
//! `AtomicU64::fetch_add` and the `failsafe` crate around the same call, in one run.
//!
//! Run with `cargo bench --bench breaker`; results are recorded in docs/benchmarks.md.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use failsafe::CircuitBreaker as _;
use fusebox_agent::{
    BreakerConfig, CallOutcome, CircuitBreaker, Clock, ManualClock, MonotonicClock, TscClock,
};

/// The guarded call: cheap enough that the guard's cost dominates.
#[inline(never)]
fn backend(input: u64) -> Result<u64, ()> {
    Ok(black_box(input).wrapping_add(1))
}

fn fusebox(config: BreakerConfig) -> CircuitBreaker {
    CircuitBreaker::new("bench", config, Arc::new(MonotonicClock::new()), 0.0)
}

fn closed_path(c: &mut Criterion) {
    let mut group = c.benchmark_group("closed");
    group.bench_function("bare_call", |b| b.iter(|| backend(black_box(1))));
    let counter = AtomicU64::new(0);
    group.bench_function("atomic_fetch_add", |b| {
        b.iter(|| counter.fetch_add(black_box(1), Ordering::Relaxed))
    });
    let breaker = fusebox(BreakerConfig::default());
    group.bench_function("fusebox_permit", |b| {
        b.iter(|| {
            let permit = breaker.try_acquire().unwrap();
            let result = backend(black_box(1));
            permit.finish(if result.is_ok() {
                CallOutcome::Success
            } else {
                CallOutcome::Failure
            });
            result
        })
    });
    let tsc = CircuitBreaker::new(
        "bench",
        BreakerConfig::default(),
        Arc::new(TscClock::new()),
        0.0,
    );
    group.bench_function("fusebox_permit_tsc_clock", |b| {
        b.iter(|| {
            let permit = tsc.try_acquire().unwrap();
            let result = backend(black_box(1));
            permit.finish(CallOutcome::Success);
            result
        })
    });
    let tsc_clock = TscClock::new();
    group.bench_function("tsc_clock_read", |b| b.iter(|| tsc_clock.now_nanos()));
    // Isolates the cost of the breaker's logic from the cost of reading the clock.
    let clock = MonotonicClock::new();
    group.bench_function("clock_read", |b| b.iter(|| clock.now_nanos()));
    let manual = CircuitBreaker::new(
        "bench",
        BreakerConfig::default(),
        Arc::new(ManualClock::new()),
        0.0,
    );
    group.bench_function("fusebox_permit_manual_clock", |b| {
        b.iter(|| {
            let permit = manual.try_acquire().unwrap();
            let result = backend(black_box(1));
            permit.finish(CallOutcome::Success);
            result
        })
    });
    let failsafe = failsafe::Config::new().build();
    group.bench_function("failsafe_call", |b| {
        b.iter(|| failsafe.call(|| backend(black_box(1))))
    });
    group.finish();
}

fn rejection_path(c: &mut Criterion) {
    let mut group = c.benchmark_group("rejected");
    let breaker = fusebox(BreakerConfig {
        failure_threshold: 1,
        recovery_timeout_nanos: 3_600_000_000_000,
        max_recovery_timeout_nanos: 3_600_000_000_000,
        ..BreakerConfig::default()
    });
    breaker.try_acquire().unwrap().finish(CallOutcome::Failure);
    group.bench_function("fusebox_permit", |b| {
        b.iter(|| black_box(breaker.try_acquire().is_err()))
    });
    let backoff = failsafe::backoff::constant(Duration::from_secs(3600));
    let policy = failsafe::failure_policy::consecutive_failures(1, backoff);
    let failsafe = failsafe::Config::new().failure_policy(policy).build();
    let _ = failsafe.call(|| Err::<(), ()>(()));
    group.bench_function("failsafe_call", |b| {
        b.iter(|| failsafe.call(|| backend(black_box(1))))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = closed_path, rejection_path
}
criterion_main!(benches);
