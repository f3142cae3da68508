//! Hazard models. Each owns its state and is stepped by `Sim::step` in the
//! fixed order: river ice → flood → fire.

pub mod fire;
pub mod flood;
