//! The order matrix (issue #5): every `Order` variant has a test of its
//! success path (accepted; once its command latency has passed, the event it
//! promises) and a test of each `OrderError` reason it can return, with the
//! exact variant, the refusal logged as `Event::OrderRejected`, and nothing
//! else changed (every subsystem hash but `event_log` the same). A property
//! test then throws arbitrary order sequences at the default drill: it never
//! panics, and the same sequence gives the same state twice.
//!
//! Reasons that cannot be reached are named in comments where they belong:
//! - `BlastIceJam` has no success path: the engine has no river ice yet, so
//!   it is always refused with `NoSuchHazard`.
//! - `UnitBusy` "on duty 12 h …; it must rest" cannot be seen by `submit`:
//!   the agents stage puts a team past its shift to rest at the end of the
//!   same tick, so the resting reason is what a trainee gets.
//! - `DrillOver` is the one refusal that is not logged: `submit` returns it
//!   before checking and leaves the state, event log included, untouched.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod common;

use common::run_until;

use std::collections::BTreeMap;

use proptest::prelude::*;
use sim_core::agents::equipment::WADING_LIMIT_M;
use sim_core::agents::forces::{AirActivity, TeamActivity};
use sim_core::frame::LonLat;
use sim_core::scenario::{ForceKind, no_files};
use sim_core::{
    Event, Order, OrderError, OrderId, ResponseLevel, SUBSYSTEMS, Scenario, Sim, SupportSource, Task, Tick, TimedEvent,
    WarningLevel, builtin, load_scenario,
};

fn load(text: &str) -> Scenario {
    load_scenario("test", text, &mut no_files).unwrap_or_else(|e| panic!("{e}"))
}

/// Submits `order`, which must be refused: checks that the refusal is the
/// only event (an `OrderRejected` naming the order and the reason, at the
/// current tick), that every subsystem hash but the event log's is
/// unchanged, and returns the reason for the caller to compare exactly.
fn refused(sim: &mut Sim, order: Order) -> OrderError {
    sim.drain_events();
    let before = sim.subsystem_hashes();
    let err = match sim.submit(order.clone()) {
        Ok(id) => panic!("{order:?} accepted as {id}"),
        Err(e) => e,
    };
    let after = sim.subsystem_hashes();
    for (k, name) in SUBSYSTEMS.iter().enumerate() {
        if *name == "event_log" {
            assert_ne!(
                before.0[k], after.0[k],
                "the refusal of {order:?} is not in the event log"
            );
        } else {
            assert_eq!(before.0[k], after.0[k], "`{name}` changed by the refused {order:?}");
        }
    }
    let events = sim.drain_events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].tick, sim.tick());
    match &events[0].event {
        // Debug text: orders may hold NaN, which is not equal to itself.
        Event::OrderRejected { order: logged, reason } => {
            assert_eq!(format!("{logged:?}"), format!("{order:?}"));
            assert_eq!(format!("{reason:?}"), format!("{err:?}"));
        }
        other => panic!("{other:?}"),
    }
    err
}

/// Submits `order`, which must be accepted, and returns its id and due tick.
fn accepted(sim: &mut Sim, order: Order) -> (OrderId, Tick) {
    let latency = order.latency_ticks();
    let id = sim.submit(order.clone()).unwrap_or_else(|e| panic!("{order:?}: {e}"));
    (id, sim.tick().plus(latency))
}

/// The first event `pick` accepts, with its tick.
fn first<T>(events: &[TimedEvent], pick: impl Fn(&Event) -> Option<T>) -> Option<(Tick, T)> {
    events.iter().find_map(|e| pick(&e.event).map(|t| (e.tick, t)))
}

fn unknown(kind: &str, id: &str) -> OrderError {
    OrderError::Unknown {
        kind: kind.into(),
        id: id.into(),
    }
}

fn no_hazard(what: &str) -> OrderError {
    OrderError::NoSuchHazard { what: what.into() }
}

fn shelter_state(why: &str) -> OrderError {
    OrderError::ShelterState {
        shelter: SCHOOL.into(),
        why: why.into(),
    }
}

const BRIGADE: &str = "team:bayan-fire-brigade";
const KA32: &str = "aircraft:hailar-ka32";
const UAV: &str = "aircraft:bayan-uav";
const SCHOOL: &str = "shelter:bayan-school";
const DEPOT: &str = "depot:bayan-township";
const TOWN: &str = "place:bayan-town";
/// The default drill's ignition point.
const FIRE: LonLat = LonLat {
    lon: 118.47,
    lat: 48.63,
};
/// Grassland 1.5 km west of the brigade's depot, on the road to Hada.
const NEAR_DEPOT: LonLat = LonLat {
    lon: 118.645,
    lat: 48.58,
};
const OFF_MAP: LonLat = LonLat { lon: 0.0, lat: 0.0 };

fn off_map() -> OrderError {
    OrderError::OffMap { lon: 0.0, lat: 0.0 }
}

fn items(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// An 80 × 20 cell (4 km × 1 km) flat strip at 50 m, all of `land_cover`,
/// with two stocked depots 1 km apart and a fire brigade at the first; no
/// hazards, `hours` long.
fn strip(land_cover: &str, hours: f64) -> Scenario {
    load(&format!(
        r#"(
    version: 1,
    id: "test-strip",
    title: (zh: "带", en: "Strip"),
    description: (zh: "测试", en: "test"),
    map: (width: 80, height: 20, cell_size_m: 50.0, south_west: (lon: 118.40, lat: 48.55)),
    terrain: Procedural((seed: 1, base_elevation_m: 640.0, relief_m: 0.0, hills: 0, river: false, river_width_m: 0.0)),
    land_cover: Uniform({land_cover}),
    places: [],
    infrastructure: (
        depots: [(id: "depot:strip", name: (zh: "站", en: "Depot"), tier: Township,
                  at: (lon: 118.4300, lat: 48.5545), stocks: {{"tent": 10.0}}),
                 (id: "depot:east", name: (zh: "东站", en: "East depot"), tier: Township,
                  at: (lon: 118.4435, lat: 48.5545))],
    ),
    forces: [(id: "team:brigade", name: (zh: "消防队", en: "Brigade"), kind: ForestFireTeam,
              base: "depot:strip", personnel: 24)],
    hazards: [],
    weather: (rows: [(hour: 0.0, wind_speed_m_s: 3.0, wind_from_deg: 270.0, temperature_c: 20.0,
                      relative_humidity_pct: 50.0)]),
    duration_h: {hours},
    standards: "nmg-14th-fyp",
)"#
    ))
}

