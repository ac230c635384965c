//! A `tower` layer that guards a service with a breaker, for tower-based clients and servers.
//!
//! The inner service's future is created in `call` but never polled when the breaker rejects
//! the request; the response future then resolves to [`CallError::NotPermitted`] at once.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tower_layer::Layer;
use tower_service::Service;

use crate::breaker::{CallOutcome, CircuitBreaker};
use crate::call::CallError;

/// Decides the outcome of a completed call for the breaker.
pub trait Classify<R, E>: Clone + Send + Sync + 'static {
    /// Returns the outcome of `result`.
    fn classify(&self, breaker: &CircuitBreaker, result: &Result<R, E>) -> CallOutcome;
}

/// Counts `Ok` as success and classifies `Err` by the error's type name.
#[derive(Debug, Clone, Copy, Default)]
pub struct ByErrorType;

impl<R, E> Classify<R, E> for ByErrorType {
    fn classify(&self, breaker: &CircuitBreaker, result: &Result<R, E>) -> CallOutcome {
        match result {
            Ok(_) => CallOutcome::Success,
            Err(_) => breaker.classify_type_name(std::any::type_name::<E>()),
        }
    }
}

/// Classifies an HTTP response by its status code and an error by its type name.
#[derive(Debug, Clone, Copy, Default)]
pub struct ByHttpStatus;

impl<B, E> Classify<axum::http::Response<B>, E> for ByHttpStatus {
    fn classify(
        &self,
        breaker: &CircuitBreaker,
        result: &Result<axum::http::Response<B>, E>,
    ) -> CallOutcome {
        match result {
            Ok(response) => breaker.classify_status(response.status().as_u16()),
            Err(_) => breaker.classify_type_name(std::any::type_name::<E>()),
        }
    }
}

/// Wraps services with [`BreakerService`].
#[derive(Debug, Clone)]
pub struct BreakerLayer<C = ByErrorType> {
    breaker: Arc<CircuitBreaker>,
    classify: C,
}

impl BreakerLayer<ByErrorType> {
    /// Creates a layer that classifies errors by type name.
    pub fn new(breaker: Arc<CircuitBreaker>) -> Self {
        Self {
            breaker,
            classify: ByErrorType,
        }
    }
}

impl BreakerLayer<ByHttpStatus> {
    /// Creates a layer that classifies HTTP responses by status code.
    pub fn http(breaker: Arc<CircuitBreaker>) -> Self {
        Self {
            breaker,
            classify: ByHttpStatus,
        }
    }
}

impl<S, C: Clone> Layer<S> for BreakerLayer<C> {
    type Service = BreakerService<S, C>;

    fn layer(&self, inner: S) -> Self::Service {
        BreakerService {
            inner,
            breaker: Arc::clone(&self.breaker),
            classify: self.classify.clone(),
        }
    }
}

/// A service whose calls go through a breaker, with its call timeout.
#[derive(Debug, Clone)]
pub struct BreakerService<S, C = ByErrorType> {
    inner: S,
    breaker: Arc<CircuitBreaker>,
    classify: C,
}

impl<S, C, Request> Service<Request> for BreakerService<S, C>
where
    S: Service<Request>,
    S::Future: Send + 'static,
    S::Response: Send + 'static,
    S::Error: Send + 'static,
    C: Classify<S::Response, S::Error>,
{
    type Response = S::Response;
    type Error = CallError<S::Error>;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(CallError::Failed)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let breaker = Arc::clone(&self.breaker);
        let classify = self.classify.clone();
        let future = self.inner.call(request);
        Box::pin(async move {
            breaker
                .call_classified(future, |result| classify.classify(&breaker, result))
                .await
        })
    }
}
