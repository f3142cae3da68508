//! The hourly weather schedule, interpolated to each tick.

use serde::{Deserialize, Serialize};

use crate::time::Tick;

/// One row of a scenario's weather schedule: conditions at a station at
/// `hour` hours after the drill starts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeatherRow {
    /// Hours since the drill started.
    pub hour: f64,
    /// Mean wind speed at 10 m, m/s.
    pub wind_speed_m_s: f64,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_from_deg: f64,
    /// Air temperature at 2 m, °C.
    pub temperature_c: f64,
    /// Relative humidity, %.
    pub relative_humidity_pct: f64,
    /// Precipitation rate, mm/h.
    #[serde(default)]
    pub precipitation_mm_per_h: f64,
}

/// Weather at the station at one tick.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeatherNow {
    /// Mean wind speed at 10 m, m/s.
    pub wind_speed_m_s: f64,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_from_deg: f64,
    /// Air temperature at 2 m, °C.
    pub temperature_c: f64,
    /// Relative humidity, %.
    pub relative_humidity_pct: f64,
    /// Precipitation rate, mm/h.
    pub precipitation_mm_per_h: f64,
}

/// A wind imposed by an inject (a wind shift) that replaces the schedule's
/// wind from its tick on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WindOverride {
    /// Wind speed at 10 m, m/s.
    pub wind_speed_m_s: f64,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_from_deg: f64,
}

/// The schedule: rows sorted by hour (the scenario validator guarantees it),
/// and the elevation of the station they were observed at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeatherSchedule {
    /// Station elevation, metres: temperatures are lapse-rate adjusted from it.
    pub station_elevation_m: f64,
    /// Rows in increasing `hour`.
    pub rows: Vec<WeatherRow>,
}

impl WeatherSchedule {
    /// Weather at `tick`: linear in time between rows, constant before the
    /// first and after the last. Wind direction turns the short way round.
    pub fn at(&self, tick: Tick) -> WeatherNow {
        let h = tick.hours();
        let Some(first) = self.rows.first() else {
            return WeatherNow::CALM;
        };
        let after = self.rows.iter().position(|r| r.hour > h);
        let (a, b, t) = match after {
            None => (self.rows[self.rows.len() - 1], self.rows[self.rows.len() - 1], 0.0),
            Some(0) => (*first, *first, 0.0),
            Some(i) => {
                let (a, b) = (self.rows[i - 1], self.rows[i]);
                (a, b, (h - a.hour) / (b.hour - a.hour))
            }
        };
        let lerp = |x: f64, y: f64| x + (y - x) * t;
        let turn = (b.wind_from_deg - a.wind_from_deg + 540.0).rem_euclid(360.0) - 180.0;
        WeatherNow {
            wind_speed_m_s: lerp(a.wind_speed_m_s, b.wind_speed_m_s),
            wind_from_deg: (a.wind_from_deg + turn * t).rem_euclid(360.0),
            temperature_c: lerp(a.temperature_c, b.temperature_c),
            relative_humidity_pct: lerp(a.relative_humidity_pct, b.relative_humidity_pct),
            precipitation_mm_per_h: lerp(a.precipitation_mm_per_h, b.precipitation_mm_per_h),
        }
    }
}

impl WeatherNow {
    /// No wind, 15 °C, 50 %: used only for an empty schedule, which the
    /// scenario validator rejects.
    pub const CALM: WeatherNow = WeatherNow {
        wind_speed_m_s: 0.0,
        wind_from_deg: 0.0,
        temperature_c: 15.0,
        relative_humidity_pct: 50.0,
        precipitation_mm_per_h: 0.0,
    };

    /// This weather with the wind replaced by an override, if any.
    pub fn with_override(self, wind: Option<WindOverride>) -> WeatherNow {
        match wind {
            Some(w) => WeatherNow {
                wind_speed_m_s: w.wind_speed_m_s,
                wind_from_deg: w.wind_from_deg,
                ..self
            },
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(hour: f64, speed: f64, from: f64, t: f64) -> WeatherRow {
        WeatherRow {
            hour,
            wind_speed_m_s: speed,
            wind_from_deg: from,
            temperature_c: t,
            relative_humidity_pct: 30.0,
            precipitation_mm_per_h: 0.0,
        }
    }

    #[test]
    fn interpolates_linearly_and_turns_the_short_way() {
        let s = WeatherSchedule {
            station_elevation_m: 600.0,
            rows: vec![row(0.0, 4.0, 350.0, 10.0), row(2.0, 8.0, 30.0, 20.0)],
        };
        let mid = s.at(Tick::from_hours(1.0));
        assert!((mid.wind_speed_m_s - 6.0).abs() < 1e-12);
        assert!((mid.temperature_c - 15.0).abs() < 1e-12);
        // 350° → 30° is a 40° veer through north: halfway is 10°.
        assert!((mid.wind_from_deg - 10.0).abs() < 1e-9, "{}", mid.wind_from_deg);
        assert_eq!(s.at(Tick::from_hours(5.0)).wind_speed_m_s, 8.0);
        assert_eq!(s.at(Tick::ZERO).wind_speed_m_s, 4.0);
        let shifted = mid.with_override(Some(WindOverride {
            wind_speed_m_s: 12.0,
            wind_from_deg: 270.0,
        }));
        assert_eq!((shifted.wind_speed_m_s, shifted.temperature_c), (12.0, 15.0));
    }
}
