//! Team equipment in the simulation: in water past the wading limit a flood
//! team rescues only by boat, at crewed boats × people per trip / trip time
//! (`agents::equipment`: 8 people a 20-min trip, 24 an hour a boat; both
//! assumptions stated there), and on foot again once the water falls.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sim_core::agents::equipment::{WADING_LIMIT_M, boat_rescue_people_per_h};
use sim_core::scenario::no_files;
use sim_core::{Event, Order, Sim, Task, Tick, builtin, load_scenario};

/// (tick, people rescued, water depth at the camp that tick, m) for a flood
/// team of 30 with `boats` sent to the river camp once it is in deep water,
/// and the largest household at the camp.
fn rescues_with(boats: u32) -> (Vec<(Tick, u32, f64)>, u32) {
    let text = builtin::RIVER_FLOOD.text.replacen(
        "personnel: 30,",
        &format!("personnel: 30, equipment: {{\"rescue_boat\": {boats}}},"),
        1,
    );
    let scenario = load_scenario("boats", &text, &mut no_files).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Sim::new(&scenario, 11);
    let largest = sim.view().people[0]
        .as_ref()
        .unwrap()
        .settlement
        .units()
        .iter()
        .map(|u| u.people)
        .max()
        .unwrap();
    let mut sent = false;
    let mut out = Vec::new();
    while sim.tick() < Tick::from_hours(8.0) {
        sim.step(1);
        let v = sim.view();
        let depth_m = v.flood.unwrap().depth_m()[v.frame.index(v.places[0].cell)];
        let trapped = v.people[0].as_ref().unwrap().settlement.counts().trapped;
        if !sent && depth_m >= WADING_LIMIT_M && trapped > 0 {
            sim.submit(Order::Dispatch {
                unit: "team:hulunbuir-flood".into(),
                task: Task::Rescue {
                    place: "place:river-camp".into(),
                },
            })
            .unwrap();
            sent = true;
        }
        for e in sim.drain_events() {
            if let Event::PersonsRescued { count, .. } = e.event {
                out.push((e.tick, count, depth_m));
            }
        }
    }
    assert!(sent, "the camp stands in deep water with people trapped");
    (out, largest)
}

/// People brought out after the first deep-water rescue against the
/// elapsed time, until the water falls below the wading limit.
fn deep_water_rate(rescues: &[(Tick, u32, f64)]) -> (u32, f64) {
    let deep: Vec<_> = rescues.iter().take_while(|r| r.2 >= WADING_LIMIT_M).collect();
    assert!(deep.len() >= 4, "several boat trips in deep water: {rescues:?}");
    let people: u32 = deep[1..].iter().map(|r| r.1).sum();
    let hours = (deep[deep.len() - 1].0.seconds() - deep[0].0.seconds()) as f64 / 3600.0;
    (people, hours)
}

#[test]
fn boats_set_the_rescue_rate_in_deep_water() {
    for boats in [1, 2] {
        let (rescues, household) = rescues_with(boats);
        let (people, hours) = deep_water_rate(&rescues);
        let model = boat_rescue_people_per_h(boats) * hours;
        eprintln!("{boats} boats: {people} people in {hours:.3} h, model {model:.2}, household ≤ {household}");
        // Whole households are brought out: the count lags the model by
        // less than one household.
        assert!(
            (f64::from(people) - model).abs() < f64::from(household),
            "{boats} boats: {people} people in {hours:.2} h, model {model:.1}"
        );
        assert_eq!(boat_rescue_people_per_h(boats), 24.0 * f64::from(boats));
    }
    // Once the water is shallow, the 30 wade people out at 1 an hour each.
    let (rescues, household) = rescues_with(1);
    let shallow: Vec<_> = rescues.iter().skip_while(|r| r.2 >= WADING_LIMIT_M).collect();
    assert!(shallow.len() >= 4, "{rescues:?}");
    let people: u32 = shallow[1..].iter().map(|r| r.1).sum();
    let hours = (shallow[shallow.len() - 1].0.seconds() - shallow[0].0.seconds()) as f64 / 3600.0;
    eprintln!("wading: {people} people in {hours:.3} h");
    assert!(
        (f64::from(people) - 30.0 * hours).abs() < f64::from(household),
        "{people} in {hours:.2} h"
    );
}

#[test]
fn equipment_outside_the_catalogue_or_on_an_aircraft_is_refused_by_validation() {
    let bad_key =
        builtin::RIVER_FLOOD
            .text
            .replacen("personnel: 30,", "personnel: 30, equipment: {\"hovercraft\": 1},", 1);
    let err = load_scenario("t", &bad_key, &mut no_files).unwrap_err().to_string();
    assert!(
        err.contains("equipment.hovercraft") && err.contains("catalogue"),
        "{err}"
    );
    let on_aircraft =
        builtin::RIVER_FLOOD
            .text
            .replacen("personnel: 3,", "personnel: 3, equipment: {\"rescue_boat\": 1},", 1);
    let err = load_scenario("t", &on_aircraft, &mut no_files).unwrap_err().to_string();
    assert!(err.contains("only ground teams carry equipment"), "{err}");
}

#[test]
fn teams_carry_their_kind_defaults_in_the_view() {
    let scenario = load_scenario("b", builtin::RIVER_FLOOD.text, &mut no_files).unwrap();
    let sim = Sim::new(&scenario, 1);
    let view = sim.view();
    let team = |id: &str| view.teams.iter().find(|t| t.id == id).unwrap();
    assert_eq!(team("team:hulunbuir-flood").equipment.get("rescue_boat"), Some(&4));
    assert_eq!(
        team("team:bayan-fire-brigade").equipment.get("wind_extinguisher"),
        Some(&6)
    );
}
