//! Aggregate counts of the calls in a sliding window.

/// Aggregate counts of the calls in a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct WindowCounts {
    /// Calls recorded.
    pub calls: u64,
    /// Calls that failed (timeouts included).
    pub failed: u64,
    /// Calls that took longer than the slow-call duration.
    pub slow: u64,
    /// Calls that were both slow and failed.
    pub slow_failed: u64,
}

impl WindowCounts {
    pub(super) fn add(&mut self, failed: bool, slow: bool) {
        self.calls += 1;
        self.failed += u64::from(failed);
        self.slow += u64::from(slow);
        self.slow_failed += u64::from(failed && slow);
    }

    #[cfg(test)]
    pub(super) fn add_counts(&mut self, other: &WindowCounts) {
        self.calls += other.calls;
        self.failed += other.failed;
        self.slow += other.slow;
        self.slow_failed += other.slow_failed;
    }

    pub(super) fn subtract_counts(&mut self, other: &WindowCounts) {
        self.calls -= other.calls;
        self.failed -= other.failed;
        self.slow -= other.slow;
        self.slow_failed -= other.slow_failed;
    }

    /// Returns the failure percentage, or `None` when there are no calls.
    pub fn failure_rate(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.failed as f64 * 100.0 / self.calls as f64)
    }

    /// Returns the slow-call percentage, or `None` when there are no calls.
    pub fn slow_call_rate(&self) -> Option<f64> {
        (self.calls > 0).then(|| self.slow as f64 * 100.0 / self.calls as f64)
    }
}
