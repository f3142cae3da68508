//! The flood inside the simulation, on the shipped flash-flood drill: the
//! wave reaches the gauge and the camp on the valley floor, not the town on
//! the terrace; water is conserved; the run is deterministic.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use sim_core::determinism::{standard_plans, verify};
use sim_core::scenario::no_files;
use sim_core::{Event, Sim, Tick, builtin, load_scenario};

fn flood_sim() -> Sim {
    let s = load_scenario("builtin:flood", builtin::RIVER_FLOOD.text, &mut no_files).unwrap_or_else(|e| panic!("{e}"));
    Sim::new(&s, 1)
}

#[test]
fn the_flood_wave_reaches_gauge_and_camp_but_not_the_town() {
    let mut sim = flood_sim();
    sim.step(Tick::from_hours(10.0).0);
    let events = sim.drain_events();
    for e in events.iter().filter(|e| e.event.kind_name() != "InjectDelivered") {
        println!("{} {:?}", e.tick, e.event);
    }
    assert!(!events.iter().any(|e| e.event.kind_name() == "HazardDisabled"));
    let crossed: Vec<f64> = events
        .iter()
        .filter_map(|e| match e.event {
            Event::WaterLevelExceeded { alert_depth_m, .. } => Some(alert_depth_m),
            _ => None,
        })
        .collect();
    assert!(
        crossed.contains(&3.0),
        "the gauge passed its warning depth: {crossed:?}"
    );
    let reached = |id: &str| {
        events
            .iter()
            .find(|e| matches!(&e.event, Event::FloodReachedPlace { place_id, .. } if place_id == id))
            .map(|e| e.tick)
    };
    let camp = reached("place:river-camp").expect("the camp on the valley floor floods");
    assert!(
        reached("place:bayan-town").is_none(),
        "the town on the terrace stays dry"
    );
    // The warning comes before the camp floods: that is the drill's point.
    let warning = events
        .iter()
        .find(|e| matches!(e.event, Event::WaterLevelExceeded { alert_depth_m, .. } if alert_depth_m == 3.0))
        .unwrap()
        .tick;
    assert!(warning < camp, "gauge warning {warning} before camp flooded {camp}");
    let flood = sim.view().flood.expect("flood");
    let error = flood.relative_volume_error();
    assert!(error.abs() < 1e-6, "volume error {error}");
    // One gauge sample a minute, from 0 s to the end.
    assert_eq!(flood.gauges()[0].samples.len(), 601);
}

#[test]
fn the_flood_part_of_verify_passes() {
    let s = load_scenario("builtin:flood", builtin::RIVER_FLOOD.text, &mut no_files).unwrap();
    let make = || Sim::new(&s, 1);
    let ticks = Tick::from_hours(3.5).0;
    let report = verify(&make, ticks, standard_plans(ticks, 2)).expect("runs");
    assert_eq!(report.divergence, None);
}

/// The same drill on the full shallow-water solver: selectable per
/// scenario, conserving water, deterministic, and the wave still reaches
/// the gauge. One hour only: the explicit solver takes ~2 s steps.
#[test]
fn the_shallow_water_solver_runs_the_same_drill() {
    let text = builtin::RIVER_FLOOD
        .text
        .replace("solver: LocalInertial", "solver: ShallowWater");
    let s = load_scenario("swe.ron", &text, &mut no_files).unwrap_or_else(|e| panic!("{e}"));
    let make = || Sim::new(&s, 1);
    let ticks = Tick::from_hours(1.0).0;
    let report = verify(&make, ticks, standard_plans(ticks, 2)).expect("runs");
    assert_eq!(report.divergence, None);
    let mut sim = make();
    sim.step(ticks);
    let flood = sim.view().flood.expect("flood");
    assert!(matches!(flood.solver(), sim_core::FloodSolver::ShallowWater(_)));
    assert!(
        flood.relative_volume_error().abs() < 1e-9,
        "volume error {}",
        flood.relative_volume_error()
    );
    let swe_depth = flood.gauges()[0].samples.last().unwrap().1;
    // The net rain alone (15 − 5 mm/h for an hour) would stand 1 cm deep;
    // the river's first, small rise adds to it. The local-inertial run of the
    // same hour should agree within a factor of two (they differ most on
    // exactly such fast, shallow flows).
    let mut li = flood_sim();
    li.step(ticks);
    let li_depth = li.view().flood.unwrap().gauges()[0].samples.last().unwrap().1;
    assert!(swe_depth > 0.015, "river water reached the gauge: {swe_depth} m");
    assert!(
        swe_depth / li_depth > 0.5 && swe_depth / li_depth < 2.0,
        "SWE {swe_depth} m vs LI {li_depth} m"
    );
}
