//! The fire inside the simulation: ignitions, spotting across a river,
//! firelines and water drops given as injects, places/roads/border reached,
//! containment.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod common;

use sim_core::scenario::no_files;
use sim_core::terrain::LandCover;
use sim_core::{Event, Sim, Tick, builtin, load_scenario};

/// The default drill with a strong north wind, the ignition north of the
/// river, every intense cell throwing an ember when spotting is on (to make
/// the river crossing a near-certainty, not a 1 % chance), and `injects`
/// added to the MSEL.
fn north_wind_drill(spotting: bool, injects: &str) -> Sim {
    let text = builtin::DEFAULT
        .text
        .replace("wind_from_deg: 315.0", "wind_from_deg: 0.0")
        .replace("wind_from_deg: 300.0", "wind_from_deg: 0.0")
        .replace("wind_from_deg: 290.0", "wind_from_deg: 0.0")
        .replace("wind_from_deg: 280.0", "wind_from_deg: 0.0")
        .replace("wind_speed_m_s: 7.0", "wind_speed_m_s: 12.0")
        .replace("wind_speed_m_s: 9.0", "wind_speed_m_s: 12.0")
        .replace("wind_speed_m_s: 10.0", "wind_speed_m_s: 12.0")
        .replace("wind_speed_m_s: 6.0", "wind_speed_m_s: 12.0")
        .replace("WindShift(wind_speed_m_s: 12.0, wind_from_deg: 270.0)", "Message")
        .replace(
            "    injects: [",
            &format!("    fire: (spotting: {spotting}, surface_spotting_pct: 100.0),\n    injects: [{injects}"),
        );
    let scenario = load_scenario("north-wind.ron", &text, &mut no_files).unwrap_or_else(|e| panic!("{e}"));
    Sim::new(&scenario, 3)
}

/// Burned cells south of the river, column by column.
fn burned_south_of_river(sim: &Sim) -> usize {
    let v = sim.view();
    let (w, h) = (v.frame.width as usize, v.frame.height as usize);
    (0..w)
        .map(|x| {
            let river_south = (0..h).rev().find(|&y| v.land_cover.at(x, y) == Some(&LandCover::Water));
            river_south.map_or(0, |r| (r + 1..h).filter(|&y| v.fire.is_burned(y * w + x)).count())
        })
        .sum()
}

#[test]
fn the_river_holds_without_spotting_and_embers_cross_it() {
    let mut held = north_wind_drill(false, "");
    held.step(Tick::from_hours(4.0).0);
    let burned_north = held.view().fire.burned_cells();
    assert!(burned_north > 200, "the fire ran to the river: {burned_north} cells");
    assert_eq!(burned_south_of_river(&held), 0, "no spotting: the river holds");
    assert!(!held.drain_events().iter().any(|e| e.event.kind_name() == "FireSpotted"));

    let mut spotted = north_wind_drill(true, "");
    spotted.step(Tick::from_hours(4.0).0);
    let events = spotted.drain_events();
    let spots = events.iter().filter(|e| e.event.kind_name() == "FireSpotted").count();
    assert!(spots > 0, "intense grass fire throws embers");
    assert!(
        burned_south_of_river(&spotted) > 0,
        "an ember carried the fire over the river"
    );
}

#[test]
fn a_fireline_inject_holds_and_a_water_drop_wets() {
    // A line right across the map south of the ignition, built at minute 20.
    let line = r#"
        (id: "inject:dozer-line", at_min: 20, kind: Fireline(path: [(lon: 118.402, lat: 48.615), (lon: 118.69, lat: 48.615)], holds_flame_m: 50.0),
         message: (zh: "推土机开设防火隔离带", en: "Dozers finish a fire break")),
        (id: "inject:helicopter-drop", at_min: 25, kind: WaterDrop(at: (lon: 118.47, lat: 48.62), radius_m: 300.0, duration_min: 60),
         message: (zh: "直升机洒水", en: "Helicopter water drop")),
"#;
    let mut sim = north_wind_drill(false, line);
    sim.step(Tick::from_hours(3.0).0);
    let events = sim.drain_events();
    let built = events.iter().find_map(|e| match e.event {
        Event::FirelineBuilt { cells, .. } => Some(cells),
        _ => None,
    });
    assert!(built.expect("line built") > 200);
    assert!(
        events
            .iter()
            .any(|e| matches!(e.event, Event::FireWetted { cells, .. } if cells > 20))
    );
    let v = sim.view();
    let w = v.frame.width as usize;
    let line_row = v
        .frame
        .cell_at_lon_lat(sim_core::frame::LonLat {
            lon: 118.5,
            lat: 48.615,
        })
        .unwrap()
        .y as usize;
    let beyond = (line_row + 1..v.frame.height as usize)
        .flat_map(|y| (0..w).map(move |x| y * w + x))
        .filter(|&c| v.fire.is_burned(c))
        .count();
    assert_eq!(beyond, 0, "nothing burns south of a line that holds 50 m flames");
}

