//! [`ShallowWaterFlood`]: the solver — set-up, time stepping with step
//! rejection, volume bookkeeping and read-outs.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::config::{
    PointSource, ShallowWaterConfig, ShallowWaterError, ShallowWaterState, SpatialOrder, SweAdvanceReport, VolumeLedger,
};
use super::kernel::{self, Conserved, Primitives, Residual, ResidualRow, Stage, StageRow};
use super::riemann::SweEdges;
use crate::hazards::flood::FloodDomain;

/// Scratch buffers: never serialised, rebuilt on demand.
#[derive(Debug, Clone, Default)]
struct Workspace {
    /// Primitives of the current state, valid when `prim_valid`.
    prim: Primitives,
    prim_valid: bool,
    /// Residual R(U) of the stage being computed.
    rate: Conserved,
    /// Stage state U₁ (and, after Heun's second stage, U_new).
    stage: Conserved,
    stage_prim: Primitives,
    /// Source depth rate per cell, m/s, and the cells holding non-zeros.
    source_m_per_s: Vec<f64>,
    source_cells: Vec<usize>,
    sources: Vec<PointSource>,
}

impl Workspace {
    /// Fills the dense source buffer for a step centred on `t_mid_s`;
    /// returns whether any source is running.
    fn load_sources(
        &mut self,
        t_mid_s: f64,
        cell_size_m: f64,
        sources: &mut dyn FnMut(f64, &mut Vec<PointSource>),
    ) -> bool {
        for &c in &self.source_cells {
            self.source_m_per_s[c] = 0.0;
        }
        self.source_cells.clear();
        self.sources.clear();
        sources(t_mid_s, &mut self.sources);
        let area = cell_size_m * cell_size_m;
        // Serial, in the caller's order: several sources on one cell add up
        // the same way every run.
        for s in &self.sources {
            if s.cell < self.source_m_per_s.len() && s.rate_m3_per_s.is_finite() && s.rate_m3_per_s != 0.0 {
                self.source_m_per_s[s.cell] += s.rate_m3_per_s / area;
                self.source_cells.push(s.cell);
            }
        }
        !self.source_cells.is_empty()
    }
}

/// The full 2D shallow-water equations on a square raster, for rapidly
/// varying flow (dam and dike breaks) where the local-inertial solver is
/// out of its validity range (flood.md §1.5, §2b).
///
/// Scheme: finite-volume Godunov with the HLLC Riemann flux (Toro 2001),
/// Audusse et al. (2004) hydrostatic reconstruction for well-balancing and
/// wet/dry fronts, optional MUSCL–minmod + Heun (default), semi-implicit
/// Manning friction, adaptive Δt from the fastest face signal speed.
/// Axes: x eastwards (columns), y southwards (rows); row 0 is the northern
/// edge, as in [`crate::grid`].
///
/// Set-up takes plain rasters (bed, Manning n, depth) or a `FloodDomain`,
/// and per-edge [`SweEdges`]; sources arrive as [`PointSource`]s per step.
/// The solver keeps its own bed: a dike breach changes it through
/// [`ShallowWaterFlood::set_bed_m`] as well as in the domain.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShallowWaterFlood {
    width: usize,
    height: usize,
    cell_size_m: f64,
    config: ShallowWaterConfig,
    edges: SweEdges,
    /// Bed elevation per cell, m above datum, row-major.
    bed_m: Vec<f64>,
    /// Manning's n per cell, s/m^(1/3).
    manning_n: Vec<f64>,
    state: ShallowWaterState,
    ledger: VolumeLedger,
    #[serde(skip)]
    ws: Workspace,
}

impl PartialEq for ShallowWaterFlood {
    /// Equal set-up, state and ledger (the scratch workspace is ignored).
    fn eq(&self, other: &ShallowWaterFlood) -> bool {
        self.width == other.width
            && self.height == other.height
            && self.cell_size_m == other.cell_size_m
            && self.config == other.config
            && self.edges == other.edges
            && self.bed_m == other.bed_m
            && self.manning_n == other.manning_n
            && self.state == other.state
            && self.ledger == other.ledger
    }
}

