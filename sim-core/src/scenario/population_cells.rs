//! Dispersed people: a scenario's `population_cells` (points and ESRI ASCII
//! grids of people per cell) gathered into one [`CellGroup`] per populated
//! map cell, each attached to the nearest place.
//!
//! Grids are read for counts, not sampled: each grid cell's count goes whole
//! to the map cell containing the grid cell's centre, so the people of a
//! grid are conserved whatever its resolution (bilinear sampling, right for
//! elevation, would invent or lose people). Counts are then rounded to whole
//! people per map cell by largest remainders (Hamilton's method), which keeps
//! the grid's total rounded to the nearest person.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::frame::{Cell, LonLat, MapFrame, MapPoint};
use crate::scenario::build::Resolver;
use crate::scenario::file::ScenarioFile;
use crate::scenario::validate::{Invalid, MAX_CELL_PEOPLE};
use crate::terrain::{AscGeoref, AscGrid};

/// People living dispersed in one map cell, attached to a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellGroup {
    /// Index in the file's `places` of the place it belongs to: the nearest
    /// (ties: the first in the file).
    pub parent: usize,
    /// The map cell.
    pub cell: Cell,
    /// People.
    pub people: u32,
    /// Share needing help to move: the people-weighted mean of its sources.
    pub vulnerable_share: f64,
}

/// People and people-weighted vulnerable share summed in one map cell.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    people: u64,
    vulnerable_people: f64,
}

