//! Land-cover classes and the rules that assign them to cells.

use serde::{Deserialize, Serialize};

/// What covers a cell. Fuel, friction and passability derive from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LandCover {
    /// Rivers, lakes, reservoirs.
    Water,
    /// Steppe and meadow grassland.
    Grassland,
    /// Shrubs and sandy scrub.
    Shrubland,
    /// Larch and pine forest (Greater Khingan).
    ConiferForest,
    /// Birch and oak forest.
    BroadleafForest,
    /// Fields.
    Cropland,
    /// Towns, villages, roads and yards.
    Built,
    /// Sand, rock, bare ground.
    Bare,
    /// Marsh and wet meadow.
    Wetland,
}

impl LandCover {
    /// Every class, in a fixed order (for legends and tests).
    pub const ALL: [LandCover; 9] = [
        LandCover::Water,
        LandCover::Grassland,
        LandCover::Shrubland,
        LandCover::ConiferForest,
        LandCover::BroadleafForest,
        LandCover::Cropland,
        LandCover::Built,
        LandCover::Bare,
        LandCover::Wetland,
    ];

    /// Display colour (sRGB) for maps.
    pub fn colour_rgb(self) -> [u8; 3] {
        match self {
            LandCover::Water => [70, 130, 200],
            LandCover::Grassland => [196, 206, 120],
            LandCover::Shrubland => [168, 160, 96],
            LandCover::ConiferForest => [52, 102, 60],
            LandCover::BroadleafForest => [92, 140, 70],
            LandCover::Cropland => [222, 196, 120],
            LandCover::Built => [170, 150, 150],
            LandCover::Bare => [210, 190, 160],
            LandCover::Wetland => [120, 170, 160],
        }
    }

    /// Chinese and English names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            LandCover::Water => ("水体", "water"),
            LandCover::Grassland => ("草原", "grassland"),
            LandCover::Shrubland => ("灌丛", "shrubland"),
            LandCover::ConiferForest => ("针叶林", "conifer forest"),
            LandCover::BroadleafForest => ("阔叶林", "broadleaf forest"),
            LandCover::Cropland => ("耕地", "cropland"),
            LandCover::Built => ("建成区", "built-up"),
            LandCover::Bare => ("裸地", "bare ground"),
            LandCover::Wetland => ("湿地", "wetland"),
        }
    }
}

/// One rule of a land-cover rule list: the first rule whose bounds all hold
/// for a cell gives its class. Missing bounds always hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LandCoverRule {
    /// The class the rule assigns.
    pub class: LandCover,
    /// Lowest elevation, metres (inclusive).
    #[serde(default)]
    pub min_elevation_m: Option<f64>,
    /// Highest elevation, metres (exclusive).
    #[serde(default)]
    pub max_elevation_m: Option<f64>,
    /// Smallest slope, degrees (inclusive).
    #[serde(default)]
    pub min_slope_deg: Option<f64>,
    /// Only on slopes facing within 90° of north (shaded, moister: where the
    /// Greater Khingan larch grows).
    #[serde(default)]
    pub north_facing: bool,
}

impl LandCoverRule {
    /// Whether the rule holds for a cell.
    pub fn matches(&self, elevation_m: f64, slope_deg: f64, aspect_deg: f64) -> bool {
        let north = aspect_deg <= 90.0 || aspect_deg >= 270.0;
        self.min_elevation_m.is_none_or(|m| elevation_m >= m)
            && self.max_elevation_m.is_none_or(|m| elevation_m < m)
            && self.min_slope_deg.is_none_or(|m| slope_deg >= m)
            && (!self.north_facing || (north && slope_deg > 1.0))
    }
}
