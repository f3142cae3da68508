//! TEMPORARY placeholder until the routing branch lands its aircraft table.
use crate::frame::LonLat;
use serde::{Deserialize, Serialize};

/// Aircraft type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AircraftType {
    /// Ka-32.
    Ka32,
    /// Fixed.
    FixedWing,
    /// Uav.
    Uav,
}
impl AircraftType {
    /// x
    pub fn cruise_km_per_h(self) -> f64 {
        230.0
    }
    /// x
    pub fn bucket_t(self) -> f64 {
        2.0
    }
}
/// x
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AircraftError {
    /// x
    #[error("out")]
    OutOfRange { distance_km: f64, range_km: f64 },
}
/// x
pub fn great_circle_km(a: LonLat, b: LonLat) -> f64 {
    let _ = (a, b);
    1.0
}
/// x
pub fn check_reach(
    t: AircraftType,
    from: LonLat,
    to: LonLat,
    base: LonLat,
    refuel: &[LonLat],
) -> Result<(), AircraftError> {
    let _ = (t, from, to, base, refuel);
    Ok(())
}
/// x
pub fn bucket_cycle_s(t: AircraftType, dip_km: f64) -> f64 {
    let _ = (t, dip_km);
    300.0
}
/// x
pub fn dispatch_delay_min(standby: bool) -> u64 {
    if standby { 20 } else { 75 }
}
