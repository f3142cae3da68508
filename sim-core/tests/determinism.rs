//! Determinism of the whole simulation (DESIGN.md, determinism rule 7): two
//! runs, 1 vs N threads, snapshot round-trip, and chunked stepping all give
//! identical per-tick state hashes on the default scenario, with orders.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod common;

use sim_core::determinism::{standard_plans, verify};
use sim_core::frame::LonLat;
use sim_core::{Order, ResponseLevel, Sim, Task, Tick, WarningLevel};

/// Orders given at fixed ticks, as a trainee would.
fn scripted_orders(tick: Tick) -> Vec<Order> {
    match tick.0 {
        30 => vec![Order::SetResponseLevel {
            level: ResponseLevel::IV,
        }],
        95 => vec![
            Order::IssueWarning {
                places: vec!["place:hada-gacha".into()],
                level: WarningLevel::Orange,
                channels: Vec::new(),
            },
            Order::HoldConsultation {
                topic: "草原火发展趋势 fire outlook".into(),
            },
            Order::OpenShelter {
                shelter: "shelter:bayan-school".into(),
            },
            Order::Dispatch {
                unit: "aircraft:bayan-uav".into(),
                task: Task::Recon {
                    at: LonLat {
                        lon: 118.47,
                        lat: 48.63,
                    },
                },
            },
            Order::Dispatch {
                unit: "aircraft:hailar-ka32".into(),
                task: Task::WaterDrops {
                    at: LonLat {
                        lon: 118.48,
                        lat: 48.625,
                    },
                },
            },
            Order::Dispatch {
                unit: "team:bayan-fire-brigade".into(),
                task: Task::BuildFireline {
                    path: vec![
                        LonLat {
                            lon: 118.50,
                            lat: 48.64,
                        },
                        LonLat {
                            lon: 118.50,
                            lat: 48.61,
                        },
                    ],
                },
            },
        ],
        120 => vec![
            Order::OrderEvacuation {
                places: vec!["place:hada-gacha".into()],
                shelter: "shelter:bayan-school".into(),
            },
            Order::MoveSupplies {
                from: "depot:bayan-township".into(),
                to: "shelter:bayan-school".into(),
                items: [("water_t".to_string(), 5.0), ("food_ration".to_string(), 1000.0)].into(),
            },
        ],
        400 => vec![Order::SetResponseLevel {
            level: ResponseLevel::III,
        }],
        _ => vec![],
    }
}

/// Runs `ticks` ticks on a pool of `threads`, returning the hash after each.
fn hashes(threads: usize, ticks: u64) -> Vec<u64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    pool.install(|| {
        let mut sim = common::default_sim(11);
        let mut out = Vec::new();
        for _ in 0..ticks {
            for order in scripted_orders(sim.tick()) {
                sim.submit(order).expect("valid order");
            }
            sim.step(1);
            out.push(sim.state_hash());
        }
        out
    })
}

fn first_difference(a: &[u64], b: &[u64]) -> Option<usize> {
    a.iter().zip(b).position(|(x, y)| x != y)
}

#[test]
fn same_hashes_on_one_and_many_threads_and_across_runs() {
    let one = hashes(1, 600);
    let one_again = hashes(1, 600);
    let four = hashes(4, 600);
    assert_eq!(first_difference(&one, &one_again), None, "two 1-thread runs differ");
    assert_eq!(
        first_difference(&one, &four),
        None,
        "1 vs 4 threads differ at tick index"
    );
}

#[test]
fn a_different_seed_gives_a_different_identity_hash() {
    let a = common::default_sim(1);
    let b = common::default_sim(2);
    assert_ne!(a.state_hash(), b.state_hash());
}

#[test]
fn step_ten_equals_ten_steps_of_one() {
    let mut a = common::default_sim(3);
    let mut b = common::default_sim(3);
    a.step(10);
    for _ in 0..10 {
        b.step(1);
    }
    assert_eq!(a.snapshot(), b.snapshot());
    assert_eq!(a.drain_events(), b.drain_events());
}

/// Snapshot at tick 250 → restore → continue gives byte-identical snapshots
/// and the same events as an uninterrupted run.
#[test]
fn snapshot_restore_continue_is_byte_identical() {
    let run = |restore_at: Option<u64>| {
        let mut sim = common::default_sim(5);
        let mut events = Vec::new();
        for t in 0..700u64 {
            if restore_at == Some(t) {
                let bytes = sim.snapshot();
                sim = Sim::restore(&bytes).expect("restores");
            }
            for order in scripted_orders(sim.tick()) {
                sim.submit(order).expect("valid order");
            }
            sim.step(1);
            events.extend(sim.drain_events());
        }
        (sim.snapshot(), events)
    };
    let (plain, plain_events) = run(None);
    let (restored, restored_events) = run(Some(250));
    assert!(plain == restored, "snapshots differ after restore");
    assert_eq!(plain_events, restored_events);
}

#[test]
fn corrupt_snapshots_are_refused_not_panicked_on() {
    let sim = common::default_sim(5);
    let bytes = sim.snapshot();
    assert!(Sim::restore(&bytes[..bytes.len() / 2]).is_err());
    assert!(Sim::restore(b"not a snapshot").is_err());
    let mut wrong_format = bytes.clone();
    wrong_format[8] = 99;
    assert!(
        Sim::restore(&wrong_format)
            .unwrap_err()
            .to_string()
            .contains("format 99")
    );
}

/// The harness behind `sandtable verify` passes on the default scenario.
#[test]
fn verify_harness_passes_on_the_default_scenario() {
    let scenario = common::default_scenario();
    let make = || Sim::new(&scenario, 9);
    let report = verify(&make, 300, standard_plans(300, 4)).expect("runs");
    assert_eq!(report.divergence, None);
}
