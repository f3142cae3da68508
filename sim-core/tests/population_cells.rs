//! Dispersed people (`population_cells`, issue #5 item 1): the section parses
//! and is validated with located errors; ESRI ASCII grids of counts are
//! moved onto the map cell by cell with their total kept; each populated map
//! cell becomes a people group of the nearest place; an order naming that
//! place warns and evacuates its groups; a fire reaching a herders' cell
//! harms them and not the settlement they belong to; the metrics count them.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod common;

use std::collections::BTreeMap;

use sim_core::evaluation::{Facts, Measure, MetricId, measure};
use sim_core::scenario::{PlaceKind, no_files};
use sim_core::{Event, FinalState, Order, Scenario, Sim, Tick, TimedEvent, WarningLevel, builtin, load_scenario};

/// Metres per degree of longitude and latitude at the strip's latitude, as
/// `MapFrame` computes them (local equirectangular projection).
fn m_per_deg() -> (f64, f64) {
    let centre_lat: f64 = 48.55 + 1000.0 / 110_574.0;
    (111_320.0 * libm::cos(centre_lat.to_radians()), 110_574.0)
}

/// The longitude/latitude of the centre of cell (`x`, `y`) of the strip
/// (row 0 at the north).
fn at(x: u32, y: u32) -> String {
    let (lon_m, lat_m) = m_per_deg();
    let lon = 118.40 + (f64::from(x) + 0.5) * 100.0 / lon_m;
    let lat = 48.55 + (19.5 - f64::from(y)) * 100.0 / lat_m;
    format!("(lon: {lon:.6}, lat: {lat:.6})")
}

/// A 40 × 20 cell (4 km × 2 km) flat grassland strip of 100 m cells with an
/// open shelter at its east end; `places` and `population_cells` as given,
/// `hazards` and a west wind of `wind_m_s`.
fn strip(places: &str, population_cells: &str, hazards: &str, wind_m_s: f64) -> String {
    format!(
        r#"(
    version: 1,
    id: "test-dispersed",
    title: (zh: "散居", en: "Dispersed"),
    description: (zh: "测试", en: "test"),
    map: (width: 40, height: 20, cell_size_m: 100.0, south_west: (lon: 118.40, lat: 48.55)),
    terrain: Procedural((seed: 1, base_elevation_m: 640.0, relief_m: 0.0, hills: 0, river: false, river_width_m: 0.0)),
    land_cover: Uniform(Grassland),
    places: [{places}],
    population_cells: {population_cells},
    infrastructure: (
        shelters: [(id: "shelter:east", name: (zh: "东避难所", en: "East shelter"), at: {shelter},
                    capacity: 20000, open: true)],
    ),
    hazards: [{hazards}],
    weather: (rows: [(hour: 0.0, wind_speed_m_s: {wind_m_s}, wind_from_deg: 270.0, temperature_c: 25.0,
                      relative_humidity_pct: 20.0)]),
    duration_h: 8.0,
    standards: "nmg-14th-fyp",
)"#,
        shelter = at(39, 10),
    )
}

fn place(id: &str, kind: &str, x: u32, y: u32, population: u32) -> String {
    format!(
        "(id: \"place:{id}\", name: (zh: \"{id}\", en: \"{id}\"), kind: {kind}, at: {}, population: {population}, \
         vulnerable_share: 0.2),",
        at(x, y)
    )
}

fn load(text: &str) -> Scenario {
    load_scenario("test.ron", text, &mut no_files).unwrap_or_else(|e| panic!("{e}"))
}

fn two_places() -> String {
    format!(
        "{}{}",
        place("west-village", "Village", 3, 10, 300),
        place("east-gacha", "Village", 33, 10, 500)
    )
}

#[test]
fn files_without_the_section_load_as_before() {
    let flood = load_scenario("builtin", builtin::RIVER_FLOOD.text, &mut no_files).unwrap();
    assert!(flood.file.population_cells.is_none());
    assert!(flood.population_cells.is_empty());
    let sim = Sim::new(&flood, 1);
    assert_eq!(sim.view().places.len(), flood.file.places.len());
    assert!(sim.view().places.iter().all(|p| p.parent.is_none()));
}