/// A fire boxed in by four firelines burns out the box and is reported
/// contained once, with the burned area.
#[test]
fn a_boxed_in_fire_is_contained() {
    // Tight around the ignition (118.47, 48.63) on the upwind (north) side,
    // where the backing fire creeps at under 1 m/min: about 6 × 7 cells.
    let (w, e, s, n) = (118.466, 118.474, 48.625, 48.6315);
    let side = |id: &str, a: (f64, f64), b: (f64, f64)| {
        format!(
            r#"(id: "inject:{id}", at_min: 16, kind: Fireline(path: [(lon: {}, lat: {}), (lon: {}, lat: {})], holds_flame_m: 50.0), message: (zh: "隔离带", en: "Fire break")),"#,
            a.0, a.1, b.0, b.1
        )
    };
    let lines = [
        side("box-n", (w, n), (e, n)),
        side("box-e", (e, n), (e, s)),
        side("box-s", (e, s), (w, s)),
        side("box-w", (w, s), (w, n)),
    ]
    .join("\n");
    let mut sim = north_wind_drill(false, &lines);
    sim.step(Tick::from_hours(4.0).0);
    let events = sim.drain_events();

    let contained: Vec<f64> = events
        .iter()
        .filter_map(|e| match e.event {
            Event::FireContained { burned_area_ha } => Some(burned_area_ha),
            _ => None,
        })
        .collect();
    assert_eq!(contained.len(), 1, "contained once");
    // The box is about 0.6 km × 0.7 km ≈ 42 ha; the fire burned inside it.
    assert!(contained[0] > 5.0 && contained[0] < 45.0, "{} ha", contained[0]);
    assert!(!sim.view().fire.is_active());
}

#[test]
fn reaching_places_roads_and_the_border_is_reported_once() {
    let text = builtin::DEFAULT.text.replace(
        "        shelters: [",
        "        border: [(lon: 118.402, lat: 48.66), (lon: 118.69, lat: 48.66)],\n        shelters: [",
    );
    // Wind from the south drives the fire north to the border line.
    let text = text
        .replace("wind_from_deg: 315.0", "wind_from_deg: 180.0")
        .replace("wind_from_deg: 300.0", "wind_from_deg: 180.0")
        .replace("wind_from_deg: 290.0", "wind_from_deg: 180.0")
        .replace("wind_from_deg: 280.0", "wind_from_deg: 180.0")
        .replace("WindShift(wind_speed_m_s: 12.0, wind_from_deg: 270.0)", "Message");
    let scenario = load_scenario("border.ron", &text, &mut no_files).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Sim::new(&scenario, 1);
    sim.step(Tick::from_hours(6.0).0);
    let events = sim.drain_events();
    let count = |k: &str| events.iter().filter(|e| e.event.kind_name() == k).count();
    assert_eq!(count("FireIgnited"), 1);
    assert_eq!(count("FireReachedBorder"), 1, "reported once");
    let border_tick = events
        .iter()
        .find(|e| e.event.kind_name() == "FireReachedBorder")
        .unwrap()
        .tick;
    assert!(border_tick > Tick::from_minutes(15));
    // Each place and road is reported at most once.
    for id in ["place:hada-gacha", "place:bayan-town"] {
        let n = events
            .iter()
            .filter(|e| matches!(&e.event, Event::FireReachedPlace { place_id, .. } if place_id == id))
            .count();
        assert!(n <= 1);
    }
}
