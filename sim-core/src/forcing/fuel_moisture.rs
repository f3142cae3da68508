//! Dead fine fuel moisture per cell, following the weather.
//!
//! Method: the equilibrium moisture content (EMC) of Simard (1968), the
//! regression used by the US National Fire Danger Rating System, with the
//! air temperature lapse-rate adjusted to each cell's elevation (6.5 K/km,
//! the ICAO standard atmosphere) and relative humidity adjusted so the
//! vapour pressure stays that of the station (Magnus formula). Fine dead
//! fuel relaxes towards EMC with a 1 h time lag (Fosberg 1970):
//! `m(t+Δt) = EMC + (m(t) − EMC)·exp(−Δt/τ)`. While it rains, the target is
//! fibre saturation (35 %). The fire issue may refine this (Nelson 2000).

use serde::{Deserialize, Serialize};

use crate::forcing::WeatherNow;
use crate::grid::{DoubleBuffer, Grid};
use crate::terrain::Terrain;
use crate::time::TICK_SECONDS;

/// Lapse rate of the standard atmosphere, K per metre.
const LAPSE_RATE_K_PER_M: f64 = 0.0065;
/// Time lag of 1-hour fuels, seconds.
const ONE_HOUR_TIME_LAG_S: f64 = 3600.0;
/// Moisture of dead fine fuel under rain (fibre saturation), %.
const FIBRE_SATURATION_PCT: f64 = 35.0;

/// Equilibrium moisture content of dead fine fuel, % of dry weight, from air
/// temperature (°C) and relative humidity (%), by Simard (1968) as
/// tabulated for NFDRS (Cohen & Deeming 1985, eq. 1a–1c; they take °F).
pub fn equilibrium_moisture_pct(temperature_c: f64, relative_humidity_pct: f64) -> f64 {
    let t_f = temperature_c * 9.0 / 5.0 + 32.0;
    let h = relative_humidity_pct.clamp(0.0, 100.0);
    let emc = if h < 10.0 {
        0.03229 + 0.281_073 * h - 0.000_578 * h * t_f
    } else if h < 50.0 {
        2.22749 + 0.160_107 * h - 0.01478 * t_f
    } else {
        21.0606 + 0.005565 * h * h - 0.00035 * h * t_f - 0.483_199 * h
    };
    emc.max(0.0)
}

/// Saturation vapour pressure over water, hPa (Magnus, Alduchov & Eskridge 1996).
fn saturation_vapour_pressure_hpa(temperature_c: f64) -> f64 {
    6.1094 * libm::exp(17.625 * temperature_c / (temperature_c + 243.04))
}

/// The dead fine fuel moisture grid, %.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FuelMoistureField {
    moisture_pct: DoubleBuffer<f32>,
}

impl FuelMoistureField {
    /// Starts every cell at the equilibrium of the first weather.
    pub fn new(terrain: &Terrain, station_elevation_m: f64, weather: &WeatherNow) -> FuelMoistureField {
        let z = terrain.elevation_m();
        let grid = Grid::from_fn(z.width(), z.height(), |x, y| {
            let elevation = z.at(x, y).copied().unwrap_or(0.0);
            target_pct(f64::from(elevation), station_elevation_m, weather) as f32
        });
        FuelMoistureField {
            moisture_pct: DoubleBuffer::new(grid),
        }
    }

    /// Moisture per cell, %.
    pub fn moisture_pct(&self) -> &Grid<f32> {
        self.moisture_pct.current()
    }

    /// Advances one tick under `weather`. Returns how many cells came out
    /// non-finite and were reset to the target (should always be 0).
    pub fn step(&mut self, terrain: &Terrain, station_elevation_m: f64, weather: &WeatherNow) -> u32 {
        let decay = libm::exp(-(TICK_SECONDS as f64) / ONE_HOUR_TIME_LAG_S);
        let z = terrain.elevation_m();
        self.moisture_pct.step(|x, y, previous| {
            let elevation = f64::from(z.at(x, y).copied().unwrap_or(0.0));
            let target = target_pct(elevation, station_elevation_m, weather);
            let m = f64::from(previous.at(x, y).copied().unwrap_or(0.0));
            let next = target + (m - target) * decay;
            if next.is_finite() { next as f32 } else { target as f32 }
        });
        let bad = self
            .moisture_pct()
            .par_rows_map(|_, row| row.iter().filter(|m| !m.is_finite()).count() as u32);
        bad.iter().sum()
    }
}

