//! API-watch mode against a real kube-apiserver and etcd on 127.0.0.1. The agent applies the
//! ConfigMap and applies an edit in place. It keeps the last good settings on an invalid edit,
//! and it follows the ConfigMap again after the API server stops and starts on the same port.
//!
//! Needs the kube-api-test binaries and `openssl`. Without them the test prints the reason
//! and passes, unless `FUSEBOX_REQUIRE_TOOLS=true`, which makes it fail.
#![cfg(feature = "api-watch")]

mod control_plane;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fusebox_agent::api_watch::{self, ApiWatchOptions, ApiWatchStats};
use fusebox_agent::settings::EnvDefaults;
use fusebox_agent::{BreakerState, CallOutcome, ManualClock, Registry};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Patch, PatchParams};
use kube::{Api, Client};

use control_plane::ControlPlane;

const NAMESPACE: &str = "default";
const CONFIG_MAP: &str = "checkout-circuit-breakers";

/// Maximum wait for the agent to see one ConfigMap change.
const APPLY_TIMEOUT: Duration = Duration::from_secs(20);

fn settings(threshold: u32) -> String {
    format!(
        "version: 1\nservices:\n  backend:\n    failure_threshold: {threshold}\n    \
         recovery_timeout_seconds: 600\n"
    )
}

async fn write_config_map(client: &Client, content: &str) {
    let api: Api<ConfigMap> = Api::namespaced(client.clone(), NAMESPACE);
    let config_map = ConfigMap {
        metadata: kube::api::ObjectMeta {
            name: Some(CONFIG_MAP.to_string()),
            ..Default::default()
        },
        data: Some(BTreeMap::from([(
            "circuit-breaker.yaml".to_string(),
            content.to_string(),
        )])),
        ..Default::default()
    };
    // The namespace `default` appears shortly after the API server reports ready, so the
    // first write may need a few tries.
    let deadline = Instant::now() + APPLY_TIMEOUT;
    loop {
        let params = PatchParams::apply("fusebox-agent-test").force();
        match api
            .patch(CONFIG_MAP, &params, &Patch::Apply(&config_map))
            .await
        {
            Ok(_) => return,
            Err(error) if Instant::now() < deadline => {
                eprintln!("writing the ConfigMap failed, retrying: {error}");
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(error) => panic!("failed to write ConfigMap {CONFIG_MAP}: {error}"),
        }
    }
}

/// Polls `condition` every 50 ms until it returns true; panics after `APPLY_TIMEOUT`.
async fn wait_for(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + APPLY_TIMEOUT;
    while !condition() {
        assert!(
            Instant::now() < deadline,
            "timed out after {APPLY_TIMEOUT:?} waiting until {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn threshold(registry: &Registry) -> u32 {
    registry.breaker("backend").config().failure_threshold
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_watch_follows_config_map() {
    let binaries = match control_plane::locate_binaries() {
        Ok(dir) => dir,
        Err(reason) => {
            let required = std::env::var("FUSEBOX_REQUIRE_TOOLS").is_ok_and(|v| v == "true");
            assert!(!required, "FUSEBOX_REQUIRE_TOOLS=true but {reason}");
            eprintln!("skipped api_watch_follows_config_map: {reason}");
            return;
        }
    };
    let started = Instant::now();
    let mut plane = ControlPlane::start(binaries).await;
    eprintln!("control plane ready in {:?}", started.elapsed());
    let client = plane.client().await;
    write_config_map(&client, &settings(3)).await;

    let registry = Arc::new(Registry::new(
        Arc::new(ManualClock::new()),
        EnvDefaults::default(),
    ));
    let stats = Arc::new(ApiWatchStats::new());
    let mut options = ApiWatchOptions::new(NAMESPACE, CONFIG_MAP);
    // A short maximum age replaces a watcher that backs off after the outage, so the test
    // does not wait for kube-runtime 2.0.1's default backoff (0.8 s doubling up to 30 s).
    options.max_watch_age = Duration::from_secs(3);
    let watch = tokio::spawn(api_watch::run(
        Arc::clone(&registry),
        client.clone(),
        options,
        Arc::clone(&stats),
    ));
    let _abort = AbortOnDrop(watch);

    wait_for("the first ConfigMap applies", || threshold(&registry) == 3).await;
    assert!(registry.is_loaded());
    assert!(stats.last_sync_unix_seconds().is_some());

    // Open the breaker, then edit the ConfigMap: the new threshold applies and the breaker
    // stays open.
    let backend = registry.breaker("backend");
    for _ in 0..3 {
        backend.try_acquire().unwrap().finish(CallOutcome::Failure);
    }
    assert_eq!(backend.state(), BreakerState::Open);
    write_config_map(&client, &settings(5)).await;
    wait_for("the edit applies", || threshold(&registry) == 5).await;
    assert_eq!(backend.state(), BreakerState::Open);
    assert_eq!(registry.reload_counts(), (2, 0));

    // An invalid edit is rejected and the last good settings stay active.
    write_config_map(
        &client,
        "version: 1\nservices:\n  backend:\n    failure_threshold: -1\n",
    )
    .await;
    wait_for("the invalid edit is rejected", || {
        registry.reload_counts().1 == 1
    })
    .await;
    assert_eq!(threshold(&registry), 5);
    assert_eq!(backend.state(), BreakerState::Open);
    let error = registry.last_error().expect("the rejection is recorded");
    assert!(error.contains("failure_threshold"), "{error}");

    // Stop the API server, edit nothing while it is down, start it on the same port, then
    // edit: the watch reconnects and applies the edit.
    plane.stop_api_server();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let restarted = Instant::now();
    plane.start_api_server().await;
    eprintln!("kube-apiserver restarted in {:?}", restarted.elapsed());
    write_config_map(&client, &settings(7)).await;
    wait_for("the edit after the restart applies", || {
        threshold(&registry) == 7
    })
    .await;
    assert_eq!(backend.state(), BreakerState::Open);
    assert!(stats.restarts() > 0, "the outage restarted the watch");
    eprintln!("api-watch test finished in {:?}", started.elapsed());
}

/// Aborts the watch task when the test ends, also on a panic.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
