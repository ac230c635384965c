//! The error a rejected settings file or environment variable produces.

use std::fmt;

/// Rejection of a settings file or an environment default.
///
/// The message names the source, the line (when known), the key, the value and the allowed
/// range, so an operator can fix the file without reading code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The file path, `<inline>`, or the environment variable's name.
    pub source: String,
    /// 1-based line of the offending key, when known.
    pub line: Option<usize>,
    /// Dotted path of the offending key, for example `services.database.failure_threshold`.
    pub key: String,
    /// The rejected value as written, or empty when the key is missing.
    pub value: String,
    /// The allowed values, phrased as the fix.
    pub expected: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: ", self.source, line)?,
            None => write!(f, "{}: ", self.source)?,
        }
        if self.value.is_empty() {
            write!(f, "invalid {}: {}", self.key, self.expected)
        } else {
            write!(
                f,
                "invalid value {} for {}: {}",
                self.value, self.key, self.expected
            )
        }
    }
}

impl std::error::Error for SettingsError {}
