//! The shop end to end on loopback: a stub recommendations server, the service, and real
//! HTTP requests.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::Arc;

use axum::routing::get;
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{BreakerState, Registry, TokioClock};
use fusebox_rust_service::recommendations::RecommendationsClient;
use fusebox_rust_service::shop::{ProductDatabase, ShopService, DATABASE, EXTERNAL_API};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

const SETTINGS: &str = "version: 1\nservices:\n  database:\n    failure_threshold: 2\n    \
recovery_timeout_seconds: 30\n    readiness: true\n  redis: {}\n  external_api:\n    failure_threshold: 1\n    \
timeout_seconds: 1\n";

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

async fn get_json(url: &str) -> (u16, serde_json::Value) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let response = client.get(url.parse().unwrap()).await.unwrap();
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn shop_degrades_then_fails_on_database() {
    let stub_status = Arc::new(AtomicU16::new(200));
    let stub = {
        let stub_status = Arc::clone(&stub_status);
        axum::Router::new().route(
            "/recommendations/{id}",
            get(move || {
                let status = stub_status.load(Ordering::SeqCst);
                async move {
                    let code = axum::http::StatusCode::from_u16(status).unwrap();
                    (code, axum::Json(vec!["2", "3"]))
                }
            }),
        )
    };
    let stub_url = serve(stub).await;
    let registry = Arc::new(Registry::new(
        Arc::new(TokioClock::new()),
        EnvDefaults::default(),
    ));
    registry.apply("test", SETTINGS.as_bytes());
    let database = Arc::new(ProductDatabase::with_samples());
    let client = RecommendationsClient::new(format!("{stub_url}/recommendations/"));
    let shop = Arc::new(ShopService::new(&registry, Arc::clone(&database), client));
    let base = serve(fusebox_rust_service::app(Arc::clone(&registry), shop)).await;

    let (status, body) = get_json(&format!("{base}/products/1")).await;
    assert_eq!(status, 200);
    assert_eq!(body["source"], "database");
    assert_eq!(body["recommendations"], serde_json::json!(["2", "3"]));
    assert_eq!(body["degraded"], false);

    stub_status.store(503, Ordering::SeqCst);
    let (status, body) = get_json(&format!("{base}/products/1")).await;
    assert_eq!(
        status, 200,
        "the optional dependency only degrades the answer"
    );
    assert_eq!(body["source"], "cache");
    assert_eq!(body["degraded"], true);
    assert_eq!(registry.breaker(EXTERNAL_API).state(), BreakerState::Open);

    database.set_failing(true);
    let (status, _) = get_json(&format!("{base}/products/1")).await;
    assert_eq!(status, 200, "a cached product survives a database outage");
    for _ in 0..2 {
        let (status, _) = get_json(&format!("{base}/products/2")).await;
        assert_eq!(status, 503);
    }
    assert_eq!(registry.breaker(DATABASE).state(), BreakerState::Open);
    let (status, _) = get_json(&format!("{base}/health/ready")).await;
    assert_eq!(status, 503, "database is marked readiness: true");
    let (status, _) = get_json(&format!("{base}/health/live")).await;
    assert_eq!(status, 200);
    let (status, _) = get_json(&format!("{base}/products/404")).await;
    assert_eq!(status, 503, "an open database breaker rejects lookups");
}