/// The first bad value of a raster and how many there are.
fn first_bad(values: &[f64], ok: impl Fn(f64) -> bool) -> Option<(usize, usize)> {
    let mut bad = values.iter().enumerate().filter(|(_, v)| !ok(**v)).map(|(i, _)| i);
    bad.next().map(|first| (first, 1 + bad.count()))
}

impl ShallowWaterFlood {
    /// A solver on a `width × height` grid of square `cell_size_m` cells
    /// with bed elevation `bed_m` (m), Manning `manning_n` (s/m^(1/3), ≥ 0)
    /// and initial depth `depth_m` (m, ≥ 0), all row-major from the
    /// north-west corner; water starts at rest. The first problem found is
    /// returned.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        width: usize,
        height: usize,
        cell_size_m: f64,
        bed_m: Vec<f64>,
        manning_n: Vec<f64>,
        depth_m: Vec<f64>,
        edges: SweEdges,
        config: ShallowWaterConfig,
    ) -> Result<ShallowWaterFlood, ShallowWaterError> {
        let cells = width
            .checked_mul(height)
            .filter(|c| *c > 0)
            .ok_or(ShallowWaterError::EmptyGrid { width, height })?;
        if !(cell_size_m.is_finite() && cell_size_m > 0.0) {
            return Err(ShallowWaterError::CellSize { cell_size_m });
        }
        for (field, found) in [
            ("bed elevation", bed_m.len()),
            ("Manning n", manning_n.len()),
            ("depth", depth_m.len()),
        ] {
            if found != cells {
                return Err(ShallowWaterError::RasterLength {
                    field,
                    expected: cells,
                    found,
                });
            }
        }
        type Check<'a> = (&'static str, &'static str, &'a [f64], fn(f64) -> bool);
        let rasters: [Check<'_>; 3] = [
            ("bed elevation", "finite", &bed_m, |v| v.is_finite()),
            ("Manning n", "finite and ≥ 0", &manning_n, |v| {
                v.is_finite() && v >= 0.0
            }),
            ("depth", "finite and ≥ 0", &depth_m, |v| v.is_finite() && v >= 0.0),
        ];
        for (field, rule, values, ok) in rasters {
            if let Some((first_cell, count)) = first_bad(values, ok) {
                return Err(ShallowWaterError::RasterValue {
                    field,
                    rule,
                    first_cell,
                    count,
                });
            }
        }
        ShallowWaterFlood::from_checked_rasters(width, height, cell_size_m, bed_m, manning_n, depth_m, edges, config)
    }

    /// A dry solver on a [`FloodDomain`]'s grid, bed and roughness (the
    /// domain has already checked its shape and values); water starts at
    /// rest. Only the numerical settings can be refused.
    pub fn from_domain(
        domain: &FloodDomain,
        edges: SweEdges,
        config: ShallowWaterConfig,
    ) -> Result<ShallowWaterFlood, ShallowWaterError> {
        ShallowWaterFlood::from_checked_rasters(
            domain.width(),
            domain.height(),
            domain.cell_size_m(),
            domain.bed_m().to_vec(),
            domain.manning_n().to_vec(),
            vec![0.0; domain.cell_count()],
            edges,
            config,
        )
    }

    /// Checks the settings and builds; the rasters are already known good.
    #[allow(clippy::too_many_arguments)]
    fn from_checked_rasters(
        width: usize,
        height: usize,
        cell_size_m: f64,
        bed_m: Vec<f64>,
        manning_n: Vec<f64>,
        depth_m: Vec<f64>,
        edges: SweEdges,
        config: ShallowWaterConfig,
    ) -> Result<ShallowWaterFlood, ShallowWaterError> {
        let cells = width * height;
        let settings = [
            ("gravity_m_per_s2", config.gravity_m_per_s2, "positive and finite"),
            ("courant", config.courant, "positive and finite"),
            ("max_step_s", config.max_step_s, "positive and finite"),
        ];
        for (field, value, rule) in settings {
            if !(value.is_finite() && value > 0.0) {
                return Err(ShallowWaterError::Config { field, value, rule });
            }
        }
        if !(1.0..=2.0).contains(&config.limiter_theta) {
            return Err(ShallowWaterError::Config {
                field: "limiter_theta",
                value: config.limiter_theta,
                rule: "in [1, 2]",
            });
        }
        let mut flood = ShallowWaterFlood {
            width,
            height,
            cell_size_m,
            config,
            edges,
            bed_m,
            manning_n,
            state: ShallowWaterState {
                time_s: 0.0,
                discharge_x_m2_per_s: vec![0.0; cells],
                discharge_y_m2_per_s: vec![0.0; cells],
                depth_m,
            },
            ledger: VolumeLedger::default(),
            ws: Workspace::default(),
        };
        flood.ledger.initial_m3 = flood.volume_m3();
        Ok(flood)
    }

    /// Columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Side of a cell, m.
    pub fn cell_size_m(&self) -> f64 {
        self.cell_size_m
    }

    /// The numerical settings.
    pub fn config(&self) -> &ShallowWaterConfig {
        &self.config
    }

    /// The edge boundaries.
    pub fn edges(&self) -> SweEdges {
        self.edges
    }

    /// Bed elevation per cell, m.
    pub fn bed_m(&self) -> &[f64] {
        &self.bed_m
    }

    /// Manning n per cell.
    pub fn manning_n(&self) -> &[f64] {
        &self.manning_n
    }

    /// The state (depth, discharges, clock).
    pub fn state(&self) -> &ShallowWaterState {
        &self.state
    }

    /// Seconds since the flood's clock started.
    pub fn time_s(&self) -> f64 {
        self.state.time_s
    }

    /// Depth per cell, m.
    pub fn depth_m(&self) -> &[f64] {
        &self.state.depth_m
    }

    /// The volume ledger.
    pub fn ledger(&self) -> &VolumeLedger {
        &self.ledger
    }

    /// Velocity (u east, v south) of a cell, m/s; (0, 0) when dry or outside.
    /// Films thinner than [`super::THIN_DEPTH_M`] are desingularised.
    pub fn velocity_m_per_s(&self, cell: usize) -> (f64, f64) {
        match self.state.depth_m.get(cell) {
            Some(&h) => (
                super::desingularised_velocity(h, self.state.discharge_x_m2_per_s[cell]),
                super::desingularised_velocity(h, self.state.discharge_y_m2_per_s[cell]),
            ),
            None => (0.0, 0.0),
        }
    }

    /// Speed |(u, v)| per cell, m/s, rows in parallel.
    pub fn speed_m_per_s(&self) -> Vec<f64> {
        let n = self.state.depth_m.len();
        (0..n)
            .into_par_iter()
            .map(|i| {
                let (u, v) = self.velocity_m_per_s(i);
                (u * u + v * v).sqrt()
            })
            .collect()
    }

    /// Water on the grid, m³: summed along each row, then the rows in order.
    pub fn volume_m3(&self) -> f64 {
        let w = self.width.max(1);
        let rows: Vec<f64> = self
            .state
            .depth_m
            .par_chunks(w)
            .map(|r| r.iter().sum::<f64>())
            .collect();
        rows.iter().sum::<f64>() * self.cell_size_m * self.cell_size_m
    }

    /// The fastest gravity-wave signal over wet cells, max(|u|, |v|) + √(g h), m/s
    /// (a maximum, so order-free in parallel). The time step uses the
    /// face-based equivalent from the Riemann solver, which also accounts
    /// for the 2√(g h) of a front running onto dry ground.
    pub fn max_wave_speed_m_per_s(&self) -> f64 {
        let g = self.config.gravity_m_per_s2;
        let w = self.width.max(1);
        let rows: Vec<f64> = self
            .state
            .depth_m
            .par_chunks(w)
            .enumerate()
            .map(|(y, row)| {
                row.iter().enumerate().fold(0.0f64, |m, (x, &h)| {
                    if h <= 0.0 {
                        return m;
                    }
                    let (u, v) = self.velocity_m_per_s(y * w + x);
                    m.max(u.abs().max(v.abs()) + (g * h).sqrt())
                })
            })
            .collect();
        rows.into_iter().fold(0.0, f64::max)
    }

    /// Replaces the depths (water at rest) and restarts the ledger from the
    /// new volume: for scenario set-up, not mid-run events.
    pub fn set_depth_m(&mut self, depth_m: &[f64]) -> Result<(), ShallowWaterError> {
        let cells = self.state.depth_m.len();
        if depth_m.len() != cells {
            return Err(ShallowWaterError::RasterLength {
                field: "depth",
                expected: cells,
                found: depth_m.len(),
            });
        }
        if let Some((first_cell, count)) = first_bad(depth_m, |v| v.is_finite() && v >= 0.0) {
            return Err(ShallowWaterError::RasterValue {
                field: "depth",
                rule: "finite and ≥ 0",
                first_cell,
                count,
            });
        }
        self.state.depth_m.copy_from_slice(depth_m);
        self.state.discharge_x_m2_per_s.fill(0.0);
        self.state.discharge_y_m2_per_s.fill(0.0);
        self.ws.prim_valid = false;
        self.ledger = VolumeLedger {
            initial_m3: self.volume_m3(),
            ..VolumeLedger::default()
        };
        Ok(())
    }

    /// Lowers or raises the bed of one cell (a dike breach), keeping its
    /// depth, so the volume is unchanged. Non-finite values and cells outside
    /// the grid are ignored; returns whether the bed changed.
    pub fn set_bed_m(&mut self, cell: usize, bed_m: f64) -> bool {
        match self.bed_m.get_mut(cell) {
            Some(z) if bed_m.is_finite() => {
                *z = bed_m;
                self.ws.prim_valid = false;
                true
            }
            _ => false,
        }
    }

    /// Advances to exactly `until_s` with no sources (a non-finite or past
    /// `until_s` does nothing).
    pub fn advance(&mut self, until_s: f64) -> SweAdvanceReport {
        self.advance_with_sources(until_s, &mut |_, _| {})
    }

    /// Advances to exactly `until_s`. Before each step, `sources(t_mid_s,
    /// &mut list)` fills `list` (cleared beforehand) with the point sources
    /// at the step's midpoint time, held over the step (midpoint rule:
    /// second order for smooth hydrographs).
    ///
    /// Each step is as long as the Courant condition allows, shortened to
    /// divide the remaining time evenly (`remaining / ⌈remaining / Δt_CFL⌉`),
    /// so the last one lands on `until_s` without a sliver step. The step
    /// sequence depends only on the state and `until_s`.
    pub fn advance_with_sources(
        &mut self,
        until_s: f64,
        sources: &mut dyn FnMut(f64, &mut Vec<PointSource>),
    ) -> SweAdvanceReport {
        let mut report = SweAdvanceReport::default();
        if !until_s.is_finite() {
            return report;
        }
        while self.state.time_s < until_s {
            self.step_within(Some(until_s), sources, &mut report);
        }
        report
    }

    /// One step as long as the Courant condition (and `max_step_s`) allows,
    /// with no sources; returns its length, s. For tests and benchmarks.
    pub fn step(&mut self) -> f64 {
        let mut report = SweAdvanceReport::default();
        let before = self.state.time_s;
        self.step_within(None, &mut |_, _| {}, &mut report);
        self.state.time_s - before
    }

    fn ensure_workspace(&mut self) {
        let n = self.state.depth_m.len();
        if self.ws.rate.h.len() != n {
            self.ws.prim.resize(n);
            self.ws.rate.resize(n);
            self.ws.stage.resize(n);
            self.ws.stage_prim.resize(n);
            self.ws.source_m_per_s.clear();
            self.ws.source_m_per_s.resize(n, 0.0);
            self.ws.prim_valid = false;
        }
        if !self.ws.prim_valid {
            let state = self.state_view();
            kernel::primitives(self.width, &state, &self.bed_m, &mut self.ws.prim);
            self.restore_state(state);
            self.ws.prim_valid = true;
        }
    }

    /// Moves the state vectors into a [`Conserved`] (no copy).
    fn state_view(&mut self) -> Conserved {
        Conserved {
            h: std::mem::take(&mut self.state.depth_m),
            hu: std::mem::take(&mut self.state.discharge_x_m2_per_s),
            hv: std::mem::take(&mut self.state.discharge_y_m2_per_s),
        }
    }

    fn restore_state(&mut self, c: Conserved) {
        self.state.depth_m = c.h;
        self.state.discharge_x_m2_per_s = c.hu;
        self.state.discharge_y_m2_per_s = c.hv;
    }

    /// Residual of the state with the primitives `prim` into `ws.rate`.
    fn residual(&self, h: &[f64], prim: &Primitives, rate: &mut Conserved) -> Vec<ResidualRow> {
        let r = Residual {
            width: self.width,
            height: self.height,
            g: self.config.gravity_m_per_s2,
            inv_dx: 1.0 / self.cell_size_m,
            theta: self.config.limiter_theta,
            edges: self.edges,
            h,
            prim,
        };
        match self.config.order {
            SpatialOrder::First => r.run::<false>(rate),
            SpatialOrder::Second => r.run::<true>(rate),
        }
    }

    /// One step, ending at or before `until_s` (exactly on it when the CFL
    /// step reaches it). Retries with half the step while a depth goes negative.
    fn step_within(
        &mut self,
        until_s: Option<f64>,
        sources: &mut dyn FnMut(f64, &mut Vec<PointSource>),
        report: &mut SweAdvanceReport,
    ) {
        self.ensure_workspace();
        let state = self.state_view();
        let mut ws = std::mem::take(&mut self.ws);

        let rows1 = self.residual(&state.h, &ws.prim, &mut ws.rate);
        let max_speed = rows1.iter().fold(0.0f64, |m, r| m.max(r.max_speed));
        let dt_cfl = if max_speed > 0.0 {
            (self.config.courant * self.cell_size_m / max_speed).min(self.config.max_step_s)
        } else {
            self.config.max_step_s
        };
        let t0 = self.state.time_s;
        let (mut dt, mut lands) = match until_s.map(|until| until - t0) {
            Some(rem) if dt_cfl >= rem => (rem, true),
            Some(rem) => (rem / libm::ceil(rem / dt_cfl), false),
            None => (dt_cfl, false),
        };

        const MAX_HALVINGS: u32 = 40;
        let mut attempt = 0;
        let mut rate_is_stage_one = true;
        let (stage_rows, out_rows2, heun_rows) = loop {
            if !rate_is_stage_one {
                self.residual(&state.h, &ws.prim, &mut ws.rate);
                rate_is_stage_one = true;
            }
            let has_sources = ws.load_sources(t0 + 0.5 * dt, self.cell_size_m, sources);
            let stage = Stage {
                width: self.width,
                g: self.config.gravity_m_per_s2,
                dt_s: dt,
                bed_m: &self.bed_m,
                manning_n: &self.manning_n,
                source_m_per_s: has_sources.then_some(ws.source_m_per_s.as_slice()),
            };
            let rows_a = stage.euler(&state, &ws.rate, &mut ws.stage, &mut ws.stage_prim);
            let mut failed = rows_a.iter().any(|r| r.failed);
            let mut second = None;
            if !failed && self.config.order == SpatialOrder::Second {
                let out2 = self.residual(&ws.stage.h, &ws.stage_prim, &mut ws.rate);
                rate_is_stage_one = false;
                let stage = Stage {
                    source_m_per_s: has_sources.then_some(ws.source_m_per_s.as_slice()),
                    ..stage
                };
                let rows_b = stage.heun(&state, &ws.rate, &mut ws.stage, &mut ws.stage_prim);
                failed = rows_b.iter().any(|r| r.failed);
                second = Some((out2, rows_b));
            }
            if !failed || attempt >= MAX_HALVINGS {
                let (out2, rows_b) = match second {
                    Some((o, b)) => (Some(o), Some(b)),
                    None => (None, None),
                };
                break (rows_a, out2, rows_b);
            }
            attempt += 1;
            report.rejected_steps += 1;
            dt *= 0.5;
            lands = false;
        };

        // Volume ledger, rows combined in order.
        let area = self.cell_size_m * self.cell_size_m;
        let sum = |rows: &[StageRow], f: fn(&StageRow) -> f64| rows.iter().map(f).sum::<f64>();
        let out1: f64 = rows1.iter().map(|r| r.outflow_m2_per_s).sum();
        match (&out_rows2, &heun_rows) {
            (Some(out2), Some(rows_b)) => {
                let out2: f64 = out2.iter().map(|r| r.outflow_m2_per_s).sum();
                self.ledger.boundary_outflow_m3 += 0.5 * dt * (out1 + out2) * self.cell_size_m;
                self.ledger.source_m3 += 0.5 * (sum(&stage_rows, |r| r.source_m) + sum(rows_b, |r| r.source_m)) * area;
                self.ledger.clamped_m3 +=
                    (0.5 * sum(&stage_rows, |r| r.clamped_m) + sum(rows_b, |r| r.clamped_m)) * area;
                report.quarantined_cells += rows_b.iter().map(|r| u64::from(r.quarantined)).sum::<u64>();
            }
            _ => {
                self.ledger.boundary_outflow_m3 += dt * out1 * self.cell_size_m;
                self.ledger.source_m3 += sum(&stage_rows, |r| r.source_m) * area;
                self.ledger.clamped_m3 += sum(&stage_rows, |r| r.clamped_m) * area;
            }
        }
        report.quarantined_cells += stage_rows.iter().map(|r| u64::from(r.quarantined)).sum::<u64>();

        // The stage buffers hold the new state and its primitives; the old
        // state's vectors become the next step's stage buffers.
        let new_state = std::mem::replace(&mut ws.stage, state);
        std::mem::swap(&mut ws.prim, &mut ws.stage_prim);
        self.ws = ws;
        self.restore_state(new_state);
        self.ws.prim_valid = true;
        self.state.time_s = match until_s {
            Some(until) if lands => until,
            _ => t0 + dt,
        };

        report.steps += 1;
        report.cell_updates += self.state.depth_m.len() as u64;
        report.min_step_s = if report.steps == 1 {
            dt
        } else {
            report.min_step_s.min(dt)
        };
        report.max_step_s = report.max_step_s.max(dt);
    }
}

