//! The record's text format: versioned RON, one value per line.
//!
//! ```text
//! // Sandtable drill record (推演记录), format 1: one RON value per line.
//! Header(version: 1, scenario_id: "synthetic-steppe-valley", scenario_version: 1, scenario_hash: "9c1f…", engine_version: "0.1.0", seed: 1)
//! Checkpoint(tick: 0, state_hash: "5e2a…") // 00:00:00
//! Entry(tick: 180, role: "指挥长 commander", action: Order(SetResponseLevel(level: IV)), note: "") // 00:30:00
//! Checkpoint(tick: 360, state_hash: "0b7d…") // 01:00:00
//! End(tick: 2160, entries: 1, state_hash: "77c0…") // 06:00:00
//! ```
//!
//! Lines are in time order; a checkpoint comes before the entries given at
//! its tick, and `End` (the state after every entry) is last. Blank lines
//! and `//` comments are ignored; the time after each line is a comment.
//! Hashes are 16 hex digits. Because each line stands alone, a damaged line
//! is reported at its own line with the field at fault, and every line
//! before it can still be replayed ([`salvage`]); a file cut short has no
//! `End` line, and a file with lines lost has an `End` whose entry count
//! disagrees. A value changed into another valid value is not visible in
//! the text: the replay's checkpoints catch it.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::data::{Problem, from_ron_collecting};
use crate::record::{DrillRecord, RECORD_VERSION, RecordAction, RecordEntry, RecordError};
use crate::time::Tick;

/// A 64-bit hash written as 16 hex digits, as in `summary.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
struct Hex(u64);

impl TryFrom<String> for Hex {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("a hash is 16 hex digits, not `{s}`"));
        }
        u64::from_str_radix(&s, 16)
            .map(Hex)
            .map_err(|_| format!("`{s}` is not a hex hash"))
    }
}

impl From<Hex> for String {
    fn from(h: Hex) -> String {
        format!("{:016x}", h.0)
    }
}

/// One line of a record file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Line {
    Header {
        version: u32,
        scenario_id: String,
        scenario_version: u32,
        scenario_hash: Hex,
        engine_version: String,
        seed: u64,
    },
    Checkpoint {
        tick: u64,
        state_hash: Hex,
    },
    Entry {
        tick: u64,
        role: String,
        action: RecordAction,
        note: String,
    },
    End {
        tick: u64,
        entries: usize,
        state_hash: Hex,
    },
}

/// Writes a record as text (see the module docs). A record without an end
/// (`ended_at: None`) is written without its `End` line, so reading it back
/// needs [`salvage`].
pub fn to_text(record: &DrillRecord) -> String {
    let mut out = format!(
        "// Sandtable drill record (推演记录), format {RECORD_VERSION}: one RON value per line, in time order.\n"
    );
    push_line(
        &mut out,
        &Line::Header {
            version: record.version,
            scenario_id: record.scenario_id.clone(),
            scenario_version: record.scenario_version,
            scenario_hash: Hex(record.scenario_hash),
            engine_version: record.engine_version.clone(),
            seed: record.seed,
        },
        None,
    );
    let (hourly, last) = match (record.ended_at, record.checkpoints.split_last()) {
        (Some(end), Some((last, rest))) if last.0 == end => (rest, Some(*last)),
        _ => (&record.checkpoints[..], None),
    };
    let mut checks = hourly.iter().peekable();
    for entry in &record.entries {
        while let Some(&&(tick, hash)) = checks.peek().filter(|c| c.0 <= entry.tick) {
            push_line(&mut out, &checkpoint(tick, hash), Some(tick));
            checks.next();
        }
        let line = Line::Entry {
            tick: entry.tick.0,
            role: entry.role.clone(),
            action: entry.action.clone(),
            note: entry.note.clone(),
        };
        push_line(&mut out, &line, Some(entry.tick));
    }
    for &(tick, hash) in checks {
        push_line(&mut out, &checkpoint(tick, hash), Some(tick));
    }
    if let Some((tick, hash)) = last {
        let end = Line::End {
            tick: tick.0,
            entries: record.entries.len(),
            state_hash: Hex(hash),
        };
        push_line(&mut out, &end, Some(tick));
    }
    out
}

fn checkpoint(tick: Tick, hash: u64) -> Line {
    Line::Checkpoint {
        tick: tick.0,
        state_hash: Hex(hash),
    }
}

fn push_line(out: &mut String, line: &Line, time: Option<Tick>) {
    let config = ron::ser::PrettyConfig::new()
        .new_line("")
        .indentor("")
        .separator(" ")
        .compact_structs(true)
        .compact_arrays(true)
        .compact_maps(true);
    // Plain data (strings, numbers, enums): serializing it cannot fail, and
    // RON escapes newlines inside strings, so each value stays on one line.
    let text = ron::ser::to_string_pretty(line, config).unwrap_or_else(|e| format!("/* unwritable: {e} */"));
    out.push_str(&text);
    if let Some(t) = time {
        let _ = write!(out, " // {t}");
    }
    out.push('\n');
}

/// A record read as far as it is intact.
#[derive(Debug, Clone, PartialEq)]
pub struct Salvaged {
    /// The header, and every entry and checkpoint before the first bad
    /// line; `ended_at` is `None` unless the whole file was intact.
    pub record: DrillRecord,
    /// Why reading stopped, naming file, line and field; `None` if the whole
    /// file was intact.
    pub problem: Option<RecordError>,
    /// The last line number (1-based) whose content was kept.
    pub last_good_line: u32,
}

