//! Sliding windows behind the failure-rate and slow-call-rate rules, and the run of
//! consecutive failures behind the failure-count rule.
//!
//! Both windows keep running aggregates and subtract a record or bucket when it leaves, so a
//! snapshot costs O(1). Every aggregate equals a recount of the records still in the window
//! (the window tests check this against a brute-force model).

use std::collections::VecDeque;

mod counts;

pub use counts::WindowCounts;

const NANOS_PER_SECOND: u64 = 1_000_000_000;

/// One recorded call in a count-based window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    failed: bool,
    slow: bool,
}

/// One second of a time-based window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bucket {
    /// Whole seconds of clock time.
    second: u64,
    /// Calls recorded in this second.
    counts: WindowCounts,
    /// Failures of the current consecutive-failure run recorded in this second. They leave the
    /// run when the second leaves the window.
    run: u32,
}

/// A sliding window over the last `size` calls or the last `size` seconds, with the run of
/// consecutive failures since the last success.
///
/// A count window keeps the whole run. A time window counts a failure in the run only while
/// its second is in the window, so an old run decays as its seconds leave.
#[derive(Debug, Clone)]
pub struct SlidingWindow {
    shape: Shape,
    /// Consecutive failures since the last success that are still counted. For a time window
    /// it equals the sum of the buckets' `run`.
    consecutive_failures: u32,
}

#[derive(Debug, Clone)]
enum Shape {
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
        /// Buckets of the seconds that recorded a call or carry a run, oldest first.
        buckets: VecDeque<Bucket>,
        /// Aggregates of `buckets`.
        totals: WindowCounts,
    },
}

impl SlidingWindow {
    /// Creates an empty count-based window of `size` calls.
    pub fn count_based(size: u32) -> Self {
        let size = size.max(1) as usize;
        Self::with_shape(Shape::Count {
            size,
            records: VecDeque::with_capacity(size),
            totals: WindowCounts::default(),
        })
    }

    /// Creates an empty time-based window of `size` seconds.
    pub fn time_based(size: u32) -> Self {
        Self::with_shape(Shape::Time {
            size: u64::from(size.max(1)),
            buckets: VecDeque::new(),
            totals: WindowCounts::default(),
        })
    }

    fn with_shape(shape: Shape) -> Self {
        Self {
            shape,
            consecutive_failures: 0,
        }
    }

