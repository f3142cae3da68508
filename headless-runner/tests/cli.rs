//! The `sandtable` binary as a user runs it: exit codes, files, messages.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use std::path::Path;
use std::process::{Command, Output};

fn sandtable(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sandtable"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn repo_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn summary(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary.json written");
    serde_json::from_str(&text).expect("summary.json is JSON")
}

#[test]
fn run_writes_summary_and_events_and_is_reproducible() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_a = tmp.path().join("a");
    let out_b = tmp.path().join("b");
    let out_c = tmp.path().join("c");
    for (out, seed) in [(&out_a, "7"), (&out_b, "7"), (&out_c, "8")] {
        let o = sandtable(
            &[
                "run",
                "--hours",
                "2",
                "--seed",
                seed,
                "--out",
                out.to_str().expect("utf8"),
            ],
            tmp.path(),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(stdout.contains("final state hash"), "{stdout}");
        // The run is scored and reported too.
        assert!(stdout.contains("score ") && stdout.contains("grade "), "{stdout}");
        for file in ["score.json", "report.md", "report.html"] {
            assert!(out.join(file).is_file(), "{file} written");
        }
    }
    let (a, b, c) = (summary(&out_a), summary(&out_b), summary(&out_c));
    assert_eq!(a["scenario"]["id"], "synthetic-steppe-valley");
    assert_eq!(a["scenario"]["version"], 1);
    assert_eq!(a["ticks"], 720);
    assert_eq!(a["seed"], 7);
    assert_eq!(a["final_state_hash"], b["final_state_hash"]);
    assert_ne!(a["final_state_hash"], c["final_state_hash"]);
    assert_eq!(a["scenario"]["content_hash"].as_str().map(str::len), Some(16));
    let events = std::fs::read_to_string(out_a.join("events.jsonl")).expect("events.jsonl");
    let lines: Vec<serde_json::Value> = events
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len() as u64, a["events_total"].as_u64().expect("count"));
    assert_eq!(lines[0]["kind"], "DrillStarted");
    assert!(lines.iter().any(|l| l["kind"] == "WindShifted" && l["tick"] == 480));
    // Thread count does not change the result.
    let out_d = tmp.path().join("d");
    let o = sandtable(
        &[
            "run",
            "--hours",
            "2",
            "--seed",
            "7",
            "--threads",
            "1",
            "--out",
            out_d.to_str().expect("utf8"),
        ],
        tmp.path(),
    );
    assert!(o.status.success());
    assert_eq!(summary(&out_d)["final_state_hash"], a["final_state_hash"]);
}

#[test]
fn verify_passes_on_the_default_drill() {
    let o = sandtable(&["verify", "--hours", "1"], repo_root());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("identical"), "{stdout}");
}

#[test]
fn verify_passes_with_many_agents_at_work() {
    let o = sandtable(&["verify", "--many-agents", "--hours", "0.75"], repo_root());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("520 people groups, 56 units"), "{stdout}");
    assert!(stdout.contains("identical"), "{stdout}");
}

#[test]
fn list_shows_builtin_and_files() {
    let o = sandtable(&["list"], repo_root());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    assert!(stdout.contains("synthetic-steppe-valley"));
    assert!(stdout.contains("合成草原河谷草原火演练"));
    assert!(stdout.contains("scenarios/synthetic-steppe-valley.ron"), "{stdout}");
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for args in [
        vec!["run", "--hours=-1"],
        vec!["run", "--hours", "abc"],
        vec!["run", "--threads", "0"],
        vec!["run", "no-such-scenario"],
        vec!["frobnicate"],
    ] {
        let o = sandtable(&args, tmp.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!o.stderr.is_empty(), "{args:?}");
        assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"), "{args:?}");
    }
}

