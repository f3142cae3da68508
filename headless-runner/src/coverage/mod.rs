//! The plan check "2-hour aviation network": area and population of Inner Mongolia that an
//! aircraft reaches within a time limit from a set of stations (rescue.md §2.4).
//!
//! Pure computation, no IO: the GeoJSON is embedded ([`geo`]), the stations text is given
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
pub mod stations;

#[cfg(test)]
mod tests;

pub use geo::{GeoError, IM_LEAGUES_GEOJSON, IM_OUTLINE_AREA_KM2, IM_OUTLINE_GEOJSON, parse_leagues, parse_outline};
pub use grid::RegionRaster;
pub use map::{Image, draw};
pub use reach::{AreaCoverage, Coverage, NearestStation, coverage, reach_radius_km};
pub use stations::{Station, parse_stations};

/// Default grid cell, degrees (≈ 4 km × 5.5 km at 44°N).
pub const DEFAULT_CELL_DEG: f64 = 0.05;

/// Inner Mongolia from the embedded data: the 12 leagues rasterised at `cell_deg`, and the
/// outline polygons (drawn, and rasterised for the area check).
pub fn inner_mongolia(cell_deg: f64) -> Result<(RegionRaster, Vec<geo::Polygon>), GeoError> {
    let leagues = parse_leagues("assets/geo/im_leagues.geojson", IM_LEAGUES_GEOJSON)?;
    let outline = parse_outline("assets/geo/im_region_outline.geojson", IM_OUTLINE_GEOJSON)?;
    let raster = RegionRaster::new(leagues, &outline, cell_deg).ok_or_else(|| GeoError::Geometry {
        source_name: "assets/geo".to_owned(),
        feature: 0,
        message: format!("cannot rasterise at a cell of {cell_deg}°"),
    })?;
    Ok((raster, outline))
}
