//! The agent's HTTP endpoints: `/health/live`, `/health/ready`, `/metrics` and `/breakers`.
//!
//! Every handler responds from in-process state without awaiting I/O. Merged into the
//! application's router, the probes still share the application's runtime, so handlers that
//! block its worker threads delay them. [`HealthServer`] serves the routes on their own
//! listener and thread, so probes respond while the application is saturated.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};

use crate::registry::Registry;

/// Shared state of the agent's routes.
#[derive(Clone)]
pub struct AgentHttp {
    registry: Arc<Registry>,
    prometheus: prometheus::Registry,
}

impl AgentHttp {
    /// Creates the route state; `prometheus` must contain a
    /// [`crate::metrics::FuseboxCollector`] for `/metrics` to show the breakers.
    pub fn new(registry: Arc<Registry>, prometheus: prometheus::Registry) -> Self {
        Self {
            registry,
            prometheus,
        }
    }
}

/// Returns a router with the four agent routes; merge it into the application's router or
/// serve it on a separate port.
pub fn router(state: AgentHttp) -> Router {
    Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
        .route("/metrics", get(metrics))
        .route("/breakers", get(breakers))
        .with_state(state)
}

/// The agent's routes on their own listener, served by a dedicated thread that runs its own
/// single-threaded tokio runtime. Dropping it stops the server and joins the thread.
pub struct HealthServer {
    address: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl HealthServer {
    /// Binds `address` (port 0 picks a free port) and starts serving the agent's routes.
    /// Fails when the address cannot be bound or the thread cannot start.
    pub fn start(address: SocketAddr, state: AgentHttp) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(address)?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("fusebox-health".to_string())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(error) => {
                            tracing::error!(%address, %error, "health server failed to start");
                            return;
                        }
                    };
                    // Not a graceful shutdown: an idle keep-alive connection must not hold
                    // the process open.
                    tokio::select! {
                        result = axum::serve(listener, router(state)) => {
                            if let Err(error) = result {
                                tracing::error!(%address, %error, "health server stopped");
                            }
                        }
                        _ = stopped => {}
                    }
                });
            })?;
        tracing::info!(%address, "health server started");
        Ok(Self {
            address,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// Returns the bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }
}

impl Drop for HealthServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::error!(address = %self.address, "health server thread panicked");
            }
        }
        tracing::info!(address = %self.address, "health server stopped");
    }
}

/// Returns 200 from in-process state only, never depending on breakers or reloads.
async fn live() -> impl IntoResponse {
    Json(serde_json::json!({"status": "UP"}))
}

async fn ready(State(state): State<AgentHttp>) -> impl IntoResponse {
    let registry = &state.registry;
    let open: Vec<String> = registry
        .snapshots()
        .into_iter()
        .filter(|s| {
            s.readiness
                && matches!(
                    s.state,
                    crate::BreakerState::Open | crate::BreakerState::ForcedOpen
                )
        })
        .map(|s| s.name)
        .collect();
    let loaded = registry.is_loaded();
    let ready = loaded && open.is_empty();
    let body = serde_json::json!({
        "status": if ready { "UP" } else { "DOWN" },
        "settings_loaded": loaded,
        "open_readiness_breakers": open,
        "last_reload_error": registry.last_error(),
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

async fn metrics(State(state): State<AgentHttp>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render_text(&state.prometheus),
    )
}

async fn breakers(State(state): State<AgentHttp>) -> impl IntoResponse {
    let settings = state.registry.settings();
    Json(serde_json::json!({
        "hash": settings.hash,
        "policy": settings.policy,
        "breakers": state.registry.snapshots(),
    }))
}
