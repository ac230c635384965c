//! Engine-side breaker configuration, converted from the settings file by `settings`.

/// Mode of a breaker: whether it enforces, only records, always rejects or lets every call through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Normal operation: trips, rejections and trials.
    Enforce,
    /// The state machine runs, but would-be rejections are counted and the call goes through.
    Shadow,
    /// Every call is rejected.
    ForcedOpen,
    /// Every call goes through; outcomes update metrics only.
    Disabled,
}

impl Mode {
    /// Returns the settings-file spelling of this mode.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Enforce => "enforce",
            Mode::Shadow => "shadow",
            Mode::ForcedOpen => "forced_open",
            Mode::Disabled => "disabled",
        }
    }
}

/// Type of the sliding window that the rate rules read: the last N calls or the last N seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowType {
    /// The last `size` recorded calls.
    CountBased,
    /// The calls recorded in the last `size` whole seconds, in one-second buckets.
    TimeBased,
}

/// An inclusive range of HTTP status codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusRange {
    /// First code of the range.
    pub start: u16,
    /// Last code of the range, inclusive.
    pub end: u16,
}

impl StatusRange {
    /// Returns whether `code` lies in the range.
    pub fn contains(&self, code: u16) -> bool {
        self.start <= code && code <= self.end
    }
}

/// The complete settings of one breaker, with every default already resolved.
///
/// Durations are nanoseconds on the breaker's [`crate::Clock`].
#[derive(Debug, Clone, PartialEq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker.
    pub failure_threshold: u32,
    /// Base open time before trial calls are admitted.
    pub recovery_timeout_nanos: u64,
    /// Per-call timeout; 0 disables it.
    pub timeout_nanos: u64,
    /// Successful trial calls that close a half-open breaker.
    pub success_threshold: u32,
    /// Mode of the breaker.
    pub mode: Mode,
    /// Whether an open breaker makes the process not ready.
    pub readiness: bool,
    /// Failure percentage in (0, 100] at or above which the breaker opens, if set.
    pub failure_rate_threshold: Option<f64>,
    /// Slow-call percentage in (0, 100] at or above which the breaker opens, if set.
    pub slow_call_rate_threshold: Option<f64>,
    /// A call that takes strictly longer than this is slow.
    pub slow_call_duration_nanos: u64,
    /// Type of the sliding window.
    pub window_type: WindowType,
    /// Calls or seconds in the window.
    pub window_size: u32,
    /// Calls the window must contain before a rate rule can trip.
    pub minimum_number_of_calls: u32,
    /// Trial calls admitted per half-open episode, in total.
    pub permitted_calls_in_half_open: u32,
    /// Longest a half-open episode lasts after its first trial; 0 means no limit.
    pub max_half_open_nanos: u64,
    /// Factor applied to the open time for each consecutive opening.
    pub backoff_multiplier: f64,
    /// Cap on the backed-off open time.
    pub max_recovery_timeout_nanos: u64,
    /// Maximum fraction in [0, 1) by which an instance shortens or lengthens its open time.
    pub jitter_ratio: f64,
    /// When non-empty, only errors with these type names are failures.
    pub failure_exceptions: Vec<String>,
    /// Errors with these type names are neither success nor failure.
    pub ignored_exceptions: Vec<String>,
    /// Status codes of a returned response that count as failures.
    pub failure_status_codes: Vec<StatusRange>,
    /// Status codes that are neither success nor failure.
    pub ignored_status_codes: Vec<StatusRange>,
    /// Calls allowed in flight at once; 0 means no limit.
    pub max_concurrent_calls: u32,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            failure_threshold: 5,
            recovery_timeout_nanos: 30_000_000_000,
            timeout_nanos: 10_000_000_000,
            success_threshold: 3,
            mode: Mode::Enforce,
            readiness: false,
            failure_rate_threshold: None,
            slow_call_rate_threshold: None,
            slow_call_duration_nanos: 60_000_000_000,
            window_type: WindowType::CountBased,
            window_size: 100,
            minimum_number_of_calls: 10,
            permitted_calls_in_half_open: 3,
            max_half_open_nanos: 0,
            backoff_multiplier: 1.0,
            max_recovery_timeout_nanos: 30_000_000_000,
            jitter_ratio: 0.0,
            failure_exceptions: Vec::new(),
            ignored_exceptions: Vec::new(),
            failure_status_codes: vec![StatusRange {
                start: 500,
                end: 599,
            }],
            ignored_status_codes: Vec::new(),
            max_concurrent_calls: 0,
        }
    }
}

impl BreakerConfig {
    /// Returns whether a rate rule is configured.
    pub fn has_rate_rule(&self) -> bool {
        self.failure_rate_threshold.is_some() || self.slow_call_rate_threshold.is_some()
    }
}
