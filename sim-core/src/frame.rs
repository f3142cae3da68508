//! The map frame: how grid cells relate to metres and to longitude/latitude.

use serde::{Deserialize, Serialize};

/// Metres per degree of latitude (mean, WGS84), and per degree of longitude
/// at the equator. Good to ~0.5 % for the local tangent-plane use here.
const M_PER_DEG_LAT: f64 = 110_574.0;
const M_PER_DEG_LON_EQUATOR: f64 = 111_320.0;

/// A longitude/latitude pair in decimal degrees (WGS84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LonLat {
    /// Degrees east.
    pub lon: f64,
    /// Degrees north.
    pub lat: f64,
}

/// A position on the map in metres east and north of the frame's south-west
/// corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    /// Metres east of the south-west corner.
    pub east_m: f64,
    /// Metres north of the south-west corner.
    pub north_m: f64,
}

/// A grid cell by column `x` (west → east) and row `y` (north → south).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cell {
    /// Column, 0 at the western edge.
    pub x: u32,
    /// Row, 0 at the northern edge.
    pub y: u32,
}

/// The run's raster: square cells of `cell_size_m`, `width × height` of them,
/// whose south-west corner sits at `south_west`.
///
/// Degrees are mapped to metres with a local equirectangular projection about
/// the frame's centre latitude. Over a frame a few hundred kilometres across
/// that distorts distances by well under 1 %, far below the uncertainty of
/// the hazard models; region-wide frames would need a proper projection.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapFrame {
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Side of a square cell in metres.
    pub cell_size_m: f64,
    /// Longitude/latitude of the south-west corner of cell `(0, height-1)`.
    pub south_west: LonLat,
}

impl MapFrame {
    /// Extent east–west in metres.
    pub fn width_m(&self) -> f64 {
        f64::from(self.width) * self.cell_size_m
    }

    /// Extent north–south in metres.
    pub fn height_m(&self) -> f64 {
        f64::from(self.height) * self.cell_size_m
    }

    fn m_per_deg_lon(&self) -> f64 {
        let centre_lat = self.south_west.lat + self.height_m() / 2.0 / M_PER_DEG_LAT;
        M_PER_DEG_LON_EQUATOR * libm::cos(centre_lat.to_radians())
    }

    /// Metres east/north of the south-west corner for a longitude/latitude.
    pub fn to_map(&self, p: LonLat) -> MapPoint {
        MapPoint {
            east_m: (p.lon - self.south_west.lon) * self.m_per_deg_lon(),
            north_m: (p.lat - self.south_west.lat) * M_PER_DEG_LAT,
        }
    }

    /// Longitude/latitude of a map point.
    pub fn to_lon_lat(&self, p: MapPoint) -> LonLat {
        LonLat {
            lon: self.south_west.lon + p.east_m / self.m_per_deg_lon(),
            lat: self.south_west.lat + p.north_m / M_PER_DEG_LAT,
        }
    }

    /// The cell containing a map point, or `None` outside the frame.
    pub fn cell_at(&self, p: MapPoint) -> Option<Cell> {
        let col = libm::floor(p.east_m / self.cell_size_m);
        let row_from_south = libm::floor(p.north_m / self.cell_size_m);
        let inside = col >= 0.0
            && row_from_south >= 0.0
            && col < f64::from(self.width)
            && row_from_south < f64::from(self.height);
        inside.then(|| Cell {
            x: col as u32,
            y: self.height - 1 - row_from_south as u32,
        })
    }

    /// The cell containing a longitude/latitude, or `None` outside the frame.
    pub fn cell_at_lon_lat(&self, p: LonLat) -> Option<Cell> {
        self.cell_at(self.to_map(p))
    }

    /// The map point at the centre of a cell.
    pub fn cell_centre(&self, cell: Cell) -> MapPoint {
        MapPoint {
            east_m: (f64::from(cell.x) + 0.5) * self.cell_size_m,
            north_m: (f64::from(self.height - 1 - cell.y) + 0.5) * self.cell_size_m,
        }
    }

