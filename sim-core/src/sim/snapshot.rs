//! Checkpoints and integrity: snapshot bytes, restore, and per-subsystem
//! state hashes.

use thiserror::Error;

use crate::hash::{Fnv64, hash_serialized};
use crate::sim::Sim;

/// First bytes of every snapshot.
const MAGIC: &[u8; 8] = b"SANDSNAP";
/// Snapshot layout version: bump when `Sim`'s serialised form changes.
const SNAPSHOT_FORMAT: u32 = 2;

/// Why snapshot bytes could not be restored.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SnapshotError {
    /// Not a Sandtable snapshot.
    #[error("not a Sandtable snapshot (bad magic bytes)")]
    BadMagic,
    /// Written by an engine with another snapshot layout.
    #[error("snapshot format {found} cannot be read by this engine (format {SNAPSHOT_FORMAT})")]
    Format {
        /// The format in the bytes.
        found: u32,
    },
    /// Truncated or corrupt.
    #[error("snapshot is truncated or corrupt: {0}")]
    Corrupt(String),
}

/// Subsystems of the state hash, in the order they are hashed.
pub const SUBSYSTEMS: [&str; 11] = [
    "clock",
    "map",
    "weather",
    "fuel_moisture",
    "fire",
    "flood",
    "people",
    "forces",
    "response",
    "orders_timeline",
    "event_log",
];

/// The state hash of each subsystem, in [`SUBSYSTEMS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubsystemHashes(pub [u64; SUBSYSTEMS.len()]);

impl SubsystemHashes {
    /// The first subsystem whose hash differs, if any.
    pub fn first_difference(&self, other: &SubsystemHashes) -> Option<&'static str> {
        SUBSYSTEMS
            .iter()
            .zip(self.0.iter().zip(other.0.iter()))
            .find(|(_, (a, b))| a != b)
            .map(|(name, _)| *name)
    }

    /// All subsystem hashes combined into one.
    pub fn combined(&self) -> u64 {
        let mut h = Fnv64::default();
        for part in self.0 {
            h.write(&part.to_le_bytes());
        }
        h.finish()
    }
}

impl Sim {
    /// The state serialised: magic, format, then postcard of the whole `Sim`
    /// (scratch buffers excluded). Restoring it and stepping gives the same
    /// results as never having stopped.
    pub fn snapshot(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&SNAPSHOT_FORMAT.to_le_bytes());
        // Serialising plain data structs into a Vec cannot fail: every map
        // key in the state is a string and there are no custom serialisers.
        match postcard::to_extend(self, out) {
            Ok(bytes) => bytes,
            Err(e) => unreachable_snapshot(e),
        }
    }

    /// A simulation from snapshot bytes.
    pub fn restore(bytes: &[u8]) -> Result<Sim, SnapshotError> {
        let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or(SnapshotError::BadMagic)?;
        let (format, body) = rest
            .split_at_checked(4)
            .ok_or_else(|| SnapshotError::Corrupt("no format number".into()))?;
        let found = u32::from_le_bytes([format[0], format[1], format[2], format[3]]);
        if found != SNAPSHOT_FORMAT {
            return Err(SnapshotError::Format { found });
        }
        let (sim, extra) = postcard::take_from_bytes::<Sim>(body).map_err(|e| SnapshotError::Corrupt(e.to_string()))?;
        if !extra.is_empty() {
            return Err(SnapshotError::Corrupt(format!(
                "{} unexpected bytes after the state",
                extra.len()
            )));
        }
        Ok(sim)
    }

    /// One hash of the whole state (the undrained outbox excepted, see `Sim`).
    pub fn state_hash(&self) -> u64 {
        self.subsystem_hashes().combined()
    }

    /// The state hash per subsystem, to name where two runs diverge.
    pub fn subsystem_hashes(&self) -> SubsystemHashes {
        SubsystemHashes([
            hash_serialized(&(
                self.seed,
                self.tick,
                self.end,
                &self.scenario_id,
                self.scenario_version,
                self.scenario_hash,
            )),
            hash_serialized(&(&self.frame, &self.terrain, &self.land_cover, &self.title)),
            hash_serialized(&(&self.weather_schedule, &self.weather, &self.wind_override)),
            hash_serialized(&self.fuel_moisture),
            hash_serialized(&(
                &self.fire,
                &self.fire_spec,
                self.fire_was_active,
                &self.roads,
                &self.road_index,
                &self.border_cells,
                &self.border_reached,
            )),
            hash_serialized(&self.flood),
            hash_serialized(&(&self.places, &self.people, &self.evacuees, &self.road_queue)),
            hash_serialized(&(
                &self.teams,
                &self.aircraft,
                &self.depots,
                &self.shelters,
                &self.convoys,
                &self.support_pending,
                &self.incidents,
            )),
            hash_serialized(&(&self.response_level, &self.comms_down_until)),
            hash_serialized(&(&self.orders, self.next_order_id, &self.timeline)),
            hash_serialized(&(self.events_emitted, self.event_log_hash)),
        ])
    }
}

#[cold]
fn unreachable_snapshot(e: postcard::Error) -> Vec<u8> {
    // Reaching this means a non-serialisable type entered `Sim`: a bug that
    // the snapshot round-trip tests catch. An empty snapshot then fails to
    // restore with a clear error instead of crashing a drill in progress.
    let _ = e;
    Vec::new()
}
