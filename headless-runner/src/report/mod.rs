//! Drill reports (演练评估报告): `score.json`, `report.md` and a
//! self-contained `report.html` (inline CSS, the timeline as inline SVG, the
//! maps as PNG `data:` URIs), plus the maps and the timeline as files.
//!
//! One [`Report`] holds everything a report shows; `markdown` and `html`
//! only lay it out, `plot` draws the timeline and `maps` the maps. Nothing
//! here reads the clock or a path into the files, so the same drill gives
//! the same bytes.

mod html;
mod maps;
mod markdown;
mod plot;

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;
use sim_core::evaluation::{FinalState, ScoreCard};
use sim_core::scenario::Bilingual;
use sim_core::{Sim, Tick, TimedEvent};

use crate::atomic::write_atomically;

/// The drill a report is about: where it came from and whether it was
/// reproduced exactly.
#[derive(Debug, Clone, Serialize)]
pub struct DrillOverview {
    /// Scenario id.
    pub scenario_id: String,
    /// Scenario format version.
    pub scenario_version: u32,
    /// FNV-1a of the scenario text, hex.
    pub scenario_content_hash: String,
    /// Scenario title.
    pub title: Bilingual,
    /// The drill's seed.
    pub seed: u64,
    /// The engine that scored it.
    pub engine_version: String,
    /// The engine that recorded it (none for a fresh run).
    pub recorded_by_engine: Option<String>,
    /// `record <file name>` or `run`.
    pub source: String,
    /// Orders and injects given (replayed, for a record).
    pub entries: usize,
    /// Of them, refused.
    pub entries_refused: usize,
    /// The record's state-hash check: `Some(n)` when all `n` checkpoints
    /// matched, none for a fresh run (nothing to check against).
    pub checkpoints_matched: Option<usize>,
    /// The tick the drill ended at.
    pub final_tick: Tick,
    /// `HH:MM:SS` of it.
    pub final_time: String,
    /// State hash there, hex.
    pub final_state_hash: String,
    /// Standards id it was scored against.
    pub standards_id: String,
}

impl DrillOverview {
    /// The hash check, for people.
    pub fn hash_check(&self) -> Bilingual {
        match self.checkpoints_matched {
            Some(n) => Bilingual {
                zh: format!("一致：{n} 个校验点全部吻合"),
                en: format!("reproduced: all {n} checkpoints match"),
            },
            None => Bilingual {
                zh: "本次运行（无记录可比对）".into(),
                en: "fresh run (no record to check against)".into(),
            },
        }
    }
}

/// What `score.json` holds.
#[derive(Debug, Serialize)]
struct ScoreFile<'a> {
    drill: &'a DrillOverview,
    final_state: &'a FinalState,
    card: &'a ScoreCard,
}

/// A map image of the report.
#[derive(Debug, Clone)]
pub struct MapImage {
    /// File name (`map-burned.png`).
    pub file_name: String,
    /// Caption.
    pub title: Bilingual,
    /// PNG bytes.
    pub png: Vec<u8>,
}

/// Everything a report shows.
#[derive(Debug)]
pub struct Report<'a> {
    pub overview: &'a DrillOverview,
    pub card: &'a ScoreCard,
    pub final_state: &'a FinalState,
    /// Key events, in tick order.
    pub key_events: Vec<KeyEvent>,
    /// Deadlines drawn on the timeline.
    pub deadlines: Vec<plot::Deadline>,
    /// The timeline chart, SVG text.
    pub timeline_svg: String,
    /// Maps.
    pub maps: Vec<MapImage>,
}

/// One event on the timeline.
#[derive(Debug, Clone)]
pub struct KeyEvent {
    pub tick: Tick,
    /// Row of the timeline.
    pub lane: plot::Lane,
    /// Event kind (`WarningIssued`).
    pub kind: &'static str,
    /// Its fields, compact JSON.
    pub detail: String,
}

/// The files written, in order.
#[derive(Debug)]
pub struct Written {
    pub paths: Vec<PathBuf>,
}

/// Builds the report of a finished drill and writes `score.json`,
/// `report.md`, `report.html`, `timeline.svg` and the map PNGs into `out`.
pub fn write(
    out: &Path,
    overview: &DrillOverview,
    card: &ScoreCard,
    final_state: &FinalState,
    events: &[TimedEvent],
    sim: &Sim,
) -> anyhow::Result<Written> {
    let key_events = key_events(events);
    let deadlines = plot::deadlines(card, events);
    let timeline_svg = plot::timeline_svg(&key_events, &deadlines, final_state.end)?;
    let maps = maps::draw(&sim.view())?;
    let report = Report {
        overview,
        card,
        final_state,
        key_events,
        deadlines,
        timeline_svg,
        maps,
    };
    let score_json = serde_json::to_vec_pretty(&ScoreFile {
        drill: overview,
        final_state,
        card,
    })
    .context("cannot encode the score")?;
    let mut paths = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = out.join(name);
        write_atomically(&path, bytes)?;
        paths.push(path);
        Ok(())
    };
    put("score.json", &score_json)?;
    put("report.md", markdown::render(&report).as_bytes())?;
    put("report.html", html::render(&report).as_bytes())?;
    put("timeline.svg", report.timeline_svg.as_bytes())?;
    for m in &report.maps {
        put(&m.file_name, &m.png)?;
    }
    Ok(Written { paths })
}

/// The events a reviewer looks for, with their timeline row.
fn key_events(events: &[TimedEvent]) -> Vec<KeyEvent> {
    events
        .iter()
        .filter_map(|e| {
            let kind = e.event.kind_name();
            let lane = plot::Lane::of(kind)?;
            let detail = serde_json::to_value(&e.event)
                .ok()
                .and_then(|v| v.as_object().and_then(|o| o.values().next().cloned()))
                .map(|v| v.to_string())
                .unwrap_or_default();
            Some(KeyEvent {
                tick: e.tick,
                lane,
                kind,
                detail,
            })
        })
        .collect()
}

/// `中文 / English`.
pub fn both(b: &Bilingual) -> String {
    if b.zh.is_empty() {
        b.en.clone()
    } else if b.en.is_empty() || b.en == b.zh {
        b.zh.clone()
    } else {
        format!("{} / {}", b.zh, b.en)
    }
}

/// A bilingual label from two literals.
pub fn bi(zh: &str, en: &str) -> Bilingual {
    Bilingual {
        zh: zh.into(),
        en: en.into(),
    }
}

/// Points with at most two decimals, trailing zeros dropped.
pub fn points(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}