/// A 40 × 20 cell (2 km × 1 km) flat plain at 50 m with flood works and no
/// water coming in: a reservoir with a gated weir, one without an outlet,
/// and a short diversion dike (two cells).
fn works() -> Scenario {
    load(WORKS)
}

/// [`works`] with a flood team at a store 300 m south of the dike.
fn works_with_flood_team() -> Scenario {
    load(&WORKS.replace(
        "    infrastructure: (),",
        r#"    infrastructure: (depots: [(id: "depot:levee", name: (zh: "堤防仓库", en: "Levee store"), tier: County,
                               at: (lon: 118.5200, lat: 48.6018))]),
    forces: [(id: "team:flood", name: (zh: "防汛队", en: "Flood team"), kind: FloodTeam, base: "depot:levee",
              personnel: 30)],"#,
    ))
}

/// The scenario text of [`works`].
const WORKS: &str = r#"(
    version: 1,
    id: "test-works",
    title: (zh: "工程", en: "Works"),
    description: (zh: "测试", en: "test"),
    map: (width: 40, height: 20, cell_size_m: 50.0, south_west: (lon: 118.5, lat: 48.6)),
    terrain: Procedural((seed: 1, base_elevation_m: 640.0, relief_m: 0.0, hills: 0, river: false, river_width_m: 0.0)),
    land_cover: Uniform(Grassland),
    places: [],
    infrastructure: (),
    weather: (rows: [(hour: 0.0, wind_speed_m_s: 3.0, wind_from_deg: 270.0, temperature_c: 20.0,
                      relative_humidity_pct: 80.0)]),
    flood: Some((
        reservoirs: [
            (id: "reservoir:gated", toe: [(lon: 118.5050, lat: 48.6040), (lon: 118.5050, lat: 48.6050)],
             level_area_km2: [(640.0, 0.4)], initial_level_m: 645.0,
             outlet: Some((kind: Weir(crest_level_m: 644.0, width_m: 10.0)))),
            (id: "reservoir:ungated", toe: [(lon: 118.5100, lat: 48.6040), (lon: 118.5100, lat: 48.6050)],
             level_area_km2: [(640.0, 0.4)], initial_level_m: 641.0),
        ],
        dikes: [(id: "dike:inlet", path: [(lon: 118.5200, lat: 48.6045), (lon: 118.5205, lat: 48.6045)],
                 crest: Height(2.0))],
    )),
    duration_h: 4.0,
    standards: "nmg-14th-fyp",
)"#;

/// The default drill with an aviation station `lon_offset_deg` east of the
/// map holding one standby Mi-171 (as in `agents_in_sim.rs`).
fn default_with_far_station(lon_offset_deg: f64) -> Scenario {
    let text = builtin::DEFAULT.text.replacen(
        "        airfields: [",
        &format!(
            "        airfields: [\n            (id: \"airfield:far-station\", name: (zh: \"远方航空站\", en: \"Far station\"), \
             kind: AviationStation, at: (lon: {}, lat: 48.60)),",
            118.66 + lon_offset_deg
        ),
        1,
    );
    let text = text.replace(
        "    forces: [",
        "    forces: [\n        (id: \"aircraft:far-mi171\", name: (zh: \"米-171\", en: \"Mi-171\"), kind: Helicopter, \
         base: \"airfield:far-station\", personnel: 3, airframe: Some(Mi171)),",
    );
    load(&text)
}

// ---------------------------------------------------------------------------
// SetResponseLevel

#[test]
fn set_response_level_succeeds_and_refuses_the_current_level() {
    let mut sim = common::default_sim(1);
    let (id, due) = accepted(
        &mut sim,
        Order::SetResponseLevel {
            level: ResponseLevel::III,
        },
    );
    let events = run_until(&mut sim, due.plus(1));
    let changed = first(&events, |e| match e {
        Event::ResponseLevelChanged { order_id, from, to } => Some((*order_id, *from, *to)),
        _ => None,
    });
    assert_eq!(changed, Some((due, (id, None, ResponseLevel::III))));
    assert_eq!(
        refused(
            &mut sim,
            Order::SetResponseLevel {
                level: ResponseLevel::III
            }
        ),
        OrderError::LevelUnchanged {
            level: ResponseLevel::III
        }
    );
}

// ---------------------------------------------------------------------------
// IssueWarning

#[test]
fn issue_warning_succeeds_and_refuses_no_or_unknown_places() {
    let mut sim = common::default_sim(1);
    let warn = |places: &[&str]| Order::IssueWarning {
        places: places.iter().map(|p| p.to_string()).collect(),
        level: WarningLevel::Blue,
        channels: Vec::new(),
    };
    assert_eq!(refused(&mut sim, warn(&[])), OrderError::NoPlaces);
    assert_eq!(
        refused(&mut sim, warn(&[TOWN, "place:atlantis"])),
        OrderError::UnknownPlace {
            id: "place:atlantis".into()
        }
    );
    let (id, due) = accepted(&mut sim, warn(&[TOWN]));
    let events = run_until(&mut sim, due.plus(1));
    let issued = first(&events, |e| match e {
        Event::WarningIssued {
            order_id,
            population,
            level,
            ..
        } => Some((*order_id, *population, *level)),
        _ => None,
    });
    // Bayan Town's 8 200 residents and the 13 + 6 herders living dispersed
    // around it (the scenario file): a warning to a place reaches its
    // dispersed people too.
    assert_eq!(issued, Some((due, (id, 8200 + 13 + 6, WarningLevel::Blue))));
}

// ---------------------------------------------------------------------------
// HoldConsultation

