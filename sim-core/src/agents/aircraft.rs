//! Aircraft: the types flown in Inner Mongolia with their cruise speed, range
//! and practical bucket load, lift-off delay, time to a scene over the great
//! circle, range checks with refuelling, endurance and the hot-refuel
//! turnaround, and bucket drop cycles (`shared/reference/rescue.md` §2.4).
//! The sim burns fuel in flight and sends aircraft to refuel in
//! `sim/air_fuel.rs`.
//!
//! Values marked *recalled* come from manufacturers' or encyclopaedia
//! specification tables quoted from memory, not re-checked; *assumption*
//! marks planning values with no direct source. Calibrate both in drills.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::frame::LonLat;
use crate::scenario::AirfieldKind;

/// Mean Earth radius, km (IUGG R1 = 6 371.0088 km), for great-circle
/// distances on the sphere; within 0.5 % of the ellipsoid anywhere.
pub const EARTH_RADIUS_KM: f64 = 6_371.008_8;

/// Bucket sling-loads fly at about 80 KIAS = 148 km/h (fireaviation.com
/// 2019, rescue.md §2.4).
pub const BUCKET_SPEED_KM_PER_H: f64 = 148.0;

/// Time at the dip site per cycle, min: rescue.md's 0.5–1 min, taken at
/// 1 min because the ~30 s fill needs the approach and hover over the water
/// too.
pub const BUCKET_FILL_MIN: f64 = 1.0;

/// Run-in and release of a drop, min (assumption).
pub const BUCKET_DROP_MIN: f64 = 0.5;

/// Manoeuvring per cycle, min (rescue.md §2.4: ≈1 min).
pub const BUCKET_MANOEUVRE_MIN: f64 = 1.0;

/// Lift-off delay of an aircraft on pre-approved standby at an aviation
/// station, min: within rescue.md's 15–30 min (assumption), 20 as in the
/// issue's worked example. A Heilongjiang station reports "any point in the
/// city within 30 min of flight".
pub const STANDBY_DELAY_MIN: f64 = 20.0;

/// Lift-off delay without standby, min: the middle of rescue.md's 60–90 min
/// (assumption), which covers the temporary flight plan filed "at the latest
/// 1 h before the intended flight" (《通用航空飞行管制条例》 2003).
pub const NOT_STANDBY_DELAY_MIN: f64 = 75.0;

/// Fuel reserve of helicopters and UAVs: 20 min at cruise (the VFR
/// helicopter final reserve of ICAO Annex 6 Part III, recalled; the US
/// rule for rotorcraft, 14 CFR 91.151(b), is also 20 min, and CCAR-91's
/// VFR fuel article follows these, recalled, not re-checked). Kept for
/// UAVs too (assumption).
pub const ROTARY_RESERVE_MIN: f64 = 20.0;

/// Fuel reserve of aeroplanes: 30 min at cruise (ICAO Annex 6 VFR day final
/// reserve, recalled).
pub const FIXED_WING_RESERVE_MIN: f64 = 30.0;

/// Ground time to take on fuel away from standby, min: a hot refuel
/// (rotors turning, crew aboard) from a bowser or fuel point and the
/// turnaround around it take 20–30 min (assumption, the planning
/// range; no published Chinese figure found), taken at the middle.
pub const HOT_REFUEL_MIN: f64 = 25.0;

/// The aircraft types a scenario can station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AircraftType {
    /// Mil Mi-171 / Mi-8AMT medium helicopter.
    Mi171,
    /// Kamov Ka-32A11BC coaxial helicopter.
    Ka32,
    /// Mil Mi-26TC heavy-lift helicopter.
    Mi26,
    /// Avicopter AC313 large helicopter.
    Ac313,
    /// A light helicopter (AS350, Bell 407 class).
    LightHelicopter,
    /// Harbin Y-12 twin turboprop: patrol, reconnaissance, transport.
    Y12,
    /// A large fixed-wing UAV of the Wing Loong-2H (翼龙-2H) class used by
    /// the Ministry of Emergency Management for reconnaissance and
    /// communications relay.
    ReconUav,
}

/// What kind of airframe a type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AirframeKind {
    /// Rotary wing: lands at landing points, carries a bucket.
    Helicopter,
    /// Aeroplane: needs an airport or aviation station.
    FixedWing,
    /// Unmanned aircraft (runway-launched).
    Uav,
}

