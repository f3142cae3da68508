//! Orders and tasks that act on the flood's works: sandbagging and opening
//! dikes, regulating reservoirs.

use crate::order::OrderError;
use crate::sim::Sim;

impl Sim {
    /// The cell a team works at on a dike: its lowest crest cell.
    pub(crate) fn dike_work_cell(&self, dike: &str) -> Result<u32, OrderError> {
        Err(OrderError::NoSuchHazard {
            what: format!("dike `{dike}`"),
        })
    }

    /// Whether the flood has this reservoir.
    pub(crate) fn check_reservoir(&self, reservoir: &str) -> Result<(), OrderError> {
        Err(OrderError::NoSuchHazard {
            what: format!("reservoir `{reservoir}`"),
        })
    }

    /// Sets a reservoir's gate.
    pub(crate) fn regulate_reservoir(&mut self, reservoir: &str, gate_opening: f64) {
        let _ = (reservoir, gate_opening);
    }

    /// Breaches a dike on purpose.
    pub(crate) fn open_diversion(&mut self, dike: &str) {
        let _ = dike;
    }

    /// Raises a dike's lowest stretch by sandbags `height_m` tall.
    pub(crate) fn raise_dike(&mut self, dike: &str, height_m: f64) {
        let _ = (dike, height_m);
    }
}
