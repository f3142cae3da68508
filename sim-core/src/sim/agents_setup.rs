//! The forces, depots and shelters of a scenario as they stand at the start
//! of a drill.

use crate::agents::aircraft::AircraftType;
use crate::agents::forces::{AirActivity, AircraftState, TeamState};
use crate::agents::relief::{DepotState, ShelterState};
use crate::frame::{LonLat, MapFrame};
use crate::scenario::{AirfieldKind, ForceKind, Scenario};

/// Everything of the agents that the scenario file fixes.
#[derive(Debug)]
pub(crate) struct AgentsAtStart {
    pub teams: Vec<TeamState>,
    pub aircraft: Vec<AircraftState>,
    pub depots: Vec<DepotState>,
    pub shelters: Vec<ShelterState>,
    pub airfields: Vec<(String, AirfieldKind, LonLat)>,
    pub water_points: Vec<LonLat>,
    pub entry_cell: u32,
}

/// The default airframe of an aircraft kind when the scenario names none.
fn default_airframe(kind: ForceKind) -> AircraftType {
    match kind {
        ForceKind::FixedWing => AircraftType::Y12,
        ForceKind::Uav => AircraftType::ReconUav,
        _ => AircraftType::Ka32,
    }
}

pub(crate) fn agents_at_start(scenario: &Scenario) -> AgentsAtStart {
    let file = &scenario.file;
    let frame = scenario.frame;
    let infra = &file.infrastructure;
    let index_of = |at: LonLat| frame.cell_at_lon_lat(at).map(|c| frame.index(c) as u32);
    // Bases: places, depots, airfields; positions by id.
    let base_at = |id: &str| -> Option<LonLat> {
        file.places
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.at)
            .or_else(|| infra.depots.iter().find(|d| d.id == id).map(|d| d.at))
            .or_else(|| infra.airfields.iter().find(|a| a.id == id).map(|a| a.at))
    };
    let mut teams = Vec::new();
    let mut aircraft = Vec::new();
    for f in &file.forces {
        let Some(at) = base_at(&f.base) else { continue };
        match f.kind {
            ForceKind::Helicopter | ForceKind::FixedWing | ForceKind::Uav => aircraft.push(AircraftState {
                id: f.id.clone(),
                name: f.name.clone(),
                kind: f.kind,
                airframe: f.airframe.unwrap_or(default_airframe(f.kind)),
                readiness: f.readiness,
                base_id: f.base.clone(),
                base: at,
                activity: AirActivity::Standby,
                task: None,
                order: None,
                dropped_t: 0.0,
                position: at,
                returning: false,
                fuel_min: f.airframe.unwrap_or(default_airframe(f.kind)).spec().endurance_min(),
                flight_min: 0.0,
                fuel_stop: None,
                refuels: 0,
            }),
            _ => {
                let Some(cell) = index_of(at) else { continue };
                let mut team = TeamState::at_base(f.id.clone(), f.name.clone(), f.kind, f.personnel, f.readiness, cell);
                team.equipment = crate::agents::equipment::equipment_for(f.kind, &f.equipment);
                teams.push(team);
            }
        }
    }
    let depots = infra
        .depots
        .iter()
        .filter_map(|d| {
            Some(DepotState {
                id: d.id.clone(),
                name: d.name.clone(),
                tier: d.tier,
                cell: index_of(d.at)?,
                stocks: d.stocks.clone(),
            })
        })
        .collect();
    let shelters = infra
        .shelters
        .iter()
        .filter_map(|s| {
            Some(ShelterState {
                id: s.id.clone(),
                name: s.name.clone(),
                cell: index_of(s.at)?,
                capacity: s.capacity,
                winterized: s.winterized,
                open: s.open,
                opened_at: None,
                stocks: s.stocks.clone(),
                occupants: 0,
                served: 0,
                arrivals_unreported: Default::default(),
                shortage_reported: None,
            })
        })
        .collect();
    AgentsAtStart {
        teams,
        aircraft,
        depots,
        shelters,
        airfields: infra.airfields.iter().map(|a| (a.id.clone(), a.kind, a.at)).collect(),
        water_points: infra.water_points.iter().map(|w| w.at).collect(),
        entry_cell: entry_cell(&frame, &scenario.road_cells),
    }
}

/// The road cell nearest a map edge (where outside help drives in); the
/// map's centre when there are no roads. Ties go to the lowest index.
fn entry_cell(frame: &MapFrame, roads: &[(String, crate::scenario::RoadClass, Vec<crate::frame::Cell>)]) -> u32 {
    let (w, h) = (frame.width, frame.height);
    roads
        .iter()
        .flat_map(|(_, _, cells)| cells.iter())
        .map(|c| {
            let to_edge = c.x.min(c.y).min(w - 1 - c.x.min(w - 1)).min(h - 1 - c.y.min(h - 1));
            (to_edge, frame.index(*c) as u32)
        })
        .min()
        .map_or((h / 2) * w + w / 2, |(_, i)| i)
}
