//! One named circuit breaker: admission, outcome recording, modes and the concurrency cap.
//!
//! Design: the state, its timestamps, the window and the settings live in one small struct
//! behind a `std::sync::Mutex`, so every transition is one atomic step. The closed path skips
//! the lock on admission: `fast_word` publishes `epoch << 1 | 1` while the breaker is closed,
//! enforcing and uncapped. With a count window and no rate rule, a success within the timeout
//! and the slow-call duration is recorded in an atomic word too (`pending`). The next section
//! under the lock moves it into the window, so the common closed call takes no lock.
//! While open, `reject_until` lets the rejection path skip the lock too. Counters for metrics
//! are plain atomics read at scrape time.

mod pending;
mod state;

use std::fmt;
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::clock::{AtomicReading, Clock};
use crate::config::{BreakerConfig, Mode, WindowType};
use pending::PendingSuccesses;
pub(crate) use state::Verdict;
use state::{Inner, State, Transition};

pub use crate::window::WindowCounts;

/// The state a breaker reports, with the modes that override the state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakerState {
    /// Calls flow.
    Closed,
    /// Calls are rejected.
    Open,
    /// Trial calls decide whether to close.
    HalfOpen,
    /// Mode `forced_open`: every call is rejected.
    ForcedOpen,
    /// Mode `disabled`: every call goes through.
    Disabled,
}

impl BreakerState {
    /// All states, in the order of the `state` label values.
    pub const ALL: [BreakerState; 5] = [
        BreakerState::Closed,
        BreakerState::Open,
        BreakerState::HalfOpen,
        BreakerState::ForcedOpen,
        BreakerState::Disabled,
    ];

    /// Returns the `state` label value.
    pub fn as_str(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half_open",
            BreakerState::ForcedOpen => "forced_open",
            BreakerState::Disabled => "disabled",
        }
    }
}

/// Outcome of a finished call, as the caller reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    /// The call succeeded.
    Success,
    /// The call failed.
    Failure,
    /// The call ran out of time; counts as one failure.
    Timeout,
    /// The outcome is neither success nor failure (an ignored error or status).
    Ignored,
    /// The caller abandoned the call; counted as ignored.
    Cancelled,
    /// Another guard stopped the call after this breaker admitted it; counted nowhere.
    NotExecuted,
}

/// Reason a call was not permitted. It carries no allocation, so the rejection path stays
/// cheap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotPermitted {
    /// The breaker is open, forced open, or half-open with no trial slot left.
    Open,
    /// The concurrency cap (`max_concurrent_calls`) is reached.
    ConcurrencyLimit,
}

impl fmt::Display for NotPermitted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotPermitted::Open => f.write_str("call not permitted: circuit breaker is open"),
            NotPermitted::ConcurrencyLimit => {
                f.write_str("call not permitted: max_concurrent_calls reached")
            }
        }
    }
}

impl std::error::Error for NotPermitted {}

/// Index of an outcome in the call counters: success, failure, timeout, ignored.
pub(crate) const OUTCOME_LABELS: [&str; 4] = ["success", "failure", "timeout", "ignored"];

/// Per-breaker counters that metrics read at scrape time; each only ever increases.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub calls: [AtomicU64; 4],
    pub call_nanos: [AtomicU64; 4],
    pub not_permitted: AtomicU64,
    /// Transitions indexed `[from][to]` over closed, open, half-open.
    pub transitions: [[AtomicU64; 3]; 3],
}

/// Kind of admission behind a permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PermitKind {
    /// Admitted by the state machine; its outcome feeds it.
    Normal,
    /// Admitted in shadow mode although the state machine would reject; its outcome updates
    /// the call metrics only.
    Bypass,
    /// Admitted in disabled mode; its outcome is recorded nowhere.
    Untracked,
}

