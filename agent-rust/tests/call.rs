//! `call`, fallbacks, timeouts, cancellation and the tower layer, on tokio's paused clock.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use fusebox_agent::layer::BreakerLayer;
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{BreakerState, CallError, Registry, TokioClock};
use tower::{Layer, ServiceExt};

fn registry(yaml: &str) -> Arc<Registry> {
    let registry = Arc::new(Registry::new(
        Arc::new(TokioClock::new()),
        EnvDefaults::default(),
    ));
    registry.apply("test", yaml.as_bytes());
    registry
}

#[derive(Debug)]
struct BackendDown;

impl std::fmt::Display for BackendDown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("backend down")
    }
}

#[tokio::test(start_paused = true)]
async fn timeouts_return_fallback_once() {
    let registry = registry(
        "version: 1\nservices:\n  backend:\n    failure_threshold: 100\n    timeout_seconds: 0.2\n    \
         failure_rate_threshold: 50\n    sliding_window_size: 4\n    minimum_number_of_calls: 4\n",
    );
    let breaker = registry.breaker("backend");
    let reached = Arc::new(AtomicU32::new(0));
    for _ in 0..5 {
        let reached = Arc::clone(&reached);
        let started = tokio::time::Instant::now();
        let value = breaker
            .call_or_else(
                async move {
                    reached.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    Ok::<_, BackendDown>("fresh")
                },
                |_| "fallback",
            )
            .await;
        assert_eq!(value, "fallback");
        assert!(started.elapsed() <= Duration::from_millis(200));
    }
    assert_eq!(
        reached.load(Ordering::SeqCst),
        4,
        "the fifth call never reaches the backend"
    );
    assert_eq!(breaker.state(), BreakerState::Open);
    let snapshot = breaker.snapshot();
    assert_eq!(snapshot.window.failed, 4);
    assert_eq!(snapshot.window.calls, 4);
}

#[tokio::test(start_paused = true)]
async fn error_type_decides_outcome() {
    let registry = registry(
        "version: 1\nservices:\n  backend:\n    failure_threshold: 1\n    \
         ignored_exceptions: [BackendDown]\n",
    );
    let breaker = registry.breaker("backend");
    let result = breaker.call(async { Err::<(), _>(BackendDown) }).await;
    assert!(matches!(result, Err(CallError::Failed(BackendDown))));
    assert_eq!(
        breaker.state(),
        BreakerState::Closed,
        "an ignored error never trips"
    );
    let io = breaker
        .call(async { Err::<(), _>(std::io::Error::other("reset")) })
        .await;
    assert!(matches!(io, Err(CallError::Failed(_))));
    assert_eq!(breaker.state(), BreakerState::Open);
    let rejected = breaker.call(async { Ok::<_, BackendDown>(()) }).await;
    assert!(matches!(rejected, Err(CallError::NotPermitted(_))));
}

#[tokio::test(start_paused = true)]
async fn dropped_call_releases_trial() {
    let registry = registry(
        "version: 1\nservices:\n  backend:\n    failure_threshold: 1\n    recovery_timeout_seconds: 10\n    \
         success_threshold: 1\n    permitted_calls_in_half_open: 1\n    timeout_seconds: 0\n",
    );
    let breaker = registry.breaker("backend");
    let _ = breaker.call(async { Err::<(), _>(BackendDown) }).await;
    tokio::time::advance(Duration::from_secs(10)).await;
    let trial = breaker.call(std::future::pending::<Result<(), BackendDown>>());
    // Poll the trial once so it takes the slot, then cancel it by dropping it.
    let timed = tokio::time::timeout(Duration::from_millis(1), trial).await;
    assert!(timed.is_err());
    let snapshot = breaker.snapshot();
    assert_eq!(snapshot.state, BreakerState::HalfOpen);
    assert_eq!(snapshot.half_open.unwrap().admitted, 0);
    let next = breaker.call(async { Ok::<_, BackendDown>(()) }).await;
    assert!(next.is_ok());
    assert_eq!(breaker.state(), BreakerState::Closed);
}

#[tokio::test(start_paused = true)]
async fn tower_layer_classifies_status() {
    let registry = registry(
        "version: 1\nservices:\n  api:\n    failure_threshold: 2\n    ignored_status_codes: [\"404\"]\n",
    );
    let breaker = registry.breaker("api");
    let status = Arc::new(AtomicU32::new(503));
    let backend = {
        let status = Arc::clone(&status);
        tower::service_fn(move |_request: ()| {
            let code = status.load(Ordering::SeqCst) as u16;
            async move {
                let response = axum::http::Response::builder()
                    .status(code)
                    .body(())
                    .unwrap();
                Ok::<_, std::convert::Infallible>(response)
            }
        })
    };
    let service = BreakerLayer::http(Arc::clone(&breaker)).layer(backend);
    status.store(404, Ordering::SeqCst);
    let ignored = service.clone().oneshot(()).await.unwrap();
    assert_eq!(ignored.status(), 404);
    assert_eq!(breaker.snapshot().consecutive_failures, 0);
    status.store(503, Ordering::SeqCst);
    for _ in 0..2 {
        let response = service.clone().oneshot(()).await.unwrap();
        assert_eq!(response.status(), 503);
    }
    assert_eq!(breaker.state(), BreakerState::Open);
    let rejected = service.clone().oneshot(()).await;
    assert!(matches!(rejected, Err(CallError::NotPermitted(_))));
}
