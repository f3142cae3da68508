//! The determinism harness behind `sandtable verify`: run a simulation
//! several ways, record per-tick state hashes, and name the first tick and
//! subsystem where any run departs from the reference.
//!
//! Generic over [`Replayable`] so that its own tests can feed it a simulation
//! that is deliberately wrong and check that it is caught.

use std::fmt;

use thiserror::Error;

use crate::sim::{SUBSYSTEMS, Sim};
use crate::time::Tick;

/// What the harness needs from a simulation.
pub trait Replayable: Sized {
    /// Advances one tick.
    fn step_one(&mut self);
    /// Hash per subsystem, in the order of [`Replayable::subsystem_names`].
    fn subsystem_hashes(&self) -> Vec<u64>;
    /// Names of the subsystems.
    fn subsystem_names(&self) -> Vec<&'static str>;
    /// Serialised state.
    fn snapshot(&self) -> Vec<u8>;
    /// State from serialised bytes.
    fn restore(bytes: &[u8]) -> Result<Self, String>;
}

impl Replayable for Sim {
    fn step_one(&mut self) {
        self.step(1);
    }

    fn subsystem_hashes(&self) -> Vec<u64> {
        Sim::subsystem_hashes(self).0.to_vec()
    }

    fn subsystem_names(&self) -> Vec<&'static str> {
        SUBSYSTEMS.to_vec()
    }

    fn snapshot(&self) -> Vec<u8> {
        Sim::snapshot(self)
    }

    fn restore(bytes: &[u8]) -> Result<Sim, String> {
        Sim::restore(bytes).map_err(|e| e.to_string())
    }
}

/// How one run is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunPlan {
    /// Name for the report.
    pub name: String,
    /// Rayon threads.
    pub threads: usize,
    /// Snapshot, drop the sim, restore and continue after this many ticks.
    pub restore_after: Option<u64>,
}

/// The first place two runs differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Divergence {
    /// The run that departed from the reference.
    pub run: String,
    /// The first tick whose state differs (state after computing tick − 1).
    pub tick: Tick,
    /// The first subsystem that differs at that tick.
    pub subsystem: &'static str,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "run `{}` departs from the reference at tick {} ({}) in subsystem `{}`",
            self.run, self.tick.0, self.tick, self.subsystem
        )
    }
}

/// Why the harness could not run at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum VerifyError {
    /// A thread pool could not be built.
    #[error("cannot start a pool of {threads} threads: {message}")]
    ThreadPool {
        /// Threads asked for.
        threads: usize,
        /// The system's answer.
        message: String,
    },
    /// A snapshot did not restore.
    #[error("run `{run}`: snapshot did not restore: {message}")]
    Restore {
        /// Which run.
        run: String,
        /// Why.
        message: String,
    },
}

/// Result of [`verify`]: the plans run and the first divergence, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// Runs made, the reference first.
    pub runs: Vec<RunPlan>,
    /// Ticks compared per run (plus the initial state).
    pub ticks: u64,
    /// Final combined state hash of the reference run.
    pub final_hash: u64,
    /// The earliest divergence over all runs, if any.
    pub divergence: Option<Divergence>,
}

/// The standard plan of `sandtable verify`: twice on 1 thread, twice on
/// `many_threads`, once on `many_threads` with snapshot → restore halfway.
pub fn standard_plans(ticks: u64, many_threads: usize) -> Vec<RunPlan> {
    let plan = |name: &str, threads, restore_after| RunPlan {
        name: name.to_owned(),
        threads,
        restore_after,
    };
    vec![
        plan("1 thread, run A (reference)", 1, None),
        plan("1 thread, run B", 1, None),
        plan(&format!("{many_threads} threads, run A"), many_threads, None),
        plan(&format!("{many_threads} threads, run B"), many_threads, None),
        plan(
            &format!("{many_threads} threads, snapshot → restore at tick {}", ticks / 2),
            many_threads,
            Some(ticks / 2),
        ),
    ]
}

/// Per-tick hashes of one run: entry `t` is the state at tick `t`.
fn trace<S: Replayable>(
    make: &(dyn Fn() -> S + Sync),
    ticks: u64,
    plan: &RunPlan,
) -> Result<Vec<Vec<u64>>, VerifyError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.threads)
        .build()
        .map_err(|e| VerifyError::ThreadPool {
            threads: plan.threads,
            message: e.to_string(),
        })?;
    pool.install(|| {
        let mut sim = make();
        let mut hashes = vec![sim.subsystem_hashes()];
        for t in 0..ticks {
            if plan.restore_after == Some(t) {
                let bytes = sim.snapshot();
                drop(sim);
                sim = S::restore(&bytes).map_err(|message| VerifyError::Restore {
                    run: plan.name.clone(),
                    message,
                })?;
            }
            sim.step_one();
            hashes.push(sim.subsystem_hashes());
        }
        Ok(hashes)
    })
}