/// Reads a whole record. `file` names the text in messages. Any damaged,
/// out-of-order or missing line is an error at `file:line:col: field`.
pub fn from_text(file: &str, text: &str) -> Result<DrillRecord, RecordError> {
    let salvaged = salvage(file, text)?;
    match salvaged.problem {
        None => Ok(salvaged.record),
        Some(e) => Err(e),
    }
}

/// Reads a record up to its first bad line: the header must be intact (else
/// the error), then entries and checkpoints are kept until a line does not
/// parse, goes back in time, or the `End` line disagrees with what was read;
/// a missing `End` means the file was cut short.
pub fn salvage(file: &str, text: &str) -> Result<Salvaged, RecordError> {
    let fail = |line: u32, column: u32, path: &str, message: String| RecordError::Parse {
        file: file.to_owned(),
        problems: vec![Problem {
            line,
            column,
            path: path.to_owned(),
            message,
        }],
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (u32::try_from(i + 1).unwrap_or(u32::MAX), l))
        .filter(|(_, l)| !(l.trim().is_empty() || l.trim_start().starts_with("//")));

    let Some((header_no, header_text)) = lines.next() else {
        return Err(fail(1, 1, "", "the file is empty: no Header line".into()));
    };
    let mut record = match parse_line(file, header_no, header_text)? {
        Line::Header {
            version,
            scenario_id,
            scenario_version,
            scenario_hash,
            engine_version,
            seed,
        } => {
            if version != RECORD_VERSION {
                return Err(fail(
                    header_no,
                    1,
                    "Header.version",
                    format!(
                        "record format {version} is not readable by this engine (it reads format {RECORD_VERSION})"
                    ),
                ));
            }
            DrillRecord {
                version,
                scenario_id,
                scenario_version,
                scenario_hash: scenario_hash.0,
                engine_version,
                seed,
                entries: Vec::new(),
                checkpoints: Vec::new(),
                ended_at: None,
            }
        }
        _ => return Err(fail(header_no, 1, "", "the first line must be the Header(...)".into())),
    };

    let mut last_good_line = header_no;
    let mut last_tick = 0;
    let mut ended = false;
    let stopped = |problem: RecordError, record: DrillRecord, last_good_line: u32| {
        Ok(Salvaged {
            record,
            problem: Some(problem),
            last_good_line,
        })
    };
    for (no, line_text) in lines {
        if ended {
            return stopped(
                fail(no, 1, "", "text after the End line".into()),
                record,
                last_good_line,
            );
        }
        let line = match parse_line(file, no, line_text) {
            Ok(line) => line,
            Err(e) => return stopped(e, record, last_good_line),
        };
        let tick = match &line {
            Line::Header { .. } => {
                return stopped(fail(no, 1, "", "a second Header line".into()), record, last_good_line);
            }
            Line::Checkpoint { tick, .. } | Line::Entry { tick, .. } | Line::End { tick, .. } => *tick,
        };
        if tick < last_tick {
            let message =
                format!("tick {tick} is earlier than the line before (tick {last_tick}): lines are in time order");
            return stopped(
                fail(no, 1, &format!("{}.tick", kind(&line)), message),
                record,
                last_good_line,
            );
        }
        last_tick = tick;
        match line {
            Line::Header { .. } => {}
            Line::Checkpoint { tick, state_hash } => record.checkpoints.push((Tick(tick), state_hash.0)),
            Line::Entry {
                tick,
                role,
                action,
                note,
            } => record.entries.push(RecordEntry {
                tick: Tick(tick),
                role,
                action,
                note,
            }),
            Line::End {
                tick,
                entries,
                state_hash,
            } => {
                if entries != record.entries.len() {
                    let message = format!(
                        "the End line counts {entries} entries but {} were read: lines are missing or were added",
                        record.entries.len()
                    );
                    return stopped(fail(no, 1, "End.entries", message), record, last_good_line);
                }
                record.checkpoints.push((Tick(tick), state_hash.0));
                record.ended_at = Some(Tick(tick));
                ended = true;
            }
        }
        last_good_line = no;
    }
    if !ended {
        let after = text.lines().count() as u32 + 1;
        let message = format!(
            "the record stops without its End line: the file was cut short (the {} entries before it can be replayed \
             with salvage)",
            record.entries.len()
        );
        return stopped(fail(after, 1, "", message), record, last_good_line);
    }
    Ok(Salvaged {
        record,
        problem: None,
        last_good_line,
    })
}

fn kind(line: &Line) -> &'static str {
    match line {
        Line::Header { .. } => "Header",
        Line::Checkpoint { .. } => "Checkpoint",
        Line::Entry { .. } => "Entry",
        Line::End { .. } => "End",
    }
}

/// Parses one line; problems are moved to the file's line number.
fn parse_line(file: &str, no: u32, text: &str) -> Result<Line, RecordError> {
    from_ron_collecting::<Line>(text).map_err(|problems| RecordError::Parse {
        file: file.to_owned(),
        problems: problems
            .into_iter()
            .map(|p| Problem {
                line: no + p.line.saturating_sub(1),
                ..p
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_exactly_sixteen_hex_digits() {
        assert_eq!(Hex::try_from("00000000000000ff".to_owned()), Ok(Hex(255)));
        assert_eq!(String::from(Hex(255)), "00000000000000ff");
        for bad in ["ff", "+00000000000000f", "00000000000000fg", "000000000000000ff"] {
            assert!(Hex::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }
}
