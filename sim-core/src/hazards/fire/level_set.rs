//! The narrow-band level-set front (the ELMFIRE algorithm, Lautenberger
//! 2013): φ < 0 is burned, φ > 0 unburned, the front is φ = 0.
//!
//! Each step moves φ by `∂φ/∂t = −u·∇φ` with the velocity `u = U_n·n` along
//! the outward normal `n = ∇φ/|∇φ|` (central differences) and `U_n` the
//! front-normal speed of the local fire ellipse. `∇φ` in the advection term
//! is taken upwind with a superbee flux limiter (second order, TVD, so φ
//! stays within [−1, 1]), and time is integrated with Heun's RK2.
//!
//! Determinism: the rate of every band cell reads only the previous φ, band
//! cells are processed in index order and the results written back serially,
//! so the answer does not depend on how rayon splits the band.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::FireBehavior;

/// The superbee limiter (Roe 1986): `max(0, min(2r, 1), min(r, 2))`.
fn superbee(r: f64) -> f64 {
    0.0f64.max((2.0 * r).min(1.0)).max(r.min(2.0))
}

/// Ratio of successive differences. The limited correction is always
/// `L(r) × denominator`, so when the denominator vanishes the correction
/// vanishes whatever `L` returns: 0 is as good as any value there.
fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator.abs() > 1e-12 {
        numerator / denominator
    } else {
        0.0
    }
}

/// The limited face value of φ between `centre` and its neighbour in the
/// direction of travel, for a velocity component `u` along that axis:
/// `m2, m1, c, p1, p2` are φ at offsets −2…+2 along the axis.
/// Returns (west/south face, east/north face) values for the cell.
fn faces(m2: f64, m1: f64, c: f64, p1: f64, p2: f64, u: f64) -> (f64, f64) {
    if u >= 0.0 {
        // Information flows from lower indices: upwind cells are m1 (west face) and c (east face).
        let west = m1 + 0.5 * superbee(ratio(c - m1, m1 - m2)) * (m1 - m2);
        let east = c + 0.5 * superbee(ratio(p1 - c, c - m1)) * (c - m1);
        (west, east)
    } else {
        let west = c - 0.5 * superbee(ratio(c - m1, p1 - c)) * (p1 - c);
        let east = p1 - 0.5 * superbee(ratio(p1 - c, p2 - p1)) * (p2 - p1);
        (west, east)
    }
}

/// A [`FireBehavior`] with everything the normal-speed formula needs
/// precomputed once per cell (not per step): the head direction as a unit
/// vector and the ellipse parameters f, g, h.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Ellipse {
    /// Head direction, east and north components.
    head_east: f64,
    head_north: f64,
    /// Half the sum and half the difference of head and back rates; flank rate. m/min.
    f: f64,
    g: f64,
    h: f64,
    /// Head rate, m/min (bounds every normal speed).
    pub head_ros_m_per_min: f64,
    /// Heat per unit area, kJ/m².
    pub heat_per_unit_area_kj_per_m2: f64,
}

impl From<FireBehavior> for Ellipse {
    fn from(b: FireBehavior) -> Ellipse {
        let az = b.head_azimuth_deg.to_radians();
        let back = b.back_ros_m_per_min();
        Ellipse {
            head_east: libm::sin(az),
            head_north: libm::cos(az),
            f: (b.head_ros_m_per_min + back) / 2.0,
            g: (b.head_ros_m_per_min - back) / 2.0,
            h: b.flank_ros_m_per_min(),
            head_ros_m_per_min: b.head_ros_m_per_min.max(0.0),
            heat_per_unit_area_kj_per_m2: b.heat_per_unit_area_kj_per_m2,
        }
    }
}

impl Ellipse {
    /// Front-normal speed for a unit normal (east, north), m/min
    /// (same formula as [`FireBehavior::normal_speed_for_cos_sin`]).
    fn normal_speed(&self, n_east: f64, n_north: f64) -> f64 {
        let cos_psi = n_east * self.head_east + n_north * self.head_north;
        let sin_psi = n_east * self.head_north - n_north * self.head_east;
        self.g * cos_psi + libm::sqrt(self.f * self.f * cos_psi * cos_psi + self.h * self.h * sin_psi * sin_psi)
    }
}

/// Read-only inputs of one rate evaluation.
pub(crate) struct Stencil<'a> {
    pub phi: &'a [f64],
    pub width: usize,
    pub height: usize,
    pub cell_size_m: f64,
}

