//! [`Route`]: a planned ground path with cumulative arrival times, and where
//! a mover following it is at any moment.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::routing::Closures;

/// A path over the travel grid: the cells in order and, for each, the
/// milliseconds after departure at which the mover reaches its centre.
///
/// Invariants (checked when a route is deserialised): at least one cell,
/// one arrival time per cell, arrival times non-decreasing. A route fresh from
/// the router arrives at its first cell at 0 ms; a route from
/// [`Route::remaining_from`] may start later, because the mover is still on
/// its way to the first cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RouteParts", into = "RouteParts")]
pub struct Route {
    cells: Vec<u32>,
    arrival_ms: Vec<u64>,
}

/// Where a mover is along a [`Route`]: on the leg from cell `from` to cell
/// `to`, `fraction` of the leg's time done (`from == to` and `fraction == 0`
/// once it has arrived, or while it is still approaching the first cell of a
/// remaining route).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoutePosition {
    /// The last cell reached (row-major index).
    pub from: u32,
    /// The next cell.
    pub to: u32,
    /// Share of the leg's travel time already spent, 0 ≤ fraction < 1.
    pub fraction: f64,
}

/// A serialised route that breaks [`Route`]'s invariants.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RouteDataError {
    /// No cells.
    #[error("a route needs at least one cell")]
    Empty,
    /// Cells and arrival times differ in number.
    #[error("a route has {cells} cells but {times} arrival times")]
    LengthMismatch {
        /// Cells.
        cells: usize,
        /// Arrival times.
        times: usize,
    },
    /// An arrival time is earlier than the one before it.
    #[error("route arrival times go backwards at position {position}")]
    TimeGoesBack {
        /// Index of the offending arrival time.
        position: usize,
    },
}

/// The serialised form of a [`Route`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RouteParts {
    cells: Vec<u32>,
    arrival_ms: Vec<u64>,
}

impl TryFrom<RouteParts> for Route {
    type Error = RouteDataError;

    fn try_from(parts: RouteParts) -> Result<Route, RouteDataError> {
        Route::new(parts.cells, parts.arrival_ms)
    }
}

impl From<Route> for RouteParts {
    fn from(route: Route) -> RouteParts {
        RouteParts {
            cells: route.cells,
            arrival_ms: route.arrival_ms,
        }
    }
}

impl Route {
    /// A route from its cells and cumulative arrival times, checked.
    pub fn new(cells: Vec<u32>, arrival_ms: Vec<u64>) -> Result<Route, RouteDataError> {
        if cells.is_empty() {
            return Err(RouteDataError::Empty);
        }
        if cells.len() != arrival_ms.len() {
            return Err(RouteDataError::LengthMismatch {
                cells: cells.len(),
                times: arrival_ms.len(),
            });
        }
        if let Some(i) = arrival_ms.windows(2).position(|w| w[1] < w[0]) {
            return Err(RouteDataError::TimeGoesBack { position: i + 1 });
        }
        Ok(Route { cells, arrival_ms })
    }

    /// A route that stays in one cell.
    pub fn stationary(cell: u32) -> Route {
        Route {
            cells: vec![cell],
            arrival_ms: vec![0],
        }
    }

    /// The cells in order (row-major indices).
    pub fn cells(&self) -> &[u32] {
        &self.cells
    }

    /// Milliseconds after departure at which each cell is reached.
    pub fn arrival_ms(&self) -> &[u64] {
        &self.arrival_ms
    }

    /// The first cell.
    pub fn start(&self) -> u32 {
        self.cells[0]
    }

    /// The last cell.
    pub fn destination(&self) -> u32 {
        self.cells[self.cells.len() - 1]
    }

    /// Milliseconds from departure to arrival at the destination.
    pub fn total_ms(&self) -> u64 {
        self.arrival_ms[self.arrival_ms.len() - 1]
    }

    /// Seconds from departure to arrival at the destination.
    pub fn total_s(&self) -> f64 {
        self.total_ms() as f64 / 1000.0
    }

    /// Index of the last cell reached at `elapsed_ms` (0 also while still
    /// approaching the first cell).
    fn reached(&self, elapsed_ms: u64) -> usize {
        self.arrival_ms.partition_point(|&t| t <= elapsed_ms).saturating_sub(1)
    }

    /// Where a mover that set off `elapsed_ms` ago is.
    pub fn position_at(&self, elapsed_ms: u64) -> RoutePosition {
        let k = self.reached(elapsed_ms);
        let from = self.cells[k];
        if elapsed_ms < self.arrival_ms[0] || k + 1 == self.cells.len() {
            return RoutePosition {
                from,
                to: from,
                fraction: 0.0,
            };
        }
        let leg_ms = self.arrival_ms[k + 1] - self.arrival_ms[k];
        let fraction = if leg_ms == 0 {
            0.0
        } else {
            (elapsed_ms - self.arrival_ms[k]) as f64 / leg_ms as f64
        };
        RoutePosition {
            from,
            to: self.cells[k + 1],
            fraction,
        }
    }

