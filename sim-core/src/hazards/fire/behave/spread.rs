//! Stage 2 of the Rothermel chain: wind and slope factors, their vector
//! sum, the effective wind speed and the optional wind limit, the fire
//! ellipse (Anderson 1983 L/W, backing and flanking rates), Byram's
//! intensity and flame length — [`FuelBed::spread`] and its result
//! [`SurfaceFire`].
//!
//! The arithmetic is Behave's `surfaceFire.cpp` and `fireSize.cpp` in
//! "relative to north" mode, in Behave's order and US units.
//!
//! Directions: the wind is given as the direction it blows FROM and the
//! aspect as the direction the slope faces (downhill), both degrees
//! clockwise from north — the weather's and the terrain's conventions, and
//! exactly Behave's inputs in that mode. Behave then takes the wind's angle
//! from upslope as ω = wind_from − aspect, which is the angle of the
//! direction the wind blows TO measured from the upslope direction
//! (aspect + 180°). The result's `head_azimuth_deg` is the direction the
//! head moves TOWARDS, clockwise from north.

use serde::{Deserialize, Serialize};

use super::fuel_bed::FuelBed;
use super::wind::{KM_PER_H_PER_FT_PER_MIN, M_PER_S_PER_FT_PER_MIN, MPH_PER_FT_PER_MIN, MidflameWind};
use crate::hazards::fire::FireBehavior;

/// m/min in one ft/min (Behave's constant; also ft → m).
const M_PER_FT: f64 = 0.3048;
/// Chains per hour in one ft/min.
const CH_PER_H_PER_FT_PER_MIN: f64 = 10.0 / 11.0;
/// kW/m in one Btu/ft/s (Behave's constant).
const KW_PER_M_PER_BTU_PER_FT_PER_S: f64 = 3.464140419;
/// kJ/m² in one Btu/ft² (Behave's constant).
const KJ_PER_M2_PER_BTU_PER_FT2: f64 = 11.3653;
/// kW/m² in one Btu/ft²/min (Behave's constant).
const KW_PER_M2_PER_BTU_PER_FT2_PER_MIN: f64 = 0.189422;
/// Midflame winds are clamped to 100 m/s and slopes to 89°: beyond any
/// fire weather or mapped terrain, and enough to keep every power in the
/// chain finite.
const MAX_MIDFLAME_WIND_FT_PER_MIN: f64 = 100.0 * 196.8503937;
const MAX_SLOPE_DEG: f64 = 89.0;
/// Anderson's (1983) L/W fit is capped at 8 (Behave's maximum eccentricity).
const MAX_LENGTH_TO_BREADTH: f64 = 8.0;

/// Switches of the stage-2 calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpreadOptions {
    /// Rothermel's (1972) wind limit: the effective wind may not exceed
    /// 0.9·I_R (ft/min with I_R in Btu/ft²/min). Behave's core applies it
    /// always. Andrews, Cruz & Rothermel (2013, IJWF 22:959) found it too
    /// restrictive, notably in light grass (GR1 at 10 km/h midflame:
    /// ~5 m/min with it, ~10 without), so `Default` leaves it off.
    pub wind_limit: bool,
}

impl SpreadOptions {
    /// Behave's behaviour: the wind limit on.
    pub const BEHAVE: SpreadOptions = SpreadOptions { wind_limit: true };
}

/// Where and in what wind the fire burns.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SpreadConditions {
    /// Wind at midflame height.
    pub midflame_wind: MidflameWind,
    /// Direction the wind blows from, degrees clockwise from north.
    pub wind_from_deg: f64,
    /// Slope steepness, degrees from horizontal.
    pub slope_deg: f64,
    /// Direction the slope faces (downhill), degrees clockwise from north.
    pub aspect_deg: f64,
}

/// Degrees of a slope given in percent (rise/run × 100), as Behave converts it.
pub fn slope_deg_from_percent(slope_percent: f64) -> f64 {
    (180.0 / std::f64::consts::PI) * libm::atan(slope_percent / 100.0)
}

