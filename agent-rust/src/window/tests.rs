//! Window aggregates and the consecutive-failure run checked against brute-force recounts
//! and hand-worked timelines.

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
        if let Shape::Time { buckets, .. } = &window.shape {
            for bucket in buckets {
                summed.add_counts(&bucket.counts);
            }
        }
        assert_eq!(counts, expected);
        assert_eq!(summed, expected);
        // The run: the failures after the last success whose second is still in the window.
        let run = history
            .iter()
            .rev()
            .take_while(|(_, f, _)| *f)
            .filter(|(at, _, _)| at / NANOS_PER_SECOND + 5 > second)
            .count() as u32;
        assert_eq!(window.consecutive_failures(probe), run);
        let run_summed: u32 = match &window.shape {
            Shape::Time { buckets, .. } => buckets.iter().map(|bucket| bucket.run).sum(),
            Shape::Count { .. } => unreachable!("the window is time-based"),
        };
        assert_eq!(run_summed, run);
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

const SECOND: u64 = NANOS_PER_SECOND;

fn failures(window: &mut SlidingWindow, at_nanos: &[u64]) {
    for at in at_nanos {
        window.record(*at, true, false);
    }
}

#[test]
fn time_run_decays_by_seconds() {
    let mut window = SlidingWindow::time_based(3);
    failures(&mut window, &[SECOND, 2 * SECOND, 3 * SECOND + SECOND / 2]);
    assert_eq!(window.consecutive_failures(3 * SECOND + SECOND / 2), 3);
    assert_eq!(window.consecutive_failures(4 * SECOND - 1), 3);
    assert_eq!(window.consecutive_failures(4 * SECOND), 2);
    assert_eq!(window.consecutive_failures(5 * SECOND), 1);
    assert_eq!(window.consecutive_failures(6 * SECOND), 0);
    assert_eq!(window.counts(6 * SECOND), WindowCounts::default());
    window.record(6 * SECOND, true, false);
    assert_eq!(window.consecutive_failures(6 * SECOND), 1);
}

#[test]
fn count_run_never_decays() {
    let mut window = SlidingWindow::count_based(2);
    failures(&mut window, &[0, 0, 0, 0]);
    assert_eq!(window.consecutive_failures(3_600 * SECOND), 4);
    assert_eq!(window.counts(3_600 * SECOND).calls, 2);
}

#[test]
fn success_ends_time_run() {
    let mut window = SlidingWindow::time_based(3);
    failures(&mut window, &[SECOND, 2 * SECOND]);
    window.record(3 * SECOND, false, false);
    assert_eq!(window.consecutive_failures(3 * SECOND), 0);
    window.record(3 * SECOND, true, false);
    // Seconds 1 and 2 leave without taking anything from the new run.
    assert_eq!(window.consecutive_failures(4 * SECOND), 1);
    assert_eq!(window.consecutive_failures(5 * SECOND), 1);
    assert_eq!(window.consecutive_failures(6 * SECOND), 0);
}

#[test]
fn batched_successes_end_run() {
    for mut window in [SlidingWindow::count_based(4), SlidingWindow::time_based(4)] {
        failures(&mut window, &[SECOND, 2 * SECOND]);
        window.record_successes(2 * SECOND, 3);
        assert_eq!(window.consecutive_failures(2 * SECOND), 0);
        window.record(3 * SECOND, true, false);
        assert_eq!(window.consecutive_failures(3 * SECOND), 1);
    }
}

#[test]
fn resize_drops_run_seconds() {
    let mut window = SlidingWindow::time_based(5);
    failures(&mut window, &[SECOND, 2 * SECOND, 3 * SECOND, 3 * SECOND]);
    window.resize(2, 3 * SECOND);
    // Seconds 2 and 3 stay, and second 1 leaves with its failure.
    assert_eq!(window.consecutive_failures(3 * SECOND), 3);
    assert_eq!(window.counts(3 * SECOND).failed, 3);
    assert_eq!(window.consecutive_failures(4 * SECOND), 2);
    window.resize(4, 4 * SECOND);
    assert_eq!(window.consecutive_failures(6 * SECOND), 2);
    assert_eq!(window.consecutive_failures(7 * SECOND), 0);
}

#[test]
fn carried_run_counts_in_current_second() {
    let mut window = SlidingWindow::time_based(3);
    window.carry_failure_run(7, 12 * SECOND + SECOND / 2);
    assert_eq!(window.consecutive_failures(12 * SECOND + SECOND / 2), 7);
    assert_eq!(window.counts(12 * SECOND + SECOND / 2).calls, 0);
    assert_eq!(window.consecutive_failures(15 * SECOND - 1), 7);
    assert_eq!(window.consecutive_failures(15 * SECOND), 0);
}

#[test]
fn carried_run_ends_on_success() {
    let mut window = SlidingWindow::time_based(3);
    window.carry_failure_run(7, 12 * SECOND);
    window.record(13 * SECOND, true, false);
    assert_eq!(window.consecutive_failures(13 * SECOND), 8);
    window.record(13 * SECOND, false, false);
    window.record(14 * SECOND, true, false);
    assert_eq!(window.consecutive_failures(15 * SECOND), 1);
    assert_eq!(window.consecutive_failures(17 * SECOND), 0);
}

#[test]
fn earlier_reading_joins_newest_second() {
    let mut window = SlidingWindow::time_based(2);
    window.record(5 * SECOND, true, false);
    window.record(4 * SECOND, true, false);
    assert_eq!(window.counts(5 * SECOND).failed, 2);
    assert_eq!(window.consecutive_failures(6 * SECOND), 2);
    assert_eq!(window.consecutive_failures(7 * SECOND), 0);
    assert_eq!(window.counts(7 * SECOND).calls, 0);
}
