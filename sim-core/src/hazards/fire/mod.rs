//! Fire: point fire behaviour (Rothermel/Behave, CSIRO grassland, McArthur),
//! spread on the map by a narrow-band level set, spotting and suppression.

mod behavior;

pub use behavior::{FireBehavior, byram_flame_length_m};
