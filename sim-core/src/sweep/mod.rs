//! Sweeps (批量推演): one drill record played on many variants of its
//! scenario, each scored, then merged into the probability of meeting each
//! standard.
//!
//! A planner's question — "how often does our aviation network make 2 hours
//! under spring wind conditions?" — is a frequency over many runs. Run `i`
//! of a sweep gets its own seed, [`variant_seed`]`(base_seed, i)`, and from
//! it, depending on [`Vary`], a different drill seed, a perturbed weather
//! schedule and moved ignition points ([`make_variant`]). The record's
//! orders and injects are re-submitted at their ticks ([`run_variant`]): the
//! variant is a different scenario, so the record's checkpoints cannot hold
//! and are not checked. Every run is a pure function of
//! `(scenario, record, standards, vary, base_seed, i)`, so runs can be
//! spread over threads, shards and machines and merged ([`merge`]) into the
//! same result: the merge sorts by run index and reads nothing else.
//!
//! The binaries own the IO: `sandtable sweep` writes one JSON line per run
//! ([`RunLine`]), `sandtable merge` reads them back.

mod merge;
mod run;
mod variant;
mod wilson;

pub use merge::{GradeCount, Histogram, MergeError, MergeReport, TaskStats, VALUE_BINS, merge};
pub use run::{RunLine, SweepId, TaskLine, run_variant};
pub use variant::{
    IGNITION_MAX_SHIFT_M, RH_MAX_SHIFT_PCT, VariantParams, Vary, WIND_DIR_MAX_SHIFT_DEG, WIND_SPEED_MAX_REL,
    make_variant, variant_seed,
};
pub use wilson::{WILSON_Z_95, wilson_interval};