/// Runs every plan for `ticks` ticks and compares each with the first.
pub fn verify<S: Replayable>(
    make: &(dyn Fn() -> S + Sync),
    ticks: u64,
    plans: Vec<RunPlan>,
) -> Result<VerifyReport, VerifyError> {
    let names = make().subsystem_names();
    let mut reference: Option<Vec<Vec<u64>>> = None;
    let mut divergence: Option<Divergence> = None;
    for plan in &plans {
        let hashes = trace(make, ticks, plan)?;
        let Some(base) = &reference else {
            reference = Some(hashes);
            continue;
        };
        let first = base.iter().zip(&hashes).enumerate().find(|(_, (a, b))| a != b);
        if let Some((t, (a, b))) = first {
            let i = a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(0);
            let found = Divergence {
                run: plan.name.clone(),
                tick: Tick(t as u64),
                subsystem: names.get(i).copied().unwrap_or("?"),
            };
            if divergence.as_ref().is_none_or(|d| found.tick < d.tick) {
                divergence = Some(found);
            }
        }
    }
    let final_hash = reference
        .as_ref()
        .and_then(|r| r.last())
        .map(|h| {
            let mut f = crate::hash::Fnv64::default();
            for x in h {
                f.write(&x.to_le_bytes());
            }
            f.finish()
        })
        .unwrap_or(0);
    Ok(VerifyReport {
        runs: plans,
        ticks,
        final_hash,
        divergence,
    })
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    /// A toy simulation with two subsystems. `flaw` makes it deliberately
    /// wrong from tick 5 on, in one of two ways.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    struct Toy {
        tick: u64,
        smooth: Vec<u64>,
        counter: u64,
        #[serde(skip)]
        flaw: Flaw,
        /// Lost on snapshot: the restore flaw reads it.
        #[serde(skip)]
        cache: u64,
    }

    #[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
    enum Flaw {
        #[default]
        None,
        /// Depends on the number of rayon threads (an order-dependent step).
        ThreadCount,
        /// Keeps state outside the snapshot.
        UnsavedCache,
    }

    impl Toy {
        fn new(flaw: Flaw) -> Toy {
            Toy {
                tick: 0,
                smooth: (0..64).collect(),
                counter: 0,
                flaw,
                cache: 7,
            }
        }
    }

    impl Replayable for Toy {
        fn step_one(&mut self) {
            use rayon::prelude::*;
            self.smooth = self
                .smooth
                .par_iter()
                .map(|v| v.wrapping_mul(31).wrapping_add(self.tick))
                .collect();
            self.counter += 1;
            if self.tick >= 5 {
                match self.flaw {
                    Flaw::None => {}
                    Flaw::ThreadCount => self.counter += rayon::current_num_threads() as u64,
                    Flaw::UnsavedCache => self.counter += self.cache,
                }
            }
            self.tick += 1;
        }

        fn subsystem_hashes(&self) -> Vec<u64> {
            vec![
                crate::hash::hash_serialized(&self.smooth),
                crate::hash::hash_serialized(&(self.tick, self.counter)),
            ]
        }

        fn subsystem_names(&self) -> Vec<&'static str> {
            vec!["smooth", "counter"]
        }

        fn snapshot(&self) -> Vec<u8> {
            let mut s = self.clone();
            // Keep the flaw across restore (it is code, not state), drop the cache.
            s.cache = 0;
            let flaw = postcard::to_allocvec(&self.flaw).unwrap_or_default();
            let mut out = postcard::to_allocvec(&s).unwrap_or_default();
            out.extend(flaw);
            out
        }

        fn restore(bytes: &[u8]) -> Result<Toy, String> {
            let (mut toy, rest) = postcard::take_from_bytes::<Toy>(bytes).map_err(|e| e.to_string())?;
            toy.flaw = postcard::from_bytes(rest).map_err(|e| e.to_string())?;
            Ok(toy)
        }
    }

    #[test]
    fn a_sound_simulation_passes() {
        let report = verify(&|| Toy::new(Flaw::None), 12, standard_plans(12, 4)).expect("runs");
        assert_eq!(report.divergence, None);
        assert_eq!(report.runs.len(), 5);
    }

    #[test]
    fn a_thread_count_dependent_step_is_caught_at_its_first_tick() {
        let report = verify(&|| Toy::new(Flaw::ThreadCount), 12, standard_plans(12, 4)).expect("runs");
        let d = report.divergence.expect("must be caught");
        // The flaw acts while computing tick 5, so the state at tick 6 differs.
        assert_eq!(d.tick, Tick(6));
        assert_eq!(d.subsystem, "counter");
        assert!(d.run.starts_with("4 threads"), "{}", d.run);
        assert!(d.to_string().contains("tick 6"));
    }

    #[test]
    fn state_lost_on_snapshot_is_caught_after_the_restore() {
        let report = verify(&|| Toy::new(Flaw::UnsavedCache), 12, standard_plans(12, 4)).expect("runs");
        let d = report.divergence.expect("must be caught");
        assert!(d.run.contains("restore"), "{}", d.run);
        assert_eq!((d.tick, d.subsystem), (Tick(7), "counter"));
    }
}
