//! Checks on a parsed scenario file beyond its syntax and types: ranges,
//! unique ids, references, positions inside the map. Every problem is
//! collected, none stops the others.

use std::collections::BTreeSet;

use crate::agents::aircraft::AirframeKind;
use crate::frame::{LonLat, MapFrame};
use crate::scenario::file::{
    AirfieldKind, ExpectedOrderKind, ForceKind, HazardSpec, InjectKind, PopulationCellsSpec, ScenarioFile,
};

/// A problem found by validation: the field path at fault and what is wrong.
/// The loader turns the path into a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Field path, e.g. `places[1].population`.
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
}

struct Checker {
    problems: Vec<Invalid>,
}

impl Checker {
    fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Invalid {
            path: path.into(),
            message: message.into(),
        });
    }

    fn range(&mut self, path: String, value: f64, lo: f64, hi: f64, unit: &str) {
        if !(value.is_finite() && value >= lo && value <= hi) {
            self.fail(path, format!("{value} is out of range: expected {lo} to {hi} {unit}"));
        }
    }

    fn id(&mut self, path: String, id: &str, prefix: &str, seen: &mut BTreeSet<String>) {
        let valid_rest = id.strip_prefix(prefix).is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
        if !valid_rest {
            self.fail(
                path.clone(),
                format!("id `{id}` must be `{prefix}` followed by lowercase letters, digits or `-`"),
            );
        }
        if !seen.insert(id.to_owned()) {
            self.fail(path, format!("id `{id}` is used twice"));
        }
    }

    /// A positive finite value up to `hi`.
    fn positive(&mut self, path: String, value: f64, hi: f64, unit: &str) {
        if !(value.is_finite() && value > 0.0 && value <= hi) {
            self.fail(
                path,
                format!("{value} is out of range: expected more than 0, up to {hi} {unit}"),
            );
        }
    }

    /// A polyline of at least `min` points, each inside the map.
    fn line(&mut self, path: String, points: &[LonLat], min: usize, frame: Option<&MapFrame>) {
        if points.len() < min {
            let what = if min > 1 {
                "a line of at least two points"
            } else {
                "a point or a line"
            };
            self.fail(path.clone(), format!("needs {what}"));
        }
        if let Some(frame) = frame {
            for (j, p) in points.iter().enumerate() {
                self.inside(format!("{path}[{j}]"), *p, frame);
            }
        }
    }

    fn inside(&mut self, path: String, at: LonLat, frame: &MapFrame) {
        let lon_lat_ok = at.lon.is_finite() && at.lat.is_finite() && at.lon.abs() <= 180.0 && at.lat.abs() <= 90.0;
        if !lon_lat_ok {
            self.fail(path, format!("({}, {}) is not a longitude/latitude", at.lon, at.lat));
        } else if frame.cell_at_lon_lat(at).is_none() {
            self.fail(path, format!("({:.4}, {:.4}) lies outside the map", at.lon, at.lat));
        }
    }
}

/// Elevations accepted for levels and crests, m above datum.
const LEVEL_RANGE_M: (f64, f64) = (-500.0, 9000.0);

