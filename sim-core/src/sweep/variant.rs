//! Variant `i` of a sweep: its seed and the scenario it runs on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::frame::{LonLat, MapPoint};
use crate::hash::hash_serialized;
use crate::hazards::fire::land_cover_burns;
use crate::rng::{splitmix64, unit_from_u64};
use crate::scenario::{HazardSpec, Scenario};

/// Largest relative change of wind speed: every row's speed is multiplied
/// by `1 + u·0.25`, `u` uniform on [−1, 1). An assumed spread of the order
/// of a day-ahead 10 m wind forecast's error, not a fitted figure.
pub const WIND_SPEED_MAX_REL: f64 = 0.25;
/// Largest change of wind direction, degrees: every row turned by `u·30°`.
pub const WIND_DIR_MAX_SHIFT_DEG: f64 = 30.0;
/// Largest change of relative humidity, percentage points: every row by
/// `u·10`, then kept within [1, 100] %.
pub const RH_MAX_SHIFT_PCT: f64 = 10.0;
/// Largest distance an ignition point moves, metres: to a point uniform on
/// the disc of this radius (`r = R√u`, angle uniform), redrawn until it
/// lands on a burnable cell of the map.
pub const IGNITION_MAX_SHIFT_M: f64 = 1000.0;
/// Draws of an ignition point before giving up and keeping it in place.
const IGNITION_ATTEMPTS: u64 = 32;
/// Salt of the variant-parameter draws, so they are not the same numbers
/// the simulation draws from the same seed (ASCII "SWEEP").
const DRAW_SALT: u64 = 0x0053_5745_4550;

/// What changes from run to run of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Vary {
    /// The drill's RNG seed (people's decisions, spotting, delays…).
    pub seed: bool,
    /// The weather schedule: wind speed, wind direction, humidity.
    pub weather: bool,
    /// Where the fires start.
    pub ignition: bool,
}

impl FromStr for Vary {
    type Err = String;

    /// `seed`, `weather`, `ignition`, comma-separated, any order; `none`
    /// for nothing.
    fn from_str(s: &str) -> Result<Vary, String> {
        let mut vary = Vary::default();
        for word in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word {
                "seed" => vary.seed = true,
                "weather" => vary.weather = true,
                "ignition" => vary.ignition = true,
                "none" => {}
                other => return Err(format!("cannot vary `{other}`: choose from seed, weather, ignition")),
            }
        }
        Ok(vary)
    }
}

impl fmt::Display for Vary {
    /// The canonical spelling: `seed,weather,ignition` in that order, or `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words: Vec<&str> = [
            (self.seed, "seed"),
            (self.weather, "weather"),
            (self.ignition, "ignition"),
        ]
        .into_iter()
        .filter_map(|(on, w)| on.then_some(w))
        .collect();
        if words.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&words.join(","))
        }
    }
}

/// What variant `i` changed, for its JSON line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantParams {
    /// The seed the drill ran with: the variant seed when the seed varies,
    /// the record's otherwise.
    pub drill_seed: u64,
    /// Weather change, when the weather varies.
    pub weather: Option<WeatherShift>,
    /// Ignition moves, when ignitions vary, in hazard order.
    pub ignitions: Vec<IgnitionShift>,
}

/// One change applied to every weather row: a systematic forecast error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeatherShift {
    /// Wind speed multiplier.
    pub wind_speed_factor: f64,
    /// Degrees added to the wind direction (clockwise).
    pub wind_from_shift_deg: f64,
    /// Percentage points added to relative humidity.
    pub rh_shift_pct: f64,
}

/// Where an ignition point moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IgnitionShift {
    /// `hazard:…`
    pub id: String,
    /// Metres east.
    pub east_m: f64,
    /// Metres north.
    pub north_m: f64,
    /// The new point.
    pub at: LonLat,
}

/// The seed of run `index` of a sweep with `base_seed`:
/// `splitmix64(splitmix64(base_seed) ^ index)`. SplitMix64 is a bijection,
/// so for one base seed no two runs share a seed, and neighbouring indices
/// give unrelated seeds.
pub fn variant_seed(base_seed: u64, index: u64) -> u64 {
    splitmix64(splitmix64(base_seed) ^ index)
}

