//! The registry of named breakers and the application of settings files.

use std::collections::hash_map::RandomState;
use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use crate::breaker::{BreakerSnapshot, BreakerState, CircuitBreaker};
use crate::clock::Clock;
use crate::settings::{self, EnvDefaults, Settings, SettingsError};

/// Result of [`Registry::apply`] for one settings file.
#[derive(Debug, Clone, PartialEq)]
pub enum ReloadOutcome {
    /// The file was valid and is now active; lists the breakers whose settings changed.
    Applied {
        /// File names of the breakers whose settings changed, were added or removed.
        changed: Vec<String>,
    },
    /// The file is byte-identical to the active one and no rejection happened since.
    Unchanged,
    /// The file was invalid; the previous settings stay active.
    Rejected(SettingsError),
}

/// Source of each breaker's fixed jitter share in [-1, 1].
#[derive(Debug, Clone, Copy)]
enum Jitter {
    /// Drawn at random per breaker instance.
    Random,
    /// The same value for every breaker; for tests and scenarios.
    Fixed(f64),
}

/// Everything the registry's lock guards.
struct Active {
    settings: Arc<Settings>,
    breakers: BTreeMap<String, Arc<CircuitBreaker>>,
    /// Whether a settings file has been applied since start.
    loaded: bool,
    /// Message of the last rejected file, cleared by the next applied file.
    last_error: Option<String>,
}

/// Named breakers that share one settings file. Cheap to share as `Arc<Registry>`.
pub struct Registry {
    clock: Arc<dyn Clock>,
    env: EnvDefaults,
    jitter: Jitter,
    active: RwLock<Active>,
    reloads_success: AtomicU64,
    reloads_failure: AtomicU64,
    hot_reload_available: AtomicBool,
    /// Whether a metrics collector reads call durations; see [`Registry::record_durations`].
    record_durations: AtomicBool,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry").finish_non_exhaustive()
    }
}

impl Registry {
    /// Creates a registry whose breakers use `clock` and, until a file is applied, the
    /// environment defaults.
    pub fn new(clock: Arc<dyn Clock>, env: EnvDefaults) -> Self {
        Self {
            clock,
            env,
            jitter: Jitter::Random,
            active: RwLock::new(Active {
                settings: Arc::new(Settings::from_env_only(&env)),
                breakers: BTreeMap::new(),
                loaded: false,
                last_error: None,
            }),
            reloads_success: AtomicU64::new(0),
            reloads_failure: AtomicU64::new(0),
            hot_reload_available: AtomicBool::new(true),
            record_durations: AtomicBool::new(false),
        }
    }

