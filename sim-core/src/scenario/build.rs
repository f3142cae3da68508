//! Turning a validated scenario file into a ready [`Scenario`]: terrain on
//! the map's grid and land cover per cell.

use crate::frame::{Cell, MapFrame, MapPoint};
use crate::grid::Grid;
use crate::hash::fnv1a64;
use crate::scenario::file::{HazardSpec, LandCoverSource, RoadClass, ScenarioFile, TerrainSource};
use crate::scenario::population_cells::{CellGroup, cell_groups};
use crate::scenario::validate::Invalid;
use crate::terrain::{AscGeoref, AscGrid, LandCover, Terrain};

/// A loaded, validated scenario with its terrain built: what [`crate::Sim::new`] takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// The file as written (after migration to the current version).
    pub file: ScenarioFile,
    /// The name the caller gave the source (a path or `builtin:…`).
    pub source_name: String,
    /// FNV-1a 64 of the scenario text: identifies the exact file a record was made with.
    pub content_hash: u64,
    /// The run's raster.
    pub frame: MapFrame,
    /// Elevation, slope and aspect on the raster.
    pub terrain: Terrain,
    /// Land cover per cell.
    pub land_cover: Grid<LandCover>,
    /// Elevation of the weather station, metres.
    pub station_elevation_m: f64,
    /// Cells each road passes through, in file order.
    pub road_cells: Vec<(String, RoadClass, Vec<Cell>)>,
    /// Cells the state border passes through.
    pub border_cells: Vec<Cell>,
    /// People living dispersed (`population_cells`), one group per populated
    /// map cell, sorted by parent place then cell index.
    pub population_cells: Vec<CellGroup>,
}

/// Paved or graded width of a road of each class, m: what a fire must jump.
/// Typical Chinese design widths (JTG B01-2014 cross-sections, rounded).
pub fn road_width_m(class: RoadClass) -> f64 {
    match class {
        RoadClass::Expressway => 26.0,
        RoadClass::Trunk => 12.0,
        RoadClass::County => 7.0,
        RoadClass::Track => 4.0,
    }
}

/// Reads a file the scenario refers to (e.g. a DEM), relative to the scenario.
/// Returns its text or a message saying why it could not be read.
pub type Resolver<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

/// Builds the terrain and land cover of a validated file.
pub(crate) fn build(
    file: ScenarioFile,
    source_name: &str,
    text: &str,
    resolve: &mut Resolver<'_>,
) -> Result<Scenario, Vec<Invalid>> {
    let frame = MapFrame {
        width: file.map.width,
        height: file.map.height,
        cell_size_m: file.map.cell_size_m,
        south_west: file.map.south_west,
    };
    let (w, h) = (frame.width as usize, frame.height as usize);
    let (elevation, river) = match &file.terrain {
        TerrainSource::Procedural(params) => {
            let t = params.generate(w, h, frame.cell_size_m);
            (t.elevation_m, Some(t.river))
        }
        TerrainSource::Asc { file: path, georef } => (elevation_from_asc(path, *georef, &frame, resolve)?, None),
    };
    let terrain = Terrain::from_elevation(elevation, frame.cell_size_m);
    let land_cover = Grid::from_fn(w, h, |x, y| {
        if river.as_ref().and_then(|r| r.at(x, y)).copied().unwrap_or(false) {
            return LandCover::Water;
        }
        match &file.land_cover {
            LandCoverSource::Uniform(class) => *class,
            LandCoverSource::Rules { rules, default } => {
                let z = f64::from(terrain.elevation_m().at(x, y).copied().unwrap_or(0.0));
                let s = f64::from(terrain.slope_deg().at(x, y).copied().unwrap_or(0.0));
                let a = f64::from(terrain.aspect_deg().at(x, y).copied().unwrap_or(0.0));
                rules.iter().find(|r| r.matches(z, s, a)).map_or(*default, |r| r.class)
            }
        }
    });
    let node_at = |id: &str| file.infrastructure.road_nodes.iter().find(|n| n.id == id).map(|n| n.at);
    let road_cells: Vec<(String, RoadClass, Vec<Cell>)> = file
        .infrastructure
        .roads
        .iter()
        .map(|r| {
            let points: Vec<_> = node_at(&r.from)
                .into_iter()
                .chain(r.via.iter().copied())
                .chain(node_at(&r.to))
                .collect();
            (r.id.clone(), r.class, frame.cells_along(&points))
        })
        .collect();
    let mut problems = Vec::new();
    for (i, h) in file.hazards.iter().enumerate() {
        let HazardSpec::Ignition { at, .. } = h;
        if let Some(cell) = frame.cell_at_lon_lat(*at)
            && let Some(class) = land_cover.at(cell.x as usize, cell.y as usize)
            && !crate::hazards::fire::land_cover_burns(*class, &file.fire)
        {
            problems.push(Invalid {
                path: format!("hazards[{i}].Ignition.at"),
                message: format!("lands on {} ({}), which cannot burn", class.names().1, class.names().0),
            });
        }
    }
    let population_cells = cell_groups(&file, &frame, resolve).unwrap_or_else(|mut p| {
        problems.append(&mut p);
        Vec::new()
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    let mean_elevation = {
        let cells = terrain.elevation_m().cells();
        cells.iter().map(|z| f64::from(*z)).sum::<f64>() / cells.len().max(1) as f64
    };
    Ok(Scenario {
        station_elevation_m: file.weather.station_elevation_m.unwrap_or(mean_elevation),
        content_hash: fnv1a64(text.as_bytes()),
        road_cells,
        border_cells: frame.cells_along(&file.infrastructure.border),
        population_cells,
        source_name: source_name.to_owned(),
        file,
        frame,
        terrain,
        land_cover,
    })
}

/// Resamples an `.asc` DEM bilinearly onto the map's cell centres.
fn elevation_from_asc(
    path: &str,
    georef: AscGeoref,
    frame: &MapFrame,
    resolve: &mut Resolver<'_>,
) -> Result<Grid<f32>, Vec<Invalid>> {
    let fail = |message: String| {
        vec![Invalid {
            path: "terrain.Asc.file".into(),
            message,
        }]
    };
    let text = resolve(path).map_err(|e| fail(format!("cannot read `{path}`: {e}")))?;
    let asc = AscGrid::parse(&text).map_err(|e| fail(format!("{path}:{e}")))?;
    let mut missing = 0usize;
    let grid = Grid::from_fn(frame.width as usize, frame.height as usize, |x, y| {
        let centre: MapPoint = frame.cell_centre(Cell {
            x: x as u32,
            y: y as u32,
        });
        let (sx, sy) = match georef {
            AscGeoref::LonLat => {
                let ll = frame.to_lon_lat(centre);
                (ll.lon, ll.lat)
            }
            AscGeoref::FrameMetres => (centre.east_m, centre.north_m),
        };
        asc.sample_bilinear(sx, sy).map_or_else(
            || {
                missing += 1;
                f32::NAN
            },
            |z| z as f32,
        )
    });
    if missing > 0 {
        return Err(fail(format!(
            "{missing} of {} map cells fall outside `{path}` or on its NODATA cells",
            frame.cell_count()
        )));
    }
    Ok(grid)
}
