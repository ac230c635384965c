//! Following the mounted settings file: a directory watch, a periodic re-read and `subPath`
//! detection.
//!
//! The kubelet updates a ConfigMap volume by swapping the `..data` symlink inside the mount
//! directory, so the watch is on the directory, every event kind triggers a re-read, and the
//! content hash removes duplicates. A periodic re-read covers lost events. A `subPath` mount
//! has no `..data` beside the file and never changes; the watcher warns once and exports
//! `fusebox_config_hot_reload_available 0`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::registry::{Registry, ReloadOutcome};
use crate::settings::content_hash;

/// Location of the settings file and the re-read policy.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Path of `circuit-breaker.yaml` inside the mounted directory.
    pub path: PathBuf,
    /// Interval of the backstop re-read.
    pub rescan_interval: Duration,
    /// Whether to watch the directory for events; false leaves only the periodic re-read,
    /// for file systems without change notification.
    pub watch_events: bool,
}

impl WatchOptions {
    /// Creates options for `path` with a 60-second backstop re-read.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            rescan_interval: Duration::from_secs(60),
            watch_events: true,
        }
    }
}

/// A running watch; dropping it stops the watch. The task owns the directory watcher.
pub struct SettingsWatcher {
    task: JoinHandle<()>,
}

impl Drop for SettingsWatcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Returns whether `path` sits in a kubelet-managed ConfigMap directory (a `..data` entry
/// beside it). A `subPath` mount or a plain file has none.
pub fn has_data_link(path: &Path) -> bool {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::symlink_metadata(dir.join("..data")).is_ok()
}

/// Reads the file and applies it if its hash differs from `last_seen`, which it updates.
/// Returns `None` when the file was unchanged or could not be read.
pub fn reload_if_changed(
    registry: &Registry,
    path: &Path,
    last_seen: &mut Option<String>,
) -> Option<ReloadOutcome> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "failed to read settings file; keeping the active settings");
            return None;
        }
    };
    let hash = content_hash(&bytes);
    if last_seen.as_deref() == Some(hash.as_str()) {
        return None;
    }
    *last_seen = Some(hash);
    Some(registry.apply(&path.display().to_string(), &bytes))
}

/// Loads the file once, then follows it until the returned watcher is dropped.
///
/// Must be called inside a tokio runtime.
pub fn spawn(registry: Arc<Registry>, options: WatchOptions) -> notify::Result<SettingsWatcher> {
    let path = options.path.clone();
    let hot_reload = has_data_link(&path);
    registry.set_hot_reload_available(hot_reload);
    if !hot_reload {
        tracing::warn!(
            path = %path.display(),
            "no ..data entry beside the settings file: a subPath mount never receives ConfigMap \
             updates; mount the whole ConfigMap directory to get hot reload"
        );
    }
    let mut last_seen = None;
    reload_if_changed(&registry, &path, &mut last_seen);

    // One slot: an event that finds it full joins the re-read already pending, so a burst of
    // events never queues more than one re-read.
    let (events, mut receiver) = mpsc::channel::<()>(1);
    // Without a watch the task keeps the sender, so the channel never reports closed.
    let mut idle_sender = None;
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut watcher = if options.watch_events {
        Some(notify::recommended_watcher(
            move |event: notify::Result<notify::Event>| {
                if let Err(error) = &event {
                    tracing::warn!(%error, "settings directory watch reported an error; re-reading");
                }
                // Any event kind, and errors too, trigger a re-read; the hash removes duplicates.
                let _ = events.try_send(());
            },
        )?)
    } else {
        idle_sender = Some(events);
        None
    };
    let mut watching = match watcher.as_mut() {
        Some(watcher) => watch_dir(watcher, &dir, options.rescan_interval)?,
        None => false,
    };

    let task = tokio::spawn(async move {
        let _idle_sender = idle_sender;
        let mut backstop = tokio::time::interval(options.rescan_interval);
        backstop.tick().await;
        loop {
            tokio::select! {
                Some(()) = receiver.recv() => {}
                _ = backstop.tick() => {}
            }
            if let (Some(watcher), false) = (watcher.as_mut(), watching) {
                // The directory was missing at start; watch it once it exists.
                watching = watch_dir(watcher, &dir, options.rescan_interval).unwrap_or(false);
            }
            reload_if_changed(&registry, &path, &mut last_seen);
        }
    });
    Ok(SettingsWatcher { task })
}

/// Starts watching `dir`. Returns false, after a warning, when the directory does not exist
/// yet: the periodic re-read then looks for the file and retries the watch.
fn watch_dir(
    watcher: &mut notify::RecommendedWatcher,
    dir: &Path,
    rescan_interval: Duration,
) -> notify::Result<bool> {
    if !dir.is_dir() {
        tracing::warn!(
            dir = %dir.display(),
            "settings directory does not exist; re-reading every {} s until it appears",
            rescan_interval.as_secs()
        );
        return Ok(false);
    }
    watcher.watch(dir, RecursiveMode::NonRecursive)?;
    Ok(true)
}
