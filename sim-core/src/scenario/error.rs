//! [`ScenarioError`]: every problem of a scenario file (or of any file
//! loaded the same way: standards, stations), each at file:line:col.

use std::fmt;

use thiserror::Error;

use crate::data::Problem;

/// A scenario that could not be loaded, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct ScenarioError {
    /// The name of the source, as given by the caller (a path).
    pub file: String,
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ScenarioError {
    /// One line per problem: `file:line:col: field: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(f, "{} has {n} problem{}:", self.file, if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            write!(f, "\n  {}:{p}", self.file)?;
        }
        Ok(())
    }
}