/// A named circuit breaker. Share it as `Arc<CircuitBreaker>`.
pub struct CircuitBreaker {
    name: String,
    clock: Arc<dyn Clock>,
    /// The clock's atomic when a reading is one load (`CoarseClock`, `ManualClock`), so the
    /// hot path reads it inline instead of through `dyn Clock`.
    atomic_clock: Option<AtomicReading>,
    /// `epoch << 1 | 1` while closed, enforcing and uncapped; 0 otherwise. Written under the
    /// lock, read without it.
    fast_word: AtomicU64,
    /// Clock time until which every call is rejected without the lock: the open-until time
    /// while open in `enforce` mode, `u64::MAX` in `forced_open`, 0 otherwise. Written under
    /// the lock, read without it.
    reject_until: AtomicU64,
    /// Calls in flight that hold a concurrency slot.
    in_flight: AtomicU32,
    /// Copy of `config.timeout_nanos`, written under the lock, so `call` reads it without it.
    timeout_nanos: AtomicU64,
    /// Closed-state successes recorded without the lock, not yet in the window.
    pending: PendingSuccesses,
    /// Whether finished calls add their duration to `counters.call_nanos`. Only the metrics
    /// collector reads the sums, so they are skipped until one is attached, which saves an
    /// atomic read-modify-write per call.
    record_durations: AtomicBool,
    inner: Mutex<Inner>,
    pub(crate) counters: Counters,
}

