//! The parallel passes of one time step: primitive variables, the flux
//! residual (reconstruction + face fluxes + centred bed source), and the
//! pointwise Runge–Kutta stage updates with friction and sources.
//!
//! Determinism: every pass writes disjoint rows and reads only arrays that
//! no pass is writing at the same time, so a cell's new value is a pure
//! function of the old arrays. Faces on the border between two row blocks
//! are computed by both blocks with the same function and inputs, hence
//! identically. Reductions return one value per row in row order (rayon's
//! indexed `collect`); the caller combines them serially, and the only
//! parallel-combined quantity is a maximum, which is order-free.

use rayon::prelude::*;

use super::riemann::{FaceFlux, FaceSide, SweEdges, THIN_DEPTH_M, edge_face, interior_face, muscl, velocities};

/// Rows per parallel block of the residual pass. Each block recomputes the
/// face row above it (1/16 extra work); the results do not depend on it.
const BLOCK_ROWS: usize = 16;

/// A depth more negative than this after a stage is a real positivity
/// failure (the step is retried with half the time step); anything between
/// it and 0 is round-off and is clamped to 0 (and booked), m.
pub const NEGATIVE_DEPTH_TOLERANCE_M: f64 = 1e-12;

/// Depth, surface elevation and velocities of a state: what the residual reads.
#[derive(Debug, Clone, Default)]
pub(super) struct Primitives {
    pub eta: Vec<f64>,
    pub u: Vec<f64>,
    pub v: Vec<f64>,
}

impl Primitives {
    pub fn resize(&mut self, n: usize) {
        for a in [&mut self.eta, &mut self.u, &mut self.v] {
            a.resize(n, 0.0);
        }
    }
}

/// Conserved variables of a state: depth h (m) and discharges hu, hv (m²/s).
#[derive(Debug, Clone, Default)]
pub(super) struct Conserved {
    pub h: Vec<f64>,
    pub hu: Vec<f64>,
    pub hv: Vec<f64>,
}

impl Conserved {
    pub fn resize(&mut self, n: usize) {
        for a in [&mut self.h, &mut self.hu, &mut self.hv] {
            a.resize(n, 0.0);
        }
    }
}

/// The primitive variables of one cell: (η, u, v). Everything that reads
/// primitives goes through this one function, so primitives fused into a
/// stage equal the ones recomputed from a restored snapshot, bit for bit.
#[inline]
pub(super) fn primitive(h: f64, hu: f64, hv: f64, z: f64) -> (f64, f64, f64) {
    let (u, v) = velocities(h, hu, hv);
    (h + z, u, v)
}

/// Fills `prim` from a state, rows in parallel.
pub(super) fn primitives(width: usize, state: &Conserved, bed_m: &[f64], prim: &mut Primitives) {
    let w = width.max(1);
    prim.eta
        .par_chunks_mut(w)
        .zip(prim.u.par_chunks_mut(w))
        .zip(prim.v.par_chunks_mut(w))
        .enumerate()
        .for_each(|(y, ((eta, u), v))| {
            let base = y * w;
            for x in 0..eta.len() {
                let i = base + x;
                (eta[x], u[x], v[x]) = primitive(state.h[i], state.hu[i], state.hv[i], bed_m[i]);
            }
        });
}

/// What the residual pass reads.
pub(super) struct Residual<'a> {
    pub width: usize,
    pub height: usize,
    pub g: f64,
    pub inv_dx: f64,
    /// Generalised-minmod θ (1 = minmod).
    pub theta: f64,
    pub edges: SweEdges,
    pub h: &'a [f64],
    pub prim: &'a Primitives,
}

/// Per-row results of the residual pass.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ResidualRow {
    /// Largest face signal speed touching the row, m/s.
    pub max_speed: f64,
    /// Mass leaving through the domain edge in this row (east and west
    /// faces, plus the whole north/south face row for the first/last row),
    /// per unit face width summed over faces, m²/s.
    pub outflow_m2_per_s: f64,
}

/// One row of the state the residual reads, each slice `width` long.
#[derive(Clone, Copy)]
struct Row<'a> {
    h: &'a [f64],
    eta: &'a [f64],
    u: &'a [f64],
    v: &'a [f64],
}

impl Row<'_> {
    /// Cell `x` seen from an x-face: normal velocity u, tangential v.
    #[inline]
    fn x_side(&self, x: usize) -> FaceSide {
        FaceSide {
            h: self.h[x],
            eta: self.eta[x],
            un: self.u[x],
            ut: self.v[x],
        }
    }

    /// Cell `x` seen from a y-face: normal velocity v, tangential u.
    #[inline]
    fn y_side(&self, x: usize) -> FaceSide {
        FaceSide {
            h: self.h[x],
            eta: self.eta[x],
            un: self.v[x],
            ut: self.u[x],
        }
    }
}