/// Performance of an aircraft type.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AircraftSpec {
    /// English name.
    pub name: &'static str,
    /// Kind of airframe.
    pub kind: AirframeKind,
    /// Cruise speed, km/h.
    pub cruise_km_per_h: f64,
    /// Range on standard fuel with no reserve, km.
    pub range_km: f64,
    /// Practical water per bucket drop, tonnes; 0 for types that do not drop.
    pub bucket_t: f64,
    /// Fuel kept in reserve, minutes at cruise.
    pub reserve_min: f64,
}

impl AircraftSpec {
    /// Distance it may plan to fly on one tank, keeping the reserve, km.
    pub fn usable_range_km(&self) -> f64 {
        (self.range_km - self.cruise_km_per_h * self.reserve_min / 60.0).max(0.0)
    }

    /// Time in the air on a full tank down to dry tanks, min: range over
    /// cruise speed, so that fuel and the dispatch range rule agree
    /// (Ka-32: 667 km / 232 km/h = 172.5 min). rescue.md's "~4 h" for the
    /// Ka-32 is a maximum-endurance figure at the economical loiter speed,
    /// not at cruise, and is not used. Every phase of flight (ferry, bucket
    /// cycles, loiter) burns fuel at this one rate (assumption: the hover
    /// at the dip burns more than cruise and the 80 kt bucket transit less;
    /// no per-phase fuel flows are in the reference sheets).
    pub fn endurance_min(&self) -> f64 {
        self.range_km / self.cruise_km_per_h * 60.0
    }
}

impl AircraftType {
    /// Every type, in a fixed order.
    pub const ALL: [AircraftType; 7] = [
        AircraftType::Mi171,
        AircraftType::Ka32,
        AircraftType::Mi26,
        AircraftType::Ac313,
        AircraftType::LightHelicopter,
        AircraftType::Y12,
        AircraftType::ReconUav,
    ];

    /// The type's performance (sources beside each value).
    pub fn spec(self) -> AircraftSpec {
        let rotary = |name, cruise_km_per_h, range_km, bucket_t| AircraftSpec {
            name,
            kind: AirframeKind::Helicopter,
            cruise_km_per_h,
            range_km,
            bucket_t,
            reserve_min: ROTARY_RESERVE_MIN,
        };
        match self {
            // rescue.md §2.4: cruise 230 km/h, ≈590–610 km on standard fuel,
            // 3 t per drop (MEM Chengde station training).
            AircraftType::Mi171 => rotary("Mi-171", 230.0, 600.0, 3.0),
            // rescue.md §2.4: 125 kt = 232 km/h, 360 nm = 667 km; ≈2 t per
            // drop in Chinese operations (Yajiang 2018: 13 drops = 26 t).
            AircraftType::Ka32 => rotary("Ka-32A11BC", 232.0, 667.0, 2.0),
            // rescue.md §2.4: ~255 km/h, 15 t bucket; range 800 km on
            // internal fuel (recalled).
            AircraftType::Mi26 => rotary("Mi-26TC", 255.0, 800.0, 15.0),
            // rescue.md §2.4: 230–255 km/h → 255; bucket 3–4 t → 3
            // (assumption); range 900 km (recalled).
            AircraftType::Ac313 => rotary("AC313", 255.0, 900.0, 3.0),
            // rescue.md §2.4: 230–255 km/h → 230; bucket 0.8–1.2 t → 1
            // (assumption); range 600 km (AS350 B3 ≈ 660, Bell 407 ≈ 600,
            // recalled).
            AircraftType::LightHelicopter => rotary("AS350 / Bell 407", 230.0, 600.0, 1.0),
            // Y-12: economical cruise 250 km/h, range 1 340 km (recalled); no
            // tank: patrol and transport.
            AircraftType::Y12 => AircraftSpec {
                name: "Y-12",
                kind: AirframeKind::FixedWing,
                cruise_km_per_h: 250.0,
                range_km: 1_340.0,
                bucket_t: 0.0,
                reserve_min: FIXED_WING_RESERVE_MIN,
            },
            // Wing Loong-2H class: cruise 200 km/h, 20 h endurance
            // (assumption from press reports of the 2021 Henan relay flights)
            // → 4 000 km.
            AircraftType::ReconUav => AircraftSpec {
                name: "Wing Loong-2H class UAV",
                kind: AirframeKind::Uav,
                cruise_km_per_h: 200.0,
                range_km: 200.0 * 20.0,
                bucket_t: 0.0,
                reserve_min: ROTARY_RESERVE_MIN,
            },
        }
    }