#[test]
fn the_shipped_steppe_drill_has_herders_around_its_gacha() {
    let scenario = common::default_scenario();
    let groups = &scenario.population_cells;
    assert_eq!(groups.len(), 13);
    assert_eq!(groups.iter().map(|g| g.people).sum::<u32>(), 108);
    assert!(groups.iter().all(|g| (3..=15).contains(&g.people)));
    let sim = Sim::new(&scenario, 1);
    let view = sim.view();
    let herders: Vec<_> = view.places.iter().filter(|p| p.parent.is_some()).collect();
    assert_eq!(herders.len(), 13);
    let under = |parent: &str| herders.iter().filter(|p| p.parent.as_deref() == Some(parent)).count();
    assert_eq!((under("place:hada-gacha"), under("place:bayan-town")), (11, 2));
    // Every group belongs to the nearest place and has people of its own.
    for (i, h) in view.places.iter().enumerate().filter(|(_, p)| p.parent.is_some()) {
        assert_eq!(h.kind, PlaceKind::Camp);
        let parent = h.parent.as_deref().unwrap();
        assert_eq!(h.id, format!("{parent}/cell-{}-{}", h.cell.x, h.cell.y));
        let d2 = |p: &sim_core::PlaceState| {
            let (dx, dy) = (
                i64::from(p.cell.x) - i64::from(h.cell.x),
                i64::from(p.cell.y) - i64::from(h.cell.y),
            );
            dx * dx + dy * dy
        };
        let nearest = view.places[..2].iter().min_by_key(|p| d2(p)).unwrap();
        assert_eq!(nearest.id, parent);
        let people = view.people[i].as_ref().unwrap();
        assert_eq!(people.settlement.counts().total(), u64::from(h.population));
    }
}

#[test]
fn bad_dispersed_people_are_reported_at_their_fields() {
    let cells = format!(
        "Some((\n        cells: [\n            (at: (lon: 119.5, lat: 48.56), people: 5),\n            (at: {a}, \
         people: 0),\n            (at: {a}, people: 4, vulnerable_share: 1.5),\n            (at: {a}, people: 4, \
         vulnerable_share: NaN),\n        ],\n        grids: [(file: \" \", georef: LonLat, vulnerable_share: \
         -0.1)],\n    ))",
        a = at(5, 5)
    );
    let text = strip(&two_places(), &cells, "", 5.0);
    let err = load_scenario("bad.ron", &text, &mut no_files).unwrap_err();
    let found: Vec<(&str, u32)> = err.problems.iter().map(|p| (p.path.as_str(), p.line)).collect();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1;
    assert_eq!(
        found,
        vec![
            ("population_cells.cells[0].at", line_of("lon: 119.5")),
            ("population_cells.cells[1].people", line_of("people: 0")),
            ("population_cells.cells[2].vulnerable_share", line_of("1.5")),
            ("population_cells.cells[3].vulnerable_share", line_of("NaN")),
            ("population_cells.grids[0].file", line_of("file: \" \"")),
            ("population_cells.grids[0].vulnerable_share", line_of("file: \" \"")),
        ],
        "{err}"
    );
    assert!(err.problems[0].message.contains("outside the map"), "{err}");
    // A negative count does not even parse into the file's types.
    let negative = strip(
        &two_places(),
        &format!("Some((cells: [(at: {}, people: -3)]))", at(5, 5)),
        "",
        5.0,
    );
    let err = load_scenario("neg.ron", &negative, &mut no_files).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(err.problems[0].path, "population_cells.cells[0].people", "{err}");
    // Dispersed people need a place to belong to.
    let orphan = strip("", &format!("Some((cells: [(at: {}, people: 3)]))", at(5, 5)), "", 5.0);
    let err = load_scenario("orphan.ron", &orphan, &mut no_files).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(err.problems[0].path, "population_cells", "{err}");
}

#[test]
fn bad_grids_are_reported_at_their_file_field() {
    let grid = |name: &str| format!("Some((grids: [(file: \"{name}\", georef: FrameMetres)]))");
    let mut resolve = |path: &str| match path {
        "negative.asc" => Ok("ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 100\n3 -2\n".to_string()),
        "off-map.asc" => Ok("ncols 2\nnrows 1\nxllcorner 3900\nyllcorner 0\ncellsize 100\n3 4\n".to_string()),
        "broken.asc" => Ok("ncols 2\nnrows 1\nxllcorner 0\ncellsize 100\n3 4\n".to_string()),
        _ => Err("no such file".to_string()),
    };
    for (name, says) in [
        ("negative.asc", "negative count (the first at row 1, column 2: -2)"),
        ("off-map.asc", "4.0 people in 1 grid cells lie outside the map"),
        ("broken.asc", "header lacks `yllcorner`"),
        ("missing.asc", "cannot read `missing.asc`: no such file"),
    ] {
        let text = strip(&two_places(), &grid(name), "", 5.0);
        let err = load_scenario("grid.ron", &text, &mut resolve).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        assert_eq!(err.problems[0].path, "population_cells.grids[0].file", "{err}");
        assert!(err.problems[0].message.contains(says), "{name}: {err}");
    }
}

