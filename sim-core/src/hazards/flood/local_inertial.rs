//! [`LocalInertial`]: the LISFLOOD-FP "ACC" local-inertial flood solver
//! (flood.md §1.1–1.3) — its state, the adaptive step, and the four passes
//! of one step (faces, outflow limiting, continuity, bookkeeping).
//!
//! **Numbers.** Everything is f64: a 24-hour run takes 10⁴–10⁵ steps and
//! the volume balance must close to 1e-6 of the throughput; f32 depths
//! (7 digits) lose that in the continuity sum alone.
//!
//! **Only wet cells cost work.** Per row the state keeps the column range
//! holding water and the ranges where face discharges may be non-zero; a
//! step visits only rows and columns within one cell of water (a face can
//! only flow when a neighbouring cell is deeper than [`DEPTH_THRESHOLD_M`]),
//! plus source cells, stage edges and raining zones.
//!
//! **Determinism.** Each pass runs rows in parallel with rayon; every value
//! a pass writes depends only on arrays the pass does not write (the
//! previous step's depths and discharges, or the previous pass's output),
//! so results are bit-identical at any thread count. Floating sums (volumes)
//! are formed per row in column order and combined serially in row order;
//! the domain's maximum depth (for the time step) is a max, which is exact
//! and order-free.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::boundary::{EdgeCell, EdgeRule, StepEdges, edge_face_q, inv_pow_7_3};
use super::domain::{DEPTH_THRESHOLD_M, FloodDomain, FloodError, GRAVITY_M_PER_S2, MAX_FLOW_DEPTH_M};
use super::outputs::FloodOutputs;
use super::sources::{FloodSources, M_PER_S_PER_MM_PER_H};

/// Rows per rayon task at least hold this many cells: enough work to pay
/// for the task, few enough tasks to balance. Does not affect results.
const CELLS_PER_TASK: usize = 4096;

/// The solver's knobs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SolverParams {
    /// Weight of a face's own discharge in de Almeida et al.'s (2012)
    /// q-centred scheme, in [0, 1]; the rest goes to the two parallel
    /// neighbours. Default 1.0 as LISFLOOD-FP 8.1 (plain Bates et al. 2010;
    /// below 1 adds numerical diffusion — Landlab uses 0.8).
    pub theta: f64,
    /// Courant number α in Δt = α·Δx/√(g·h_max), in (0, 1]; default 0.7
    /// (LISFLOOD-FP `cfl`, Landlab's α).
    pub cfl: f64,
    /// Longest step, s: used when the map is dry and caps the CFL step
    /// (LISFLOOD-FP `initial_tstep`).
    pub max_step_s: f64,
}

impl Default for SolverParams {
    fn default() -> SolverParams {
        SolverParams {
            theta: 1.0,
            cfl: 0.7,
            max_step_s: 10.0,
        }
    }
}

impl SolverParams {
    fn validate(&self) -> Result<(), FloodError> {
        let checks: [(&'static str, f64, bool, &'static str); 3] = [
            ("theta", self.theta, (0.0..=1.0).contains(&self.theta), "0 ≤ θ ≤ 1"),
            ("cfl", self.cfl, self.cfl > 0.0 && self.cfl <= 1.0, "0 < α ≤ 1"),
            (
                "max_step_s",
                self.max_step_s,
                self.max_step_s > 0.0 && self.max_step_s.is_finite(),
                "positive, finite",
            ),
        ];
        match checks.into_iter().find(|c| !c.2) {
            Some((field, value, _, range)) => Err(FloodError::SolverParam { field, value, range }),
            None => Ok(()),
        }
    }
}

/// What one [`LocalInertial::advance`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AdvanceReport {
    /// Solver steps taken.
    pub steps: u64,
    /// Cell continuity updates made (the active region summed over steps).
    pub cell_updates: u64,
    /// Cells whose depth came out non-finite and were reset to dry (0 with
    /// valid inputs; reported, never a panic).
    pub non_finite_cells: u64,
    /// True when the domain does not match the state's grid (nothing done).
    pub shape_mismatch: bool,
}

/// An inclusive column range; empty when `lo > hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Cols {
    lo: u32,
    hi: u32,
}

impl Cols {
    const EMPTY: Cols = Cols { lo: u32::MAX, hi: 0 };

    fn new(lo: usize, hi: usize) -> Cols {
        Cols {
            lo: lo as u32,
            hi: hi as u32,
        }
    }

