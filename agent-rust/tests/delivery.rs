//! Following a mounted ConfigMap directory: `..data` swaps, duplicates, invalid files and
//! `subPath` mounts. Files live in a temporary directory; the watch runs on real inotify.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::watch::{self, has_data_link, reload_if_changed, WatchOptions};
use fusebox_agent::{ManualClock, Registry, ReloadOutcome};

fn settings(threshold: u32) -> String {
    format!("version: 1\nservices:\n  backend:\n    failure_threshold: {threshold}\n")
}

fn registry() -> Arc<Registry> {
    Arc::new(Registry::new(
        Arc::new(ManualClock::new()),
        EnvDefaults::default(),
    ))
}

/// Lays out `dir` the way the kubelet does: a timestamped directory, a `..data` link to it,
/// and the key as a link through `..data`.
fn write_generation(dir: &Path, generation: u32, content: &str) {
    let real = dir.join(format!("..2026_12_04_00_00_0{generation}"));
    std::fs::create_dir(&real).unwrap();
    std::fs::write(real.join("circuit-breaker.yaml"), content).unwrap();
    let tmp = dir.join("..data_tmp");
    std::os::unix::fs::symlink(real.file_name().unwrap(), &tmp).unwrap();
    std::fs::rename(&tmp, dir.join("..data")).unwrap();
    let key = dir.join("circuit-breaker.yaml");
    if std::fs::symlink_metadata(&key).is_err() {
        std::os::unix::fs::symlink("..data/circuit-breaker.yaml", &key).unwrap();
    }
}

fn threshold(registry: &Registry) -> u32 {
    registry.breaker("backend").config().failure_threshold
}

#[test]
fn duplicate_content_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("circuit-breaker.yaml");
    std::fs::write(&path, settings(3)).unwrap();
    let registry = registry();
    let mut last_seen = None;
    let first = reload_if_changed(&registry, &path, &mut last_seen);
    assert!(matches!(first, Some(ReloadOutcome::Applied { .. })));
    assert_eq!(reload_if_changed(&registry, &path, &mut last_seen), None);
    assert_eq!(registry.reload_counts(), (1, 0));
}

#[test]
fn invalid_then_identical_file_applies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("circuit-breaker.yaml");
    let registry = registry();
    let mut last_seen = None;
    std::fs::write(&path, settings(3)).unwrap();
    reload_if_changed(&registry, &path, &mut last_seen);
    std::fs::write(
        &path,
        "version: 1\nservices:\n  backend:\n    failure_threshold: 0\n",
    )
    .unwrap();
    let rejected = reload_if_changed(&registry, &path, &mut last_seen);
    assert!(matches!(rejected, Some(ReloadOutcome::Rejected(_))));
    assert_eq!(threshold(&registry), 3);
    assert!(
        registry.is_ready(),
        "a rejected reload never affects readiness"
    );
    std::fs::write(&path, settings(3)).unwrap();
    let again = reload_if_changed(&registry, &path, &mut last_seen);
    assert!(matches!(again, Some(ReloadOutcome::Applied { .. })));
    assert_eq!(registry.last_error(), None);
    assert_eq!(registry.reload_counts(), (2, 1));
}

#[test]
fn subpath_mount_is_detected() {
    let plain = tempfile::tempdir().unwrap();
    let path = plain.path().join("circuit-breaker.yaml");
    std::fs::write(&path, settings(3)).unwrap();
    assert!(!has_data_link(&path));
    let mounted = tempfile::tempdir().unwrap();
    write_generation(mounted.path(), 1, &settings(3));
    assert!(has_data_link(&mounted.path().join("circuit-breaker.yaml")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn data_link_swap_reloads_settings() {
    let dir = tempfile::tempdir().unwrap();
    write_generation(dir.path(), 1, &settings(3));
    let registry = registry();
    let mut options = WatchOptions::new(dir.path().join("circuit-breaker.yaml"));
    options.rescan_interval = Duration::from_secs(3600);
    let _watcher = watch::spawn(Arc::clone(&registry), options).unwrap();
    assert_eq!(threshold(&registry), 3);
    assert!(registry.hot_reload_available());
    write_generation(dir.path(), 2, &settings(8));
    // Bounded wait for the inotify event: 200 polls of 25 ms.
    let mut applied = false;
    for _ in 0..200 {
        if threshold(&registry) == 8 {
            applied = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(applied, "the ..data swap was not applied within 5 s");
    assert_eq!(registry.reload_counts(), (2, 0));
}

#[tokio::test(start_paused = true)]
async fn backstop_rescan_finds_missed_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("circuit-breaker.yaml");
    std::fs::write(&path, settings(3)).unwrap();
    let registry = registry();
    let mut options = WatchOptions::new(&path);
    options.rescan_interval = Duration::from_secs(60);
    options.watch_events = false;
    let _watcher = watch::spawn(Arc::clone(&registry), options).unwrap();
    assert!(
        !registry.hot_reload_available(),
        "a plain file is reported like a subPath mount"
    );
    std::fs::write(&path, settings(6)).unwrap();
    tokio::time::sleep(Duration::from_secs(59)).await;
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    assert_eq!(threshold(&registry), 3, "no re-read before the interval");
    tokio::time::sleep(Duration::from_secs(2)).await;
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    assert_eq!(threshold(&registry), 6);
}

#[tokio::test(start_paused = true)]
async fn missing_directory_is_read_once_it_appears() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("fusebox");
    let path = dir.join("circuit-breaker.yaml");
    let registry = registry();
    let mut options = WatchOptions::new(&path);
    options.rescan_interval = Duration::from_secs(30);
    let _watcher = watch::spawn(Arc::clone(&registry), options).unwrap();
    assert_eq!(registry.reload_counts(), (0, 0), "nothing to read yet");

    std::fs::create_dir(&dir).unwrap();
    std::fs::write(&path, settings(7)).unwrap();
    tokio::time::sleep(Duration::from_secs(31)).await;
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }

    assert_eq!(threshold(&registry), 7);
    assert_eq!(registry.reload_counts(), (1, 0));
}
