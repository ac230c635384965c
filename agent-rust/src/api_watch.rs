//! API-watch delivery: reads the settings ConfigMap through the Kubernetes API, for pods that
//! cannot mount it as a directory (for example a `subPath` mount).
//!
//! kube-runtime's watcher (kube-runtime 2.0) lists the ConfigMap, watches it, and starts over
//! with a new list when the server ends a watch with `410 Gone`. Each watch request sets a
//! server-side timeout of `max_watch_seconds`. A watch that stays open but delivers no
//! event for `max_watch_age` is dropped and replaced by a new watcher, which lists first, so a
//! missed change is applied within the maximum age plus one list.
//!
//! `tests/api_watch_server.rs` runs this module against kube-apiserver and etcd on loopback.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::runtime::watcher::{self, Event};
use kube::runtime::WatchStreamExt;
use kube::{Api, Client};
use prometheus::{Gauge, IntCounter};

use crate::registry::Registry;
use crate::settings::{content_hash, SettingsError};
use crate::watch_age::follow_with_max_age;

pub use crate::watch_age::RestartReason;

/// Which ConfigMap and key to follow.
#[derive(Debug, Clone)]
pub struct ApiWatchOptions {
    /// Namespace of the ConfigMap.
    pub namespace: String,
    /// Name of the ConfigMap, `<policy>-circuit-breakers`.
    pub name: String,
    /// Key of the settings file in the ConfigMap.
    pub key: String,
    /// Maximum time a single watch request stays open before the server ends it, in seconds.
    pub max_watch_seconds: u32,
    /// Maximum time without any watch event before the watcher is replaced by a new one.
    pub max_watch_age: Duration,
}

impl ApiWatchOptions {
    /// Creates options for ConfigMap `name` in `namespace` with key `circuit-breaker.yaml`, a
    /// 290-second watch request bound and a 300-second maximum watch age.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
            name: name.into(),
            key: "circuit-breaker.yaml".to_string(),
            max_watch_seconds: 290,
            max_watch_age: Duration::from_secs(300),
        }
    }
}

impl ApiWatchOptions {
    /// Reads the options from `lookup`, as the Java agent does: `POD_NAMESPACE` and
    /// `FUSEBOX_CONFIGMAP_NAME` (both required), `FUSEBOX_CONFIGMAP_KEY` (default
    /// `circuit-breaker.yaml`) and `FUSEBOX_API_WATCH_MAX_AGE_SECONDS` (default 300).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let required = |name: &str, fix: &str| {
            lookup(name)
                .filter(|value| !value.trim().is_empty())
                .ok_or_else(|| SettingsError {
                    source: name.to_string(),
                    line: None,
                    key: name.to_string(),
                    value: String::new(),
                    expected: format!("{name} is missing and FUSEBOX_API_WATCH is on; {fix}"),
                })
        };
        let namespace = required(
            "POD_NAMESPACE",
            "set it from the downward API (fieldRef metadata.namespace)",
        )?;
        let name = required(
            "FUSEBOX_CONFIGMAP_NAME",
            "set it to the policy's ConfigMap, <policy>-circuit-breakers",
        )?;
        let mut options = Self::new(namespace, name);
        if let Some(key) = lookup("FUSEBOX_CONFIGMAP_KEY").filter(|key| !key.trim().is_empty()) {
            options.key = key;
        }
        if let Some(text) = lookup("FUSEBOX_API_WATCH_MAX_AGE_SECONDS") {
            let seconds = text
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|seconds| *seconds > 0)
                .ok_or_else(|| SettingsError {
                    source: "FUSEBOX_API_WATCH_MAX_AGE_SECONDS".to_string(),
                    line: None,
                    key: "FUSEBOX_API_WATCH_MAX_AGE_SECONDS".to_string(),
                    value: text.clone(),
                    expected: "set a whole number of seconds greater than 0, for example 300"
                        .to_string(),
                })?;
            options.max_watch_age = Duration::from_secs(seconds);
        }
        Ok(options)
    }
}

/// Metrics of the API watch: `fusebox_config_api_watch_restarts_total` and
/// `fusebox_config_api_watch_last_sync_seconds`, the names the Java agent exports.
#[derive(Debug, Clone)]
pub struct ApiWatchStats {
    restarts: IntCounter,
    last_sync: Gauge,
}

impl Default for ApiWatchStats {
    fn default() -> Self {
        Self::new()
    }
}

impl ApiWatchStats {
    /// Creates the metrics with no restart and no sync yet (the last-sync gauge is `NaN`).
    pub fn new() -> Self {
        let restarts = IntCounter::new(
            "fusebox_config_api_watch_restarts_total",
            "Settings watch restarts: quiet watches replaced after the maximum watch age, and \
             watches restarted after an error",
        )
        .expect("the restart counter's name and help are valid");
        let last_sync = Gauge::new(
            "fusebox_config_api_watch_last_sync_seconds",
            "Time of the last list or event from the API server, in seconds since the Unix epoch",
        )
        .expect("the last-sync gauge's name and help are valid");
        last_sync.set(f64::NAN);
        Self {
            restarts,
            last_sync,
        }
    }