/// Checks of the flood's reservoirs, dikes and channels; `frame` is `None`
/// when the map itself is invalid (positions are then not checked).
fn validate_flood_works(
    c: &mut Checker,
    flood: &crate::scenario::FloodSpec,
    frame: Option<&MapFrame>,
    duration_min: f64,
    ids: &mut BTreeSet<String>,
) {
    use crate::hazards::flood::DikeCrest;
    use crate::scenario::{DikeBreachTriggerSpec, OutletKindSpec, ReservoirBreachTriggerSpec};
    let (lo, hi) = LEVEL_RANGE_M;
    let minute = |c: &mut Checker, path: String, m: f64| {
        c.range(path.clone(), m, 0.0, duration_min, "min");
    };
    for (i, r) in flood.reservoirs.iter().enumerate() {
        let p = |f: &str| format!("flood.reservoirs[{i}].{f}");
        c.id(p("id"), &r.id, "reservoir:", ids);
        c.line(p("toe"), &r.toe, 1, frame);
        if r.level_area_km2.is_empty() {
            c.fail(p("level_area_km2"), "needs at least one (level m, area km²) row");
        }
        let mut last = f64::NEG_INFINITY;
        for (k, (level, area)) in r.level_area_km2.iter().enumerate() {
            let row = format!("{}[{k}]", p("level_area_km2"));
            if !(level.is_finite() && *level > last) {
                c.fail(
                    row.clone(),
                    format!("levels must be finite and rising: {level} follows {last}"),
                );
            }
            last = *level;
            c.range(row.clone(), *level, lo, hi, "m");
            c.range(row, *area, 0.0, 100_000.0, "km²");
        }
        if let Some((_, area)) = r.level_area_km2.last()
            && *area <= 0.0
        {
            c.fail(p("level_area_km2"), "the last row's area must be more than 0");
        }
        c.range(p("initial_level_m"), r.initial_level_m, lo, hi, "m");
        if let Some((bottom, _)) = r.level_area_km2.first()
            && r.initial_level_m < *bottom
        {
            c.fail(
                p("initial_level_m"),
                format!("{} m is below the empty pool's level {bottom} m", r.initial_level_m),
            );
        }
        let mut last = f64::NEG_INFINITY;
        for (k, (t, q)) in r.inflow.iter().enumerate() {
            let row = format!("{}[{k}]", p("inflow"));
            if !(t.is_finite() && *t >= 0.0 && *t > last) {
                c.fail(
                    row.clone(),
                    format!("times must be finite, ≥ 0 and increasing: {t} follows {last}"),
                );
            }
            last = *t;
            c.range(row, *q, 0.0, 1e6, "m³/s");
        }
        if let Some(o) = &r.outlet {
            match o.kind {
                OutletKindSpec::Orifice {
                    centre_level_m,
                    area_m2,
                    discharge_coefficient,
                } => {
                    let q = |f: &str| p(&format!("outlet.kind.Orifice.{f}"));
                    c.range(q("centre_level_m"), centre_level_m, lo, hi, "m");
                    c.positive(q("area_m2"), area_m2, 100_000.0, "m²");
                    c.positive(q("discharge_coefficient"), discharge_coefficient, 1.0, "");
                }
                OutletKindSpec::Weir {
                    crest_level_m,
                    width_m,
                    coefficient,
                } => {
                    let q = |f: &str| p(&format!("outlet.kind.Weir.{f}"));
                    c.range(q("crest_level_m"), crest_level_m, lo, hi, "m");
                    c.positive(q("width_m"), width_m, 10_000.0, "m");
                    c.positive(q("coefficient"), coefficient, 3.0, "m^0.5/s");
                }
            }
            if let Some(cap) = o.capacity_m3_per_s {
                c.range(p("outlet.capacity_m3_per_s"), cap, 0.0, 1e6, "m³/s");
            }
            c.range(p("outlet.gate_opening"), o.gate_opening, 0.0, 1.0, "(a fraction)");
        }
        if let Some(b) = &r.breach {
            match b.trigger {
                ReservoirBreachTriggerSpec::AtMinute(m) => minute(c, p("breach.trigger.AtMinute"), m),
                ReservoirBreachTriggerSpec::LevelAbove(l) => c.range(p("breach.trigger.LevelAbove"), l, lo, hi, "m"),
            }
            c.range(p("breach.top_level_m"), b.top_level_m, lo, hi, "m");
            c.range(p("breach.bottom_level_m"), b.bottom_level_m, lo, hi, "m");
            if b.bottom_level_m >= b.top_level_m {
                c.fail(
                    p("breach.bottom_level_m"),
                    format!("{} m must be below the top level {} m", b.bottom_level_m, b.top_level_m),
                );
            }
            c.range(p("breach.bottom_width_m"), b.bottom_width_m, 0.0, 10_000.0, "m");
            c.range(p("breach.side_slope_h_per_v"), b.side_slope_h_per_v, 0.0, 10.0, "(H:V)");
            if b.bottom_width_m <= 0.0 && b.side_slope_h_per_v <= 0.0 {
                c.fail(
                    p("breach.bottom_width_m"),
                    "a breach needs a bottom width or side slopes",
                );
            }
            c.range(p("breach.formation_min"), b.formation_min, 0.0, 24.0 * 60.0, "min");
        }
    }
    for (i, d) in flood.dikes.iter().enumerate() {
        let p = |f: &str| format!("flood.dikes[{i}].{f}");
        c.id(p("id"), &d.id, "dike:", ids);
        c.line(p("path"), &d.path, 2, frame);
        match d.crest {
            DikeCrest::Level(z) => c.range(p("crest.Level"), z, lo, hi, "m"),
            DikeCrest::Height(h) => c.positive(p("crest.Height"), h, 100.0, "m"),
        }
        let dike_cells = frame.map(|f| f.cells_along(&d.path)).unwrap_or_default();
        for (k, b) in d.breaches.iter().enumerate() {
            let q = |f: &str| p(&format!("breaches[{k}].{f}"));
            if let Some(f) = frame {
                c.inside(q("at"), b.at, f);
                // The breach must sit on the dike: within two cells of one
                // of its cells (the nearest becomes the breach centre).
                if let Some(at) = f.cell_at_lon_lat(b.at)
                    && !dike_cells.is_empty()
                    && !dike_cells
                        .iter()
                        .any(|d| d.x.abs_diff(at.x) <= 2 && d.y.abs_diff(at.y) <= 2)
                {
                    c.fail(q("at"), "lies more than two cells from the dike");
                }
            }
            match b.trigger {
                DikeBreachTriggerSpec::AtMinute(m) => minute(c, q("trigger.AtMinute"), m),
                DikeBreachTriggerSpec::OvertoppedForMinutes(m) => minute(c, q("trigger.OvertoppedForMinutes"), m),
                DikeBreachTriggerSpec::WaterAboveCrest(h) => {
                    c.range(q("trigger.WaterAboveCrest"), h, 0.0, 100.0, "m");
                }
            }
            c.positive(q("initial_width_m"), b.initial_width_m, 10_000.0, "m");
            c.range(q("final_width_m"), b.final_width_m, 0.0, 100_000.0, "m");
            if b.final_width_m < b.initial_width_m {
                c.fail(
                    q("final_width_m"),
                    format!(
                        "{} m is narrower than the initial {} m",
                        b.final_width_m, b.initial_width_m
                    ),
                );
            }
            c.range(q("widening_min"), b.widening_min, 0.0, 24.0 * 60.0, "min");
        }
    }
    for (i, ch) in flood.channels.iter().enumerate() {
        let p = |f: &str| format!("flood.channels[{i}].{f}");
        c.id(p("id"), &ch.id, "channel:", ids);
        c.line(p("path"), &ch.path, 2, frame);
        c.positive(p("width_m"), ch.width_m, 10_000.0, "m");
        c.positive(p("depth_m"), ch.depth_m, 100.0, "m");
    }
}

