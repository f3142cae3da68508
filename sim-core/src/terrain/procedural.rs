//! A seeded procedural landscape for synthetic scenarios: rolling hills,
//! valleys and one meandering river channel.

use serde::{Deserialize, Serialize};

use crate::grid::Grid;
use crate::rng::{RngStream, StreamRng, counter_unit};

/// What a procedural landscape looks like. Same parameters ⇒ same terrain,
/// on every machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProceduralTerrainParams {
    /// Seed of the landscape (independent of the drill seed, so one map can
    /// be drilled with many seeds).
    pub seed: u64,
    /// Elevation of the lowest ground, metres.
    pub base_elevation_m: f64,
    /// Height of the tallest hills above the base, metres.
    pub relief_m: f64,
    /// Number of hills.
    pub hills: u32,
    /// Whether a river crosses the map west → east in a valley.
    pub river: bool,
    /// Width of the river channel in metres.
    #[serde(default = "default_river_width_m")]
    pub river_width_m: f64,
    /// Fall of the whole landscape (and so of the river) towards the east,
    /// metres per kilometre: steppe rivers fall 0.3–1 m/km. 0 is level.
    #[serde(default)]
    pub fall_east_m_per_km: f64,
}

fn default_river_width_m() -> f64 {
    150.0
}

/// The generated elevation and which cells hold the river channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ProceduralTerrain {
    /// Elevation, metres.
    pub elevation_m: Grid<f32>,
    /// `true` on river-channel cells.
    pub river: Grid<bool>,
}

impl ProceduralTerrainParams {
    /// Generates the landscape on a `width × height` grid of `cell_size_m` cells.
    ///
    /// Hills are Gaussian bumps with random centre, height and radius; value
    /// noise on two octaves adds texture; the river follows a sum of two
    /// sines across the map and carves a valley whose depth falls off with
    /// distance, so water would drain to it.
    pub fn generate(&self, width: usize, height: usize, cell_size_m: f64) -> ProceduralTerrain {
        let mut rng = StreamRng::new(self.seed, RngStream::Terrain);
        let (w_m, h_m) = (width as f64 * cell_size_m, height as f64 * cell_size_m);
        let hills: Vec<(f64, f64, f64, f64)> = (0..self.hills)
            .map(|_| {
                let cx = rng.uniform(0.0, w_m);
                let cy = rng.uniform(0.0, h_m);
                let amplitude = rng.uniform(0.3, 1.0) * self.relief_m;
                let radius = rng.uniform(0.06, 0.2) * w_m.max(h_m);
                (cx, cy, amplitude, radius)
            })
            .collect();
        let river_mid = rng.uniform(0.35, 0.65) * h_m;
        let (amp1, amp2) = (rng.uniform(0.05, 0.12) * h_m, rng.uniform(0.02, 0.05) * h_m);
        let (phase1, phase2) = (rng.uniform(0.0, 6.3), rng.uniform(0.0, 6.3));
        let river_y = |x_m: f64| {
            let t = x_m / w_m.max(1.0);
            river_mid
                + amp1 * libm::sin(2.0 * std::f64::consts::PI * 1.3 * t + phase1)
                + amp2 * libm::sin(2.0 * std::f64::consts::PI * 3.7 * t + phase2)
        };
        let valley_width_m = 0.25 * h_m;
        let noise_seed = rng.next_u64();
        let mut river = Grid::filled(width, height, false);
        let elevation_m = Grid::from_fn(width, height, |x, y| {
            let px = (x as f64 + 0.5) * cell_size_m;
            let py = (y as f64 + 0.5) * cell_size_m;
            let mut z = self.base_elevation_m;
            for &(cx, cy, amplitude, radius) in &hills {
                let d2 = (px - cx) * (px - cx) + (py - cy) * (py - cy);
                z += amplitude * libm::exp(-d2 / (2.0 * radius * radius));
            }
            z += 0.06 * self.relief_m * value_noise(noise_seed, px / (0.08 * w_m), py / (0.08 * w_m));
            z += 0.03 * self.relief_m * value_noise(noise_seed ^ 1, px / (0.02 * w_m), py / (0.02 * w_m));
            if self.river {
                let d = (py - river_y(px)).abs();
                // The valley pulls the surface down towards the channel level.
                let pull = libm::exp(-(d * d) / (2.0 * valley_width_m * valley_width_m));
                z = z * (1.0 - pull) + (self.base_elevation_m - 5.0) * pull;
                if d <= self.river_width_m / 2.0 + cell_size_m / 2.0 {
                    z = self.base_elevation_m - 8.0;
                    if let Some(cell) = river.at_mut(x, y) {
                        *cell = true;
                    }
                }
            }
            // The regional fall towards the east, so rivers run downstream.
            z -= self.fall_east_m_per_km * px / 1000.0;
            z as f32
        });
        ProceduralTerrain { elevation_m, river }
    }
}

/// Smooth value noise in `[-1, 1]`: random values on the integer lattice
/// (counter-based, so independent of evaluation order), smoothstep-blended.
fn value_noise(seed: u64, x: f64, y: f64) -> f64 {
    let (x0, y0) = (libm::floor(x), libm::floor(y));
    let (tx, ty) = (x - x0, y - y0);
    let (sx, sy) = (tx * tx * (3.0 - 2.0 * tx), ty * ty * (3.0 - 2.0 * ty));
    let lattice = |ix: f64, iy: f64| {
        let id = ((ix as i64 as u64) << 32) ^ (iy as i64 as u64 & 0xFFFF_FFFF);
        2.0 * counter_unit(seed, RngStream::Terrain, 0, id) - 1.0
    };
    let top = lattice(x0, y0) * (1.0 - sx) + lattice(x0 + 1.0, y0) * sx;
    let bottom = lattice(x0, y0 + 1.0) * (1.0 - sx) + lattice(x0 + 1.0, y0 + 1.0) * sx;
    top * (1.0 - sy) + bottom * sy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(seed: u64) -> ProceduralTerrainParams {
        ProceduralTerrainParams {
            seed,
            base_elevation_m: 600.0,
            relief_m: 300.0,
            hills: 10,
            river: true,
            river_width_m: 150.0,
            fall_east_m_per_km: 0.0,
        }
    }

    #[test]
    fn same_seed_same_landscape_and_river_is_lowest() {
        let a = params(7).generate(80, 60, 100.0);
        let b = params(7).generate(80, 60, 100.0);
        let c = params(8).generate(80, 60, 100.0);
        assert_eq!(a, b);
        assert_ne!(a.elevation_m, c.elevation_m);
        let river_cells = a.river.cells().iter().filter(|r| **r).count();
        // At least one channel cell per column.
        assert!(river_cells >= 80, "{river_cells}");
        let min_land = a
            .elevation_m
            .cells()
            .iter()
            .zip(a.river.cells())
            .filter(|(_, r)| !**r)
            .map(|(z, _)| *z)
            .fold(f32::INFINITY, f32::min);
        assert!(min_land > 592.0 - 1.0, "the channel is cut below all land: {min_land}");
        let max = a.elevation_m.cells().iter().copied().fold(f32::MIN, f32::max);
        assert!(max > 700.0 && max < 600.0 + 3.0 * 300.0, "relief {max}");
    }
}
