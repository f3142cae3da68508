//! The works on the water inside the flood stage: river channels and dikes
//! burned into the bed when the flood is built, and each tick, before the
//! 2D solver runs, dikes checked and breached and reservoirs routed, with
//! their events.
//!
//! Coupling to the grid, all at the tick's start on the water of the end of
//! the previous tick:
//! - a dike breach lowers cells in both beds the run keeps (the domain's,
//!   read by the local-inertial solver every step, and the shallow-water
//!   solver's own); depths are kept, so the grid's volume is unchanged;
//! - a reservoir is routed over the whole tick and its release enters the
//!   grid as a constant rate over the tick on its toe cells (a line inflow
//!   shared evenly, or one cell), so the grid receives exactly the volume
//!   the pool lost and both solvers integrate it exactly (the local-inertial
//!   one by the hydrograph's integral, the shallow-water one by midpoint
//!   rates of a constant). The inflow carries no momentum. The toe's mean
//!   water surface, when wet, is the breach's tailwater for the tick.

use serde::{Deserialize, Serialize};

use crate::event::Event;
use crate::frame::{Cell, MapFrame};
use crate::hazards::flood::burn::{burn_channel, channel_cells};
use crate::hazards::flood::{
    Breach, BreachTrigger, DEPTH_THRESHOLD_M, Dike, DikeBreach, DikeBreachTrigger, DikeGrid, FloodSources, Hydrograph,
    LineInflow, Outlet, OutletKind, Reservoir, StorageCurve,
};
use crate::scenario::{DikeBreachTriggerSpec, FloodSpec, OutletKindSpec, ReservoirBreachTriggerSpec};
use crate::sim::flood_stage::{FloodRun, FloodSolver};

/// A reservoir of the drill and where it releases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReservoirState {
    id: String,
    /// Row-major cells its release enters, shared evenly.
    toe_cells: Vec<usize>,
    /// Index of its release line in the run's `FloodSources::lines`.
    line: usize,
    reservoir: Reservoir,
}

impl ReservoirState {
    /// `reservoir:…`
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Cells the release enters, row-major.
    pub fn toe_cells(&self) -> &[usize] {
        &self.toe_cells
    }

    /// The level pool: level, volume, outflow, breach, ledger.
    pub fn reservoir(&self) -> &Reservoir {
        &self.reservoir
    }

    /// Pool level, m.
    pub fn level_m(&self) -> f64 {
        self.reservoir.level_m()
    }

    /// Outflow (outlet + breach) now, m³/s.
    pub fn outflow_m3_per_s(&self) -> f64 {
        self.reservoir.outflow_m3_per_s()
    }
}

/// A dike of the drill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DikeState {
    id: String,
    dike: Dike,
}

impl DikeState {
    /// `dike:…`
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The dike: cells, crest, ground, breaches, overtopping.
    pub fn dike(&self) -> &Dike {
        &self.dike
    }
}

/// Cuts the scenario's channels into `bed_m` (the resampled terrain), then
/// builds its dikes on that bed and raises them into it. A dike's breaches
/// lower it back to the bed it stood on (channel cuts included).
pub(super) fn burn_works(spec: &FloodSpec, frame: &MapFrame, bed_m: &mut [f64]) -> Result<Vec<DikeState>, String> {
    let terrain = bed_m.to_vec();
    for ch in &spec.channels {
        let cells = channel_cells(frame, &ch.path, ch.width_m);
        if cells.is_empty() {
            return Err(format!("{} lies outside the map", ch.id));
        }
        burn_channel(bed_m, &terrain, &cells, ch.depth_m);
    }
    let width = frame.width as usize;
    let mut dikes = Vec::with_capacity(spec.dikes.len());
    for d in &spec.dikes {
        // Each cell once, in order along the line (a line may cross itself).
        let mut cells: Vec<usize> = Vec::new();
        for c in frame.indices_along(&d.path) {
            if !cells.contains(&c) {
                cells.push(c);
            }
        }
        if cells.is_empty() {
            return Err(format!("{} lies outside the map", d.id));
        }
        let mut breaches = Vec::with_capacity(d.breaches.len());
        for b in &d.breaches {
            let Some(at) = frame.cell_at_lon_lat(b.at) else {
                return Err(format!("a breach of {} lies outside the map", d.id));
            };
            // The dike cell nearest the breach point; ties go to the first
            // along the line.
            let (ax, ay) = (i64::from(at.x), i64::from(at.y));
            let centre = (0..cells.len())
                .min_by_key(|k| {
                    let (x, y) = ((cells[*k] % width) as i64, (cells[*k] / width) as i64);
                    (x - ax) * (x - ax) + (y - ay) * (y - ay)
                })
                .unwrap_or(0);
            let trigger = match b.trigger {
                DikeBreachTriggerSpec::AtMinute(m) => DikeBreachTrigger::AtTime(m * 60.0),
                DikeBreachTriggerSpec::OvertoppedForMinutes(m) => DikeBreachTrigger::OvertoppedFor(m * 60.0),
                DikeBreachTriggerSpec::WaterAboveCrest(h) => DikeBreachTrigger::WaterAboveCrest(h),
            };
            breaches.push(DikeBreach::new(
                centre,
                trigger,
                b.initial_width_m,
                b.final_width_m,
                b.widening_min * 60.0,
            ));
        }
        let dike = Dike::new(cells, bed_m, d.crest, breaches).map_err(|e| format!("{}: {e}", d.id))?;
        dikes.push(DikeState { id: d.id.clone(), dike });
    }
    for d in &dikes {
        d.dike.burn(bed_m);
    }
    Ok(dikes)
}

