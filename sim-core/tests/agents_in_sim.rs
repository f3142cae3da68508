//! People and forces inside the simulation: dispatch timing, range checks,
//! crews against the fire, warnings under a network outage, and earlier
//! evacuations saving people. Figures from `reference/rescue.md`.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::run_until;

use sim_core::agents::aircraft::{AircraftType, Readiness as AirReadiness, great_circle_km};
use sim_core::event::CasualtyCause;
use sim_core::frame::LonLat;
use sim_core::scenario::no_files;
use sim_core::{Event, Order, OrderError, Scenario, Sim, Task, Tick, builtin, load_scenario};

fn load(text: &str) -> Scenario {
    load_scenario("test", text, &mut no_files).unwrap_or_else(|e| panic!("{e}"))
}

/// The default drill with an aviation station `lon_offset_deg` east of the
/// map at the map's latitude, holding one standby Mi-171.
fn default_with_station(lon_offset_deg: f64) -> (Scenario, LonLat) {
    let station = LonLat {
        lon: 118.66 + lon_offset_deg,
        lat: 48.60,
    };
    let text = builtin::DEFAULT.text.replacen(
        "        airfields: [",
        &format!(
            "        airfields: [\n            (id: \"airfield:far-station\", name: (zh: \"远方航空站\", en: \"Far station\"), \
             kind: AviationStation, at: (lon: {}, lat: {})),",
            station.lon, station.lat
        ),
        1,
    );
    let text = text.replace(
        "    forces: [",
        "    forces: [\n        (id: \"aircraft:far-mi171\", name: (zh: \"米-171\", en: \"Mi-171\"), kind: Helicopter, \
         base: \"airfield:far-station\", personnel: 3, airframe: Some(Mi171)),",
    );
    (load(&text), station)
}

#[test]
fn a_helicopter_arrives_after_its_dispatch_delay_plus_distance_over_cruise() {
    // ~300 km east of the fire: 4.1° of longitude at 48.6° N.
    let (scenario, station) = default_with_station(4.1);
    let target = LonLat {
        lon: 118.55,
        lat: 48.60,
    };
    let distance_km = great_circle_km(station, target);
    assert!((280.0..320.0).contains(&distance_km), "{distance_km} km");
    let mut sim = Sim::new(&scenario, 7);
    let id = sim
        .submit(Order::Dispatch {
            unit: "aircraft:far-mi171".into(),
            task: Task::Recon { at: target },
        })
        .expect("in range: the map's landing point refuels it");
    let events = run_until(&mut sim, Tick::from_hours(3.0));
    let due = events
        .iter()
        .find_map(|e| match &e.event {
            Event::OrderAccepted { order_id, due, .. } if *order_id == id => Some(*due),
            _ => None,
        })
        .unwrap();
    let on_scene = events
        .iter()
        .find_map(|e| match &e.event {
            Event::AircraftOnScene {
                minutes_since_order, ..
            } => Some((e.tick, *minutes_since_order)),
            _ => None,
        })
        .expect("it arrives");
    // rescue.md §2.4: standby lift-off 20 min (15–30), then distance /
    // cruise at the Mi-171's 230 km/h.
    let expected_min = AirReadiness::Standby.dispatch_delay_min() + distance_km / 230.0 * 60.0;
    assert_eq!(AircraftType::Mi171.spec().cruise_km_per_h, 230.0);
    // Both legs are rounded up to whole 10 s ticks.
    assert!(
        on_scene.1 >= expected_min && on_scene.1 <= expected_min + 2.0 * 10.0 / 60.0,
        "{} min on scene vs {expected_min} min",
        on_scene.1
    );
    assert_eq!(on_scene.0.plus(1).0 - due.0, (on_scene.1 * 6.0).round() as u64);
}