#[test]
fn hold_consultation_succeeds_and_refuses_empty_or_long_topics() {
    let mut sim = common::default_sim(1);
    let meet = |topic: String| Order::HoldConsultation { topic };
    let field = || "consultation topic".to_string();
    assert_eq!(
        refused(&mut sim, meet(String::new())),
        OrderError::EmptyText { field: field() }
    );
    assert_eq!(
        refused(&mut sim, meet(" \t\n".into())),
        OrderError::EmptyText { field: field() }
    );
    // Characters, not bytes: 501 Chinese characters are too many, 500 not.
    assert_eq!(
        refused(&mut sim, meet("火".repeat(501))),
        OrderError::TextTooLong {
            field: field(),
            max: sim_core::order::MAX_ORDER_TEXT_CHARS
        }
    );
    let (id, due) = accepted(&mut sim, meet("火".repeat(500)));
    let events = run_until(&mut sim, due.plus(1));
    let held = first(&events, |e| match e {
        Event::ConsultationHeld { order_id, topic } => Some((*order_id, topic.chars().count())),
        _ => None,
    });
    assert_eq!(held, Some((due, (id, 500))));
}

// ---------------------------------------------------------------------------
// Dispatch

#[test]
fn dispatch_a_team_sets_off_after_mobilising_and_arrives() {
    let mut sim = common::default_sim(1);
    let (_, due) = accepted(
        &mut sim,
        Order::Dispatch {
            unit: BRIGADE.into(),
            task: Task::MoveTo { at: NEAR_DEPOT },
        },
    );
    let events = run_until(&mut sim, Tick::from_hours(1.0));
    // A standby team leaves 10 min (60 ticks) after the order reaches it.
    let set_off = first(&events, |e| match e {
        Event::TeamDispatched { unit_id, eta, .. } if unit_id == BRIGADE => Some(*eta),
        _ => None,
    })
    .expect("it sets off");
    assert_eq!(set_off.0, due.plus(60));
    let arrived = first(&events, |e| match e {
        Event::TeamArrived { unit_id, .. } if unit_id == BRIGADE => Some(()),
        _ => None,
    })
    .expect("it arrives");
    // Arrival is reported in the tick before the ETA tick begins.
    assert_eq!(arrived.0.plus(1), set_off.1);
}

#[test]
fn dispatch_an_aircraft_flies_to_its_task() {
    let mut sim = common::default_sim(1);
    accepted(
        &mut sim,
        Order::Dispatch {
            unit: UAV.into(),
            task: Task::Recon { at: FIRE },
        },
    );
    accepted(
        &mut sim,
        Order::Dispatch {
            unit: KA32.into(),
            task: Task::WaterDrops { at: FIRE },
        },
    );
    let events = run_until(&mut sim, Tick::from_hours(2.5));
    let on_scene = |unit: &str| {
        first(&events, |e| match e {
            Event::AircraftOnScene { unit_id, .. } if unit_id == unit => Some(()),
            _ => None,
        })
    };
    assert!(on_scene(UAV).is_some(), "the UAV gets there");
    let ka32_on_scene = on_scene(KA32).expect("the Ka-32 gets there").0;
    let drop = first(&events, |e| match e {
        Event::DropMade { unit_id, at, .. } if unit_id == KA32 => Some(*at),
        _ => None,
    })
    .expect("it drops water");
    assert!(drop.0 > ka32_on_scene && drop.1 == FIRE, "{drop:?}");
}

#[test]
fn dispatch_refusals_on_the_default_drill() {
    let mut sim = common::default_sim(1);
    let send = |unit: &str, task: Task| Order::Dispatch {
        unit: unit.into(),
        task,
    };
    let wrong = |unit: &str, task: &Task| OrderError::WrongUnit {
        unit: unit.into(),
        task: task.label(),
    };
    assert_eq!(
        refused(&mut sim, send("team:ghost", Task::MoveTo { at: NEAR_DEPOT })),
        unknown("team or aircraft", "team:ghost")
    );
    // Tasks a fire brigade cannot do, and aircraft tasks for the wrong airframe.
    for (unit, task) in [
        (BRIGADE, Task::WaterDrops { at: FIRE }),
        (BRIGADE, Task::Recon { at: FIRE }),
        (BRIGADE, Task::Treat { place: TOWN.into() }),
        (BRIGADE, Task::Sandbag { dike: "dike:x".into() }),
        (BRIGADE, Task::CloseBreach { dike: "dike:x".into() }),
        (UAV, Task::WaterDrops { at: FIRE }),
        (KA32, Task::Rescue { place: TOWN.into() }),
        (
            KA32,
            Task::BuildFireline {
                path: vec![FIRE, NEAR_DEPOT],
            },
        ),
    ] {
        let expected = wrong(unit, &task);
        assert_eq!(refused(&mut sim, send(unit, task)), expected);
    }
    assert_eq!(
        refused(&mut sim, send(BRIGADE, Task::MoveTo { at: OFF_MAP })),
        off_map()
    );
    assert_eq!(refused(&mut sim, send(UAV, Task::Recon { at: OFF_MAP })), off_map());
    assert_eq!(
        refused(
            &mut sim,
            send(
                BRIGADE,
                Task::BuildFireline {
                    path: vec![FIRE, OFF_MAP]
                }
            )
        ),
        off_map()
    );
    assert_eq!(
        refused(&mut sim, send(BRIGADE, Task::Backburn { path: vec![FIRE] })),
        OrderError::PathTooShort
    );
    assert_eq!(
        refused(&mut sim, send(BRIGADE, Task::BuildFireline { path: Vec::new() })),
        OrderError::PathTooShort
    );
    assert_eq!(
        refused(
            &mut sim,
            send(
                BRIGADE,
                Task::Rescue {
                    place: "place:atlantis".into()
                }
            )
        ),
        OrderError::UnknownPlace {
            id: "place:atlantis".into()
        }
    );
    // The fire drill has no flood, so no dike to work on.
    let mut flood = load_scenario("builtin", builtin::RIVER_FLOOD.text, &mut no_files)
        .map(|s| Sim::new(&s, 1))
        .unwrap();
    let team = "team:hulunbuir-flood";
    assert_eq!(
        refused(
            &mut flood,
            send(
                team,
                Task::Sandbag {
                    dike: "dike:none".into()
                }
            )
        ),
        no_hazard("intact dike `dike:none`")
    );
    assert_eq!(
        refused(
            &mut flood,
            send(
                team,
                Task::CloseBreach {
                    dike: "dike:none".into()
                }
            )
        ),
        no_hazard("breach in `dike:none`")
    );
}

