//! The agent's HTTP endpoints: `/health/live`, `/health/ready`, `/metrics` and `/breakers`.
//!
//! Every handler responds from in-process state without awaiting I/O, so probes stay fast when
//! the application's own request handlers are saturated.

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
