//! Settings-file parsing: keys, ranges, defaults, environment, messages and the hash.

use fusebox_agent::settings::{content_hash, file_name, parse, policy_name, EnvDefaults};
use fusebox_agent::{Mode, StatusRange, WindowType};

const FULL: &str = "\
version: 1
policy: {namespace: shop, name: checkout, generation: 4}
defaults:
  failure_threshold: 7
services:
  database:
    failure_threshold: 5
    recovery_timeout_seconds: 30
    timeout_seconds: 0.5
    success_threshold: 3
    mode: shadow
    readiness: true
    failure_rate_threshold: 50
    slow_call_rate_threshold: 100
    slow_call_duration_seconds: 2
    sliding_window_type: time_based
    sliding_window_size: 60
    minimum_number_of_calls: 20
    permitted_calls_in_half_open: 4
    max_half_open_seconds: 15
    backoff_multiplier: 2
    max_recovery_timeout_seconds: 300
    jitter_ratio: 0.1
    failure_exceptions: [java.io.IOException]
    ignored_exceptions: [java.lang.IllegalArgumentException]
    failure_status_codes: [\"500-599\", 429]
    ignored_status_codes: [\"404\"]
    max_concurrent_calls: 25
  external_api:
    recovery_timeout_seconds: 60
";

fn no_env() -> EnvDefaults {
    EnvDefaults::default()
}

#[test]
fn every_key_is_read() {
    let settings = parse("f.yaml", FULL.as_bytes(), &no_env()).unwrap();
    let db = &settings.services["database"];
    assert_eq!(db.failure_threshold, 5);
    assert_eq!(db.recovery_timeout_nanos, 30_000_000_000);
    assert_eq!(db.timeout_nanos, 500_000_000);
    assert_eq!(db.success_threshold, 3);
    assert_eq!(db.mode, Mode::Shadow);
    assert!(db.readiness);
    assert_eq!(db.failure_rate_threshold, Some(50.0));
    assert_eq!(db.slow_call_rate_threshold, Some(100.0));
    assert_eq!(db.slow_call_duration_nanos, 2_000_000_000);
    assert_eq!(db.window_type, WindowType::TimeBased);
    assert_eq!(db.window_size, 60);
    assert_eq!(db.minimum_number_of_calls, 20);
    assert_eq!(db.permitted_calls_in_half_open, 4);
    assert_eq!(db.max_half_open_nanos, 15_000_000_000);
    assert_eq!(db.backoff_multiplier, 2.0);
    assert_eq!(db.max_recovery_timeout_nanos, 300_000_000_000);
    assert_eq!(db.jitter_ratio, 0.1);
    assert_eq!(db.failure_exceptions, vec!["java.io.IOException"]);
    assert_eq!(
        db.ignored_exceptions,
        vec!["java.lang.IllegalArgumentException"]
    );
    assert_eq!(
        db.failure_status_codes,
        vec![
            StatusRange {
                start: 500,
                end: 599
            },
            StatusRange {
                start: 429,
                end: 429
            }
        ]
    );
    assert_eq!(
        db.ignored_status_codes,
        vec![StatusRange {
            start: 404,
            end: 404
        }]
    );
    assert_eq!(db.max_concurrent_calls, 25);
    assert_eq!(settings.policy.generation, Some(4));
    assert_eq!(settings.policy.namespace.as_deref(), Some("shop"));
}

#[test]
fn absent_keys_take_defaults_then_builtins() {
    let settings = parse("f.yaml", FULL.as_bytes(), &no_env()).unwrap();
    let api = &settings.services["external_api"];
    assert_eq!(api.failure_threshold, 7, "from defaults");
    assert_eq!(api.recovery_timeout_nanos, 60_000_000_000);
    assert_eq!(
        api.max_recovery_timeout_nanos, 60_000_000_000,
        "follows recovery"
    );
    assert_eq!(
        api.permitted_calls_in_half_open, 3,
        "follows success_threshold"
    );
    assert_eq!(api.timeout_nanos, 10_000_000_000);
    assert_eq!(
        api.failure_status_codes,
        vec![StatusRange {
            start: 500,
            end: 599
        }]
    );
    assert_eq!(settings.config_for("unlisted").failure_threshold, 7);
}

#[test]
fn environment_sits_under_the_file() {
    let env = EnvDefaults::from_lookup(|name| match name {
        "CIRCUIT_BREAKER_FAILURE_THRESHOLD" => Some("9".to_string()),
        "CIRCUIT_BREAKER_TIMEOUT_SECONDS" => Some("2".to_string()),
        _ => None,
    })
    .unwrap();
    let settings = parse("f.yaml", FULL.as_bytes(), &env).unwrap();
    assert_eq!(
        settings.services["external_api"].failure_threshold, 7,
        "defaults win"
    );
    assert_eq!(
        settings.services["external_api"].timeout_nanos,
        2_000_000_000
    );
    assert_eq!(settings.services["database"].timeout_nanos, 500_000_000);
}

#[test]
fn out_of_range_value_names_line_key_value() {
    let text =
        "version: 1\nservices:\n  a:\n    failure_threshold: 1\n  b:\n    jitter_ratio: 1.5\n";
    let error = parse(
        "/etc/fusebox/circuit-breaker.yaml",
        text.as_bytes(),
        &no_env(),
    )
    .unwrap_err();
    assert_eq!(error.line, Some(6));
    assert_eq!(error.key, "services.b.jitter_ratio");
    assert_eq!(error.value, "1.5");
    assert_eq!(
        error.to_string(),
        "/etc/fusebox/circuit-breaker.yaml:6: invalid value 1.5 for services.b.jitter_ratio: \
         expected a decimal in [0, 1)"
    );
}

#[test]
fn each_range_rule_rejects() {
    let cases = [
        ("failure_threshold: 0", "failure_threshold"),
        ("failure_threshold: 2.5", "failure_threshold"),
        ("recovery_timeout_seconds: 0", "recovery_timeout_seconds"),
        ("timeout_seconds: -1", "timeout_seconds"),
        ("success_threshold: 0", "success_threshold"),
        ("mode: on", "mode"),
        ("readiness: yes please", "readiness"),
        ("failure_rate_threshold: 0", "failure_rate_threshold"),
        (
            "slow_call_rate_threshold: 100.5",
            "slow_call_rate_threshold",
        ),
        (
            "slow_call_duration_seconds: 0",
            "slow_call_duration_seconds",
        ),
        ("sliding_window_type: rolling", "sliding_window_type"),
        ("sliding_window_size: 0", "sliding_window_size"),
        ("minimum_number_of_calls: 0", "minimum_number_of_calls"),
        (
            "permitted_calls_in_half_open: 0",
            "permitted_calls_in_half_open",
        ),
        ("max_half_open_seconds: -2", "max_half_open_seconds"),
        ("backoff_multiplier: 0.5", "backoff_multiplier"),
        ("jitter_ratio: 1", "jitter_ratio"),
        (
            "failure_exceptions: java.io.IOException",
            "failure_exceptions",
        ),
        ("failure_status_codes: [\"600\"]", "failure_status_codes"),
        (
            "failure_status_codes: [\"599-500\"]",
            "failure_status_codes",
        ),
        ("ignored_status_codes: [\"4xx\"]", "ignored_status_codes"),
        ("max_concurrent_calls: -1", "max_concurrent_calls"),
        (
            "recovery_timeout_seconds: 30\n    max_recovery_timeout_seconds: 10",
            "max_recovery_timeout_seconds",
        ),
    ];
    for (line, key) in cases {
        let text = format!("version: 1\nservices:\n  svc:\n    {line}\n");
        let error = parse("f.yaml", text.as_bytes(), &no_env())
            .expect_err(&format!("{line} should be rejected"));
        assert_eq!(error.key, format!("services.svc.{key}"), "{line}");
        assert!(error.line.is_some(), "{line} has no line");
    }
}

#[test]
fn wrong_version_rejected() {
    let error = parse("f.yaml", b"version: 2\nservices: {}\n", &no_env()).unwrap_err();
    assert_eq!(error.key, "version");
    assert_eq!(error.value, "2");
    let missing = parse("f.yaml", b"services: {}\n", &no_env()).unwrap_err();
    assert!(missing.to_string().contains("add `version: 1`"));
}

#[test]
fn broken_yaml_reports_line() {
    let error = parse("f.yaml", b"version: 1\nservices:\n  a: [1,\n", &no_env()).unwrap_err();
    assert!(error.line.is_some());
    assert!(error.to_string().contains("not valid YAML"));
}

#[test]
fn unknown_keys_are_listed() {
    let text =
        "version: 1\nfuture: 1\nservices:\n  a:\n    failure_threshold: 2\n    shiny: true\n";
    let settings = parse("f.yaml", text.as_bytes(), &no_env()).unwrap();
    assert_eq!(settings.unknown_keys, vec!["future", "services.a.shiny"]);
    assert_eq!(settings.services["a"].failure_threshold, 2);
}

#[test]
fn hash_is_sha256_prefix() {
    // SHA-256 of the empty input starts with e3b0c44298fc1c14.
    assert_eq!(content_hash(b""), "e3b0c44298fc1c14");
    let settings = parse("f.yaml", FULL.as_bytes(), &no_env()).unwrap();
    assert_eq!(settings.hash, content_hash(FULL.as_bytes()));
    assert_eq!(settings.hash.len(), 16);
}

#[test]
fn names_map_both_ways() {
    assert_eq!(file_name("external-api"), "external_api");
    assert_eq!(policy_name("external_api"), "external-api");
}

#[test]
fn yaml_1_1_booleans_are_rejected() {
    for word in ["yes", "no", "on", "off", "Yes", "OFF"] {
        let text = format!("version: 1\nservices:\n  db:\n    readiness: {word}\n");
        let error = parse("f.yaml", text.as_bytes(), &no_env()).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("f.yaml:4"), "{message}");
        assert!(message.contains("services.db.readiness"), "{message}");
        assert!(message.contains(&format!("\"{word}\"")), "{message}");
        assert!(message.contains("true or false"), "{message}");
    }
    for (word, expected) in [
        ("True", true),
        ("TRUE", true),
        ("False", false),
        ("false", false),
    ] {
        let text = format!("version: 1\nservices:\n  db:\n    readiness: {word}\n");
        let settings = parse("f.yaml", text.as_bytes(), &no_env()).unwrap();
        assert_eq!(settings.services["db"].readiness, expected, "{word}");
    }
}
