//! Scenarios: the versioned RON file format, its validation, and the built
//! [`Scenario`] a simulation starts from.

mod build;
mod error;
mod file;
mod flood_spec;
mod migrate;
mod population_cells;
mod validate;

pub use build::{Resolver, Scenario, road_width_m};
pub use error::ScenarioError;
pub use file::*;
pub use flood_spec::*;
pub use migrate::CURRENT_VERSION;
pub use population_cells::{CellGroup, apportion, counts_on_map};
pub use validate::{MAX_CELL_PEOPLE, MAX_MAP_SIDE};

use crate::data::{Problem, located_problems};

/// Loads a scenario from RON text.
///
/// `source_name` names the text in messages (a path, or `builtin:…`);
/// `resolve` reads files the scenario refers to, relative to it, because
/// sim-core itself does no IO. Returns every problem found, each with the
/// line, column and field path at fault; nothing is half-loaded.
pub fn load_scenario(source_name: &str, text: &str, resolve: &mut Resolver<'_>) -> Result<Scenario, ScenarioError> {
    let fail = |problems: Vec<Problem>| ScenarioError {
        file: source_name.to_owned(),
        problems,
    };
    let file = migrate::upgrade(migrate::parse_versioned(text).map_err(fail)?);
    let located = |invalid: Vec<validate::Invalid>| {
        fail(located_problems(text, invalid.into_iter().map(|p| (p.path, p.message))))
    };
    let invalid = validate::validate(&file);
    if !invalid.is_empty() {
        return Err(located(invalid));
    }
    build::build(file, source_name, text, resolve).map_err(located)
}

/// A resolver for scenarios that refer to no files.
pub fn no_files(path: &str) -> Result<String, String> {
    Err(format!(
        "this scenario source cannot refer to files (asked for `{path}`)"
    ))
}
