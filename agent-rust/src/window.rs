//! Sliding windows behind the failure-rate and slow-call-rate rules.
//!
//! Both windows keep running aggregates and subtract a record or bucket when it leaves, so a
//! snapshot costs O(1). Every aggregate equals a recount of the records still in the window
//! (the window tests check this against a brute-force model).

use std::collections::VecDeque;

const NANOS_PER_SECOND: u64 = 1_000_000_000;

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
    fn add(&mut self, failed: bool, slow: bool) {
        self.calls += 1;
        self.failed += u64::from(failed);
        self.slow += u64::from(slow);
        self.slow_failed += u64::from(failed && slow);
    }

    #[cfg(test)]
    fn add_counts(&mut self, other: &WindowCounts) {
        self.calls += other.calls;
        self.failed += other.failed;
        self.slow += other.slow;
        self.slow_failed += other.slow_failed;
    }

    fn subtract_counts(&mut self, other: &WindowCounts) {
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

/// One recorded call in a count-based window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    failed: bool,
    slow: bool,
}

/// A sliding window over the last `size` calls or the last `size` seconds.
#[derive(Debug, Clone)]
pub enum SlidingWindow {
    /// The last `size` calls, oldest first.
    Count {
        /// Maximum number of records.
        size: usize,
        /// Records, oldest first.
        records: VecDeque<Record>,
        /// Aggregates of `records`.
        totals: WindowCounts,
    },
    /// The last `size` whole seconds, one bucket per second, oldest first.
    Time {
        /// Number of one-second buckets.
        size: u64,
        /// `(second, counts)` pairs for non-empty seconds, oldest first.
        buckets: VecDeque<(u64, WindowCounts)>,
        /// Aggregates of `buckets`.
        totals: WindowCounts,
    },
}

impl SlidingWindow {
    /// Creates an empty count-based window of `size` calls.
    pub fn count_based(size: u32) -> Self {
        let size = size.max(1) as usize;
        SlidingWindow::Count {
            size,
            records: VecDeque::with_capacity(size),
            totals: WindowCounts::default(),
        }
    }

    /// Creates an empty time-based window of `size` seconds.
    pub fn time_based(size: u32) -> Self {
        SlidingWindow::Time {
            size: u64::from(size.max(1)),
            buckets: VecDeque::new(),
            totals: WindowCounts::default(),
        }
    }

    /// Records one call at `now_nanos` and returns the counts that include it.
    pub fn record(&mut self, now_nanos: u64, failed: bool, slow: bool) -> WindowCounts {
        match self {
            SlidingWindow::Count {
                size,
                records,
                totals,
            } => {
                if records.len() == *size {
                    if let Some(oldest) = records.pop_front() {
                        let mut gone = WindowCounts::default();
                        gone.add(oldest.failed, oldest.slow);
                        totals.subtract_counts(&gone);
                    }
                }
                records.push_back(Record { failed, slow });
                totals.add(failed, slow);
                *totals
            }
            SlidingWindow::Time { .. } => {
                self.evict(now_nanos);
                let SlidingWindow::Time {
                    buckets, totals, ..
                } = self
                else {
                    unreachable!("window variant changed during record");
                };
                let second = now_nanos / NANOS_PER_SECOND;
                match buckets.back_mut() {
                    Some((last, counts)) if *last == second => counts.add(failed, slow),
                    _ => {
                        let mut counts = WindowCounts::default();
                        counts.add(failed, slow);
                        buckets.push_back((second, counts));
                    }
                }
                totals.add(failed, slow);
                *totals
            }
        }
    }

    /// Records `count` successful, not slow calls at `now_nanos` in one step, with the same
    /// result as `count` calls of [`SlidingWindow::record`].
    pub fn record_successes(&mut self, now_nanos: u64, count: u64) {
        if count == 0 {
            return;
        }
        match self {
            SlidingWindow::Count {
                size,
                records,
                totals,
            } => {
                // Only the last `size` of them stay in the window.
                let kept = count.min(*size as u64) as usize;
                for _ in 0..kept {
                    if records.len() == *size {
                        if let Some(oldest) = records.pop_front() {
                            let mut gone = WindowCounts::default();
                            gone.add(oldest.failed, oldest.slow);
                            totals.subtract_counts(&gone);
                        }
                    }
                    records.push_back(Record {
                        failed: false,
                        slow: false,
                    });
                    totals.calls += 1;
                }
            }
            SlidingWindow::Time { .. } => {
                self.record(now_nanos, false, false);
                if let SlidingWindow::Time {
                    buckets, totals, ..
                } = self
                {
                    if let Some((_, counts)) = buckets.back_mut() {
                        counts.calls += count - 1;
                    }
                    totals.calls += count - 1;
                }
            }
        }
    }

    /// Returns the counts of the calls in the window at `now_nanos`.
    pub fn counts(&mut self, now_nanos: u64) -> WindowCounts {
        self.evict(now_nanos);
        match self {
            SlidingWindow::Count { totals, .. } | SlidingWindow::Time { totals, .. } => *totals,
        }
    }

    /// Removes the buckets of seconds that have left a time-based window.
    fn evict(&mut self, now_nanos: u64) {
        if let SlidingWindow::Time {
            size,
            buckets,
            totals,
        } = self
        {
            let second = now_nanos / NANOS_PER_SECOND;
            // The window contains the current second and the `size - 1` seconds before it.
            while let Some((oldest, counts)) = buckets.front() {
                if oldest + *size > second {
                    break;
                }
                totals.subtract_counts(counts);
                buckets.pop_front();
            }
        }
    }

