//! Probes served by `HealthServer` respond while every worker thread of the application's
//! runtime is blocked, and the same probe merged into the application's router does not.
//! Everything listens on 127.0.0.1 and ends within a few seconds.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::routing::get;
use axum::Router;
use fusebox_agent::http::{router, AgentHttp, HealthServer};
use fusebox_agent::metrics::prometheus_registry;
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{ManualClock, Registry};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;

const APP_WORKERS: usize = 2;
/// How long a saturating handler blocks its worker thread.
const BLOCK: Duration = Duration::from_secs(3);
/// Upper bound for a probe response. The target is 50 ms; the bound leaves room for a shared,
/// loaded test machine while staying far below `BLOCK`.
const PROBE_BOUND: Duration = Duration::from_millis(500);

/// Sends `GET path` and returns the status code, or `None` when no response came within `limit`.
async fn status_of(address: SocketAddr, path: &str, limit: Duration) -> Option<u16> {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(address).await.ok()?;
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.ok()?;
        let text = String::from_utf8_lossy(&response);
        text.split_whitespace().nth(1)?.parse().ok()
    };
    tokio::time::timeout(limit, exchange).await.ok().flatten()
}

#[test]
fn liveness_responds_while_app_saturated() {
    let registry = Arc::new(Registry::new(
        Arc::new(ManualClock::new()),
        EnvDefaults::default(),
    ));
    registry.apply("<inline>", b"version: 1\nservices:\n  database: {}\n");
    let state = AgentHttp::new(
        Arc::clone(&registry),
        prometheus_registry(Arc::clone(&registry)),
    );
    let health = HealthServer::start("127.0.0.1:0".parse().unwrap(), state.clone()).unwrap();

    // The application: two worker threads, a handler that blocks its thread, and the agent's
    // routes merged in, as an application that does not use the health server would serve them.
    let app_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(APP_WORKERS)
        .enable_all()
        .build()
        .unwrap();
    let started = Arc::new(Semaphore::new(0));
    let handler_started = Arc::clone(&started);
    let app = Router::new()
        .route(
            "/work",
            get(move || {
                let started = Arc::clone(&handler_started);
                async move {
                    started.add_permits(1);
                    std::thread::sleep(BLOCK);
                    "done"
                }
            }),
        )
        .merge(router(state));
    let listener = app_runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let app_address = listener.local_addr().unwrap();
    app_runtime.spawn(async move { axum::serve(listener, app).await });

    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    client.block_on(async {
        for _ in 0..APP_WORKERS * 4 {
            tokio::spawn(status_of(app_address, "/work", BLOCK * 4));
        }
        // Every worker is blocked once as many handlers as workers have started.
        let all_blocked = started.acquire_many(APP_WORKERS as u32);
        tokio::time::timeout(Duration::from_secs(10), all_blocked)
            .await
            .expect("the saturating handlers did not start")
            .unwrap()
            .forget();

        let asked = Instant::now();
        let live = status_of(health.local_addr(), "/health/live", PROBE_BOUND).await;
        let live_elapsed = asked.elapsed();
        assert_eq!(live, Some(200), "liveness took {live_elapsed:?}");

        let ready = status_of(health.local_addr(), "/health/ready", PROBE_BOUND).await;
        assert_eq!(ready, Some(200));

        // The same probe on the saturated application's own listener gets no timely response,
        // which shows the application really was saturated.
        let merged = status_of(app_address, "/health/live", PROBE_BOUND).await;
        assert_eq!(merged, None);
    });
    drop(health);
    app_runtime.shutdown_background();
}
