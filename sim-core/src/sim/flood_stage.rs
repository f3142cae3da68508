//! The flood stage of a tick: the 2D solver advanced to the end of the
//! tick, then places flooded, roads cut and gauge levels crossed.

use serde::{Deserialize, Serialize};

use crate::event::Event;
use crate::frame::MapFrame;
use crate::grid::Grid;
use crate::hazards::flood::{
    Edge, EdgeBoundary, FloodDomain, FloodSources, Gauge, Hydrograph, LineInflow, LocalInertial, PointInflow, Rainfall,
    SolverParams,
};
use crate::scenario::{FloodEdgeSpec, FloodSpec, default_manning_n};
use crate::sim::Sim;
use crate::terrain::{LandCover, Terrain};
use crate::time::Tick;

/// Depth at a settlement's cell that counts as the settlement flooded, m:
/// above a kerb and a doorstep (ground-floor water entry).
pub const PLACE_FLOODED_DEPTH_M: f64 = 0.1;
/// Depth on a road that cuts it, m: 30 cm of moving water floats a car
/// (UK Environment Agency flood-safety guidance).
pub const ROAD_CUT_DEPTH_M: f64 = 0.3;
/// Interval of gauge samples, s.
const GAUGE_INTERVAL_S: f64 = 60.0;

/// A gauge and which of its alert depths have been crossed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GaugeState {
    /// `gauge:…`
    pub id: String,
    /// Row-major cell index.
    pub cell: u32,
    /// Alert depths, m, and when each was first exceeded.
    pub alerts: Vec<(f64, Option<Tick>)>,
}

/// The flood of a drill: domain, sources, solver and what it has reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloodRun {
    domain: FloodDomain,
    sources: FloodSources,
    solver: LocalInertial,
    gauges: Vec<GaugeState>,
}

impl FloodRun {
    /// The flood of a scenario's `flood` section on the run's grid. `None`
    /// with a reason when the data cannot make a domain (validation should
    /// have caught it).
    pub(crate) fn build(
        spec: &FloodSpec,
        frame: &MapFrame,
        terrain: &Terrain,
        land_cover: &Grid<LandCover>,
    ) -> Result<FloodRun, String> {
        let bed: Vec<f64> = terrain.elevation_m().cells().iter().map(|z| f64::from(*z)).collect();
        let manning: Vec<f64> = land_cover
            .cells()
            .iter()
            .map(|c| spec.manning_n.get(c).copied().unwrap_or_else(|| default_manning_n(*c)))
            .collect();
        let mut domain = FloodDomain::new(
            frame.width as usize,
            frame.height as usize,
            frame.cell_size_m,
            bed,
            manning,
        )
        .map_err(|e| e.to_string())?;
        let minutes = |rows: &[(f64, f64)]| Hydrograph::new(rows.iter().map(|(t, v)| (t * 60.0, *v)).collect());
        for (edge, e) in [
            (Edge::North, &spec.edges.north),
            (Edge::South, &spec.edges.south),
            (Edge::East, &spec.edges.east),
            (Edge::West, &spec.edges.west),
        ] {
            let boundary = match e {
                FloodEdgeSpec::Closed => EdgeBoundary::Closed,
                FloodEdgeSpec::Free => EdgeBoundary::Free { slope: None },
                FloodEdgeSpec::Stage(rows) => EdgeBoundary::Stage(minutes(rows).map_err(|e| e.to_string())?),
            };
            domain.set_boundary(edge, boundary).map_err(|e| e.to_string())?;
        }
        let mut sources = FloodSources {
            infiltration_mm_per_h: spec.infiltration_mm_per_h,
            ..FloodSources::default()
        };
        for inflow in &spec.inflows {
            let cells: Vec<usize> = frame
                .cells_along(&inflow.path)
                .into_iter()
                .map(|c| frame.index(c))
                .collect();
            let hydrograph = minutes(&inflow.hydrograph).map_err(|e| e.to_string())?;
            match cells.as_slice() {
                [] => return Err(format!("{} lies outside the map", inflow.id)),
                [cell] => sources.points.push(PointInflow {
                    cell: *cell,
                    discharge_m3_per_s: hydrograph,
                }),
                _ => sources.lines.push(LineInflow {
                    cells,
                    discharge_m3_per_s: hydrograph,
                }),
            }
        }
        if !spec.rain.is_empty() {
            let hours = Hydrograph::new(spec.rain.iter().map(|(h, v)| (h * 3600.0, *v)).collect())
                .map_err(|e| e.to_string())?;
            sources.rain = Some(Rainfall::uniform(hours).map_err(|e| e.to_string())?);
        }
        sources
            .validate(&domain)
            .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
        let mut solver = LocalInertial::new(&domain, SolverParams::default()).map_err(|e| e.to_string())?;
        let mut gauges = Vec::new();
        let mut gauge_cells = Vec::new();
        for g in &spec.gauges {
            let Some(cell) = frame.cell_at_lon_lat(g.at) else {
                continue;
            };
            let index = frame.index(cell);
            gauge_cells.push(Gauge {
                name: g.id.clone(),
                cell: index,
            });
            gauges.push(GaugeState {
                id: g.id.clone(),
                cell: index as u32,
                alerts: g.alert_depths_m.iter().map(|d| (*d, None)).collect(),
            });
        }
        solver
            .add_gauges(gauge_cells, GAUGE_INTERVAL_S)
            .map_err(|e| e.to_string())?;
        Ok(FloodRun {
            domain,
            sources,
            solver,
            gauges,
        })
    }