/// A file with several mistakes: exit 2, and each problem named by
/// file:line:col and field.
#[test]
fn a_bad_scenario_file_names_every_problem() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(repo_root().join("scenarios/synthetic-steppe-valley.ron")).expect("default");
    let bad = text
        .replace("vulnerable_share: 0.22,", "vulnerable_shar: 0.22,")
        .replace("population: 8200,", "population: \"many\",");
    let path = tmp.path().join("bad.ron");
    std::fs::write(&path, bad).expect("write");
    let o = sandtable(&["run", path.to_str().expect("utf8"), "--out", "x"], tmp.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad.ron:46:13: places[0].vulnerable_shar"), "{stderr}");
    assert!(stderr.contains("bad.ron:53:25: places[1].population"), "{stderr}");
    assert!(!tmp.path().join("x").exists(), "nothing written for a bad scenario");

    let syntax = text.replace("population: 640,", "population: 640");
    std::fs::write(&path, syntax).expect("write");
    let o = sandtable(&["run", path.to_str().expect("utf8")], tmp.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("bad.ron:46:"), "{stderr}");

    let range = text.replace("relative_humidity_pct: 24.0", "relative_humidity_pct: 124.0");
    std::fs::write(&path, range).expect("write");
    let o = sandtable(&["run", path.to_str().expect("utf8")], tmp.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr.contains("weather.rows[1].relative_humidity_pct"), "{stderr}");
    assert!(stderr.contains("out of range"), "{stderr}");
}

/// The point calculator reproduces fire.md's reference numbers through the
/// simulation's own per-cell code: GR2 at a 40 km/h 10-m wind, 6 % dead
/// moisture, wind limit on → 31.25 m/min, L/W 2.168 (§3.3); CSIRO natural
/// pasture at 30 km/h, 30 °C, 20 % → 7.215 km/h (§2.1).
#[test]
fn fire_behavior_calculator_matches_the_references() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = sandtable(
        &[
            "fire-behavior",
            "--fuel",
            "GR2",
            "--wind-kmh",
            "40",
            "--dead-moisture",
            "6",
            "--wind-limit",
        ],
        tmp.path(),
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("31.25 m/min"), "{out}");
    assert!(out.contains("2.168"), "{out}");
    let o = sandtable(
        &[
            "fire-behavior",
            "--model",
            "csiro-natural",
            "--wind-kmh",
            "30",
            "--temp-c",
            "30",
            "--rh",
            "20",
        ],
        tmp.path(),
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("(7.22 km/h)"), "{out}");
    let o = sandtable(&["fire-behavior", "--fuel", "XX9"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no fuel model `XX9`"));
}

/// A drill with a flood also writes its gauges as CSV.
#[test]
fn a_flood_drill_writes_gauges_csv() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("flood");
    let o = sandtable(
        &[
            "run",
            "synthetic-river-flood",
            "--hours",
            "1",
            "--out",
            out.to_str().expect("utf8"),
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.join("gauges.csv")).expect("gauges.csv");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("time_s,gauge_id,depth_m"));
    // One sample a minute for an hour, first at time 0.
    assert_eq!(lines.clone().count(), 61, "{csv}");
    assert!(lines.next().is_some_and(|l| l.starts_with("0,gauge:river-bend,")));
}

/// `sandtable coverage` with the 12 league seats at the defaults (220 km/h, 60 min dispatch,
/// 120 min → R = 220 km): rescue.md §2.4 gives 69 % of the area; files are written and the
/// map decodes.
#[test]
fn coverage_writes_numbers_and_a_map() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let stations = repo_root().join("scenarios/plan/aviation-stations-league-seats.ron");
    let o = sandtable(
        &[
            "coverage",
            "--stations",
            stations.to_str().expect("utf8"),
            "--out",
            "cov",
        ],
        tmp.path(),
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("R = 220 km"), "{stdout}");
    assert!(stdout.contains("阿拉善盟 Alxa"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("cov/coverage.json")).expect("json written"))
            .expect("JSON");
    assert_eq!(json["reach_radius_km"], 220.0);
    let share = json["region"]["covered_area_share"].as_f64().expect("share");
    assert!((share - 0.69).abs() <= 0.02, "{share}");
    assert_eq!(json["leagues"].as_array().expect("leagues").len(), 12);
    assert_eq!(json["stations"].as_array().expect("stations").len(), 12);
    assert_eq!(json["region"]["farthest_point"]["nearest_station"], "station:alxa");

    let file = std::fs::File::open(tmp.path().join("cov/coverage.png")).expect("png written");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("PNG decodes");
    assert_eq!(info.width, 1200);
    assert!((800..1000).contains(&info.height), "{}", info.height);
}