impl Residual<'_> {
    #[inline]
    fn row(&self, y: usize) -> Row<'_> {
        let r = y * self.width..(y + 1) * self.width;
        Row {
            h: &self.h[r.clone()],
            eta: &self.prim.eta[r.clone()],
            u: &self.prim.u[r.clone()],
            v: &self.prim.v[r],
        }
    }

    /// Face values (minus, plus) of `centre` along one axis, given its two
    /// neighbours along that axis (`None` at the domain edge). First order,
    /// at the domain edge, and in dry or thin cells the cell is constant: a
    /// dry cell's "surface" is its bed, and a slope through it would open
    /// spurious flow paths onto islands.
    #[inline(always)]
    fn reconstruct<const SECOND: bool>(
        &self,
        centre: FaceSide,
        neighbours: impl FnOnce() -> Option<(FaceSide, FaceSide)>,
    ) -> (FaceSide, FaceSide) {
        if SECOND
            && centre.h > THIN_DEPTH_M
            && let Some((minus, plus)) = neighbours()
        {
            return muscl(&minus, &centre, &plus, self.theta);
        }
        (centre, centre)
    }

    /// The centred source term of Audusse et al. (2004, §2.3) in the form
    /// left after moving each side's ½ g h² out of the face fluxes:
    /// ½ g (h₋ + h₊)(η₋ − η₊), m³/s². Zero for a flat surface, whatever the bed.
    #[inline]
    fn centred_source(&self, minus: &FaceSide, plus: &FaceSide) -> f64 {
        0.5 * self.g * (minus.h + plus.h) * (minus.eta - plus.eta)
    }

    /// The y reconstruction (north face, south face) of every cell of row
    /// `y` (second order only; first order reads the cells directly).
    fn y_reconstruction(&self, y: usize, out: &mut [(FaceSide, FaceSide)]) {
        let row = self.row(y);
        let north = (y > 0).then(|| self.row(y - 1));
        let south = (y + 1 < self.height).then(|| self.row(y + 1));
        for (x, slot) in out.iter_mut().enumerate() {
            *slot = self.reconstruct::<true>(row.y_side(x), || match (north, south) {
                (Some(n), Some(s)) => Some((n.y_side(x), s.y_side(x))),
                _ => None,
            });
        }
    }

    /// dU/dt of every cell into `out` (rows in parallel); per-row speeds and outflow.
    pub fn run<const SECOND: bool>(&self, out: &mut Conserved) -> Vec<ResidualRow> {
        let w = self.width;
        let chunk = BLOCK_ROWS * w;
        let blocks: Vec<Vec<ResidualRow>> = out
            .h
            .par_chunks_mut(chunk)
            .zip(out.hu.par_chunks_mut(chunk))
            .zip(out.hv.par_chunks_mut(chunk))
            .enumerate()
            .map(|(b, ((rh, rhu), rhv))| self.block::<SECOND>(b * BLOCK_ROWS, rh, rhu, rhv))
            .collect();
        blocks.into_iter().flatten().collect()
    }

    /// One block of rows starting at `y0`; `rh`, `rhu`, `rhv` are its rows.
    ///
    /// Faces are computed as the sweep reaches them, each once per block:
    /// a cell's east face becomes the next cell's west face, and its south
    /// face waits in `north` to be the north face of the cell below. Only
    /// the block's first north-face row is also computed by the block above.
    fn block<const SECOND: bool>(
        &self,
        y0: usize,
        rh: &mut [f64],
        rhu: &mut [f64],
        rhv: &mut [f64],
    ) -> Vec<ResidualRow> {
        let w = self.width;
        let rows = rh.len() / w;
        let blank = (FaceSide::default(), FaceSide::default());
        let (mut rec, mut rec_next) = if SECOND {
            (vec![blank; w], vec![blank; w])
        } else {
            (Vec::new(), Vec::new())
        };
        // The y face values of cell x of row y: (north side, south side).
        let y_sides = |rec: &[(FaceSide, FaceSide)], row: &Row<'_>, x: usize| {
            if SECOND {
                rec[x]
            } else {
                let c = row.y_side(x);
                (c, c)
            }
        };

        let mut north = vec![FaceFlux::default(); w];
        let mut north_edge_outflow = 0.0;
        let mut north_edge_speed = 0.0f64;
        {
            let row = self.row(y0);
            if SECOND {
                self.y_reconstruction(y0, &mut rec);
            }
            if y0 == 0 {
                for (x, f) in north.iter_mut().enumerate() {
                    *f = edge_face(self.g, self.edges.north, &y_sides(&rec, &row, x).0, false);
                    north_edge_outflow -= f.mass;
                    north_edge_speed = north_edge_speed.max(f.speed);
                }
            } else {
                let above = self.row(y0 - 1);
                if SECOND {
                    self.y_reconstruction(y0 - 1, &mut rec_next);
                }
                for (x, f) in north.iter_mut().enumerate() {
                    *f = interior_face(self.g, &y_sides(&rec_next, &above, x).1, &y_sides(&rec, &row, x).0);
                }
            }
        }

        let mut stats = Vec::with_capacity(rows);
        for r in 0..rows {
            let y = y0 + r;
            let row = self.row(y);
            let below = (y + 1 < self.height).then(|| self.row(y + 1));
            if SECOND && below.is_some() {
                self.y_reconstruction(y + 1, &mut rec_next);
            }
            let mut cur = self.reconstruct::<SECOND>(row.x_side(0), || None);
            let mut west = edge_face(self.g, self.edges.west, &cur.0, false);
            let mut max_speed = west.speed;
            let mut outflow = -west.mass;
            let out_row = r * w..(r + 1) * w;
            let (rh, rhu, rhv) = (&mut rh[out_row.clone()], &mut rhu[out_row.clone()], &mut rhv[out_row]);
            for x in 0..w {
                let (east, next) = if x + 1 < w {
                    let next = self.reconstruct::<SECOND>(row.x_side(x + 1), || {
                        (x + 2 < w).then(|| (row.x_side(x), row.x_side(x + 2)))
                    });
                    (interior_face(self.g, &cur.1, &next.0), next)
                } else {
                    (edge_face(self.g, self.edges.east, &cur.1, true), cur)
                };
                let (ys_north, ys_south) = y_sides(&rec, &row, x);
                let south = match &below {
                    Some(b) => interior_face(self.g, &ys_south, &y_sides(&rec_next, b, x).0),
                    None => {
                        let f = edge_face(self.g, self.edges.south, &ys_south, true);
                        outflow += f.mass;
                        f
                    }
                };
                let n = &north[x];
                let (x_source, y_source) = if SECOND {
                    (
                        self.centred_source(&cur.0, &cur.1),
                        self.centred_source(&ys_north, &ys_south),
                    )
                } else {
                    (0.0, 0.0)
                };
                rh[x] = (west.mass - east.mass + n.mass - south.mass) * self.inv_dx;
                rhu[x] = (west.mom_plus - east.mom_minus + n.trans - south.trans + x_source) * self.inv_dx;
                rhv[x] = (west.trans - east.trans + n.mom_plus - south.mom_minus + y_source) * self.inv_dx;
                max_speed = max_speed.max(east.speed).max(south.speed);
                north[x] = south;
                west = east;
                cur = next;
            }
            outflow += west.mass;
            if y == 0 {
                outflow += north_edge_outflow;
                max_speed = max_speed.max(north_edge_speed);
            }
            stats.push(ResidualRow {
                max_speed,
                outflow_m2_per_s: outflow,
            });
            if SECOND {
                std::mem::swap(&mut rec, &mut rec_next);
            }
        }
        stats
    }
}