/// The built-in river flood with the flood team's boats set to `boats`,
/// run until the herders' camp stands in water past wading depth with
/// people trapped (about 4.2 h).
fn camp_in_deep_water(boats: u32) -> Sim {
    let text = builtin::RIVER_FLOOD.text.replacen(
        "personnel: 30,",
        &format!("personnel: 30, equipment: {{\"rescue_boat\": {boats}}},"),
        1,
    );
    let mut sim = Sim::new(&load(&text), 11);
    while sim.tick() < Tick::from_hours(6.0) {
        sim.step(1);
        let v = sim.view();
        let depth_m = v.flood.unwrap().depth_m()[v.frame.index(v.places[0].cell)];
        let trapped = v.people[0].as_ref().unwrap().settlement.counts().trapped;
        if depth_m >= WADING_LIMIT_M && trapped > 0 {
            return sim;
        }
    }
    panic!("the camp never stands in deep water with people trapped");
}

#[test]
fn dispatch_a_rescue_into_deep_water_needs_boats() {
    let rescue = || Order::Dispatch {
        unit: "team:hulunbuir-flood".into(),
        task: Task::Rescue {
            place: "place:river-camp".into(),
        },
    };
    let mut without = camp_in_deep_water(0);
    let err = refused(&mut without, rescue());
    assert!(
        matches!(&err, OrderError::MissingEquipment { unit, needs, why }
            if unit == "team:hulunbuir-flood" && needs == "rescue_boat" && why.contains("past the 0.5 m rescuers can wade")),
        "{err:?}"
    );
    let mut with = camp_in_deep_water(4);
    let (id, due) = accepted(&mut with, rescue());
    let events = run_until(&mut with, due.plus(Tick::from_hours(2.0).0));
    assert!(
        first(&events, |e| {
            matches!(e, Event::TeamDispatched { unit_id, .. } if unit_id == "team:hulunbuir-flood").then_some(())
        })
        .is_some(),
        "order {id} dispatched the team"
    );
    let rescued = first(&events, |e| match e {
        Event::PersonsRescued { count, .. } => Some(*count),
        _ => None,
    });
    assert!(rescued.is_some_and(|(_, n)| n > 0), "the boats bring people out");
}

#[test]
fn dispatch_refuses_a_resting_team() {
    let mut sim = Sim::new(&strip("Grassland", 24.0), 1);
    let go = Order::Dispatch {
        unit: "team:brigade".into(),
        task: Task::MoveTo {
            at: LonLat {
                lon: 118.4350,
                lat: 48.5545,
            },
        },
    };
    accepted(&mut sim, go.clone());
    // The shift starts when the order takes effect (5 min) and lasts 12 h.
    sim.step(Tick::from_minutes(12 * 60 + 6).0);
    let TeamActivity::Resting { until } = sim.view().teams[0].activity.clone() else {
        panic!("{:?}", sim.view().teams[0].activity);
    };
    assert_eq!(until, Tick::from_minutes(5 + (12 + 8) * 60));
    assert_eq!(
        refused(&mut sim, go),
        OrderError::UnitBusy {
            unit: "team:brigade".into(),
            why: format!("resting after a full shift until {until}"),
        }
    );
}

/// A team resting in the field after a full shift cannot be recalled
/// either. (Before this was refused, a recall sent it home and the shift
/// check put it back to rest at once where it stood, for 8 h from then: it
/// never got home and its rest started over.)
#[test]
fn recall_refuses_a_resting_team() {
    let mut sim = Sim::new(&strip("Grassland", 24.0), 1);
    accepted(
        &mut sim,
        Order::Dispatch {
            unit: "team:brigade".into(),
            task: Task::MoveTo {
                at: LonLat {
                    lon: 118.4350,
                    lat: 48.5545,
                },
            },
        },
    );
    sim.step(Tick::from_minutes(12 * 60 + 6).0);
    let team = sim.view().teams[0].clone();
    let TeamActivity::Resting { until } = team.activity else {
        panic!("{:?}", team.activity);
    };
    assert_ne!(team.cell, team.base_cell, "resting away from its base");
    assert_eq!(
        refused(
            &mut sim,
            Order::Recall {
                unit: "team:brigade".into()
            }
        ),
        OrderError::UnitBusy {
            unit: "team:brigade".into(),
            why: format!("resting after a full shift until {until}"),
        }
    );
}

#[test]
fn dispatch_refuses_a_point_no_one_can_reach_over_the_ground() {
    // All open water: nobody moves over the ground.
    let mut sim = Sim::new(&strip("Water", 6.0), 1);
    assert_eq!(
        refused(
            &mut sim,
            Order::Dispatch {
                unit: "team:brigade".into(),
                task: Task::MoveTo {
                    at: LonLat {
                        lon: 118.4350,
                        lat: 48.5545
                    }
                },
            }
        ),
        OrderError::Unreachable {
            unit: "team:brigade".into()
        }
    );
}

