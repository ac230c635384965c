//! Parsing and range checks of the keys of one breaker entry (`services.<name>` or
//! `defaults`).

use serde_yaml::Value;

use super::error::SettingsError;
use super::locate::Locator;
use crate::config::{Mode, StatusRange, WindowType};

/// The keys a breaker entry may set, as written; `None` means absent.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RawEntry {
    pub failure_threshold: Option<u32>,
    pub recovery_timeout_seconds: Option<f64>,
    pub timeout_seconds: Option<f64>,
    pub success_threshold: Option<u32>,
    pub mode: Option<Mode>,
    pub readiness: Option<bool>,
    pub failure_rate_threshold: Option<f64>,
    pub slow_call_rate_threshold: Option<f64>,
    pub slow_call_duration_seconds: Option<f64>,
    pub sliding_window_type: Option<WindowType>,
    pub sliding_window_size: Option<u32>,
    pub minimum_number_of_calls: Option<u32>,
    pub permitted_calls_in_half_open: Option<u32>,
    pub max_half_open_seconds: Option<f64>,
    pub backoff_multiplier: Option<f64>,
    pub max_recovery_timeout_seconds: Option<f64>,
    pub jitter_ratio: Option<f64>,
    pub failure_exceptions: Option<Vec<String>>,
    pub ignored_exceptions: Option<Vec<String>>,
    pub failure_status_codes: Option<Vec<StatusRange>>,
    pub ignored_status_codes: Option<Vec<StatusRange>>,
    pub max_concurrent_calls: Option<u32>,
}

/// Context for the errors of one entry.
pub(crate) struct EntryContext<'a> {
    pub locator: &'a Locator<'a>,
    /// Path of the entry, for example `["services", "database"]`.
    pub path: Vec<String>,
}

impl EntryContext<'_> {
    pub fn error(&self, key: &str, value: &Value, expected: &str) -> SettingsError {
        let mut path: Vec<&str> = self.path.iter().map(String::as_str).collect();
        path.push(key);
        SettingsError {
            source: self.locator.source.to_string(),
            line: self.locator.line_of(&path),
            key: path.join("."),
            value: render(value),
            expected: expected.to_string(),
        }
    }
}

/// Renders a YAML value the way it was most likely written.
pub(crate) fn render(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        other => serde_yaml::to_string(other)
            .map(|text| text.trim().replace('\n', " "))
            .unwrap_or_else(|_| "<unprintable>".to_string()),
    }
}

/// Parses one entry; unknown keys are appended to `unknown` as dotted paths.
pub(crate) fn parse_entry(
    value: &Value,
    context: &EntryContext<'_>,
    unknown: &mut Vec<String>,
) -> Result<RawEntry, SettingsError> {
    let mut entry = RawEntry::default();
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => return Ok(entry),
        other => {
            let mut path = context.path.clone();
            let last = path.pop().unwrap_or_default();
            let parent = EntryContext {
                locator: context.locator,
                path,
            };
            return Err(parent.error(&last, other, "expected a map of breaker settings"));
        }
    };
    for (key, value) in map {
        let Some(key) = key.as_str() else {
            return Err(context.error(&render(key), key, "expected a string key"));
        };
        let c = context;
        match key {
            "failure_threshold" => entry.failure_threshold = Some(count(c, key, value, 1)?),
            "recovery_timeout_seconds" => {
                entry.recovery_timeout_seconds = Some(seconds(c, key, value, Bound::Positive)?)
            }
            "timeout_seconds" => {
                entry.timeout_seconds = Some(seconds(c, key, value, Bound::NonNegative)?)
            }
            "success_threshold" => entry.success_threshold = Some(count(c, key, value, 1)?),
            "mode" => entry.mode = Some(mode(c, key, value)?),
            "readiness" => match value {
                Value::Bool(b) => entry.readiness = Some(*b),
                other => return Err(c.error(key, other, "expected true or false")),
            },
            "failure_rate_threshold" => {
                entry.failure_rate_threshold = Some(percent(c, key, value)?)
            }
            "slow_call_rate_threshold" => {
                entry.slow_call_rate_threshold = Some(percent(c, key, value)?)
            }
            "slow_call_duration_seconds" => {
                entry.slow_call_duration_seconds = Some(seconds(c, key, value, Bound::Positive)?)
            }
            "sliding_window_type" => entry.sliding_window_type = Some(window_type(c, key, value)?),
            "sliding_window_size" => entry.sliding_window_size = Some(count(c, key, value, 1)?),
            "minimum_number_of_calls" => {
                entry.minimum_number_of_calls = Some(count(c, key, value, 1)?)
            }
            "permitted_calls_in_half_open" => {
                entry.permitted_calls_in_half_open = Some(count(c, key, value, 1)?)
            }
            "max_half_open_seconds" => {
                entry.max_half_open_seconds = Some(seconds(c, key, value, Bound::NonNegative)?)
            }
            "backoff_multiplier" => entry.backoff_multiplier = Some(multiplier(c, key, value)?),
            "max_recovery_timeout_seconds" => {
                entry.max_recovery_timeout_seconds = Some(seconds(c, key, value, Bound::Positive)?)
            }
            "jitter_ratio" => entry.jitter_ratio = Some(ratio(c, key, value)?),
            "failure_exceptions" => entry.failure_exceptions = Some(names(c, key, value)?),
            "ignored_exceptions" => entry.ignored_exceptions = Some(names(c, key, value)?),
            "failure_status_codes" => entry.failure_status_codes = Some(statuses(c, key, value)?),
            "ignored_status_codes" => entry.ignored_status_codes = Some(statuses(c, key, value)?),
            "max_concurrent_calls" => entry.max_concurrent_calls = Some(count(c, key, value, 0)?),
            other => {
                let mut path = context.path.clone();
                path.push(other.to_string());
                unknown.push(path.join("."));
            }
        }
    }
    Ok(entry)
}

