//! Finding a scenario: a built-in id or a file path, read and loaded.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sim_core::{Scenario, builtin, load_scenario};

/// Loads the scenario named on the command line: `None` is the built-in
/// default, a built-in id is that scenario, anything else is a file path.
pub fn load(arg: Option<&str>) -> anyhow::Result<Scenario> {
    let Some(arg) = arg else {
        return load_builtin(builtin::DEFAULT);
    };
    if let Some(b) = builtin::find(arg) {
        return load_builtin(b);
    }
    let path = PathBuf::from(arg);
    if !path.exists() {
        let ids: Vec<&str> = builtin::ALL.iter().map(|b| b.id).collect();
        bail!(
            "no built-in scenario or file `{arg}` (built-in: {}; `sandtable list` shows the files)",
            ids.join(", ")
        );
    }
    load_file(&path)
}

fn load_builtin(b: builtin::BuiltinScenario) -> anyhow::Result<Scenario> {
    let name = format!("builtin:{}", b.id);
    Ok(load_scenario(&name, b.text, &mut sim_core::scenario::no_files)?)
}

/// Reads and loads a scenario file; files it refers to are read relative to it.
pub fn load_file(path: &Path) -> anyhow::Result<Scenario> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read scenario {}", path.display()))?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut resolve =
        |p: &str| std::fs::read_to_string(base.join(p)).map_err(|e| format!("{}: {e}", base.join(p).display()));
    Ok(load_scenario(&path.display().to_string(), &text, &mut resolve)?)
}
