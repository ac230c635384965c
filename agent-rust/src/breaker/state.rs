//! The breaker's state machine: pure transitions on a small struct guarded by one mutex.
//!
//! Every method takes `now` from the caller's clock, so the state, its timestamps and the
//! window change together under the lock and tests drive time by hand.

use crate::config::BreakerConfig;
use crate::window::{SlidingWindow, WindowCounts};
use crate::WindowType;

/// The three states of the state machine; modes are layered on top by the breaker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum State {
    /// Calls flow, and outcomes feed the window and its consecutive-failure run.
    Closed,
    /// Calls are rejected until `open_until`.
    Open { opened_at: u64, open_until: u64 },
    /// A budget of trial calls decides whether to close or reopen.
    HalfOpen(Episode),
}

/// Bookkeeping of one half-open episode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Episode {
    /// Trial calls this episode may admit in total; fixed when the episode starts.
    pub budget: u32,
    /// Trials admitted and not released.
    pub admitted: u32,
    /// Trials that succeeded.
    pub successes: u32,
    /// Trials that failed or timed out.
    pub failures: u32,
    /// Trials that were slow.
    pub slow: u32,
    /// When the first trial was admitted; the half-open limit counts from here.
    pub first_trial_at: Option<u64>,
}

/// Index of a state in metric arrays: closed, open, half-open.
pub(crate) fn state_index(state: &State) -> usize {
    match state {
        State::Closed => 0,
        State::Open { .. } => 1,
        State::HalfOpen(_) => 2,
    }
}

/// Effect of a recorded call on the state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Success,
    Failure,
    /// Ignored, cancelled or never executed: releases a trial slot and counts nowhere.
    Release,
}

/// A transition that happened, for the transition counters.
pub(crate) type Transition = (usize, usize);

/// Everything the mutex guards.
#[derive(Debug)]
pub(crate) struct Inner {
    pub config: BreakerConfig,
    pub state: State,
    /// Increases on every transition; a permit from another epoch never decides this one.
    pub epoch: u64,
    /// The closed state's window and its run of consecutive failures.
    pub window: SlidingWindow,
    /// Consecutive openings since the breaker last closed; drives the backoff.
    pub attempts: u32,
    /// Fixed per-instance value in [-1, 1]; the open time is scaled by `1 + unit × ratio`.
    pub jitter_unit: f64,
}

impl Inner {
    pub fn new(config: BreakerConfig, jitter_unit: f64) -> Self {
        let window = new_window(&config);
        Self {
            config,
            state: State::Closed,
            epoch: 0,
            window,
            attempts: 0,
            jitter_unit: jitter_unit.clamp(-1.0, 1.0),
        }
    }

    /// Returns the open time of the `attempt`-th consecutive opening, in nanoseconds.
    pub fn open_duration(&self, attempt: u32) -> u64 {
        let config = &self.config;
        let exponent = attempt.saturating_sub(1).min(1_000) as i32;
        let backed_off =
            config.recovery_timeout_nanos as f64 * config.backoff_multiplier.powi(exponent);
        let capped = backed_off.min(config.max_recovery_timeout_nanos as f64);
        let jittered = capped * (1.0 + self.jitter_unit * config.jitter_ratio);
        if jittered >= u64::MAX as f64 {
            u64::MAX
        } else {
            jittered.max(0.0) as u64
        }
    }

    /// Applies the time-driven transitions due at `now`: open to half-open when the open time
    /// has passed, half-open back to open when the episode outlived its limit.
    pub fn advance(&mut self, now: u64, transitions: &mut impl FnMut(Transition)) {
        loop {
            match self.state {
                State::Open { open_until, .. } if now >= open_until => {
                    self.enter_half_open(transitions);
                }
                State::HalfOpen(episode) => {
                    let limit = self.config.max_half_open_nanos;
                    match episode.first_trial_at {
                        Some(first) if limit > 0 && now >= first.saturating_add(limit) => {
                            self.enter_open(first.saturating_add(limit), transitions);
                        }
                        _ => return,
                    }
                }
                _ => return,
            }
        }
    }

