//! People living dispersed in map cells (herding households and camps) as
//! places of their own, attached to a settlement: their ids and names, and
//! which orders reach them.
//!
//! Each populated map cell of the scenario's `population_cells` becomes a
//! [`PlaceState`] of kind `Camp` with `parent` set to the place it belongs to
//! (the nearest one: its gacha, village or town). Being places, they are
//! warned, decide, leave, are reached by fire and water and harmed at their
//! own cell, and their events name them (`place:hada-gacha/cell-31-72`), so
//! every metric keyed by place id counts them as they are. An order that
//! names the parent (a warning, an evacuation) reaches them as well, as the
//! gacha's cadres reach its herders; a team's task (rescue, treatment) goes
//! to one cell and names the group itself.

use crate::scenario::{Bilingual, CellGroup, PlaceKind};
use crate::sim::PlaceState;

/// The place a group of dispersed people becomes, under `parent`.
pub(crate) fn dispersed_place(parent: &PlaceState, group: &CellGroup) -> PlaceState {
    let (x, y) = (group.cell.x, group.cell.y);
    PlaceState {
        id: format!("{}/cell-{x}-{y}", parent.id),
        parent: Some(parent.id.clone()),
        // Short: the trainer labels every place on the map.
        name: Bilingual {
            zh: format!("{}散居牧户 {x},{y}", parent.name.zh),
            en: format!("{} herders {x},{y}", parent.name.en),
        },
        kind: PlaceKind::Camp,
        cell: group.cell,
        population: group.people,
        vulnerable_share: group.vulnerable_share,
        warning: None,
        fire_arrived: None,
        fire_intensity_kw_per_m: 0.0,
        flood_arrived: None,
    }
}

/// Whether an order naming `names` reaches `place`: it is named, or the place
/// it belongs to is.
pub(crate) fn named_by(names: &[String], place: &PlaceState) -> bool {
    names.contains(&place.id) || place.parent.as_ref().is_some_and(|p| names.contains(p))
}
