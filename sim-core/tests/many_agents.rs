//! Determinism with many agents (issue #5): ≥ 500 people groups and ≥ 50
//! units, all set to work by a script of orders, give identical per-tick
//! state hashes on 1 and 2 threads, across runs and through a snapshot.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use sim_core::determinism::{Replayable, standard_plans, verify};
use sim_core::many_agents::{ScriptedSim, scenario_text};
use sim_core::scenario::no_files;
use sim_core::{Event, Sim, Tick, load_scenario};

fn scenario() -> sim_core::Scenario {
    // 20 villages of 60 people (26 households each: 520 groups), 50 teams
    // and 6 aircraft.
    load_scenario("many-agents", &scenario_text(20, 60, 50, 6), &mut no_files).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn many_agents_stay_deterministic_on_one_and_two_threads() {
    let scenario = scenario();
    let sim = Sim::new(&scenario, 5);
    let view = sim.view();
    let groups: usize = view.people.iter().flatten().map(|p| p.settlement.units().len()).sum();
    let units = view.teams.len() + view.aircraft.len();
    assert!(groups >= 500, "{groups} people groups");
    assert!(units >= 50, "{units} units");

    // The script does set them to work within the checked span.
    let ticks = Tick::from_minutes(60).0;
    let mut one = ScriptedSim(Sim::new(&scenario, 5));
    let mut dispatched = 0;
    let mut warned = 0;
    for _ in 0..ticks {
        one.step_one();
        for e in one.0.drain_events() {
            match e.event {
                Event::TeamDispatched { .. } => dispatched += 1,
                Event::WarningReceived { .. } => warned += 1,
                _ => {}
            }
        }
    }
    assert!(dispatched >= 50, "{dispatched} units set off");
    assert!(warned >= 20, "{warned} warning receipts");

    let make = || ScriptedSim(Sim::new(&scenario, 5));
    let report = verify(&make, ticks, standard_plans(ticks, 2)).expect("the harness runs");
    assert_eq!(report.divergence, None);
}