#[test]
fn dispatch_refuses_an_aircraft_out_of_range() {
    // ~600 km east: there and back to base exceed a Mi-171's usable range
    // (`agents_in_sim.rs` checks the numbers).
    let mut sim = Sim::new(&default_with_far_station(8.2), 7);
    let err = refused(
        &mut sim,
        Order::Dispatch {
            unit: "aircraft:far-mi171".into(),
            task: Task::WaterDrops { at: FIRE },
        },
    );
    assert!(
        matches!(&err, OrderError::OutOfRange { unit, distance_km, range_km, .. }
            if unit == "aircraft:far-mi171" && distance_km > range_km),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// Recall

#[test]
fn recall_brings_a_team_and_an_aircraft_home() {
    let mut sim = common::default_sim(1);
    accepted(
        &mut sim,
        Order::Dispatch {
            unit: BRIGADE.into(),
            task: Task::MoveTo { at: NEAR_DEPOT },
        },
    );
    accepted(
        &mut sim,
        Order::Dispatch {
            unit: UAV.into(),
            task: Task::Recon { at: FIRE },
        },
    );
    // Each recalled once under way: the team travelling, the UAV in the air.
    let mut events = Vec::new();
    let (mut team_recalled, mut uav_recalled) = (None, None);
    while team_recalled.is_none() || uav_recalled.is_none() {
        assert!(sim.tick() < Tick::from_hours(1.0), "not under way");
        let now = sim.tick();
        events.extend(run_until(&mut sim, now.plus(1)));
        if team_recalled.is_none() && matches!(sim.view().teams[0].activity, TeamActivity::Travelling { .. }) {
            team_recalled = Some(accepted(&mut sim, Order::Recall { unit: BRIGADE.into() }).1);
        }
        if uav_recalled.is_none() && matches!(sim.view().aircraft[1].activity, AirActivity::Transit { .. }) {
            uav_recalled = Some(accepted(&mut sim, Order::Recall { unit: UAV.into() }).1);
        }
    }
    events.extend(run_until(&mut sim, Tick::from_hours(2.0)));
    for (unit, due) in [(BRIGADE, team_recalled), (UAV, uav_recalled)] {
        let due = due.unwrap();
        let back = first(&events, |e| match e {
            Event::UnitReturned { unit_id } if unit_id == unit => Some(()),
            _ => None,
        });
        assert!(back.is_some_and(|(t, _)| t >= due), "{unit} returns: {back:?}");
    }
    assert_eq!(sim.view().teams[0].cell, sim.view().teams[0].base_cell);
    assert_eq!(sim.view().aircraft[1].activity, AirActivity::Standby);
}

#[test]
fn recall_refusals() {
    let mut sim = common::default_sim(1);
    assert_eq!(
        refused(
            &mut sim,
            Order::Recall {
                unit: "aircraft:ghost".into()
            }
        ),
        unknown("team or aircraft", "aircraft:ghost")
    );
    assert_eq!(
        refused(&mut sim, Order::Recall { unit: BRIGADE.into() }),
        OrderError::UnitBusy {
            unit: BRIGADE.into(),
            why: "it is already at its base with no task".into()
        }
    );
    assert_eq!(
        refused(&mut sim, Order::Recall { unit: KA32.into() }),
        OrderError::UnitBusy {
            unit: KA32.into(),
            why: "it is already on the ground at its base".into()
        }
    );
}

// ---------------------------------------------------------------------------
// OrderEvacuation, OpenShelter, CloseShelter

#[test]
fn evacuation_and_shelters_succeed() {
    let mut sim = common::default_sim(1);
    let (_, opened_due) = accepted(&mut sim, Order::OpenShelter { shelter: SCHOOL.into() });
    // Accepted while the shelter is still closed: the opening is on its way.
    let (evac, evac_due) = accepted(
        &mut sim,
        Order::OrderEvacuation {
            places: vec![TOWN.into()],
            shelter: SCHOOL.into(),
        },
    );
    let events = run_until(&mut sim, evac_due.plus(1));
    let opened = first(&events, |e| match e {
        Event::ShelterOpened { shelter_id } if shelter_id == SCHOOL => Some(()),
        _ => None,
    });
    assert_eq!(opened, Some((opened_due, ())));
    let ordered = first(&events, |e| match e {
        Event::EvacuationOrdered {
            order_id,
            place_id,
            shelter_id,
        } if shelter_id == SCHOOL => Some((*order_id, place_id.clone())),
        _ => None,
    });
    assert_eq!(ordered, Some((evac_due, (evac, TOWN.to_string()))));

    // An empty open shelter closes.
    let mut sim = common::default_sim(1);
    accepted(&mut sim, Order::OpenShelter { shelter: SCHOOL.into() });
    sim.step(Tick::from_minutes(6).0);
    let (_, due) = accepted(&mut sim, Order::CloseShelter { shelter: SCHOOL.into() });
    let events = run_until(&mut sim, due.plus(1));
    let closed = first(&events, |e| match e {
        Event::ShelterClosed { shelter_id } if shelter_id == SCHOOL => Some(()),
        _ => None,
    });
    assert_eq!(closed, Some((due, ())));
    assert!(!sim.view().shelters[0].open);
}

#[test]
fn evacuation_and_shelter_refusals() {
    let mut sim = common::default_sim(1);
    let evacuate = |places: &[&str], shelter: &str| Order::OrderEvacuation {
        places: places.iter().map(|p| p.to_string()).collect(),
        shelter: shelter.into(),
    };
    assert_eq!(refused(&mut sim, evacuate(&[], SCHOOL)), OrderError::NoPlaces);
    assert_eq!(
        refused(&mut sim, evacuate(&["place:atlantis"], SCHOOL)),
        OrderError::UnknownPlace {
            id: "place:atlantis".into()
        }
    );
    assert_eq!(
        refused(&mut sim, evacuate(&[TOWN], "shelter:ghost")),
        unknown("shelter", "shelter:ghost")
    );
    assert_eq!(
        refused(&mut sim, evacuate(&[TOWN], SCHOOL)),
        shelter_state("is closed: open it first")
    );
    assert_eq!(
        refused(
            &mut sim,
            Order::OpenShelter {
                shelter: "shelter:ghost".into()
            }
        ),
        unknown("shelter", "shelter:ghost")
    );
    assert_eq!(
        refused(
            &mut sim,
            Order::CloseShelter {
                shelter: "shelter:ghost".into()
            }
        ),
        unknown("shelter", "shelter:ghost")
    );
    assert_eq!(
        refused(&mut sim, Order::CloseShelter { shelter: SCHOOL.into() }),
        shelter_state("is already closed")
    );
    // Open it and send the town there; once people are in, it cannot close.
    accepted(&mut sim, Order::OpenShelter { shelter: SCHOOL.into() });
    accepted(&mut sim, evacuate(&[TOWN], SCHOOL));
    sim.step(Tick::from_minutes(6).0);
    assert_eq!(
        refused(&mut sim, Order::OpenShelter { shelter: SCHOOL.into() }),
        shelter_state("is already open")
    );
    while sim.view().shelters[0].occupants == 0 {
        assert!(sim.tick() < Tick::from_hours(2.0), "nobody arrives");
        sim.step(1);
    }
    let occupants = sim.view().shelters[0].occupants;
    assert_eq!(
        refused(&mut sim, Order::CloseShelter { shelter: SCHOOL.into() }),
        shelter_state(&format!("still holds {occupants} people"))
    );
}

// ---------------------------------------------------------------------------
// MoveSupplies

#[test]
fn move_supplies_delivers_to_a_shelter() {
    let mut sim = common::default_sim(1);
    let sent = items(&[("tent", 20.0), ("water_t", 3.0)]);
    let (_, due) = accepted(
        &mut sim,
        Order::MoveSupplies {
            from: DEPOT.into(),
            to: SCHOOL.into(),
            items: sent.clone(),
        },
    );
    let events = run_until(&mut sim, Tick::from_hours(1.0));
    let delivered = first(&events, |e| match e {
        Event::ReliefDelivered { shelter_id, items, .. } if shelter_id == SCHOOL => Some(items.clone()),
        _ => None,
    })
    .expect("the convoy arrives");
    assert!(delivered.0 >= due);
    assert_eq!(delivered.1, sent);
    // The scenario's stocks: depot 120 tents and 18 t of water, shelter 2 t.
    assert_eq!(sim.view().depots[0].stocks["tent"], 100.0);
    assert_eq!(sim.view().depots[0].stocks["water_t"], 15.0);
    assert_eq!(sim.view().shelters[0].stocks["water_t"], 5.0);
}

#[test]
fn move_supplies_refusals() {
    let mut sim = common::default_sim(1);
    let mv = |from: &str, to: &str, items: BTreeMap<String, f64>| Order::MoveSupplies {
        from: from.into(),
        to: to.into(),
        items,
    };
    let tents = || items(&[("tent", 1.0)]);
    assert_eq!(
        refused(&mut sim, mv("depot:ghost", SCHOOL, tents())),
        unknown("depot", "depot:ghost")
    );
    assert_eq!(
        refused(&mut sim, mv(DEPOT, "shelter:ghost", tents())),
        unknown("shelter or depot", "shelter:ghost")
    );
    assert_eq!(
        refused(&mut sim, mv(DEPOT, SCHOOL, BTreeMap::new())),
        OrderError::BadAmount {
            field: "list of items".into(),
            range: "not empty".into()
        }
    );
    for bad in [0.0, -1.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(
            refused(&mut sim, mv(DEPOT, SCHOOL, items(&[("tent", bad)]))),
            OrderError::BadAmount {
                field: "amount of `tent`".into(),
                range: "a positive number".into()
            },
            "{bad}"
        );
    }
    assert_eq!(
        refused(&mut sim, mv(DEPOT, SCHOOL, items(&[("tent", 1e300)]))),
        OrderError::NoStock {
            depot: DEPOT.into(),
            item: "tent".into(),
            have: 120.0,
            need: 1e300
        }
    );
    assert_eq!(
        refused(&mut sim, mv(DEPOT, SCHOOL, items(&[("caviar", 1.0)]))),
        OrderError::NoStock {
            depot: DEPOT.into(),
            item: "caviar".into(),
            have: 0.0,
            need: 1.0
        }
    );
    // No road over open water.
    let mut water = Sim::new(&strip("Water", 6.0), 1);
    assert_eq!(
        refused(&mut water, mv("depot:strip", "depot:east", items(&[("tent", 5.0)]))),
        OrderError::Unreachable {
            unit: "a convoy from depot:strip".into()
        }
    );
}

// ---------------------------------------------------------------------------
// RequestSupport

#[test]
fn request_support_brings_a_team_and_refuses_aircraft() {
    let mut sim = common::default_sim(1);
    for kind in [ForceKind::Helicopter, ForceKind::FixedWing, ForceKind::Uav] {
        assert_eq!(
            refused(
                &mut sim,
                Order::RequestSupport {
                    kind,
                    source: SupportSource::Military
                }
            ),
            OrderError::WrongUnit {
                unit: "a support request".into(),
                task: "bring aircraft: aircraft come from the scenario's aviation stations".into()
            }
        );
    }
    let (_, due) = accepted(
        &mut sim,
        Order::RequestSupport {
            kind: ForceKind::ForestFireTeam,
            source: SupportSource::Military,
        },
    );
    // PLA / Armed Police units in the region move within 2–4 h: 180 min
    // (`support_delay_min`).
    let arrive = due.plus(Tick::from_minutes(180).0);
    let events = run_until(&mut sim, arrive.plus(1));
    let arrived = first(&events, |e| match e {
        Event::SupportArrived { unit_id, source } => Some((unit_id.clone(), *source)),
        _ => None,
    });
    assert_eq!(
        arrived,
        Some((arrive, ("team:support-1".to_string(), SupportSource::Military)))
    );
    assert!(
        sim.view()
            .teams
            .iter()
            .any(|t| t.id == "team:support-1" && t.kind == ForceKind::ForestFireTeam)
    );
}

// ---------------------------------------------------------------------------
// RegulateReservoir, OpenDiversion, BlastIceJam

#[test]
fn regulate_reservoir_sets_the_gate_and_refusals() {
    let mut sim = Sim::new(&works(), 1);
    assert!(
        sim.drain_events()
            .iter()
            .all(|e| e.event.kind_name() != "HazardDisabled")
    );
    let gate = |sim: &Sim| {
        sim.view().flood.unwrap().reservoirs()[0]
            .reservoir()
            .outlet()
            .unwrap()
            .gate_opening
    };
    assert_eq!(gate(&sim), 1.0);
    let regulate = |reservoir: &str, gate_opening: f64| Order::RegulateReservoir {
        reservoir: reservoir.into(),
        gate_opening,
    };
    for bad in [1.5, -0.1, f64::NAN, f64::INFINITY] {
        assert_eq!(
            refused(&mut sim, regulate("reservoir:gated", bad)),
            OrderError::BadAmount {
                field: "gate opening".into(),
                range: "between 0 and 1".into()
            },
            "{bad}"
        );
    }
    assert_eq!(
        refused(&mut sim, regulate("reservoir:ghost", 0.5)),
        no_hazard("reservoir `reservoir:ghost`")
    );
    assert_eq!(
        refused(&mut sim, regulate("reservoir:ungated", 0.5)),
        no_hazard("gated outlet on `reservoir:ungated`")
    );
    let (_, due) = accepted(&mut sim, regulate("reservoir:gated", 0.25));
    sim.step(due.0 - sim.tick().0);
    assert_eq!(gate(&sim), 1.0, "not before its latency");
    sim.step(1);
    assert_eq!(gate(&sim), 0.25);
    let set = sim.drain_events().into_iter().find_map(|e| match e.event {
        Event::ReservoirRegulated {
            reservoir_id,
            gate_opening,
        } => Some((e.tick, reservoir_id, gate_opening)),
        _ => None,
    });
    assert_eq!(set, Some((due, "reservoir:gated".to_string(), 0.25)));
    // The fire drill has no flood at all.
    let mut fire = common::default_sim(1);
    assert_eq!(
        refused(&mut fire, regulate("reservoir:gated", 0.5)),
        no_hazard("reservoir `reservoir:gated`")
    );
}

#[test]
fn open_diversion_breaches_the_dike_then_refuses_it() {
    let mut sim = Sim::new(&works(), 1);
    assert_eq!(
        refused(
            &mut sim,
            Order::OpenDiversion {
                dike: "dike:ghost".into()
            }
        ),
        no_hazard("intact dike `dike:ghost`")
    );
    let (_, due) = accepted(
        &mut sim,
        Order::OpenDiversion {
            dike: "dike:inlet".into(),
        },
    );
    // The cut widens to 100 m (both cells) over 30 min.
    let events = run_until(&mut sim, due.plus(Tick::from_minutes(31).0));
    let breached = first(&events, |e| match e {
        Event::DikeBreached { dike_id, .. } if dike_id == "dike:inlet" => Some(()),
        _ => None,
    });
    assert_eq!(breached, Some((due, ())));
    let dike = sim.view().flood.unwrap().dikes()[0].dike().clone();
    assert_eq!(dike.breached_cells().len(), dike.cells().len());
    // Nothing intact is left to open.
    assert_eq!(
        refused(
            &mut sim,
            Order::OpenDiversion {
                dike: "dike:inlet".into()
            }
        ),
        no_hazard("intact dike `dike:inlet`")
    );
    let mut fire = common::default_sim(1);
    assert_eq!(
        refused(
            &mut fire,
            Order::OpenDiversion {
                dike: "dike:inlet".into()
            }
        ),
        no_hazard("intact dike `dike:inlet`")
    );
}

/// No success path: the engine has no river ice yet (unreachable).
#[test]
fn blast_ice_jam_is_always_refused() {
    for mut sim in [common::default_sim(1), Sim::new(&works(), 1)] {
        assert_eq!(
            refused(&mut sim, Order::BlastIceJam { at: FIRE }),
            no_hazard("river ice jam")
        );
    }
}

#[test]
fn dispatch_a_flood_team_to_sandbag_raises_the_dike() {
    let mut sim = Sim::new(&works_with_flood_team(), 1);
    let crest = |sim: &Sim| sim.view().flood.unwrap().dikes()[0].dike().crest_m().to_vec();
    let before = crest(&sim);
    accepted(
        &mut sim,
        Order::Dispatch {
            unit: "team:flood".into(),
            task: Task::Sandbag {
                dike: "dike:inlet".into(),
            },
        },
    );
    let events = run_until(&mut sim, Tick::from_hours(1.0));
    assert!(
        first(&events, |e| match e {
            Event::TeamArrived { unit_id, .. } if unit_id == "team:flood" => Some(()),
            _ => None,
        })
        .is_some(),
        "{events:?}"
    );
    let after = crest(&sim);
    assert!(
        after.iter().zip(&before).all(|(a, b)| a >= b) && after.iter().zip(&before).any(|(a, b)| a > b),
        "{before:?} → {after:?}"
    );
}

// ---------------------------------------------------------------------------
// DrillOver

/// One order of each variant.
fn one_of_each() -> Vec<Order> {
    vec![
        Order::SetResponseLevel {
            level: ResponseLevel::I,
        },
        Order::IssueWarning {
            places: vec![TOWN.into()],
            level: WarningLevel::Red,
            channels: Vec::new(),
        },
        Order::HoldConsultation { topic: "fire".into() },
        Order::Dispatch {
            unit: BRIGADE.into(),
            task: Task::MoveTo { at: NEAR_DEPOT },
        },
        Order::Recall { unit: BRIGADE.into() },
        Order::OrderEvacuation {
            places: vec![TOWN.into()],
            shelter: SCHOOL.into(),
        },
        Order::OpenShelter { shelter: SCHOOL.into() },
        Order::CloseShelter { shelter: SCHOOL.into() },
        Order::MoveSupplies {
            from: DEPOT.into(),
            to: SCHOOL.into(),
            items: items(&[("tent", 1.0)]),
        },
        Order::RequestSupport {
            kind: ForceKind::ForestFireTeam,
            source: SupportSource::CrossRegion,
        },
        Order::RegulateReservoir {
            reservoir: "reservoir:x".into(),
            gate_opening: 0.5,
        },
        Order::OpenDiversion { dike: "dike:x".into() },
        Order::BlastIceJam { at: FIRE },
    ]
}

/// After the end every order is refused with `DrillOver`, before any other
/// check, and (unlike the other refusals) without an event: nothing at all
/// changes.
#[test]
fn every_order_is_refused_after_the_end_without_a_trace() {
    let mut sim = Sim::new(&strip("Grassland", 0.1), 1);
    sim.step(sim.end().0);
    sim.drain_events();
    let before = sim.subsystem_hashes();
    for order in one_of_each() {
        assert_eq!(
            sim.submit(order),
            Err(OrderError::DrillOver {
                end: sim.end().to_string()
            })
        );
    }
    assert_eq!(sim.subsystem_hashes(), before);
    assert!(sim.drain_events().is_empty());
}

// ---------------------------------------------------------------------------
// Arbitrary sequences

/// A point: on the map, near it, anywhere on Earth, or not a number.
fn point() -> impl Strategy<Value = LonLat> {
    prop_oneof![
        4 => (118.40..118.71f64, 48.55..48.68f64).prop_map(|(lon, lat)| LonLat { lon, lat }),
        1 => (-180.0..180.0f64, -90.0..90.0f64).prop_map(|(lon, lat)| LonLat { lon, lat }),
        1 => Just(LonLat { lon: f64::NAN, lat: 48.6 }),
        1 => Just(LonLat { lon: 118.5, lat: f64::INFINITY }),
    ]
}

/// An amount: ordinary, or zero, negative, huge, infinite, NaN.
fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => 0.0..1.2f64,
        2 => 0.0..200.0f64,
        1 => Just(0.0),
        1 => Just(-1.0),
        1 => Just(1e300),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NAN),
    ]
}