impl fmt::Debug for CircuitBreaker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CircuitBreaker")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl CircuitBreaker {
    /// Creates a closed breaker. `jitter_unit` in [-1, 1] fixes this instance's share of the
    /// configured jitter ratio (the registry draws it at random).
    pub fn new(
        name: impl Into<String>,
        config: BreakerConfig,
        clock: Arc<dyn Clock>,
        jitter_unit: f64,
    ) -> Self {
        let breaker = Self {
            name: name.into(),
            atomic_clock: clock.atomic_reading(),
            clock,
            fast_word: AtomicU64::new(0),
            reject_until: AtomicU64::new(0),
            in_flight: AtomicU32::new(0),
            timeout_nanos: AtomicU64::new(0),
            pending: PendingSuccesses::new(),
            record_durations: AtomicBool::new(false),
            inner: Mutex::new(Inner::new(config, jitter_unit)),
            counters: Counters::default(),
        };
        {
            let mut inner = breaker.lock();
            breaker.publish_fast_word(&mut inner, 0);
        }
        breaker
    }

    /// Reads the clock, inline when it is an atomic.
    #[inline]
    fn now(&self) -> u64 {
        match &self.atomic_clock {
            Some(reading) => reading.now_nanos(),
            None => self.clock.now_nanos(),
        }
    }

    /// Returns the breaker's name as written in the settings file.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns a copy of the active settings.
    pub fn config(&self) -> BreakerConfig {
        self.lock().config.clone()
    }

    /// Takes the lock and first moves the successes recorded without it into the window.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Nothing under the lock runs caller code, so poisoning can only follow a bug in this
        // crate. The data is used as is rather than failing every later call.
        let mut inner = self
            .inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // A non-zero count means the last section under the lock published an enabled word
        // for the current epoch and nothing has changed since, so the count applies as is.
        let drained = self.pending.drain();
        if drained > 0 {
            let now = self.now();
            inner.record_closed_successes(now, drained);
        }
        inner
    }

    /// Publishes the lock-free views of `inner`. Every section under the lock that changes
    /// `inner` ends with this call.
    fn publish_fast_word(&self, inner: &mut Inner, now: u64) {
        loop {
            self.publish_words(inner);
            let config = &inner.config;
            let enabled = self.fast_word.load(Ordering::Relaxed) & 1 == 1
                && config.window_type == WindowType::CountBased
                && !config.has_rate_rule();
            // A success that lasts the timeout or longer counts as a timeout.
            let timeout = match config.timeout_nanos {
                0 => u64::MAX,
                timeout => timeout - 1,
            };
            let max_duration = timeout.min(config.slow_call_duration_nanos);
            let (tag, late) = self.pending.publish(inner.epoch, enabled, max_duration);
            if late == 0 {
                return;
            }
            // Successes that arrived after this section's drain. Those of an earlier epoch
            // count nowhere, like any outcome from an epoch that has ended. Recording them
            // may trip a rate rule added in this section, so publish again afterwards.
            if tag != PendingSuccesses::tag(inner.epoch) || inner.state != State::Closed {
                return;
            }
            let epoch = inner.epoch;
            let mut record = |t| self.count_transition(t);
            for _ in 0..late {
                inner.record(epoch, Verdict::Success, false, now, &mut record);
            }
        }
    }

    fn publish_words(&self, inner: &Inner) {
        let fast = inner.state == State::Closed
            && inner.config.mode == Mode::Enforce
            && inner.config.max_concurrent_calls == 0;
        let word = if fast { (inner.epoch << 1) | 1 } else { 0 };
        self.fast_word.store(word, Ordering::Release);
        let reject_until = match (inner.config.mode, inner.state) {
            (Mode::ForcedOpen, _) => u64::MAX,
            (Mode::Enforce, State::Open { open_until, .. }) => open_until,
            _ => 0,
        };
        self.reject_until.store(reject_until, Ordering::Release);
        self.timeout_nanos
            .store(inner.config.timeout_nanos, Ordering::Release);
    }

    /// Returns the active call timeout in nanoseconds; 0 means none.
    pub fn timeout_nanos(&self) -> u64 {
        self.timeout_nanos.load(Ordering::Acquire)
    }

    /// Classifies an error type name with the active exception lists.
    pub fn classify_type_name(&self, type_name: &str) -> CallOutcome {
        self.lock().config.classify_error(&[type_name])
    }

    /// Classifies an HTTP status code with the active status lists.
    pub fn classify_status(&self, code: u16) -> CallOutcome {
        self.lock().config.classify_status(code)
    }

    fn count_transition(&self, (from, to): Transition) {
        self.counters.transitions[from][to].fetch_add(1, Ordering::Relaxed);
    }

    /// Asks for permission to make one call. The returned [`Permit`] must be finished with
    /// the call's outcome; dropping it unfinished counts the call as cancelled.
    #[inline]
    pub fn try_acquire(&self) -> Result<Permit<'_>, NotPermitted> {
        let now = self.now();
        let word = self.fast_word.load(Ordering::Acquire);
        if word & 1 == 1 {
            return Ok(Permit::new(self, word >> 1, PermitKind::Normal, false, now));
        }
        if now < self.reject_until.load(Ordering::Acquire) {
            return Err(self.reject(NotPermitted::Open));
        }
        self.acquire_slow(now)
    }

    fn acquire_slow(&self, now: u64) -> Result<Permit<'_>, NotPermitted> {
        let mut inner = self.lock();
        let mode = inner.config.mode;
        match mode {
            Mode::Disabled => {
                return Ok(Permit::new(
                    self,
                    inner.epoch,
                    PermitKind::Untracked,
                    false,
                    now,
                ))
            }
            Mode::ForcedOpen => return Err(self.reject(NotPermitted::Open)),
            Mode::Enforce | Mode::Shadow => {}
        }

        let shadow = mode == Mode::Shadow;
        let cap = inner.config.max_concurrent_calls;
        let holds_slot = cap > 0;
        if holds_slot && !self.take_slot(cap) {
            if !shadow {
                return Err(self.reject(NotPermitted::ConcurrencyLimit));
            }
            self.counters.not_permitted.fetch_add(1, Ordering::Relaxed);
            return Ok(Permit::new(
                self,
                inner.epoch,
                PermitKind::Bypass,
                false,
                now,
            ));
        }

        let mut record = |t| self.count_transition(t);
        inner.advance(now, &mut record);
        let admitted = match inner.state {
            State::Closed => true,
            State::HalfOpen(_) => inner.admit_trial(now),
            State::Open { .. } => false,
        };
        self.publish_fast_word(&mut inner, now);
        let epoch = inner.epoch;
        drop(inner);

        if admitted {
            return Ok(Permit::new(
                self,
                epoch,
                PermitKind::Normal,
                holds_slot,
                now,
            ));
        }
        if holds_slot {
            self.in_flight.fetch_sub(1, Ordering::AcqRel);
        }
        if shadow {
            self.counters.not_permitted.fetch_add(1, Ordering::Relaxed);
            return Ok(Permit::new(self, epoch, PermitKind::Bypass, false, now));
        }
        Err(self.reject(NotPermitted::Open))
    }

    fn take_slot(&self, cap: u32) -> bool {
        self.in_flight
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |current| {
                (current < cap).then_some(current + 1)
            })
            .is_ok()
    }

    fn reject(&self, reason: NotPermitted) -> NotPermitted {
        self.counters.not_permitted.fetch_add(1, Ordering::Relaxed);
        reason
    }

    fn finish(&self, permit: &Permit<'_>, outcome: CallOutcome, duration_nanos: u64, now: u64) {
        if permit.holds_slot {
            self.in_flight.fetch_sub(1, Ordering::AcqRel);
        }
        if permit.kind == PermitKind::Untracked {
            return;
        }
        if permit.kind == PermitKind::Normal
            && outcome == CallOutcome::Success
            && self.pending.try_add(permit.epoch, duration_nanos)
        {
            // The success count comes from `pending` itself (see `call_count`).
            self.add_duration(0, duration_nanos);
            return;
        }
        let (mut verdict, mut outcome_index) = match outcome {
            CallOutcome::Success => (Verdict::Success, Some(0)),
            CallOutcome::Failure => (Verdict::Failure, Some(1)),
            CallOutcome::Timeout => (Verdict::Failure, Some(2)),
            CallOutcome::Ignored | CallOutcome::Cancelled => (Verdict::Release, Some(3)),
            // A call that never ran has no duration and no outcome to count.
            CallOutcome::NotExecuted => (Verdict::Release, None),
        };
        if permit.kind == PermitKind::Normal {
            let mut inner = self.lock();
            let timeout = inner.config.timeout_nanos;
            // A success reported at or after the call timeout counts once, as a timeout,
            // because an enforced timeout fires at exactly that time.
            if verdict == Verdict::Success && timeout > 0 && duration_nanos >= timeout {
                verdict = Verdict::Failure;
                outcome_index = Some(2);
            }
            let slow = duration_nanos > inner.config.slow_call_duration_nanos;
            let mut record = |t| self.count_transition(t);
            inner.record(permit.epoch, verdict, slow, now, &mut record);
            self.publish_fast_word(&mut inner, now);
        }
        if let Some(index) = outcome_index {
            self.counters.calls[index].fetch_add(1, Ordering::Relaxed);
            self.add_duration(index, duration_nanos);
        }
    }

    /// Applies new settings in place and keeps state, window, open-until and attempts.
    /// Returns false when the settings equal the active ones, in which case nothing changes.
    pub fn reconfigure(&self, config: BreakerConfig) -> bool {
        let now = self.now();
        let mut inner = self.lock();
        let mut record = |t| self.count_transition(t);
        let changed = inner.reconfigure(config, now, &mut record);
        self.publish_fast_word(&mut inner, now);
        changed
    }

    #[inline]
    fn add_duration(&self, index: usize, duration_nanos: u64) {
        if self.record_durations.load(Ordering::Relaxed) {
            self.counters.call_nanos[index].fetch_add(duration_nanos, Ordering::Relaxed);
        }
    }

    /// Starts adding call durations to the metric sums; calls finished before are not in them.
    pub(crate) fn record_durations(&self) {
        self.record_durations.store(true, Ordering::Relaxed);
    }

    /// Returns the number of finished calls with outcome `index` (success, failure, timeout,
    /// ignored); only ever increases.
    pub(crate) fn call_count(&self, index: usize) -> u64 {
        let counted = self.counters.calls[index].load(Ordering::Relaxed);
        if index != 0 {
            return counted;
        }
        let _inner = self.lock();
        counted + self.pending.total()
    }

    /// Returns the current state, after the time-driven transitions due now.
    pub fn state(&self) -> BreakerState {
        self.snapshot().state
    }

    /// Returns a consistent view of the breaker at the current time.
    pub fn snapshot(&self) -> BreakerSnapshot {
        let now = self.now();
        let mut inner = self.lock();
        let mode = inner.config.mode;
        if mode != Mode::ForcedOpen && mode != Mode::Disabled {
            let mut record = |t| self.count_transition(t);
            inner.advance(now, &mut record);
            self.publish_fast_word(&mut inner, now);
        }
        let machine_state = match inner.state {
            State::Closed => BreakerState::Closed,
            State::Open { .. } => BreakerState::Open,
            State::HalfOpen(_) => BreakerState::HalfOpen,
        };
        let state = match mode {
            Mode::ForcedOpen => BreakerState::ForcedOpen,
            Mode::Disabled => BreakerState::Disabled,
            Mode::Enforce | Mode::Shadow => machine_state,
        };
        let window = inner.window.counts(now);
        let enough = window.calls >= u64::from(inner.config.minimum_number_of_calls);
        let (open_until_nanos, half_open) = match inner.state {
            State::Open { open_until, .. } => (Some(open_until), None),
            State::HalfOpen(episode) => (
                None,
                Some(HalfOpenSnapshot {
                    budget: episode.budget,
                    admitted: episode.admitted,
                    successes: episode.successes,
                    failures: episode.failures,
                }),
            ),
            State::Closed => (None, None),
        };
        BreakerSnapshot {
            name: self.name.clone(),
            state,
            machine_state,
            mode: mode.as_str(),
            readiness: inner.config.readiness,
            consecutive_failures: inner.consecutive_failures(now),
            window,
            failure_rate: if enough { window.failure_rate() } else { None },
            slow_call_rate: if enough {
                window.slow_call_rate()
            } else {
                None
            },
            open_until_nanos,
            attempts: inner.attempts,
            half_open,
            in_flight: self.in_flight.load(Ordering::Acquire),
        }
    }
}

