//! Starts the sample shop service.
//!
//! Environment:
//! - `FUSEBOX_SETTINGS_PATH`: the mounted settings file (default
//!   `/etc/fusebox/circuit-breaker.yaml`);
//! - `RECOMMENDATIONS_URL`: base URL of the external API (default
//!   `http://127.0.0.1:8091/recommendations/`);
//! - `LISTEN_ADDRESS`: where to serve HTTP (default `0.0.0.0:8080`);
//! - `FUSEBOX_HEALTH_ADDRESS` and `FUSEBOX_HEALTH_PORT`: host and port of the agent's own
//!   health server, which runs on a thread of its own so probes respond while the shop's
//!   handlers are saturated (default all IPv4 interfaces and port 8081, as in the Java agent);
//! - `FUSEBOX_API_WATCH`: `on` follows the ConfigMap through the Kubernetes API (needs the
//!   agent's `api-watch` feature), default `off`.

use std::process::ExitCode;
use std::sync::Arc;

use fusebox_agent::health_address::health_address_from_lookup;
use fusebox_agent::http::{AgentHttp, HealthServer};
use fusebox_agent::metrics::prometheus_registry;
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{delivery, Registry, TokioClock};
use fusebox_rust_service::recommendations::RecommendationsClient;
use fusebox_rust_service::shop::{ProductDatabase, ShopService};
use tracing_subscriber::EnvFilter;

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    // Without RUST_LOG the filter would keep only errors, which hides the start line and the
    // agent's warnings (a missing settings file, a subPath mount).
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Display, not the Debug form that returning the error from main prints.
            eprintln!("fusebox-rust-service: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let env = EnvDefaults::from_env()?;
    let registry = Arc::new(Registry::new(Arc::new(TokioClock::new()), env));
    let settings_path = setting("FUSEBOX_SETTINGS_PATH", "/etc/fusebox/circuit-breaker.yaml");
    let lookup = |name: &str| std::env::var(name).ok();
    let _source = delivery::start(Arc::clone(&registry), &settings_path, lookup).await?;
    let health_address = health_address_from_lookup(lookup)?;
    let health_state = AgentHttp::new(
        Arc::clone(&registry),
        prometheus_registry(Arc::clone(&registry)),
    );
    let _health = HealthServer::start(health_address, health_state)?;
    let recommendations = RecommendationsClient::new(setting(
        "RECOMMENDATIONS_URL",
        "http://127.0.0.1:8091/recommendations/",
    ));
    let database = Arc::new(ProductDatabase::with_samples());
    let shop = Arc::new(ShopService::new(&registry, database, recommendations));
    let address = setting("LISTEN_ADDRESS", "0.0.0.0:8080");
    let listener = tokio::net::TcpListener::bind(&address).await?;
    tracing::info!(%address, settings = %settings_path, "shop service started");
    axum::serve(listener, fusebox_rust_service::app(registry, shop))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    tracing::info!("shop service stopped");
    Ok(())
}