/// Uniform on [−1, 1) from draw `k` of a variant.
fn signed_unit(key: u64, k: u64) -> f64 {
    2.0 * unit_from_u64(splitmix64(key ^ splitmix64(k))) - 1.0
}

/// Uniform on [0, 1) from draw `k` of a variant.
fn unit(key: u64, k: u64) -> f64 {
    unit_from_u64(splitmix64(key ^ splitmix64(k)))
}

/// Run `index` of a sweep: the scenario it runs on and what changed.
///
/// The base scenario's terrain, land cover and roads are kept (only the
/// weather rows and ignition points change, and nothing built depends on
/// them), so no rebuild is needed. A scenario that changed gets a new
/// content hash — `hash_serialized((base hash, params))` — so nothing can
/// mistake it for the file. `record_seed` is the drill record's seed, used
/// when the seed does not vary.
pub fn make_variant(
    base: &Scenario,
    record_seed: u64,
    vary: Vary,
    base_seed: u64,
    index: u64,
) -> (Scenario, VariantParams) {
    let seed = variant_seed(base_seed, index);
    let key = splitmix64(seed ^ DRAW_SALT);
    let mut scenario = base.clone();
    let weather = vary.weather.then(|| {
        let shift = WeatherShift {
            wind_speed_factor: 1.0 + WIND_SPEED_MAX_REL * signed_unit(key, 0),
            wind_from_shift_deg: WIND_DIR_MAX_SHIFT_DEG * signed_unit(key, 1),
            rh_shift_pct: RH_MAX_SHIFT_PCT * signed_unit(key, 2),
        };
        for row in &mut scenario.file.weather.rows {
            row.wind_speed_m_s = (row.wind_speed_m_s * shift.wind_speed_factor).max(0.0);
            row.wind_from_deg = (row.wind_from_deg + shift.wind_from_shift_deg).rem_euclid(360.0);
            row.relative_humidity_pct = (row.relative_humidity_pct + shift.rh_shift_pct).clamp(1.0, 100.0);
        }
        shift
    });
    let mut ignitions = Vec::new();
    if vary.ignition {
        for (j, hazard) in scenario.file.hazards.iter_mut().enumerate() {
            let HazardSpec::Ignition { id, at, .. } = hazard;
            let moved = moved_ignition(base, *at, key, j as u64);
            let start = base.frame.to_map(*at);
            let end = base.frame.to_map(moved);
            *at = moved;
            ignitions.push(IgnitionShift {
                id: id.clone(),
                east_m: end.east_m - start.east_m,
                north_m: end.north_m - start.north_m,
                at: moved,
            });
        }
    }
    let params = VariantParams {
        drill_seed: if vary.seed { seed } else { record_seed },
        weather,
        ignitions,
    };
    if vary.weather || vary.ignition {
        scenario.content_hash = hash_serialized(&(base.content_hash, &params));
    }
    (scenario, params)
}

