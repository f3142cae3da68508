//! People and forces: population and warnings, evacuation, rescue teams,
//! aircraft and supplies. One concern per file; the sim's agents stage
//! (`sim/agents_stage.rs`) drives them once per tick.

pub mod aircraft;
pub mod production;
pub mod route;
pub mod routing;
pub mod travel_cost;