/// Most people one map cell of dispersed population may hold: a cell of
/// steppe with more is a town, which belongs in `places`.
pub const MAX_CELL_PEOPLE: u32 = 1_000_000;

/// Checks of the dispersed population's points and grids (the grids' values
/// are checked when they are read, in `population_cells`); `frame` is `None`
/// when the map itself is invalid.
fn validate_population_cells(c: &mut Checker, spec: &PopulationCellsSpec, has_places: bool, frame: Option<&MapFrame>) {
    if !has_places && (!spec.cells.is_empty() || !spec.grids.is_empty()) {
        c.fail(
            "population_cells",
            "dispersed people belong to the nearest place: add at least one place",
        );
    }
    for (i, cell) in spec.cells.iter().enumerate() {
        let p = |f: &str| format!("population_cells.cells[{i}].{f}");
        if let Some(frame) = frame {
            c.inside(p("at"), cell.at, frame);
        }
        if !(1..=MAX_CELL_PEOPLE).contains(&cell.people) {
            c.fail(
                p("people"),
                format!(
                    "{} is out of range: expected 1 to {MAX_CELL_PEOPLE} people",
                    cell.people
                ),
            );
        }
        c.range(p("vulnerable_share"), cell.vulnerable_share, 0.0, 1.0, "(a share)");
    }
    for (i, grid) in spec.grids.iter().enumerate() {
        let p = |f: &str| format!("population_cells.grids[{i}].{f}");
        if grid.file.trim().is_empty() {
            c.fail(p("file"), "must name an `.asc` file of people per cell");
        }
        c.range(p("vulnerable_share"), grid.vulnerable_share, 0.0, 1.0, "(a share)");
    }
}

/// Largest map side accepted, cells: a 4096² grid of f32 fields is 64 MB
/// each, already past what a tabletop needs.
pub const MAX_MAP_SIDE: u32 = 4096;

