//! Passes 2 and 3 of a step: outflow limiting (LISFLOOD-FP DryCheck), then
//! committing the limited face fluxes and continuity with sources, rain,
//! infiltration and the per-cell outputs.

use rayon::prelude::*;

use super::active::Cols;
use super::state::{CELLS_PER_TASK, LocalInertial, Workspace};
use crate::hazards::flood::boundary::inv_pow_7_3;
use crate::hazards::flood::domain::{DEPTH_THRESHOLD_M, MAX_FLOW_DEPTH_M};
use crate::hazards::flood::sources::FloodSources;

/// Result of the continuity pass for one row.
#[derive(Debug, Clone, Copy)]
pub(super) struct RowSums {
    pub(super) rain_depth_m: f64,
    pub(super) infiltration_depth_m: f64,
    pub(super) boundary_in_m3: f64,
    pub(super) boundary_out_m3: f64,
    pub(super) depth_max_m: f64,
    pub(super) wet: Cols,
    pub(super) qx_nonzero: Cols,
    pub(super) qy_nonzero: Cols,
    pub(super) non_finite: u64,
    pub(super) updates: u64,
}

impl RowSums {
    const NONE: RowSums = RowSums {
        rain_depth_m: 0.0,
        infiltration_depth_m: 0.0,
        boundary_in_m3: 0.0,
        boundary_out_m3: 0.0,
        depth_max_m: 0.0,
        wet: Cols::EMPTY,
        qx_nonzero: Cols::EMPTY,
        qy_nonzero: Cols::EMPTY,
        non_finite: 0,
        updates: 0,
    };
}

/// The discharge a face actually carries once its upstream cell's DryCheck
/// factor is applied; `upstream_pos`/`upstream_neg` are the cell feeding a
/// positive/negative flux (`None` beyond the map edge: never limited).
#[inline]
fn limited(q: f64, scale: &[f64], upstream_pos: Option<usize>, upstream_neg: Option<usize>) -> f64 {
    let s = if q > 0.0 {
        upstream_pos.map_or(1.0, |c| scale[c])
    } else if q < 0.0 {
        upstream_neg.map_or(1.0, |c| scale[c])
    } else {
        return 0.0;
    };
    q * s
}

impl LocalInertial {
    /// Pass 2 (LISFLOOD-FP DryCheck): a cell whose outgoing faces would
    /// take more than it holds gets a factor scaling all of them down to
    /// exactly its volume, so no depth goes negative.
    pub(super) fn limit_outflows(&mut self, dt: f64, span: std::ops::Range<usize>) {
        let w = self.width;
        let dx = self.cell_size_m;
        let work = &mut self.work;
        let (qx, qy, cell_cols) = (&work.qx_new, &work.qy_new, &work.cell_cols);
        let depth = &self.depth_m;
        work.out_scale[span.start * w..span.end * w]
            .par_chunks_mut(w)
            .enumerate()
            .with_min_len((CELLS_PER_TASK / w).max(1))
            .for_each(|(k, scale_row)| {
                let y = span.start + k;
                for x in cell_cols[y].range() {
                    let f = y * (w + 1) + x;
                    let (qw, qe, qn, qs) = (qx[f], qx[f + 1], qy[y * w + x], qy[(y + 1) * w + x]);
                    let out = (-qw).max(0.0) + qe.max(0.0) + (-qn).max(0.0) + qs.max(0.0);
                    let out_m2 = out * dt;
                    let held_m2 = depth[y * w + x] * dx;
                    scale_row[x] = if out_m2 > held_m2 { held_m2 / out_m2 } else { 1.0 };
                }
            });
    }

