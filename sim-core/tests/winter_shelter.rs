//! Cold in shelters: people evacuated to an unheated shelter at −20 °C are
//! harmed as the cold-dose model of `agents::exposure::cold_harm` says
//! (harmed = 1 − e^{−dose/500}, dose in °C·h below 0 °C; killed = 10 % of
//! the harmed: the model's stated assumption), nobody in a winterized one,
//! and nobody once winter relief items (stoves, one per household of 5:
//! Sphere Handbook 2011 NFI standard 4, see `agents::relief`) arrive.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::run_until;

use sim_core::event::CasualtyCause;
use sim_core::scenario::no_files;
use sim_core::{Event, Order, Sim, Tick, TimedEvent, builtin, load_scenario};

const VILLAGE: &str = "place:hada-gacha";
const SHELTER: &str = "shelter:bayan-school";
const AIR_C: f64 = -20.0;
const HOURS: f64 = 10.0;

/// The built-in river flood in deep winter: every weather row at −20 °C,
/// the school shelter heated or not, 200 stoves in the township depot.
fn winter_sim(winterized: bool) -> Sim {
    let mut text = String::new();
    for line in builtin::RIVER_FLOOD.text.lines() {
        let line = match line.find("temperature_c: ") {
            Some(at) => {
                let rest = &line[at..];
                let end = rest.find(',').unwrap();
                format!("{}temperature_c: {AIR_C:.1}{}", &line[..at], &rest[end..])
            }
            None => line.to_string(),
        };
        text.push_str(&line);
        text.push('\n');
    }
    assert_eq!(text.matches("temperature_c: -20.0").count(), 4);
    let text = text
        .replacen("winterized: true", &format!("winterized: {winterized}"), 1)
        .replacen("\"quilt\": 900.0}", "\"quilt\": 900.0, \"stove\": 200.0}", 1);
    let scenario = load_scenario("winter", &text, &mut no_files).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Sim::new(&scenario, 5);
    sim.submit(Order::OpenShelter {
        shelter: SHELTER.into(),
    })
    .unwrap();
    sim.submit(Order::OrderEvacuation {
        places: vec![VILLAGE.into()],
        shelter: SHELTER.into(),
    })
    .unwrap();
    sim
}

/// (tick, injured, dead) of the village's cold casualties.
fn village_cold(events: &[TimedEvent]) -> Vec<(Tick, u32, u32)> {
    events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Casualties {
                place_id,
                cause: CasualtyCause::Cold,
                injured,
                dead,
            } if place_id == VILLAGE => Some((e.tick, *injured, *dead)),
            _ => None,
        })
        .collect()
}

fn village_not_flooded(events: &[TimedEvent]) {
    assert!(
        !events
            .iter()
            .any(|e| matches!(&e.event, Event::FloodReachedPlace { place_id, .. } if place_id == VILLAGE)),
        "the village's homes stay dry: its cold casualties are the shelter's"
    );
}

#[test]
fn an_unheated_shelter_at_minus_20_harms_as_the_cold_dose_model_says() {
    let mut sim = winter_sim(false);
    let end = Tick::from_hours(HOURS);
    let events = run_until(&mut sim, end);
    village_not_flooded(&events);
    // Arrivals are reported once a minute; a cohort reported at tick t is
    // exposed from about t + 1 to the end (≤ 50 s of difference a person).
    let mut analytic_harmed = 0.0;
    let mut sheltered = 0;
    for e in &events {
        if let Event::PeopleSheltered { place_id, count, .. } = &e.event
            && place_id == VILLAGE
        {
            let exposed_h = (end.seconds() - e.tick.seconds()) as f64 / 3600.0;
            let dose_deg_c_h = -AIR_C * exposed_h;
            analytic_harmed += f64::from(*count) * (1.0 - libm::exp(-dose_deg_c_h / 500.0));
            sheltered += count;
        }
    }
    assert!(sheltered > 300, "most of the 640 reach the shelter: {sheltered}");
    let cold = village_cold(&events);
    let harmed: u32 = cold.iter().map(|(_, i, d)| i + d).sum();
    let dead: u32 = cold.iter().map(|(_, _, d)| d).sum();
    // The dead leave the shelter's count: it holds the living who arrived.
    assert!(dead > 0);
    let shelter = sim.view().shelters.iter().find(|s| s.id == SHELTER).unwrap().occupants;
    assert_eq!(shelter, sheltered - dead);
    // Realised counts are floor(expected + r) of the running expected
    // total (within one), and each tick's expectation is taken over the people actually
    // still unharmed (integers) rather than their expectation: a few people.
    assert!(
        (f64::from(harmed) - analytic_harmed).abs() <= 3.0,
        "harmed {harmed}, model {analytic_harmed:.1} of {sheltered} sheltered"
    );
    assert!(
        (f64::from(dead) - 0.1 * analytic_harmed).abs() <= 2.0,
        "dead {dead}, model {:.1}",
        0.1 * analytic_harmed
    );
}

#[test]
fn nobody_is_harmed_by_the_cold_in_a_winterized_shelter() {
    let mut sim = winter_sim(true);
    let events = run_until(&mut sim, Tick::from_hours(HOURS));
    village_not_flooded(&events);
    let sheltered: u32 = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::PeopleSheltered { place_id, count, .. } if place_id == VILLAGE => Some(*count),
            _ => None,
        })
        .sum();
    assert!(sheltered > 300, "{sheltered}");
    assert_eq!(village_cold(&events), vec![]);
}

#[test]
fn stoves_delivered_to_an_unheated_shelter_stop_the_cold_harm() {
    // Enough stoves for everybody (130 × 5 = 650 ≥ 640), sent at 3 h: harm
    // before they arrive, none after.
    let mut sim = winter_sim(false);
    let mut events = run_until(&mut sim, Tick::from_hours(3.0));
    sim.submit(Order::MoveSupplies {
        from: "depot:bayan-township".into(),
        to: SHELTER.into(),
        items: [("stove".to_string(), 130.0)].into(),
    })
    .unwrap();
    events.extend(run_until(&mut sim, Tick::from_hours(HOURS)));
    village_not_flooded(&events);
    let delivered = events
        .iter()
        .find(|e| matches!(&e.event, Event::ReliefDelivered { items, .. } if items.contains_key("stove")))
        .map(|e| e.tick)
        .expect("the stoves arrive");
    let cold = village_cold(&events);
    assert!(
        cold.iter().any(|(t, _, _)| *t < delivered),
        "harm while it is cold: {cold:?}"
    );
    assert!(
        cold.iter().all(|(t, _, _)| *t <= delivered),
        "none after the stoves: {cold:?}"
    );

    // Half as many stoves keep 325 warm: harm goes on, but less of it
    // than with none over the same hours.
    let after = |stoves: Option<f64>| {
        let mut sim = winter_sim(false);
        run_until(&mut sim, Tick::from_hours(3.0));
        if let Some(n) = stoves {
            sim.submit(Order::MoveSupplies {
                from: "depot:bayan-township".into(),
                to: SHELTER.into(),
                items: [("stove".to_string(), n)].into(),
            })
            .unwrap();
        }
        let events = run_until(&mut sim, Tick::from_hours(HOURS));
        village_cold(&events)
            .iter()
            .filter(|(t, _, _)| *t >= Tick::from_hours(4.0))
            .map(|(_, i, d)| i + d)
            .sum::<u32>()
    };
    let (none, half) = (after(None), after(Some(65.0)));
    assert!(half > 0 && half < none, "partial winterization: {half} vs none {none}");
}
