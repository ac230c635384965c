//! `CoarseClock` advances on its own, never goes backwards and never runs ahead of real time.

use std::time::{Duration, Instant};

use fusebox_agent::{Clock, CoarseClock};

#[test]
fn coarse_clock_follows_real_time() {
    let before = Instant::now();
    let clock = CoarseClock::with_tick(Duration::from_millis(1)).unwrap();
    let clone = clock.clone();
    let first = clock.now_nanos();
    let mut previous = first;
    // Poll until the clock has moved by 20 ms, bounded at 10 s for a loaded machine.
    while previous < first + 20_000_000 {
        assert!(
            before.elapsed() < Duration::from_secs(10),
            "CoarseClock stayed at {previous} ns for 10 s"
        );
        std::thread::yield_now();
        let now = clone.now_nanos();
        assert!(
            now >= previous,
            "CoarseClock went back from {previous} to {now}"
        );
        previous = now;
    }
    // The clock's origin is later than `before`, so a reading never exceeds this.
    let real = before.elapsed().as_nanos() as u64;
    assert!(previous <= real, "read {previous} ns after {real} ns");
}
