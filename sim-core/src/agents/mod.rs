//! People and forces: population and warnings, evacuation, rescue teams,
//! aircraft and supplies. One concern per file; the sim's agents stage
//! (`sim/agents_stage.rs`) drives them once per tick.
//!
//! People (`rescue.md` §2.8): [`warning`] spreads a warning through a
//! settlement (channels, Rogers & Sorensen diffusion); [`population`] holds
//! its households and their states, warning receipt by a threshold rule and
//! departure after a lognormal decision delay ([`decision`]); [`moves`]
//! carries the sim's hand moves (organised transfer, sheltered, trapped,
//! rescued); [`exposure`] harms the people still at home (FD2321 flood,
//! fire, cold); [`road_queue`] holds evacuee vehicles to each road's
//! capacity (a Vickrey point queue per road link).
//!
//! Forces: [`equipment`] is what a ground team carries (boats for deep-water
//! rescue, blowers and pumps for the fireline) and its per-kind defaults.

pub mod aircraft;
pub mod decision;
pub mod equipment;
pub mod exposure;
pub mod forces;
pub mod moves;
pub mod population;
pub mod production;
pub mod relief;
pub mod road_queue;
pub mod route;
pub mod routing;
pub mod travel_cost;
pub mod warning;

pub use decision::{DelayDistribution, INNER_MONGOLIA_HOUSEHOLD_SIZE, Participation, PeopleParams};
pub use exposure::{AreaNature, Casualties, Exposure, FloodOnset, HarmShares};
pub use population::{
    Departure, Household, HouseholdState, PeopleError, Settlement, SettlementStep, StateCounts, household_key,
};
pub use warning::{
    BassRates, Channel, ChannelMix, ChannelParams, ChannelSet, IssuedChannels, WarningDiffusion, ZoneKind, bass_share,
    bass_step, time_to_share,
};