#[test]
fn coverage_rejects_bad_input_with_exit_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(repo_root().join("scenarios/plan/aviation-stations-league-seats.ron"))
        .expect("stations");
    let bad = text.replace("lon: 105.6686", "lon: \"west\"");
    let path = tmp.path().join("bad-stations.ron");
    std::fs::write(&path, bad).expect("write");
    let o = sandtable(&["coverage", "--stations", path.to_str().expect("utf8")], tmp.path());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("bad-stations.ron:20:"), "{stderr}");
    assert!(stderr.contains("stations[11].lon"), "{stderr}");
    assert!(!tmp.path().join("out").exists(), "nothing written for a bad file");

    let o = sandtable(&["coverage", "--stations", "missing.ron"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.ron"));

    let good = repo_root().join("scenarios/plan/aviation-stations-league-seats.ron");
    let o = sandtable(
        &["coverage", "--stations", good.to_str().expect("utf8"), "--speed-kmh=-5"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--speed-kmh"));
}

fn drill(name: &str) -> std::path::PathBuf {
    repo_root().join("scenarios/drills").join(name)
}

#[test]
fn replay_of_the_empty_drill_matches_run_byte_for_byte() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let record = drill("synthetic-steppe-valley-none.ron");
    let o = sandtable(&["replay", record.to_str().unwrap(), "--out", "replayed"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("8 checkpoints match"), "{stdout}");
    let o = sandtable(&["run", "--seed", "1", "--out", "ran"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for file in ["summary.json", "events.jsonl"] {
        let a = std::fs::read(tmp.path().join("replayed").join(file)).unwrap();
        let b = std::fs::read(tmp.path().join("ran").join(file)).unwrap();
        assert!(a == b, "{file} of the replay differs from the run's");
    }
    // `run` scores what it ran: the same card as scoring the empty record.
    let o = sandtable(&["score", record.to_str().unwrap(), "--out", "scored"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(card(&tmp.path().join("ran")), card(&tmp.path().join("scored")));
}

#[test]
fn replay_of_the_good_flood_drill_reproduces_its_orders() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let record = drill("synthetic-river-flood-good.ron");
    let o = sandtable(&["replay", record.to_str().unwrap(), "--out", "good"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s = summary(&tmp.path().join("good"));
    assert_eq!(s["scenario"]["id"], "synthetic-river-flood");
    assert_eq!(s["ticks"], 3600);
    assert_eq!(s["event_counts"]["OrderAccepted"], 8);
    assert_eq!(s["event_counts"]["ShelterOpened"], 1);
    // The record's End line holds the final state hash the replay reached.
    let text = std::fs::read_to_string(&record).unwrap();
    let end = text.lines().find(|l| l.starts_with("End(")).unwrap();
    let hash = s["final_state_hash"].as_str().unwrap();
    assert!(end.contains(hash), "{end} vs {hash}");
}

#[test]
fn a_damaged_record_exits_2_naming_line_and_field_and_salvage_replays_the_rest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(drill("synthetic-steppe-valley-good.ron")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let n = lines.iter().position(|l| l.contains("OpenShelter")).unwrap();
    lines[n] = lines[n].replace("shelter: \"shelter:bayan-school\"", "shelter: 42");
    let damaged = tmp.path().join("damaged.ron");
    std::fs::write(&damaged, lines.join("\n")).unwrap();

    let o = sandtable(&["replay", "damaged.ron", "--out", "x"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!("damaged.ron:{}:", n + 1))
            && stderr.contains("Entry.action.Order.OpenShelter.shelter"),
        "{stderr}"
    );
    assert!(!tmp.path().join("x").exists(), "nothing written for a bad file");

    let o = sandtable(&["replay", "damaged.ron", "--salvage", "--out", "x"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("salvaged 7 entries"), "{stderr}");
    let s = summary(&tmp.path().join("x"));
    assert_eq!(s["event_counts"]["OrderAccepted"], 7);
}

#[test]
fn a_replay_that_diverges_exits_1_naming_the_tick() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(drill("synthetic-steppe-valley-good.ron")).unwrap();
    // A later checkpoint altered: the replay diverges there, at 03:00.
    let line = text.lines().find(|l| l.starts_with("Checkpoint(tick: 1080")).unwrap();
    let start = line.find("state_hash: \"").unwrap() + 13;
    let digit = if &line[start..=start] == "0" { "1" } else { "0" };
    let altered = format!("{}{digit}{}", &line[..start], &line[start + 1..]);
    std::fs::write(tmp.path().join("altered.ron"), text.replace(line, &altered)).unwrap();

    let o = sandtable(&["replay", "altered.ron", "--out", "y"], tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("diverged from the record at tick 1080 (03:00:00)"),
        "{stderr}"
    );
    assert_eq!(
        summary(&tmp.path().join("y"))["ticks"],
        1080,
        "what was reproduced is written"
    );

    // Another scenario than the record's: refused before running.
    let record = drill("synthetic-steppe-valley-good.ron");
    let o = sandtable(
        &[
            "replay",
            record.to_str().unwrap(),
            "--scenario",
            "synthetic-river-flood",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("scenario id synthetic-steppe-valley"));
}

#[test]
fn run_drill_is_replay() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let record = drill("synthetic-steppe-valley-late.ron");
    let record = record.to_str().unwrap();
    let o = sandtable(&["run", "--drill", record, "--out", "a"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = sandtable(&["replay", record, "--out", "b"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(summary(&tmp.path().join("a")), summary(&tmp.path().join("b")));
    let o = sandtable(&["run", "--drill", record, "--seed", "3"], tmp.path());
    assert_eq!(o.status.code(), Some(2), "a record fixes its own seed");
}

/// The score card of a `score` output folder.
fn card(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("score.json")).expect("score.json written");
    let v: serde_json::Value = serde_json::from_str(&text).expect("score.json is JSON");
    v["card"].clone()
}

fn task_result(card: &serde_json::Value, id: &str) -> String {
    card["capabilities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["tasks"].as_array().unwrap())
        .find(|t| t["id"] == id)
        .map(|t| t["result"].as_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no task {id}"))
}

fn finding_class(card: &serde_json::Value, subject: &str) -> Option<String> {
    card["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"] == subject)
        .map(|f| f["class"].as_str().unwrap().to_owned())
}

/// Issue #6: the scripted drills score good > late > none on both built-in
/// scenarios, and the reports say why: the good drill warned the people at
/// risk and had aircraft on scene within 2 h; the empty drill missed both,
/// and its report lists the missed warning as a deficiency (不足项).
#[test]
fn score_orders_the_scripted_drills_good_late_none_and_says_why() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for id in ["synthetic-steppe-valley", "synthetic-river-flood"] {
        let mut scores = Vec::new();
        for style in ["good", "late", "none"] {
            let name = format!("{id}-{style}");
            let record = drill(&format!("{name}.ron"));
            let o = sandtable(&["score", record.to_str().unwrap(), "--out", &name], tmp.path());
            assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
            let stdout = String::from_utf8_lossy(&o.stdout);
            assert!(stdout.contains("report.html"), "{stdout}");
            let c = card(&tmp.path().join(&name));
            let score = c["score"].as_f64().unwrap();
            assert!(
                stdout.contains(&format!("score {} / 100", score)),
                "the printed score is the card's: {stdout}"
            );
            scores.push(score);
        }
        println!("{id}: good {}, late {}, none {}", scores[0], scores[1], scores[2]);
        assert!(
            scores[0] > scores[1] && scores[1] > scores[2],
            "{id}: good > late > none, got {scores:?}"
        );

        let good = card(&tmp.path().join(format!("{id}-good")));
        let none = card(&tmp.path().join(format!("{id}-none")));
        for task in ["task:aviation-2h", "task:warning-coverage", "task:response-start"] {
            assert_eq!(task_result(&good, task), "Met", "{id} good: {task}");
            assert_eq!(task_result(&none, task), "Missed", "{id} none: {task}");
        }
        assert_eq!(
            finding_class(&good, "task:warning-coverage").as_deref(),
            Some("Strength")
        );
        assert_eq!(
            finding_class(&none, "task:warning-coverage").as_deref(),
            Some("Deficiency")
        );
        assert_eq!(none["final_grade"], "Poor");
        // The report names it: the deficiency section of the empty drill
        // holds the warning task, the good drill's lists none.
        let md = |style: &str| std::fs::read_to_string(tmp.path().join(format!("{id}-{style}/report.md"))).unwrap();
        let deficiencies = |text: &str| {
            let start = text.find("### 不足项 / deficiency").unwrap();
            let end = text[start..].find("### 整改项").unwrap() + start;
            text[start..end].to_owned()
        };
        let (good_md, none_md) = (md("good"), md("none"));
        assert!(deficiencies(&none_md).contains("Warn the people at risk before the hazard arrives"));
        assert!(
            deficiencies(&good_md).contains("无 / none"),
            "{}",
            deficiencies(&good_md)
        );
        assert!(none_md.contains("Aircraft on scene within 2 hours"));
    }

    // The flood drill's report: self-contained, with the timeline and the
    // maps inline, and the map files are real PNGs.
    let dir = tmp.path().join("synthetic-river-flood-good");
    for file in [
        "score.json",
        "report.md",
        "report.html",
        "timeline.svg",
        "map-flood.png",
    ] {
        assert!(dir.join(file).is_file(), "{file} written");
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    // Flood depth and team tracks; no burned-area map where nothing burned.
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), 2);
    assert!(!dir.join("map-burned.png").exists());
    let fire = tmp.path().join("synthetic-steppe-valley-good");
    assert!(fire.join("map-burned.png").is_file() && !fire.join("map-flood.png").exists());
    assert!(html.contains("<svg"), "the timeline is inline SVG");
    assert!(
        html.contains("预警 warning") && html.contains("航空救援 aviation"),
        "timeline lanes are labelled"
    );
    for external in ["src=\"http", "href=\"http", "<script", "<link", "url("] {
        assert!(
            !html.contains(external),
            "report.html refers to something outside: {external}"
        );
    }
    let png = png::Decoder::new(std::io::Cursor::new(std::fs::read(dir.join("map-flood.png")).unwrap()));
    let reader = png.read_info().expect("map-flood.png is a PNG");
    assert!(reader.info().width >= 640, "small grids are scaled up");
}

/// `--fail-below` exits 1 below the grade (and still writes the report),
/// 0 at or above it; scoring the same record twice gives the same bytes.
#[test]
fn score_fail_below_and_determinism() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let record = drill("synthetic-steppe-valley-none.ron");
    let record = record.to_str().unwrap();
    let o = sandtable(&["score", record, "--out", "a", "--fail-below", "差"], tmp.path());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("grade 差 Poor"), "{stdout}");
    let o = sandtable(&["score", record, "--out", "b", "--fail-below", "fair"], tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("below 中 Fair"));
    for file in ["score.json", "report.md", "report.html"] {
        let a = std::fs::read(tmp.path().join("a").join(file)).unwrap();
        let b = std::fs::read(tmp.path().join("b").join(file)).unwrap();
        assert!(a == b, "{file} differs between two scorings of the same record");
    }
}

#[test]
fn score_rejects_bad_input_with_exit_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(drill("synthetic-river-flood-good.ron")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let n = lines.iter().position(|l| l.contains("MoveSupplies")).unwrap();
    lines[n] = lines[n].replace("MoveSupplies", "MoveSuplies");
    std::fs::write(tmp.path().join("bad.ron"), lines.join("\n")).unwrap();
    let o = sandtable(&["score", "bad.ron", "--out", "x"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains(&format!("bad.ron:{}:", n + 1)), "{stderr}");
    assert!(!tmp.path().join("x").exists(), "nothing written for a bad record");

    let good = drill("synthetic-river-flood-good.ron");
    let o = sandtable(&["score", good.to_str().unwrap(), "--fail-below", "great"], tmp.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("优|良|中|差"));

    let o = sandtable(
        &["score", good.to_str().unwrap(), "--standards", "missing.ron"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.ron"));
}