#[test]
fn an_aircraft_out_of_range_is_rejected_with_the_numbers() {
    // ~600 km away: 600 km there plus 600 km back to its base exceed the
    // Mi-171's 523 km usable range (600 km less a 20 min reserve at
    // 230 km/h); the map's landing point is near enough the scene to refuel,
    // so the test scene is the landing point's distance in range but the
    // approach is not.
    let (scenario, _) = default_with_station(8.2);
    let mut sim = Sim::new(&scenario, 7);
    let err = sim
        .submit(Order::Dispatch {
            unit: "aircraft:far-mi171".into(),
            task: Task::WaterDrops {
                at: LonLat {
                    lon: 118.55,
                    lat: 48.60,
                },
            },
        })
        .unwrap_err();
    let OrderError::OutOfRange {
        distance_km, range_km, ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert!(*distance_km > 550.0 && (*range_km - (600.0 - 230.0 * 20.0 / 60.0)).abs() < 1e-9);
    let text = err.to_string();
    assert!(
        text.contains("aircraft:far-mi171") && text.contains("out of range"),
        "{text}"
    );
    // The refusal is in the event log, for the drill record.
    assert!(
        sim.drain_events()
            .iter()
            .any(|e| matches!(&e.event, Event::OrderRejected { reason, .. } if reason == &err))
    );
}

/// A 4 km × 1 km flat grass strip with a steady west wind; fire at the
/// west end, a fire brigade at a depot in the middle of the strip. The
/// tests use a light 1.5 m/s wind, under which the head's flames stay below
/// the 2.4 m a Type I crew's line holds (Andrews & Rothermel 1982 haul
/// chart; at 2 m/s they reach 2.47 m and breach it).
fn grass_strip(wind_m_s: f64) -> Scenario {
    load(&format!(
        r#"(
    version: 1,
    id: "test-grass-strip",
    title: (zh: "草带", en: "Grass strip"),
    description: (zh: "测试", en: "test"),
    map: (width: 80, height: 20, cell_size_m: 50.0, south_west: (lon: 118.40, lat: 48.55)),
    terrain: Procedural((seed: 1, base_elevation_m: 640.0, relief_m: 0.0, hills: 0, river: false, river_width_m: 0.0)),
    land_cover: Rules(rules: [], default: Grassland),
    places: [],
    infrastructure: (
        depots: [(id: "depot:strip", name: (zh: "站", en: "Depot"), tier: Township,
                  at: (lon: 118.4300, lat: 48.5585))],
    ),
    forces: [(id: "team:brigade", name: (zh: "消防队", en: "Brigade"), kind: ForestFireTeam,
              base: "depot:strip", personnel: 24)],
    hazards: [Ignition(id: "hazard:fire", at: (lon: 118.4015, lat: 48.5545), at_min: 0)],
    weather: (rows: [(hour: 0.0, wind_speed_m_s: {wind_m_s}, wind_from_deg: 270.0, temperature_c: 20.0,
                      relative_humidity_pct: 50.0)]),
    fire: (spotting: false),
    duration_h: 12.0,
    standards: "nmg-14th-fyp",
)"#
    ))
}

/// Cells east of map column `x` that burned.
fn burned_east_of(sim: &Sim, x: u32) -> usize {
    let view = sim.view();
    let w = view.frame.width;
    (0..view.frame.cell_count())
        .filter(|i| (*i as u32 % w) > x && view.fire.is_burned(*i))
        .count()
}

fn fireline_across(x_lon: f64) -> Order {
    Order::Dispatch {
        unit: "team:brigade".into(),
        task: Task::BuildFireline {
            path: vec![
                LonLat {
                    lon: x_lon,
                    lat: 48.5588,
                },
                LonLat {
                    lon: x_lon,
                    lat: 48.5502,
                },
            ],
        },
    }
}

