//! The closed path and the rejection path allocate nothing, counted by a global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use fusebox_agent::{BreakerConfig, CallOutcome, CircuitBreaker, ManualClock};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn breaker(config: BreakerConfig) -> CircuitBreaker {
    CircuitBreaker::new("backend", config, Arc::new(ManualClock::new()), 0.0)
}

// One test function, because the counter is process-wide and tests run in parallel threads.
#[test]
fn hot_paths_do_not_allocate() {
    let closed = breaker(BreakerConfig::default());
    // The count window allocates its ring once; fill it before counting.
    for _ in 0..200 {
        closed.try_acquire().unwrap().finish(CallOutcome::Success);
    }
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for _ in 0..10_000 {
        closed.try_acquire().unwrap().finish(CallOutcome::Success);
    }
    assert_eq!(
        ALLOCATIONS.load(Ordering::SeqCst) - before,
        0,
        "closed path allocated"
    );

    let open = breaker(BreakerConfig {
        failure_threshold: 1,
        ..BreakerConfig::default()
    });
    open.try_acquire().unwrap().finish(CallOutcome::Failure);
    assert!(open.try_acquire().is_err(), "warm-up rejection");
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for _ in 0..10_000 {
        assert!(open.try_acquire().is_err());
    }
    assert_eq!(
        ALLOCATIONS.load(Ordering::SeqCst) - before,
        0,
        "rejection path allocated"
    );
}
