//! The local-inertial solver's state ([`LocalInertial`]), its knobs, its
//! scratch workspace, and the public API that sets and reads depths.

use serde::{Deserialize, Serialize};

use super::active::Cols;
use crate::hazards::flood::boundary::inv_pow_7_3;
use crate::hazards::flood::domain::{DEPTH_THRESHOLD_M, FloodDomain, FloodError, MAX_FLOW_DEPTH_M};
use crate::hazards::flood::outputs::FloodOutputs;

/// Rows per rayon task at least hold this many cells: enough work to pay
/// for the task, few enough tasks to balance. Does not affect results.
pub(super) const CELLS_PER_TASK: usize = 4096;

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

/// Scratch reused between steps. Its content between steps has no meaning
/// beyond "zero outside the recorded written ranges", which a fresh
/// workspace satisfies, so it is not serialised and a restored snapshot
/// continues bit-identically.
#[derive(Debug, Clone, Default)]
pub(super) struct Workspace {
    pub(super) qx_new: Vec<f64>,
    pub(super) qy_new: Vec<f64>,
    pub(super) qx_written: Vec<Cols>,
    pub(super) qy_written: Vec<Cols>,
    pub(super) qx_range: Vec<Cols>,
    pub(super) qy_range: Vec<Cols>,
    pub(super) cell_cols: Vec<Cols>,
    /// Fraction of each outgoing face flux a cell can supply (DryCheck).
    pub(super) out_scale: Vec<f64>,
    pub(super) source_m3: Vec<f64>,
    pub(super) source_cells: Vec<usize>,
    /// [`inv_pow_7_3`] of each cell's depth where THRESHOLD < depth ≤
    /// MAX_FLOW_DEPTH (anything finite elsewhere); kept current by the
    /// continuity pass, rebuilt when `inv_h73_valid` is false.
    pub(super) inv_h73: Vec<f64>,
    pub(super) inv_h73_valid: bool,
}

/// The flood state on a [`FloodDomain`]'s grid.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LocalInertial {
    pub(in crate::hazards::flood) params: SolverParams,
    pub(in crate::hazards::flood) width: usize,
    pub(in crate::hazards::flood) height: usize,
    pub(in crate::hazards::flood) cell_size_m: f64,
    /// The flood clock, s.
    pub(in crate::hazards::flood) time_s: f64,
    pub(in crate::hazards::flood) steps: u64,
    pub(in crate::hazards::flood) depth_m: Vec<f64>,
    /// Unit discharge on vertical faces, (w+1) per row, positive eastwards.
    pub(in crate::hazards::flood) qx_m2_per_s: Vec<f64>,
    /// Unit discharge on horizontal faces, h+1 rows of w, positive southwards.
    pub(in crate::hazards::flood) qy_m2_per_s: Vec<f64>,
    /// Per row, the columns holding water (depth > 0).
    pub(in crate::hazards::flood) wet_cols: Vec<Cols>,
    /// Per row, the x faces (0..=w, edges included) whose discharge may be
    /// non-zero.
    pub(in crate::hazards::flood) qx_cols: Vec<Cols>,
    /// Per face row (h+1), the y faces whose discharge may be non-zero.
    pub(in crate::hazards::flood) qy_cols: Vec<Cols>,
    /// Deepest water on the map, m (sets the next step).
    pub(in crate::hazards::flood) depth_max_m: f64,
    pub(in crate::hazards::flood) outputs: FloodOutputs,
    #[serde(skip)]
    pub(super) work: Workspace,
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

    pub(super) fn fits(&self, domain: &FloodDomain) -> bool {
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

    pub(super) fn ensure_workspace(&mut self) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazards::flood::FloodSources;

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
}
