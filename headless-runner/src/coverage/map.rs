//! Drawing the coverage map into an RGB pixel buffer (the caller encodes it as PNG).
//!
//! Plate carrée with the x axis shrunk by cos(mid-latitude), so shapes look right in the middle
//! of the region. Cells are coloured from the same raster the numbers come from: reachable
//! cells green, unreachable orange, each league a slightly different shade so borders show;
//! outside the region pale grey. League borders are thin grey lines, the region outline a
//! thick dark line; each station a black dot with a white rim and its reach circle (a
//! geodesic circle of radius R) in dark blue. A legend swatch strip sits in the top-left corner
//! (no text: the numbers are printed and written to `coverage.json`).

use sim_core::agents::aircraft::EARTH_RADIUS_KM;
use sim_core::frame::LonLat;

use super::geo::Polygon;
use super::grid::RegionRaster;
use super::reach::NearestStation;
use super::stations::Station;

/// An RGB image, 8 bits per channel, rows from the top.
#[derive(Debug, Clone)]
pub struct Image {
    /// Width, px.
    pub width: u32,
    /// Height, px.
    pub height: u32,
    /// `width × height × 3` bytes.
    pub rgb: Vec<u8>,
}

type Rgb = [u8; 3];

const OUTSIDE: Rgb = [236, 239, 242];
const COVERED: [Rgb; 2] = [[120, 190, 120], [150, 206, 140]];
const UNCOVERED: [Rgb; 2] = [[238, 150, 110], [246, 180, 140]];
const LEAGUE_BORDER: Rgb = [110, 110, 110];
const OUTLINE: Rgb = [40, 40, 40];
const CIRCLE: Rgb = [30, 60, 160];
const STATION: Rgb = [0, 0, 0];
const RIM: Rgb = [255, 255, 255];

/// Degrees of margin around the region.
const MARGIN_DEG: f64 = 0.6;

/// Maps lon/lat to pixels.
#[derive(Debug, Clone, Copy)]
struct Projection {
    west_deg: f64,
    north_deg: f64,
    px_per_deg_lat: f64,
    px_per_deg_lon: f64,
}

impl Projection {
    fn px(&self, p: LonLat) -> (f64, f64) {
        (
            (p.lon - self.west_deg) * self.px_per_deg_lon,
            (self.north_deg - p.lat) * self.px_per_deg_lat,
        )
    }

    fn lonlat(&self, x: f64, y: f64) -> LonLat {
        LonLat {
            lon: self.west_deg + x / self.px_per_deg_lon,
            lat: self.north_deg - y / self.px_per_deg_lat,
        }
    }
}

impl Image {
    fn new(width: u32, height: u32, fill: Rgb) -> Self {
        let rgb = fill
            .iter()
            .copied()
            .cycle()
            .take(width as usize * height as usize * 3)
            .collect();
        Self { width, height, rgb }
    }

    fn put(&mut self, x: i64, y: i64, c: Rgb) {
        if x >= 0 && y >= 0 && x < i64::from(self.width) && y < i64::from(self.height) {
            let i = (y as usize * self.width as usize + x as usize) * 3;
            self.rgb[i..i + 3].copy_from_slice(&c);
        }
    }

    /// A filled disc of radius `r` px.
    fn disc(&mut self, cx: f64, cy: f64, r: f64, c: Rgb) {
        let (x0, x1) = ((cx - r).floor() as i64, (cx + r).ceil() as i64);
        let (y0, y1) = ((cy - r).floor() as i64, (cy + r).ceil() as i64);
        for y in y0..=y1 {
            for x in x0..=x1 {
                let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
                if dx * dx + dy * dy <= r * r {
                    self.put(x, y, c);
                }
            }
        }
    }

    /// A line `width` px wide, drawn as overlapping discs (simple and gap-free).
    fn line(&mut self, a: (f64, f64), b: (f64, f64), width: f64, c: Rgb) {
        let len = libm::hypot(b.0 - a.0, b.1 - a.1);
        let steps = (len / 0.5).ceil().max(1.0) as usize;
        for i in 0..=steps {
            let t = i as f64 / steps as f64;
            let (x, y) = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            if width <= 1.0 {
                self.put(x.floor() as i64, y.floor() as i64, c);
            } else {
                self.disc(x, y, width / 2.0, c);
            }
        }
    }

    fn polyline(&mut self, proj: &Projection, points: &[LonLat], closed: bool, width: f64, c: Rgb) {
        for w in points.windows(2) {
            self.line(proj.px(w[0]), proj.px(w[1]), width, c);
        }
        if let (true, Some(&first), Some(&last)) = (closed, points.first(), points.last()) {
            self.line(proj.px(last), proj.px(first), width, c);
        }
    }
}

