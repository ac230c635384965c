//! Monotonic clocks for every time rule of the breaker.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A monotonic time source in nanoseconds since an arbitrary origin.
///
/// Every time rule (open time, half-open limit, time-based window, slow calls) reads one of
/// these, so tests drive time with [`ManualClock`] or tokio's paused time and never sleep.
pub trait Clock: Send + Sync + 'static {
    /// Returns the nanoseconds elapsed since this clock's origin; never decreases.
    fn now_nanos(&self) -> u64;

    /// Returns the atomic that this clock's reading loads, when a reading is one atomic load.
    /// A breaker then loads it inline on its hot path instead of calling through `dyn Clock`.
    /// Only the clocks of this crate can return one.
    fn atomic_reading(&self) -> Option<AtomicReading> {
        None
    }
}

/// The atomic nanosecond counter behind [`CoarseClock`] or [`ManualClock`], read with one
/// load and no dynamic dispatch.
#[derive(Debug, Clone)]
pub struct AtomicReading(Arc<AtomicU64>);

impl AtomicReading {
    /// Returns the clock's current reading in nanoseconds.
    #[inline]
    pub fn now_nanos(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }
}

/// A clock backed by `tokio::time::Instant`, so `tokio::time::pause` controls it in tests.
#[derive(Debug, Clone)]
pub struct TokioClock {
    origin: tokio::time::Instant,
}

impl TokioClock {
    /// Creates a clock whose origin is the current instant.
    pub fn new() -> Self {
        Self {
            origin: tokio::time::Instant::now(),
        }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for TokioClock {
    fn now_nanos(&self) -> u64 {
        let elapsed = tokio::time::Instant::now().saturating_duration_since(self.origin);
        u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX)
    }
}

/// A clock backed by `std::time::Instant`, unaffected by tokio's paused time.
#[derive(Debug, Clone)]
pub struct MonotonicClock {
    origin: std::time::Instant,
}

impl MonotonicClock {
    /// Creates a clock whose origin is the current instant.
    pub fn new() -> Self {
        Self {
            origin: std::time::Instant::now(),
        }
    }
}

impl Default for MonotonicClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for MonotonicClock {
    fn now_nanos(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

/// A clock that reads the CPU's time-stamp counter through the `quanta` crate, calibrated
/// against the monotonic clock; cheaper per read than [`MonotonicClock`]. `quanta` falls back
/// to the OS monotonic clock where no usable counter exists.
///
/// NOTE: readings on different cores agree only when the CPU has an invariant, synchronized
/// counter. The breaker tolerates a reading slightly earlier than the previous one. A time
/// window may then place a call in a bucket one second off.
#[derive(Debug, Clone)]
pub struct TscClock {
    clock: quanta::Clock,
    origin: u64,
}

impl TscClock {
    /// Creates a clock whose origin is the current counter value; the first call calibrates
    /// the counter, which takes a few milliseconds.
    pub fn new() -> Self {
        let clock = quanta::Clock::new();
        let origin = clock.raw();
        Self { clock, origin }
    }
}

impl Default for TscClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for TscClock {
    fn now_nanos(&self) -> u64 {
        self.clock.delta_as_nanos(self.origin, self.clock.raw())
    }
}

/// A clock that a background thread advances every `tick` from `std::time::Instant`, so a
/// read is one atomic load. It is the cheapest real clock for the breaker's hot path.
///
/// Readings lag real time by up to one tick (1 ms by default), so every time rule and every
/// call duration is measured to within that tick: a call shorter than the tick may record 0.
/// The thread wakes once per tick and ends within one tick after the last clone of the clock
/// is dropped.
#[derive(Debug, Clone)]
pub struct CoarseClock {
    nanos: Arc<AtomicU64>,
}

impl CoarseClock {
    /// Creates a clock with a 1 ms tick; fails when the update thread cannot be started.
    pub fn new() -> std::io::Result<Self> {
        Self::with_tick(std::time::Duration::from_millis(1))
    }

    /// Creates a clock whose thread advances it every `tick`.
    pub fn with_tick(tick: std::time::Duration) -> std::io::Result<Self> {
        let nanos = Arc::new(AtomicU64::new(0));
        let weak = Arc::downgrade(&nanos);
        let origin = std::time::Instant::now();
        std::thread::Builder::new()
            .name("fusebox-coarse-clock".to_string())
            .spawn(move || loop {
                std::thread::sleep(tick);
                let Some(nanos) = weak.upgrade() else {
                    return;
                };
                let elapsed = u64::try_from(origin.elapsed().as_nanos()).unwrap_or(u64::MAX);
                nanos.fetch_max(elapsed, Ordering::Release);
            })?;
        Ok(Self { nanos })
    }
}

impl Clock for CoarseClock {
    fn now_nanos(&self) -> u64 {
        self.nanos.load(Ordering::Acquire)
    }

    fn atomic_reading(&self) -> Option<AtomicReading> {
        Some(AtomicReading(Arc::clone(&self.nanos)))
    }
}

/// A clock that moves only when a test advances it.
#[derive(Debug, Default, Clone)]
pub struct ManualClock {
    nanos: Arc<AtomicU64>,
}

impl ManualClock {
    /// Creates a clock at time zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the clock forward by `nanos`.
    pub fn advance_nanos(&self, nanos: u64) {
        self.nanos.fetch_add(nanos, Ordering::SeqCst);
    }

    /// Sets the clock to `nanos`.
    ///
    /// # Panics
    /// Panics when `nanos` is earlier than the current time, because the clock is monotonic.
    pub fn set_nanos(&self, nanos: u64) {
        let previous = self.nanos.swap(nanos, Ordering::SeqCst);
        assert!(
            nanos >= previous,
            "ManualClock moved backwards from {previous} ns to {nanos} ns"
        );
    }
}

impl Clock for ManualClock {
    fn now_nanos(&self) -> u64 {
        self.nanos.load(Ordering::SeqCst)
    }

    fn atomic_reading(&self) -> Option<AtomicReading> {
        Some(AtomicReading(Arc::clone(&self.nanos)))
    }
}

/// Converts decimal seconds to whole nanoseconds, saturating at `u64::MAX`.
pub fn seconds_to_nanos(seconds: f64) -> u64 {
    let nanos = (seconds * 1e9).round();
    if nanos >= u64::MAX as f64 {
        u64::MAX
    } else if nanos <= 0.0 {
        0
    } else {
        nanos as u64
    }
}
