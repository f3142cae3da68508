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
    let balance = flood.solver().volume_balance();
    assert!(
        balance.relative_error().abs() < 1e-6,
        "volume error {}",
        balance.relative_error()
    );
    assert!(!flood.solver().outputs().gauges()[0].samples.is_empty());
}

#[test]
fn the_flood_part_of_verify_passes() {
    let s = load_scenario("builtin:flood", builtin::RIVER_FLOOD.text, &mut no_files).unwrap();
    let make = || Sim::new(&s, 1);
    let ticks = Tick::from_hours(3.5).0;
    let report = verify(&make, ticks, standard_plans(ticks, 2)).expect("runs");
    assert_eq!(report.divergence, None);
}