    /// Whether the mover has reached the destination.
    pub fn arrived(&self, elapsed_ms: u64) -> bool {
        elapsed_ms >= self.total_ms()
    }

    /// The rest of the route as seen at `elapsed_ms`, for re-planning: it
    /// starts at the next cell the mover will reach (or the cell it is exactly
    /// on), with times counted from now, so its first arrival time is the time
    /// still needed to reach that cell. A mover never turns back mid-leg: it
    /// finishes the leg it is on.
    pub fn remaining_from(&self, elapsed_ms: u64) -> Route {
        let next = self.arrival_ms.partition_point(|&t| t < elapsed_ms);
        if next >= self.cells.len() {
            return Route::stationary(self.destination());
        }
        Route {
            cells: self.cells[next..].to_vec(),
            arrival_ms: self.arrival_ms[next..].iter().map(|t| t - elapsed_ms).collect(),
        }
    }

    /// Whether any cell not yet reached at `elapsed_ms` is closed to entry
    /// (the cue to re-plan, rescue.md §2.1.5). Road closures are not checked:
    /// the route does not record which legs used a road, so callers re-plan
    /// when a road closure touches any remaining cell, see
    /// [`Route::touches_after`].
    pub fn blocked_after(&self, elapsed_ms: u64, closures: &Closures) -> bool {
        let next = self.arrival_ms.partition_point(|&t| t <= elapsed_ms);
        self.cells[next.min(self.cells.len())..]
            .iter()
            .any(|&c| closures.is_closed(c))
    }

    /// Whether any cell not yet reached at `elapsed_ms` is in `cells`
    /// (sorted ascending).
    pub fn touches_after(&self, elapsed_ms: u64, cells: &[u32]) -> bool {
        let next = self.arrival_ms.partition_point(|&t| t <= elapsed_ms);
        self.cells[next.min(self.cells.len())..]
            .iter()
            .any(|c| cells.binary_search(c).is_ok())
    }

    /// This route delayed by `delay_ms` (e.g. the rest of a leg in progress
    /// before a re-planned route starts).
    pub fn delayed(mut self, delay_ms: u64) -> Route {
        for t in &mut self.arrival_ms {
            *t = t.saturating_add(delay_ms);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route() -> Route {
        Route::new(vec![10, 11, 12, 22], vec![0, 1000, 3000, 4000]).unwrap()
    }

    #[test]
    fn positions_interpolate_along_legs() {
        let r = route();
        assert_eq!(r.total_ms(), 4000);
        assert_eq!(r.total_s(), 4.0);
        assert_eq!(
            r.position_at(0),
            RoutePosition {
                from: 10,
                to: 11,
                fraction: 0.0
            }
        );
        assert_eq!(r.position_at(500).fraction, 0.5);
        let p = r.position_at(2500);
        assert_eq!((p.from, p.to, p.fraction), (11, 12, 0.75));
        let end = r.position_at(9999);
        assert_eq!((end.from, end.to, end.fraction), (22, 22, 0.0));
        assert!(r.arrived(4000) && !r.arrived(3999));
    }

    #[test]
    fn remaining_route_starts_at_the_next_cell() {
        let r = route();
        let rest = r.remaining_from(2500);
        assert_eq!(rest.cells(), &[12, 22]);
        assert_eq!(rest.arrival_ms(), &[500, 1500]);
        // Still approaching its first cell.
        let p = rest.position_at(100);
        assert_eq!((p.from, p.to), (12, 12));
        // Exactly on a cell: it is the first cell, reached now.
        assert_eq!(r.remaining_from(1000).arrival_ms(), &[0, 2000, 3000]);
        assert_eq!(r.remaining_from(5000), Route::stationary(22));
        assert_eq!(r.clone().delayed(7).arrival_ms(), &[7, 1007, 3007, 4007]);
    }

    #[test]
    fn closures_ahead_are_seen() {
        let r = route();
        let c = Closures::new(vec![12], vec![]);
        assert!(r.blocked_after(2000, &c));
        assert!(!r.blocked_after(3000, &c));
        assert!(r.touches_after(0, &[5, 22]));
        assert!(!r.touches_after(4000, &[5, 22]));
    }

    #[test]
    fn bad_routes_are_rejected_on_load() {
        assert_eq!(Route::new(vec![], vec![]), Err(RouteDataError::Empty));
        assert!(matches!(
            Route::new(vec![1, 2], vec![0]),
            Err(RouteDataError::LengthMismatch { .. })
        ));
        assert_eq!(
            Route::new(vec![1, 2], vec![5, 4]),
            Err(RouteDataError::TimeGoesBack { position: 1 })
        );
        let bytes = postcard::to_allocvec(&route()).unwrap();
        assert_eq!(postcard::from_bytes::<Route>(&bytes).unwrap(), route());
        let bad = postcard::to_allocvec(&RouteParts {
            cells: vec![1, 2],
            arrival_ms: vec![3, 1],
        })
        .unwrap();
        assert!(postcard::from_bytes::<Route>(&bad).is_err());
    }
}
