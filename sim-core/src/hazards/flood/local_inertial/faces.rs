//! Pass 1 of a step: the semi-implicit momentum update of every face in
//! range (flood.md §1.2–1.3), interior and domain-edge faces.

use rayon::prelude::*;

use super::active::zero_leftovers;
use super::state::{CELLS_PER_TASK, LocalInertial};
use crate::hazards::flood::boundary::{EdgeCell, EdgeRule, StepEdges, edge_face_q, inv_pow_7_3};
use crate::hazards::flood::domain::{DEPTH_THRESHOLD_M, FloodDomain, GRAVITY_M_PER_S2, MAX_FLOW_DEPTH_M};

/// Borrowed inputs of the face pass.
struct FaceInputs<'a> {
    w: usize,
    h: usize,
    dx: f64,
    dt: f64,
    /// g·Δt and g·Δt/Δx, hoisted out of the face loop.
    g_dt: f64,
    g_dt_over_dx: f64,
    theta: f64,
    depth: &'a [f64],
    bed: &'a [f64],
    n: &'a [f64],
    qx: &'a [f64],
    qy: &'a [f64],
    inv_h73: &'a [f64],
}

/// h_f = max(η_l, η_r) − max(z_l, z_r) (flood.md §1.1), written so that when
/// the higher surface also has the higher bed — nearly always — it is that
/// cell's depth exactly, with no cancellation in (h + z) − z.
#[inline]
fn flow_depth(hl: f64, zl: f64, hr: f64, zr: f64) -> (f64, FlowSide) {
    let (el, er) = (hl + zl, hr + zr);
    if el >= er {
        if zl >= zr {
            (hl, FlowSide::Left)
        } else {
            (el - zr, FlowSide::Neither)
        }
    } else if zr >= zl {
        (hr, FlowSide::Right)
    } else {
        (er - zl, FlowSide::Neither)
    }
}

/// Which cell's depth a face's flow depth equals exactly, if either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlowSide {
    Left,
    Right,
    Neither,
}

