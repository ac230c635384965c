//! Running a future through a breaker: admission, call timeout, classification, fallback.

use std::future::Future;

use crate::breaker::{CallOutcome, CircuitBreaker, NotPermitted};

/// Why [`CircuitBreaker::call`] did not return the call's value.
#[derive(Debug)]
pub enum CallError<E> {
    /// The breaker rejected the call; the future was never polled.
    NotPermitted(NotPermitted),
    /// The call ran longer than `timeout_seconds` and was dropped.
    Timeout,
    /// The call returned an error.
    Failed(E),
}

impl<E: std::fmt::Display> std::fmt::Display for CallError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::NotPermitted(reason) => reason.fmt(f),
            CallError::Timeout => f.write_str("call timed out"),
            CallError::Failed(error) => error.fmt(f),
        }
    }
}

impl<E: std::fmt::Debug + std::fmt::Display> std::error::Error for CallError<E> {}

impl CircuitBreaker {
    /// Runs `future` if the breaker admits it, under the configured call timeout. Errors are
    /// classified by `std::any::type_name::<E>()` against the exception lists.
    ///
    /// Dropping the returned future before it completes counts the call as cancelled.
    pub async fn call<T, E, F>(&self, future: F) -> Result<T, CallError<E>>
    where
        F: Future<Output = Result<T, E>>,
    {
        self.call_classified(future, |result| match result {
            Ok(_) => CallOutcome::Success,
            Err(_) => self_classify::<E>(self),
        })
        .await
    }

    /// Runs `future` like [`CircuitBreaker::call`], with `classify` deciding the outcome of a
    /// completed call (for example from an HTTP status or [`crate::ErrorTypeNames`]).
    pub async fn call_classified<T, E, F, C>(
        &self,
        future: F,
        classify: C,
    ) -> Result<T, CallError<E>>
    where
        F: Future<Output = Result<T, E>>,
        C: FnOnce(&Result<T, E>) -> CallOutcome,
    {
        let permit = self.try_acquire().map_err(CallError::NotPermitted)?;
        let timeout_nanos = self.timeout_nanos();
        let result = if timeout_nanos == 0 {
            future.await
        } else {
            let limit = std::time::Duration::from_nanos(timeout_nanos);
            match tokio::time::timeout(limit, future).await {
                Ok(result) => result,
                Err(_) => {
                    permit.finish(CallOutcome::Timeout);
                    return Err(CallError::Timeout);
                }
            }
        };
        permit.finish(classify(&result));
        result.map_err(CallError::Failed)
    }

    /// Runs `future` through the breaker and returns `fallback`'s value when the call is
    /// rejected, times out or fails.
    pub async fn call_or_else<T, E, F, G>(&self, future: F, fallback: G) -> T
    where
        F: Future<Output = Result<T, E>>,
        G: FnOnce(CallError<E>) -> T,
    {
        match self.call(future).await {
            Ok(value) => value,
            Err(error) => fallback(error),
        }
    }
}

fn self_classify<E>(breaker: &CircuitBreaker) -> CallOutcome {
    breaker.classify_type_name(std::any::type_name::<E>())
}