/// Every problem in `file`, in file order.
pub fn validate(file: &ScenarioFile) -> Vec<Invalid> {
    let mut c = Checker { problems: Vec::new() };
    if file.id.is_empty()
        || !file
            .id
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        c.fail(
            "id",
            format!("id `{}` must be lowercase letters, digits or `-`", file.id),
        );
    }
    for (path, text) in [("title.zh", &file.title.zh), ("title.en", &file.title.en)] {
        if text.trim().is_empty() {
            c.fail(path, "must not be empty");
        }
    }
    let m = &file.map;
    for (name, side) in [("width", m.width), ("height", m.height)] {
        if !(1..=MAX_MAP_SIDE).contains(&side) {
            c.fail(
                format!("map.{name}"),
                format!("{side} is out of range: expected 1 to {MAX_MAP_SIDE} cells"),
            );
        }
    }
    c.range("map.cell_size_m".into(), m.cell_size_m, 1.0, 100_000.0, "m");
    c.range("map.south_west.lon".into(), m.south_west.lon, -180.0, 180.0, "degrees");
    c.range("map.south_west.lat".into(), m.south_west.lat, -85.0, 85.0, "degrees");
    let map_ok = c.problems.iter().all(|p| !p.path.starts_with("map."));
    let frame = MapFrame {
        width: m.width,
        height: m.height,
        cell_size_m: m.cell_size_m,
        south_west: m.south_west,
    };
    if let crate::scenario::file::TerrainSource::Procedural(p) = &file.terrain {
        c.range("terrain.Procedural.relief_m".into(), p.relief_m, 0.0, 9000.0, "m");
        c.range(
            "terrain.Procedural.base_elevation_m".into(),
            p.base_elevation_m,
            -500.0,
            9000.0,
            "m",
        );
        c.range(
            "terrain.Procedural.river_width_m".into(),
            p.river_width_m,
            0.0,
            10_000.0,
            "m",
        );
        if p.hills > 10_000 {
            c.fail(
                "terrain.Procedural.hills",
                format!("{} is out of range: expected 0 to 10000", p.hills),
            );
        }
    }
    let mut ids = BTreeSet::new();
    for (i, p) in file.places.iter().enumerate() {
        c.id(format!("places[{i}].id"), &p.id, "place:", &mut ids);
        if map_ok {
            c.inside(format!("places[{i}].at"), p.at, &frame);
        }
        if p.population > 30_000_000 {
            c.fail(
                format!("places[{i}].population"),
                format!("{} is out of range: expected at most 30000000", p.population),
            );
        }
        c.range(
            format!("places[{i}].vulnerable_share"),
            p.vulnerable_share,
            0.0,
            1.0,
            "(a share)",
        );
    }
    if let Some(spec) = &file.population_cells {
        validate_population_cells(&mut c, spec, !file.places.is_empty(), map_ok.then_some(&frame));
    }
    let infra = &file.infrastructure;
    for (i, n) in infra.road_nodes.iter().enumerate() {
        c.id(format!("infrastructure.road_nodes[{i}].id"), &n.id, "node:", &mut ids);
        if map_ok {
            c.inside(format!("infrastructure.road_nodes[{i}].at"), n.at, &frame);
        }
    }
    let nodes: BTreeSet<&str> = infra.road_nodes.iter().map(|n| n.id.as_str()).collect();
    for (i, r) in infra.roads.iter().enumerate() {
        c.id(format!("infrastructure.roads[{i}].id"), &r.id, "road:", &mut ids);
        for (end, node) in [("from", &r.from), ("to", &r.to)] {
            if !nodes.contains(node.as_str()) {
                c.fail(
                    format!("infrastructure.roads[{i}].{end}"),
                    format!("no road node `{node}`"),
                );
            }
        }
        if r.from == r.to {
            c.fail(
                format!("infrastructure.roads[{i}].to"),
                "a road must join two different nodes",
            );
        }
        for (j, v) in r.via.iter().enumerate() {
            if map_ok {
                c.inside(format!("infrastructure.roads[{i}].via[{j}]"), *v, &frame);
            }
        }
    }
    for (i, d) in infra.depots.iter().enumerate() {
        c.id(format!("infrastructure.depots[{i}].id"), &d.id, "depot:", &mut ids);
        if map_ok {
            c.inside(format!("infrastructure.depots[{i}].at"), d.at, &frame);
        }
        for (item, amount) in &d.stocks {
            c.range(
                format!("infrastructure.depots[{i}].stocks[\"{item}\"]"),
                *amount,
                0.0,
                1e12,
                "units",
            );
        }
    }
    for (i, a) in infra.airfields.iter().enumerate() {
        c.id(
            format!("infrastructure.airfields[{i}].id"),
            &a.id,
            "airfield:",
            &mut ids,
        );
        // Aviation stations and airports may lie far off the map (aircraft
        // fly in from them); landing points are on it.
        if map_ok && a.kind == AirfieldKind::LandingPoint {
            c.inside(format!("infrastructure.airfields[{i}].at"), a.at, &frame);
        }
    }
    for (i, w) in infra.water_points.iter().enumerate() {
        c.id(
            format!("infrastructure.water_points[{i}].id"),
            &w.id,
            "water:",
            &mut ids,
        );
        if map_ok {
            c.inside(format!("infrastructure.water_points[{i}].at"), w.at, &frame);
        }
        c.range(
            format!("infrastructure.water_points[{i}].capacity_m3"),
            w.capacity_m3,
            0.0,
            1e12,
            "m³",
        );
    }
    for (i, s) in infra.shelters.iter().enumerate() {
        c.id(format!("infrastructure.shelters[{i}].id"), &s.id, "shelter:", &mut ids);
        if map_ok {
            c.inside(format!("infrastructure.shelters[{i}].at"), s.at, &frame);
        }
    }
    for (j, p) in infra.border.iter().enumerate() {
        if map_ok {
            c.inside(format!("infrastructure.border[{j}]"), *p, &frame);
        }
    }
    let bases: BTreeSet<&str> = file
        .places
        .iter()
        .map(|p| p.id.as_str())
        .chain(infra.depots.iter().map(|d| d.id.as_str()))
        .chain(infra.airfields.iter().map(|a| a.id.as_str()))
        .collect();
    for (i, f) in file.forces.iter().enumerate() {
        let prefix = if f.id.starts_with("aircraft:") {
            "aircraft:"
        } else {
            "team:"
        };
        c.id(format!("forces[{i}].id"), &f.id, prefix, &mut ids);
        if !bases.contains(f.base.as_str()) {
            c.fail(
                format!("forces[{i}].base"),
                format!("no place, depot or airfield `{}`", f.base),
            );
        }
        let flies = matches!(f.kind, ForceKind::Helicopter | ForceKind::FixedWing | ForceKind::Uav);
        let airfield = infra.airfields.iter().find(|a| a.id == f.base);
        if flies && airfield.is_none() && bases.contains(f.base.as_str()) {
            c.fail(format!("forces[{i}].base"), "an aircraft must be based at an airfield");
        }
        if !flies && airfield.is_some_and(|a| a.kind != AirfieldKind::LandingPoint) {
            c.fail(
                format!("forces[{i}].base"),
                "a ground team must be based on the map: a place, depot or landing point",
            );
        }
        match (flies, f.airframe) {
            (false, Some(_)) => c.fail(format!("forces[{i}].airframe"), "only aircraft have an airframe"),
            (true, Some(t)) => {
                let fits = matches!(
                    (f.kind, t.spec().kind),
                    (ForceKind::Helicopter, AirframeKind::Helicopter)
                        | (ForceKind::FixedWing, AirframeKind::FixedWing)
                        | (ForceKind::Uav, AirframeKind::Uav)
                );
                if !fits {
                    c.fail(
                        format!("forces[{i}].airframe"),
                        format!("a {:?} is not a {:?}", t, f.kind),
                    );
                }
            }
            _ => {}
        }
        if !flies && f.personnel == 0 {
            c.fail(format!("forces[{i}].personnel"), "a team needs at least one person");
        }
        for key in f.equipment.keys() {
            if flies {
                c.fail(format!("forces[{i}].equipment"), "only ground teams carry equipment");
                break;
            }
            if !crate::agents::equipment::CATALOGUE.contains(&key.as_str()) {
                c.fail(
                    format!("forces[{i}].equipment.{key}"),
                    format!(
                        "not in the equipment catalogue ({})",
                        crate::agents::equipment::CATALOGUE.join(", ")
                    ),
                );
            }
        }
    }
    if let Some(e) = &file.economy {
        c.range(
            "economy.regional_gdp_yuan".into(),
            e.regional_gdp_yuan,
            1.0,
            1e16,
            "yuan",
        );
        c.range(
            "economy.loss_yuan_per_burned_ha".into(),
            e.loss_yuan_per_burned_ha,
            0.0,
            1e9,
            "yuan",
        );
        c.range(
            "economy.loss_yuan_per_flooded_km2".into(),
            e.loss_yuan_per_flooded_km2,
            0.0,
            1e12,
            "yuan",
        );
    }
    let duration_min = file.duration_h * 60.0;
    c.range("duration_h".into(), file.duration_h, 0.1, 24.0 * 60.0, "h");
    for (i, h) in file.hazards.iter().enumerate() {
        match h {
            HazardSpec::Ignition { id, at, at_min } => {
                c.id(format!("hazards[{i}].Ignition.id"), id, "hazard:", &mut ids);
                if map_ok {
                    c.inside(format!("hazards[{i}].Ignition.at"), *at, &frame);
                }
                if *at_min as f64 > duration_min {
                    c.fail(
                        format!("hazards[{i}].Ignition.at_min"),
                        format!("{at_min} min is after the drill ends ({duration_min} min)"),
                    );
                }
            }
        }
    }
    for (class, code) in &file.fire.fuel_models {
        if crate::hazards::fire::behave::FuelModel::by_code(code).is_none() {
            c.fail(
                format!("fire.fuel_models[{class:?}]"),
                format!("no fuel model `{code}` (Anderson FM1–FM13 or Scott & Burgan GR1…SB4)"),
            );
        }
    }
    c.range(
        "fire.surface_spotting_pct".into(),
        file.fire.surface_spotting_pct,
        0.0,
        100.0,
        "%",
    );
    c.range("fire.curing_pct".into(), file.fire.curing_pct(), 0.0, 100.0, "%");
    c.range(
        "fire.live_herb_moisture_pct".into(),
        file.fire.live_herb_moisture_pct(),
        30.0,
        300.0,
        "%",
    );
    c.range(
        "fire.live_woody_moisture_pct".into(),
        file.fire.live_woody_moisture_pct(),
        30.0,
        300.0,
        "%",
    );
    if let Some(flood) = &file.flood {
        if flood.solver == crate::scenario::FloodSolverSpec::ShallowWater {
            for (name, edge) in [
                ("north", &flood.edges.north),
                ("south", &flood.edges.south),
                ("east", &flood.edges.east),
                ("west", &flood.edges.west),
            ] {
                if matches!(edge, crate::scenario::FloodEdgeSpec::Stage(_)) {
                    c.fail(
                        format!("flood.edges.{name}"),
                        "stage edges need the LocalInertial solver",
                    );
                }
            }
        }
        let series = |c: &mut Checker, path: String, rows: &[(f64, f64)], lo: f64, hi: f64, unit: &str| {
            if rows.is_empty() {
                c.fail(path.clone(), "needs at least one (time, value) row");
            }
            let mut last = f64::NEG_INFINITY;
            for (k, (t, v)) in rows.iter().enumerate() {
                if !(t.is_finite() && *t >= 0.0 && *t > last) {
                    c.fail(
                        format!("{path}[{k}]"),
                        format!("times must be finite, ≥ 0 and increasing: {t} follows {last}"),
                    );
                }
                last = *t;
                c.range(format!("{path}[{k}]"), *v, lo, hi, unit);
            }
        };
        for (class, n) in &flood.manning_n {
            c.range(format!("flood.manning_n[{class:?}]"), *n, 0.005, 0.5, "s/m^(1/3)");
        }
        for (i, inflow) in flood.inflows.iter().enumerate() {
            c.id(format!("flood.inflows[{i}].id"), &inflow.id, "inflow:", &mut ids);
            if inflow.path.is_empty() {
                c.fail(format!("flood.inflows[{i}].path"), "needs a point or a line");
            }
            for (j, p) in inflow.path.iter().enumerate() {
                if map_ok {
                    c.inside(format!("flood.inflows[{i}].path[{j}]"), *p, &frame);
                }
            }
            series(
                &mut c,
                format!("flood.inflows[{i}].hydrograph"),
                &inflow.hydrograph,
                0.0,
                1e6,
                "m³/s",
            );
        }
        if !flood.rain.is_empty() {
            series(&mut c, "flood.rain".into(), &flood.rain, 0.0, 500.0, "mm/h");
        }
        c.range(
            "flood.infiltration_mm_per_h".into(),
            flood.infiltration_mm_per_h,
            0.0,
            500.0,
            "mm/h",
        );
        for (name, edge) in [
            ("north", &flood.edges.north),
            ("south", &flood.edges.south),
            ("east", &flood.edges.east),
            ("west", &flood.edges.west),
        ] {
            if let crate::scenario::FloodEdgeSpec::Stage(rows) = edge {
                series(&mut c, format!("flood.edges.{name}.Stage"), rows, -500.0, 9000.0, "m");
            }
        }
        validate_flood_works(&mut c, flood, map_ok.then_some(&frame), duration_min, &mut ids);
        for (i, g) in flood.gauges.iter().enumerate() {
            c.id(format!("flood.gauges[{i}].id"), &g.id, "gauge:", &mut ids);
            if map_ok {
                c.inside(format!("flood.gauges[{i}].at"), g.at, &frame);
            }
            for (k, d) in g.alert_depths_m.iter().enumerate() {
                c.range(format!("flood.gauges[{i}].alert_depths_m[{k}]"), *d, 0.0, 100.0, "m");
            }
        }
    }
    if file.weather.rows.is_empty() {
        c.fail("weather.rows", "needs at least one row");
    }
    if let Some(z) = file.weather.station_elevation_m {
        c.range("weather.station_elevation_m".into(), z, -500.0, 9000.0, "m");
    }
    let mut last_hour = f64::NEG_INFINITY;
    for (i, r) in file.weather.rows.iter().enumerate() {
        let p = |f: &str| format!("weather.rows[{i}].{f}");
        c.range(p("hour"), r.hour, 0.0, 24.0 * 60.0, "h");
        if r.hour <= last_hour {
            c.fail(
                p("hour"),
                format!("hours must increase: {} follows {}", r.hour, last_hour),
            );
        }
        last_hour = r.hour;
        c.range(p("wind_speed_m_s"), r.wind_speed_m_s, 0.0, 75.0, "m/s");
        c.range(p("wind_from_deg"), r.wind_from_deg, 0.0, 360.0, "degrees");
        c.range(p("temperature_c"), r.temperature_c, -60.0, 55.0, "°C");
        c.range(p("relative_humidity_pct"), r.relative_humidity_pct, 0.0, 100.0, "%");
        c.range(
            p("precipitation_mm_per_h"),
            r.precipitation_mm_per_h,
            0.0,
            500.0,
            "mm/h",
        );
    }
    for (i, inj) in file.injects.iter().enumerate() {
        c.id(format!("injects[{i}].id"), &inj.id, "inject:", &mut ids);
        if inj.at_min as f64 > duration_min {
            c.fail(
                format!("injects[{i}].at_min"),
                format!("{} min is after the drill ends ({duration_min} min)", inj.at_min),
            );
        }
        for (k, e) in inj.expected.iter().enumerate() {
            let p = |f: &str| format!("injects[{i}].expected[{k}].{f}");
            c.positive(p("points"), e.points, 1000.0, "points");
            c.range(p("late_share"), e.late_share, 0.0, 1.0, "");
            if e.within_min == 0 {
                c.fail(p("within_min"), "must be more than 0 min");
            }
            if let Some(late) = e.late_within_min
                && late <= e.within_min
            {
                c.fail(
                    p("late_within_min"),
                    format!("{late} min must be more than within_min ({} min)", e.within_min),
                );
            }
            if let Some(target) = &e.target
                && !ids.contains(target)
            {
                c.fail(p("target"), format!("`{target}` is not an id of this scenario"));
            }
            if e.min_level.is_some() && e.order != ExpectedOrderKind::SetResponseLevel {
                c.fail(p("min_level"), "only a SetResponseLevel action has a level");
            }
            if e.target.is_some()
                && matches!(
                    e.order,
                    ExpectedOrderKind::SetResponseLevel
                        | ExpectedOrderKind::HoldConsultation
                        | ExpectedOrderKind::RequestSupport
                        | ExpectedOrderKind::BlastIceJam
                )
            {
                c.fail(
                    p("target"),
                    format!("a {:?} order names no id: leave the target out", e.order),
                );
            }
        }
        if let InjectKind::WindShift {
            wind_speed_m_s,
            wind_from_deg,
        } = inj.kind
        {
            c.range(
                format!("injects[{i}].kind.WindShift.wind_speed_m_s"),
                wind_speed_m_s,
                0.0,
                75.0,
                "m/s",
            );
            c.range(
                format!("injects[{i}].kind.WindShift.wind_from_deg"),
                wind_from_deg,
                0.0,
                360.0,
                "degrees",
            );
        }
    }
    if file.standards.trim().is_empty() {
        c.fail("standards", "must name a standards file");
    }
    c.problems
}
