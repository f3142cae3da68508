//! Terrain: elevation with derived slope and aspect, from an ESRI ASCII grid
//! or a seeded procedural generator, and land-cover classes.

mod asc;
mod land_cover;
mod procedural;
mod surface;

pub use asc::{AscError, AscGeoref, AscGrid};
pub use land_cover::{LandCover, LandCoverRule};
pub use procedural::{ProceduralTerrain, ProceduralTerrainParams};
pub use surface::Terrain;
