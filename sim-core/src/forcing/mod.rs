//! Forcing that drives the hazards: the weather schedule and the fuel
//! moisture that follows it.

mod fuel_moisture;
mod weather;

pub use fuel_moisture::{FuelMoistureField, equilibrium_moisture_pct};
pub use weather::{WeatherNow, WeatherRow, WeatherSchedule, WindOverride};
