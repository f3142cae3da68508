//! [`RecordError`]: why a record cannot be read or replayed.

use std::fmt;

use thiserror::Error;

use crate::data::Problem;
use crate::time::Tick;

/// A record that could not be read, or whose replay diverged.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RecordError {
    /// The text is not a valid record: every problem found before reading
    /// stopped, each at `file:line:col: field: message`.
    #[error("{}", Located { file, problems })]
    Parse {
        /// The name the caller gave the text (a path).
        file: String,
        /// The problems; lines are the file's lines.
        problems: Vec<Problem>,
    },
    /// The record is for another scenario, or another text of it.
    #[error(
        "the record was made with scenario {what} {recorded}, but the scenario given has {found}; replaying it \
         would not reproduce the drill"
    )]
    ScenarioMismatch {
        /// `id`, `version` or `content hash`.
        what: String,
        /// In the record.
        recorded: String,
        /// In the scenario given.
        found: String,
    },
    /// Entries must be in the order given; this one is earlier than the one
    /// before it.
    #[error("record entry {index} is dated before the entry before it; entries must be in the order they were given")]
    EntriesOutOfOrder {
        /// Its index in `entries`.
        index: usize,
    },
    /// The replay reached a checkpoint with a different state.
    #[error(
        "the replay diverged from the record at tick {} ({tick}): state hash {found:016x}, recorded {recorded:016x}",
        tick.0
    )]
    CheckpointMismatch {
        /// The checkpoint's tick.
        tick: Tick,
        /// Hash in the record.
        recorded: u64,
        /// Hash the replay reached.
        found: u64,
    },
}

struct Located<'a> {
    file: &'a str,
    problems: &'a [Problem],
}

impl fmt::Display for Located<'_> {
    /// Like a scenario error: a summary line, then `file:line:col: field: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "{} is not a valid drill record ({n} problem{}):",
            self.file,
            if n == 1 { "" } else { "s" }
        )?;
        for p in self.problems {
            write!(f, "\n  {}:{p}", self.file)?;
        }
        Ok(())
    }
}