    fn is_empty(self) -> bool {
        self.lo > self.hi
    }

    fn hull(self, other: Cols) -> Cols {
        Cols {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }

    fn widen(self, by: u32, max: u32) -> Cols {
        if self.is_empty() {
            return self;
        }
        Cols {
            lo: self.lo.saturating_sub(by),
            hi: self.hi.saturating_add(by).min(max),
        }
    }

    fn clip(self, lo: u32, hi: u32) -> Cols {
        Cols {
            lo: self.lo.max(lo),
            hi: self.hi.min(hi),
        }
    }

    fn include(&mut self, x: usize) {
        *self = self.hull(Cols::new(x, x));
    }

    pub(super) fn range(self) -> std::ops::Range<usize> {
        if self.is_empty() {
            0..0
        } else {
            self.lo as usize..self.hi as usize + 1
        }
    }
}

/// Scratch reused between steps. Its content between steps has no meaning
/// beyond "zero outside the recorded written ranges", which a fresh
/// workspace satisfies, so it is not serialised and a restored snapshot
/// continues bit-identically.
#[derive(Debug, Clone, Default)]
struct Workspace {
    qx_new: Vec<f64>,
    qy_new: Vec<f64>,
    qx_written: Vec<Cols>,
    qy_written: Vec<Cols>,
    qx_range: Vec<Cols>,
    qy_range: Vec<Cols>,
    cell_cols: Vec<Cols>,
    /// Fraction of each outgoing face flux a cell can supply (DryCheck).
    out_scale: Vec<f64>,
    source_m3: Vec<f64>,
    source_cells: Vec<usize>,
    /// [`inv_pow_7_3`] of each cell's depth where THRESHOLD < depth ≤
    /// MAX_FLOW_DEPTH (anything finite elsewhere); kept current by the
    /// continuity pass, rebuilt when `inv_h73_valid` is false.
    inv_h73: Vec<f64>,
    inv_h73_valid: bool,
}

/// The flood state on a [`FloodDomain`]'s grid.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LocalInertial {
    pub(super) params: SolverParams,
    pub(super) width: usize,
    pub(super) height: usize,
    pub(super) cell_size_m: f64,
    /// The flood clock, s.
    pub(super) time_s: f64,
    pub(super) steps: u64,
    pub(super) depth_m: Vec<f64>,
    /// Unit discharge on vertical faces, (w+1) per row, positive eastwards.
    pub(super) qx_m2_per_s: Vec<f64>,
    /// Unit discharge on horizontal faces, h+1 rows of w, positive southwards.
    pub(super) qy_m2_per_s: Vec<f64>,
    /// Per row, the columns holding water (depth > 0).
    pub(super) wet_cols: Vec<Cols>,
    /// Per row, the x faces (0..=w, edges included) whose discharge may be
    /// non-zero.
    pub(super) qx_cols: Vec<Cols>,
    /// Per face row (h+1), the y faces whose discharge may be non-zero.
    pub(super) qy_cols: Vec<Cols>,
    /// Deepest water on the map, m (sets the next step).
    pub(super) depth_max_m: f64,
    pub(super) outputs: FloodOutputs,
    #[serde(skip)]
    work: Workspace,
}

impl PartialEq for LocalInertial {
    /// Compares the state; the scratch workspace is not state.
    fn eq(&self, other: &LocalInertial) -> bool {
        self.params == other.params
            && self.width == other.width
            && self.height == other.height
            && self.cell_size_m == other.cell_size_m
            && self.time_s == other.time_s
            && self.steps == other.steps
            && self.depth_m == other.depth_m
            && self.qx_m2_per_s == other.qx_m2_per_s
            && self.qy_m2_per_s == other.qy_m2_per_s
            && self.wet_cols == other.wet_cols
            && self.qx_cols == other.qx_cols
            && self.qy_cols == other.qy_cols
            && self.depth_max_m == other.depth_max_m
            && self.outputs == other.outputs
    }
}

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