    /// Pass 3: commits the limited face fluxes as next step's discharges,
    /// then continuity with them, sources, rain and infiltration, and the
    /// per-cell outputs. Row task `y` owns cell row `y`, x-face row `y` and
    /// y-face row `y`; it reads the southern faces (row `y + 1`) from the
    /// pass-1 output. Returns one [`RowSums`] per row of `span`, in order.
    pub(super) fn continuity(
        &mut self,
        sources: &FloodSources,
        rain_zone_m: &[f64],
        raining: bool,
        infiltration_m: f64,
        dt: f64,
        span: std::ops::Range<usize>,
    ) -> Vec<RowSums> {
        let (w, h) = (self.width, self.height);
        let dx = self.cell_size_m;
        let area = dx * dx;
        let t0 = self.time_s;
        let threshold = self.outputs.arrival_threshold_m;
        let Workspace {
            qx_new,
            qy_new,
            out_scale,
            cell_cols,
            qx_range,
            qy_range,
            source_m3,
            source_cells,
            inv_h73,
            ..
        } = &mut self.work;
        let (qx_new, qy_new, scale) = (&*qx_new, &*qy_new, &*out_scale);
        let (cell_cols, qx_range, qy_range, source_m3) = (&*cell_cols, &*qx_range, &*qy_range, &*source_m3);
        let has_sources = !source_cells.is_empty();
        let zones = sources.rain.as_ref().and_then(|r| r.zone_of_cell());
        let rain_at = |c: usize| match zones {
            None => rain_zone_m.first().copied().unwrap_or(0.0),
            Some(z) => z
                .get(c)
                .and_then(|zone| rain_zone_m.get(usize::from(*zone)))
                .copied()
                .unwrap_or(0.0),
        };
        // Limited fluxes: x face i of row y, y face x of face row j.
        let sx = |i: usize, y: usize| {
            let pos = (i > 0).then(|| y * w + i - 1);
            let neg = (i < w).then(|| y * w + i);
            limited(qx_new[y * (w + 1) + i], scale, pos, neg)
        };
        let sy = |x: usize, j: usize| {
            let pos = (j > 0).then(|| (j - 1) * w + x);
            let neg = (j < h).then(|| j * w + x);
            limited(qy_new[j * w + x], scale, pos, neg)
        };
        let cells = span.start * w..span.end * w;
        self.depth_m[cells.clone()]
            .par_chunks_mut(w)
            .zip(self.qx_m2_per_s[span.start * (w + 1)..span.end * (w + 1)].par_chunks_mut(w + 1))
            .zip(self.qy_m2_per_s[cells.clone()].par_chunks_mut(w))
            .zip(inv_h73[cells.clone()].par_chunks_mut(w))
            .zip(self.outputs.par_rows(w, cells))
            .enumerate()
            .with_min_len((CELLS_PER_TASK / w).max(1))
            .map(|(k, ((((depth_row, qx_row), qy_row), inv_row), mut outputs))| {
                let y = span.start + k;
                let mut sums = RowSums::NONE;
                // Commit this row's faces first (outside their ranges the
                // committed discharge is already 0); continuity reads them.
                for i in [0, w].into_iter().chain(qx_range[y].range()) {
                    let q = sx(i, y);
                    qx_row[i] = q;
                    if q != 0.0 {
                        sums.qx_nonzero.include(i);
                    }
                }
                for x in qy_range[y].range() {
                    let q = sy(x, y);
                    qy_row[x] = q;
                    if q != 0.0 {
                        sums.qy_nonzero.include(x);
                    }
                }
                let cols = cell_cols[y];
                sums.updates = cols.range().len() as u64;
                for x in cols.range() {
                    let c = y * w + x;
                    let (qw, qe, qn, qs) = (qx_row[x], qx_row[x + 1], qy_row[x], sy(x, y + 1));
                    let h0 = depth_row[x];
                    let mut h1 = h0 + dt / dx * ((qw - qe) + (qn - qs));
                    if has_sources {
                        h1 += source_m3[c] / area;
                    }
                    if raining {
                        let rain = rain_at(c);
                        h1 += rain;
                        sums.rain_depth_m += rain;
                    }
                    if !h1.is_finite() {
                        // Quarantined (impossible with validated inputs): reported.
                        sums.non_finite += 1;
                        h1 = 0.0;
                    } else if h1 <= 0.0 {
                        // Round-off below zero after DryCheck.
                        h1 = 0.0;
                    }
                    if infiltration_m > 0.0 && h1 > 0.0 {
                        let loss = infiltration_m.min(h1);
                        h1 -= loss;
                        sums.infiltration_depth_m += loss;
                    }
                    depth_row[x] = h1;
                    if h1 > 0.0 {
                        sums.wet.include(x);
                        sums.depth_max_m = sums.depth_max_m.max(h1);
                    }
                    outputs.record(x, h0, h1, 0.5 * (qw + qe), 0.5 * (qn + qs), t0, dt, threshold);
                }
                // The friction cache, in a branch-free loop the compiler can
                // vectorise; the clamp keeps the bit seed in range and does
                // not change the values the cache promises.
                let r = cols.range();
                for (inv, h) in inv_row[r.clone()].iter_mut().zip(&depth_row[r]) {
                    *inv = inv_pow_7_3(h.clamp(DEPTH_THRESHOLD_M, MAX_FLOW_DEPTH_M));
                }
                // Boundary flows of this row, m³ (positive q enters at the
                // west and north edges, leaves at the east and south).
                let mut boundary = |q: f64, inward: bool| {
                    let v = q.abs() * dt * dx;
                    if (q > 0.0) == inward {
                        sums.boundary_in_m3 += v;
                    } else {
                        sums.boundary_out_m3 += v;
                    }
                };
                if qx_row[0] != 0.0 {
                    boundary(qx_row[0], true);
                }
                if qx_row[w] != 0.0 {
                    boundary(qx_row[w], false);
                }
                if y == 0 {
                    for x in qy_range[0].range() {
                        if qy_row[x] != 0.0 {
                            boundary(qy_row[x], true);
                        }
                    }
                }
                sums
            })
            .collect()
    }

    /// Commits the southern edge's face row (serial: it belongs to no cell
    /// row's task); returns its (inflow, outflow) volumes, m³.
    pub(super) fn commit_south_faces(&mut self, dt: f64) -> (f64, f64) {
        let (w, h) = (self.width, self.height);
        let dx = self.cell_size_m;
        let work = &self.work;
        let (mut inflow, mut outflow) = (0.0, 0.0);
        let mut nonzero = Cols::EMPTY;
        for x in work.qy_range[h].range() {
            let q = limited(work.qy_new[h * w + x], &work.out_scale, Some((h - 1) * w + x), None);
            self.qy_m2_per_s[h * w + x] = q;
            if q > 0.0 {
                outflow += q * dt * dx;
            } else if q < 0.0 {
                inflow -= q * dt * dx;
            }
            if q != 0.0 {
                nonzero.include(x);
            }
        }
        self.qy_cols[h] = nonzero;
        (inflow, outflow)
    }
}