    /// Whether the type can land and take fuel at an airfield of `kind`:
    /// helicopters anywhere (temporary landing points are fuelled by
    /// bowser, the plan's 50 landing points exist for this); aeroplanes and
    /// runway-launched UAVs only at airports and aviation stations.
    pub fn refuels_at(self, kind: AirfieldKind) -> bool {
        match self.spec().kind {
            AirframeKind::Helicopter => true,
            AirframeKind::FixedWing | AirframeKind::Uav => kind != AirfieldKind::LandingPoint,
        }
    }
}

/// Whether an aircraft is on pre-approved standby.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Readiness {
    /// On standby at an aviation station (flight plan pre-approved).
    Standby,
    /// Not on standby: a temporary flight plan must be filed.
    NotStandby,
}

impl Readiness {
    /// Lift-off delay after the order, min.
    pub fn dispatch_delay_min(self) -> f64 {
        match self {
            Readiness::Standby => STANDBY_DELAY_MIN,
            Readiness::NotStandby => NOT_STANDBY_DELAY_MIN,
        }
    }
}

/// Why an aircraft cannot do what was asked.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum AircraftError {
    /// The scene is too far to reach and then reach fuel.
    #[error(
        "out of range: {distance_km:.0} km to the scene plus {return_km:.0} km on to the nearest fuel exceed the \
         {range_km:.0} km it can fly keeping its reserve"
    )]
    OutOfRange {
        /// Great-circle distance from base to scene, km.
        distance_km: f64,
        /// From the scene to the nearest place it can refuel, km.
        return_km: f64,
        /// Usable range (range less reserve), km.
        range_km: f64,
    },
    /// The type carries no bucket or tank.
    #[error("{aircraft:?} cannot drop water")]
    NoBucket {
        /// The type.
        aircraft: AircraftType,
    },
    /// A distance or position that is not a finite number.
    #[error("invalid distance or position")]
    InvalidInput,
}

/// Great-circle distance between two points, km (haversine on the sphere of
/// [`EARTH_RADIUS_KM`]).
pub fn great_circle_km(a: LonLat, b: LonLat) -> f64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let dphi = phi2 - phi1;
    let dlambda = (b.lon - a.lon).to_radians();
    let s1 = libm::sin(dphi / 2.0);
    let s2 = libm::sin(dlambda / 2.0);
    let h = (s1 * s1 + libm::cos(phi1) * libm::cos(phi2) * s2 * s2).clamp(0.0, 1.0);
    2.0 * EARTH_RADIUS_KM * libm::asin(h.sqrt())
}

/// Whole milliseconds (rounded up) to fly `km` at `km_per_h`.
fn flight_ms(km: f64, km_per_h: f64) -> u64 {
    libm::ceil(km / km_per_h * 3_600_000.0 - 1e-6).max(0.0) as u64
}

/// A dispatch to a scene, planned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlightPlan {
    /// Great-circle distance from base to scene, km.
    pub distance_km: f64,
    /// Lift-off delay, ms.
    pub dispatch_delay_ms: u64,
    /// Flight time to the scene at cruise, ms.
    pub flight_ms: u64,
    /// Order to overhead the scene, ms: delay + flight.
    pub on_scene_ms: u64,
    /// Where it refuels after the scene: `None` back at base, `Some(i)` the
    /// `i`-th fuel stop given.
    pub fuel_stop: Option<usize>,
    /// From the scene to that fuel, km.
    pub return_km: f64,
    /// Time it can stay working over the scene before it must leave for fuel,
    /// min: endurance less reserve less the flights there and on to fuel,
    /// at the one burn rate of [`AircraftSpec::endurance_min`] (the sim's
    /// fuel model breaks off after this long, to within a tick or two).
    pub time_on_station_min: f64,
}

