//! API-watch delivery: reads the settings ConfigMap through the Kubernetes API, for pods that
//! cannot mount it as a directory (for example a `subPath` mount).
//!
//! kube-runtime's watcher lists the ConfigMap, watches it, and re-lists after `410 Gone`. Each
//! watch request asks the server to close it after `max_watch_seconds`, so a watch that goes
//! quiet is restarted within that bound.
//!
//! NOTE: this module is compile-checked by `run-ci.sh`, but no test runs it against an API
//! server yet.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures_util::StreamExt;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::runtime::watcher::{self, Event};
use kube::runtime::WatchStreamExt;
use kube::{Api, Client};

use crate::registry::Registry;
use crate::settings::content_hash;

/// Which ConfigMap and key to follow.
#[derive(Debug, Clone)]
pub struct ApiWatchOptions {
    /// Namespace of the ConfigMap.
    pub namespace: String,
    /// Name of the ConfigMap, `<policy>-circuit-breakers`.
    pub name: String,
    /// Key of the settings file in the ConfigMap.
    pub key: String,
    /// Longest a single watch request stays open before the server ends it, in seconds.
    pub max_watch_seconds: u32,
}

impl ApiWatchOptions {
    /// Creates options for ConfigMap `name` in `namespace` with key `circuit-breaker.yaml` and
    /// a 290-second watch bound.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
            name: name.into(),
            key: "circuit-breaker.yaml".to_string(),
            max_watch_seconds: 290,
        }
    }
}

/// Counters of the API watch.
#[derive(Debug, Default)]
pub struct ApiWatchStats {
    /// Watch stream errors after which the watcher backed off and restarted.
    pub restarts: AtomicU64,
}

/// Follows the ConfigMap until the stream ends, applying each new content to `registry`.
pub async fn run(
    registry: Arc<Registry>,
    client: Client,
    options: ApiWatchOptions,
    stats: Arc<ApiWatchStats>,
) {
    let api: Api<ConfigMap> = Api::namespaced(client, &options.namespace);
    let config = watcher::Config::default()
        .fields(&format!("metadata.name={}", options.name))
        .timeout(options.max_watch_seconds);
    let source = format!(
        "configmap/{}/{}#{}",
        options.namespace, options.name, options.key
    );
    let mut last_seen: Option<String> = None;
    let mut stream = watcher::watcher(api, config).default_backoff().boxed();
    while let Some(event) = stream.next().await {
        let config_map = match event {
            Ok(Event::Apply(config_map)) | Ok(Event::InitApply(config_map)) => config_map,
            Ok(Event::Delete(_)) => {
                tracing::warn!(%source, "settings ConfigMap deleted; keeping the active settings");
                continue;
            }
            Ok(Event::Init) | Ok(Event::InitDone) => continue,
            Err(error) => {
                stats.restarts.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(%source, %error, "settings watch failed; restarting with backoff");
                continue;
            }
        };
        let Some(content) = config_map
            .data
            .as_ref()
            .and_then(|data| data.get(&options.key))
        else {
            tracing::warn!(%source, "settings ConfigMap has no such key; keeping the active settings");
            continue;
        };
        let hash = content_hash(content.as_bytes());
        if last_seen.as_deref() == Some(hash.as_str()) {
            continue;
        }
        last_seen = Some(hash);
        registry.apply(&source, content.as_bytes());
    }
}