/// Surface fire behaviour at a point: the output of the full Rothermel
/// chain. Fields are Behave's base US units (the names say which);
/// methods give SI and chains per hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurfaceFire {
    /// Rate of spread of the head, ft/min.
    pub head_ros_ft_per_min: f64,
    /// Rate of spread of the back, ft/min.
    pub back_ros_ft_per_min: f64,
    /// Rate of spread of each flank, ft/min.
    pub flank_ros_ft_per_min: f64,
    /// The no-wind, no-slope rate R0, ft/min.
    pub no_wind_no_slope_ros_ft_per_min: f64,
    /// Direction of maximum spread, degrees clockwise from north, towards
    /// which the head moves; in [0, 360).
    pub head_azimuth_deg: f64,
    /// Length-to-breadth ratio of the fire ellipse, in [1, 8].
    pub length_to_breadth: f64,
    /// Eccentricity of the fire ellipse, `√(L/W² − 1)/(L/W)`.
    pub eccentricity: f64,
    /// Effective wind speed (the wind alone that would give the combined
    /// wind-and-slope rate), after the wind limit if applied, ft/min.
    pub effective_wind_ft_per_min: f64,
    /// Wind factor φ_w.
    pub phi_wind: f64,
    /// Slope factor φ_s.
    pub phi_slope: f64,
    /// Whether the wind limit was applied and capped the rate.
    pub wind_limit_exceeded: bool,
    /// Reaction intensity I_R, Btu/ft²/min.
    pub reaction_intensity_btu_per_ft2_per_min: f64,
    /// Flame residence time, min.
    pub residence_time_min: f64,
    /// Heat per unit area I_R·τ, Btu/ft².
    pub heat_per_unit_area_btu_per_ft2: f64,
    /// Byram's fireline intensity at the head, R·I_R·τ/60, Btu/ft/s.
    pub fireline_intensity_btu_per_ft_per_s: f64,
    /// Byram's flame length at the head, 0.45·I_B^0.46, ft.
    pub flame_length_ft: f64,
}

impl SurfaceFire {
    /// No fire: nothing to burn or non-finite input.
    pub const NONE: SurfaceFire = SurfaceFire {
        head_ros_ft_per_min: 0.0,
        back_ros_ft_per_min: 0.0,
        flank_ros_ft_per_min: 0.0,
        no_wind_no_slope_ros_ft_per_min: 0.0,
        head_azimuth_deg: 0.0,
        length_to_breadth: 1.0,
        eccentricity: 0.0,
        effective_wind_ft_per_min: 0.0,
        phi_wind: 0.0,
        phi_slope: 0.0,
        wind_limit_exceeded: false,
        reaction_intensity_btu_per_ft2_per_min: 0.0,
        residence_time_min: 0.0,
        heat_per_unit_area_btu_per_ft2: 0.0,
        fireline_intensity_btu_per_ft_per_s: 0.0,
        flame_length_ft: 0.0,
    };

    /// Head rate of spread, m/min.
    pub fn head_ros_m_per_min(&self) -> f64 {
        self.head_ros_ft_per_min * M_PER_FT
    }

    /// Backing rate of spread, m/min.
    pub fn back_ros_m_per_min(&self) -> f64 {
        self.back_ros_ft_per_min * M_PER_FT
    }

    /// Flanking rate of spread, m/min.
    pub fn flank_ros_m_per_min(&self) -> f64 {
        self.flank_ros_ft_per_min * M_PER_FT
    }

    /// Head rate of spread, chains/h (Behave's usual output unit).
    pub fn head_ros_ch_per_h(&self) -> f64 {
        self.head_ros_ft_per_min * CH_PER_H_PER_FT_PER_MIN
    }

    /// Backing rate of spread, chains/h.
    pub fn back_ros_ch_per_h(&self) -> f64 {
        self.back_ros_ft_per_min * CH_PER_H_PER_FT_PER_MIN
    }

    /// Flanking rate of spread, chains/h.
    pub fn flank_ros_ch_per_h(&self) -> f64 {
        self.flank_ros_ft_per_min * CH_PER_H_PER_FT_PER_MIN
    }