    /// Empties the window.
    pub fn clear(&mut self) {
        match self {
            SlidingWindow::Count {
                records, totals, ..
            } => {
                records.clear();
                *totals = WindowCounts::default();
            }
            SlidingWindow::Time {
                buckets, totals, ..
            } => {
                buckets.clear();
                *totals = WindowCounts::default();
            }
        }
    }

    /// Changes the size in place and keeps the most recent records or seconds.
    pub fn resize(&mut self, new_size: u32, now_nanos: u64) {
        match self {
            SlidingWindow::Count {
                size,
                records,
                totals,
            } => {
                *size = new_size.max(1) as usize;
                while records.len() > *size {
                    if let Some(oldest) = records.pop_front() {
                        let mut gone = WindowCounts::default();
                        gone.add(oldest.failed, oldest.slow);
                        totals.subtract_counts(&gone);
                    }
                }
            }
            SlidingWindow::Time { size, .. } => {
                *size = u64::from(new_size.max(1));
                self.evict(now_nanos);
            }
        }
    }

    /// Returns whether this window has the given type.
    pub fn is_type(&self, window_type: crate::WindowType) -> bool {
        matches!(
            (self, window_type),
            (SlidingWindow::Count { .. }, crate::WindowType::CountBased)
                | (SlidingWindow::Time { .. }, crate::WindowType::TimeBased)
        )
    }

    /// Returns the configured size in calls or seconds.
    pub fn size(&self) -> u64 {
        match self {
            SlidingWindow::Count { size, .. } => *size as u64,
            SlidingWindow::Time { size, .. } => *size,
        }
    }

    #[cfg(test)]
    fn add_bucket_counts(totals: &mut WindowCounts, counts: &WindowCounts) {
        totals.add_counts(counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator so the property runs need no extra crate.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
    }

    #[test]
    fn count_window_matches_recount() {
        let mut window = SlidingWindow::count_based(4);
        let mut history: Vec<(bool, bool)> = Vec::new();
        let mut random = Lcg(7);
        for _ in 0..10_000 {
            let failed = random.next() % 2 == 0;
            let slow = random.next() % 3 == 0;
            let counts = window.record(0, failed, slow);
            history.push((failed, slow));
            let mut expected = WindowCounts::default();
            for (f, s) in history.iter().rev().take(4) {
                expected.add(*f, *s);
            }
            assert_eq!(counts, expected);
        }
    }

    #[test]
    fn slow_failures_leave_count_window() {
        let mut window = SlidingWindow::count_based(4);
        for _ in 0..4 {
            window.record(0, true, true);
        }
        let mut counts = WindowCounts::default();
        for _ in 0..8 {
            counts = window.record(0, false, false);
        }
        assert_eq!(counts.calls, 4);
        assert_eq!(counts.failed, 0);
        assert_eq!(counts.slow, 0);
        assert_eq!(counts.slow_failed, 0);
    }

    #[test]
    fn time_window_matches_recount() {
        let mut window = SlidingWindow::time_based(5);
        let mut history: Vec<(u64, bool, bool)> = Vec::new();
        let mut random = Lcg(11);
        let mut now = 0u64;
        for _ in 0..10_000 {
            now += random.next() % 700_000_000;
            let failed = random.next() % 2 == 0;
            let slow = random.next() % 5 == 0;
            window.record(now, failed, slow);
            history.push((now, failed, slow));
            // Probes move time forward too, because the window assumes a monotonic clock.
            let probe = now + random.next() % 2_000_000_000;
            now = probe;
            let counts = window.counts(probe);
            let second = probe / NANOS_PER_SECOND;
            let mut expected = WindowCounts::default();
            for (at, f, s) in &history {
                if at / NANOS_PER_SECOND + 5 > second {
                    expected.add(*f, *s);
                }
            }
            let mut summed = WindowCounts::default();
            if let SlidingWindow::Time { buckets, .. } = &window {
                for (_, bucket) in buckets {
                    SlidingWindow::add_bucket_counts(&mut summed, bucket);
                }
            }
            assert_eq!(counts, expected);
            assert_eq!(summed, expected);
        }
    }

    #[test]
    fn batched_successes_match_single_records() {
        let mut random = Lcg(3);
        for window_size in [1u32, 4, 9] {
            let mut batched = SlidingWindow::count_based(window_size);
            let mut single = SlidingWindow::count_based(window_size);
            let mut timed_batched = SlidingWindow::time_based(window_size);
            let mut timed_single = SlidingWindow::time_based(window_size);
            let mut now = 0u64;
            for _ in 0..2_000 {
                now += random.next() % 300_000_000;
                let failed = random.next() % 3 == 0;
                let slow = random.next() % 4 == 0;
                for window in [
                    &mut batched,
                    &mut single,
                    &mut timed_batched,
                    &mut timed_single,
                ] {
                    window.record(now, failed, slow);
                }
                let count = random.next() % 12;
                batched.record_successes(now, count);
                timed_batched.record_successes(now, count);
                for _ in 0..count {
                    single.record(now, false, false);
                    timed_single.record(now, false, false);
                }
                assert_eq!(batched.counts(now), single.counts(now));
                assert_eq!(timed_batched.counts(now), timed_single.counts(now));
            }
        }
    }

    #[test]
    fn shrinking_keeps_recent_records() {
        let mut window = SlidingWindow::count_based(6);
        for failed in [true, true, true, false, false, false] {
            window.record(0, failed, false);
        }
        window.resize(3, 0);
        let counts = window.counts(0);
        assert_eq!(counts.calls, 3);
        assert_eq!(counts.failed, 0);
    }
}
