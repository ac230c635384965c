//! The agent's HTTP routes: liveness, readiness, metrics text and the breaker list.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use fusebox_agent::http::{router, AgentHttp};
use fusebox_agent::metrics::prometheus_registry;
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{ManualClock, Registry};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get(app: &axum::Router, path: &str) -> (StatusCode, String) {
    let request = Request::builder().uri(path).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

fn app(registry: &Arc<Registry>) -> axum::Router {
    let prometheus = prometheus_registry(Arc::clone(registry));
    router(AgentHttp::new(Arc::clone(registry), prometheus))
}

const SETTINGS: &str = "version: 1\npolicy: {namespace: shop, name: checkout, generation: 4}\n\
services:\n  database:\n    failure_threshold: 1\n    readiness: true\n  cache:\n    failure_threshold: 1\n";

#[tokio::test]
async fn ready_waits_for_settings() {
    let registry = Arc::new(Registry::new(
        Arc::new(ManualClock::new()),
        EnvDefaults::default(),
    ));
    let app = app(&registry);
    assert_eq!(get(&app, "/health/live").await.0, StatusCode::OK);
    assert_eq!(
        get(&app, "/health/ready").await.0,
        StatusCode::SERVICE_UNAVAILABLE
    );
    registry.apply("test", SETTINGS.as_bytes());
    assert_eq!(get(&app, "/health/ready").await.0, StatusCode::OK);
}

#[tokio::test]
async fn only_readiness_breaker_fails_ready() {
    let registry = Arc::new(Registry::new(
        Arc::new(ManualClock::new()),
        EnvDefaults::default(),
    ));
    registry.apply("test", SETTINGS.as_bytes());
    let app = app(&registry);
    registry
        .breaker("cache")
        .try_acquire()
        .unwrap()
        .finish(fusebox_agent::CallOutcome::Failure);
    assert_eq!(get(&app, "/health/ready").await.0, StatusCode::OK);
    registry
        .breaker("database")
        .try_acquire()
        .unwrap()
        .finish(fusebox_agent::CallOutcome::Failure);
    let (status, body) = get(&app, "/health/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("database"), "{body}");
    assert_eq!(
        get(&app, "/health/live").await.0,
        StatusCode::OK,
        "liveness ignores breakers"
    );
    registry.apply("test", b"version: 1\nservices: [broken");
    assert_eq!(get(&app, "/health/live").await.0, StatusCode::OK);
}

#[tokio::test]
async fn metrics_use_shared_names() {
    let registry = Arc::new(Registry::new(
        Arc::new(ManualClock::new()),
        EnvDefaults::default(),
    ));
    registry.apply("test", SETTINGS.as_bytes());
    let app = app(&registry);
    registry
        .breaker("cache")
        .try_acquire()
        .unwrap()
        .finish(fusebox_agent::CallOutcome::Success);
    let (status, text) = get(&app, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    let hash = registry.settings().hash.clone();
    for line in [
        "fusebox_circuit_breaker_state{breaker=\"cache\",state=\"closed\"} 1".to_string(),
        "fusebox_circuit_breaker_calls_seconds_count{breaker=\"cache\",outcome=\"success\"} 1"
            .to_string(),
        "fusebox_circuit_breaker_calls_seconds_sum{breaker=\"cache\",outcome=\"success\"} 0"
            .to_string(),
        "fusebox_circuit_breaker_not_permitted_calls_total{breaker=\"cache\"} 0".to_string(),
        "fusebox_circuit_breaker_failure_rate{breaker=\"cache\"} NaN".to_string(),
        "fusebox_config_reloads_total{result=\"success\"} 1".to_string(),
        format!("fusebox_config_info{{hash=\"{hash}\",generation=\"4\"}} 1"),
        "fusebox_config_hot_reload_available 1".to_string(),
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line} in:\n{text}"
        );
    }
}

#[tokio::test]
async fn breakers_route_lists_snapshots() {
    let registry = Arc::new(Registry::new(
        Arc::new(ManualClock::new()),
        EnvDefaults::default(),
    ));
    registry.apply("test", SETTINGS.as_bytes());
    let (status, body) = get(&app(&registry), "/breakers").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let names: Vec<&str> = json["breakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["cache", "database"]);
    assert_eq!(json["policy"]["generation"], 4);
}
