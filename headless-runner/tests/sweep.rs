//! `sandtable sweep` and `sandtable merge` as a batch scheduler uses them:
//! shards merge to exactly the unsharded result, thread counts change
//! nothing, a missing shard is named, and varied weather varies outcomes.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sandtable(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sandtable"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn good_drill() -> String {
    let p = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scenarios/drills/synthetic-steppe-valley-good.ron"
    ));
    p.to_str().expect("utf8").to_owned()
}

/// Runs a sweep of the steppe valley's good drill; panics on failure.
fn sweep(out: &Path, runs: &str, vary: &str, hours: &str, extra: &[&str]) {
    let drill = good_drill();
    let mut args = vec![
        "sweep",
        "synthetic-steppe-valley",
        "--drill",
        &drill,
        "--runs",
        runs,
        "--vary",
        vary,
        "--hours",
        hours,
        "--out",
        out.to_str().expect("utf8"),
    ];
    args.extend_from_slice(extra);
    let o = sandtable(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn merge(inputs: &[PathBuf], out: &Path) -> Output {
    let mut args: Vec<String> = vec!["merge".into()];
    args.extend(inputs.iter().map(|p| p.to_str().expect("utf8").to_owned()));
    args.extend(["--out".into(), out.to_str().expect("utf8").to_owned()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    sandtable(&args)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn shards_merge_to_the_unsharded_result_whatever_the_threads() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let one = tmp.path().join("one-thread");
    let two = tmp.path().join("two-threads");
    let shards = tmp.path().join("shards");
    sweep(&one, "5", "seed,weather", "1", &["--threads", "1"]);
    sweep(&two, "5", "seed,weather", "1", &["--threads", "2"]);
    for k in 0..3 {
        sweep(
            &shards,
            "5",
            "seed,weather",
            "1",
            &["--threads", "2", "--shard", &format!("{k}/3")],
        );
    }
    // Threads: every run line identical, byte for byte.
    let lines = read(&one.join("runs.jsonl"));
    assert_eq!(lines, read(&two.join("runs.jsonl")));
    assert_eq!(lines.lines().count(), 5);
    // Shard k holds the runs i with i mod 3 = k.
    let shard1: Vec<serde_json::Value> = read(&shards.join("runs-shard-1-of-3.jsonl"))
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let indices: Vec<u64> = shard1.iter().map(|l| l["index"].as_u64().expect("index")).collect();
    assert_eq!(indices, vec![1, 4]);

    let merged_one = tmp.path().join("merged-one");
    let merged_shards = tmp.path().join("merged-shards");
    let o = merge(&[one.join("runs.jsonl")], &merged_one);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("P(met)") && stdout.contains("航空"), "{stdout}");
    let o = merge(std::slice::from_ref(&shards), &merged_shards);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = read(&merged_one.join("merge.json"));
    assert_eq!(a, read(&merged_shards.join("merge.json")));
    let report: serde_json::Value = serde_json::from_str(&a).expect("merge.json is JSON");
    assert_eq!(report["runs"], 5);
    let histogram_total: u64 = report["score_histogram"]["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .map(|c| c.as_u64().expect("count"))
        .sum();
    assert_eq!(histogram_total, 5);
    assert!(read(&merged_shards.join("histograms.svg")).starts_with("<svg"));
}

#[test]
fn a_missing_shard_is_named_and_a_stranger_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let shards = tmp.path().join("shards");
    for k in [0, 2] {
        sweep(&shards, "4", "seed", "0.5", &["--shard", &format!("{k}/3")]);
    }
    let o = merge(std::slice::from_ref(&shards), &tmp.path().join("m"));
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("1 of 4 runs are missing: indices 1"), "{stderr}");
    assert!(!tmp.path().join("m").join("merge.json").exists());

    // Shard 1 of a sweep with another base seed does not fill the gap.
    let other = tmp.path().join("other");
    sweep(&other, "4", "seed", "0.5", &["--shard", "1/3", "--seed", "99"]);
    let o = merge(&[shards, other], &tmp.path().join("m"));
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("base seed is 99"), "{stderr}");
}

#[test]
fn varied_weather_varies_the_outcome() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("w");
    sweep(&out, "4", "weather", "2", &[]);
    let lines: Vec<serde_json::Value> = read(&out.join("runs.jsonl"))
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 4);
    // The seed does not vary: every run uses the record's.
    assert!(lines.iter().all(|l| l["params"]["drill_seed"] == 1));
    let factors: Vec<f64> = lines
        .iter()
        .map(|l| l["params"]["weather"]["wind_speed_factor"].as_f64().expect("factor"))
        .collect();
    assert!(factors.iter().all(|f| (0.75..=1.25).contains(f)), "{factors:?}");
    // Some task's measured value differs between runs: the fire (and with
    // it warning coverage, arrival times, casualties) follows the wind.
    let values = |l: &serde_json::Value| -> Vec<String> {
        l["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .map(|t| t["value"].to_string())
            .collect()
    };
    let first = values(&lines[0]);
    assert!(
        lines.iter().skip(1).any(|l| values(l) != first),
        "every run measured the same: {first:?}"
    );
}
