//! Shelters, depots and relief supplies: who has a roof, water and food.
//!
//! The plan's indicator 10 asks that displaced people's basic needs be met
//! within 10 hours. A sheltered person counts as *served* once the shelter
//! has set aside one day of water and food for them, at the Sphere
//! Handbook (2018) minimums: 15 L of water per person per day (Water
//! supply standard 2.1) and one day's 2 100 kcal ration (Food security
//! standard 6.1), here one `food_ration`. The shelter itself is the roof;
//! each `tent` adds room for 4 people outside (a 12 m² relief tent at about
//! 3.5 m² per person, Sphere Shelter standard 3).
//!
//! Winter (the plan's 专栏4 asks shelters to hold cold-weather stocks): a
//! shelter whose building is not `winterized` (unheated: a school closed
//! for the holidays, a tent camp) leaves its occupants in the cold below
//! 0 °C, except as many as its winter relief items keep warm
//! ([`ShelterState::winter_places`]). The catalogue, per item on site:
//!
//! | key | item | people kept warm | basis |
//! |---|---|---|---|
//! | `stove` | heating stove (取暖炉) with fuel | 5 | one stove per household (Sphere Handbook 2011, Non-food items standard 4, stoves and fuel, as recalled); a household of 5, Sphere's usual planning figure (assumption) |
//! | `cotton_tent` | winter cotton tent (棉帐篷) with its stove | 4 | a 12 m² family tent at 3.5 m² per person (Sphere 2018 Shelter standard 3); it also adds room like a `tent` |
//! | `quilt` | cotton quilt (棉被) | 0.5 | two per person in a cold climate (assumption after Sphere 2011 NFI standard 2, bedding for thermal comfort; no per-person count is given there) |
//!
//! Items on site are in use, not consumed. A winterized building keeps all
//! its occupants warm (overcrowding is reported as a room shortage).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scenario::{Bilingual, DepotTier};
use crate::time::Tick;

/// Water one person needs for a day, t (15 L).
pub const WATER_T_PER_PERSON_DAY: f64 = 0.015;
/// Rations one person needs for a day.
pub const RATIONS_PER_PERSON_DAY: f64 = 1.0;
/// People one tent shelters.
pub const PEOPLE_PER_TENT: f64 = 4.0;

/// Item key for water, t.
pub const WATER: &str = "water_t";
/// Item key for food rations.
pub const FOOD: &str = "food_ration";
/// Item key for tents.
pub const TENT: &str = "tent";
/// Item key for heating stoves (winter item).
pub const STOVE: &str = "stove";
/// Item key for winter cotton tents (winter item, also room).
pub const COTTON_TENT: &str = "cotton_tent";
/// Item key for cotton quilts (winter item).
pub const QUILT: &str = "quilt";

/// People one heating stove keeps warm: one per household of 5 (Sphere
/// 2011 NFI standard 4; household size an assumption).
pub const PEOPLE_PER_STOVE: f64 = 5.0;
/// People one winter cotton tent shelters and keeps warm.
pub const PEOPLE_PER_COTTON_TENT: f64 = 4.0;
/// People one quilt keeps warm: two quilts a person (assumption).
pub const PEOPLE_PER_QUILT: f64 = 0.5;

/// The winter relief items and the people each keeps warm.
pub const WINTER_ITEMS: [(&str, f64); 3] = [
    (STOVE, PEOPLE_PER_STOVE),
    (COTTON_TENT, PEOPLE_PER_COTTON_TENT),
    (QUILT, PEOPLE_PER_QUILT),
];

/// A supply depot of the four-tier reserve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepotState {
    /// `depot:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Tier.
    pub tier: DepotTier,
    /// Cell.
    pub cell: u32,
    /// Stock by item.
    pub stocks: BTreeMap<String, f64>,
}

/// An emergency shelter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShelterState {
    /// `shelter:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Cell.
    pub cell: u32,
    /// People the building holds.
    pub capacity: u32,
    /// Heated and stocked for winter.
    pub winterized: bool,
    /// Receiving people.
    pub open: bool,
    /// When it opened.
    pub opened_at: Option<Tick>,
    /// Stock on site by item (not yet set aside for anybody).
    pub stocks: BTreeMap<String, f64>,
    /// People inside.
    pub occupants: u32,
    /// Of them, people with a day of water and food set aside.
    pub served: u32,
    /// Arrivals since the last `PeopleSheltered`, by place index.
    pub arrivals_unreported: BTreeMap<u32, u32>,
    /// The shortage last reported, to report only changes.
    pub shortage_reported: Option<String>,
}

impl ShelterState {
    /// Room for people: the building plus tents pitched outside.
    pub fn room(&self) -> u32 {
        let tents = self.stock(TENT) * PEOPLE_PER_TENT + self.stock(COTTON_TENT) * PEOPLE_PER_COTTON_TENT;
        self.capacity.saturating_add(tents as u32)
    }

    /// People the winter relief items on site keep warm (the module's
    /// catalogue), whole people, whatever the building.
    pub fn winter_places(&self) -> u32 {
        let people: f64 = WINTER_ITEMS.iter().map(|(key, per)| self.stock(key) * per).sum();
        // `as` saturates; the epsilon keeps 2 quilts = 1 person exact.
        (people + 1e-9).floor() as u32
    }