    /// Water depth per cell, m.
    pub fn depth_m(&self) -> &[f64] {
        self.solver.depth_m()
    }

    /// The solver, for its outputs (maximum depth and speed, arrival time,
    /// hazard rating, volume balance, gauge series) and velocities.
    pub fn solver(&self) -> &LocalInertial {
        &self.solver
    }

    /// Gauges with their alert states.
    pub fn gauges(&self) -> &[GaugeState] {
        &self.gauges
    }
}

impl Sim {
    /// The flood stage of the tick being computed.
    pub(crate) fn run_flood(&mut self) {
        let Some(flood) = self.flood.as_mut() else { return };
        let until_s = self.tick.plus(1).seconds() as f64;
        let report = flood.solver.advance(&flood.domain, &flood.sources, until_s);
        let depth = flood.solver.depth_m();
        let tick = self.tick;
        let mut events = Vec::new();
        // The solver resets non-finite cells to dry and counts them.
        let bad = report.non_finite_cells;
        if bad > 0 {
            events.push(Event::ValuesQuarantined {
                field: "flood_depth".into(),
                cells: bad as u32,
            });
        }
        let width = self.frame.width as usize;
        for p in self.places.iter_mut().filter(|p| p.flood_arrived.is_none()) {
            let d = depth
                .get(p.cell.y as usize * width + p.cell.x as usize)
                .copied()
                .unwrap_or(0.0);
            if d >= PLACE_FLOODED_DEPTH_M {
                p.flood_arrived = Some(tick);
                events.push(Event::FloodReachedPlace {
                    place_id: p.id.clone(),
                    depth_m: d,
                });
            }
        }
        for r in self.roads.iter_mut().filter(|r| r.flood_cut.is_none()) {
            let deepest = r
                .cells
                .iter()
                .map(|c| depth.get(*c as usize).copied().unwrap_or(0.0))
                .fold(0.0, f64::max);
            if deepest >= ROAD_CUT_DEPTH_M {
                r.flood_cut = Some(tick);
                events.push(Event::RoadCut {
                    road_id: r.id.clone(),
                    depth_m: deepest,
                });
            }
        }
        for g in &mut flood.gauges {
            let d = depth.get(g.cell as usize).copied().unwrap_or(0.0);
            for (level, crossed) in g.alerts.iter_mut().filter(|(_, c)| c.is_none()) {
                if d >= *level {
                    *crossed = Some(tick);
                    events.push(Event::WaterLevelExceeded {
                        gauge_id: g.id.clone(),
                        alert_depth_m: *level,
                        depth_m: d,
                    });
                }
            }
        }
        for e in events {
            self.emit(e);
        }
    }
}