    /// The cells a polyline passes through, in order along it, 4-connected
    /// (a diagonal step gets the cell between) so that a line of non-fuel
    /// cells has no diagonal gap a front could slip through. Points outside
    /// the frame are skipped.
    pub fn cells_along(&self, points: &[LonLat]) -> Vec<Cell> {
        let mut out: Vec<Cell> = Vec::new();
        let push = |c: Cell, out: &mut Vec<Cell>| {
            if let Some(&last) = out.last() {
                if last == c {
                    return;
                }
                if last.x != c.x && last.y != c.y {
                    out.push(Cell { x: c.x, y: last.y });
                }
            }
            out.push(c);
        };
        let map_points: Vec<MapPoint> = points.iter().map(|p| self.to_map(*p)).collect();
        for pair in map_points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let length = libm::sqrt(
                (b.east_m - a.east_m) * (b.east_m - a.east_m) + (b.north_m - a.north_m) * (b.north_m - a.north_m),
            );
            let samples = libm::ceil(4.0 * length / self.cell_size_m).max(1.0) as usize;
            for k in 0..=samples {
                let t = k as f64 / samples as f64;
                let p = MapPoint {
                    east_m: a.east_m + (b.east_m - a.east_m) * t,
                    north_m: a.north_m + (b.north_m - a.north_m) * t,
                };
                if let Some(c) = self.cell_at(p) {
                    push(c, &mut out);
                }
            }
        }
        if let [single] = map_points.as_slice()
            && let Some(c) = self.cell_at(*single)
        {
            push(c, &mut out);
        }
        out
    }

    /// Cells whose centre lies within `radius_m` of `centre`, row-major.
    pub fn cells_within(&self, centre: LonLat, radius_m: f64) -> Vec<Cell> {
        let c = self.to_map(centre);
        let r_cells = libm::ceil(radius_m / self.cell_size_m) as i64 + 1;
        let Some(mid) = self.cell_at(c).or_else(|| {
            self.cell_at(MapPoint {
                east_m: c.east_m.clamp(0.0, self.width_m() - 1e-6),
                north_m: c.north_m.clamp(0.0, self.height_m() - 1e-6),
            })
        }) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for y in (i64::from(mid.y) - r_cells).max(0)..=(i64::from(mid.y) + r_cells).min(i64::from(self.height) - 1) {
            for x in (i64::from(mid.x) - r_cells).max(0)..=(i64::from(mid.x) + r_cells).min(i64::from(self.width) - 1) {
                let cell = Cell {
                    x: x as u32,
                    y: y as u32,
                };
                let p = self.cell_centre(cell);
                let d2 =
                    (p.east_m - c.east_m) * (p.east_m - c.east_m) + (p.north_m - c.north_m) * (p.north_m - c.north_m);
                if d2 <= radius_m * radius_m {
                    out.push(cell);
                }
            }
        }
        out
    }

    /// Row-major indices of [`Self::cells_along`].
    pub fn indices_along(&self, points: &[LonLat]) -> Vec<usize> {
        self.cells_along(points).into_iter().map(|c| self.index(c)).collect()
    }

    /// Row-major indices of [`Self::cells_within`].
    pub fn indices_within(&self, centre: LonLat, radius_m: f64) -> Vec<usize> {
        self.cells_within(centre, radius_m)
            .into_iter()
            .map(|c| self.index(c))
            .collect()
    }

    /// Row-major index of a cell.
    pub fn index(&self, cell: Cell) -> usize {
        cell.y as usize * self.width as usize + cell.x as usize
    }

    /// The cell of a row-major index (no bounds check: an index past the
    /// end gives a cell past the last row).
    pub fn cell_of_index(&self, index: usize) -> Cell {
        let w = (self.width as usize).max(1);
        Cell {
            x: (index % w) as u32,
            y: (index / w) as u32,
        }
    }

    /// Number of cells.
    pub fn cell_count(&self) -> usize {
        self.width as usize * self.height as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> MapFrame {
        MapFrame {
            width: 200,
            height: 100,
            cell_size_m: 100.0,
            south_west: LonLat { lon: 119.5, lat: 49.0 },
        }
    }

    #[test]
    fn lon_lat_round_trips_and_cells_are_north_up() {
        let f = frame();
        let p = LonLat {
            lon: 119.61,
            lat: 49.05,
        };
        let back = f.to_lon_lat(f.to_map(p));
        assert!((back.lon - p.lon).abs() < 1e-12 && (back.lat - p.lat).abs() < 1e-12);
        // 0.05° of latitude ≈ 5.5 km north: row 100 - 1 - 55 = 44.
        let cell = f.cell_at_lon_lat(p).expect("inside");
        assert_eq!(cell.y, 44);
        // South-west corner cell is the last row, first column.
        let sw = f.cell_at(MapPoint {
            east_m: 1.0,
            north_m: 1.0,
        });
        assert_eq!(sw, Some(Cell { x: 0, y: 99 }));
        assert_eq!(
            f.cell_at(MapPoint {
                east_m: -1.0,
                north_m: 1.0
            }),
            None
        );
        let c = f.cell_centre(Cell { x: 0, y: 99 });
        assert_eq!((c.east_m, c.north_m), (50.0, 50.0));
    }

    /// A diagonal line is rasterised 4-connected: consecutive cells share an edge.
    #[test]
    fn lines_are_four_connected() {
        let f = frame();
        let a = f.to_lon_lat(MapPoint {
            east_m: 150.0,
            north_m: 150.0,
        });
        let b = f.to_lon_lat(MapPoint {
            east_m: 3150.0,
            north_m: 2150.0,
        });
        let cells = f.cells_along(&[a, b]);
        assert!(cells.len() >= 30 + 20);
        assert!(
            cells
                .windows(2)
                .all(|w| w[0].x.abs_diff(w[1].x) + w[0].y.abs_diff(w[1].y) == 1)
        );
        let centre = f.to_lon_lat(MapPoint {
            east_m: 1050.0,
            north_m: 1050.0,
        });
        let circle = f.cells_within(centre, 250.0);
        // Cell centres within 2.5 cells of a cell centre: offsets with
        // dx² + dy² ≤ 6.25, 1 + 4 + 4 + 4 + 8 = 21 (π·2.5² ≈ 19.6).
        assert_eq!(circle.len(), 21);
    }

    /// One degree of longitude at 49.05° N is 111 320 · cos(49.05°) ≈ 72 960 m
    /// (the textbook figure, e.g. the USGS "degree of longitude" table).
    #[test]
    fn degree_of_longitude_shrinks_with_latitude() {
        let f = frame();
        let m = f.to_map(LonLat { lon: 120.5, lat: 49.0 }).east_m;
        assert!((m - 72_960.0).abs() < 150.0, "{m}");
    }
}