/// A 50 m grid over the whole strip (80 × 40 cells) of whole counts 0–5, its
/// northern row NODATA.
fn fine_grid() -> (String, Vec<Vec<f64>>) {
    let (w, h) = (80, 40);
    let rows: Vec<Vec<f64>> = (0..h)
        .map(|r| {
            (0..w)
                .map(|c| if r == 0 { -9999.0 } else { ((c * 7 + r * 13) % 6) as f64 })
                .collect()
        })
        .collect();
    let mut text = format!("ncols {w}\nnrows {h}\nxllcorner 0\nyllcorner 0\ncellsize 50\nNODATA_value -9999\n");
    for row in &rows {
        let line: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
        text.push_str(&line.join(" "));
        text.push('\n');
    }
    (text, rows)
}

/// A coarse longitude/latitude grid (0.003°: about 220 m × 330 m) of
/// fractional counts over the strip's south-west.
const COARSE: &str = "ncols 5\nnrows 3\nxllcorner 118.401\nyllcorner 48.551\ncellsize 0.003\n\
                      0.4 1.3 2.5 0 0.7\n3.3 0.2 0.9 1.1 0\n0 4.6 0.35 0.8 2.25\n";

#[test]
fn grids_of_counts_keep_their_people_and_fill_the_cells_under_them() {
    let (fine, fine_rows) = fine_grid();
    let cells = format!(
        "Some((cells: [(at: {}, people: 9, vulnerable_share: 0.5), (at: {}, people: 4)], grids: [(file: \
         \"fine.asc\", georef: FrameMetres, vulnerable_share: 0.1), (file: \"coarse.asc\", georef: LonLat)]))",
        at(20, 3),
        at(20, 3)
    );
    let text = strip(&two_places(), &cells, "", 5.0);
    let mut resolve = |path: &str| match path {
        "fine.asc" => Ok(fine.clone()),
        "coarse.asc" => Ok(COARSE.to_string()),
        _ => Err("no such file".to_string()),
    };
    let scenario = load_scenario("grid.ron", &text, &mut resolve).unwrap_or_else(|e| panic!("{e}"));
    let groups = &scenario.population_cells;
    let fine_total: f64 = fine_rows.iter().flatten().filter(|v| **v >= 0.0).sum();
    let coarse_total: f64 = COARSE
        .lines()
        .skip(5)
        .flat_map(|l| l.split_whitespace())
        .map(|v| v.parse::<f64>().unwrap())
        .sum();
    // Whole grids are kept exactly, fractional ones to the nearest person.
    let expected = fine_total as u64 + coarse_total.round() as u64 + 9 + 4;
    assert_eq!(coarse_total.round(), 18.0);
    let total: u64 = groups.iter().map(|g| u64::from(g.people)).sum();
    assert_eq!(total, expected);
    let sim = Sim::new(&scenario, 3);
    let view = sim.view();
    let in_sim: u64 = view.places[2..].iter().map(|p| u64::from(p.population)).sum();
    assert_eq!(in_sim, expected);
    let people: u64 = view.people[2..]
        .iter()
        .map(|p| p.as_ref().unwrap().settlement.counts().total())
        .sum();
    assert_eq!(people, expected);
    // East of the coarse grid (which ends near column 11) each map cell holds
    // exactly the four 50 m cells whose centres it contains: counts moved,
    // not resampled.
    let by_cell: BTreeMap<(u32, u32), &sim_core::scenario::CellGroup> =
        groups.iter().map(|g| ((g.cell.x, g.cell.y), g)).collect();
    for (x, y) in [(25u32, 4u32), (30, 12), (39, 19), (14, 7)] {
        let (cx, ry) = (2 * x as usize, 2 * y as usize);
        let sum = fine_rows[ry][cx] + fine_rows[ry][cx + 1] + fine_rows[ry + 1][cx] + fine_rows[ry + 1][cx + 1];
        let got = by_cell.get(&(x, y)).map_or(0, |g| g.people);
        assert_eq!(f64::from(got), sum, "cell ({x}, {y})");
    }
    // The map cell with the two points and its share of the fine grid:
    // people-weighted vulnerable share.
    let g = by_cell[&(20, 3)];
    let grid_people = f64::from(g.people) - 13.0;
    let share = (9.0 * 0.5 + grid_people * 0.1) / f64::from(g.people);
    assert!(
        (g.vulnerable_share - share).abs() < 1e-12,
        "{} vs {share}",
        g.vulnerable_share
    );
    // The nearest place (both sit on row 10; column 18 is a tie, which goes
    // to the first in the file), and groups sorted by parent, then cell.
    for g in groups {
        let expected_parent = usize::from(g.cell.x > 18);
        assert_eq!(g.parent, expected_parent, "{g:?}");
    }
    let keys: Vec<(usize, u32)> = groups.iter().map(|g| (g.parent, g.cell.y * 40 + g.cell.x)).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);
}

