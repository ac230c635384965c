//! Restarting a watch stream that has gone quiet.
//!
//! An API server can keep a watch connection open and stop sending events, and nothing on the
//! client side notices. [`follow_with_max_age`] therefore drops a stream that yielded nothing
//! for the maximum watch age and opens a new one. For a Kubernetes watcher the new stream
//! starts with a fresh list, so a change missed by the silent watch is applied within the
//! maximum age plus one list. Time is tokio's, so tests drive it with paused time.

use std::future::Future;
use std::time::Duration;

use futures_util::{Stream, StreamExt};

/// Reason for a new stream in [`follow_with_max_age`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestartReason {
    /// The stream yielded nothing for the maximum watch age.
    Quiet,
}

/// Polls streams from `open` and hands every item to `on_item`, replacing the stream with a
/// new one from `open` whenever it yields nothing for `max_age`. Calls `on_restart` before
/// each replacement. Returns when a stream ends.
pub async fn follow_with_max_age<S, O, I, R, Fut>(
    mut open: O,
    max_age: Duration,
    mut on_item: I,
    mut on_restart: R,
) where
    S: Stream + Unpin,
    O: FnMut() -> S,
    I: FnMut(S::Item) -> Fut,
    Fut: Future<Output = ()>,
    R: FnMut(RestartReason),
{
    let mut stream = open();
    let mut deadline = tokio::time::Instant::now() + max_age;
    loop {
        tokio::select! {
            item = stream.next() => {
                let Some(item) = item else {
                    return;
                };
                deadline = tokio::time::Instant::now() + max_age;
                on_item(item).await;
            }
            _ = tokio::time::sleep_until(deadline) => {
                on_restart(RestartReason::Quiet);
                // Drop the old stream first, so its connection closes before the new list.
                drop(stream);
                stream = open();
                deadline = tokio::time::Instant::now() + max_age;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use futures_util::stream::{self, BoxStream};

    use super::*;

    const MAX_AGE: Duration = Duration::from_secs(300);

    /// Returns a stream that yields `items`, one every `gap`, then stays open without yielding.
    fn silent_after(items: Vec<u32>, gap: Duration) -> BoxStream<'static, u32> {
        stream::iter(items)
            .then(move |item| async move {
                tokio::time::sleep(gap).await;
                item
            })
            .chain(stream::pending())
            .boxed()
    }

    struct Run {
        items: Vec<u32>,
        opened: usize,
        restarts: usize,
    }

    /// Follows the streams from `streams` until `run_for` has passed on tokio's clock.
    async fn follow_for(streams: Vec<BoxStream<'static, u32>>, run_for: Duration) -> Run {
        let items = Arc::new(Mutex::new(Vec::new()));
        let restarts = Arc::new(Mutex::new(0usize));
        let opened = Arc::new(Mutex::new(0usize));
        let mut queue = streams.into_iter();
        let follower = {
            let items = Arc::clone(&items);
            let restarts = Arc::clone(&restarts);
            let opened = Arc::clone(&opened);
            follow_with_max_age(
                move || {
                    *opened.lock().unwrap() += 1;
                    queue.next().unwrap_or_else(|| stream::pending().boxed())
                },
                MAX_AGE,
                move |item| {
                    items.lock().unwrap().push(item);
                    async {}
                },
                move |reason| {
                    assert_eq!(reason, RestartReason::Quiet);
                    *restarts.lock().unwrap() += 1;
                },
            )
        };
        let _ = tokio::time::timeout(run_for, follower).await;
        let items = items.lock().unwrap().clone();
        let opened = *opened.lock().unwrap();
        let restarts = *restarts.lock().unwrap();
        Run {
            items,
            opened,
            restarts,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn quiet_stream_is_restarted() {
        let first = silent_after(vec![1], Duration::from_secs(1));
        let second = silent_after(vec![2], Duration::from_secs(1));
        let run = follow_for(vec![first, second], MAX_AGE + Duration::from_secs(5)).await;
        assert_eq!(run.restarts, 1);
        assert_eq!(run.opened, 2);
        assert_eq!(run.items, vec![1, 2]);
    }

    #[tokio::test(start_paused = true)]
    async fn active_stream_is_kept() {
        // One item every half of the maximum age for ten ages: never quiet long enough.
        let busy = silent_after((0..20).collect(), MAX_AGE / 2);
        let run = follow_for(vec![busy], MAX_AGE * 10 - Duration::from_secs(1)).await;
        assert_eq!(run.restarts, 0);
        assert_eq!(run.opened, 1);
        assert_eq!(run.items.len(), 19);
    }

    #[tokio::test(start_paused = true)]
    async fn restarts_repeat_while_quiet() {
        let run = follow_for(Vec::new(), MAX_AGE * 3 + Duration::from_secs(1)).await;
        assert_eq!(run.restarts, 3);
        assert_eq!(run.opened, 4);
        assert!(run.items.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn ended_stream_ends_follow() {
        let finite = stream::iter(vec![7, 8]).boxed();
        let run = follow_for(vec![finite], MAX_AGE * 2).await;
        assert_eq!(run.items, vec![7, 8]);
        assert_eq!(run.restarts, 0);
    }
}
