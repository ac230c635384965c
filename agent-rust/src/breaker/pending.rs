//! Lock-free recording of closed-state successes.
//!
//! While the breaker is closed, enforcing, uncapped, with a count window and no rate rule, a
//! success changes nothing but the window and the consecutive-failure count, and it can never
//! open the breaker. Such a success is counted in one atomic word instead of taking the lock.
//! The next section under the lock first moves the count into the window, so it sees the same
//! window and counter as if each success had taken the lock itself.

use std::sync::atomic::{AtomicU64, Ordering};

/// Low 31 bits: successes not yet moved into the window.
const COUNT_MASK: u64 = (1 << 31) - 1;
/// Set while lock-free recording is off.
const DISABLED: u64 = 1 << 31;

/// Successes recorded without the lock, tagged with the epoch they belong to.
///
/// Layout: the low 32 bits of the epoch in the high half, [`DISABLED`] and the count in the
/// low half. A success adds to the count only while the word carries its permit's epoch and
/// is enabled, so a transition (which republishes the word under the lock) cuts off every
/// success of the epoch it ended.
#[derive(Debug)]
pub(super) struct PendingSuccesses {
    word: AtomicU64,
    /// Maximum duration in nanoseconds of a success recorded here. It is the smaller of the call
    /// timeout less 1 ns, because a success that lasts the timeout counts as a timeout, and the
    /// slow-call duration, because a slow call must reach the window as slow.
    max_duration: AtomicU64,
    /// Successes taken out of `word` so far. Written under the lock only, so `moved` plus the
    /// count in `word`, read under the lock, is the number of successes ever added here.
    moved: AtomicU64,
}

impl PendingSuccesses {
    pub fn new() -> Self {
        Self {
            word: AtomicU64::new(DISABLED),
            max_duration: AtomicU64::new(0),
            moved: AtomicU64::new(0),
        }
    }

    /// Adds one success of `epoch` that took `duration_nanos`. Returns false when the caller
    /// must record it under the lock instead.
    ///
    /// NOTE: a reload that lands between reading `max_duration` and adding the success can
    /// classify this one call with the previous timeout and slow-call duration, as if the
    /// call had finished just before the reload.
    #[inline]
    pub fn try_add(&self, epoch: u64, duration_nanos: u64) -> bool {
        let expected_high = epoch_tag(epoch);
        let mut current = self.word.load(Ordering::Acquire);
        loop {
            if current & !COUNT_MASK != expected_high || current & COUNT_MASK == COUNT_MASK {
                return false;
            }
            if duration_nanos > self.max_duration.load(Ordering::Acquire) {
                return false;
            }
            match self.word.compare_exchange_weak(
                current,
                current + 1,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => return true,
                Err(actual) => current = actual,
            }
        }
    }

    /// Takes the pending count and leaves the word's epoch and mode as they are. Call it
    /// under the lock only.
    pub fn drain(&self) -> u64 {
        let count = self.word.fetch_and(!COUNT_MASK, Ordering::AcqRel) & COUNT_MASK;
        self.moved.fetch_add(count, Ordering::Relaxed);
        count
    }

    /// Returns the number of successes ever added. Call it under the lock only: a drain in
    /// another thread between the two reads would count its successes twice.
    pub fn total(&self) -> u64 {
        let pending = self.word.load(Ordering::Acquire) & COUNT_MASK;
        self.moved.load(Ordering::Relaxed) + pending
    }

    /// Publishes the epoch and whether lock-free recording is on; returns the epoch tag and
    /// the count of successes that arrived since the last drain. Call it under the lock only.
    pub fn publish(&self, epoch: u64, enabled: bool, max_duration: u64) -> (u64, u64) {
        self.max_duration.store(max_duration, Ordering::Release);
        let word = epoch_tag(epoch) | if enabled { 0 } else { DISABLED };
        let previous = self.word.swap(word, Ordering::AcqRel);
        let count = previous & COUNT_MASK;
        self.moved.fetch_add(count, Ordering::Relaxed);
        (previous & !(COUNT_MASK | DISABLED), count)
    }

    /// Returns the tag that [`PendingSuccesses::publish`] returns for `epoch`.
    pub fn tag(epoch: u64) -> u64 {
        epoch_tag(epoch)
    }
}

fn epoch_tag(epoch: u64) -> u64 {
    (epoch & 0xFFFF_FFFF) << 32
}