/// The moisture a cell relaxes towards under `weather`.
fn target_pct(elevation_m: f64, station_elevation_m: f64, weather: &WeatherNow) -> f64 {
    if weather.precipitation_mm_per_h > 0.1 {
        return FIBRE_SATURATION_PCT;
    }
    let t_cell = weather.temperature_c - LAPSE_RATE_K_PER_M * (elevation_m - station_elevation_m);
    let vapour = weather.relative_humidity_pct / 100.0 * saturation_vapour_pressure_hpa(weather.temperature_c);
    let rh_cell = (100.0 * vapour / saturation_vapour_pressure_hpa(t_cell)).clamp(0.0, 100.0);
    equilibrium_moisture_pct(t_cell, rh_cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three branches evaluated by hand from the published coefficients
    /// (70 °F/30 % → 5.996 %, 90 °F/5 % → 1.178 %, 50 °F/80 % → 16.62 %), and
    /// EMC rises with humidity and falls with temperature across them.
    #[test]
    fn simard_emc_branches_and_trends() {
        let c = |f: f64| (f - 32.0) * 5.0 / 9.0;
        assert!((equilibrium_moisture_pct(c(70.0), 30.0) - 5.996).abs() < 0.001);
        assert!((equilibrium_moisture_pct(c(90.0), 5.0) - 1.178).abs() < 0.001);
        assert!((equilibrium_moisture_pct(c(50.0), 80.0) - 16.62).abs() < 0.01);
        let mut last = 0.0;
        for rh in (0..=100).step_by(5) {
            let m = equilibrium_moisture_pct(20.0, f64::from(rh));
            assert!(m >= last - 0.5, "EMC must rise with RH: {rh}% gives {m}");
            last = m;
        }
        assert!(equilibrium_moisture_pct(35.0, 30.0) < equilibrium_moisture_pct(5.0, 30.0));
    }

    /// One hour of constant weather closes 1 − e⁻¹ = 63.2 % of the gap to
    /// equilibrium: the definition of the time lag.
    #[test]
    fn relaxes_with_a_one_hour_time_lag() {
        let terrain = Terrain::from_elevation(Grid::filled(4, 3, 500.0), 100.0);
        let wet = WeatherNow {
            relative_humidity_pct: 90.0,
            ..WeatherNow::CALM
        };
        let dry = WeatherNow {
            relative_humidity_pct: 20.0,
            temperature_c: 25.0,
            ..WeatherNow::CALM
        };
        let mut field = FuelMoistureField::new(&terrain, 500.0, &wet);
        let m0 = f64::from(field.moisture_pct().cells()[0]);
        let target = equilibrium_moisture_pct(25.0, 20.0);
        for _ in 0..(3600 / TICK_SECONDS) {
            assert_eq!(field.step(&terrain, 500.0, &dry), 0);
        }
        let m1 = f64::from(field.moisture_pct().cells()[0]);
        let expected = target + (m0 - target) * libm::exp(-1.0);
        assert!((m1 - expected).abs() < 1e-3, "{m1} vs {expected}");
    }

    /// Higher ground is colder, so at the same vapour pressure it is more
    /// humid and its fuel moister.
    #[test]
    fn higher_cells_are_moister_in_dry_air() {
        let terrain = Terrain::from_elevation(Grid::from_fn(2, 1, |x, _| 500.0 + 1000.0 * x as f32), 100.0);
        let w = WeatherNow {
            temperature_c: 25.0,
            relative_humidity_pct: 25.0,
            ..WeatherNow::CALM
        };
        let f = FuelMoistureField::new(&terrain, 500.0, &w);
        assert!(f.moisture_pct().cells()[1] > f.moisture_pct().cells()[0] + 1.0);
    }
}
