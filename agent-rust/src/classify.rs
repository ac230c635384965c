//! Classification of errors and HTTP status codes into success, failure or ignored.
//!
//! Exceptions: an ignored name is ignored; with `failure_exceptions` empty every other error
//! is a failure; with it non-empty a listed error is a failure and any other is ignored.
//! Status codes: ignored codes first, then failure codes, and any other code is a success.

use crate::breaker::CallOutcome;
use crate::config::BreakerConfig;

/// Type names of an error, most specific first, matched against the settings' exception lists.
///
/// Implement this to let Java-style names such as `java.io.IOException` or a hierarchy
/// (`ConnectTimeout`, then `IoError`) select your errors. Without it, the agent uses
/// `std::any::type_name` of the error type.
pub trait ErrorTypeNames {
    /// Returns the type names this error matches, most specific first.
    fn type_names(&self) -> Vec<String>;
}

/// Returns whether a configured exception name matches a type name: equal, or equal to the
/// type name's last path segment (`Error` matches `std::io::Error`).
pub fn name_matches(configured: &str, type_name: &str) -> bool {
    if configured == type_name {
        return true;
    }
    let last = type_name.rsplit([':', '.']).next().unwrap_or(type_name);
    configured == last
}

impl BreakerConfig {
    /// Classifies an error by its type names.
    pub fn classify_error<S: AsRef<str>>(&self, names: &[S]) -> CallOutcome {
        let matches_any = |list: &[String]| {
            list.iter().any(|configured| {
                names
                    .iter()
                    .any(|name| name_matches(configured, name.as_ref()))
            })
        };
        if matches_any(&self.ignored_exceptions) {
            return CallOutcome::Ignored;
        }
        if self.failure_exceptions.is_empty() || matches_any(&self.failure_exceptions) {
            CallOutcome::Failure
        } else {
            CallOutcome::Ignored
        }
    }

    /// Classifies a returned HTTP status code.
    pub fn classify_status(&self, code: u16) -> CallOutcome {
        if self.ignored_status_codes.iter().any(|r| r.contains(code)) {
            CallOutcome::Ignored
        } else if self.failure_status_codes.iter().any(|r| r.contains(code)) {
            CallOutcome::Failure
        } else {
            CallOutcome::Success
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::StatusRange;

    fn config() -> BreakerConfig {
        BreakerConfig {
            failure_exceptions: vec!["java.io.IOException".to_string()],
            ignored_status_codes: vec![StatusRange {
                start: 400,
                end: 499,
            }],
            ..BreakerConfig::default()
        }
    }

    #[test]
    fn listed_exception_is_failure() {
        let outcome = config().classify_error(&["java.io.IOException"]);
        assert_eq!(outcome, CallOutcome::Failure);
    }

    #[test]
    fn unlisted_exception_is_ignored() {
        let outcome = config().classify_error(&["java.lang.IllegalStateException"]);
        assert_eq!(outcome, CallOutcome::Ignored);
    }

    #[test]
    fn empty_failure_list_fails_everything() {
        let outcome = BreakerConfig::default().classify_error(&["anything::Error"]);
        assert_eq!(outcome, CallOutcome::Failure);
    }

    #[test]
    fn status_classification_order() {
        let config = config();
        assert_eq!(config.classify_status(404), CallOutcome::Ignored);
        assert_eq!(config.classify_status(503), CallOutcome::Failure);
        assert_eq!(config.classify_status(200), CallOutcome::Success);
    }

    #[test]
    fn short_name_matches_path() {
        assert!(name_matches("Error", "std::io::Error"));
        assert!(name_matches("std::io::Error", "std::io::Error"));
        assert!(!name_matches("io", "std::io::Error"));
    }
}
