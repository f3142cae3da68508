//! The step driver: the adaptive CFL step, landing on the caller's times,
//! and the order of the passes within one step (flood.md §1.3).

use super::state::{AdvanceReport, LocalInertial};
use crate::hazards::flood::boundary::StepEdges;
use crate::hazards::flood::domain::{DEPTH_THRESHOLD_M, FloodDomain, GRAVITY_M_PER_S2};
use crate::hazards::flood::sources::{FloodSources, M_PER_S_PER_MM_PER_H};

impl LocalInertial {
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
}

#[cfg(test)]
mod tests {
    use crate::hazards::flood::{FloodDomain, FloodSources, Hydrograph, LocalInertial, PointInflow, SolverParams};

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
