//! Cost of a call through a breaker: closed path and rejection path, beside a bare call, one
//! `AtomicU64::fetch_add` and the `failsafe` crate around the same call, in one run.
//!
//! Every benchmark runs twice: once on wall time (criterion's default) and once on the
//! thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`, groups named `cpu_*`), which leaves out the
//! time the thread spends preempted on a shared machine.
//!
//! Run with `cargo bench --bench breaker`; results are recorded in docs/benchmarks.md.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use failsafe::CircuitBreaker as _;
use fusebox_agent::metrics::prometheus_registry;
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{
    BreakerConfig, CallOutcome, CircuitBreaker, Clock, CoarseClock, ManualClock, MonotonicClock,
    Registry, TscClock,
};

/// The guarded call: cheap enough that the guard's cost dominates.
#[inline(never)]
fn backend(input: u64) -> Result<u64, ()> {
    Ok(black_box(input).wrapping_add(1))
}

fn fusebox(config: BreakerConfig) -> CircuitBreaker {
    CircuitBreaker::new("bench", config, Arc::new(MonotonicClock::new()), 0.0)
}

/// Thread CPU time in nanoseconds, from `CLOCK_THREAD_CPUTIME_ID`.
struct ThreadCpuTime;

fn thread_cpu_nanos() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the duration of the call.
    let result = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(result, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_nanos()
    }

    fn end(&self, started: u64) -> u64 {
        thread_cpu_nanos().saturating_sub(started)
    }

    fn add(&self, first: &u64, second: &u64) -> u64 {
        first + second
    }

    fn zero(&self) -> u64 {
        0
    }

    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }

    fn formatter(&self) -> &dyn ValueFormatter {
        &NanosecondFormatter
    }
}

/// Shows every value in nanoseconds, so the two measurements read alike.
struct NanosecondFormatter;

impl ValueFormatter for NanosecondFormatter {
    fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
        "ns"
    }

    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let per_iteration = match throughput {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) | Throughput::Elements(n) => *n,
        } as f64;
        for value in values.iter_mut() {
            *value = per_iteration * 1e9 / *value;
        }
        "/s"
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn closed_path<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let mut group = c.benchmark_group(format!("{prefix}closed"));
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
    let coarse_clock = CoarseClock::new().expect("start the coarse clock thread");
    let coarse = CircuitBreaker::new(
        "bench",
        BreakerConfig::default(),
        Arc::new(coarse_clock.clone()),
        0.0,
    );
    group.bench_function("fusebox_permit_coarse_clock", |b| {
        b.iter(|| {
            let permit = coarse.try_acquire().unwrap();
            let result = backend(black_box(1));
            permit.finish(CallOutcome::Success);
            result
        })
    });
    // The same breaker from a registry with the metrics collector attached, which makes every
    // call add its duration to the metric sums.
    let registry = Arc::new(Registry::new(
        Arc::new(coarse_clock.clone()),
        EnvDefaults::default(),
    ));
    let _prometheus = prometheus_registry(Arc::clone(&registry));
    let measured = registry.breaker("bench");
    group.bench_function("fusebox_permit_coarse_clock_metrics", |b| {
        b.iter(|| {
            let permit = measured.try_acquire().unwrap();
            let result = backend(black_box(1));
            permit.finish(CallOutcome::Success);
            result
        })
    });
    group.bench_function("coarse_clock_read", |b| b.iter(|| coarse_clock.now_nanos()));
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

fn rejection_path<M: Measurement>(c: &mut Criterion<M>, prefix: &str) {
    let mut group = c.benchmark_group(format!("{prefix}rejected"));
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

fn wall_time(c: &mut Criterion) {
    closed_path(c, "");
    rejection_path(c, "");
}

fn cpu_time(c: &mut Criterion<ThreadCpuTime>) {
    closed_path(c, "cpu_");
    rejection_path(c, "cpu_");
}

criterion_group! {
    name = wall;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = wall_time
}
criterion_group! {
    name = cpu;
    config = Criterion::default()
        .with_measurement(ThreadCpuTime)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = cpu_time
}
criterion_main!(wall, cpu);