impl FaceInputs<'_> {
    /// The semi-implicit momentum update of one face (flood.md §1.2–1.3):
    /// `d_eta_m` is the surface drop along the face's positive direction,
    /// `q_perp` the mean of the four perpendicular faces (2D friction),
    /// `hf` the (clipped) flow depth and `inv_h73` = 1/hf^(7/3).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    fn momentum(
        &self,
        q0: f64,
        q_up: f64,
        q_down: f64,
        q_perp: f64,
        hf: f64,
        inv_h73: f64,
        d_eta_m: f64,
        nf: f64,
    ) -> f64 {
        let drive = self.g_dt_over_dx * hf * d_eta_m;
        let q_mag = (q0 * q0 + q_perp * q_perp).sqrt();
        let denom = 1.0 + self.g_dt * nf * nf * q_mag * inv_h73;
        if self.theta == 1.0 {
            return (q0 + drive) / denom;
        }
        let q = (self.theta * q0 + 0.5 * (1.0 - self.theta) * (q_up + q_down) + drive) / denom;
        // LISFLOOD-FP's guard: a θ-flux against the surface gradient falls
        // back to the plain Bates et al. (2010) update.
        if q * d_eta_m < 0.0 { (q0 + drive) / denom } else { q }
    }

    /// The flow depth clipped to [`MAX_FLOW_DEPTH_M`] and 1/h^(7/3) of it,
    /// from the per-cell cache when it is exactly cell `a`'s or `b`'s depth.
    #[inline]
    fn friction_depth(&self, hf: f64, side: FlowSide, a: usize, b: usize) -> (f64, f64) {
        if hf > MAX_FLOW_DEPTH_M {
            return (MAX_FLOW_DEPTH_M, inv_pow_7_3(MAX_FLOW_DEPTH_M));
        }
        let inv = match side {
            FlowSide::Left => self.inv_h73[a],
            FlowSide::Right => self.inv_h73[b],
            FlowSide::Neither => inv_pow_7_3(hf),
        };
        (hf, inv)
    }

    /// Interior x face `i` (1 ≤ i ≤ w−1) of row `y`, between cells i−1 and i.
    #[inline]
    fn x_face(&self, i: usize, y: usize) -> f64 {
        let w = self.w;
        let l = y * w + i - 1;
        let r = l + 1;
        let (hl, hr) = (self.depth[l], self.depth[r]);
        if hl <= DEPTH_THRESHOLD_M && hr <= DEPTH_THRESHOLD_M {
            return 0.0;
        }
        let (zl, zr) = (self.bed[l], self.bed[r]);
        let (hf, side) = flow_depth(hl, zl, hr, zr);
        if hf <= DEPTH_THRESHOLD_M {
            return 0.0;
        }
        let (hf, inv_h73) = self.friction_depth(hf, side, l, r);
        let f = y * (w + 1) + i;
        let q0 = self.qx[f];
        let (up, down) = if self.theta == 1.0 {
            (q0, q0)
        } else {
            // A neighbour that is a domain-edge face counts as missing and is
            // replaced by q0 (flood.md §1.3).
            (
                if i > 1 { self.qx[f - 1] } else { q0 },
                if i + 1 < w { self.qx[f + 1] } else { q0 },
            )
        };
        let n0 = y * w + i - 1;
        let q_perp = 0.25 * (self.qy[n0] + self.qy[n0 + 1] + self.qy[n0 + w] + self.qy[n0 + w + 1]);
        let nf = 0.5 * (self.n[l] + self.n[r]);
        self.momentum(q0, up, down, q_perp, hf, inv_h73, (hl + zl) - (hr + zr), nf)
    }

    /// Interior y face of column `x` in face row `j` (1 ≤ j ≤ h−1), between
    /// cells (x, j−1) and (x, j).
    #[inline]
    fn y_face(&self, x: usize, j: usize) -> f64 {
        let w = self.w;
        let u = (j - 1) * w + x;
        let d = u + w;
        let (hu, hd) = (self.depth[u], self.depth[d]);
        if hu <= DEPTH_THRESHOLD_M && hd <= DEPTH_THRESHOLD_M {
            return 0.0;
        }
        let (zu, zd) = (self.bed[u], self.bed[d]);
        let (hf, side) = flow_depth(hu, zu, hd, zd);
        if hf <= DEPTH_THRESHOLD_M {
            return 0.0;
        }
        let (hf, inv_h73) = self.friction_depth(hf, side, u, d);
        let f = j * w + x;
        let q0 = self.qy[f];
        let (up, down) = if self.theta == 1.0 {
            (q0, q0)
        } else {
            (
                if j > 1 { self.qy[f - w] } else { q0 },
                if j + 1 < self.h { self.qy[f + w] } else { q0 },
            )
        };
        let a = (j - 1) * (w + 1) + x;
        let q_perp = 0.25 * (self.qx[a] + self.qx[a + 1] + self.qx[a + w + 1] + self.qx[a + w + 2]);
        let nf = 0.5 * (self.n[u] + self.n[d]);
        self.momentum(q0, up, down, q_perp, hf, inv_h73, (hu + zu) - (hd + zd), nf)
    }

    /// A boundary face: `cell` is the edge cell, `inner` its inward
    /// neighbour (if any), `face` the index into `q_old`.
    #[inline]
    fn edge_face(&self, rule: EdgeRule, cell: usize, inner: Option<usize>, q_old: f64, outward: f64) -> f64 {
        if rule.is_closed() {
            return 0.0;
        }
        let edge = EdgeCell {
            depth_m: self.depth[cell],
            bed_m: self.bed[cell],
            manning_n: self.n[cell],
            inner_surface_m: inner.map(|c| self.depth[c] + self.bed[c]),
            q_old_m2_per_s: q_old,
        };
        edge_face_q(rule, edge, outward, self.dt, self.dx)
    }
}