#[test]
fn a_crew_line_finished_in_time_stops_the_fire_and_one_overrun_does_not() {
    let scenario = grass_strip(1.5);
    let line_col = |lon: f64| scenario.frame.cell_at_lon_lat(LonLat { lon, lat: 48.555 }).unwrap().x;
    // Control: no crew; the fire runs the length of the strip.
    let mut control = Sim::new(&scenario, 1);
    run_until(&mut control, Tick::from_hours(12.0));
    let far = line_col(118.440);
    assert!(burned_east_of(&control, far) > 0, "the fire must reach the far end");

    // In time: a line 3 km downwind, cut before the head arrives.
    let mut held = Sim::new(&scenario, 1);
    held.submit(fireline_across(118.440)).unwrap();
    let events = run_until(&mut held, Tick::from_hours(12.0));
    let built = events.iter().find_map(|e| match &e.event {
        Event::FirelineBuilt { cells, .. } => Some(*cells),
        _ => None,
    });
    assert_eq!(built, Some(20), "the whole line, one cell per row");
    let breach = events
        .iter()
        .find(|e| matches!(e.event, Event::FirelineBreached { .. }));
    assert!(breach.is_none(), "{breach:?}");
    assert_eq!(burned_east_of(&held, far), 0, "nothing burns beyond a held line");

    // Too late: a line 300 m in front of the ignition; the fire reaches it
    // while the crew is still cutting, and the crew withdraws.
    let near = line_col(118.405);
    let mut overrun = Sim::new(&scenario, 1);
    overrun.submit(fireline_across(118.405)).unwrap();
    let events = run_until(&mut overrun, Tick::from_hours(12.0));
    let progress = events.iter().find_map(|e| match &e.event {
        Event::FirelineProgress {
            cells_built,
            cells_planned,
            ..
        } => Some((*cells_built, *cells_planned)),
        _ => None,
    });
    let (cut, planned) = progress.expect("the crew stops short");
    assert!(cut < planned, "{cut} of {planned}");
    assert!(burned_east_of(&overrun, near) > 0, "the fire passes an unfinished line");
}

#[test]
fn a_network_outage_slows_a_warning_as_the_channel_table_predicts() {
    // The default drill cuts the mobile network from 100 to 145 min. A
    // warning issued at 100 min reaches fewer people in its first 20 min
    // than the same warning issued at 20 min, with the network up, because
    // cell broadcast (p = 0.08/min of the table's 0.10) is out.
    let scenario = common::default_scenario();
    let warned_after = |issue_min: u64| {
        let mut sim = Sim::new(&scenario, 3);
        run_until(&mut sim, Tick::from_minutes(issue_min));
        sim.submit(Order::IssueWarning {
            places: vec!["place:bayan-town".into()],
            level: sim_core::WarningLevel::Orange,
            channels: Vec::new(),
        })
        .unwrap();
        // 10 min to issue, then 20 min of spreading.
        run_until(&mut sim, Tick::from_minutes(issue_min + 30));
        let people = sim.view().people[1].clone().unwrap();
        people.settlement.warned_share()
    };
    let up = warned_after(20);
    let down = warned_after(100);
    assert!(up > 0.5, "network up: {up}");
    assert!(down < up * 0.75, "network down: {down} vs up {up}");
}

#[test]
fn an_earlier_evacuation_order_means_fewer_casualties() {
    let scenario = load_scenario("builtin", builtin::RIVER_FLOOD.text, &mut no_files).unwrap();
    // For each run: people hurt by the flood at the camp, people who reached
    // the shelter, and people still at the camp when the water arrived.
    let run = |order_min: Option<u64>| {
        let mut sim = Sim::new(&scenario, 11);
        let mut events = Vec::new();
        if let Some(m) = order_min {
            events.extend(run_until(&mut sim, Tick::from_minutes(m)));
            sim.submit(Order::OpenShelter {
                shelter: "shelter:bayan-school".into(),
            })
            .unwrap();
            sim.submit(Order::OrderEvacuation {
                places: vec!["place:river-camp".into()],
                shelter: "shelter:bayan-school".into(),
            })
            .unwrap();
        }
        let mut present_at_arrival = None;
        while sim.tick() < Tick::from_hours(6.0) {
            sim.step(1);
            let new = sim.drain_events();
            let flooded = new.iter().any(
                |e| matches!(&e.event, Event::FloodReachedPlace { place_id, .. } if place_id == "place:river-camp"),
            );
            if flooded {
                let camp = sim.view().people[0].clone().unwrap();
                present_at_arrival = Some(camp.settlement.present_people());
            }
            events.extend(new);
        }
        let hurt: u32 = events
            .iter()
            .filter_map(|e| match &e.event {
                Event::Casualties {
                    place_id,
                    cause: CasualtyCause::Flood,
                    injured,
                    dead,
                } if place_id == "place:river-camp" => Some(injured + dead),
                _ => None,
            })
            .sum();
        let sheltered: u32 = events
            .iter()
            .filter_map(|e| match &e.event {
                Event::PeopleSheltered { count, .. } => Some(*count),
                _ => None,
            })
            .sum();
        (hurt, sheltered, present_at_arrival.expect("the camp floods"))
    };
    // The camp floods at about 3 h (the built-in drill's documented timing).
    let none = run(None);
    let late = run(Some(120));
    let early = run(Some(30));
    assert!(none.0 > 0, "the camp floods with people in it: {none:?}");
    assert_eq!(none.2, 45, "nobody leaves without an order or warning");
    assert!(
        early.2 < late.2 && late.2 < none.2,
        "present: {early:?} < {late:?} < {none:?}"
    );
    assert!(
        early.0 < none.0 && early.0 <= late.0,
        "hurt: {early:?}, {late:?}, {none:?}"
    );
    assert!(early.1 > late.1, "more reach the shelter when ordered earlier");
}