    /// Occupants left in the cold below 0 °C: none in a winterized
    /// building, else those beyond [`ShelterState::winter_places`].
    pub fn cold_exposed(&self) -> u32 {
        if self.winterized {
            0
        } else {
            self.occupants.saturating_sub(self.winter_places())
        }
    }

    fn stock(&self, key: &str) -> f64 {
        let v = self.stocks.get(key).copied().unwrap_or(0.0);
        if v.is_finite() { v.max(0.0) } else { 0.0 }
    }

    /// Serves waiting occupants from the stock on site; returns how many
    /// were newly served.
    pub fn serve_waiting(&mut self) -> u32 {
        let waiting = self.occupants.saturating_sub(self.served);
        let water = self.stocks.get(WATER).copied().unwrap_or(0.0);
        let food = self.stocks.get(FOOD).copied().unwrap_or(0.0);
        // Round the per-person figures up so stock never goes negative.
        let by_water = (water / WATER_T_PER_PERSON_DAY + 1e-9).floor().max(0.0) as u64;
        let by_food = (food / RATIONS_PER_PERSON_DAY + 1e-9).floor().max(0.0) as u64;
        let n = u64::from(waiting).min(by_water).min(by_food) as u32;
        if n > 0 {
            let take = |stocks: &mut BTreeMap<String, f64>, key: &str, amount: f64| {
                if let Some(v) = stocks.get_mut(key) {
                    *v = (*v - amount).max(0.0);
                }
            };
            take(&mut self.stocks, WATER, f64::from(n) * WATER_T_PER_PERSON_DAY);
            take(&mut self.stocks, FOOD, f64::from(n) * RATIONS_PER_PERSON_DAY);
            self.served += n;
        }
        n
    }

    /// What the shelter lacks for its unserved occupants, in words, or
    /// `None` when everybody is served.
    pub fn shortage(&self) -> Option<String> {
        let waiting = self.occupants.saturating_sub(self.served);
        if waiting == 0 {
            return None;
        }
        let mut short = Vec::new();
        if self.stocks.get(WATER).copied().unwrap_or(0.0) < WATER_T_PER_PERSON_DAY {
            short.push("water 饮用水");
        }
        if self.stocks.get(FOOD).copied().unwrap_or(0.0) < RATIONS_PER_PERSON_DAY {
            short.push("food 食品");
        }
        Some(short.join(", "))
    }
}

/// A truck convoy carrying supplies from a depot to a shelter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Convoy {
    /// Where it goes.
    pub to: ConvoyDestination,
    /// What it carries.
    pub items: BTreeMap<String, f64>,
    /// When it arrives.
    pub arrive: Tick,
}

/// Where a convoy unloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConvoyDestination {
    /// A shelter (index), for the people in it.
    Shelter(usize),
    /// A depot (index), staging stock down the four-tier reserve.
    Depot(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shelter(occupants: u32, water_t: f64, food: f64) -> ShelterState {
        ShelterState {
            id: "shelter:t".into(),
            name: Bilingual::default(),
            cell: 0,
            capacity: 100,
            winterized: false,
            open: true,
            opened_at: None,
            stocks: BTreeMap::from([(WATER.to_string(), water_t), (FOOD.to_string(), food)]),
            occupants,
            served: 0,
            arrivals_unreported: BTreeMap::new(),
            shortage_reported: None,
        }
    }

    #[test]
    fn the_scarcer_of_water_and_food_limits_who_is_served() {
        // 0.3 t of water is 20 person-days at 15 L; 50 rations 50.
        let mut s = shelter(40, 0.3, 50.0);
        assert_eq!(s.serve_waiting(), 20);
        assert_eq!(s.served, 20);
        assert!(s.stocks[WATER] < WATER_T_PER_PERSON_DAY);
        assert_eq!(s.stocks[FOOD], 30.0);
        assert_eq!(s.shortage().as_deref(), Some("water 饮用水"));
        s.stocks.insert(WATER.into(), 1.0);
        assert_eq!(s.serve_waiting(), 20);
        assert_eq!(s.shortage(), None);
    }

    #[test]
    fn winter_items_keep_their_catalogue_number_of_people_warm() {
        let mut s = shelter(100, 0.0, 0.0);
        assert_eq!(s.cold_exposed(), 100, "an unheated shelter with no winter items");
        // 4 stoves × 5 + 5 cotton tents × 4 + 21 quilts × 0.5 = 50.5 → 50.
        s.stocks.insert(STOVE.into(), 4.0);
        s.stocks.insert(COTTON_TENT.into(), 5.0);
        s.stocks.insert(QUILT.into(), 21.0);
        assert_eq!(s.winter_places(), 50);
        assert_eq!(s.cold_exposed(), 50);
        assert_eq!(s.room(), 120, "cotton tents add room too");
        s.stocks.insert(QUILT.into(), 200.0);
        assert_eq!(s.cold_exposed(), 0);
        let mut w = shelter(100, 0.0, 0.0);
        w.winterized = true;
        assert_eq!(w.cold_exposed(), 0, "a heated building");
    }

    #[test]
    fn tents_add_room_outside() {
        let mut s = shelter(0, 0.0, 0.0);
        s.stocks.insert(TENT.into(), 10.0);
        assert_eq!(s.room(), 140);
    }
}
