//! `sandtable merge`: a sweep's JSON lines from any number of shards,
//! checked and combined into the probability of meeting each standard.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use sim_core::evaluation::Unit;
use sim_core::sweep::{Histogram, MergeReport, RunLine, TaskStats, merge as merge_lines};

use crate::Outcome;
use crate::atomic::write_atomically;

/// Arguments of `sandtable merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Sweep output folders (every `*.jsonl` in them) or `.jsonl` files.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder for merge.json, merge.txt and histograms.svg; the
    /// first input folder (or the first file's folder) if omitted.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn merge(args: &MergeArgs) -> anyhow::Result<Outcome> {
    let files = input_files(&args.inputs)?;
    let mut lines = Vec::new();
    for file in &files {
        lines.extend(read_lines(file)?);
    }
    let report = merge_lines(lines).context("cannot merge these runs")?;
    let out = args.out.clone().unwrap_or_else(|| default_out(&args.inputs));
    let mut json = serde_json::to_string_pretty(&report).context("cannot encode merge.json")?;
    json.push('\n');
    let table = table(&report);
    write_atomically(&out.join("merge.json"), json.as_bytes())?;
    write_atomically(&out.join("merge.txt"), table.as_bytes())?;
    write_atomically(&out.join("histograms.svg"), crate::merge_svg::svg(&report).as_bytes())?;
    print!("{table}");
    println!(
        "merged {} files; wrote {}, {}, {}",
        files.len(),
        out.join("merge.json").display(),
        out.join("merge.txt").display(),
        out.join("histograms.svg").display()
    );
    Ok(Outcome::Ok)
}

/// Every `.jsonl` file named or inside a folder named, folders' files in
/// name order.
fn input_files(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("cannot list {}", input.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl") && p.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                bail!("{} holds no .jsonl run files", input.display());
            }
            files.extend(found);
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            bail!("no such file or folder: {}", input.display());
        }
    }
    Ok(files)
}

fn read_lines(file: &Path) -> anyhow::Result<Vec<RunLine>> {
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}: not a sweep run line", file.display(), n + 1))
        })
        .collect()
}

fn default_out(inputs: &[PathBuf]) -> PathBuf {
    let first = inputs.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    if first.is_dir() {
        first
    } else {
        first
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// A value in a task's unit, for the table.
fn show(unit: Unit, v: f64) -> String {
    match unit {
        Unit::Share => format!("{:.1}%", v * 100.0),
        Unit::People => format!("{v:.0}"),
        _ => format!("{v:.1}"),
    }
}

/// The bilingual text table (merge.txt, and what the command prints).
pub fn table(r: &MergeReport) -> String {
    let s = &r.sweep;
    let mut t = String::new();
    let _ = writeln!(t, "批量推演汇总 Sweep summary: {} × {} runs", s.scenario_id, r.runs);
    let _ = writeln!(
        t,
        "变化 vary: {} · 基准种子 base seed: {} · 时长 duration: {:.1} h · 评估标准 standards: {}",
        s.vary,
        s.base_seed,
        sim_core::Tick(s.end_tick).hours(),
        s.standards_id
    );
    let _ = writeln!(
        t,
        "得分 score: 平均 mean {:.1} · 最低 min {:.1} · 最高 max {:.1}",
        r.score_mean, r.score_min, r.score_max
    );
    let grades: Vec<String> = r
        .grades
        .iter()
        .map(|g| format!("{} {}: {} ({:.0}%)", g.zh, g.grade.en(), g.runs, g.share * 100.0))
        .collect();
    let _ = writeln!(t, "等级 grades: {}", grades.join(" · "));
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "达标概率 P(met) = 达标次数 / 适用次数 runs met / runs applicable; 95% CI: Wilson (1927)"
    );
    let pad = " ".repeat(NAME_COLUMNS - width("任务 task"));
    let _ = writeln!(
        t,
        "任务 task{pad} {:>7} {:>15} {:>5} {:>5} {:>5} {:>5}  value: mean [min – max]",
        "P(met)", "95% CI", "met", "part", "miss", "N/A"
    );
    for task in &r.tasks {
        let _ = writeln!(t, "{}", task_row(task));
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "得分分布 score histogram");
    let _ = write!(t, "{}", histogram_rows(&r.score_histogram, r.runs));
    t
}

fn task_row(task: &TaskStats) -> String {
    let name = fit(&format!("{} {}", task.name.zh, task.name.en), NAME_COLUMNS);
    let p = task.p_met.map_or("—".to_owned(), |p| format!("{:.1}%", p * 100.0));
    let ci = task.p_met_ci95.map_or("—".to_owned(), |(lo, hi)| {
        format!("[{:.1}, {:.1}]%", lo * 100.0, hi * 100.0)
    });
    let symbol = if task.unit == Unit::Share {
        ""
    } else {
        task.unit.symbol()
    };
    let value = match (task.value_mean, task.value_min, task.value_max) {
        (Some(m), Some(lo), Some(hi)) => format!(
            "{} [{} – {}] {} (n={})",
            show(task.unit, m),
            show(task.unit, lo),
            show(task.unit, hi),
            symbol,
            task.values
        ),
        _ => "—".to_owned(),
    };
    let pad = NAME_COLUMNS.saturating_sub(width(&name));
    format!(
        "{name}{} {p:>7} {ci:>15} {:>5} {:>5} {:>5} {:>5}  {value}",
        " ".repeat(pad),
        task.met,
        task.partly,
        task.missed,
        task.not_applicable
    )
}

/// Terminal columns of the task name column.
const NAME_COLUMNS: usize = 44;

/// Terminal columns a character takes: two for CJK and full-width forms
/// (East Asian Wide, UAX #11, approximated by block), one otherwise.
fn char_width(c: char) -> usize {
    match u32::from(c) {
        0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 => 2,
        _ => 1,
    }
}

fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// `text` cut to `columns` terminal columns, with `…` when cut.
fn fit(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + char_width(c) > columns - 1 {
            break;
        }
        used += char_width(c);
        out.push(c);
    }
    out.push('…');
    out
}

fn histogram_rows(h: &Histogram, runs: u64) -> String {
    let mut t = String::new();
    let most = h.counts.iter().copied().max().unwrap_or(0).max(1);
    for (k, count) in h.counts.iter().enumerate() {
        let (lo, hi) = (
            h.edges.get(k).copied().unwrap_or(0.0),
            h.edges.get(k + 1).copied().unwrap_or(0.0),
        );
        let bar = "#".repeat((count * 40).div_ceil(most) as usize);
        let share = if runs > 0 {
            *count as f64 / runs as f64 * 100.0
        } else {
            0.0
        };
        let _ = writeln!(t, "{lo:>6.1} – {hi:>6.1} | {bar:<40} {count} ({share:.0}%)");
    }
    t
}