/// The dispersed people groups of a validated file, sorted by parent place
/// then by row-major cell index (the order `Sim::new` gives them).
pub(crate) fn cell_groups(
    file: &ScenarioFile,
    frame: &MapFrame,
    resolve: &mut Resolver<'_>,
) -> Result<Vec<CellGroup>, Vec<Invalid>> {
    let Some(spec) = &file.population_cells else {
        return Ok(Vec::new());
    };
    let mut tally: BTreeMap<usize, Tally> = BTreeMap::new();
    let mut add = |index: usize, people: u64, share: f64| {
        let t = tally.entry(index).or_default();
        t.people += people;
        t.vulnerable_people += people as f64 * share;
    };
    for c in &spec.cells {
        if let Some(cell) = frame.cell_at_lon_lat(c.at) {
            add(frame.index(cell), u64::from(c.people), c.vulnerable_share);
        }
    }
    let mut problems = Vec::new();
    for (i, grid) in spec.grids.iter().enumerate() {
        let path = format!("population_cells.grids[{i}].file");
        let fail = |message: String| Invalid {
            path: path.clone(),
            message,
        };
        let counts = resolve(&grid.file)
            .map_err(|e| format!("cannot read `{}`: {e}", grid.file))
            .and_then(|text| AscGrid::parse(&text).map_err(|e| format!("{}:{e}", grid.file)))
            .and_then(|asc| counts_on_map(&asc, grid.georef, frame).map_err(|e| format!("`{}`: {e}", grid.file)));
        match counts {
            Ok(counts) => {
                for (index, people) in apportion(&counts) {
                    add(index, u64::from(people), grid.vulnerable_share);
                }
            }
            Err(message) => problems.push(fail(message)),
        }
    }
    let places: Vec<Cell> = file
        .places
        .iter()
        .map(|p| frame.cell_at_lon_lat(p.at).unwrap_or(Cell { x: 0, y: 0 }))
        .collect();
    let mut groups = Vec::new();
    for (index, t) in tally {
        if t.people == 0 {
            continue;
        }
        let cell = frame.cell_of_index(index);
        if t.people > u64::from(MAX_CELL_PEOPLE) {
            problems.push(Invalid {
                path: "population_cells".into(),
                message: format!(
                    "{} people in the map cell at column {}, row {}: more than the {MAX_CELL_PEOPLE} a cell of \
                     dispersed people may hold (a town belongs in `places`)",
                    t.people, cell.x, cell.y
                ),
            });
            continue;
        }
        let Some(parent) = nearest(&places, cell) else {
            continue;
        };
        groups.push(CellGroup {
            parent,
            cell,
            people: t.people as u32,
            vulnerable_share: (t.vulnerable_people / t.people as f64).clamp(0.0, 1.0),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Stable: the tally was in cell order, and the sort keeps it per parent.
    groups.sort_by_key(|g| g.parent);
    Ok(groups)
}

/// The index of the place nearest `cell` (squared distance in cells; ties go
/// to the lower index, i.e. the first in the file).
fn nearest(places: &[Cell], cell: Cell) -> Option<usize> {
    places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (dx, dy) = (i64::from(p.x) - i64::from(cell.x), i64::from(p.y) - i64::from(cell.y));
            (dx * dx + dy * dy, i)
        })
        .min()
        .map(|(_, i)| i)
}

/// People per map cell (row-major index) from a grid of counts: each grid
/// cell's count goes to the map cell containing its centre. NODATA cells are
/// empty; a negative count, or people whose grid cell lies off the map, are
/// errors (they would be lost).
pub fn counts_on_map(asc: &AscGrid, georef: AscGeoref, frame: &MapFrame) -> Result<BTreeMap<usize, f64>, String> {
    let (w, h) = (asc.values.width(), asc.values.height());
    let mut counts: BTreeMap<usize, f64> = BTreeMap::new();
    let (mut negative, mut first_negative) = (0usize, None);
    let (mut outside_cells, mut outside_people) = (0usize, 0.0);
    for row in 0..h {
        for col in 0..w {
            let Some(v) = asc.values.at(col, row).copied().filter(|v| v.is_finite()) else {
                continue;
            };
            let v = f64::from(v);
            if v < 0.0 {
                negative += 1;
                first_negative.get_or_insert((row, col, v));
                continue;
            }
            if v == 0.0 {
                continue;
            }
            // Row 0 is the grid's northern row.
            let x = asc.x_ll_corner + (col as f64 + 0.5) * asc.cell_size;
            let y = asc.y_ll_corner + ((h - row) as f64 - 0.5) * asc.cell_size;
            let cell = match georef {
                AscGeoref::LonLat => frame.cell_at_lon_lat(LonLat { lon: x, lat: y }),
                AscGeoref::FrameMetres => frame.cell_at(MapPoint { east_m: x, north_m: y }),
            };
            match cell {
                Some(cell) => *counts.entry(frame.index(cell)).or_insert(0.0) += v,
                None => {
                    outside_cells += 1;
                    outside_people += v;
                }
            }
        }
    }
    if let Some((row, col, v)) = first_negative {
        return Err(format!(
            "{negative} grid cells hold a negative count (the first at row {}, column {}: {v}); people per cell \
             must be 0 or more, or NODATA",
            row + 1,
            col + 1
        ));
    }
    if outside_cells > 0 {
        return Err(format!(
            "{outside_people:.1} people in {outside_cells} grid cells lie outside the map; crop the grid to the \
             map or enlarge the map"
        ));
    }
    Ok(counts)
}

/// Whole people per map cell whose sum is the counts' total rounded to the
/// nearest person: every cell gets the floor of its count, and the people
/// left over go one each to the cells with the largest fractional parts
/// (ties: the lower cell index), Hamilton's largest-remainder method.
pub fn apportion(counts: &BTreeMap<usize, f64>) -> BTreeMap<usize, u32> {
    let total: f64 = counts.values().sum();
    let mut out: BTreeMap<usize, u32> = counts.iter().map(|(i, v)| (*i, v.floor() as u32)).collect();
    let floors: u64 = out.values().map(|v| u64::from(*v)).sum();
    let left = (total.round() as u64).saturating_sub(floors);
    let mut by_remainder: Vec<(f64, usize)> = counts.iter().map(|(i, v)| (v - v.floor(), *i)).collect();
    // Largest remainder first, then the lower index: a total order, so the
    // result does not depend on the sort's stability.
    by_remainder.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in by_remainder.into_iter().take(left as usize) {
        if let Some(v) = out.get_mut(&i) {
            *v += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> MapFrame {
        MapFrame {
            width: 10,
            height: 8,
            cell_size_m: 100.0,
            south_west: LonLat { lon: 118.4, lat: 48.5 },
        }
    }

    #[test]
    fn a_fine_grid_sums_into_the_map_cells_containing_its_centres() {
        // 50 m cells in frame metres, 4 × 2 of them over the map's
        // south-west 200 m × 100 m: two map cells, four grid cells each.
        let asc = AscGrid::parse("ncols 4\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 50\n1 2 3 4\n5 6 7 8\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let counts = counts_on_map(&asc, AscGeoref::FrameMetres, &frame()).unwrap_or_else(|e| panic!("{e}"));
        let f = frame();
        let west = f.index(Cell { x: 0, y: 7 });
        let east = f.index(Cell { x: 1, y: 7 });
        assert_eq!(counts.get(&west), Some(&(1.0 + 2.0 + 5.0 + 6.0)));
        assert_eq!(counts.get(&east), Some(&(3.0 + 4.0 + 7.0 + 8.0)));
        assert_eq!(counts.len(), 2);
    }

    #[test]
    fn negative_counts_and_people_off_the_map_are_refused() {
        let negative = AscGrid::parse("ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 100\n3 -2\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let err = counts_on_map(&negative, AscGeoref::FrameMetres, &frame()).unwrap_err();
        assert!(err.contains("row 1, column 2: -2"), "{err}");
        // The second column's centre is 50 m east of the map's 1 000 m.
        let off = AscGrid::parse("ncols 2\nnrows 1\nxllcorner 900\nyllcorner 0\ncellsize 100\n3 4\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let err = counts_on_map(&off, AscGeoref::FrameMetres, &frame()).unwrap_err();
        assert!(err.contains("4.0 people in 1 grid cells"), "{err}");
        // NODATA and zero cells off the map are fine.
        let empty_off =
            AscGrid::parse("ncols 2\nnrows 1\nxllcorner 900\nyllcorner 0\ncellsize 100\nNODATA_value -1\n3 -1\n")
                .unwrap_or_else(|e| panic!("{e}"));
        assert!(counts_on_map(&empty_off, AscGeoref::FrameMetres, &frame()).is_ok());
    }

    #[test]
    fn largest_remainders_keep_the_rounded_total() {
        // 0.6 + 1.2 + 0.6 + 0.6 = 3.0: the floors give 1 person, the two
        // people left go to the largest remainders, three tied 0.6s, so to
        // the two lowest indices.
        let counts: BTreeMap<usize, f64> = [(3, 0.6), (1, 0.6), (7, 0.6), (2, 1.2)].into();
        let out = apportion(&counts);
        assert_eq!(out, [(1, 1), (2, 1), (3, 1), (7, 0)].into());
        // Whole counts are kept exactly.
        let whole: BTreeMap<usize, f64> = [(0, 4.0), (5, 11.0), (9, 3.0)].into();
        assert_eq!(apportion(&whole), [(0, 4), (5, 11), (9, 3)].into());
    }
}