#[cfg(test)]
mod tests {
    use super::super::SweEdge;
    use super::*;

    fn basin(config: ShallowWaterConfig) -> ShallowWaterFlood {
        let (nx, ny) = (12, 9);
        let bed: Vec<f64> = (0..nx * ny).map(|i| 0.1 * (i % nx) as f64).collect();
        let depth: Vec<f64> = (0..nx * ny).map(|i| if i % nx < 4 { 1.0 } else { 0.0 }).collect();
        ShallowWaterFlood::new(
            nx,
            ny,
            2.0,
            bed,
            vec![0.03; nx * ny],
            depth,
            SweEdges::all(SweEdge::Closed),
            config,
        )
        .unwrap()
    }

    #[test]
    fn bad_set_ups_are_rejected() {
        let ok = |d: Vec<f64>, n: Vec<f64>, c: ShallowWaterConfig| {
            ShallowWaterFlood::new(2, 2, 1.0, vec![0.0; 4], n, d, SweEdges::default(), c)
        };
        let config = ShallowWaterConfig::default();
        assert!(ok(vec![0.0; 4], vec![0.0; 4], config).is_ok());
        assert!(matches!(
            ok(vec![0.0; 3], vec![0.0; 4], config),
            Err(ShallowWaterError::RasterLength { field: "depth", .. })
        ));
        assert!(matches!(
            ok(vec![0.0, -1.0, 0.0, f64::NAN], vec![0.0; 4], config),
            Err(ShallowWaterError::RasterValue {
                field: "depth",
                first_cell: 1,
                count: 2,
                ..
            })
        ));
        assert!(matches!(
            ok(vec![0.0; 4], vec![-0.1; 4], config),
            Err(ShallowWaterError::RasterValue { field: "Manning n", .. })
        ));
        let theta = ShallowWaterConfig {
            limiter_theta: 2.5,
            ..config
        };
        assert!(matches!(
            ok(vec![0.0; 4], vec![0.0; 4], theta),
            Err(ShallowWaterError::Config {
                field: "limiter_theta",
                ..
            })
        ));
        assert!(matches!(
            ShallowWaterFlood::new(0, 2, 1.0, vec![], vec![], vec![], SweEdges::default(), config),
            Err(ShallowWaterError::EmptyGrid { .. })
        ));
    }

