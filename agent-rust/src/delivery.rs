//! Choosing how the agent follows its settings: the mounted file or the Kubernetes API.
//!
//! Like the Java agent, `FUSEBOX_API_WATCH=on` reads the ConfigMap through the API, which is
//! the way out of a `subPath` mount (the kubelet never updates such a file). Without it the
//! agent follows the mounted file and, on a `subPath` mount, warns once and exports
//! `fusebox_config_hot_reload_available 0`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::registry::Registry;
use crate::settings::SettingsError;
use crate::watch::{self, has_data_link, SettingsWatcher, WatchOptions};

/// Source of the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The mounted ConfigMap file, followed by [`watch::spawn`].
    MountedFile,
    /// The ConfigMap read through the Kubernetes API (cargo feature `api-watch`).
    ApiWatch,
}

/// Whether this build contains the `api-watch` feature.
pub const API_WATCH_COMPILED: bool = cfg!(feature = "api-watch");

/// Parses `FUSEBOX_API_WATCH` from `lookup`: `on` or `off`, default `off`.
pub fn api_watch_requested(lookup: impl Fn(&str) -> Option<String>) -> Result<bool, SettingsError> {
    let Some(value) = lookup("FUSEBOX_API_WATCH") else {
        return Ok(false);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "on" => Ok(true),
        "off" | "" => Ok(false),
        _ => Err(SettingsError {
            source: "FUSEBOX_API_WATCH".to_string(),
            line: None,
            key: "FUSEBOX_API_WATCH".to_string(),
            value,
            expected: "set on or off".to_string(),
        }),
    }
}

/// Chooses the delivery for a settings file at `settings_path` (a `subPath` mount has no
/// `..data` entry beside it), with API watch requested or not and compiled in or not.
pub fn choose(
    api_watch_requested: bool,
    api_watch_compiled: bool,
    subpath_mount: bool,
) -> Result<Delivery, DeliveryError> {
    match (api_watch_requested, api_watch_compiled) {
        (true, true) => Ok(Delivery::ApiWatch),
        (true, false) => Err(DeliveryError::ApiWatchNotCompiled),
        (false, _) => {
            if subpath_mount && api_watch_compiled {
                tracing::info!(
                    "the settings file is a subPath mount; set FUSEBOX_API_WATCH=on to follow \
                     the ConfigMap through the Kubernetes API"
                );
            }
            Ok(Delivery::MountedFile)
        }
    }
}

/// Error that stops the settings source from starting.
#[derive(Debug)]
pub enum DeliveryError {
    /// `FUSEBOX_API_WATCH` is on, but the crate was built without the `api-watch` feature.
    ApiWatchNotCompiled,
    /// An environment variable is missing or invalid.
    Settings(SettingsError),
    /// The file watch could not start.
    Watch(notify::Error),
    /// The Kubernetes client could not be created.
    #[cfg(feature = "api-watch")]
    Kubernetes(kube::Error),
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryError::ApiWatchNotCompiled => f.write_str(
                "FUSEBOX_API_WATCH is on, but fusebox-agent was built without the api-watch \
                 feature; enable the feature or set FUSEBOX_API_WATCH=off",
            ),
            DeliveryError::Settings(error) => error.fmt(f),
            DeliveryError::Watch(error) => write!(f, "failed to watch the settings file: {error}"),
            #[cfg(feature = "api-watch")]
            DeliveryError::Kubernetes(error) => write!(
                f,
                "failed to create the Kubernetes client for FUSEBOX_API_WATCH=on: {error}"
            ),
        }
    }
}

impl std::error::Error for DeliveryError {}

/// A running settings source; dropping it stops following the settings.
pub enum SettingsSource {
    /// Follows the mounted file.
    File(SettingsWatcher),
    /// Follows the ConfigMap through the API; the task is aborted on drop.
    #[cfg(feature = "api-watch")]
    ApiWatch {
        /// The watch task.
        task: AbortOnDrop,
        /// Restart and last-sync metrics of the watch.
        stats: Arc<crate::api_watch::ApiWatchStats>,
    },
}

/// A task handle that aborts the task when dropped.
#[cfg(feature = "api-watch")]
pub struct AbortOnDrop(tokio::task::JoinHandle<()>);

#[cfg(feature = "api-watch")]
impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts following the settings as the environment selects (`FUSEBOX_API_WATCH`, and for
/// API watch `POD_NAMESPACE`, `FUSEBOX_CONFIGMAP_NAME`, `FUSEBOX_CONFIGMAP_KEY`,
/// `FUSEBOX_API_WATCH_MAX_AGE_SECONDS`). Must be called inside a tokio runtime.
pub async fn start(
    registry: Arc<Registry>,
    settings_path: impl Into<PathBuf>,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<SettingsSource, DeliveryError> {
    let settings_path: PathBuf = settings_path.into();
    let requested = api_watch_requested(&lookup).map_err(DeliveryError::Settings)?;
    let subpath_mount = !has_data_link(Path::new(&settings_path));
    match choose(requested, API_WATCH_COMPILED, subpath_mount)? {
        Delivery::MountedFile => watch::spawn(registry, WatchOptions::new(settings_path))
            .map(SettingsSource::File)
            .map_err(DeliveryError::Watch),
        #[cfg(feature = "api-watch")]
        Delivery::ApiWatch => {
            use crate::api_watch::{ApiWatchOptions, ApiWatchStats};
            let options = ApiWatchOptions::from_lookup(&lookup).map_err(DeliveryError::Settings)?;
            let client = kube::Client::try_default()
                .await
                .map_err(DeliveryError::Kubernetes)?;
            registry.set_hot_reload_available(true);
            let stats = Arc::new(ApiWatchStats::new());
            tracing::info!(
                namespace = %options.namespace,
                name = %options.name,
                "following the settings ConfigMap through the Kubernetes API"
            );
            let task = tokio::spawn(crate::api_watch::run(
                registry,
                client,
                options,
                Arc::clone(&stats),
            ));
            Ok(SettingsSource::ApiWatch {
                task: AbortOnDrop(task),
                stats,
            })
        }
        #[cfg(not(feature = "api-watch"))]
        Delivery::ApiWatch => Err(DeliveryError::ApiWatchNotCompiled),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_watch_wins_on_subpath() {
        assert_eq!(choose(true, true, true).unwrap(), Delivery::ApiWatch);
        assert_eq!(choose(true, true, false).unwrap(), Delivery::ApiWatch);
    }

    #[test]
    fn file_without_api_watch() {
        assert_eq!(choose(false, true, true).unwrap(), Delivery::MountedFile);
        assert_eq!(choose(false, false, true).unwrap(), Delivery::MountedFile);
        assert_eq!(choose(false, false, false).unwrap(), Delivery::MountedFile);
    }

    #[test]
    fn api_watch_needs_feature() {
        let error = choose(true, false, true).unwrap_err();
        assert!(matches!(error, DeliveryError::ApiWatchNotCompiled));
        assert!(error.to_string().contains("FUSEBOX_API_WATCH=off"));
    }

    #[test]
    fn api_watch_variable_parses() {
        let lookup = |value: &'static str| move |_: &str| Some(value.to_string());
        assert!(api_watch_requested(lookup("on")).unwrap());
        assert!(api_watch_requested(lookup("ON")).unwrap());
        assert!(!api_watch_requested(lookup("off")).unwrap());
        assert!(!api_watch_requested(|_: &str| None).unwrap());
        let error = api_watch_requested(lookup("yes please")).unwrap_err();
        assert!(error.to_string().contains("yes please"));
        assert!(error.to_string().contains("on or off"));
    }
}