    /// Effective wind speed, m/s.
    pub fn effective_wind_m_per_s(&self) -> f64 {
        self.effective_wind_ft_per_min * M_PER_S_PER_FT_PER_MIN
    }

    /// Effective wind speed, km/h.
    pub fn effective_wind_km_per_h(&self) -> f64 {
        self.effective_wind_ft_per_min * KM_PER_H_PER_FT_PER_MIN
    }

    /// Reaction intensity, kW/m².
    pub fn reaction_intensity_kw_per_m2(&self) -> f64 {
        self.reaction_intensity_btu_per_ft2_per_min * KW_PER_M2_PER_BTU_PER_FT2_PER_MIN
    }

    /// Heat per unit area, kJ/m².
    pub fn heat_per_unit_area_kj_per_m2(&self) -> f64 {
        self.heat_per_unit_area_btu_per_ft2 * KJ_PER_M2_PER_BTU_PER_FT2
    }

    /// Byram's fireline intensity at the head, kW/m.
    pub fn fireline_intensity_kw_per_m(&self) -> f64 {
        self.fireline_intensity_btu_per_ft_per_s * KW_PER_M_PER_BTU_PER_FT_PER_S
    }

    /// Flame length at the head, m.
    pub fn flame_length_m(&self) -> f64 {
        self.flame_length_ft * M_PER_FT
    }

    /// Rate of spread from the ignition point towards `azimuth_deg`
    /// (clockwise from north), ft/min: the radius of the ellipse with the
    /// ignition at its rear focus, `R(1 − e)/(1 − e·cos β)`, β the angle
    /// from the head direction. Behave's "from ignition point" direction of
    /// interest; use it for travel times along rays (graph, MTT). For a
    /// front-tracking scheme use the normal speed of [`Self::behavior`].
    pub fn ros_from_ignition_ft_per_min(&self, azimuth_deg: f64) -> f64 {
        if self.head_ros_ft_per_min == 0.0 || !azimuth_deg.is_finite() {
            return self.head_ros_ft_per_min;
        }
        let mut beta = (self.head_azimuth_deg - normalize_deg(azimuth_deg)).abs();
        if beta > 180.0 {
            beta = 360.0 - beta;
        }
        let e = self.eccentricity;
        self.head_ros_ft_per_min * (1.0 - e) / (1.0 - e * libm::cos(beta * std::f64::consts::PI / 180.0))
    }

    /// [`Self::ros_from_ignition_ft_per_min`] in m/min.
    pub fn ros_from_ignition_m_per_min(&self, azimuth_deg: f64) -> f64 {
        self.ros_from_ignition_ft_per_min(azimuth_deg) * M_PER_FT
    }

    /// The ellipse and energy every fire model hands the spread algorithm.
    pub fn behavior(&self) -> FireBehavior {
        FireBehavior {
            head_ros_m_per_min: self.head_ros_m_per_min(),
            head_azimuth_deg: self.head_azimuth_deg,
            length_to_breadth: self.length_to_breadth,
            heat_per_unit_area_kj_per_m2: self.heat_per_unit_area_kj_per_m2(),
        }
    }
}