/// Trial bookkeeping of the current half-open episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HalfOpenSnapshot {
    /// Trials the episode may admit in total.
    pub budget: u32,
    /// Trials admitted and not released.
    pub admitted: u32,
    /// Trials that succeeded.
    pub successes: u32,
    /// Trials that failed.
    pub failures: u32,
}

/// A point-in-time view of a breaker, served by `/breakers` and used by tests.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BreakerSnapshot {
    /// File name of the breaker.
    pub name: String,
    /// Reported state: the machine state, or the mode when it overrides it.
    pub state: BreakerState,
    /// State of the state machine underneath the mode.
    pub machine_state: BreakerState,
    /// Active mode.
    pub mode: &'static str,
    /// Whether an open breaker makes the process not ready.
    pub readiness: bool,
    /// Consecutive failures while closed, counting with a time window only those whose
    /// second is still in the window.
    pub consecutive_failures: u32,
    /// Counts of the calls in the window.
    pub window: WindowCounts,
    /// Failure percentage; `None` until the window contains the minimum number of calls.
    pub failure_rate: Option<f64>,
    /// Slow-call percentage; `None` until the window contains the minimum number of calls.
    pub slow_call_rate: Option<f64>,
    /// Clock time at which an open breaker admits its next trial.
    pub open_until_nanos: Option<u64>,
    /// Consecutive openings since the breaker last closed.
    pub attempts: u32,
    /// Trial bookkeeping when half-open.
    pub half_open: Option<HalfOpenSnapshot>,
    /// Calls holding a concurrency slot.
    pub in_flight: u32,
}