/// Builds the scenario's reservoirs and adds a release line per reservoir
/// to `sources` (zero until the first tick routes it).
pub(super) fn build_reservoirs(
    spec: &FloodSpec,
    frame: &MapFrame,
    sources: &mut FloodSources,
) -> Result<Vec<ReservoirState>, String> {
    let mut out = Vec::with_capacity(spec.reservoirs.len());
    for r in &spec.reservoirs {
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", r.id);
        let toe_cells = frame.indices_along(&r.toe);
        if toe_cells.is_empty() {
            return Err(format!("the toe of {} lies outside the map", r.id));
        }
        let storage =
            StorageCurve::new(r.level_area_km2.iter().map(|(l, a)| (*l, a * 1e6)).collect()).map_err(|e| fail(&e))?;
        let inflow = if r.inflow.is_empty() {
            None
        } else {
            Some(Hydrograph::new(r.inflow.iter().map(|(t, q)| (t * 60.0, *q)).collect()).map_err(|e| fail(&e))?)
        };
        let outlet = r.outlet.as_ref().map(|o| Outlet {
            kind: match o.kind {
                OutletKindSpec::Orifice {
                    centre_level_m,
                    area_m2,
                    discharge_coefficient,
                } => OutletKind::Orifice {
                    centre_level_m,
                    area_m2,
                    discharge_coefficient,
                },
                OutletKindSpec::Weir {
                    crest_level_m,
                    width_m,
                    coefficient,
                } => OutletKind::Weir {
                    crest_level_m,
                    width_m,
                    coefficient,
                },
            },
            capacity_m3_per_s: o.capacity_m3_per_s,
            gate_opening: o.gate_opening,
        });
        let breach = r.breach.as_ref().map(|b| Breach {
            trigger: match b.trigger {
                ReservoirBreachTriggerSpec::AtMinute(m) => BreachTrigger::AtTime(m * 60.0),
                ReservoirBreachTriggerSpec::LevelAbove(l) => BreachTrigger::LevelAbove(l),
            },
            top_level_m: b.top_level_m,
            bottom_level_m: b.bottom_level_m,
            bottom_width_m: b.bottom_width_m,
            side_slope_h_per_v: b.side_slope_h_per_v,
            formation_time_s: b.formation_min * 60.0,
            started_s: None,
        });
        let reservoir = Reservoir::new(storage, r.initial_level_m, inflow, outlet, breach).map_err(|e| fail(&e))?;
        sources.lines.push(LineInflow {
            cells: toe_cells.clone(),
            discharge_m3_per_s: Hydrograph::constant(0.0).map_err(|e| fail(&e))?,
        });
        out.push(ReservoirState {
            id: r.id.clone(),
            toe_cells,
            line: sources.lines.len() - 1,
            reservoir,
        });
    }
    Ok(out)
}

impl FloodRun {
    /// Dikes and reservoirs for the tick `[t0_s, t1_s]`, before the solver
    /// runs (see the module docs); returns their events.
    pub(super) fn advance_works(&mut self, t0_s: f64, t1_s: f64) -> Vec<Event> {
        let mut events = Vec::new();
        let width = self.domain.width();
        let cell = |c: usize| Cell {
            x: (c % width) as u32,
            y: (c / width) as u32,
        };
        let mut lowered = Vec::new();
        {
            let depth_m = self.solver.depth_m();
            let grid = DikeGrid {
                width,
                height: self.domain.height(),
                cell_size_m: self.domain.cell_size_m(),
                bed_m: self.domain.bed_m(),
                depth_m,
            };
            for d in &mut self.dikes {
                let update = d.dike.update(&grid, t0_s, t1_s - t0_s);
                if let Some(c) = update.first_overtopped_cell {
                    events.push(Event::DikeOvertopped {
                        dike_id: d.id.clone(),
                        cell: cell(c),
                    });
                }
                for (_, c, width_m) in update.opened {
                    events.push(Event::DikeBreached {
                        dike_id: d.id.clone(),
                        cell: cell(c),
                        width_m,
                    });
                }
                lowered.extend(update.lowered);
            }
        }
        for (c, ground_m) in lowered {
            self.domain.set_bed_m(c, ground_m);
            if let FloodSolver::ShallowWater(swe) = &mut self.solver {
                swe.set_bed_m(c, ground_m);
            }
        }
        let span_s = t1_s - t0_s;
        for r in &mut self.reservoirs {
            let depth_m = self.solver.depth_m();
            let bed_m = self.domain.bed_m();
            let n = r.toe_cells.len().max(1) as f64;
            let mean = |v: &dyn Fn(usize) -> f64| r.toe_cells.iter().map(|c| v(*c)).sum::<f64>() / n;
            let toe_depth_m = mean(&|c| depth_m[c]);
            let tailwater_m = (toe_depth_m > DEPTH_THRESHOLD_M).then(|| mean(&|c| depth_m[c] + bed_m[c]));
            let step = r.reservoir.advance(t1_s, tailwater_m);
            if let Some(start) = step.breach_started {
                events.push(Event::ReservoirBreached {
                    reservoir_id: r.id.clone(),
                    level_m: start.level_m,
                    volume_m3: start.volume_m3,
                    predicted_peak_m3_per_s: start.froehlich_peak_m3_per_s,
                });
            }
            let rate = if span_s > 0.0 { step.released_m3 / span_s } else { 0.0 };
            // A non-finite rate (a model bug) releases nothing rather than
            // poisoning the grid.
            if let (Some(line), Ok(constant)) = (
                self.sources.lines.get_mut(r.line),
                Hydrograph::constant(rate).or_else(|_| Hydrograph::constant(0.0)),
            ) {
                line.discharge_m3_per_s = constant;
            }
        }
        events
    }
}

