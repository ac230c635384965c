//! Reading `circuit-breaker.yaml`: layout, key ranges, defaults and the content hash.
//!
//! The layout and every rule here follow the normative settings-file page
//! (`docs/settings-file.md`): `version: 1`, optional `policy` and `defaults`, a `services`
//! map, values resolved from the entry, then `defaults`, then the environment, then the
//! built-in default.

mod entry;
mod env;
mod error;
mod locate;

use std::collections::BTreeMap;

use serde_yaml::Value;
use sha2::{Digest, Sha256};

use crate::clock::seconds_to_nanos;
use crate::config::BreakerConfig;
use entry::{parse_entry, render, EntryContext, RawEntry};
pub use env::EnvDefaults;
pub use error::SettingsError;
use locate::Locator;

/// Origin of a settings file: the policy's namespace, name and generation.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PolicyRef {
    /// Namespace of the `CircuitBreakerPolicy`.
    pub namespace: Option<String>,
    /// Name of the `CircuitBreakerPolicy`.
    pub name: Option<String>,
    /// `metadata.generation` of the policy.
    pub generation: Option<i64>,
}

/// A parsed and validated settings file.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Origin of the file, when the file names it.
    pub policy: PolicyRef,
    /// Settings for breakers the file does not list.
    pub defaults: BreakerConfig,
    /// Settings per breaker, keyed by file name (`external_api`).
    pub services: BTreeMap<String, BreakerConfig>,
    /// First 16 hexadecimal digits of the SHA-256 of the file's bytes.
    pub hash: String,
    /// Dotted paths of unknown keys; readers warn once per key and content.
    pub unknown_keys: Vec<String>,
}

impl Settings {
    /// Returns the settings for the breaker with file name `name`.
    pub fn config_for(&self, name: &str) -> BreakerConfig {
        self.services
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.defaults.clone())
    }

    /// Returns settings with no file: environment defaults over built-in defaults.
    pub fn from_env_only(env: &EnvDefaults) -> Self {
        let defaults = resolve(&RawEntry::default(), &RawEntry::default(), env);
        Self {
            policy: PolicyRef::default(),
            defaults,
            services: BTreeMap::new(),
            hash: String::new(),
            unknown_keys: Vec::new(),
        }
    }
}

/// Returns the first 16 hexadecimal digits of the SHA-256 of `bytes`.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Maps a policy breaker name (`external-api`) to its file name (`external_api`).
pub fn file_name(policy_name: &str) -> String {
    policy_name.replace('-', "_")
}

/// Maps a file name (`external_api`) back to the policy breaker name (`external-api`).
pub fn policy_name(file_name: &str) -> String {
    file_name.replace('_', "-")
}

/// Parses and validates a settings file. `source` names the file in error messages.
pub fn parse(source: &str, bytes: &[u8], env: &EnvDefaults) -> Result<Settings, SettingsError> {
    let text = std::str::from_utf8(bytes).map_err(|e| SettingsError {
        source: source.to_string(),
        line: None,
        key: "file".to_string(),
        value: String::new(),
        expected: format!("the file is not valid UTF-8 ({e}); write it as UTF-8"),
    })?;

    let locator = Locator::new(source, text);
    let root: Value = serde_yaml::from_str(text).map_err(|e| SettingsError {
        source: source.to_string(),
        line: e.location().map(|l| l.line()),
        key: "file".to_string(),
        value: String::new(),
        expected: format!("the file is not valid YAML ({e}); fix the syntax"),
    })?;
    let top = EntryContext {
        locator: &locator,
        path: Vec::new(),
    };
    let Value::Mapping(map) = &root else {
        return Err(top.error("file", &root, "expected a map with version and services"));
    };

    let mut unknown = Vec::new();
    let mut policy = PolicyRef::default();
    let mut defaults_raw = RawEntry::default();
    let mut services_raw: Vec<(String, RawEntry)> = Vec::new();
    let mut version_seen = false;
    for (key, value) in map {
        match key.as_str() {
            Some("version") => {
                if value.as_u64() != Some(1) {
                    return Err(top.error("version", value, "expected version 1"));
                }
                version_seen = true;
            }
            Some("policy") => policy = parse_policy(value, &top, &mut unknown)?,
            Some("defaults") => {
                let context = EntryContext {
                    locator: &locator,
                    path: vec!["defaults".to_string()],
                };
                defaults_raw = parse_entry(value, &context, &mut unknown)?;
            }
            Some("services") => {
                services_raw = parse_services(value, &locator, &mut unknown)?;
            }
            Some(other) => unknown.push(other.to_string()),
            None => return Err(top.error(&render(key), key, "expected a string key")),
        }
    }

    if !version_seen {
        return Err(SettingsError {
            source: source.to_string(),
            line: None,
            key: "version".to_string(),
            value: String::new(),
            expected: "the key is missing; add `version: 1` at the top".to_string(),
        });
    }
    check_cross_fields(
        &defaults_raw,
        &RawEntry::default(),
        env,
        &locator,
        "defaults",
    )?;

    let mut services = BTreeMap::new();
    for (name, raw) in &services_raw {
        check_cross_fields(raw, &defaults_raw, env, &locator, name)?;
        services.insert(name.clone(), resolve(raw, &defaults_raw, env));
    }
    Ok(Settings {
        policy,
        defaults: resolve(&defaults_raw, &RawEntry::default(), env),
        services,
        hash: content_hash(bytes),
        unknown_keys: unknown,
    })
}