    /// Registers both metrics with `prometheus`.
    pub fn register(&self, prometheus: &prometheus::Registry) -> prometheus::Result<()> {
        prometheus.register(Box::new(self.restarts.clone()))?;
        prometheus.register(Box::new(self.last_sync.clone()))
    }

    /// Returns how many times the watch was restarted.
    pub fn restarts(&self) -> u64 {
        self.restarts.get()
    }

    /// Returns the time of the last sync in seconds since the Unix epoch, or `None` before
    /// the first.
    pub fn last_sync_unix_seconds(&self) -> Option<f64> {
        let seconds = self.last_sync.get();
        (!seconds.is_nan()).then_some(seconds)
    }

    fn record_restart(&self) {
        self.restarts.inc();
    }

    /// Records that the API server delivered the ConfigMap's state now. The value is wall-clock
    /// time because dashboards compare it with `time()`; no rule reads it.
    fn record_sync(&self) {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |since| since.as_secs_f64());
        self.last_sync.set(seconds);
    }
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
    let open = || {
        watcher::watcher(api.clone(), config.clone())
            .default_backoff()
            .boxed()
    };
    let on_restart = |reason: RestartReason| {
        stats.record_restart();
        tracing::info!(
            %source,
            ?reason,
            max_watch_age_seconds = options.max_watch_age.as_secs(),
            "no settings watch event within the maximum watch age; restarting the watch with a new list"
        );
    };
    let on_event = |event: Result<Event<ConfigMap>, watcher::Error>| {
        let config_map = match event {
            Ok(Event::Apply(config_map)) | Ok(Event::InitApply(config_map)) => Some(config_map),
            Ok(Event::InitDone) => {
                stats.record_sync();
                None
            }
            Ok(Event::Init) => None,
            Ok(Event::Delete(_)) => {
                tracing::warn!(%source, "settings ConfigMap deleted; keeping the active settings");
                None
            }
            Err(error) => {
                stats.record_restart();
                tracing::warn!(%source, %error, "settings watch failed; restarting with backoff");
                None
            }
        };
        if let Some(config_map) = config_map {
            stats.record_sync();
            apply_config_map(
                &registry,
                &source,
                &options.key,
                &config_map,
                &mut last_seen,
            );
        }
        async {}
    };
    follow_with_max_age(open, options.max_watch_age, on_event, on_restart).await;
}

/// Applies the settings key of `config_map` unless its content equals the last one applied.
fn apply_config_map(
    registry: &Registry,
    source: &str,
    key: &str,
    config_map: &ConfigMap,
    last_seen: &mut Option<String>,
) {
    let Some(content) = config_map.data.as_ref().and_then(|data| data.get(key)) else {
        tracing::warn!(%source, "settings ConfigMap has no such key; keeping the active settings");
        return;
    };
    let hash = content_hash(content.as_bytes());
    if last_seen.as_deref() == Some(hash.as_str()) {
        return;
    }
    *last_seen = Some(hash);
    registry.apply(source, content.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[test]
    fn options_read_environment() {
        let options = ApiWatchOptions::from_lookup(lookup(&[
            ("POD_NAMESPACE", "shop"),
            ("FUSEBOX_CONFIGMAP_NAME", "orders-circuit-breakers"),
            ("FUSEBOX_API_WATCH_MAX_AGE_SECONDS", "120"),
        ]))
        .unwrap();
        assert_eq!(options.namespace, "shop");
        assert_eq!(options.name, "orders-circuit-breakers");
        assert_eq!(options.key, "circuit-breaker.yaml");
        assert_eq!(options.max_watch_age, Duration::from_secs(120));
    }

    #[test]
    fn missing_namespace_is_named() {
        let error =
            ApiWatchOptions::from_lookup(lookup(&[("FUSEBOX_CONFIGMAP_NAME", "x")])).unwrap_err();
        assert!(error.to_string().contains("POD_NAMESPACE"));
    }

    #[test]
    fn invalid_max_age_is_named() {
        let error = ApiWatchOptions::from_lookup(lookup(&[
            ("POD_NAMESPACE", "shop"),
            ("FUSEBOX_CONFIGMAP_NAME", "x"),
            ("FUSEBOX_API_WATCH_MAX_AGE_SECONDS", "0"),
        ]))
        .unwrap_err();
        assert!(error
            .to_string()
            .contains("FUSEBOX_API_WATCH_MAX_AGE_SECONDS"));
        assert!(error.to_string().contains("greater than 0"));
    }

    #[test]
    fn metrics_start_unsynced() {
        let stats = ApiWatchStats::new();
        assert_eq!(stats.restarts(), 0);
        assert_eq!(stats.last_sync_unix_seconds(), None);
        stats.record_restart();
        stats.record_sync();
        assert_eq!(stats.restarts(), 1);
        assert!(stats.last_sync_unix_seconds().unwrap() > 1.0e9);
        let prometheus = prometheus::Registry::new();
        stats.register(&prometheus).unwrap();
        let text = crate::metrics::render_text(&prometheus);
        assert!(text.contains("fusebox_config_api_watch_restarts_total 1"));
        assert!(text.contains("fusebox_config_api_watch_last_sync_seconds "));
    }
}
