//! Team equipment: the few items that decide what a ground team can do and
//! how fast, by stable string key with a count (`ForceSpec::equipment`).
//!
//! The catalogue (only what a task reads; other keys are refused when the
//! scenario is validated):
//!
//! | key | item | what it changes |
//! |---|---|---|
//! | `rescue_boat` | assault boat (冲锋舟) with outboard | rescue where the water at the place is at least [`WADING_LIMIT_M`] deep needs one; the rate is then crewed boats × [`PEOPLE_PER_BOAT_TRIP`] / [`BOAT_TRIP_MIN`] |
//! | `wind_extinguisher` | backpack blower (风力灭火机) | with it (or a pump) a professional (Type I) crew's line holds flames up to 2.4 m, the "engines and equipment" row of the haul chart (Andrews & Rothermel 1982, rescue.md §2.5); with hand tools only, 1.2 m |
//! | `water_pump` | portable fire pump (水泵) | as `wind_extinguisher` |
//!
//! Per-kind defaults apply when a scenario names no equipment; each key the
//! scenario gives replaces that key's default (`{"rescue_boat": 0}` is a
//! flood team without boats). The defaults are assumptions for a
//! region-level team of the plan's 专栏5 (rescue.md gives no inventories):
//! a flood team carries 4 boats, an urban team 2; a forest and grassland
//! fire team 6 blowers and 2 pumps; other kinds nothing from this list.

use std::collections::BTreeMap;

use crate::scenario::ForceKind;

/// Key: assault boat.
pub const RESCUE_BOAT: &str = "rescue_boat";
/// Key: backpack wind extinguisher (blower).
pub const WIND_EXTINGUISHER: &str = "wind_extinguisher";
/// Key: portable fire pump.
pub const WATER_PUMP: &str = "water_pump";

/// Every key a scenario may give.
pub const CATALOGUE: [&str; 3] = [RESCUE_BOAT, WIND_EXTINGUISHER, WATER_PUMP];

/// Water depth from which rescuers can no longer wade people out and need a
/// boat, m: 0.5 (assumption: about knee to thigh height; FD2320 already
/// rates still water 0.5 m deep "danger for some", HR = d·(v + 0.5) + DF
/// ≥ 0.75 with debris).
pub const WADING_LIMIT_M: f64 = 0.5;

/// Evacuees one assault boat carries a trip: 8 (assumption: common
/// Chinese 冲锋舟 are rated for about 10–12 people, less 2 crew and a
/// margin for flood water).
pub const PEOPLE_PER_BOAT_TRIP: f64 = 8.0;

/// One boat trip, min: 20 (assumption: load, a few hundred metres out of the
/// flooded place, unload, back).
pub const BOAT_TRIP_MIN: f64 = 20.0;

/// Team members one boat needs: an operator and a rescuer (assumption).
pub const CREW_PER_BOAT: u32 = 2;

/// The equipment a team of `kind` carries when the scenario names none.
pub fn default_equipment(kind: ForceKind) -> BTreeMap<String, u32> {
    let items: &[(&str, u32)] = match kind {
        ForceKind::FloodTeam => &[(RESCUE_BOAT, 4)],
        ForceKind::UrbanTeam => &[(RESCUE_BOAT, 2)],
        ForceKind::ForestFireTeam => &[(WIND_EXTINGUISHER, 6), (WATER_PUMP, 2)],
        _ => &[],
    };
    items.iter().map(|(k, n)| ((*k).to_string(), *n)).collect()
}

/// The kind's defaults with each key of `given` replacing its default;
/// zero counts are dropped.
pub fn equipment_for(kind: ForceKind, given: &BTreeMap<String, u32>) -> BTreeMap<String, u32> {
    let mut e = default_equipment(kind);
    for (k, n) in given {
        e.insert(k.clone(), *n);
    }
    e.retain(|_, n| *n > 0);
    e
}

/// How many of `item` the equipment holds.
pub fn count(equipment: &BTreeMap<String, u32>, item: &str) -> u32 {
    equipment.get(item).copied().unwrap_or(0)
}

/// Boats the team can crew: at most one per [`CREW_PER_BOAT`] members.
pub fn crewed_boats(equipment: &BTreeMap<String, u32>, personnel: u32) -> u32 {
    count(equipment, RESCUE_BOAT).min(personnel / CREW_PER_BOAT)
}

/// People `boats` bring out of deep water per hour:
/// boats × [`PEOPLE_PER_BOAT_TRIP`] × 60 / [`BOAT_TRIP_MIN`] (24 a boat).
pub fn boat_rescue_people_per_h(boats: u32) -> f64 {
    f64::from(boats) * PEOPLE_PER_BOAT_TRIP * 60.0 / BOAT_TRIP_MIN
}

/// Whether the team has power tools (blowers or pumps) for the fireline.
pub fn has_power_tools(equipment: &BTreeMap<String, u32>) -> bool {
    count(equipment, WIND_EXTINGUISHER) + count(equipment, WATER_PUMP) > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_keys_replace_the_kind_defaults() {
        let none = BTreeMap::new();
        assert_eq!(count(&equipment_for(ForceKind::FloodTeam, &none), RESCUE_BOAT), 4);
        let no_boats = BTreeMap::from([(RESCUE_BOAT.to_string(), 0)]);
        assert!(equipment_for(ForceKind::FloodTeam, &no_boats).is_empty());
        let pumps = BTreeMap::from([(WATER_PUMP.to_string(), 3)]);
        let fire = equipment_for(ForceKind::ForestFireTeam, &pumps);
        assert_eq!((count(&fire, WIND_EXTINGUISHER), count(&fire, WATER_PUMP)), (6, 3));
        assert!(has_power_tools(&fire));
        assert!(!has_power_tools(&equipment_for(ForceKind::MedicalTeam, &none)));
    }

    #[test]
    fn boats_need_crews_and_carry_eight_every_twenty_minutes() {
        let e = BTreeMap::from([(RESCUE_BOAT.to_string(), 4)]);
        assert_eq!(crewed_boats(&e, 30), 4);
        assert_eq!(crewed_boats(&e, 5), 2);
        // 3 boats × 8 people × 3 trips an hour.
        assert_eq!(boat_rescue_people_per_h(3), 72.0);
    }
}
