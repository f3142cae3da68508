//! [`Terrain`]: the elevation grid and the slope and aspect derived from it.

use serde::{Deserialize, Serialize};

use crate::grid::Grid;

/// Elevation on the run's grid, with slope and aspect precomputed because
/// every hazard model reads them every tick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Terrain {
    cell_size_m: f64,
    elevation_m: Grid<f32>,
    slope_deg: Grid<f32>,
    aspect_deg: Grid<f32>,
}

impl Terrain {
    /// Terrain from an elevation grid (metres) with square cells of `cell_size_m`.
    pub fn from_elevation(elevation_m: Grid<f32>, cell_size_m: f64) -> Terrain {
        let (slope_deg, aspect_deg) = horn_slope_aspect(&elevation_m, cell_size_m);
        Terrain {
            cell_size_m,
            elevation_m,
            slope_deg,
            aspect_deg,
        }
    }

    /// Cell side in metres.
    pub fn cell_size_m(&self) -> f64 {
        self.cell_size_m
    }

    /// Elevation above sea level, metres.
    pub fn elevation_m(&self) -> &Grid<f32> {
        &self.elevation_m
    }

    /// Slope from horizontal, degrees.
    pub fn slope_deg(&self) -> &Grid<f32> {
        &self.slope_deg
    }

    /// The compass direction the slope faces (downhill), degrees clockwise
    /// from north; 0 on flat cells.
    pub fn aspect_deg(&self) -> &Grid<f32> {
        &self.aspect_deg
    }
}

/// Slope and aspect by Horn's (1981) third-order finite difference, the
/// method of ArcGIS and GDAL (`gdaldem slope`). Edge cells reuse their
/// nearest neighbour (zero-gradient boundary).
fn horn_slope_aspect(z: &Grid<f32>, cell_size_m: f64) -> (Grid<f32>, Grid<f32>) {
    let mut slope = Grid::filled(z.width(), z.height(), 0.0f32);
    let mut aspect = Grid::filled(z.width(), z.height(), 0.0f32);
    let e = |x: isize, y: isize| f64::from(*z.clamped(x, y));
    for y in 0..z.height() as isize {
        for x in 0..z.width() as isize {
            // Rows grow southwards, so dz/dnorth = -(south - north).
            let dz_dx = ((e(x + 1, y - 1) + 2.0 * e(x + 1, y) + e(x + 1, y + 1))
                - (e(x - 1, y - 1) + 2.0 * e(x - 1, y) + e(x - 1, y + 1)))
                / (8.0 * cell_size_m);
            let dz_dnorth = ((e(x - 1, y - 1) + 2.0 * e(x, y - 1) + e(x + 1, y - 1))
                - (e(x - 1, y + 1) + 2.0 * e(x, y + 1) + e(x + 1, y + 1)))
                / (8.0 * cell_size_m);
            let gradient = libm::sqrt(dz_dx * dz_dx + dz_dnorth * dz_dnorth);
            let (ux, uy) = (x as usize, y as usize);
            if let Some(s) = slope.at_mut(ux, uy) {
                *s = libm::atan(gradient).to_degrees() as f32;
            }
            if gradient > 1e-9
                && let Some(a) = aspect.at_mut(ux, uy)
            {
                // Downhill points along -gradient; compass bearing = atan2(east, north).
                let bearing = libm::atan2(-dz_dx, -dz_dnorth).to_degrees();
                *a = bearing.rem_euclid(360.0) as f32;
            }
        }
    }
    (slope, aspect)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plane rising 1 m per 10 m towards the east has slope atan(0.1) =
    /// 5.711° everywhere and faces west (270°): Horn's stencil is exact on planes.
    #[test]
    fn plane_has_analytic_slope_and_aspect() {
        let z = Grid::from_fn(8, 6, |x, _| x as f32 * 3.0);
        let t = Terrain::from_elevation(z, 30.0);
        let s = *t.slope_deg().at(3, 3).expect("cell");
        assert!((f64::from(s) - libm::atan(0.1).to_degrees()).abs() < 1e-4, "{s}");
        assert!((f64::from(*t.aspect_deg().at(3, 3).expect("cell")) - 270.0).abs() < 1e-4);
        // A plane rising to the north faces south.
        let z = Grid::from_fn(8, 6, |_, y| (10 - y) as f32 * 5.0);
        let t = Terrain::from_elevation(z, 50.0);
        assert!((f64::from(*t.aspect_deg().at(4, 2).expect("cell")) - 180.0).abs() < 1e-4);
        assert!((f64::from(*t.slope_deg().at(4, 2).expect("cell")) - libm::atan(0.1).to_degrees()).abs() < 1e-4);
    }
}