/// An id: real ones of each kind, and some that name nothing.
fn id() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        BRIGADE,
        "team:hada-militia",
        KA32,
        UAV,
        SCHOOL,
        DEPOT,
        TOWN,
        "place:hada-gacha",
        "team:support-1",
        "reservoir:x",
        "dike:x",
        "",
        "team:ghost",
        "火",
    ])
    .prop_map(str::to_string)
}

fn task() -> impl Strategy<Value = Task> {
    prop_oneof![
        point().prop_map(|at| Task::MoveTo { at }),
        prop::collection::vec(point(), 0..4).prop_map(|path| Task::BuildFireline { path }),
        prop::collection::vec(point(), 0..4).prop_map(|path| Task::Backburn { path }),
        point().prop_map(|at| Task::WaterDrops { at }),
        point().prop_map(|at| Task::Recon { at }),
        id().prop_map(|dike| Task::Sandbag { dike }),
        id().prop_map(|dike| Task::CloseBreach { dike }),
        id().prop_map(|place| Task::Rescue { place }),
        id().prop_map(|place| Task::Treat { place }),
    ]
}

fn level() -> impl Strategy<Value = ResponseLevel> {
    prop::sample::select(vec![
        ResponseLevel::IV,
        ResponseLevel::III,
        ResponseLevel::II,
        ResponseLevel::I,
    ])
}

