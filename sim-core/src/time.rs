//! Simulated time: the integer [`Tick`] and its fixed length.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Length of one tick in simulated seconds.
///
/// Ten seconds resolves a vehicle or a fire front moving a few hundred metres
/// per minute while a 24 h drill stays under 10 000 ticks. Everything finer
/// (flood CFL substeps) happens inside a tick.
pub const TICK_SECONDS: u64 = 10;

/// A point in simulated time, counted in whole ticks since the drill started.
///
/// Time is an integer so that "the same tick" means exactly that on every
/// machine; seconds and hours are only for display and for scenario files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Tick(pub u64);

impl Tick {
    /// The tick at which the drill starts.
    pub const ZERO: Tick = Tick(0);

    /// The first tick at or after `seconds` of simulated time.
    pub fn from_seconds_ceil(seconds: u64) -> Tick {
        Tick(seconds.div_ceil(TICK_SECONDS))
    }

    /// The first tick at or after `minutes` of simulated time.
    pub fn from_minutes(minutes: u64) -> Tick {
        Tick::from_seconds_ceil(minutes.saturating_mul(60))
    }

    /// The first tick at or after `hours` (fractional) of simulated time.
    /// Negative and non-finite inputs map to tick zero.
    pub fn from_hours(hours: f64) -> Tick {
        if !(hours.is_finite() && hours > 0.0) {
            return Tick::ZERO;
        }
        let seconds = (hours * 3600.0).ceil();
        // `as` saturates for floats past u64::MAX, which is what we want here.
        Tick::from_seconds_ceil(seconds as u64)
    }

    /// Simulated seconds since the start.
    pub fn seconds(self) -> u64 {
        self.0.saturating_mul(TICK_SECONDS)
    }

    /// Simulated hours since the start, for display and interpolation.
    pub fn hours(self) -> f64 {
        self.seconds() as f64 / 3600.0
    }

    /// This tick plus `n` ticks, saturating.
    pub fn plus(self, n: u64) -> Tick {
        Tick(self.0.saturating_add(n))
    }
}

impl fmt::Display for Tick {
    /// `HH:MM:SS` of simulated time since the start (hours may exceed 24).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.seconds();
        write!(f, "{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_up_to_whole_ticks() {
        assert_eq!(Tick::from_seconds_ceil(0), Tick(0));
        assert_eq!(Tick::from_seconds_ceil(1), Tick(1));
        assert_eq!(Tick::from_seconds_ceil(10), Tick(1));
        assert_eq!(Tick::from_minutes(90), Tick(540));
        assert_eq!(Tick::from_hours(2.0), Tick(720));
        assert_eq!(Tick::from_hours(-1.0), Tick::ZERO);
        assert_eq!(Tick::from_hours(f64::NAN), Tick::ZERO);
        assert_eq!(Tick(367).to_string(), "01:01:10");
    }
}