/// Plans a dispatch of `aircraft` from `base` to `scene`.
///
/// Range rule: the aircraft must be able to fly base → scene → the nearest
/// place it can refuel (its base, or any of `fuel_stops`, which the caller
/// filters with [`AircraftType::refuels_at`]) on one tank, keeping its
/// reserve: `distance + return ≤ range − cruise × reserve`. A scene too far
/// for that is [`AircraftError::OutOfRange`]. Ties between equally near fuel
/// go to the base, then to the earlier fuel stop.
pub fn plan_flight(
    aircraft: AircraftType,
    readiness: Readiness,
    base: LonLat,
    scene: LonLat,
    fuel_stops: &[LonLat],
) -> Result<FlightPlan, AircraftError> {
    let spec = aircraft.spec();
    let distance_km = great_circle_km(base, scene);
    if !distance_km.is_finite() {
        return Err(AircraftError::InvalidInput);
    }
    let mut fuel_stop = None;
    let mut return_km = distance_km;
    for (i, stop) in fuel_stops.iter().enumerate() {
        let d = great_circle_km(scene, *stop);
        if d < return_km {
            return_km = d;
            fuel_stop = Some(i);
        }
    }
    let range_km = spec.usable_range_km();
    if distance_km + return_km > range_km {
        return Err(AircraftError::OutOfRange {
            distance_km,
            return_km,
            range_km,
        });
    }
    let dispatch_delay_ms = flight_ms(readiness.dispatch_delay_min(), 60.0);
    let flight_ms = flight_ms(distance_km, spec.cruise_km_per_h);
    Ok(FlightPlan {
        distance_km,
        dispatch_delay_ms,
        flight_ms,
        on_scene_ms: dispatch_delay_ms + flight_ms,
        fuel_stop,
        return_km,
        time_on_station_min: (range_km - distance_km - return_km) / spec.cruise_km_per_h * 60.0,
    })
}

/// Radius an aircraft reaches within `within_min` of the alarm, km:
/// R = v · (T − delay) (rescue.md §2.4, the 2-hour coverage check).
pub fn reach_radius_km(cruise_km_per_h: f64, delay_min: f64, within_min: f64) -> f64 {
    (cruise_km_per_h * (within_min - delay_min) / 60.0).max(0.0)
}

/// One bucket cycle between a dip site and the fire.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BucketCycle {
    /// Minutes per cycle.
    pub cycle_min: f64,
    /// Drops per hour of work over the fire.
    pub drops_per_h: f64,
    /// Water delivered per hour, tonnes.
    pub water_t_per_h: f64,
}