    /// Admits a trial call in half-open when budget remains; returns whether it was admitted.
    pub fn admit_trial(&mut self, now: u64) -> bool {
        if let State::HalfOpen(episode) = &mut self.state {
            if episode.admitted < episode.budget {
                episode.admitted += 1;
                episode.first_trial_at.get_or_insert(now);
                return true;
            }
        }
        false
    }

    /// Records the outcome of a call admitted in `epoch`.
    pub fn record(
        &mut self,
        epoch: u64,
        verdict: Verdict,
        slow: bool,
        now: u64,
        transitions: &mut impl FnMut(Transition),
    ) {
        self.advance(now, transitions);
        if epoch != self.epoch {
            return;
        }
        match self.state {
            State::Closed => self.record_closed(verdict, slow, now, transitions),
            State::HalfOpen(_) => self.record_trial(verdict, slow, now, transitions),
            State::Open { .. } => {}
        }
    }

    /// Records `count` successes of the current closed epoch at once. Only valid while no
    /// rate rule is configured, because then a success never opens the breaker.
    pub fn record_closed_successes(&mut self, now: u64, count: u64) {
        debug_assert!(self.state == State::Closed && !self.config.has_rate_rule());
        self.window.record_successes(now, count);
    }

    /// Returns the consecutive failures of the closed state counted at `now`. With a time
    /// window only failures whose second is still in the window count.
    pub fn consecutive_failures(&mut self, now: u64) -> u32 {
        self.window.consecutive_failures(now)
    }

    fn record_closed(
        &mut self,
        verdict: Verdict,
        slow: bool,
        now: u64,
        transitions: &mut impl FnMut(Transition),
    ) {
        let failed = match verdict {
            Verdict::Release => return,
            Verdict::Success => false,
            Verdict::Failure => true,
        };
        // The window extends or ends the run and drops the run's seconds that left it.
        let counts = self.window.record(now, failed, slow);
        if self.window.consecutive_failures(now) >= self.config.failure_threshold
            || self.rate_rule_trips(&counts)
        {
            self.enter_open(now, transitions);
        }
    }

    /// Returns whether a configured rate rule trips on `counts`: at or above the threshold
    /// once the window contains the minimum number of calls.
    pub fn rate_rule_trips(&self, counts: &WindowCounts) -> bool {
        if counts.calls < u64::from(self.config.minimum_number_of_calls) {
            return false;
        }
        at_or_above(counts.failure_rate(), self.config.failure_rate_threshold)
            || at_or_above(
                counts.slow_call_rate(),
                self.config.slow_call_rate_threshold,
            )
    }

    fn record_trial(
        &mut self,
        verdict: Verdict,
        slow: bool,
        now: u64,
        transitions: &mut impl FnMut(Transition),
    ) {
        let State::HalfOpen(episode) = &mut self.state else {
            return;
        };
        match verdict {
            Verdict::Release => {
                episode.admitted = episode.admitted.saturating_sub(1);
                return;
            }
            Verdict::Success => episode.successes += 1,
            Verdict::Failure => episode.failures += 1,
        }
        episode.slow += u32::from(slow);
        self.decide_episode(now, transitions);
    }

    /// Closes or reopens a half-open episode whose results meet the active settings.
    fn decide_episode(&mut self, now: u64, transitions: &mut impl FnMut(Transition)) {
        let State::HalfOpen(episode) = self.state else {
            return;
        };
        let decided = episode.successes + episode.failures;
        if self.config.has_rate_rule() {
            // With a rate rule the episode is judged as a whole once every trial has a result.
            if decided >= episode.budget {
                let counts = WindowCounts {
                    calls: u64::from(decided),
                    failed: u64::from(episode.failures),
                    slow: u64::from(episode.slow),
                    slow_failed: 0,
                };
                let needed = self.config.success_threshold.min(episode.budget);
                let fails = at_or_above(counts.failure_rate(), self.config.failure_rate_threshold)
                    || at_or_above(
                        counts.slow_call_rate(),
                        self.config.slow_call_rate_threshold,
                    )
                    || episode.successes < needed;
                if fails {
                    self.enter_open(now, transitions);
                } else {
                    self.enter_closed(transitions);
                }
            }
        } else if episode.failures > 0 {
            self.enter_open(now, transitions);
        } else if episode.successes >= self.config.success_threshold.min(episode.budget) {
            self.enter_closed(transitions);
        }
    }

