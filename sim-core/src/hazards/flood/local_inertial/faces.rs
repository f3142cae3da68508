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

/// The per-cell inputs of a run of cells on one side of a run of faces.
struct CellSlices<'a> {
    depth: &'a [f64],
    bed: &'a [f64],
    n: &'a [f64],
    inv_h73: &'a [f64],
}

/// A run of faces: the cells on their negative (`a`: west or north) and
/// positive (`b`) sides, their previous discharges, and the four
/// perpendicular faces around each (for the 2D friction magnitude).
struct FaceRow<'a> {
    a: CellSlices<'a>,
    b: CellSlices<'a>,
    q0: &'a [f64],
    perp: [&'a [f64]; 4],
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
    fn momentum<const THETA_ONE: bool>(
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
        if THETA_ONE {
            return (q0 + drive) / denom;
        }
        let q = (self.theta * q0 + 0.5 * (1.0 - self.theta) * (q_up + q_down) + drive) / denom;
        // LISFLOOD-FP's guard: a θ-flux against the surface gradient falls
        // back to the plain Bates et al. (2010) update.
        if q * d_eta_m < 0.0 { (q0 + drive) / denom } else { q }
    }

    /// Interior x faces `faces` (within 1..w) of row `y`, written to the
    /// same indices of `out` (the row's x faces).
    fn x_faces(&self, y: usize, faces: std::ops::Range<usize>, out: &mut [f64]) {
        if faces.is_empty() {
            return;
        }
        let (w, lo, hi) = (self.w, faces.start, faces.end);
        // Face i lies between cells i−1 (west) and i (east) of the row.
        let west = y * w + lo - 1..y * w + hi - 1;
        let east = y * w + lo..y * w + hi;
        let (north, south) = (y * w, (y + 1) * w);
        let f0 = y * (w + 1);
        let row = FaceRow {
            a: self.cells(west.clone()),
            b: self.cells(east.clone()),
            q0: &self.qx[f0 + lo..f0 + hi],
            // The four y faces around x face i, summed in the order
            // (NW + NE) + SW + SE.
            perp: [
                &self.qy[north + lo - 1..north + hi - 1],
                &self.qy[north + lo..north + hi],
                &self.qy[south + lo - 1..south + hi - 1],
                &self.qy[south + lo..south + hi],
            ],
        };
        let out = &mut out[lo..hi];
        if self.theta == 1.0 {
            self.face_row::<true>(&row, out, |_| (0.0, 0.0));
        } else {
            // A neighbour that is a domain-edge face counts as missing and is
            // replaced by q0 (flood.md §1.3).
            let q = &self.qx[f0..f0 + w + 1];
            self.face_row::<false>(&row, out, |k| {
                let i = lo + k;
                (
                    if i > 1 { q[i - 1] } else { q[i] },
                    if i + 1 < w { q[i + 1] } else { q[i] },
                )
            });
        }
    }

    /// Interior y faces `cols` of face row `j` (1 ≤ j ≤ h−1, between cell
    /// rows j−1 and j), written to the same indices of `out`.
    fn y_faces(&self, j: usize, cols: std::ops::Range<usize>, out: &mut [f64]) {
        if cols.is_empty() {
            return;
        }
        let (w, lo, hi) = (self.w, cols.start, cols.end);
        let north = (j - 1) * w + lo..(j - 1) * w + hi;
        let south = j * w + lo..j * w + hi;
        let (above, below) = ((j - 1) * (w + 1), j * (w + 1));
        let f0 = j * w;
        let row = FaceRow {
            a: self.cells(north),
            b: self.cells(south),
            q0: &self.qy[f0 + lo..f0 + hi],
            // The four x faces around y face x: (NW + NE) + SW + SE.
            perp: [
                &self.qx[above + lo..above + hi],
                &self.qx[above + lo + 1..above + hi + 1],
                &self.qx[below + lo..below + hi],
                &self.qx[below + lo + 1..below + hi + 1],
            ],
        };
        let out = &mut out[lo..hi];
        if self.theta == 1.0 {
            self.face_row::<true>(&row, out, |_| (0.0, 0.0));
        } else {
            let (has_up, has_down) = (j > 1, j + 1 < self.h);
            let q = self.qy;
            self.face_row::<false>(&row, out, |k| {
                let f = f0 + lo + k;
                (
                    if has_up { q[f - w] } else { q[f] },
                    if has_down { q[f + w] } else { q[f] },
                )
            });
        }
    }

    /// The per-cell inputs of the cells `range`.
    fn cells(&self, range: std::ops::Range<usize>) -> CellSlices<'_> {
        CellSlices {
            depth: &self.depth[range.clone()],
            bed: &self.bed[range.clone()],
            n: &self.n[range.clone()],
            inv_h73: &self.inv_h73[range],
        }
    }

    /// One run of faces: `out[k]` gets the new discharge of the face between
    /// `row.a`'s and `row.b`'s cell `k`. `neighbours(k)` gives the two
    /// parallel neighbour discharges of the θ scheme (not called when
    /// `THETA_ONE`, θ = 1). Monomorphised on θ = 1 and written over
    /// equal-length slices so the hot loop carries no index checks and no
    /// θ test; the arithmetic is the face update's, in the same order.
    #[inline]
    fn face_row<const THETA_ONE: bool>(
        &self,
        row: &FaceRow<'_>,
        out: &mut [f64],
        neighbours: impl Fn(usize) -> (f64, f64),
    ) {
        let m = out.len();
        let (ha, za, na, ia) = (&row.a.depth[..m], &row.a.bed[..m], &row.a.n[..m], &row.a.inv_h73[..m]);
        let (hb, zb, nb, ib) = (&row.b.depth[..m], &row.b.bed[..m], &row.b.n[..m], &row.b.inv_h73[..m]);
        let q_old = &row.q0[..m];
        let [p1, p2, p3, p4] = row.perp.map(|p| &p[..m]);
        for k in 0..m {
            let (hl, hr) = (ha[k], hb[k]);
            if hl <= DEPTH_THRESHOLD_M && hr <= DEPTH_THRESHOLD_M {
                out[k] = 0.0;
                continue;
            }
            let (zl, zr) = (za[k], zb[k]);
            let (hf, side) = flow_depth(hl, zl, hr, zr);
            if hf <= DEPTH_THRESHOLD_M {
                out[k] = 0.0;
                continue;
            }
            let (hf, inv_h73) = if hf > MAX_FLOW_DEPTH_M {
                (MAX_FLOW_DEPTH_M, inv_pow_7_3(MAX_FLOW_DEPTH_M))
            } else {
                match side {
                    FlowSide::Left => (hf, ia[k]),
                    FlowSide::Right => (hf, ib[k]),
                    FlowSide::Neither => (hf, inv_pow_7_3(hf)),
                }
            };
            let q0 = q_old[k];
            let (up, down) = if THETA_ONE { (q0, q0) } else { neighbours(k) };
            let q_perp = 0.25 * (p1[k] + p2[k] + p3[k] + p4[k]);
            let nf = 0.5 * (na[k] + nb[k]);
            out[k] = self.momentum::<THETA_ONE>(q0, up, down, q_perp, hf, inv_h73, (hl + zl) - (hr + zr), nf);
        }
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
                inputs.x_faces(y, rx.range(), qx_row);
                if y == 0 {
                    for x in ry.range() {
                        qy_row[x] = inputs.edge_face(edges.north, x, (h > 1).then_some(x + w), inputs.qy[x], -1.0);
                    }
                } else {
                    inputs.y_faces(y, ry.range(), qy_row);
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
