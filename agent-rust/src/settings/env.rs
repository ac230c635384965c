//! Process-wide defaults from `CIRCUIT_BREAKER_*` environment variables.

use super::error::SettingsError;

/// Defaults from the environment; the settings file overrides each of them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct EnvDefaults {
    /// `CIRCUIT_BREAKER_FAILURE_THRESHOLD`.
    pub failure_threshold: Option<u32>,
    /// `CIRCUIT_BREAKER_RECOVERY_TIMEOUT_SECONDS`.
    pub recovery_timeout_seconds: Option<f64>,
    /// `CIRCUIT_BREAKER_TIMEOUT_SECONDS`.
    pub timeout_seconds: Option<f64>,
    /// `CIRCUIT_BREAKER_SUCCESS_THRESHOLD`.
    pub success_threshold: Option<u32>,
}

impl EnvDefaults {
    /// Reads the variables from the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the variables through `lookup`, which returns a variable's value if it is set.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        Ok(Self {
            failure_threshold: read_count(&lookup, "CIRCUIT_BREAKER_FAILURE_THRESHOLD")?,
            recovery_timeout_seconds: read_seconds(
                &lookup,
                "CIRCUIT_BREAKER_RECOVERY_TIMEOUT_SECONDS",
                false,
            )?,
            timeout_seconds: read_seconds(&lookup, "CIRCUIT_BREAKER_TIMEOUT_SECONDS", true)?,
            success_threshold: read_count(&lookup, "CIRCUIT_BREAKER_SUCCESS_THRESHOLD")?,
        })
    }
}

fn env_error(name: &str, value: &str, expected: &str) -> SettingsError {
    SettingsError {
        source: "environment".to_string(),
        line: None,
        key: name.to_string(),
        value: value.to_string(),
        expected: expected.to_string(),
    }
}

fn read_count(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
) -> Result<Option<u32>, SettingsError> {
    let Some(raw) = lookup(name) else {
        return Ok(None);
    };
    match raw.trim().parse::<u32>() {
        Ok(value) if value >= 1 => Ok(Some(value)),
        _ => Err(env_error(
            name,
            &raw,
            "expected an integer of at least 1; fix or unset the variable",
        )),
    }
}

fn read_seconds(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    zero_allowed: bool,
) -> Result<Option<f64>, SettingsError> {
    let Some(raw) = lookup(name) else {
        return Ok(None);
    };
    let parsed = raw.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match parsed {
        Some(value) if value > 0.0 || (zero_allowed && value == 0.0) => Ok(Some(value)),
        _ => {
            let expected = if zero_allowed {
                "expected decimal seconds of at least 0; fix or unset the variable"
            } else {
                "expected decimal seconds greater than 0; fix or unset the variable"
            };
            Err(env_error(name, &raw, expected))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_are_read() {
        let defaults = EnvDefaults::from_lookup(|name| match name {
            "CIRCUIT_BREAKER_FAILURE_THRESHOLD" => Some("7".to_string()),
            "CIRCUIT_BREAKER_TIMEOUT_SECONDS" => Some("0.5".to_string()),
            _ => None,
        })
        .unwrap();
        assert_eq!(defaults.failure_threshold, Some(7));
        assert_eq!(defaults.timeout_seconds, Some(0.5));
        assert_eq!(defaults.recovery_timeout_seconds, None);
    }

    #[test]
    fn invalid_env_value_names_variable() {
        let error = EnvDefaults::from_lookup(|name| {
            (name == "CIRCUIT_BREAKER_SUCCESS_THRESHOLD").then(|| "zero".to_string())
        })
        .unwrap_err();
        assert_eq!(error.key, "CIRCUIT_BREAKER_SUCCESS_THRESHOLD");
        assert_eq!(error.value, "zero");
        assert!(error
            .to_string()
            .contains("CIRCUIT_BREAKER_SUCCESS_THRESHOLD"));
    }
}
