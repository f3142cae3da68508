//! A drill with many agents, for determinism checks and benchmarks: the
//! default steppe-fire drill with `places` villages laid out on a grid over
//! the map, `teams` ground teams and `aircraft` aircraft, and a fixed
//! script of orders that sets every one of them to work ([`ScriptedSim`]).

use crate::builtin;
use crate::determinism::Replayable;
use crate::frame::LonLat;
use crate::order::{Order, ResponseLevel, Task, WarningLevel};
use crate::sim::{SUBSYSTEMS, Sim};
use crate::time::Tick;

/// The fire's ignition point in the default drill.
const FIRE: LonLat = LonLat {
    lon: 118.47,
    lat: 48.63,
};
/// Team kinds in turn.
const TEAM_KINDS: [&str; 4] = ["ForestFireTeam", "FloodTeam", "MedicalTeam", "UrbanTeam"];

/// Where village `i` of `n` lies: a grid over the map's interior.
fn village_at(i: usize, n: usize) -> LonLat {
    let cols = (n as f64).sqrt().ceil().max(1.0) as usize;
    let rows = n.div_ceil(cols).max(1);
    let (gx, gy) = (i % cols, i / cols);
    LonLat {
        lon: 118.41 + (gx as f64 + 0.5) / cols as f64 * 0.27,
        lat: 48.56 + (gy as f64 + 0.5) / rows as f64 * 0.105,
    }
}

/// The default drill's text with `places` villages of `people_per_place`
/// people each (a household unit is 2.35 people, so 235 people are 100
/// people groups), `teams` teams at the township depot (kinds in turn:
/// fire, flood, medical, urban) and `aircraft` aircraft (Ka-32s from Hailar
/// and UAVs from the Bayan landing point, in turn).
pub fn scenario_text(places: usize, people_per_place: u32, teams: usize, aircraft: usize) -> String {
    let text = builtin::DEFAULT.text;
    let (Some(p0), Some(i0), Some(f0), Some(h0)) = (
        text.find("    places: ["),
        text.find("    infrastructure: ("),
        text.find("    forces: ["),
        text.find("    hazards: ["),
    ) else {
        return text.to_string();
    };
    let mut place_list = String::from("    places: [\n");
    for i in 0..places {
        let at = village_at(i, places);
        place_list.push_str(&format!(
            "        (id: \"place:v{i}\", name: (zh: \"村{i}\", en: \"Village {i}\"), kind: Village, \
             at: (lon: {:.5}, lat: {:.5}), population: {people_per_place}, vulnerable_share: 0.2),\n",
            at.lon, at.lat
        ));
    }
    place_list.push_str("    ],\n");
    let mut force_list = String::from("    forces: [\n");
    for i in 0..teams {
        force_list.push_str(&format!(
            "        (id: \"team:t{i}\", name: (zh: \"队{i}\", en: \"Team {i}\"), kind: {}, \
             base: \"depot:bayan-township\", personnel: 20),\n",
            TEAM_KINDS[i % TEAM_KINDS.len()]
        ));
    }
    for i in 0..aircraft {
        let (kind, base, frame) = if i % 2 == 0 {
            ("Helicopter", "airfield:hailar-station", "Ka32")
        } else {
            ("Uav", "airfield:bayan-landing", "ReconUav")
        };
        force_list.push_str(&format!(
            "        (id: \"aircraft:a{i}\", name: (zh: \"机{i}\", en: \"Aircraft {i}\"), kind: {kind}, \
             base: \"{base}\", personnel: 3, airframe: Some({frame})),\n"
        ));
    }
    force_list.push_str("    ],\n");
    format!(
        "{}{place_list}{}{force_list}{}",
        &text[..p0],
        &text[i0..f0],
        without_expected_actions(&text[h0..])
    )
}

/// The injects' MSEL expected actions name the built-in's places and
/// aircraft, which the generated drill does not have: drop them (the
/// `expected: [` line to the `],` at its indent).
fn without_expected_actions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skipping: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        match skipping {
            Some(at) => {
                if indent == at && line.trim() == "]," {
                    skipping = None;
                }
            }
            None if line.trim() == "expected: [" => skipping = Some(indent),
            None => out.push_str(line),
        }
    }
    out
}

/// The orders the script gives at the sim's current tick: a response level
/// at 5 min, a warning to every village at 10, the shelter opened at 15
/// and every village evacuated to it at 20; from 25 min one unit a tick is
/// dispatched: fire teams to the village nearest their turn, other teams to
/// rescue or treat there, helicopters to drop water on the fire, UAVs to
/// look at it. A pure function of the drill, so a restored drill goes on
/// with the same script.
pub fn scripted_orders(sim: &Sim) -> Vec<Order> {
    let view = sim.view();
    let places: Vec<String> = view.places.iter().map(|p| p.id.clone()).collect();
    let t = sim.tick().0;
    let minute = |m: u64| Tick::from_minutes(m).0;
    let mut out = Vec::new();
    if t == minute(5) {
        out.push(Order::SetResponseLevel {
            level: ResponseLevel::IV,
        });
    }
    if t == minute(10) && !places.is_empty() {
        out.push(Order::IssueWarning {
            places: places.clone(),
            level: WarningLevel::Orange,
            channels: Vec::new(),
        });
    }
    if let Some(shelter) = view.shelters.first() {
        if t == minute(15) {
            out.push(Order::OpenShelter {
                shelter: shelter.id.clone(),
            });
        }
        if t == minute(20) && !places.is_empty() {
            out.push(Order::OrderEvacuation {
                places: places.clone(),
                shelter: shelter.id.clone(),
            });
        }
    }
    let first = minute(25);
    let units = view.teams.len() + view.aircraft.len();
    if t >= first && ((t - first) as usize) < units && !places.is_empty() {
        let k = (t - first) as usize;
        let place = places[k % places.len()].clone();
        let order = if let Some(team) = view.teams.get(k) {
            let task = match team.kind {
                crate::scenario::ForceKind::ForestFireTeam => Task::MoveTo {
                    at: village_at(k % places.len(), places.len()),
                },
                crate::scenario::ForceKind::MedicalTeam => Task::Treat { place },
                _ => Task::Rescue { place },
            };
            Order::Dispatch {
                unit: team.id.clone(),
                task,
            }
        } else {
            let a = &view.aircraft[k - view.teams.len()];
            let task = if a.airframe.spec().bucket_t > 0.0 {
                Task::WaterDrops { at: FIRE }
            } else {
                Task::Recon { at: FIRE }
            };
            Order::Dispatch {
                unit: a.id.clone(),
                task,
            }
        };
        out.push(order);
    }
    out
}

/// A drill that gives itself [`scripted_orders`] before every tick (refused
/// ones included, as a trainee's would be); for the determinism harness.
#[derive(Debug, Clone)]
pub struct ScriptedSim(pub Sim);

impl Replayable for ScriptedSim {
    fn step_one(&mut self) {
        for order in scripted_orders(&self.0) {
            // A refusal is part of the drill (an `OrderRejected` event).
            let _ = self.0.submit(order);
        }
        self.0.step(1);
    }

    fn subsystem_hashes(&self) -> Vec<u64> {
        self.0.subsystem_hashes().0.to_vec()
    }

    fn subsystem_names(&self) -> Vec<&'static str> {
        SUBSYSTEMS.to_vec()
    }

    fn snapshot(&self) -> Vec<u8> {
        self.0.snapshot()
    }

    fn restore(bytes: &[u8]) -> Result<ScriptedSim, String> {
        Sim::restore(bytes).map(ScriptedSim).map_err(|e| e.to_string())
    }
}
