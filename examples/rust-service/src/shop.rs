//! The shop's read path with one breaker per dependency.
//!
//! - `redis` (the cache) is tried first; a failure or rejection counts as a miss.
//! - `database` is critical: when it fails or its breaker is open and the product is not
//!   cached, the request fails with 503.
//! - `external_api` (recommendations) is optional: a failure, timeout or rejection degrades
//!   the response to no recommendations.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use fusebox_agent::{CallError, CircuitBreaker, Registry};
use serde::Serialize;

use crate::recommendations::RecommendationsClient;

/// Breaker of the database.
pub const DATABASE: &str = "database";
/// Breaker of the cache; the example policy names it after the Redis deployment.
pub const CACHE: &str = "redis";
/// Breaker of the external recommendations API.
pub const EXTERNAL_API: &str = "external_api";

/// A product as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    /// Product id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// The response of `GET /products/{id}`.
#[derive(Debug, Clone, Serialize)]
pub struct ProductView {
    /// The product.
    pub product: Product,
    /// Source of the product: `cache` or `database`.
    pub source: &'static str,
    /// Related product ids; empty when degraded.
    pub recommendations: Vec<String>,
    /// Whether the recommendations were skipped because the external API failed.
    pub degraded: bool,
}

/// The error a dependency returns when it is unavailable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependencyError(pub String);

impl std::fmt::Display for DependencyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An in-memory product table standing in for a database; `set_failing` simulates an outage.
#[derive(Debug, Default)]
pub struct ProductDatabase {
    rows: HashMap<String, Product>,
    failing: AtomicBool,
}

impl ProductDatabase {
    /// Creates a table with a few sample products.
    pub fn with_samples() -> Self {
        let rows = [("1", "Kettle"), ("2", "Teapot"), ("3", "Mug")]
            .into_iter()
            .map(|(id, name)| {
                let product = Product {
                    id: id.to_string(),
                    name: name.to_string(),
                };
                (id.to_string(), product)
            })
            .collect();
        Self {
            rows,
            failing: AtomicBool::new(false),
        }
    }

    /// Makes every query fail (true) or succeed (false).
    pub fn set_failing(&self, failing: bool) {
        self.failing.store(failing, Ordering::SeqCst);
    }

    async fn find(&self, id: &str) -> Result<Option<Product>, DependencyError> {
        if self.failing.load(Ordering::SeqCst) {
            return Err(DependencyError("database unavailable".to_string()));
        }
        Ok(self.rows.get(id).cloned())
    }
}

/// An in-process cache standing in for Redis.
#[derive(Debug, Default)]
pub struct ProductCache {
    entries: Mutex<HashMap<String, Product>>,
}

impl ProductCache {
    async fn get(&self, id: &str) -> Result<Option<Product>, DependencyError> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        Ok(entries.get(id).cloned())
    }

    async fn put(&self, product: Product) -> Result<(), DependencyError> {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.insert(product.id.clone(), product);
        Ok(())
    }
}

/// Reason a product could not be served.
#[derive(Debug)]
pub enum ShopError {
    /// The product is not cached and the database failed or its breaker rejected the call.
    Unavailable(String),
}

/// The shop backend.
pub struct ShopService {
    database: Arc<ProductDatabase>,
    cache: ProductCache,
    recommendations: RecommendationsClient,
    database_breaker: Arc<CircuitBreaker>,
    cache_breaker: Arc<CircuitBreaker>,
    external_breaker: Arc<CircuitBreaker>,
}

impl ShopService {
    /// Creates the service with breakers from `registry`.
    pub fn new(
        registry: &Registry,
        database: Arc<ProductDatabase>,
        recommendations: RecommendationsClient,
    ) -> Self {
        Self {
            database,
            cache: ProductCache::default(),
            recommendations,
            database_breaker: registry.breaker(DATABASE),
            cache_breaker: registry.breaker(CACHE),
            external_breaker: registry.breaker(EXTERNAL_API),
        }
    }

    /// Returns product `id` with its recommendations, or `None` when it does not exist.
    pub async fn product(&self, id: &str) -> Result<Option<ProductView>, ShopError> {
        let related = self.external_breaker.call_or_else(
            self.recommendations.related(id),
            |error: CallError<DependencyError>| {
                tracing::debug!(id, %error, "recommendations degraded");
                None
            },
        );
        let lookup = async {
            let cached = self
                .cache_breaker
                .call_or_else(self.cache.get(id), |error| {
                    tracing::debug!(id, %error, "cache read failed; reading the database");
                    None
                })
                .await;
            if let Some(product) = cached {
                return Ok(Some((product, "cache")));
            }
            match self.database_breaker.call(self.database.find(id)).await {
                Ok(Some(product)) => {
                    let stored = self.cache.put(product.clone());
                    if let Err(error) = self.cache_breaker.call(stored).await {
                        tracing::debug!(id, %error, "cache write failed");
                    }
                    Ok(Some((product, "database")))
                }
                Ok(None) => Ok(None),
                Err(error) => Err(ShopError::Unavailable(format!("{DATABASE}: {error}"))),
            }
        };
        let (related, found) = tokio::join!(related, lookup);
        let Some((product, source)) = found? else {
            return Ok(None);
        };
        let degraded = related.is_none();
        Ok(Some(ProductView {
            product,
            source,
            recommendations: related.unwrap_or_default(),
            degraded,
        }))
    }

    /// Returns the database, so operators of the demo can simulate an outage.
    pub fn database(&self) -> &Arc<ProductDatabase> {
        &self.database
    }
}
