//! [`FinalState`]: the end-of-run facts scoring needs besides the event log,
//! a plain struct filled from [`SimView`] (never from the state's internals).

use serde::{Deserialize, Serialize};

use crate::sim::PLACE_FLOODED_DEPTH_M;
use crate::time::Tick;
use crate::view::SimView;

/// What the world looked like when the drill ended.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FinalState {
    /// The tick the run ended at.
    pub end: Tick,
    /// Settlements in scenario order, then the groups of people living
    /// dispersed around them (`place:…/cell-x-y`), as in the view.
    pub places: Vec<PlaceOutcome>,
    /// Shelters, in scenario order.
    pub shelters: Vec<ShelterOutcome>,
    /// Area burned, hectares.
    pub burned_area_ha: f64,
    /// Area where water ever stood deeper than [`PLACE_FLOODED_DEPTH_M`], km².
    pub flooded_area_km2: f64,
    /// Ground teams on the map at the end (including reinforcements).
    pub teams: u32,
    /// Aircraft of the drill.
    pub aircraft: u32,
    /// Direct economic loss and the region's GDP, when the caller knows
    /// both (the engine does not model money: indicator 6 is N/A otherwise).
    pub economy: Option<Economy>,
}

/// A settlement at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceOutcome {
    /// `place:…`
    pub id: String,
    /// Residents at the start.
    pub population: u32,
    /// People per state at the end (all zero for a place without residents).
    pub people: PeopleCounts,
    /// When fire first reached it.
    pub fire_arrived: Option<Tick>,
    /// When water first stood deeper than 0.1 m there.
    pub flood_arrived: Option<Tick>,
}

impl PlaceOutcome {
    /// When the first hazard reached it.
    pub fn hazard_arrived(&self) -> Option<Tick> {
        match (self.fire_arrived, self.flood_arrived) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// People of a place by state: the settlement's own counts.
pub use crate::agents::StateCounts as PeopleCounts;

/// A shelter at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShelterOutcome {
    /// `shelter:…`
    pub id: String,
    /// People inside.
    pub occupants: u32,
    /// Of them, people with water and food set aside.
    pub served: u32,
    /// Room: the building plus tents.
    pub room: u32,
}

/// Money, for indicator 6.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Economy {
    /// Direct economic loss of the drill's disaster, yuan.
    pub direct_loss_yuan: f64,
    /// GDP of the scenario's region, yuan per year.
    pub regional_gdp_yuan: f64,
}

impl FinalState {
    /// The end state with the scenario's own money figures, if it states
    /// them: direct loss = burned ha × rate + flooded km² × rate.
    pub fn for_scenario(view: &SimView<'_>, file: &crate::scenario::ScenarioFile) -> FinalState {
        let mut state = FinalState::from_view(view, None);
        state.economy = file.economy.map(|e| Economy {
            direct_loss_yuan: state.burned_area_ha * e.loss_yuan_per_burned_ha
                + state.flooded_area_km2 * e.loss_yuan_per_flooded_km2,
            regional_gdp_yuan: e.regional_gdp_yuan,
        });
        state
    }

    /// Reads the end state from a view (`Sim::view()` after the last step).
    /// `economy` is whatever the caller knows about money (usually `None`).
    pub fn from_view(view: &SimView<'_>, economy: Option<Economy>) -> FinalState {
        let places = view
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| PlaceOutcome {
                id: p.id.clone(),
                population: p.population,
                people: view
                    .people
                    .get(i)
                    .and_then(Option::as_ref)
                    .map(|s| s.settlement.counts())
                    .unwrap_or_default(),
                fire_arrived: p.fire_arrived,
                flood_arrived: p.flood_arrived,
            })
            .collect();
        let shelters = view
            .shelters
            .iter()
            .map(|s| ShelterOutcome {
                id: s.id.clone(),
                occupants: s.occupants,
                served: s.served,
                room: s.room(),
            })
            .collect();
        let cell_area_m2 = view.frame.cell_size_m * view.frame.cell_size_m;
        let flooded_area_km2 = view.flood.map_or(0.0, |f| {
            f.max_depth_m().iter().filter(|d| **d > PLACE_FLOODED_DEPTH_M).count() as f64 * cell_area_m2 / 1e6
        });
        FinalState {
            end: view.tick,
            places,
            shelters,
            burned_area_ha: view.fire.burned_cells() as f64 * cell_area_m2 / 1e4,
            flooded_area_km2,
            teams: view.teams.len() as u32,
            aircraft: view.aircraft.len() as u32,
            economy,
        }
    }

    /// People sheltered but without water and food set aside, at the end.
    pub fn unserved_sheltered(&self) -> u64 {
        self.shelters
            .iter()
            .map(|s| u64::from(s.occupants.saturating_sub(s.served)))
            .sum()
    }

    /// People in shelters at the end.
    pub fn sheltered(&self) -> u64 {
        self.shelters.iter().map(|s| u64::from(s.occupants)).sum()
    }

    /// The place with this id.
    pub fn place(&self, id: &str) -> Option<&PlaceOutcome> {
        self.places.iter().find(|p| p.id == id)
    }
}