/// Per-row results of a stage update.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct StageRow {
    /// Some depth fell below −[`NEGATIVE_DEPTH_TOLERANCE_M`].
    pub failed: bool,
    /// Round-off negative depths clamped to 0, summed, m.
    pub clamped_m: f64,
    /// Depth added by sources (negative for sinks), summed, m.
    pub source_m: f64,
    /// Cells whose update was not finite (reset to dry).
    pub quarantined: u32,
}

/// What a stage update reads besides the states.
pub(super) struct Stage<'a> {
    pub width: usize,
    pub g: f64,
    pub dt_s: f64,
    pub bed_m: &'a [f64],
    pub manning_n: &'a [f64],
    /// Source depth rate per cell, m/s; `None` when there are no sources.
    pub source_m_per_s: Option<&'a [f64]>,
}

impl Stage<'_> {
    /// Source depth for one stage: a sink takes at most the water there.
    #[inline]
    fn source(&self, i: usize, h: f64) -> f64 {
        match self.source_m_per_s {
            Some(s) if s[i] != 0.0 => {
                let add = s[i] * self.dt_s;
                if add < 0.0 { add.max(-h.max(0.0)) } else { add }
            }
            _ => 0.0,
        }
    }

    /// Semi-implicit Manning friction over the stage: with S_f = n²|u|u/h^{4/3},
    /// q ← q / (1 + Δt g n² |u| / h^{4/3}) (e.g. Liang & Marche 2009,
    /// Adv. Water Resour. 32:873, §3.3): unconditionally stable, never
    /// reverses the flow, and drives q → 0 as h → 0.
    #[inline]
    fn friction(&self, i: usize, h: f64, hu: f64, hv: f64) -> (f64, f64) {
        let n = self.manning_n[i];
        if n <= 0.0 || h <= 0.0 {
            return (hu, hv);
        }
        let (u, v) = velocities(h, hu, hv);
        let speed2 = u * u + v * v;
        if speed2 == 0.0 {
            return (hu, hv);
        }
        let inv = 1.0 / (1.0 + self.dt_s * self.g * n * n * speed2.sqrt() / (h * libm::cbrt(h)));
        (hu * inv, hv * inv)
    }

    /// The depth made safe: round-off negatives clamped (booked in `row`),
    /// real negatives flagged; momentum of dry cells zeroed and of thin
    /// films reset to h·u_desingularised (Kurganov & Petrova 2007).
    #[inline]
    fn settle(h: f64, hu: f64, hv: f64, row: &mut StageRow) -> (f64, f64, f64) {
        if !(h.is_finite() && hu.is_finite() && hv.is_finite()) {
            row.quarantined += 1;
            return (0.0, 0.0, 0.0);
        }
        if h <= 0.0 {
            if h < -NEGATIVE_DEPTH_TOLERANCE_M {
                row.failed = true;
            }
            row.clamped_m -= h;
            return (0.0, 0.0, 0.0);
        }
        if h < THIN_DEPTH_M {
            let (u, v) = velocities(h, hu, hv);
            (h, h * u, h * v)
        } else {
            (h, hu, hv)
        }
    }

    /// Forward-Euler stage U_out = U + Δt R + sources, then friction:
    /// the whole step of the first-order scheme, or the first stage of
    /// Heun's method. Writes the state and its primitives.
    pub fn euler(
        &self,
        base: &Conserved,
        rate: &Conserved,
        out: &mut Conserved,
        prim: &mut Primitives,
    ) -> Vec<StageRow> {
        let w = self.width.max(1);
        out.h
            .par_chunks_mut(w)
            .zip(out.hu.par_chunks_mut(w))
            .zip(out.hv.par_chunks_mut(w))
            .zip(prim.eta.par_chunks_mut(w))
            .zip(prim.u.par_chunks_mut(w))
            .zip(prim.v.par_chunks_mut(w))
            .enumerate()
            .map(|(y, (((((h, hu), hv), eta), u), v))| {
                let mut row = StageRow::default();
                for x in 0..h.len() {
                    let i = y * w + x;
                    let h_flux = base.h[i] + self.dt_s * rate.h[i];
                    let add = self.source(i, h_flux);
                    row.source_m += add;
                    let (hn, qu, qv) = Self::settle(
                        h_flux + add,
                        base.hu[i] + self.dt_s * rate.hu[i],
                        base.hv[i] + self.dt_s * rate.hv[i],
                        &mut row,
                    );
                    let (qu, qv) = self.friction(i, hn, qu, qv);
                    (h[x], hu[x], hv[x]) = (hn, qu, qv);
                    (eta[x], u[x], v[x]) = primitive(hn, qu, qv, self.bed_m[i]);
                }
                row
            })
            .collect()
    }

    /// Second stage of Heun's method (SSP-RK2, Shu & Osher 1988):
    /// U_new = ½ (U_n + friction(U₁ + Δt R(U₁) + sources)). `stage` holds U₁
    /// on entry and U_new on return (each cell reads only itself), `prim`
    /// receives U_new's primitives.
    pub fn heun(
        &self,
        base: &Conserved,
        rate: &Conserved,
        stage: &mut Conserved,
        prim: &mut Primitives,
    ) -> Vec<StageRow> {
        let w = self.width.max(1);
        stage
            .h
            .par_chunks_mut(w)
            .zip(stage.hu.par_chunks_mut(w))
            .zip(stage.hv.par_chunks_mut(w))
            .zip(prim.eta.par_chunks_mut(w))
            .zip(prim.u.par_chunks_mut(w))
            .zip(prim.v.par_chunks_mut(w))
            .enumerate()
            .map(|(y, (((((h, hu), hv), eta), u), v))| {
                let mut row = StageRow::default();
                for x in 0..h.len() {
                    let i = y * w + x;
                    let h_flux = h[x] + self.dt_s * rate.h[i];
                    let add = self.source(i, h_flux);
                    row.source_m += add;
                    let h_tilde = h_flux + add;
                    let (qu, qv) = if h_tilde > 0.0 {
                        self.friction(
                            i,
                            h_tilde,
                            hu[x] + self.dt_s * rate.hu[i],
                            hv[x] + self.dt_s * rate.hv[i],
                        )
                    } else {
                        (0.0, 0.0)
                    };
                    let (hn, qu, qv) = Self::settle(
                        0.5 * (base.h[i] + h_tilde),
                        0.5 * (base.hu[i] + qu),
                        0.5 * (base.hv[i] + qv),
                        &mut row,
                    );
                    (h[x], hu[x], hv[x]) = (hn, qu, qv);
                    (eta[x], u[x], v[x]) = primitive(hn, qu, qv, self.bed_m[i]);
                }
                row
            })
            .collect()
    }
}