impl Stencil<'_> {
    fn at(&self, x: isize, y: isize) -> f64 {
        let cx = x.clamp(0, self.width as isize - 1) as usize;
        let cy = y.clamp(0, self.height as isize - 1) as usize;
        self.phi[cy * self.width + cx]
    }

    /// `∂φ/∂t` (per minute) at cell `index` under `behavior`, and the
    /// front-normal speed used (m/min).
    pub fn rate(&self, index: usize, ellipse: &Ellipse) -> (f64, f64) {
        if ellipse.head_ros_m_per_min <= 0.0 {
            return (0.0, 0.0);
        }
        let (x, y) = ((index % self.width) as isize, (index / self.width) as isize);
        let dx = self.cell_size_m;
        // The 9-point cross stencil: φ at −2…+2 along each axis. Interior
        // cells index directly; cells near the edge clamp (zero gradient).
        let (w, h) = (self.width as isize, self.height as isize);
        let [xm2, xm1, c, xp1, xp2, ym2, ym1, yp1, yp2] = if x >= 2 && y >= 2 && x < w - 2 && y < h - 2 {
            let (i, wu) = (index, self.width);
            let p = self.phi;
            [
                p[i - 2],
                p[i - 1],
                p[i],
                p[i + 1],
                p[i + 2],
                p[i - 2 * wu],
                p[i - wu],
                p[i + wu],
                p[i + 2 * wu],
            ]
        } else {
            [
                self.at(x - 2, y),
                self.at(x - 1, y),
                self.at(x, y),
                self.at(x + 1, y),
                self.at(x + 2, y),
                self.at(x, y - 2),
                self.at(x, y - 1),
                self.at(x, y + 1),
                self.at(x, y + 2),
            ]
        };
        // Grid axes: x east, y (rows) south. Central gradient for the normal.
        let gx = (xp1 - xm1) / (2.0 * dx);
        let gy = (yp1 - ym1) / (2.0 * dx);
        let norm = libm::sqrt(gx * gx + gy * gy);
        if norm < 1e-12 {
            return (0.0, 0.0);
        }
        let speed = ellipse.normal_speed(gx / norm, -gy / norm).max(0.0);
        let (ux, uy) = (speed * gx / norm, speed * gy / norm);
        let (w, e) = faces(xm2, xm1, c, xp1, xp2, ux);
        let (n, s) = faces(ym2, ym1, c, yp1, yp2, uy);
        let dphi_dx = (e - w) / dx;
        let dphi_dy = (s - n) / dx;
        (-(ux * dphi_dx + uy * dphi_dy), speed)
    }
}

/// Rates of every band cell, in band order (rayon map, order-preserving).
pub(crate) fn band_rates(stencil: &Stencil<'_>, band: &[u32], ellipses: &[Ellipse]) -> Vec<f64> {
    band.par_iter()
        .zip(ellipses.par_iter())
        .with_min_len(2048)
        .map(|(&i, b)| stencil.rate(i as usize, b).0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superbee_limits() {
        assert_eq!(superbee(-1.0), 0.0);
        assert_eq!(superbee(0.25), 0.5);
        assert_eq!(superbee(0.75), 1.0);
        assert_eq!(superbee(1.5), 1.5);
        assert_eq!(superbee(10.0), 2.0);
        assert_eq!(ratio(0.0, 0.0), 0.0);
        assert_eq!(ratio(1.0, 0.0), 0.0);
    }

    /// A straight front moving east under a uniform speed: the rate at the
    /// front equals −U·∂φ/∂x with the exact gradient of a linear φ.
    #[test]
    fn linear_front_moves_at_its_speed() {
        let (w, h) = (12, 5);
        let phi: Vec<f64> = (0..w * h).map(|i| ((i % w) as f64 - 5.5) * 0.1).collect();
        let s = Stencil {
            phi: &phi,
            width: w,
            height: h,
            cell_size_m: 10.0,
        };
        let b = FireBehavior {
            head_ros_m_per_min: 20.0,
            head_azimuth_deg: 90.0,
            length_to_breadth: 1.0,
            heat_per_unit_area_kj_per_m2: 1000.0,
        };
        let (rate, speed) = s.rate(2 * w + 5, &Ellipse::from(b));
        assert!((speed - 20.0).abs() < 1e-12);
        // φ rises 0.1 per 10 m eastwards; the front moves east at 20 m/min.
        assert!((rate + 20.0 * 0.01).abs() < 1e-12, "{rate}");
    }
}