/// Ignition `j` moved to a burnable point within [`IGNITION_MAX_SHIFT_M`],
/// or left where it is if no draw lands on one.
fn moved_ignition(base: &Scenario, at: LonLat, key: u64, j: u64) -> LonLat {
    let start = base.frame.to_map(at);
    for attempt in 0..IGNITION_ATTEMPTS {
        // Draws 1000+ so they never meet the weather draws 0–2.
        let k = 1000 + (j * IGNITION_ATTEMPTS + attempt) * 2;
        let r_m = IGNITION_MAX_SHIFT_M * unit(key, k).sqrt();
        let angle_rad = std::f64::consts::TAU * unit(key, k + 1);
        let p = MapPoint {
            east_m: start.east_m + r_m * libm::sin(angle_rad),
            north_m: start.north_m + r_m * libm::cos(angle_rad),
        };
        let burns = base
            .frame
            .cell_at(p)
            .and_then(|c| base.land_cover.at(c.x as usize, c.y as usize))
            .is_some_and(|class| land_cover_burns(*class, &base.file.fire));
        if burns {
            return base.frame.to_lon_lat(p);
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steppe() -> Scenario {
        let b = crate::builtin::find("synthetic-steppe-valley");
        let text = b.map_or("", |b| b.text);
        crate::scenario::load_scenario("builtin", text, &mut crate::scenario::no_files)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn vary_parses_and_prints_canonically() {
        assert_eq!(
            "ignition, seed".parse::<Vary>().map(|v| v.to_string()),
            Ok("seed,ignition".into())
        );
        assert_eq!("".parse::<Vary>().map(|v| v.to_string()), Ok("none".into()));
        assert!("wind".parse::<Vary>().is_err());
    }

    #[test]
    fn seeds_differ_by_index_and_base() {
        assert_ne!(variant_seed(1, 0), variant_seed(1, 1));
        assert_ne!(variant_seed(1, 0), variant_seed(2, 0));
        assert_eq!(variant_seed(7, 3), splitmix64(splitmix64(7) ^ 3));
    }

    #[test]
    fn weather_changes_within_bounds_and_is_reproducible() {
        let base = steppe();
        let vary = Vary {
            weather: true,
            ..Vary::default()
        };
        let (a, pa) = make_variant(&base, 1, vary, 42, 5);
        let (b, pb) = make_variant(&base, 1, vary, 42, 5);
        assert_eq!(a, b);
        assert_eq!(pa, pb);
        assert_eq!(pa.drill_seed, 1);
        let shift = pa.weather.unwrap_or_else(|| panic!("weather varied"));
        assert!((shift.wind_speed_factor - 1.0).abs() <= WIND_SPEED_MAX_REL);
        assert!(shift.wind_from_shift_deg.abs() <= WIND_DIR_MAX_SHIFT_DEG);
        assert!(shift.rh_shift_pct.abs() <= RH_MAX_SHIFT_PCT);
        for (new, old) in a.file.weather.rows.iter().zip(&base.file.weather.rows) {
            let expected = old.wind_speed_m_s * shift.wind_speed_factor;
            assert!((new.wind_speed_m_s - expected).abs() < 1e-12);
            assert!((0.0..360.0).contains(&new.wind_from_deg));
            assert!((1.0..=100.0).contains(&new.relative_humidity_pct));
        }
        assert_ne!(a.content_hash, base.content_hash);
        let (_, other) = make_variant(&base, 1, vary, 42, 6);
        assert_ne!(other.weather, pa.weather);
    }

    #[test]
    fn ignitions_move_within_radius_onto_fuel() {
        let base = steppe();
        let vary = Vary {
            ignition: true,
            seed: true,
            ..Vary::default()
        };
        for i in 0..20 {
            let (s, p) = make_variant(&base, 1, vary, 3, i);
            assert_eq!(p.drill_seed, variant_seed(3, i));
            assert_eq!(p.ignitions.len(), base.file.hazards.len());
            for (shift, hazard) in p.ignitions.iter().zip(&s.file.hazards) {
                let HazardSpec::Ignition { at, .. } = hazard;
                assert_eq!(*at, shift.at);
                assert!(libm::hypot(shift.east_m, shift.north_m) <= IGNITION_MAX_SHIFT_M + 1e-6);
                let cell = s.frame.cell_at_lon_lat(*at).unwrap_or_else(|| panic!("on the map"));
                let class = s.land_cover.at(cell.x as usize, cell.y as usize).copied();
                assert!(class.is_some_and(|c| land_cover_burns(c, &s.file.fire)));
            }
        }
    }

    #[test]
    fn seed_only_keeps_the_scenario() {
        let base = steppe();
        let vary = Vary {
            seed: true,
            ..Vary::default()
        };
        let (s, p) = make_variant(&base, 1, vary, 3, 2);
        assert_eq!(s, base);
        assert_eq!(p.weather, None);
        assert!(p.ignitions.is_empty());
    }
}
