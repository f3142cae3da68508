//! Orders and tasks that act on the flood's works: sandbagging and opening
//! dikes, regulating reservoirs.

use crate::event::Event;
use crate::order::OrderError;
use crate::sim::Sim;

impl Sim {
    /// The cell a team works at on a dike: its lowest intact crest cell.
    pub(crate) fn dike_work_cell(&self, dike: &str) -> Result<u32, OrderError> {
        self.flood
            .as_ref()
            .and_then(|f| f.dike_lowest_cell(dike))
            .map(|c| c as u32)
            .ok_or_else(|| OrderError::NoSuchHazard {
                what: format!("intact dike `{dike}`"),
            })
    }

    /// Whether the flood has this reservoir, with a gate.
    pub(crate) fn check_reservoir(&self, reservoir: &str) -> Result<(), OrderError> {
        match self.flood.as_ref().and_then(|f| f.has_gate(reservoir)) {
            Some(true) => Ok(()),
            Some(false) => Err(OrderError::NoSuchHazard {
                what: format!("gated outlet on `{reservoir}`"),
            }),
            None => Err(OrderError::NoSuchHazard {
                what: format!("reservoir `{reservoir}`"),
            }),
        }
    }

    /// Sets a reservoir's gate.
    pub(crate) fn regulate_reservoir(&mut self, reservoir: &str, gate_opening: f64) {
        if let Some(f) = self.flood.as_mut()
            && f.set_gate_opening(reservoir, gate_opening)
        {
            self.emit(Event::ReservoirRegulated {
                reservoir_id: reservoir.into(),
                gate_opening,
            });
        }
    }

    /// Breaches a dike on purpose (a flood diversion area opened); the
    /// breach opens at the flood stage of this tick.
    pub(crate) fn open_diversion(&mut self, dike: &str) {
        let now_s = self.tick.seconds() as f64;
        if let Some(f) = self.flood.as_mut() {
            f.open_dike(dike, now_s);
        }
    }

    /// Raises the dike cell the team stands on to `height_m` of sandbags
    /// in all (the team's own running total), from what it had last tick.
    pub(crate) fn raise_dike(&mut self, dike: &str, cell: u32, by_m: f64) {
        if let Some(f) = self.flood.as_mut() {
            f.raise_dike_cell(dike, cell as usize, by_m);
        }
    }
}
