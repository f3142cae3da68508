//! Helpers shared by the integration tests (included with `mod common;`).
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design
#![allow(dead_code)] // each test file uses a different subset

use sim_core::scenario::no_files;
use sim_core::{Scenario, Sim, Tick, TimedEvent, builtin, load_scenario};

/// The built-in default scenario, loaded.
pub fn default_scenario() -> Scenario {
    load_scenario("builtin:default", builtin::DEFAULT.text, &mut no_files).expect("the default scenario loads")
}

/// A fresh sim of the default scenario.
pub fn default_sim(seed: u64) -> Sim {
    Sim::new(&default_scenario(), seed)
}

/// Steps `sim` a tick at a time to `until`, returning every event
/// (those already waiting included).
pub fn run_until(sim: &mut Sim, until: Tick) -> Vec<TimedEvent> {
    let mut events = sim.drain_events();
    while sim.tick() < until {
        sim.step(1);
        events.extend(sim.drain_events());
    }
    events
}