    fn enter_open(&mut self, opened_at: u64, transitions: &mut impl FnMut(Transition)) {
        let from = state_index(&self.state);
        self.attempts = self.attempts.saturating_add(1);
        let open_until = opened_at.saturating_add(self.open_duration(self.attempts));
        self.state = State::Open {
            opened_at,
            open_until,
        };
        self.window.end_failure_run();
        self.epoch += 1;
        transitions((from, 1));
    }

    fn enter_half_open(&mut self, transitions: &mut impl FnMut(Transition)) {
        let from = state_index(&self.state);
        self.state = State::HalfOpen(Episode {
            budget: self.config.permitted_calls_in_half_open.max(1),
            admitted: 0,
            successes: 0,
            failures: 0,
            slow: 0,
            first_trial_at: None,
        });
        self.epoch += 1;
        transitions((from, 2));
    }

    fn enter_closed(&mut self, transitions: &mut impl FnMut(Transition)) {
        let from = state_index(&self.state);
        self.state = State::Closed;
        self.attempts = 0;
        self.window.clear();
        self.epoch += 1;
        transitions((from, 0));
    }

    /// Applies new settings in place; returns false when they equal the active ones.
    ///
    /// State, window contents, open-until and attempts carry over. A changed open time counts
    /// from the original opening. A shrinking window keeps its most recent outcomes and, for a
    /// time window, the run of the seconds it keeps. A changed window type starts empty and
    /// carries the consecutive-failure run, which a time window counts in the current second.
    /// A half-open episode keeps its trials and results, its remaining budget never grows and
    /// shrinks to fit the new total, and it is decided at once when its results already meet
    /// the new settings.
    pub fn reconfigure(
        &mut self,
        config: BreakerConfig,
        now: u64,
        transitions: &mut impl FnMut(Transition),
    ) -> bool {
        if config == self.config {
            return false;
        }
        self.advance(now, transitions);
        if !self.window.is_type(config.window_type) {
            let run = self.window.consecutive_failures(now);
            self.window = new_window(&config);
            self.window.carry_failure_run(run, now);
        } else if self.window.size() != u64::from(config.window_size) {
            self.window.resize(config.window_size, now);
        }
        self.config = config;
        if let State::HalfOpen(episode) = &mut self.state {
            // The episode keeps its trials and results. Its remaining budget never grows and
            // shrinks to fit the new total.
            let total = self.config.permitted_calls_in_half_open.max(1);
            let remaining = episode.budget.saturating_sub(episode.admitted);
            let fits = total.saturating_sub(episode.admitted);
            episode.budget = episode.admitted + remaining.min(fits);
            // Results that already meet the new settings decide the episode at once.
            self.decide_episode(now, transitions);
        }
        if let State::Open { opened_at, .. } = self.state {
            let open_until = opened_at.saturating_add(self.open_duration(self.attempts));
            self.state = State::Open {
                opened_at,
                open_until,
            };
        }
        true
    }
}

fn new_window(config: &BreakerConfig) -> SlidingWindow {
    match config.window_type {
        WindowType::CountBased => SlidingWindow::count_based(config.window_size),
        WindowType::TimeBased => SlidingWindow::time_based(config.window_size),
    }
}

fn at_or_above(rate: Option<f64>, threshold: Option<f64>) -> bool {
    match (rate, threshold) {
        (Some(rate), Some(threshold)) => rate >= threshold,
        _ => false,
    }
}

#[cfg(test)]
mod tests;