fn kind() -> impl Strategy<Value = ForceKind> {
    prop::sample::select(vec![
        ForceKind::ForestFireTeam,
        ForceKind::FloodTeam,
        ForceKind::MedicalTeam,
        ForceKind::Helicopter,
        ForceKind::Uav,
    ])
}

/// A point on the default drill's map, away from its edges.
fn on_map() -> impl Strategy<Value = LonLat> {
    (118.42..118.68f64, 48.56..48.67f64).prop_map(|(lon, lat)| LonLat { lon, lat })
}

/// Orders that mostly pass their checks: real units, places and shelters,
/// points on the map, amounts the depot holds.
fn plausible_order() -> impl Strategy<Value = Order> {
    let unit = prop::sample::select(vec![BRIGADE, "team:hada-militia", KA32, UAV]).prop_map(str::to_string);
    prop_oneof![
        (unit.clone(), on_map()).prop_map(|(unit, at)| Order::Dispatch {
            unit,
            task: Task::MoveTo { at }
        }),
        (unit.clone(), on_map()).prop_map(|(unit, at)| Order::Dispatch {
            unit,
            task: Task::Recon { at }
        }),
        on_map().prop_map(|at| Order::Dispatch {
            unit: KA32.into(),
            task: Task::WaterDrops { at }
        }),
        (on_map(), on_map()).prop_map(|(a, b)| Order::Dispatch {
            unit: BRIGADE.into(),
            task: Task::BuildFireline { path: vec![a, b] }
        }),
        (on_map(), on_map()).prop_map(|(a, b)| Order::Dispatch {
            unit: "team:hada-militia".into(),
            task: Task::Backburn { path: vec![a, b] }
        }),
        Just(Order::Dispatch {
            unit: BRIGADE.into(),
            task: Task::Rescue { place: TOWN.into() }
        }),
        unit.prop_map(|unit| Order::Recall { unit }),
        Just(Order::OpenShelter { shelter: SCHOOL.into() }),
        Just(Order::CloseShelter { shelter: SCHOOL.into() }),
        Just(Order::OrderEvacuation {
            places: vec![TOWN.into(), "place:hada-gacha".into()],
            shelter: SCHOOL.into()
        }),
        (1.0..150.0f64).prop_map(|n| Order::MoveSupplies {
            from: DEPOT.into(),
            to: SCHOOL.into(),
            items: items(&[("tent", n)])
        }),
    ]
}

