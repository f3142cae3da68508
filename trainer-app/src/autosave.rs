//! [`AutosavePlugin`]: writes the drill record (`sim_core::record::to_text`)
//! to disk while the drill is played and when the app exits, atomically, so
//! a crash or a full disk never leaves a half-written record in place.
//!
//! A save is due when the drill is at least [`AUTOSAVE_EVERY_MIN`]
//! simulated minutes past the last save, or when an order, inject or undo
//! changed the record since (orders are rare; losing one to a crash is
//! not acceptable), and always on `AppExit`. Nothing is written while
//! nothing changed. A failed write is kept in [`Autosave::status`] for the
//! panel to show, and retried at the next due save; it never panics.

use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use bevy::prelude::*;
use sim_core::Tick;

use crate::drill::DrillSim;
use crate::sim_plugin::SimSet;

/// Simulated minutes between periodic saves.
pub const AUTOSAVE_EVERY_MIN: u64 = 5;

/// The default record path: `autosave/<scenario-id>-seed<N>.ron` under the
/// current directory.
pub fn default_path(scenario_id: &str, seed: u64) -> PathBuf {
    let safe: String = scenario_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Path::new("autosave").join(format!("{safe}-seed{seed}.ron"))
}

/// Writes `text` to `path` atomically: to `path.tmp` in the same folder,
/// flushed to disk (fsync), then renamed over `path`, creating the folder
/// if needed. A reader sees the old file or the new one, never half.
pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = dir.join(tmp_name);
    let written = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    })();
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, path)) {
        // Best effort: leave no stale temp file behind.
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // The rename is durable once the folder is synced; not every platform
    // can open a folder, so a failure here is not an error.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The outcome of the last save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing written yet.
    NotYet,
    /// Saved at this simulated tick.
    Saved(Tick),
    /// The last attempt failed, at this tick, with this message.
    Failed(Tick, String),
}

/// Where and when the record was last saved.
#[derive(Resource, Debug, Clone)]
pub struct Autosave {
    /// The record file.
    pub path: PathBuf,
    /// What became of the last save.
    pub status: SaveStatus,
    /// Tick and record revision of the last save attempt.
    last: Option<(Tick, u64)>,
}

impl Autosave {
    /// Saves to `path`; nothing saved yet.
    pub fn new(path: PathBuf) -> Autosave {
        Autosave {
            path,
            status: SaveStatus::NotYet,
            last: None,
        }
    }

    /// Whether a save is due now (see the module doc).
    pub fn due(&self, drill: &DrillSim) -> bool {
        let now = drill.sim().tick();
        match self.last {
            None => drill.revision() > 0 || now > Tick::ZERO,
            Some((tick, revision)) => {
                drill.revision() != revision || now.0 >= tick.0 + Tick::from_minutes(AUTOSAVE_EVERY_MIN).0
            }
        }
    }

    /// Whether the drill moved or its record changed since the last save
    /// attempt (or nothing was ever saved).
    pub fn unsaved(&self, drill: &DrillSim) -> bool {
        self.last != Some((drill.sim().tick(), drill.revision()))
    }

    /// Writes the record now, whatever is due; the outcome is also kept in
    /// [`Autosave::status`].
    pub fn save(&mut self, drill: &DrillSim) -> Result<(), String> {
        let now = drill.sim().tick();
        self.last = Some((now, drill.revision()));
        let text = sim_core::record::to_text(&drill.record());
        match write_atomic(&self.path, &text) {
            Ok(()) => {
                self.status = SaveStatus::Saved(now);
                Ok(())
            }
            Err(e) => {
                let message = format!("cannot write {}: {e}", self.path.display());
                warn!("autosave failed: {message}");
                self.status = SaveStatus::Failed(now, message.clone());
                Err(message)
            }
        }
    }

    /// The panel's line about it.
    pub fn text(&self) -> String {
        match &self.status {
            SaveStatus::NotYet => format!("记录 record → {}", self.path.display()),
            SaveStatus::Saved(tick) => format!("已保存 saved at {tick} → {}", self.path.display()),
            SaveStatus::Failed(tick, message) => format!("保存失败 save FAILED at {tick}: {message}"),
        }
    }
}

/// Autosaves the record to `path`. Needs [`crate::SimPlugin`].
#[derive(Debug, Clone)]
pub struct AutosavePlugin {
    /// The record file.
    pub path: PathBuf,
}

impl Plugin for AutosavePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(Autosave::new(self.path.clone()))
            .add_systems(Update, autosave.after(SimSet::SyncView))
            .add_systems(Last, save_on_exit);
    }
}

fn autosave(drill: Res<DrillSim>, mut saver: ResMut<Autosave>) {
    if saver.due(&drill) {
        // The outcome is in the status the panel shows.
        let _ = saver.save(&drill);
    }
}

fn save_on_exit(mut exits: MessageReader<AppExit>, drill: Res<DrillSim>, mut saver: ResMut<Autosave>) {
    if exits.read().next().is_some() {
        match saver.save(&drill) {
            Ok(()) => info!("drill record saved to {}", saver.path.display()),
            Err(e) => error!("the drill record was NOT saved: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_path_names_scenario_and_seed_under_autosave() {
        assert_eq!(
            default_path("synthetic-river-flood", 42),
            Path::new("autosave/synthetic-river-flood-seed42.ron")
        );
        // Nothing in an id can climb out of the folder.
        assert_eq!(default_path("../x/y", 1), Path::new("autosave/___x_y-seed1.ron"));
    }
}