impl FuelBed {
    /// Runs stage 2 (fire.md §1.2 steps 12–19) on this bed.
    ///
    /// Non-finite conditions, or a bed without fuel, give
    /// [`SurfaceFire::NONE`]. Negative winds count as calm, negative slopes
    /// by their magnitude; winds above 100 m/s and slopes above 89° are
    /// clamped. A bed too wet to burn gives zero rates (with the direction
    /// Behave would report).
    pub fn spread(&self, conditions: &SpreadConditions, options: SpreadOptions) -> SurfaceFire {
        let wind = conditions.midflame_wind.ft_per_min();
        let finite = [
            wind,
            conditions.wind_from_deg,
            conditions.slope_deg,
            conditions.aspect_deg,
        ]
        .iter()
        .all(|v| v.is_finite());
        if !self.burnable || !finite {
            return SurfaceFire::NONE;
        }
        let wind = wind.clamp(0.0, MAX_MIDFLAME_WIND_FT_PER_MIN);
        let slope_deg = conditions.slope_deg.abs().min(MAX_SLOPE_DEG);
        let aspect_deg = normalize_deg(conditions.aspect_deg);
        let wind_from_deg = normalize_deg(conditions.wind_from_deg);
        let r0 = self.no_wind_no_slope_ros_ft_per_min;
        let reaction_intensity = self.reaction_intensity_btu_per_ft2_per_min;

        // Step 12, wind factor.
        let phi_wind = if wind < 1.0e-7 {
            0.0
        } else {
            libm::pow(wind, self.wind_b) * self.wind_c * self.relative_packing_pow_neg_e
        };

        // Step 13, slope factor.
        let tan_slope = libm::tan(slope_deg / 180.0 * std::f64::consts::PI);
        let mut phi_slope = self.slope_coefficient * (tan_slope * tan_slope);

        // Step 16 (first part): the limit, and Behave's quirk of also
        // clamping φ_s to it (a dimensionless factor against a speed; it
        // only bites when I_R is tiny).
        let wind_speed_limit = 0.9 * reaction_intensity;
        if options.wind_limit && phi_slope > 0.0 && phi_slope > wind_speed_limit {
            phi_slope = wind_speed_limit;
        }

        // Step 14, vector sum in a frame with x upslope.
        let wind_from_upslope_rad = (wind_from_deg - aspect_deg) * std::f64::consts::PI / 180.0;
        let slope_rate = r0 * phi_slope;
        let wind_rate = r0 * phi_wind;
        let x = slope_rate + (wind_rate * libm::cos(wind_from_upslope_rad));
        let y = wind_rate * libm::sin(wind_from_upslope_rad);
        let mut head_ros = r0 + libm::sqrt((x * x) + (y * y));

        let mut from_upslope_deg = libm::atan2(y, x) * 180.0 / std::f64::consts::PI;
        if from_upslope_deg < -1.0e-20 {
            from_upslope_deg += 360.0;
        }
        // BehavePlus's "undocumented hack", kept for parity: a head within
        // half a degree of upslope is taken as exactly upslope.
        if from_upslope_deg.abs() < 0.5 {
            from_upslope_deg = 0.0;
        }
        // Upslope is aspect + 180°.
        let head_azimuth_deg = normalize_deg(from_upslope_deg + aspect_deg + 180.0);

        // Step 15, effective wind: the wind alone that gives φ_E = R/R0 − 1.
        let mut effective_wind = if r0 > 0.0 {
            let phi_effective = head_ros / r0 - 1.0;
            libm::pow(
                (phi_effective * self.relative_packing_pow_e) / self.wind_c,
                1.0 / self.wind_b,
            )
        } else {
            0.0
        };

        // Step 16, the wind limit.
        let mut wind_limit_exceeded = false;
        if options.wind_limit && effective_wind > wind_speed_limit {
            wind_limit_exceeded = true;
            effective_wind = wind_speed_limit;
            let phi_effective =
                self.wind_c * libm::pow(wind_speed_limit, self.wind_b) * self.relative_packing_pow_neg_e;
            head_ros = r0 * (1.0 + phi_effective);
        }

        // Step 17, the ellipse (Anderson 1983, fit in mph).
        let effective_wind_mph = effective_wind * MPH_PER_FT_PER_MIN;
        let length_to_breadth = if effective_wind_mph > 1.0e-7 {
            let lw = 0.936 * libm::exp(0.1147 * effective_wind_mph) + 0.461 * libm::exp(-0.0692 * effective_wind_mph)
                - 0.397;
            lw.min(MAX_LENGTH_TO_BREADTH)
        } else {
            1.0
        };
        let lw_squared_minus_one = (length_to_breadth * length_to_breadth) - 1.0;
        let eccentricity = if lw_squared_minus_one > 0.0 {
            libm::sqrt(lw_squared_minus_one) / length_to_breadth
        } else {
            0.0
        };
        let back_ros = head_ros * (1.0 - eccentricity) / (1.0 + eccentricity);
        let flank_ros = ((back_ros + head_ros) / length_to_breadth) * 0.5;

        // Step 19, intensity and flame.
        let residence_time_min = self.residence_time_min;
        let fireline_intensity = head_ros * reaction_intensity * (residence_time_min / 60.0);
        let flame_length_ft = if fireline_intensity < 1.0e-7 {
            0.0
        } else {
            0.45 * libm::pow(fireline_intensity, 0.46)
        };

        let fire = SurfaceFire {
            head_ros_ft_per_min: head_ros,
            back_ros_ft_per_min: back_ros,
            flank_ros_ft_per_min: flank_ros,
            no_wind_no_slope_ros_ft_per_min: r0,
            head_azimuth_deg,
            length_to_breadth,
            eccentricity,
            effective_wind_ft_per_min: effective_wind,
            phi_wind,
            phi_slope,
            wind_limit_exceeded,
            reaction_intensity_btu_per_ft2_per_min: reaction_intensity,
            residence_time_min,
            heat_per_unit_area_btu_per_ft2: reaction_intensity * residence_time_min,
            fireline_intensity_btu_per_ft_per_s: fireline_intensity,
            flame_length_ft,
        };
        // The clamps above keep every term finite; this is a backstop so a
        // future edit cannot leak a NaN into the fire field.
        if fire.is_finite() { fire } else { SurfaceFire::NONE }
    }
}