/// Permission for one call. Finish it with the outcome; dropping it unfinished counts the
/// call as cancelled, which releases any trial slot it held.
#[must_use = "a permit must be finished with the call's outcome"]
pub struct Permit<'a> {
    breaker: &'a CircuitBreaker,
    epoch: u64,
    kind: PermitKind,
    holds_slot: bool,
    started_at: u64,
}

impl<'a> Permit<'a> {
    #[inline]
    fn new(
        breaker: &'a CircuitBreaker,
        epoch: u64,
        kind: PermitKind,
        holds_slot: bool,
        started_at: u64,
    ) -> Self {
        Self {
            breaker,
            epoch,
            kind,
            holds_slot,
            started_at,
        }
    }

    /// Records the call's outcome, timing the call from the moment the permit was granted.
    #[inline]
    pub fn finish(self, outcome: CallOutcome) {
        // Finishing replaces the drop, which would count the call as cancelled.
        let permit = ManuallyDrop::new(self);
        let now = permit.breaker.now();
        let elapsed = now.saturating_sub(permit.started_at);
        let breaker = permit.breaker;
        // A permit that holds a concurrency slot takes the slow path, which releases it: a
        // reload may have removed the cap, and so enabled `pending`, while the call ran.
        if permit.kind == PermitKind::Normal
            && !permit.holds_slot
            && outcome == CallOutcome::Success
            && breaker.pending.try_add(permit.epoch, elapsed)
        {
            // The success count comes from `pending` itself (see `call_count`).
            breaker.add_duration(0, elapsed);
            return;
        }
        breaker.finish(&permit, outcome, elapsed, now);
    }

    /// Records the call's outcome with a duration the caller measured, in nanoseconds.
    pub fn finish_with_duration(self, outcome: CallOutcome, duration_nanos: u64) {
        let permit = ManuallyDrop::new(self);
        let now = permit.breaker.now();
        permit.breaker.finish(&permit, outcome, duration_nanos, now);
    }

    /// Returns whether the state machine admitted this call (false in shadow or disabled mode
    /// when the call goes through only because of the mode).
    pub fn is_enforced(&self) -> bool {
        self.kind == PermitKind::Normal
    }
}

impl Drop for Permit<'_> {
    /// Runs only for a permit that was not finished, because `finish` skips the drop.
    fn drop(&mut self) {
        let now = self.breaker.now();
        let elapsed = now.saturating_sub(self.started_at);
        self.breaker
            .finish(self, CallOutcome::Cancelled, elapsed, now);
    }
}