/// A diversion opened by order: the breach starts one cell wide and widens
/// to 100 m over 30 min (assumption: a controlled cut by excavators or
/// explosives, as at the Yellow River's Wulanbuhe diversion works).
const DIVERSION_FINAL_WIDTH_M: f64 = 100.0;
/// Minutes a diversion cut takes to reach its final width.
const DIVERSION_WIDENING_MIN: f64 = 30.0;

impl FloodRun {
    fn dike_mut(&mut self, id: &str) -> Option<&mut Dike> {
        self.dikes.iter_mut().find(|d| d.id == id).map(|d| &mut d.dike)
    }

    /// The lowest intact cell of a dike, row-major (where sandbags go).
    pub fn dike_lowest_cell(&self, id: &str) -> Option<usize> {
        let d = &self.dikes.iter().find(|d| d.id == id)?.dike;
        d.lowest_intact().map(|k| d.cells()[k])
    }

    /// Raises a dike's crest on one of its cells by `by_m` and burns it
    /// into both beds (depth kept, so volume is unchanged).
    pub fn raise_dike_cell(&mut self, id: &str, cell: usize, by_m: f64) -> bool {
        let Some(dike) = self.dike_mut(id) else { return false };
        let Some(k) = dike.cells().iter().position(|c| *c == cell) else {
            return false;
        };
        let Some(crest) = dike.raise_crest(k, by_m) else {
            return false;
        };
        let bed = self.domain.bed_m().get(cell).copied().unwrap_or(crest).max(crest);
        self.domain.set_bed_m(cell, bed);
        if let FloodSolver::ShallowWater(swe) = &mut self.solver {
            swe.set_bed_m(cell, bed);
        }
        true
    }

    /// The first breached cell of a dike, row-major, with the height to
    /// rebuild there (crest − ground), m.
    pub fn dike_breach_cell(&self, id: &str) -> Option<(usize, f64)> {
        let d = &self.dikes.iter().find(|d| d.id == id)?.dike;
        d.first_breached()
            .map(|k| (d.cells()[k], d.crest_m()[k] - d.ground_m()[k]))
    }

    /// Closes a breached dike cell at its crest, in both beds (depth kept,
    /// so volume is unchanged).
    pub fn seal_dike_cell(&mut self, id: &str, cell: usize) -> bool {
        let Some(dike) = self.dike_mut(id) else { return false };
        let Some(k) = dike.cells().iter().position(|c| *c == cell) else {
            return false;
        };
        let Some(crest) = dike.seal(k) else { return false };
        self.domain.set_bed_m(cell, crest);
        if let FloodSolver::ShallowWater(swe) = &mut self.solver {
            swe.set_bed_m(cell, crest);
        }
        true
    }

    /// Opens a dike on purpose at its lowest intact cell from `time_s`.
    pub fn open_dike(&mut self, id: &str, time_s: f64) -> bool {
        let cell_size_m = self.domain.cell_size_m();
        let Some(dike) = self.dike_mut(id) else { return false };
        let Some(k) = dike.lowest_intact() else { return false };
        let breach = DikeBreach::new(
            k,
            DikeBreachTrigger::AtTime(time_s),
            cell_size_m,
            DIVERSION_FINAL_WIDTH_M.max(cell_size_m),
            DIVERSION_WIDENING_MIN * 60.0,
        );
        dike.open_at(breach).is_ok()
    }

    /// Sets a reservoir's outlet gate; `false` when there is no such
    /// reservoir, or it has no outlet.
    pub fn set_gate_opening(&mut self, id: &str, opening: f64) -> bool {
        self.reservoirs
            .iter_mut()
            .find(|r| r.id == id)
            .is_some_and(|r| r.reservoir.set_gate_opening(opening).is_ok())
    }

    /// Whether the reservoir exists and has a gate to regulate.
    pub fn has_gate(&self, id: &str) -> Option<bool> {
        self.reservoirs
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.reservoir.outlet().is_some())
    }
}
