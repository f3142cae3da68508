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
/// factor is applied: `scale_pos` is the factor of the cell feeding a
/// positive flux, `scale_neg` of the one feeding a negative flux (1 beyond
/// the map edge: never limited).
#[inline]
fn limited(q: f64, scale_pos: f64, scale_neg: f64) -> f64 {
    if q > 0.0 {
        q * scale_pos
    } else if q < 0.0 {
        q * scale_neg
    } else {
        0.0
    }
}

/// The hull of the columns of `row` within `cols` holding a non-zero value.
fn nonzero_within(row: &[f64], cols: Cols) -> Cols {
    let r = cols.range();
    let run = &row[r.clone()];
    match (run.iter().position(|q| *q != 0.0), run.iter().rposition(|q| *q != 0.0)) {
        (Some(lo), Some(hi)) => Cols::new(r.start + lo, r.start + hi),
        _ => Cols::EMPTY,
    }
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
                let r = cell_cols[y].range();
                let m = r.len();
                let (c0, f0) = (y * w + r.start, y * (w + 1) + r.start);
                let (qw, qe) = (&qx[f0..f0 + m], &qx[f0 + 1..f0 + 1 + m]);
                let (qn, qs) = (&qy[c0..c0 + m], &qy[c0 + w..c0 + w + m]);
                let held = &depth[c0..c0 + m];
                for (k, scale) in scale_row[r].iter_mut().enumerate() {
                    let out = (-qw[k]).max(0.0) + qe[k].max(0.0) + (-qn[k]).max(0.0) + qs[k].max(0.0);
                    let out_m2 = out * dt;
                    let held_m2 = held[k] * dx;
                    *scale = if out_m2 > held_m2 { held_m2 / out_m2 } else { 1.0 };
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
        let dt_over_dx = dt / dx;
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
        let extras = has_sources || raining || infiltration_m > 0.0;
        let zones = sources.rain.as_ref().and_then(|r| r.zone_of_cell());
        let rain_at = |c: usize| match zones {
            None => rain_zone_m.first().copied().unwrap_or(0.0),
            Some(z) => z
                .get(c)
                .and_then(|zone| rain_zone_m.get(usize::from(*zone)))
                .copied()
                .unwrap_or(0.0),
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
            .map(|(k, ((((depth_row, qx_row), qy_row), inv_row), mut row_outputs))| {
                let y = span.start + k;
                let mut sums = RowSums::NONE;
                // DryCheck factors of this row and its neighbours (none
                // beyond the map edge), and the pass-1 fluxes of this row's
                // x faces and of the y faces north and south of it.
                let scale_here = &scale[y * w..(y + 1) * w];
                let scale_north = (y > 0).then(|| &scale[(y - 1) * w..y * w]);
                let scale_south = (y + 1 < h).then(|| &scale[(y + 1) * w..(y + 2) * w]);
                let new_x = &qx_new[y * (w + 1)..(y + 1) * (w + 1)];
                let new_north = &qy_new[y * w..(y + 1) * w];
                let new_south = &qy_new[(y + 1) * w..(y + 2) * w];

                // Commit this row's faces first (outside their ranges the
                // committed discharge is already 0); continuity reads them.
                // The edge faces are limited only by the cell inside.
                qx_row[0] = limited(new_x[0], 1.0, scale_here[0]);
                qx_row[w] = limited(new_x[w], scale_here[w - 1], 1.0);
                let rx = qx_range[y].range();
                if !rx.is_empty() {
                    // Face i is fed by cell i − 1 when positive, i when negative.
                    let west = &scale_here[rx.start - 1..rx.end - 1];
                    let faces = qx_row[rx.clone()].iter_mut().zip(&new_x[rx.clone()]);
                    for (((q, new), west), east) in faces.zip(west).zip(&scale_here[rx]) {
                        *q = limited(*new, *west, *east);
                    }
                }
                sums.qx_nonzero = nonzero_within(qx_row, qx_range[y]);
                for edge in [0, w] {
                    if qx_row[edge] != 0.0 {
                        sums.qx_nonzero.include(edge);
                    }
                }
                let ry = qy_range[y].range();
                // Face x of this face row is fed by cell (x, y − 1) when
                // positive (none on the northern edge), (x, y) when negative.
                let faces = qy_row[ry.clone()].iter_mut().zip(&new_north[ry.clone()]);
                match scale_north {
                    Some(north) => {
                        for ((q, new), (north, here)) in faces.zip(north[ry.clone()].iter().zip(&scale_here[ry])) {
                            *q = limited(*new, *north, *here);
                        }
                    }
                    None => {
                        for ((q, new), here) in faces.zip(&scale_here[ry]) {
                            *q = limited(*new, 1.0, *here);
                        }
                    }
                }
                sums.qy_nonzero = nonzero_within(qy_row, qy_range[y]);

                let qx_row: &[f64] = qx_row;
                let qy_row: &[f64] = qy_row;
                let cols = cell_cols[y].range();
                sums.updates = cols.len() as u64;
                // Every slice below is cut to this row's cells (x faces: one
                // more), so the loop carries no index checks.
                let (lo, m) = (cols.start, cols.len());
                let (qx, qy) = (&qx_row[lo..lo + m + 1], &qy_row[lo..lo + m]);
                let (south, scale) = (&new_south[lo..lo + m], &scale_here[lo..lo + m]);
                let scale_south = scale_south.map(|s| &s[lo..lo + m]);
                let depth = &mut depth_row[lo..lo + m];
                let mut outputs = row_outputs.columns(cols.clone());
                for k in 0..m {
                    let (qw, qe, qn) = (qx[k], qx[k + 1], qy[k]);
                    let qs = limited(south[k], scale[k], scale_south.map_or(1.0, |s| s[k]));
                    let h0 = depth[k];
                    let mut h1 = h0 + dt_over_dx * ((qw - qe) + (qn - qs));
                    if extras {
                        let c = y * w + lo + k;
                        if has_sources {
                            h1 += source_m3[c] / area;
                        }
                        if raining {
                            let rain = rain_at(c);
                            h1 += rain;
                            sums.rain_depth_m += rain;
                        }
                    }
                    if !h1.is_finite() {
                        // Quarantined (impossible with validated inputs): reported.
                        sums.non_finite += 1;
                        h1 = 0.0;
                    } else if h1 <= 0.0 {
                        // Round-off below zero after DryCheck.
                        h1 = 0.0;
                    }
                    if extras && infiltration_m > 0.0 && h1 > 0.0 {
                        let loss = infiltration_m.min(h1);
                        h1 -= loss;
                        sums.infiltration_depth_m += loss;
                    }
                    depth[k] = h1;
                    // h1 ≥ +0 here, so this is the max over the wet cells.
                    sums.depth_max_m = sums.depth_max_m.max(h1);
                    outputs.record(k, h0, h1, 0.5 * (qw + qe), 0.5 * (qn + qs), t0, dt, threshold);
                }
                sums.wet = match (
                    depth.iter().position(|d| *d > 0.0),
                    depth.iter().rposition(|d| *d > 0.0),
                ) {
                    (Some(first), Some(last)) => Cols::new(lo + first, lo + last),
                    _ => Cols::EMPTY,
                };
                // The friction cache, in a branch-free loop the compiler can
                // vectorise; the clamp keeps the bit seed in range and does
                // not change the values the cache promises.
                for (inv, h) in inv_row[cols.clone()].iter_mut().zip(&depth_row[cols]) {
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
            let q = limited(work.qy_new[h * w + x], work.out_scale[(h - 1) * w + x], 1.0);
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
