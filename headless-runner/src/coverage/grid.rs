//! The lon/lat grid the region is rasterised on, cell areas on the sphere, and the raster of
//! which league (if any) owns each cell.
//!
//! # Method
//!
//! * Cells are `cell_deg × cell_deg` in longitude and latitude (default 0.05°, about
//!   4 km × 5.5 km at 44°N, ≈ 22 km²; the region is ≈ 52,000 cells).
//! * A cell belongs to a polygon when its **centre** is inside (even-odd rule, scanline
//!   crossings along the row's centre latitude). Where simplified league polygons overlap, the
//!   league listed first (adcode order in the shipped file) keeps the cell, so the result does
//!   not depend on anything but the input order.
//! * Cell area is the exact area of the lon/lat cell on the sphere of radius
//!   [`EARTH_RADIUS_KM`] (the mean radius used for all great-circle distances):
//!   `R² · Δλ · (sin φ_north − sin φ_south)`, i.e. the `cos φ` shrink integrated over the
//!   cell. Against the WGS84 ellipsoid (`M·N·cos φ` area element) this sphere is
//!   0.06 % small at 38°N, 0.20 % at 44°N and 0.41 % at 53°N; the raster error along the
//!   boundary is of the same order (tests compare the totals with the GeoJSON's geodesic
//!   `area_km2`: −0.19 % for the region).

use sim_core::agents::aircraft::EARTH_RADIUS_KM;
use sim_core::frame::LonLat;

use super::geo::{League, Polygon};

/// A regular lon/lat grid; row 0 is the southernmost, column 0 the westernmost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLatGrid {
    /// Longitude of the west edge, degrees.
    pub west_deg: f64,
    /// Latitude of the south edge, degrees.
    pub south_deg: f64,
    /// Cell side in both directions, degrees.
    pub cell_deg: f64,
    /// Number of columns.
    pub cols: usize,
    /// Number of rows.
    pub rows: usize,
}

impl LonLatGrid {
    /// The smallest grid with cells of `cell_deg` aligned to multiples of `cell_deg` that
    /// covers every vertex of `polygons`; `None` when there are no vertices or `cell_deg` is
    /// not a positive number.
    pub fn covering<'a>(polygons: impl IntoIterator<Item = &'a Polygon>, cell_deg: f64) -> Option<Self> {
        if !(cell_deg.is_finite() && cell_deg > 0.0) {
            return None;
        }
        let (mut w, mut s, mut e, mut n) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
        for p in polygons.into_iter().flatten().flatten() {
            w = w.min(p.lon);
            e = e.max(p.lon);
            s = s.min(p.lat);
            n = n.max(p.lat);
        }
        if w > e {
            return None;
        }
        let west_deg = (w / cell_deg).floor() * cell_deg;
        let south_deg = (s / cell_deg).floor() * cell_deg;
        let cols = (((e - west_deg) / cell_deg).floor() as usize + 1).max(1);
        let rows = (((n - south_deg) / cell_deg).floor() as usize + 1).max(1);
        Some(Self {
            west_deg,
            south_deg,
            cell_deg,
            cols,
            rows,
        })
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.cols * self.rows
    }

    /// Centre of the cell at `(col, row)`.
    pub fn centre(&self, col: usize, row: usize) -> LonLat {
        LonLat {
            lon: self.west_deg + (col as f64 + 0.5) * self.cell_deg,
            lat: self.south_deg + (row as f64 + 0.5) * self.cell_deg,
        }
    }

    /// The cell containing `p`, if it is on the grid.
    pub fn cell_at(&self, p: LonLat) -> Option<(usize, usize)> {
        let c = ((p.lon - self.west_deg) / self.cell_deg).floor();
        let r = ((p.lat - self.south_deg) / self.cell_deg).floor();
        (c >= 0.0 && r >= 0.0 && (c as usize) < self.cols && (r as usize) < self.rows)
            .then_some((c as usize, r as usize))
    }

    /// Area of one cell in row `row` on the sphere, km² (the module docs give the formula).
    pub fn cell_area_km2(&self, row: usize) -> f64 {
        let south = (self.south_deg + row as f64 * self.cell_deg).to_radians();
        let north = south + self.cell_deg.to_radians();
        EARTH_RADIUS_KM * EARTH_RADIUS_KM * self.cell_deg.to_radians() * (libm::sin(north) - libm::sin(south))
    }

    /// Calls `inside(col, row)` for every cell whose centre is inside `polygons` (even-odd
    /// over all their rings).
    pub fn for_each_inside(&self, polygons: &[Polygon], mut inside: impl FnMut(usize, usize)) {
        let mut crossings = Vec::new();
        for row in 0..self.rows {
            let y = self.centre(0, row).lat;
            crossings.clear();
            for ring in polygons.iter().flatten() {
                let Some(last) = ring.last() else { continue };
                let mut a = *last;
                for &b in ring {
                    // Half-open rule: a vertex exactly on the scanline counts for one edge only.
                    if (a.lat > y) != (b.lat > y) {
                        crossings.push(a.lon + (y - a.lat) * (b.lon - a.lon) / (b.lat - a.lat));
                    }
                    a = b;
                }
            }
            crossings.sort_by(f64::total_cmp);
            for pair in crossings.chunks_exact(2) {
                // Centres lon_c = west + (c + ½)·d with x0 ≤ lon_c < x1.
                let first = ((pair[0] - self.west_deg) / self.cell_deg - 0.5).ceil().max(0.0);
                let end = ((pair[1] - self.west_deg) / self.cell_deg - 0.5).ceil().max(0.0);
                for col in (first as usize)..(end as usize).min(self.cols) {
                    inside(col, row);
                }
            }
        }
    }
}

