//! Runs the service binary with invalid settings and checks what it prints.

use std::process::Command;

fn run_with(variables: &[(&str, &str)]) -> (Option<i32>, String) {
    // The directory must exist, because the agent watches it; the file itself may be missing.
    let settings = std::env::temp_dir().join("fusebox-startup-test-missing.yaml");
    let mut command = Command::new(env!("CARGO_BIN_EXE_fusebox-rust-service"));
    command
        .env_remove("RUST_LOG")
        .env("FUSEBOX_SETTINGS_PATH", settings)
        .env("LISTEN_ADDRESS", "127.0.0.1:0")
        .env("FUSEBOX_HEALTH_ADDRESS", "127.0.0.1")
        .env("FUSEBOX_HEALTH_PORT", "0");
    for (name, value) in variables {
        command.env(name, value);
    }
    let output = command.output().expect("the service binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

#[test]
fn invalid_health_port_prints_one_line() {
    let (code, stderr) = run_with(&[("FUSEBOX_HEALTH_PORT", "70000")]);

    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "fusebox-rust-service: environment: invalid value 70000 for FUSEBOX_HEALTH_PORT: \
         use an integer from 0 to 65535\n"
    );
}

#[test]
fn health_address_with_port_names_fix() {
    let (code, stderr) = run_with(&[("FUSEBOX_HEALTH_ADDRESS", "127.0.0.1:80")]);

    assert_eq!(code, Some(1));
    assert!(
        stderr.starts_with("fusebox-rust-service: environment: invalid value 127.0.0.1:80"),
        "{stderr}"
    );
    assert!(
        stderr.contains("set the port in FUSEBOX_HEALTH_PORT"),
        "{stderr}"
    );
    assert!(!stderr.contains("SettingsError {"), "{stderr}");
}
