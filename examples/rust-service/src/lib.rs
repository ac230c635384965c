//! A small shop service that guards a database, a cache and an external API with the Fusebox
//! Rust agent, serves cache first, degrades the optional recommendations and fails only when
//! the critical database is gone.

pub mod recommendations;
pub mod shop;

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use fusebox_agent::http::{router as agent_router, AgentHttp};
use fusebox_agent::metrics::prometheus_registry;
use fusebox_agent::Registry;

use shop::{ShopError, ShopService};

/// Builds the service's router: `GET /products/{id}` plus the agent's health, metrics and
/// breaker routes.
pub fn app(registry: Arc<Registry>, shop: Arc<ShopService>) -> Router {
    let prometheus = prometheus_registry(Arc::clone(&registry));
    let products = Router::new()
        .route("/products/{id}", get(product))
        .with_state(shop);
    products.merge(agent_router(AgentHttp::new(registry, prometheus)))
}

async fn product(State(shop): State<Arc<ShopService>>, Path(id): Path<String>) -> Response {
    match shop.product(&id).await {
        Ok(Some(view)) => Json(view).into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            Json(serde_json::json!({"error": format!("product {id} not found")})),
        )
            .into_response(),
        Err(ShopError::Unavailable(reason)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"error": reason})),
        )
            .into_response(),
    }
}
