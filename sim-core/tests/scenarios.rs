//! Scenario files: every shipped file loads and runs; bad files give every
//! problem with line, column and field; no input makes the loader panic.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sim_core::scenario::{CURRENT_VERSION, no_files};
use sim_core::{Sim, builtin, load_scenario};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.ron` under `scenarios/` (not `standards/`) loads, validates and runs an hour.
#[test]
fn every_shipped_scenario_loads_and_runs() {
    let dir = repo_root().join("scenarios");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("scenarios/") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("ron") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut resolve = |p: &str| std::fs::read_to_string(base.join(p)).map_err(|e| e.to_string());
        let scenario =
            load_scenario(&path.display().to_string(), &text, &mut resolve).unwrap_or_else(|e| panic!("{e}"));
        let mut sim = Sim::new(&scenario, 1);
        sim.step(360);
        assert!(sim.events_emitted() > 0);
        count += 1;
    }
    assert!(count >= 1);
}

#[test]
fn the_builtin_default_is_the_shipped_file() {
    let on_disk = std::fs::read_to_string(repo_root().join("scenarios/synthetic-steppe-valley.ron")).expect("file");
    assert_eq!(on_disk, builtin::DEFAULT.text);
    let s = common::default_scenario();
    assert_eq!(s.file.version, CURRENT_VERSION);
    assert_eq!(s.file.title.zh, "合成草原河谷草原火演练");
}

fn problems_of(text: &str) -> Vec<String> {
    match load_scenario("bad.ron", text, &mut no_files) {
        Ok(_) => vec![],
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

/// Line (1-based) of the first occurrence of `needle` in the default text.
fn line_of(text: &str, needle: &str) -> u32 {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in text"));
    text[..at].matches('\n').count() as u32 + 1
}

#[test]
fn a_syntax_error_names_line_and_column() {
    let text = builtin::DEFAULT.text.replace("population: 640,", "population: 640");
    let problems = problems_of(&text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    // The missing comma is noticed at the next field on the following line.
    let line = line_of(&text, "population: 640") + 1;
    assert!(problems[0].starts_with(&format!("{line}:")), "{problems:?}");
}

/// Three mistakes in three places: all reported at once, each at its line
/// with its field path.
#[test]
fn unknown_field_wrong_type_and_out_of_range_are_all_reported() {
    let text = builtin::DEFAULT
        .text
        .replace("vulnerable_share: 0.22,", "vulnerable_shar: 0.22,")
        .replace("population: 8200,", "population: \"many\",")
        .replace("relative_humidity_pct: 24.0", "relative_humidity_pct: 124.0");
    let err = load_scenario("bad.ron", &text, &mut no_files).expect_err("bad");
    let shown = err.to_string();
    assert!(shown.starts_with("bad.ron has"), "{shown}");
    let unknown_line = line_of(&text, "vulnerable_shar:");
    let type_line = line_of(&text, "population: \"many\"");
    assert!(
        err.problems.iter().any(|p| p.line == unknown_line
            && p.path == "places[0].vulnerable_shar"
            && p.message.contains("vulnerable_share")),
        "{shown}"
    );
    assert!(
        err.problems
            .iter()
            .any(|p| p.line == type_line && p.path == "places[1].population"),
        "{shown}"
    );
    // Range checks run on a file that parsed; this one did not, so fix the
    // type errors and check the range error on its own.
    let text = builtin::DEFAULT
        .text
        .replace("relative_humidity_pct: 24.0", "relative_humidity_pct: 124.0");
    let err = load_scenario("bad.ron", &text, &mut no_files).expect_err("bad");
    let p = &err.problems[0];
    assert_eq!(p.path, "weather.rows[1].relative_humidity_pct", "{err}");
    assert_eq!(p.line, line_of(&text, "relative_humidity_pct: 124.0"), "{err}");
    assert!(p.message.contains("out of range"), "{err}");
}

#[test]
fn semantic_problems_are_all_collected() {
    let text = builtin::DEFAULT
        .text
        .replace("base: \"depot:bayan-township\"", "base: \"depot:nowhere\"")
        .replace(
            "(lon: 118.52, lat: 48.622),\n            population",
            "(lon: 130.0, lat: 48.622),\n            population",
        )
        .replace("id: \"place:bayan-town\"", "id: \"place:hada-gacha\"");
    let err = load_scenario("bad.ron", &text, &mut no_files).expect_err("bad");
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"forces[0].base"), "{err}");
    assert!(paths.contains(&"places[0].at"), "{err}");
    assert!(paths.contains(&"places[1].id"), "{err}");
    assert!(
        err.problems
            .windows(2)
            .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column))
    );
}

#[test]
fn versions_newer_or_unknown_are_refused_clearly() {
    let newer = builtin::DEFAULT.text.replace("version: 1,", "version: 7,");
    let e = load_scenario("new.ron", &newer, &mut no_files).expect_err("newer");
    assert!(e.to_string().contains("newer Sandtable"), "{e}");
    let zero = builtin::DEFAULT.text.replace("version: 1,", "version: 0,");
    let e = load_scenario("old.ron", &zero, &mut no_files).expect_err("unknown");
    assert!(e.to_string().contains("never published"), "{e}");
}

/// An ESRI ASCII DEM (the shipped 0.2° Inner Mongolia grid) resampled to a
/// 2 km frame around Hohhot. SOURCES.md gives Hohhot ≈ 1064 m and Baotou ≈
/// 1055 m in this DEM; a bilinear sample within ±120 m of those at 0.2°
/// resolution is what the data supports.
#[test]
fn asc_terrain_is_resampled_from_lon_lat() {
    let text = builtin::DEFAULT
        .text
        .replace(
            "south_west: (lon: 118.40, lat: 48.55)",
            "south_west: (lon: 109.6, lat: 40.3)",
        )
        .replace("cell_size_m: 100.0", "cell_size_m: 2000.0");
    let start = text.find("terrain: Procedural").expect("terrain");
    let end = text[start..].find(")),").expect("end") + start + 3;
    let text = format!(
        "{}terrain: Asc(file: \"../assets/geo/im_dem_0p2deg.asc\", georef: LonLat),{}",
        &text[..start],
        &text[end..]
    );
    // Move every point of the default drill into the new frame.
    let text = text.replace("lon: 118.", "lon: 110.").replace("lat: 48.", "lat: 40.");
    let root = repo_root().join("scenarios");
    let mut resolve = |p: &str| std::fs::read_to_string(root.join(p)).map_err(|e| e.to_string());
    let s = load_scenario("asc.ron", &text, &mut resolve).unwrap_or_else(|e| panic!("{e}"));
    let sample = |lon: f64, lat: f64| {
        let c = s
            .frame
            .cell_at_lon_lat(sim_core::frame::LonLat { lon, lat })
            .expect("inside");
        f64::from(*s.terrain.elevation_m().at(c.x as usize, c.y as usize).expect("cell"))
    };
    let hohhot = sample(111.67, 40.82);
    let baotou = sample(109.84, 40.65);
    assert!((hohhot - 1064.0).abs() < 120.0, "Hohhot {hohhot}");
    assert!((baotou - 1055.0).abs() < 120.0, "Baotou {baotou}");
    let missing = |p: &str| Err::<String, String>(format!("no such file {p}"));
    let e = load_scenario("asc.ron", &text, &mut { missing }).expect_err("missing DEM");
    assert!(e.to_string().contains("terrain.Asc.file"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary bytes never panic the loader.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = load_scenario("fuzz.ron", &text, &mut no_files);
    }

    /// Single-character edits of the default scenario never panic the loader,
    /// and whatever loads also runs.
    #[test]
    fn mutated_default_never_panics(pos in 0usize..12_000, ch in any::<char>(), delete in any::<bool>()) {
        let mut chars: Vec<char> = builtin::DEFAULT.text.chars().collect();
        let i = pos % chars.len();
        if delete { chars.remove(i); } else { chars[i] = ch; }
        let text: String = chars.into_iter().collect();
        if let Ok(s) = load_scenario("fuzz.ron", &text, &mut no_files) {
            let mut sim = Sim::new(&s, 1);
            sim.step(3);
        }
    }
}