/// The region on a grid: which league owns each cell, and the population per cell.
///
/// Population is spread **uniformly within each league** (an assumption: the census gives
/// only league totals here): each cell of a league holds `pop2020 × cell area / rasterised
/// league area`, so every league's cells add up to its census total exactly and the region
/// to 24,049,155.
#[derive(Debug, Clone)]
pub struct RegionRaster {
    /// The grid.
    pub grid: LonLatGrid,
    /// The leagues, in input order.
    pub leagues: Vec<League>,
    /// Per cell (row-major from the south-west), the index into `leagues`, or `None`.
    pub league_of_cell: Vec<Option<u16>>,
    /// Per cell, whether its centre is inside the region outline.
    pub in_outline: Vec<bool>,
    /// Per league, the rasterised area, km².
    pub league_area_km2: Vec<f64>,
    /// Per league, people per km² (census total / rasterised area).
    pub league_density_per_km2: Vec<f64>,
}

impl RegionRaster {
    /// Rasterises `leagues` and `outline` on a grid of `cell_deg` covering both.
    pub fn new(leagues: Vec<League>, outline: &[Polygon], cell_deg: f64) -> Option<Self> {
        let grid = LonLatGrid::covering(leagues.iter().flat_map(|l| &l.polygons).chain(outline), cell_deg)?;
        let mut league_of_cell = vec![None; grid.len()];
        let mut league_area_km2 = vec![0.0; leagues.len()];
        for (i, league) in leagues.iter().enumerate() {
            let index = u16::try_from(i).ok()?;
            grid.for_each_inside(&league.polygons, |col, row| {
                let cell = &mut league_of_cell[row * grid.cols + col];
                if cell.is_none() {
                    *cell = Some(index);
                    league_area_km2[i] += grid.cell_area_km2(row);
                }
            });
        }
        let mut in_outline = vec![false; grid.len()];
        grid.for_each_inside(outline, |col, row| in_outline[row * grid.cols + col] = true);
        let league_density_per_km2 = leagues
            .iter()
            .zip(&league_area_km2)
            .map(|(l, &a)| if a > 0.0 { l.pop2020 / a } else { 0.0 })
            .collect();
        Some(Self {
            grid,
            leagues,
            league_of_cell,
            in_outline,
            league_area_km2,
            league_density_per_km2,
        })
    }

    /// Rasterised area inside the outline, km².
    pub fn outline_area_km2(&self) -> f64 {
        let mut total = 0.0;
        for row in 0..self.grid.rows {
            let n = self.in_outline[row * self.grid.cols..(row + 1) * self.grid.cols]
                .iter()
                .filter(|&&b| b)
                .count();
            total += n as f64 * self.grid.cell_area_km2(row);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(w: f64, s: f64, side: f64) -> Polygon {
        vec![vec![
            LonLat { lon: w, lat: s },
            LonLat { lon: w + side, lat: s },
            LonLat {
                lon: w + side,
                lat: s + side,
            },
            LonLat { lon: w, lat: s + side },
        ]]
    }

    /// A 1° square at 40–41°N: the exact spherical area R²·Δλ·(sin 41° − sin 40°)
    /// = 6371.0088² × 0.0174533 × (0.656059 − 0.642788) = 9,402 km², and 20 × 20 cells of 0.05°.
    #[test]
    fn a_square_rasterises_to_its_spherical_area() {
        let poly = square(110.0, 40.0, 1.0);
        let grid = LonLatGrid::covering([&poly], 0.05).unwrap();
        let mut area = 0.0;
        let mut n = 0;
        grid.for_each_inside(&[poly], |_, row| {
            area += grid.cell_area_km2(row);
            n += 1;
        });
        assert_eq!(n, 400);
        let exact = EARTH_RADIUS_KM
            * EARTH_RADIUS_KM
            * 1f64.to_radians()
            * (libm::sin(41f64.to_radians()) - libm::sin(40f64.to_radians()));
        assert!((area - exact).abs() < 1e-6 * exact, "{area} vs {exact}");
        assert!((exact - 9402.0).abs() < 1.0, "{exact}");
    }

    #[test]
    fn a_hole_is_left_out() {
        let mut poly = square(0.0, 0.0, 1.0);
        poly.extend(square(0.25, 0.25, 0.5));
        let grid = LonLatGrid::covering([&poly], 0.05).unwrap();
        let mut n = 0;
        grid.for_each_inside(&[poly], |_, _| n += 1);
        assert_eq!(n, 400 - 100);
    }
}
