//! Fusebox agent for Rust services: circuit breakers whose settings come from the
//! `circuit-breaker.yaml` file that the Fusebox operator writes into a ConfigMap, reloaded in
//! place without losing breaker state.
//!
//! Start with [`Registry`] to get named breakers, [`CircuitBreaker::call`] or
//! [`CircuitBreaker::try_acquire`] to guard calls, [`watch::SettingsWatcher`] to follow the
//! mounted file, and [`http::router`] for `/health/live`, `/health/ready`, `/metrics` and
//! `/breakers`.

mod breaker;
mod call;
mod classify;
mod clock;
mod config;
pub mod delivery;
pub mod health_address;
pub mod http;
pub mod layer;
pub mod metrics;
mod registry;
pub mod settings;
pub mod watch;
pub mod watch_age;
mod window;

#[cfg(feature = "api-watch")]
pub mod api_watch;

pub use breaker::{
    BreakerSnapshot, BreakerState, CallOutcome, CircuitBreaker, HalfOpenSnapshot, NotPermitted,
    Permit, WindowCounts,
};
pub use call::CallError;
pub use classify::{name_matches, ErrorTypeNames};
pub use clock::{
    seconds_to_nanos, AtomicReading, Clock, CoarseClock, ManualClock, MonotonicClock, TokioClock,
    TscClock,
};
pub use config::{BreakerConfig, Mode, StatusRange, WindowType};
pub use registry::{Registry, ReloadOutcome};