fn order() -> impl Strategy<Value = Order> {
    prop_oneof![
        level().prop_map(|level| Order::SetResponseLevel { level }),
        (
            prop::collection::vec(id(), 0..3),
            prop::sample::select(vec![WarningLevel::Blue, WarningLevel::Red])
        )
            .prop_map(|(places, level)| Order::IssueWarning {
                places,
                level,
                channels: Vec::new()
            }),
        (0usize..600).prop_map(|n| Order::HoldConsultation { topic: "会".repeat(n) }),
        (id(), task()).prop_map(|(unit, task)| Order::Dispatch { unit, task }),
        id().prop_map(|unit| Order::Recall { unit }),
        (prop::collection::vec(id(), 0..3), id())
            .prop_map(|(places, shelter)| Order::OrderEvacuation { places, shelter }),
        id().prop_map(|shelter| Order::OpenShelter { shelter }),
        id().prop_map(|shelter| Order::CloseShelter { shelter }),
        (
            id(),
            id(),
            prop::collection::btree_map(
                prop::sample::select(vec!["tent", "water_t", "caviar"]).prop_map(str::to_string),
                amount(),
                0..3
            )
        )
            .prop_map(|(from, to, items)| Order::MoveSupplies { from, to, items }),
        (
            kind(),
            prop::sample::select(vec![SupportSource::CrossRegion, SupportSource::Military])
        )
            .prop_map(|(kind, source)| Order::RequestSupport { kind, source }),
        (id(), amount()).prop_map(|(reservoir, gate_opening)| Order::RegulateReservoir {
            reservoir,
            gate_opening
        }),
        id().prop_map(|dike| Order::OpenDiversion { dike }),
        point().prop_map(|at| Order::BlastIceJam { at }),
    ]
}

/// Runs the sequence (submit, then step the given ticks) on the default
/// drill, then 1 h more so every accepted order (30 min at most) falls due
/// and its units act, and returns the final state hash.
fn run_sequence(scenario: &Scenario, seq: &[(Order, u64)]) -> u64 {
    let mut sim = Sim::new(scenario, 5);
    for (order, ticks) in seq {
        let _ = sim.submit(order.clone());
        sim.step(*ticks);
        sim.drain_events();
    }
    sim.step(Tick::from_hours(1.0).0);
    sim.state_hash()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Arbitrary orders at arbitrary times never panic, and the same
    /// sequence gives the same state.
    #[test]
    fn arbitrary_order_sequences_never_panic_and_replay_identically(
        seq in prop::collection::vec((prop_oneof![order(), plausible_order()], 0u64..120), 1..12)
    ) {
        let scenario = common::default_scenario();
        let first = run_sequence(&scenario, &seq);
        let second = run_sequence(&scenario, &seq);
        prop_assert_eq!(first, second);
    }
}