    /// Gives every breaker created from now on the jitter share `unit` in [-1, 1] instead of
    /// a random one, so open times are reproducible.
    pub fn with_fixed_jitter(mut self, unit: f64) -> Self {
        self.jitter = Jitter::Fixed(unit.clamp(-1.0, 1.0));
        self
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Active> {
        self.active.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Active> {
        self.active.write().unwrap_or_else(|p| p.into_inner())
    }

    fn jitter_unit(&self, name: &str) -> f64 {
        match self.jitter {
            Jitter::Fixed(unit) => unit,
            Jitter::Random => {
                let bits = RandomState::new().hash_one(name);
                (bits >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
            }
        }
    }

    /// Returns the breaker with this name, creating it from the active settings if needed.
    /// Policy names (`external-api`) and file names (`external_api`) select the same breaker.
    pub fn breaker(&self, name: &str) -> Arc<CircuitBreaker> {
        let name = settings::file_name(name);
        if let Some(existing) = self.read().breakers.get(&name) {
            return Arc::clone(existing);
        }
        let mut active = self.write();
        if let Some(existing) = active.breakers.get(&name) {
            return Arc::clone(existing);
        }
        let breaker = Arc::new(self.new_breaker(&name, &active.settings));
        active.breakers.insert(name, Arc::clone(&breaker));
        breaker
    }

    fn new_breaker(&self, name: &str, settings: &Settings) -> CircuitBreaker {
        let breaker = CircuitBreaker::new(
            name,
            settings.config_for(name),
            Arc::clone(&self.clock),
            self.jitter_unit(name),
        );
        if self.record_durations.load(Ordering::Acquire) {
            breaker.record_durations();
        }
        breaker
    }

    /// Makes every breaker, now and later, add call durations to the
    /// `fusebox_circuit_breaker_calls_seconds` sums. The metrics collector calls it when it is
    /// created; until then the sums stay 0 and a call skips one atomic add.
    pub fn record_durations(&self) {
        // Under the write lock, so a breaker created concurrently sees the flag or is listed.
        let active = self.write();
        self.record_durations.store(true, Ordering::Release);
        for breaker in active.breakers.values() {
            breaker.record_durations();
        }
    }

    /// Parses `bytes` and applies them in place. `source` names the file in messages.
    ///
    /// A rejected file leaves every breaker untouched and counts a failed reload. A valid file
    /// reconfigures each breaker in place, creates the breakers it lists, and removes the
    /// breakers that it no longer lists (their metric series disappear). A valid file is
    /// applied after a rejection even when it equals the active one.
    pub fn apply(&self, source: &str, bytes: &[u8]) -> ReloadOutcome {
        let parsed = settings::parse(source, bytes, &self.env);
        let mut active = self.write();
        let settings = match parsed {
            Ok(settings) => settings,
            Err(error) => {
                tracing::error!(%error, "rejected settings file; the previous settings stay active");
                active.last_error = Some(error.to_string());
                self.reloads_failure.fetch_add(1, Ordering::Relaxed);
                return ReloadOutcome::Rejected(error);
            }
        };

        if active.loaded && active.last_error.is_none() && active.settings.hash == settings.hash {
            return ReloadOutcome::Unchanged;
        }
        for key in &settings.unknown_keys {
            tracing::warn!(key = %key, source, hash = %settings.hash, "ignored unknown key in settings file");
        }

        let previous = Arc::clone(&active.settings);
        let mut changed = Vec::new();
        let names: Vec<String> = active.breakers.keys().cloned().collect();
        for name in names {
            let left_file =
                previous.services.contains_key(&name) && !settings.services.contains_key(&name);
            if left_file {
                active.breakers.remove(&name);
                changed.push(name);
            } else if let Some(breaker) = active.breakers.get(&name) {
                if breaker.reconfigure(settings.config_for(&name)) {
                    changed.push(name);
                }
            }
        }

        for name in settings.services.keys() {
            if !active.breakers.contains_key(name) {
                let breaker = Arc::new(self.new_breaker(name, &settings));
                active.breakers.insert(name.clone(), breaker);
                changed.push(name.clone());
            }
        }
        tracing::info!(source, hash = %settings.hash, generation = ?settings.policy.generation, changed = ?changed, "applied settings file");
        active.settings = Arc::new(settings);
        active.loaded = true;
        active.last_error = None;
        self.reloads_success.fetch_add(1, Ordering::Relaxed);
        ReloadOutcome::Applied { changed }
    }

    /// Returns the active settings.
    pub fn settings(&self) -> Arc<Settings> {
        Arc::clone(&self.read().settings)
    }

    /// Returns whether a settings file has been applied since start.
    pub fn is_loaded(&self) -> bool {
        self.read().loaded
    }

    /// Returns the message of the last rejected file, if no valid file followed it.
    pub fn last_error(&self) -> Option<String> {
        self.read().last_error.clone()
    }

    /// Returns the breakers, sorted by name.
    pub fn breakers(&self) -> Vec<Arc<CircuitBreaker>> {
        self.read().breakers.values().cloned().collect()
    }

    /// Returns a snapshot of every breaker, sorted by name.
    pub fn snapshots(&self) -> Vec<BreakerSnapshot> {
        self.breakers().iter().map(|b| b.snapshot()).collect()
    }

    /// Returns whether the process is ready: the initial settings are loaded and no breaker
    /// marked `readiness: true` is open or forced open. A failed reload never affects it.
    pub fn is_ready(&self) -> bool {
        if !self.is_loaded() {
            return false;
        }
        self.snapshots().iter().all(|snapshot| {
            !snapshot.readiness
                || !matches!(
                    snapshot.state,
                    BreakerState::Open | BreakerState::ForcedOpen
                )
        })
    }

    /// Returns the reload counts `(success, failure)`.
    pub fn reload_counts(&self) -> (u64, u64) {
        (
            self.reloads_success.load(Ordering::Relaxed),
            self.reloads_failure.load(Ordering::Relaxed),
        )
    }

    /// Records whether the settings file can change in place (false for a `subPath` mount).
    pub fn set_hot_reload_available(&self, available: bool) {
        self.hot_reload_available
            .store(available, Ordering::Relaxed);
    }

    /// Returns whether the settings file can change in place.
    pub fn hot_reload_available(&self) -> bool {
        self.hot_reload_available.load(Ordering::Relaxed)
    }

    /// Returns the names of every breaker, for tests.
    pub fn names(&self) -> HashSet<String> {
        self.read().breakers.keys().cloned().collect()
    }
}
