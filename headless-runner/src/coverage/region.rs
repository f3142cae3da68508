//! Inner Mongolia as shipped: the league and outline GeoJSON embedded from `assets/geo`
//! (provenance in `assets/geo/SOURCES.md`), read and rasterised.

use super::geo::{GeoError, Outline, parse_leagues, parse_outline};
use super::grid::RegionRaster;

/// The league polygons (12 features, simplified 0.002°).
pub const IM_LEAGUES_GEOJSON: &str = include_str!("../../../assets/geo/im_leagues.geojson");
/// The Inner Mongolia outline (one feature, simplified 0.002°; geodesic area 1,144,695 km²,
/// the official figure being 1.183 million km²).
pub const IM_OUTLINE_GEOJSON: &str = include_str!("../../../assets/geo/im_region_outline.geojson");

/// Default grid cell, degrees (≈ 4 km × 5.5 km at 44°N; halving it moves the shares by less
/// than 0.3 points, see the tests).
pub const DEFAULT_CELL_DEG: f64 = 0.05;

/// The region ready for coverage checks.
#[derive(Debug, Clone)]
pub struct Region {
    /// The 12 leagues on the grid.
    pub raster: RegionRaster,
    /// The outline (drawn on the map; its raster is the area check).
    pub outline: Outline,
}

/// Inner Mongolia from the embedded data, rasterised at `cell_deg`.
pub fn inner_mongolia(cell_deg: f64) -> Result<Region, GeoError> {
    let leagues = parse_leagues("assets/geo/im_leagues.geojson", IM_LEAGUES_GEOJSON)?;
    let outline = parse_outline("assets/geo/im_region_outline.geojson", IM_OUTLINE_GEOJSON)?;
    let raster = RegionRaster::new(leagues, &outline.polygons, cell_deg).ok_or_else(|| GeoError::Geometry {
        source_name: "assets/geo".to_owned(),
        feature: 0,
        message: format!("cannot rasterise at a cell of {cell_deg}°"),
    })?;
    Ok(Region { raster, outline })
}