/// The bucket cycle of `aircraft` with the dip site `dip_distance_km` from
/// the drop (one way): T = 2·d / v_bucket + t_fill + t_drop + t_manoeuvre
/// (rescue.md §2.4), ferry and refuelling excluded.
pub fn bucket_cycle(aircraft: AircraftType, dip_distance_km: f64) -> Result<BucketCycle, AircraftError> {
    let spec = aircraft.spec();
    if spec.bucket_t <= 0.0 {
        return Err(AircraftError::NoBucket { aircraft });
    }
    if !dip_distance_km.is_finite() || dip_distance_km < 0.0 {
        return Err(AircraftError::InvalidInput);
    }
    let cycle_min =
        2.0 * dip_distance_km / BUCKET_SPEED_KM_PER_H * 60.0 + BUCKET_FILL_MIN + BUCKET_DROP_MIN + BUCKET_MANOEUVRE_MIN;
    let drops_per_h = 60.0 / cycle_min;
    Ok(BucketCycle {
        cycle_min,
        drops_per_h,
        water_t_per_h: drops_per_h * spec.bucket_t,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A point `km` due north of `p` on the sphere.
    fn north_of(p: LonLat, km: f64) -> LonLat {
        LonLat {
            lon: p.lon,
            lat: p.lat + (km / EARTH_RADIUS_KM).to_degrees(),
        }
    }

    const HAILAR: LonLat = LonLat {
        lon: 119.77,
        lat: 49.21,
    };

    /// One degree of arc on the mean sphere is 2π·6371.0088/360 = 111.195 km.
    #[test]
    fn great_circle_distances() {
        let a = LonLat { lon: 0.0, lat: 0.0 };
        assert!((great_circle_km(a, LonLat { lon: 1.0, lat: 0.0 }) - 111.195).abs() < 0.001);
        assert!((great_circle_km(a, LonLat { lon: 0.0, lat: 1.0 }) - 111.195).abs() < 0.001);
        assert!((great_circle_km(HAILAR, north_of(HAILAR, 300.0)) - 300.0).abs() < 1e-9);
        // Antipodes: half the circumference, π · R = 20 015.1 km.
        let far = great_circle_km(a, LonLat { lon: 180.0, lat: 0.0 });
        assert!((far - 20_015.1).abs() < 0.1, "{far}");
        // Over a few tens of km it agrees with the map frame's local projection.
        let frame = crate::frame::MapFrame {
            width: 500,
            height: 500,
            cell_size_m: 100.0,
            south_west: LonLat { lon: 119.5, lat: 49.0 },
        };
        let b = LonLat { lon: 119.9, lat: 49.25 };
        let (pa, pb) = (frame.to_map(HAILAR), frame.to_map(b));
        let local_km = libm::hypot(pb.east_m - pa.east_m, pb.north_m - pa.north_m) / 1000.0;
        let gc = great_circle_km(HAILAR, b);
        assert!((local_km - gc).abs() / gc < 0.005, "{local_km} vs {gc}");
    }

    /// The worked example: a standby Mi-171 300 km away is over the
    /// scene after 20 min + 300 km / 230 km/h = 20 + 78.26 min = 98.26 min,
    /// refuelling at a landing point 20 km from the scene.
    #[test]
    fn a_helicopter_300_km_away_arrives_after_delay_plus_distance_over_cruise() {
        let scene = north_of(HAILAR, 300.0);
        let landing = north_of(scene, 20.0);
        let plan = plan_flight(AircraftType::Mi171, Readiness::Standby, HAILAR, scene, &[landing]).unwrap();
        let expected_ms = (20.0 + 300.0 / 230.0 * 60.0) * 60_000.0;
        assert!(
            (plan.on_scene_ms as f64 - expected_ms).abs() <= 1.0,
            "{}",
            plan.on_scene_ms
        );
        assert_eq!(plan.dispatch_delay_ms, 20 * 60_000);
        assert_eq!(plan.fuel_stop, Some(0));
        assert!((plan.return_km - 20.0).abs() < 1e-6);
        // 600 km less 20 min at 230 km/h = 523.3 km usable; 320 used; 203.3
        // km left = 53.0 min over the scene.
        assert!((plan.time_on_station_min - (600.0 - 230.0 / 3.0 - 320.0) / 230.0 * 60.0).abs() < 1e-6);
        // Without standby: 75 min instead of 20.
        let slow = plan_flight(AircraftType::Mi171, Readiness::NotStandby, HAILAR, scene, &[landing]).unwrap();
        assert_eq!(slow.on_scene_ms - plan.on_scene_ms, 55 * 60_000);
    }

    /// The same flight with nowhere to refuel but home needs 600 km with
    /// 523.3 usable: rejected with the numbers in the message.
    #[test]
    fn an_aircraft_out_of_range_is_rejected_with_a_clear_error() {
        let scene = north_of(HAILAR, 300.0);
        let err = plan_flight(AircraftType::Mi171, Readiness::Standby, HAILAR, scene, &[]).unwrap_err();
        match err {
            AircraftError::OutOfRange {
                distance_km,
                return_km,
                range_km,
            } => {
                assert!((distance_km - 300.0).abs() < 1e-6 && (return_km - 300.0).abs() < 1e-6);
                assert!((range_km - (600.0 - 230.0 / 3.0)).abs() < 1e-9);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            err.to_string(),
            "out of range: 300 km to the scene plus 300 km on to the nearest fuel exceed the 523 km it can fly \
             keeping its reserve"
        );
        // One-way beyond the usable range fails even with fuel at the scene.
        let far = north_of(HAILAR, 700.0);
        assert!(matches!(
            plan_flight(AircraftType::Ka32, Readiness::Standby, HAILAR, far, &[far]),
            Err(AircraftError::OutOfRange { .. })
        ));
        // Within range of home: fine, and refuels at home.
        let near = north_of(HAILAR, 200.0);
        let plan = plan_flight(AircraftType::Ka32, Readiness::Standby, HAILAR, near, &[]).unwrap();
        assert_eq!(plan.fuel_stop, None);
    }

    /// rescue.md §2.4 coverage radii: R = v·(2 h − delay) at 220 km/h gives
    /// 385, 330 and 220 km for 15, 30 and 60 min delays.
    #[test]
    fn two_hour_reach_radii() {
        for (delay, r) in [(15.0, 385.0), (30.0, 330.0), (60.0, 220.0)] {
            assert!((reach_radius_km(220.0, delay, 120.0) - r).abs() < 1e-9);
        }
        assert_eq!(reach_radius_km(220.0, 130.0, 120.0), 0.0);
    }

    /// rescue.md §2.4 drops per hour at v = 148 km/h: 18–20 at 1 km, 13–15 at
    /// 2 km, ≈10 at 5 km. The formula with 1 + 0.5 + 1 min of fixed time per
    /// cycle gives 18.1, 14.6 and 9.2. For 10 and 20 km the table says 4–5
    /// and 2–3, but T = 2d/v + 2.5 min gives 5.7 and 3.2: the table's far
    /// rows imply a transit near 100 km/h, not 148, and no single set of
    /// formula values meets every row (an inconsistency in rescue.md's table,
    /// reported with this module). The far rows are checked against the
    /// formula itself, not the table.
    #[test]
    fn bucket_cycles_match_the_drop_rate_table_near_the_water() {
        let rate = |d| bucket_cycle(AircraftType::Ka32, d).unwrap().drops_per_h;
        assert!((18.0..=20.0).contains(&rate(1.0)), "{}", rate(1.0));
        assert!((13.0..=15.0).contains(&rate(2.0)), "{}", rate(2.0));
        // "≈10": within 10 %.
        assert!((rate(5.0) - 10.0).abs() <= 1.0, "{}", rate(5.0));
        for d in [10.0, 20.0] {
            let t_min = 2.0 * d / 148.0 * 60.0 + 2.5;
            assert!((rate(d) - 60.0 / t_min).abs() < 1e-12);
        }
        // Russian Helicopters: the Ka-32 makes "5–30 trips per hour depending
        // on distance"; the formula stays inside that for dips up to 10 km.
        for d in 0..=10 {
            assert!(
                (5.0..=30.0).contains(&rate(f64::from(d))),
                "{d} km: {}",
                rate(f64::from(d))
            );
        }
        // Water per hour: Ka-32 at 2 t per drop.
        let c = bucket_cycle(AircraftType::Ka32, 2.0).unwrap();
        assert!((c.water_t_per_h - 2.0 * c.drops_per_h).abs() < 1e-12);
        assert_eq!(
            bucket_cycle(AircraftType::Y12, 1.0),
            Err(AircraftError::NoBucket {
                aircraft: AircraftType::Y12
            })
        );
        assert_eq!(
            bucket_cycle(AircraftType::Mi26, f64::NAN),
            Err(AircraftError::InvalidInput)
        );
    }

    /// rescue.md §2.4 mixed-fleet check (Guangdong 2022): 1 Mi-26TC, 1 Mi-171
    /// and 5 Ka-32 drop "32 t in one simultaneous drop". It lies between our
    /// practical loads, 15 + 3 + 5 × 2 = 28 t, and the same fleet with the
    /// Ka-32's nominal 4 t, 38 t.
    #[test]
    fn practical_bucket_loads_agree_with_the_mixed_fleet_figure() {
        let fleet = AircraftType::Mi26.spec().bucket_t
            + AircraftType::Mi171.spec().bucket_t
            + 5.0 * AircraftType::Ka32.spec().bucket_t;
        assert_eq!(fleet, 28.0);
        let nominal = fleet + 5.0 * (4.0 - AircraftType::Ka32.spec().bucket_t);
        assert!(fleet <= 32.0 && 32.0 <= nominal);
        for t in AircraftType::ALL {
            let s = t.spec();
            assert!(s.usable_range_km() > 0.0 && s.usable_range_km() < s.range_km);
        }
        assert!(AircraftType::Ka32.refuels_at(AirfieldKind::LandingPoint));
        assert!(!AircraftType::Y12.refuels_at(AirfieldKind::LandingPoint));
        assert!(AircraftType::ReconUav.refuels_at(AirfieldKind::Airport));
    }
}