    #[test]
    fn advance_lands_exactly_and_is_repeatable() {
        for config in [ShallowWaterConfig::default(), ShallowWaterConfig::first_order()] {
            let mut a = basin(config);
            let mut b = basin(config);
            let report = a.advance(7.3);
            assert_eq!(a.time_s(), 7.3);
            assert!(report.steps > 1 && report.max_step_s <= 7.3);
            b.advance(7.3);
            assert_eq!(a, b);
            // Nothing happens for past, NaN or infinite targets.
            assert_eq!(a.advance(1.0).steps, 0);
            assert_eq!(a.advance(f64::NAN).steps, 0);
            assert_eq!(a.advance(f64::INFINITY).steps, 0);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn sources_fill_a_closed_basin_and_sinks_stop_when_dry() {
        let mut f = basin(ShallowWaterConfig::default());
        let v0 = f.volume_m3();
        f.advance_with_sources(20.0, &mut |_, out| {
            out.push(PointSource {
                cell: 40,
                rate_m3_per_s: 0.5,
            });
            // Outside the grid: ignored.
            out.push(PointSource {
                cell: 10_000,
                rate_m3_per_s: 1.0,
            });
        });
        let added = f.volume_m3() - v0;
        assert!((added - 10.0).abs() < 1e-9, "added {added}");
        assert!((f.ledger().source_m3 - 10.0).abs() < 1e-9);
        // A pump far bigger than the basin empties it, but never below zero.
        f.advance_with_sources(400.0, &mut |_, out| {
            for cell in 0..108 {
                out.push(PointSource {
                    cell,
                    rate_m3_per_s: -1.0,
                });
            }
        });
        assert!(f.depth_m().iter().all(|h| *h >= 0.0));
        assert!(f.volume_m3() < 1e-6);
        assert!((f.volume_m3() - f.ledger().expected_m3()).abs() < 1e-9);
    }

    /// Above the positivity limit a step whose depths go negative is redone
    /// with half the time step: depths stay ≥ 0 and the volume is kept.
    #[test]
    fn steps_that_break_positivity_are_retried() {
        for (order, courant) in [(SpatialOrder::First, 4.0), (SpatialOrder::Second, 2.0)] {
            let config = ShallowWaterConfig {
                order,
                courant,
                ..ShallowWaterConfig::default()
            };
            // A thin sheet on a steep slope: cells drain faster than the
            // Courant number allows.
            let (nx, ny) = (30, 3);
            let mut f = ShallowWaterFlood::new(
                nx,
                ny,
                1.0,
                (0..nx * ny).map(|i| 0.5 * (nx - i % nx) as f64).collect(),
                vec![0.0; nx * ny],
                (0..nx * ny).map(|i| if i % nx < 20 { 0.02 } else { 0.0 }).collect(),
                SweEdges::all(SweEdge::Closed),
                config,
            )
            .unwrap();
            let v0 = f.volume_m3();
            let mut rejected = 0;
            for t in 1..=20 {
                rejected += f.advance(f64::from(t)).rejected_steps;
                assert!(f.depth_m().iter().all(|h| *h >= 0.0 && h.is_finite()));
            }
            assert!(rejected > 0);
            assert!((f.volume_m3() - v0).abs() < 1e-12 * v0);
        }
    }

    #[test]
    fn changing_the_bed_keeps_the_volume() {
        let mut f = basin(ShallowWaterConfig::default());
        f.advance(2.0);
        let v = f.volume_m3();
        assert!(f.set_bed_m(5, -1.0));
        assert!(!f.set_bed_m(5, f64::NAN));
        assert!(!f.set_bed_m(500, 0.0));
        assert_eq!(f.volume_m3(), v);
        f.advance(4.0);
        assert!((f.volume_m3() - v).abs() < 1e-12 * v);
    }
}
