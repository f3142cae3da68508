//! People and forces: population and warnings, evacuation, rescue teams,
//! aircraft and supplies. One concern per file; the sim's agents stage
//! (`sim/agents_stage.rs`) drives them once per tick.

pub mod aircraft;
pub mod decision;
pub mod exposure;
pub mod forces;
pub mod population;
pub mod production;
pub mod relief;
pub mod route;
pub mod routing;
pub mod travel_cost;
pub mod warning;