/// Result of the continuity pass for one row.
#[derive(Debug, Clone, Copy)]
struct RowSums {
    rain_depth_m: f64,
    infiltration_depth_m: f64,
    boundary_in_m3: f64,
    boundary_out_m3: f64,
    depth_max_m: f64,
    wet: Cols,
    qx_nonzero: Cols,
    qy_nonzero: Cols,
    non_finite: u64,
    updates: u64,
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

/// The faces of a northern or southern edge to compute: none when closed,
/// those by water (or still flowing) when free, all under a stage.
fn edge_faces(rule: EdgeRule, flowing: Cols, wet: Cols, full: Cols) -> Cols {
    match rule {
        EdgeRule::Closed => Cols::EMPTY,
        EdgeRule::Free { .. } => flowing.hull(wet),
        EdgeRule::Stage { .. } => full,
    }
}

/// Zeroes `row[i]` for `i` in `written` but not in `now`.
fn zero_leftovers(row: &mut [f64], written: Cols, now: Cols) {
    for i in written.range() {
        if now.is_empty() || i < now.lo as usize || i > now.hi as usize {
            row[i] = 0.0;
        }
    }
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
    /// A dry map on `domain`'s grid at time 0.
    pub fn new(domain: &FloodDomain, params: SolverParams) -> Result<LocalInertial, FloodError> {
        params.validate()?;
        let (w, h) = (domain.width(), domain.height());
        Ok(LocalInertial {
            params,
            width: w,
            height: h,
            cell_size_m: domain.cell_size_m(),
            time_s: 0.0,
            steps: 0,
            depth_m: vec![0.0; w * h],
            qx_m2_per_s: vec![0.0; (w + 1) * h],
            qy_m2_per_s: vec![0.0; w * (h + 1)],
            wet_cols: vec![Cols::EMPTY; h],
            qx_cols: vec![Cols::EMPTY; h],
            qy_cols: vec![Cols::EMPTY; h + 1],
            depth_max_m: 0.0,
            outputs: FloodOutputs::new(w * h),
            work: Workspace::default(),
        })
    }

    /// The solver's parameters.
    pub fn params(&self) -> &SolverParams {
        &self.params
    }

    /// The flood clock, s.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// Solver steps taken since the start.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Water depth per cell, m (row-major).
    pub fn depth_m(&self) -> &[f64] {
        &self.depth_m
    }

    /// Unit discharge on the vertical faces, m²/s, positive eastwards;
    /// `width + 1` faces per row, face `i` west of cell `i`.
    pub fn qx_m2_per_s(&self) -> &[f64] {
        &self.qx_m2_per_s
    }

    /// Unit discharge on the horizontal faces, m²/s, positive southwards;
    /// `height + 1` rows of `width`, face row `j` north of cell row `j`.
    pub fn qy_m2_per_s(&self) -> &[f64] {
        &self.qy_m2_per_s
    }

    /// Deepest water on the map now, m.
    pub fn depth_max_m(&self) -> f64 {
        self.depth_max_m
    }

    fn fits(&self, domain: &FloodDomain) -> bool {
        domain.width() == self.width && domain.height() == self.height && domain.cell_size_m() == self.cell_size_m
    }

    /// Replaces the depths (an initial condition, or water placed by an
    /// inject); the change in stored water is booked as initial water.
    pub fn set_depths(&mut self, depth_m: Vec<f64>) -> Result<(), FloodError> {
        if depth_m.len() != self.depth_m.len() {
            return Err(FloodError::RasterLength {
                field: "depth",
                width: self.width,
                height: self.height,
                expected: self.depth_m.len(),
                found: depth_m.len(),
            });
        }
        let mut bad = depth_m
            .iter()
            .enumerate()
            .filter(|(_, d)| !(d.is_finite() && **d >= 0.0))
            .map(|(i, _)| i);
        if let Some(first_cell) = bad.next() {
            return Err(FloodError::Depth {
                first_cell,
                count: 1 + bad.count(),
            });
        }
        let before = self.storage_m3();
        self.depth_m = depth_m;
        self.work.inv_h73_valid = false;
        let w = self.width;
        for (y, cols) in self.wet_cols.iter_mut().enumerate() {
            let row = &self.depth_m[y * w..(y + 1) * w];
            *cols = match (row.iter().position(|d| *d > 0.0), row.iter().rposition(|d| *d > 0.0)) {
                (Some(lo), Some(hi)) => Cols::new(lo, hi),
                _ => Cols::EMPTY,
            };
        }
        self.depth_max_m = self.depth_m.iter().copied().fold(0.0, f64::max);
        let after = self.storage_m3();
        self.outputs.balance.initial_m3 += after - before;
        self.outputs.balance.refresh(after);
        Ok(())
    }

    /// Fills every cell below `level_m` up to it (a lake at rest).
    pub fn fill_to_level(&mut self, domain: &FloodDomain, level_m: f64) -> Result<(), FloodError> {
        let depth = domain.bed_m().iter().map(|z| (level_m - z).max(0.0)).collect();
        self.set_depths(depth)
    }

    /// Advances the flood to exactly `until_s` (the sim calls this once per
    /// 10-s tick).
    ///
    /// Each step is the CFL step Δt = min(α·Δx/√(g·h_max), `max_step_s`)
    /// shortened so the steps left before `until_s` are equal: n =
    /// ⌈remaining/Δt⌉ steps of remaining/n. (Clipping only the last step
    /// to the remainder, as a first version did, makes the step alternate
    /// between ~Δt and a sliver every tick; the staggered scheme is a
    /// leapfrog, and two unequal steps near α = 0.7 compose to an unstable
    /// map for grid-scale modes in 2D — EA Test 4 in 10-s ticks grew a
    /// checkerboard reaching 0.65 m where the peak is 0.325 m.) Landing on
    /// ticks costs a few percent more steps than LISFLOOD-FP's unclipped
    /// stepping ([`LocalInertial::advance_whole_steps`]) and changes results
    /// slightly (EA Test 4: the same to 1 mm and 1 s). The step sequence
    /// depends only on the state and `until_s`, so the sim's `step(10)`
    /// equals ten `step(1)`: both make the same calls.
    ///
    /// `domain` and `sources` must be the ones the run was set up with; a
    /// domain of another shape is refused (nothing done, reported).
    pub fn advance(&mut self, domain: &FloodDomain, sources: &FloodSources, until_s: f64) -> AdvanceReport {
        self.advance_steps(domain, sources, until_s, true)
    }

    /// Advances by whole CFL steps while they end at or before `until_s`,
    /// as LISFLOOD-FP steps: the flood clock then lags the caller's by less
    /// than one step, and results do not depend on how the caller slices
    /// time at all.
    pub fn advance_whole_steps(&mut self, domain: &FloodDomain, sources: &FloodSources, until_s: f64) -> AdvanceReport {
        self.advance_steps(domain, sources, until_s, false)
    }

    fn advance_steps(
        &mut self,
        domain: &FloodDomain,
        sources: &FloodSources,
        until_s: f64,
        exact: bool,
    ) -> AdvanceReport {
        let mut report = AdvanceReport::default();
        if !self.fits(domain) {
            report.shape_mismatch = true;
            return report;
        }
        if !until_s.is_finite() {
            return report;
        }
        self.ensure_workspace();
        let dx = self.cell_size_m;
        while self.time_s < until_s {
            let edges = StepEdges::at(domain, self.time_s);
            let h_max = self.depth_max_m.max(edges.stage_depth_max_m(domain));
            let dt_cfl = if h_max > DEPTH_THRESHOLD_M {
                (self.params.cfl * dx / (GRAVITY_M_PER_S2 * h_max).sqrt()).min(self.params.max_step_s)
            } else {
                self.params.max_step_s
            };
            let remaining = until_s - self.time_s;
            let last = dt_cfl >= remaining;
            let dt = if last {
                if !exact && dt_cfl > remaining {
                    break;
                }
                remaining
            } else if exact {
                remaining / libm::ceil(remaining / dt_cfl)
            } else {
                dt_cfl
            };
            self.step(domain, sources, &edges, dt, &mut report);
            if last {
                self.time_s = until_s;
            }
        }
        let storage = self.storage_m3();
        self.outputs.balance.refresh(storage);
        report
    }

    fn ensure_workspace(&mut self) {
        let (w, h) = (self.width, self.height);
        let work = &mut self.work;
        if work.qx_new.len() != (w + 1) * h || work.qy_new.len() != w * (h + 1) {
            *work = Workspace {
                qx_new: vec![0.0; (w + 1) * h],
                qy_new: vec![0.0; w * (h + 1)],
                qx_written: vec![Cols::EMPTY; h],
                qy_written: vec![Cols::EMPTY; h + 1],
                qx_range: vec![Cols::EMPTY; h],
                qy_range: vec![Cols::EMPTY; h + 1],
                cell_cols: vec![Cols::EMPTY; h],
                out_scale: vec![1.0; w * h],
                source_m3: vec![0.0; w * h],
                source_cells: Vec::new(),
                inv_h73: vec![0.0; w * h],
                inv_h73_valid: false,
            };
        }
        if !work.inv_h73_valid {
            for (inv, h) in work.inv_h73.iter_mut().zip(&self.depth_m) {
                *inv = inv_pow_7_3(h.clamp(DEPTH_THRESHOLD_M, MAX_FLOW_DEPTH_M));
            }
            work.inv_h73_valid = true;
        }
    }

    /// One step of `dt` seconds (flood.md §1.3 order: faces and boundary
    /// faces → DryCheck → rain, infiltration, continuity and sources).
    fn step(
        &mut self,
        domain: &FloodDomain,
        sources: &FloodSources,
        edges: &StepEdges,
        dt: f64,
        report: &mut AdvanceReport,
    ) {
        let t0 = self.time_s;
        let gauge_cells = self.outputs.gauge_cells();
        let before: Vec<f64> = gauge_cells.iter().map(|c| self.depth_m[*c]).collect();

        let inflow_m3 = sources.inflow_volumes(t0, dt, &mut self.work.source_m3, &mut self.work.source_cells);
        let rain_zone_m = sources.rain_depths_m(t0, dt);
        let raining = rain_zone_m.iter().any(|d| *d > 0.0);
        let span = self.plan(sources, edges, raining);
        self.faces(domain, edges, dt, span.clone());
        self.limit_outflows(dt, span.clone());
        let infiltration_m = sources.infiltration_mm_per_h * dt * M_PER_S_PER_MM_PER_H;
        let rows = self.continuity(sources, &rain_zone_m, raining, infiltration_m, dt, span.clone());
        let south_out = self.commit_south_faces(dt);

        let area = self.cell_size_m * self.cell_size_m;
        let balance = &mut self.outputs.balance;
        balance.inflow_m3 += inflow_m3;
        let mut depth_max = 0.0f64;
        for (k, row) in rows.iter().enumerate() {
            let y = span.start + k;
            balance.rain_m3 += row.rain_depth_m * area;
            balance.infiltration_m3 += row.infiltration_depth_m * area;
            balance.boundary_inflow_m3 += row.boundary_in_m3;
            balance.boundary_outflow_m3 += row.boundary_out_m3;
            depth_max = depth_max.max(row.depth_max_m);
            self.wet_cols[y] = row.wet;
            self.qx_cols[y] = row.qx_nonzero;
            self.qy_cols[y] = row.qy_nonzero;
            report.non_finite_cells += row.non_finite;
            report.cell_updates += row.updates;
        }
        balance.boundary_inflow_m3 += south_out.0;
        balance.boundary_outflow_m3 += south_out.1;
        self.depth_max_m = depth_max;
        for &c in &self.work.source_cells {
            self.work.source_m3[c] = 0.0;
        }
        self.work.source_cells.clear();

        self.time_s = t0 + dt;
        self.steps += 1;
        report.steps += 1;
        if !gauge_cells.is_empty() {
            let after: Vec<f64> = gauge_cells.iter().map(|c| self.depth_m[*c]).collect();
            self.outputs.record_gauges(&before, &after, t0, dt);
        }
    }

    /// Sets this step's face and cell ranges per row; returns the span of
    /// rows with any work.
    fn plan(&mut self, sources: &FloodSources, edges: &StepEdges, raining: bool) -> std::ops::Range<usize> {
        let (w, h) = (self.width, self.height);
        let last_col = (w - 1) as u32;
        let full = Cols::new(0, w - 1);
        let work = &mut self.work;
        let wet = |y: usize| if y < h { self.wet_cols[y] } else { Cols::EMPTY };
        let (mut first, mut last) = (h, 0);
        for y in 0..h {
            let here = wet(y);
            let above = if y > 0 { wet(y - 1) } else { Cols::EMPTY };
            // Interior x faces that may flow: those still flowing, and those
            // touching wet cells (cells lo..=hi border faces lo..=hi+1).
            let touching = if here.is_empty() {
                Cols::EMPTY
            } else {
                Cols {
                    lo: here.lo,
                    hi: here.hi + 1,
                }
            };
            work.qx_range[y] = self.qx_cols[y].hull(touching).clip(1, last_col);
            work.qy_range[y] = if y == 0 {
                edge_faces(edges.north, self.qy_cols[0], here, full)
            } else {
                self.qy_cols[y].hull(above).hull(here)
            };
            let mut cells = above.hull(here).hull(wet(y + 1)).widen(1, last_col);
            if edges.west.is_stage() {
                cells.include(0);
            }
            if edges.east.is_stage() {
                cells.include(w - 1);
            }
            if (y == 0 && edges.north.is_stage()) || (y == h - 1 && edges.south.is_stage()) {
                cells = full;
            }
            if raining && let Some((lo, hi)) = sources.rain.as_ref().and_then(|r| r.row_extent(y, w)) {
                cells = cells.hull(Cols::new(lo, hi));
            }
            work.cell_cols[y] = cells;
            // A row whose edge faces still flow stays in the span until they stop.
            if !(cells.is_empty() && self.qx_cols[y].is_empty() && work.qy_range[y].is_empty()) {
                first = first.min(y);
                last = y;
            }
        }
        for &c in &work.source_cells {
            let y = c / w;
            work.cell_cols[y].include(c % w);
            first = first.min(y);
            last = last.max(y);
        }
        work.qy_range[h] = edge_faces(edges.south, self.qy_cols[h], wet(h - 1), full);
        if first > last { 0..0 } else { first..last + 1 }
    }

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
    fn faces(&mut self, domain: &FloodDomain, edges: &StepEdges, dt: f64, span: std::ops::Range<usize>) {
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

    /// Pass 2 (LISFLOOD-FP DryCheck): a cell whose outgoing faces would
    /// take more than it holds gets a factor scaling all of them down to
    /// exactly its volume, so no depth goes negative.
    fn limit_outflows(&mut self, dt: f64, span: std::ops::Range<usize>) {
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
    fn continuity(
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
    fn commit_south_faces(&mut self, dt: f64) -> (f64, f64) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazards::flood::{Hydrograph, PointInflow};

    #[test]
    fn column_ranges() {
        let a = Cols::new(3, 5);
        assert!(Cols::EMPTY.is_empty() && !a.is_empty());
        assert_eq!(Cols::EMPTY.hull(a), a);
        assert_eq!(a.hull(Cols::new(9, 9)), Cols::new(3, 9));
        assert_eq!(a.widen(4, 7), Cols::new(0, 7));
        assert!(a.clip(6, 9).is_empty());
        assert_eq!(a.range(), 3..6);
        assert_eq!(Cols::EMPTY.range(), 0..0);
    }

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

    #[test]
    fn parameters_and_shapes_are_checked() {
        let domain = FloodDomain::flat(4, 3, 1.0, 0.0, 0.03).unwrap();
        for params in [
            SolverParams {
                theta: 1.5,
                ..SolverParams::default()
            },
            SolverParams {
                cfl: 0.0,
                ..SolverParams::default()
            },
            SolverParams {
                max_step_s: f64::INFINITY,
                ..SolverParams::default()
            },
        ] {
            assert!(matches!(
                LocalInertial::new(&domain, params),
                Err(FloodError::SolverParam { .. })
            ));
        }
        let mut flood = LocalInertial::new(&domain, SolverParams::default()).unwrap();
        let other = FloodDomain::flat(3, 4, 1.0, 0.0, 0.03).unwrap();
        assert!(flood.advance(&other, &FloodSources::default(), 10.0).shape_mismatch);
        assert!(flood.set_depths(vec![0.0; 5]).is_err());
        assert!(flood.set_depths(vec![-1.0; 12]).is_err());
    }

    /// A dry map does no work and lands exactly on the requested time; a
    /// point source fills only its neighbourhood.
    #[test]
    fn dry_maps_cost_nothing() {
        let domain = FloodDomain::flat(50, 40, 2.0, 0.0, 0.03).unwrap();
        let mut flood = LocalInertial::new(&domain, SolverParams::default()).unwrap();
        let report = flood.advance(&domain, &FloodSources::default(), 95.0);
        assert_eq!((report.steps, report.cell_updates), (10, 0));
        assert_eq!(flood.time_s(), 95.0);
        let sources = FloodSources {
            points: vec![PointInflow {
                cell: 20 * 50 + 25,
                discharge_m3_per_s: Hydrograph::constant(0.1).unwrap(),
            }],
            ..FloodSources::default()
        };
        flood.advance(&domain, &sources, 125.0);
        assert!((flood.volume_balance().storage_m3 - 3.0).abs() < 1e-12);
        assert!(flood.depth_m()[20 * 50 + 25] > 0.0);
        assert_eq!(flood.depth_m()[0], 0.0);
    }
}