fn count(c: &EntryContext<'_>, key: &str, value: &Value, min: u64) -> Result<u32, SettingsError> {
    value
        .as_u64()
        .filter(|v| *v >= min && *v <= u64::from(u32::MAX))
        .map(|v| v as u32)
        .ok_or_else(|| {
            c.error(
                key,
                value,
                &format!("expected an integer from {min} to {}", u32::MAX),
            )
        })
}

enum Bound {
    Positive,
    NonNegative,
}

fn number(value: &Value) -> Option<f64> {
    value.as_f64().filter(|v| v.is_finite())
}

fn seconds(
    c: &EntryContext<'_>,
    key: &str,
    value: &Value,
    bound: Bound,
) -> Result<f64, SettingsError> {
    let ok = |v: &f64| match bound {
        Bound::Positive => *v > 0.0,
        Bound::NonNegative => *v >= 0.0,
    };
    number(value).filter(ok).ok_or_else(|| {
        let expected = match bound {
            Bound::Positive => "expected decimal seconds greater than 0, for example 0.5",
            Bound::NonNegative => "expected decimal seconds of at least 0, for example 0.5",
        };
        c.error(key, value, expected)
    })
}

fn percent(c: &EntryContext<'_>, key: &str, value: &Value) -> Result<f64, SettingsError> {
    number(value)
        .filter(|v| *v > 0.0 && *v <= 100.0)
        .ok_or_else(|| c.error(key, value, "expected a percentage in (0, 100]"))
}

fn multiplier(c: &EntryContext<'_>, key: &str, value: &Value) -> Result<f64, SettingsError> {
    number(value)
        .filter(|v| *v >= 1.0)
        .ok_or_else(|| c.error(key, value, "expected a decimal of at least 1"))
}

fn ratio(c: &EntryContext<'_>, key: &str, value: &Value) -> Result<f64, SettingsError> {
    number(value)
        .filter(|v| *v >= 0.0 && *v < 1.0)
        .ok_or_else(|| c.error(key, value, "expected a decimal in [0, 1)"))
}

fn mode(c: &EntryContext<'_>, key: &str, value: &Value) -> Result<Mode, SettingsError> {
    match value.as_str() {
        Some("enforce") => Ok(Mode::Enforce),
        Some("shadow") => Ok(Mode::Shadow),
        Some("forced_open") => Ok(Mode::ForcedOpen),
        Some("disabled") => Ok(Mode::Disabled),
        _ => Err(c.error(
            key,
            value,
            "expected one of enforce, shadow, forced_open, disabled",
        )),
    }
}

fn window_type(
    c: &EntryContext<'_>,
    key: &str,
    value: &Value,
) -> Result<WindowType, SettingsError> {
    match value.as_str() {
        Some("count_based") => Ok(WindowType::CountBased),
        Some("time_based") => Ok(WindowType::TimeBased),
        _ => Err(c.error(key, value, "expected count_based or time_based")),
    }
}

fn names(c: &EntryContext<'_>, key: &str, value: &Value) -> Result<Vec<String>, SettingsError> {
    let expected = "expected a list of type names, for example [java.io.IOException]";
    let Value::Sequence(items) = value else {
        return Err(c.error(key, value, expected));
    };
    items
        .iter()
        .map(|item| match item.as_str() {
            Some(name) if !name.trim().is_empty() => Ok(name.trim().to_string()),
            _ => Err(c.error(key, item, expected)),
        })
        .collect()
}

fn statuses(
    c: &EntryContext<'_>,
    key: &str,
    value: &Value,
) -> Result<Vec<StatusRange>, SettingsError> {
    let expected = "expected a list of status codes NNN or ranges NNN-NNN within 100..599, \
                    with each range's start at most its end";
    let Value::Sequence(items) = value else {
        return Err(c.error(key, value, expected));
    };
    items
        .iter()
        .map(|item| status_range(item).ok_or_else(|| c.error(key, item, expected)))
        .collect()
}

fn status_range(item: &Value) -> Option<StatusRange> {
    let text = match item {
        Value::Number(n) => n.as_u64()?.to_string(),
        Value::String(s) => s.trim().to_string(),
        _ => return None,
    };
    let parse = |part: &str| -> Option<u16> {
        let part = part.trim();
        if part.len() != 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse::<u16>().ok().filter(|c| (100..=599).contains(c))
    };
    let (start, end) = match text.split_once('-') {
        Some((start, end)) => (parse(start)?, parse(end)?),
        None => {
            let code = parse(&text)?;
            (code, code)
        }
    };
    (start <= end).then_some(StatusRange { start, end })
}
