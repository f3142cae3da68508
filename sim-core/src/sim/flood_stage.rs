//! The flood stage of a tick: dikes and reservoirs (`flood_works.rs`), the
//! 2D solver advanced to the end of the tick, then places flooded, roads cut
//! and gauge levels crossed.

use serde::{Deserialize, Serialize};

use crate::event::Event;
use crate::frame::MapFrame;
use crate::grid::Grid;
use crate::hazards::flood::shallow_water::{PointSource, ShallowWaterConfig, ShallowWaterFlood, SweEdge, SweEdges};
use crate::hazards::flood::{
    Edge, EdgeBoundary, FloodDomain, FloodSources, Hydrograph, LineInflow, LocalInertial, PointInflow, Rainfall,
    SPEED_MIN_DEPTH_M, SolverParams,
};
use crate::scenario::{FloodEdgeSpec, FloodSolverSpec, FloodSpec, default_manning_n};
use crate::sim::Sim;
use crate::sim::flood_works::{DikeState, ReservoirState, build_reservoirs, burn_works};
use crate::terrain::{LandCover, Terrain};
use crate::time::Tick;

/// Depth at a settlement's cell that counts as the settlement flooded, m:
/// above a kerb and a doorstep (ground-floor water entry).
pub const PLACE_FLOODED_DEPTH_M: f64 = 0.1;
/// Depth on a road that cuts it, m: 30 cm of moving water floats a car
/// (UK Environment Agency flood-safety guidance).
pub const ROAD_CUT_DEPTH_M: f64 = 0.3;
/// Interval of gauge samples, s.
const GAUGE_INTERVAL_S: u64 = 60;

/// A gauge and which of its alert depths have been crossed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GaugeState {
    /// `gauge:…`
    pub id: String,
    /// Row-major cell index.
    pub cell: u32,
    /// Alert depths, m, and when each was first exceeded.
    pub alerts: Vec<(f64, Option<Tick>)>,
    /// Depth samples `(time s, depth m)`, one a minute.
    pub samples: Vec<(f64, f64)>,
}

/// The solver a scenario chose. Both read the same domain and sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FloodSolver {
    /// Local inertial (the default, floodplain flow).
    LocalInertial(LocalInertial),
    /// Full shallow-water finite volumes (dam and dike breaks).
    ShallowWater(ShallowWaterFlood),
}

impl FloodSolver {
    /// Water depth per cell, m.
    pub fn depth_m(&self) -> &[f64] {
        match self {
            FloodSolver::LocalInertial(li) => li.depth_m(),
            FloodSolver::ShallowWater(swe) => swe.depth_m(),
        }
    }
}