fn events_of(sim: &mut Sim, log: &mut Vec<TimedEvent>) {
    log.extend(sim.drain_events());
}

#[test]
fn orders_naming_a_place_warn_and_evacuate_its_dispersed_people() {
    let cells = format!(
        "Some((cells: [(at: {}, people: 12), (at: {}, people: 7), (at: {}, people: 9)]))",
        at(28, 4),
        at(36, 15),
        at(8, 12)
    );
    let scenario = load(&strip(&two_places(), &cells, "", 5.0));
    let mut sim = Sim::new(&scenario, 5);
    let ids: Vec<String> = sim.view().places.iter().map(|p| p.id.clone()).collect();
    assert_eq!(
        ids,
        [
            "place:west-village",
            "place:east-gacha",
            "place:west-village/cell-8-12",
            "place:east-gacha/cell-28-4",
            "place:east-gacha/cell-36-15",
        ]
    );
    let gacha = ["place:east-gacha".to_string()];
    sim.submit(Order::IssueWarning {
        places: gacha.to_vec(),
        level: WarningLevel::Orange,
        channels: Vec::new(),
    })
    .unwrap();
    sim.submit(Order::OrderEvacuation {
        places: gacha.to_vec(),
        shelter: "shelter:east".into(),
    })
    .unwrap();
    let mut log = sim.drain_events();
    sim.step(Tick::from_hours(6.0).0);
    events_of(&mut sim, &mut log);
    let issued = log
        .iter()
        .find_map(|e| match &e.event {
            Event::WarningIssued { population, .. } => Some(*population),
            _ => None,
        })
        .unwrap();
    assert_eq!(issued, 500 + 12 + 7);
    let ordered: Vec<&str> = log
        .iter()
        .filter_map(|e| match &e.event {
            Event::EvacuationOrdered { place_id, .. } => Some(place_id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ordered, [ids[1].as_str(), ids[3].as_str(), ids[4].as_str()]);
    let view = sim.view();
    for i in [1, 3, 4] {
        let c = view.people[i].as_ref().unwrap().settlement.counts();
        assert!(view.places[i].warning.is_some(), "{}", ids[i]);
        assert_eq!(c.unaware, 0, "{}: {c:?}", ids[i]);
        assert!(c.sheltered > 0, "{}: {c:?}", ids[i]);
        let received = log
            .iter()
            .any(|e| matches!(&e.event, Event::WarningReceived { place_id, .. } if *place_id == ids[i]));
        assert!(received, "{}", ids[i]);
    }
    for i in [3, 4] {
        let done = log
            .iter()
            .any(|e| matches!(&e.event, Event::EvacuationCompleted { place_id, .. } if *place_id == ids[i]));
        assert!(done, "{} never completed", ids[i]);
    }
    // The village's herders were named by nobody.
    let c = view.people[2].as_ref().unwrap().settlement.counts();
    assert!(view.places[2].warning.is_none());
    assert_eq!((c.unaware, c.sheltered), (9, 0));
    // A group may also be named on its own.
    let mut sim = Sim::new(&scenario, 5);
    sim.submit(Order::IssueWarning {
        places: vec![ids[2].clone()],
        level: WarningLevel::Blue,
        channels: Vec::new(),
    })
    .unwrap();
    sim.step(Tick::from_minutes(11).0);
    let view = sim.view();
    let warned: Vec<bool> = view.places.iter().map(|p| p.warning.is_some()).collect();
    assert_eq!(warned, [false, false, true, false, false]);
}

/// The strip with one gacha at its east end, 500 herders in one cell 900 m
/// downwind of an ignition at minute 30, and a west wind of 8 m/s.
fn fire_strip() -> Scenario {
    let cells = format!(
        "Some((cells: [(at: {}, people: 500, vulnerable_share: 0.2)]))",
        at(12, 10)
    );
    let hazards = format!("Ignition(id: \"hazard:grass\", at: {}, at_min: 30)", at(3, 10));
    load(&strip(&place("gacha", "Village", 33, 10, 800), &cells, &hazards, 8.0))
}

const HERDERS: &str = "place:gacha/cell-12-10";

#[test]
fn a_fire_reaching_a_herders_cell_harms_them_and_not_their_gacha() {
    let scenario = fire_strip();
    let mut sim = Sim::new(&scenario, 7);
    let mut log = sim.drain_events();
    let limit = Tick::from_hours(4.0);
    while sim.view().places[1].fire_arrived.is_none() && sim.tick() < limit {
        sim.step(1);
        events_of(&mut sim, &mut log);
    }
    let view = sim.view();
    let reached = view.places[1].fire_arrived.expect("the fire reaches the herders");
    assert_eq!(view.places[1].id, HERDERS);
    // The gacha, 2.1 km further east, is not reached yet and nobody there is hurt.
    assert!(view.places[0].fire_arrived.is_none());
    let gacha = view.people[0].as_ref().unwrap().settlement.counts();
    assert_eq!((gacha.injured, gacha.dead, gacha.unaware), (0, 0, 800));
    let herders = view.people[1].as_ref().unwrap().settlement.counts();
    assert!(herders.injured + herders.dead > 0, "{herders:?}");
    let casualties: Vec<(&str, u32)> = log
        .iter()
        .filter_map(|e| match &e.event {
            Event::Casualties {
                place_id,
                injured,
                dead,
                ..
            } => Some((place_id.as_str(), injured + dead)),
            _ => None,
        })
        .collect();
    assert_eq!(casualties, [(HERDERS, (herders.injured + herders.dead) as u32)]);
    let arrived: Vec<&str> = log
        .iter()
        .filter_map(|e| match &e.event {
            Event::FireReachedPlace { place_id, .. } => Some(place_id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(arrived, [HERDERS]);
    assert!(reached > Tick::from_minutes(30));
}

#[test]
fn metrics_count_dispersed_people_where_the_hazard_reached_them() {
    let scenario = fire_strip();
    let mut sim = Sim::new(&scenario, 7);
    let gacha = vec!["place:gacha".to_string()];
    sim.submit(Order::IssueWarning {
        places: gacha.clone(),
        level: WarningLevel::Red,
        channels: Vec::new(),
    })
    .unwrap();
    sim.submit(Order::OrderEvacuation {
        places: gacha,
        shelter: "shelter:east".into(),
    })
    .unwrap();
    let mut log = sim.drain_events();
    let limit = Tick::from_hours(4.0);
    while sim.view().places[1].fire_arrived.is_none() && sim.tick() < limit {
        sim.step(1);
        events_of(&mut sim, &mut log);
    }
    assert!(sim.view().places[0].fire_arrived.is_none());
    let fs = FinalState::from_view(&sim.view(), None);
    let facts = Facts::new(&scenario.file, &log, &fs);
    // Only the herders were reached: the metrics are about their 500.
    assert_eq!(facts.arrivals.keys().collect::<Vec<_>>(), [HERDERS]);
    assert_eq!(fs.place(HERDERS).map(|p| p.population), Some(500));
    let ordered = measure(MetricId::EvacuationOrderedBeforeArrival, &facts);
    assert_eq!(ordered.measure, Measure::Value(1.0), "{:?}", ordered.note);
    let coverage = measure(MetricId::WarningCoverageBeforeArrival, &facts);
    assert!(
        coverage.note.en.contains("1 reached places, 500 people"),
        "{:?}",
        coverage.note
    );
    let Measure::Value(share) = coverage.measure else {
        panic!("{coverage:?}")
    };
    let last_share = log
        .iter()
        .rev()
        .find_map(|e| match &e.event {
            Event::WarningReceived {
                place_id, share_warned, ..
            } if place_id == HERDERS => Some(*share_warned),
            _ => None,
        })
        .unwrap();
    assert!(
        share > 0.0 && (share - last_share).abs() < 1e-12,
        "{share} vs {last_share}"
    );
}
