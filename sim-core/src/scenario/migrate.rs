//! Versions of the scenario format and the migration chain between them.
//!
//! Each published version keeps its own file types. Loading reads `version`
//! first, parses the text with that version's types (so errors point at the
//! right line), then upgrades step by step to the current version. Version 1
//! is the first published format, so the chain has no steps yet; the
//! dispatch, the "newer than this engine" and "unknown version" answers, and
//! the step mechanism are tested so the next version only adds a step.

use serde::Deserialize;

use crate::data::{Problem, from_ron_collecting, locate};
use crate::scenario::file::ScenarioFile;

/// The version this engine writes and runs.
pub const CURRENT_VERSION: u32 = 1;

/// A parsed file of some published version.
#[derive(Debug)]
pub(crate) enum Versioned {
    /// Version 1.
    V1(Box<ScenarioFile>),
}

/// Just enough of any version to read its number (serde ignores the other
/// fields here). `version` is at the top level in every version of the format.
#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// Reads the version number without caring about the other fields.
fn peek_version(text: &str) -> Result<u32, Vec<Problem>> {
    // ron's untyped parse accepts any fields, which is what a probe needs;
    // a syntax error here is reported by the full parse below instead.
    match ron::Options::default().from_str::<ron::Value>(text) {
        Ok(value) => value.into_rust::<VersionProbe>().map(|p| p.version).map_err(|_| {
            vec![problem(
                text,
                "version",
                "missing or not a whole number: every scenario starts with `version: 1`",
            )]
        }),
        Err(_) => Ok(CURRENT_VERSION),
    }
}

fn problem(text: &str, path: &str, message: &str) -> Problem {
    let (line, column) = locate(text, path).unwrap_or((1, 1));
    Problem {
        line,
        column,
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

/// Parses `text` as the version it declares.
pub(crate) fn parse_versioned(text: &str) -> Result<Versioned, Vec<Problem>> {
    match peek_version(text)? {
        1 => from_ron_collecting::<ScenarioFile>(text).map(|f| Versioned::V1(Box::new(f))),
        v if v > CURRENT_VERSION => Err(vec![problem(
            text,
            "version",
            &format!("version {v} was written by a newer Sandtable; this one reads up to version {CURRENT_VERSION}"),
        )]),
        v => Err(vec![problem(
            text,
            "version",
            &format!("version {v} was never published; versions start at 1"),
        )]),
    }
}

/// Upgrades a parsed file to the current version, one step at a time.
pub(crate) fn upgrade(file: Versioned) -> ScenarioFile {
    match file {
        Versioned::V1(f) => *f,
    }
}