#[test]
fn a_crew_sent_to_backburn_lights_the_line_when_it_gets_there() {
    let scenario = grass_strip(1.5);
    let mut sim = Sim::new(&scenario, 1);
    let path = vec![
        LonLat {
            lon: 118.440,
            lat: 48.5588,
        },
        LonLat {
            lon: 118.440,
            lat: 48.5502,
        },
    ];
    sim.submit(Order::Dispatch {
        unit: "team:brigade".into(),
        task: Task::Backburn { path },
    })
    .unwrap();
    let events = run_until(&mut sim, Tick::from_hours(2.0));
    let arrived = events
        .iter()
        .find(|e| matches!(e.event, Event::TeamArrived { .. }))
        .map(|e| e.tick)
        .expect("the crew gets there");
    let lit = events
        .iter()
        .find_map(|e| match e.event {
            Event::BackburnLit { cells } => Some((e.tick, cells)),
            _ => None,
        })
        .expect("the backfire is lit");
    // Lit in the tick after arrival (work starts the tick after the team
    // stops moving), along the whole 20-cell line.
    assert_eq!(lit.0, arrived.plus(1));
    assert_eq!(lit.1, 20);
}

#[test]
fn supplies_are_staged_from_one_depot_to_another_by_road() {
    let text = builtin::DEFAULT.text.replacen(
        "        depots: [",
        "        depots: [\n            (id: \"depot:hada-point\", name: (zh: \"哈达储备点\", en: \"Hada point\"), tier: Township, \
         at: (lon: 118.52, lat: 48.620)),",
        1,
    );
    let mut sim = Sim::new(&load(&text), 1);
    let items: std::collections::BTreeMap<String, f64> = [("tent".to_string(), 20.0)].into();
    sim.submit(Order::MoveSupplies {
        from: "depot:bayan-township".into(),
        to: "depot:hada-point".into(),
        items: items.clone(),
    })
    .unwrap();
    // More than the depot holds is refused with the numbers.
    let err = sim
        .submit(Order::MoveSupplies {
            from: "depot:bayan-township".into(),
            to: "depot:hada-point".into(),
            items: [("tent".to_string(), 1000.0)].into(),
        })
        .unwrap_err();
    assert!(matches!(err, OrderError::NoStock { have, need, .. } if have == 120.0 && need == 1000.0));
    let events = run_until(&mut sim, Tick::from_hours(2.0));
    let staged = events
        .iter()
        .find_map(|e| match &e.event {
            Event::SuppliesStaged { depot_id, items } => Some((depot_id.clone(), items.clone())),
            _ => None,
        })
        .expect("the convoy arrives");
    assert_eq!(staged, ("depot:hada-point".to_string(), items));
    let depots = sim.view().depots;
    assert_eq!(depots[0].stocks["tent"], 20.0);
    assert_eq!(depots[1].stocks["tent"], 100.0);
}
