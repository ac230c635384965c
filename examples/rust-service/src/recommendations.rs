//! HTTP client of the external recommendations API.

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::shop::DependencyError;

/// Fetches related product ids with `GET {base_url}{id}`, which returns a JSON string array.
#[derive(Clone)]
pub struct RecommendationsClient {
    base_url: String,
    client: Client<HttpConnector, Empty<Bytes>>,
}

impl RecommendationsClient {
    /// Creates a client for `base_url`, for example `http://127.0.0.1:8091/recommendations/`.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Returns the ids related to `id`. A status outside 2xx is an error.
    pub async fn related(&self, id: &str) -> Result<Option<Vec<String>>, DependencyError> {
        let url = format!("{}{}", self.base_url, id);
        let uri: hyper::Uri = url
            .parse()
            .map_err(|e| DependencyError(format!("invalid recommendations URL {url}: {e}")))?;
        let response = self.client.get(uri).await.map_err(|e| {
            DependencyError(format!("recommendations request to {url} failed: {e}"))
        })?;
        let status = response.status();
        if !status.is_success() {
            return Err(DependencyError(format!(
                "recommendations returned {status}"
            )));
        }
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| DependencyError(format!("recommendations body failed: {e}")))?
            .to_bytes();
        let ids: Vec<String> = serde_json::from_slice(&body)
            .map_err(|e| DependencyError(format!("invalid recommendations JSON: {e}")))?;
        Ok(Some(ids))
    }
}