impl LocalInertial {
    fn face_inputs<'a>(&'a self, domain: &'a FloodDomain, dt: f64, inv_h73: &'a [f64]) -> FaceInputs<'a> {
        FaceInputs {
            w: self.width,
            h: self.height,
            dx: self.cell_size_m,
            dt,
            g_dt: GRAVITY_M_PER_S2 * dt,
            g_dt_over_dx: GRAVITY_M_PER_S2 * dt / self.cell_size_m,
            theta: self.params.theta,
            depth: &self.depth_m,
            bed: domain.bed_m(),
            n: domain.manning_n(),
            qx: &self.qx_m2_per_s,
            qy: &self.qy_m2_per_s,
            inv_h73,
        }
    }

    /// Pass 1: new discharge on every face in range, from the previous
    /// step's depths and discharges only. Row task `y` owns x-face row `y`
    /// and y-face row `y` (north of cell row `y`); y-face row `h` is serial.
    pub(super) fn faces(&mut self, domain: &FloodDomain, edges: &StepEdges, dt: f64, span: std::ops::Range<usize>) {
        let (w, h) = (self.width, self.height);
        let mut work = std::mem::take(&mut self.work);
        let inputs = self.face_inputs(domain, dt, &work.inv_h73);
        let min_rows = (CELLS_PER_TASK / w).max(1);
        let (qx_range, qy_range) = (&work.qx_range, &work.qy_range);
        work.qx_new[span.start * (w + 1)..span.end * (w + 1)]
            .par_chunks_mut(w + 1)
            .zip(work.qy_new[span.start * w..span.end * w].par_chunks_mut(w))
            .zip(work.qx_written[span.clone()].par_iter_mut())
            .zip(work.qy_written[span.clone()].par_iter_mut())
            .enumerate()
            .with_min_len(min_rows)
            .for_each(|(k, (((qx_row, qy_row), qx_written), qy_written))| {
                let y = span.start + k;
                let f = y * (w + 1);
                let (rx, ry) = (qx_range[y], qy_range[y]);
                zero_leftovers(qx_row, *qx_written, rx);
                zero_leftovers(qy_row, *qy_written, ry);
                let inner_w = (w > 1).then(|| y * w + 1);
                let inner_e = (w > 1).then(|| y * w + w - 2);
                qx_row[0] = inputs.edge_face(edges.west, y * w, inner_w, inputs.qx[f], -1.0);
                qx_row[w] = inputs.edge_face(edges.east, y * w + w - 1, inner_e, inputs.qx[f + w], 1.0);
                for i in rx.range() {
                    qx_row[i] = inputs.x_face(i, y);
                }
                if y == 0 {
                    for x in ry.range() {
                        qy_row[x] = inputs.edge_face(edges.north, x, (h > 1).then_some(x + w), inputs.qy[x], -1.0);
                    }
                } else {
                    for x in ry.range() {
                        qy_row[x] = inputs.y_face(x, y);
                    }
                }
                *qx_written = rx;
                *qy_written = ry;
            });
        let south = h * w;
        let south_row = &mut work.qy_new[south..south + w];
        zero_leftovers(south_row, work.qy_written[h], work.qy_range[h]);
        for x in work.qy_range[h].range() {
            let cell = (h - 1) * w + x;
            let inner = (h > 1).then(|| cell - w);
            south_row[x] = inputs.edge_face(edges.south, cell, inner, inputs.qy[south + x], 1.0);
        }
        work.qy_written[h] = work.qy_range[h];
        self.work = work;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// h_f = max(η) − max(z) in every arrangement (flood.md §1.1).
    #[test]
    fn flow_depth_is_max_surface_minus_max_bed() {
        for (hl, zl, hr, zr) in [
            (1.0, 0.0, 0.5, 0.0),
            (0.2, 1.0, 0.5, 0.3),
            (0.0, 2.0, 0.5, 1.0),
            (0.3, 0.0, 0.0, 1.0),
        ] {
            let (hf, _) = flow_depth(hl, zl, hr, zr);
            let expected = f64::max(hl + zl, hr + zr) - f64::max(zl, zr);
            assert!((hf - expected).abs() < 1e-15, "{hl} {zl} {hr} {zr}: {hf} vs {expected}");
        }
        assert_eq!(flow_depth(0.7, 1.0, 0.2, 0.5), (0.7, FlowSide::Left));
        assert_eq!(
            flow_depth(0.0, 2.0, 0.5, 1.0).0,
            0.0,
            "a dry bank above the water carries nothing"
        );
    }
}