    /// Records one call at `now_nanos` and returns the counts that include it. A failure
    /// extends the consecutive-failure run and a success ends it.
    pub fn record(&mut self, now_nanos: u64, failed: bool, slow: bool) -> WindowCounts {
        self.evict(now_nanos);
        if !failed {
            // The run ends before the success lands, so it finds the run's buckets at the back.
            self.end_failure_run();
        }
        let counts = match &mut self.shape {
            Shape::Count {
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
            Shape::Time {
                buckets, totals, ..
            } => {
                let bucket = current_bucket(buckets, now_nanos);
                bucket.counts.add(failed, slow);
                if failed {
                    bucket.run = bucket.run.saturating_add(1);
                }
                totals.add(failed, slow);
                *totals
            }
        };
        if failed {
            self.consecutive_failures = self.consecutive_failures.saturating_add(1);
        }
        counts
    }

    /// Records `count` successful, not slow calls at `now_nanos` in one step, with the same
    /// result as `count` calls of [`SlidingWindow::record`].
    pub fn record_successes(&mut self, now_nanos: u64, count: u64) {
        if count == 0 {
            return;
        }
        self.record(now_nanos, false, false);
        let more = count - 1;
        match &mut self.shape {
            Shape::Count {
                size,
                records,
                totals,
            } => {
                // Only the last `size` of them stay in the window.
                let kept = more.min(*size as u64) as usize;
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
            Shape::Time {
                buckets, totals, ..
            } => {
                if let Some(bucket) = buckets.back_mut() {
                    bucket.counts.calls += more;
                }
                totals.calls += more;
            }
        }
    }

    /// Returns the counts of the calls in the window at `now_nanos`.
    pub fn counts(&mut self, now_nanos: u64) -> WindowCounts {
        self.evict(now_nanos);
        match &self.shape {
            Shape::Count { totals, .. } | Shape::Time { totals, .. } => *totals,
        }
    }

    /// Returns the consecutive failures since the last success that are still counted at
    /// `now_nanos`.
    pub fn consecutive_failures(&mut self, now_nanos: u64) -> u32 {
        self.evict(now_nanos);
        self.consecutive_failures
    }

    /// Ends the run of consecutive failures and keeps the calls in the window.
    pub fn end_failure_run(&mut self) {
        if self.consecutive_failures == 0 {
            return;
        }
        self.consecutive_failures = 0;
        if let Shape::Time { buckets, .. } = &mut self.shape {
            // Only failures follow the run's first failure, so the buckets that carry the run
            // are the newest ones.
            for bucket in buckets.iter_mut().rev() {
                if bucket.run == 0 {
                    break;
                }
                bucket.run = 0;
            }
        }
    }

    /// Starts this new, empty window with a run of `count` consecutive failures carried over
    /// from a window of another type. A time window counts them in the second of `now_nanos`.
    pub fn carry_failure_run(&mut self, count: u32, now_nanos: u64) {
        self.end_failure_run();
        if count == 0 {
            return;
        }
        self.consecutive_failures = count;
        if let Shape::Time { buckets, .. } = &mut self.shape {
            current_bucket(buckets, now_nanos).run = count;
        }
    }

    /// Removes the buckets of seconds that have left a time-based window, with their share of
    /// the consecutive-failure run.
    fn evict(&mut self, now_nanos: u64) {
        if let Shape::Time {
            size,
            buckets,
            totals,
        } = &mut self.shape
        {
            let second = now_nanos / NANOS_PER_SECOND;
            // The window contains the current second and the `size - 1` seconds before it.
            while let Some(oldest) = buckets.front() {
                if oldest.second + *size > second {
                    break;
                }
                totals.subtract_counts(&oldest.counts);
                self.consecutive_failures = self.consecutive_failures.saturating_sub(oldest.run);
                buckets.pop_front();
            }
        }
    }

    /// Empties the window and ends the run.
    pub fn clear(&mut self) {
        self.consecutive_failures = 0;
        match &mut self.shape {
            Shape::Count {
                records, totals, ..
            } => {
                records.clear();
                *totals = WindowCounts::default();
            }
            Shape::Time {
                buckets, totals, ..
            } => {
                buckets.clear();
                *totals = WindowCounts::default();
            }
        }
    }

    /// Changes the size in place and keeps the most recent records or seconds. A time window
    /// keeps the run of the seconds it keeps and drops the run of those it drops.
    pub fn resize(&mut self, new_size: u32, now_nanos: u64) {
        match &mut self.shape {
            Shape::Count {
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
            Shape::Time { size, .. } => {
                *size = u64::from(new_size.max(1));
                self.evict(now_nanos);
            }
        }
    }

    /// Returns whether this window has the given type.
    pub fn is_type(&self, window_type: crate::WindowType) -> bool {
        matches!(
            (&self.shape, window_type),
            (Shape::Count { .. }, crate::WindowType::CountBased)
                | (Shape::Time { .. }, crate::WindowType::TimeBased)
        )
    }

    /// Returns the configured size in calls or seconds.
    pub fn size(&self) -> u64 {
        match &self.shape {
            Shape::Count { size, .. } => *size as u64,
            Shape::Time { size, .. } => *size,
        }
    }
}

/// Returns the bucket of the second of `now_nanos`, created if missing. A reading older than
/// the newest bucket, from a thread that read the clock earlier, lands in the newest bucket so
/// the buckets stay in order.
fn current_bucket(buckets: &mut VecDeque<Bucket>, now_nanos: u64) -> &mut Bucket {
    let second = now_nanos / NANOS_PER_SECOND;
    let newest = buckets.back().map(|bucket| bucket.second);
    if !matches!(newest, Some(newest) if newest >= second) {
        buckets.push_back(Bucket {
            second,
            counts: WindowCounts::default(),
            run: 0,
        });
    }
    buckets.back_mut().expect("a bucket was just ensured")
}

#[cfg(test)]
mod tests;
