//! The plan check "2-hour aviation network": area and population of Inner Mongolia that an
//! aircraft reaches within a time limit from a set of stations (rescue.md §2.4).
//!
//! Pure computation, no IO: the GeoJSON is embedded ([`region`], read by [`geo`]), the stations text is given
//! ([`stations`]); the `sandtable coverage` command (`coverage_cmd.rs`) reads and writes files.
//!
//! Steps: the league polygons are rasterised on a lon/lat grid ([`grid`], cell-centre rule,
//! exact spherical cell areas, census population spread uniformly within each league); each
//! cell gets its great-circle distance to the nearest station ([`reach`]); a cell is reachable
//! when that distance is at most R = v · (T − delay); sums give area and population shares,
//! per league and for the region, and the farthest point from any station. [`map`] draws the
//! result.

pub mod geo;
pub mod grid;
pub mod map;
pub mod reach;
pub mod region;
pub mod stations;

#[cfg(test)]
mod tests;

pub use map::{Image, draw};
pub use reach::{AreaCoverage, Coverage, NearestStation, coverage, reach_radius_km};
pub use region::{DEFAULT_CELL_DEG, Region, inner_mongolia};
pub use stations::{Station, parse_stations};