impl SurfaceFire {
    fn is_finite(&self) -> bool {
        [
            self.head_ros_ft_per_min,
            self.back_ros_ft_per_min,
            self.flank_ros_ft_per_min,
            self.head_azimuth_deg,
            self.length_to_breadth,
            self.eccentricity,
            self.effective_wind_ft_per_min,
            self.heat_per_unit_area_btu_per_ft2,
            self.fireline_intensity_btu_per_ft_per_s,
            self.flame_length_ft,
        ]
        .iter()
        .all(|v| v.is_finite())
    }
}

/// An angle in [0, 360). `%` (fmod) is exact, so for angles already in
/// [0, 720) this equals Behave's "subtract 360 while ≥ 360".
fn normalize_deg(deg: f64) -> f64 {
    let r = deg.rem_euclid(360.0);
    // rem_euclid of a tiny negative angle rounds up to 360.0 itself.
    if r >= 360.0 { 0.0 } else { r }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazards::fire::behave::{FuelModel, FuelMoisture};

    fn bed(code: &str) -> FuelBed {
        let m = FuelMoisture {
            one_hour: 0.06,
            ten_hour: 0.07,
            hundred_hour: 0.08,
            live_herbaceous: 0.6,
            live_woody: 0.9,
        };
        FuelBed::new(FuelModel::by_code(code).unwrap(), &m)
    }

    fn conditions(wind_km_per_h: f64, wind_from_deg: f64, slope_deg: f64, aspect_deg: f64) -> SpreadConditions {
        SpreadConditions {
            midflame_wind: MidflameWind::from_km_per_h(wind_km_per_h),
            wind_from_deg,
            slope_deg,
            aspect_deg,
        }
    }

    #[test]
    fn head_runs_downwind_on_flat_ground_and_upslope_without_wind() {
        let gs2 = bed("GS2");
        // A north wind (from 0°) drives the head south.
        let f = gs2.spread(&conditions(10.0, 0.0, 0.0, 0.0), SpreadOptions::BEHAVE);
        assert_eq!(f.head_azimuth_deg, 180.0);
        let f = gs2.spread(&conditions(10.0, 250.0, 0.0, 33.0), SpreadOptions::BEHAVE);
        assert!((f.head_azimuth_deg - 70.0).abs() < 1e-9);
        // An east-facing slope (aspect 90°) runs the head uphill, west.
        let f = gs2.spread(&conditions(0.0, 0.0, 20.0, 90.0), SpreadOptions::BEHAVE);
        assert_eq!(f.head_azimuth_deg, 270.0);
        assert!(f.head_ros_ft_per_min > f.no_wind_no_slope_ros_ft_per_min);
        // Calm and flat: a circle at R0.
        let f = gs2.spread(&conditions(0.0, 0.0, 0.0, 0.0), SpreadOptions::BEHAVE);
        assert_eq!(f.length_to_breadth, 1.0);
        assert_eq!(f.head_ros_ft_per_min, f.no_wind_no_slope_ros_ft_per_min);
        assert_eq!(f.back_ros_ft_per_min, f.head_ros_ft_per_min);
    }

    #[test]
    fn cross_slope_wind_is_mirror_symmetric() {
        let tu1 = bed("TU1");
        // Aspect 180 (south-facing): upslope is north. Winds from 90° and
        // 270° mirror each other about the upslope axis.
        let left = tu1.spread(&conditions(8.0, 90.0, 15.0, 180.0), SpreadOptions::default());
        let right = tu1.spread(&conditions(8.0, 270.0, 15.0, 180.0), SpreadOptions::default());
        assert!((left.head_ros_ft_per_min - right.head_ros_ft_per_min).abs() < 1e-12);
        assert!((left.head_azimuth_deg + right.head_azimuth_deg - 360.0).abs() < 1e-9);
    }

    #[test]
    fn odd_inputs_never_give_nan() {
        let values = [
            f64::NAN,
            f64::INFINITY,
            -f64::INFINITY,
            -1e300,
            -360.0,
            -1e-300,
            0.0,
            1e-300,
            45.0,
            90.0,
            359.999_999_999,
            1e300,
        ];
        for model in FuelModel::all() {
            let b = bed(model.code);
            for &v in &values {
                for options in [SpreadOptions::BEHAVE, SpreadOptions::default()] {
                    for c in [
                        conditions(v, 10.0, 10.0, 10.0),
                        SpreadConditions {
                            midflame_wind: MidflameWind::from_ft_per_min(v),
                            ..conditions(0.0, 0.0, 0.0, 0.0)
                        },
                        conditions(10.0, v, 10.0, 10.0),
                        conditions(10.0, 10.0, v, 10.0),
                        conditions(10.0, 10.0, 10.0, v),
                    ] {
                        let f = b.spread(&c, options);
                        assert!(f.is_finite(), "{} {v} {f:?}", model.code);
                        assert!(f.head_ros_ft_per_min >= 0.0);
                        assert!((0.0..360.0).contains(&f.head_azimuth_deg));
                        assert!((1.0..=8.0).contains(&f.length_to_breadth));
                    }
                }
            }
        }
        assert_eq!(
            bed("GR2").spread(&conditions(f64::NAN, 0.0, 0.0, 0.0), SpreadOptions::BEHAVE),
            SurfaceFire::NONE
        );
    }

    #[test]
    fn behavior_reproduces_the_ellipse() {
        let f = bed("GR2").spread(&conditions(12.0, 300.0, 10.0, 45.0), SpreadOptions::default());
        let b = f.behavior();
        assert!((b.back_ros_m_per_min() - f.back_ros_m_per_min()).abs() < 1e-9 * f.head_ros_m_per_min());
        assert!((b.flank_ros_m_per_min() - f.flank_ros_m_per_min()).abs() < 1e-9 * f.head_ros_m_per_min());
        // FireBehavior's intensity uses the same heat per unit area; only
        // Behave's rounded unit constants separate the two (< 1e-6).
        let rel = (b.head_intensity_kw_per_m() - f.fireline_intensity_kw_per_m()) / f.fireline_intensity_kw_per_m();
        assert!(rel.abs() < 1e-6, "{rel}");
        // The ray speed towards the head and the back are the head and back rates.
        assert!((f.ros_from_ignition_ft_per_min(f.head_azimuth_deg) - f.head_ros_ft_per_min).abs() < 1e-9);
        let back = f.ros_from_ignition_ft_per_min(f.head_azimuth_deg + 180.0);
        assert!((back - f.back_ros_ft_per_min).abs() < 1e-9);
    }
}