/// The point `distance_km` from `from` along initial bearing `bearing_rad` on the sphere.
fn destination(from: LonLat, distance_km: f64, bearing_rad: f64) -> LonLat {
    let delta = distance_km / EARTH_RADIUS_KM;
    let phi1 = from.lat.to_radians();
    let sin_phi2 = libm::sin(phi1) * libm::cos(delta) + libm::cos(phi1) * libm::sin(delta) * libm::cos(bearing_rad);
    let phi2 = libm::asin(sin_phi2.clamp(-1.0, 1.0));
    let dlambda = libm::atan2(
        libm::sin(bearing_rad) * libm::sin(delta) * libm::cos(phi1),
        libm::cos(delta) - libm::sin(phi1) * sin_phi2,
    );
    LonLat {
        lon: from.lon + dlambda.to_degrees(),
        lat: phi2.to_degrees(),
    }
}

/// Draws the coverage map `width_px` wide (height follows the region's shape).
pub fn draw(
    raster: &RegionRaster,
    outline: &[Polygon],
    stations: &[Station],
    nearest: &NearestStation,
    radius_km: f64,
    width_px: u32,
) -> Image {
    let grid = &raster.grid;
    let west = grid.west_deg - MARGIN_DEG;
    let east = grid.west_deg + grid.cols as f64 * grid.cell_deg + MARGIN_DEG;
    let south = grid.south_deg - MARGIN_DEG;
    let north = grid.south_deg + grid.rows as f64 * grid.cell_deg + MARGIN_DEG;
    let mid_lat = (0.5 * (south + north)).to_radians();
    let px_per_deg_lon = f64::from(width_px.max(1)) / (east - west);
    let px_per_deg_lat = px_per_deg_lon / libm::cos(mid_lat);
    let height_px = ((north - south) * px_per_deg_lat).round().max(1.0) as u32;
    let proj = Projection {
        west_deg: west,
        north_deg: north,
        px_per_deg_lat,
        px_per_deg_lon,
    };
    let mut img = Image::new(width_px.max(1), height_px, OUTSIDE);
    for y in 0..img.height {
        for x in 0..img.width {
            let p = proj.lonlat(f64::from(x) + 0.5, f64::from(y) + 0.5);
            let Some((col, row)) = grid.cell_at(p) else { continue };
            let cell = row * grid.cols + col;
            let Some(league) = raster.league_of_cell[cell] else {
                continue;
            };
            let shade = usize::from(league) % 2;
            let c = if nearest.distance_km[cell] <= radius_km {
                COVERED[shade]
            } else {
                UNCOVERED[shade]
            };
            img.put(i64::from(x), i64::from(y), c);
        }
    }
    for ring in raster.leagues.iter().flat_map(|l| &l.polygons).flatten() {
        img.polyline(&proj, ring, true, 1.0, LEAGUE_BORDER);
    }
    for ring in outline.iter().flatten() {
        img.polyline(&proj, ring, true, 2.5, OUTLINE);
    }
    if radius_km > 0.0 {
        for s in stations {
            let circle: Vec<LonLat> = (0..360)
                .map(|i| destination(s.at(), radius_km, f64::from(i).to_radians()))
                .collect();
            img.polyline(&proj, &circle, true, 1.5, CIRCLE);
        }
    }
    for s in stations {
        let (x, y) = proj.px(s.at());
        img.disc(x, y, 5.0, RIM);
        img.disc(x, y, 3.5, STATION);
    }
    // Legend: covered, uncovered, outside, station.
    for (i, c) in [COVERED[0], UNCOVERED[0], OUTSIDE].into_iter().enumerate() {
        let x0 = 10 + 26 * i as i64;
        for y in 10..28 {
            for x in x0..x0 + 20 {
                img.put(
                    x,
                    y,
                    if y == 10 || y == 27 || x == x0 || x == x0 + 19 {
                        OUTLINE
                    } else {
                        c
                    },
                );
            }
        }
    }
    img
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::agents::aircraft::great_circle_km;

    #[test]
    fn destination_is_at_the_distance_asked() {
        let from = LonLat { lon: 116.0, lat: 44.0 };
        for bearing in [0.0, 1.0, 2.5, 4.0] {
            let to = destination(from, 330.0, bearing);
            assert!((great_circle_km(from, to) - 330.0).abs() < 1e-6);
        }
    }
}