fn parse_policy(
    value: &Value,
    top: &EntryContext<'_>,
    unknown: &mut Vec<String>,
) -> Result<PolicyRef, SettingsError> {
    let Value::Mapping(map) = value else {
        return Err(top.error(
            "policy",
            value,
            "expected a map with namespace, name, generation",
        ));
    };
    let context = EntryContext {
        locator: top.locator,
        path: vec!["policy".to_string()],
    };
    let mut policy = PolicyRef::default();
    for (key, value) in map {
        match key.as_str() {
            Some("namespace") => policy.namespace = value.as_str().map(str::to_string),
            Some("name") => policy.name = value.as_str().map(str::to_string),
            Some("generation") => match value.as_i64() {
                Some(generation) => policy.generation = Some(generation),
                None => return Err(context.error("generation", value, "expected an integer")),
            },
            Some(other) => unknown.push(format!("policy.{other}")),
            None => return Err(context.error(&render(key), key, "expected a string key")),
        }
    }
    Ok(policy)
}

fn parse_services(
    value: &Value,
    locator: &Locator<'_>,
    unknown: &mut Vec<String>,
) -> Result<Vec<(String, RawEntry)>, SettingsError> {
    let top = EntryContext {
        locator,
        path: Vec::new(),
    };
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => return Ok(Vec::new()),
        other => return Err(top.error("services", other, "expected a map of breaker names")),
    };
    let mut services = Vec::new();
    for (key, entry) in map {
        let name = match key {
            Value::String(name) if !name.is_empty() => name.clone(),
            other => return Err(top.error("services", other, "expected non-empty breaker names")),
        };
        let context = EntryContext {
            locator,
            path: vec!["services".to_string(), name.clone()],
        };
        services.push((name, parse_entry(entry, &context, unknown)?));
    }
    Ok(services)
}

/// Checks `max_recovery_timeout_seconds` ≥ `recovery_timeout_seconds` after resolution.
fn check_cross_fields(
    raw: &RawEntry,
    defaults: &RawEntry,
    env: &EnvDefaults,
    locator: &Locator<'_>,
    name: &str,
) -> Result<(), SettingsError> {
    let recovery = raw
        .recovery_timeout_seconds
        .or(defaults.recovery_timeout_seconds)
        .or(env.recovery_timeout_seconds)
        .unwrap_or(30.0);
    let max = raw
        .max_recovery_timeout_seconds
        .or(defaults.max_recovery_timeout_seconds);
    match max {
        Some(max) if max < recovery => {
            let path: Vec<String> = if name == "defaults" {
                vec!["defaults".to_string()]
            } else {
                vec!["services".to_string(), name.to_string()]
            };
            let context = EntryContext { locator, path };
            Err(context.error(
                "max_recovery_timeout_seconds",
                &Value::from(max),
                &format!("expected at least recovery_timeout_seconds ({recovery})"),
            ))
        }
        _ => Ok(()),
    }
}

/// Resolves every key: the entry, then `defaults`, then the environment, then built-ins.
fn resolve(raw: &RawEntry, defaults: &RawEntry, env: &EnvDefaults) -> BreakerConfig {
    let builtin = BreakerConfig::default();
    macro_rules! pick {
        ($field:ident) => {
            raw.$field.clone().or_else(|| defaults.$field.clone())
        };
    }
    let recovery = pick!(recovery_timeout_seconds)
        .or(env.recovery_timeout_seconds)
        .unwrap_or(30.0);
    let success_threshold = pick!(success_threshold)
        .or(env.success_threshold)
        .unwrap_or(builtin.success_threshold);
    BreakerConfig {
        failure_threshold: pick!(failure_threshold)
            .or(env.failure_threshold)
            .unwrap_or(builtin.failure_threshold),
        recovery_timeout_nanos: seconds_to_nanos(recovery),
        timeout_nanos: seconds_to_nanos(
            pick!(timeout_seconds)
                .or(env.timeout_seconds)
                .unwrap_or(10.0),
        ),
        success_threshold,
        mode: pick!(mode).unwrap_or(builtin.mode),
        readiness: pick!(readiness).unwrap_or(false),
        failure_rate_threshold: pick!(failure_rate_threshold),
        slow_call_rate_threshold: pick!(slow_call_rate_threshold),
        slow_call_duration_nanos: seconds_to_nanos(
            pick!(slow_call_duration_seconds).unwrap_or(60.0),
        ),
        window_type: pick!(sliding_window_type).unwrap_or(builtin.window_type),
        window_size: pick!(sliding_window_size).unwrap_or(builtin.window_size),
        minimum_number_of_calls: pick!(minimum_number_of_calls)
            .unwrap_or(builtin.minimum_number_of_calls),
        permitted_calls_in_half_open: pick!(permitted_calls_in_half_open)
            .unwrap_or(success_threshold),
        max_half_open_nanos: seconds_to_nanos(pick!(max_half_open_seconds).unwrap_or(0.0)),
        backoff_multiplier: pick!(backoff_multiplier).unwrap_or(1.0),
        max_recovery_timeout_nanos: seconds_to_nanos(
            pick!(max_recovery_timeout_seconds).unwrap_or(recovery),
        ),
        jitter_ratio: pick!(jitter_ratio).unwrap_or(0.0),
        failure_exceptions: pick!(failure_exceptions).unwrap_or_default(),
        ignored_exceptions: pick!(ignored_exceptions).unwrap_or_default(),
        failure_status_codes: pick!(failure_status_codes).unwrap_or(builtin.failure_status_codes),
        ignored_status_codes: pick!(ignored_status_codes).unwrap_or_default(),
        max_concurrent_calls: pick!(max_concurrent_calls).unwrap_or(0),
    }
}
