//! Scenarios compiled into the engine, so the default drill runs with no
//! files at all.

/// A scenario shipped inside the binary.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinScenario {
    /// Its id (also the file stem under `scenarios/`).
    pub id: &'static str,
    /// The RON text.
    pub text: &'static str,
}

/// The default drill: a synthetic steppe valley in Hulunbuir.
pub const DEFAULT: BuiltinScenario = BuiltinScenario {
    id: "synthetic-steppe-valley",
    text: include_str!("../../scenarios/synthetic-steppe-valley.ron"),
};

/// A flash flood down the same valley.
pub const RIVER_FLOOD: BuiltinScenario = BuiltinScenario {
    id: "synthetic-river-flood",
    text: include_str!("../../scenarios/synthetic-river-flood.ron"),
};

/// Every built-in scenario.
pub const ALL: [BuiltinScenario; 2] = [DEFAULT, RIVER_FLOOD];

/// The built-in scenario with this id.
pub fn find(id: &str) -> Option<BuiltinScenario> {
    ALL.iter().copied().find(|b| b.id == id)
}