/// The flood of a drill: domain, sources, solver and what it has reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloodRun {
    /// Grid, bed (with channels and dikes burned in), roughness, edges.
    pub(super) domain: FloodDomain,
    /// The scenario's inflows and rain, then one release line per reservoir.
    pub(super) sources: FloodSources,
    pub(super) solver: FloodSolver,
    gauges: Vec<GaugeState>,
    /// Deepest water seen per cell at the end of any tick, m.
    max_depth_m: Vec<f64>,
    /// Reservoirs releasing onto the map.
    pub(super) reservoirs: Vec<ReservoirState>,
    /// Dikes on the map.
    pub(super) dikes: Vec<DikeState>,
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
        let mut bed: Vec<f64> = terrain.elevation_m().cells().iter().map(|z| f64::from(*z)).collect();
        // Channels and dikes go into the bed on the run's grid, after the
        // DEM was resampled to it.
        let dikes = burn_works(spec, frame, &mut bed)?;
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
            let cells = frame.indices_along(&inflow.path);
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
        let reservoirs = build_reservoirs(spec, frame, &mut sources)?;
        if !spec.rain.is_empty() {
            let hours = Hydrograph::new(spec.rain.iter().map(|(h, v)| (h * 3600.0, *v)).collect())
                .map_err(|e| e.to_string())?;
            sources.rain = Some(Rainfall::uniform(hours).map_err(|e| e.to_string())?);
        }
        sources
            .validate(&domain)
            .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
        let solver = match spec.solver {
            FloodSolverSpec::LocalInertial => FloodSolver::LocalInertial(
                LocalInertial::new(&domain, SolverParams::default()).map_err(|e| e.to_string())?,
            ),
            FloodSolverSpec::ShallowWater => {
                let edge = |e: &FloodEdgeSpec| match e {
                    FloodEdgeSpec::Free => Ok(SweEdge::Free),
                    FloodEdgeSpec::Closed => Ok(SweEdge::Closed),
                    FloodEdgeSpec::Stage(_) => Err("stage edges need the LocalInertial solver".to_string()),
                };
                let edges = SweEdges {
                    north: edge(&spec.edges.north)?,
                    south: edge(&spec.edges.south)?,
                    east: edge(&spec.edges.east)?,
                    west: edge(&spec.edges.west)?,
                };
                FloodSolver::ShallowWater(
                    ShallowWaterFlood::from_domain(&domain, edges, ShallowWaterConfig::default())
                        .map_err(|e| e.to_string())?,
                )
            }
        };
        let gauges = spec
            .gauges
            .iter()
            .filter_map(|g| {
                let cell = frame.cell_at_lon_lat(g.at)?;
                Some(GaugeState {
                    id: g.id.clone(),
                    cell: frame.index(cell) as u32,
                    alerts: g.alert_depths_m.iter().map(|d| (*d, None)).collect(),
                    // The map starts dry: the first sample is 0 m at 0 s.
                    samples: vec![(0.0, 0.0)],
                })
            })
            .collect();
        Ok(FloodRun {
            max_depth_m: vec![0.0; domain.cell_count()],
            domain,
            sources,
            solver,
            gauges,
            reservoirs,
            dikes,
        })
    }

    /// Water depth per cell, m.
    pub fn depth_m(&self) -> &[f64] {
        self.solver.depth_m()
    }

    /// Bed elevation per cell, m: the terrain with channels cut, dikes
    /// raised and breached dike cells lowered back to the ground.
    pub fn bed_m(&self) -> &[f64] {
        self.domain.bed_m()
    }

    /// The domain: grid, bed, roughness, edges.
    pub fn domain(&self) -> &FloodDomain {
        &self.domain
    }

    /// Reservoirs: level, outflow, breach, ledger.
    pub fn reservoirs(&self) -> &[ReservoirState] {
        &self.reservoirs
    }

    /// Dikes: crest, breached cells, overtopping.
    pub fn dikes(&self) -> &[DikeState] {
        &self.dikes
    }

    /// Depth-averaged velocity `(east, south)` in a cell, m/s; zero in
    /// cells shallower than [`SPEED_MIN_DEPTH_M`] (where q/h is noise) and
    /// outside the grid. The local-inertial solver keeps discharge on faces:
    /// a cell's is the mean of its two faces on each axis.
    pub fn velocity_m_per_s(&self, cell: usize) -> (f64, f64) {
        match &self.solver {
            FloodSolver::LocalInertial(li) => {
                let w = self.domain.width();
                let Some(&h) = li.depth_m().get(cell) else {
                    return (0.0, 0.0);
                };
                if h < SPEED_MIN_DEPTH_M {
                    return (0.0, 0.0);
                }
                let (x, y) = (cell % w, cell / w);
                let qx = li.qx_m2_per_s();
                let qy = li.qy_m2_per_s();
                let east = 0.5 * (qx[y * (w + 1) + x] + qx[y * (w + 1) + x + 1]);
                let south = 0.5 * (qy[y * w + x] + qy[(y + 1) * w + x]);
                (east / h, south / h)
            }
            FloodSolver::ShallowWater(swe) => {
                if swe.depth_m().get(cell).is_none_or(|h| *h < SPEED_MIN_DEPTH_M) {
                    return (0.0, 0.0);
                }
                swe.velocity_m_per_s(cell)
            }
        }
    }

    /// Deepest water seen per cell at the end of any tick, m.
    pub fn max_depth_m(&self) -> &[f64] {
        &self.max_depth_m
    }

    /// The solver, for its own outputs.
    pub fn solver(&self) -> &FloodSolver {
        &self.solver
    }

    /// Gauges with their alert states and samples.
    pub fn gauges(&self) -> &[GaugeState] {
        &self.gauges
    }

    /// Volume error so far relative to the water that passed through:
    /// (stored − expected) / max(in, stored).
    pub fn relative_volume_error(&self) -> f64 {
        match &self.solver {
            FloodSolver::LocalInertial(li) => li.volume_balance().relative_error(),
            FloodSolver::ShallowWater(swe) => {
                let expected = swe.ledger().expected_m3();
                let scale = (swe.ledger().initial_m3 + swe.ledger().source_m3)
                    .max(swe.volume_m3())
                    .max(1e-12);
                (swe.volume_m3() - expected) / scale
            }
        }
    }

    /// Advances the solver to `until_s`; returns cells found non-finite
    /// (reset by the solver).
    fn advance(&mut self, until_s: f64) -> u64 {
        match &mut self.solver {
            FloodSolver::LocalInertial(li) => li.advance(&self.domain, &self.sources, until_s).non_finite_cells,
            FloodSolver::ShallowWater(swe) => {
                let sources = &self.sources;
                let area = self.domain.cell_area_m2();
                let cells = self.domain.cell_count();
                // The same sources as the local-inertial solver, as point
                // rates at each step's midpoint: inflows, uniform rain, and
                // infiltration as a sink (which never takes more than a
                // cell holds).
                let mut rates = move |t: f64, out: &mut Vec<PointSource>| {
                    out.clear();
                    for p in &sources.points {
                        out.push(PointSource {
                            cell: p.cell,
                            rate_m3_per_s: p.discharge_m3_per_s.value_at(t),
                        });
                    }
                    for l in &sources.lines {
                        let each = l.discharge_m3_per_s.value_at(t) / l.cells.len().max(1) as f64;
                        out.extend(l.cells.iter().map(|&cell| PointSource {
                            cell,
                            rate_m3_per_s: each,
                        }));
                    }
                    let rain = sources
                        .rain
                        .as_ref()
                        .and_then(|r| r.rates_mm_per_h().first())
                        .map_or(0.0, |h| h.value_at(t));
                    let net_mm_per_h = rain - sources.infiltration_mm_per_h;
                    if net_mm_per_h != 0.0 {
                        let rate = net_mm_per_h / 1000.0 / 3600.0 * area;
                        out.extend((0..cells).map(|cell| PointSource {
                            cell,
                            rate_m3_per_s: rate,
                        }));
                    }
                };
                swe.advance_with_sources(until_s, &mut rates).quarantined_cells
            }
        }
    }
}

impl Sim {
    /// The flood stage of the tick being computed.
    pub(crate) fn run_flood(&mut self) {
        let Some(flood) = self.flood.as_mut() else { return };
        let until_s = self.tick.plus(1).seconds() as f64;
        let mut events = flood.advance_works(self.tick.seconds() as f64, until_s);
        // The solvers reset non-finite cells to dry and count them.
        let bad = flood.advance(until_s);
        let depth = flood.solver.depth_m();
        for (m, d) in flood.max_depth_m.iter_mut().zip(depth) {
            *m = m.max(*d);
        }
        let tick = self.tick;
        let sample = self.tick.plus(1).seconds().is_multiple_of(GAUGE_INTERVAL_S);
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
            if sample {
                g.samples.push((until_s, d));
            }
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
        let noticed = events.iter().find_map(|e| match e {
            Event::WaterLevelExceeded { gauge_id, .. } => Some((gauge_id.clone(), true)),
            Event::FloodReachedPlace { place_id, .. } => Some((place_id.clone(), false)),
            _ => None,
        });
        for e in events {
            self.emit(e);
        }
        if let Some((by, telemetry)) = noticed {
            let at = self.place_or_gauge_at(&by);
            self.flood_noticed(&by, at, telemetry);
        }
    }
}
