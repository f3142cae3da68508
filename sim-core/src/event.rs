//! Events: what happened, in the past tense, stamped with its tick. The only
//! thing scoring and reports read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::frame::{Cell, LonLat};
use crate::order::{Order, OrderError, OrderId, ResponseLevel, SupportSource, WarningLevel};
use crate::scenario::{Bilingual, InjectKind};
use crate::time::Tick;

/// An event with the tick it happened in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimedEvent {
    /// When.
    pub tick: Tick,
    /// What.
    pub event: Event,
}

/// Something that happened in the simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The drill began.
    DrillStarted {
        /// Scenario id.
        scenario_id: String,
        /// Seed.
        seed: u64,
    },
    /// An order was accepted and will take effect at `due`.
    OrderAccepted {
        /// Its id.
        order_id: OrderId,
        /// The order.
        order: Order,
        /// When it takes effect.
        due: Tick,
    },
    /// An accepted order could not be carried out when it fell due.
    OrderFailed {
        /// Its id.
        order_id: OrderId,
        /// Why.
        reason: OrderError,
    },
    /// The emergency response level changed.
    ResponseLevelChanged {
        /// By which order.
        order_id: OrderId,
        /// Level before (none: no response yet).
        from: Option<ResponseLevel>,
        /// Level now.
        to: ResponseLevel,
    },
    /// A warning was released to places.
    WarningIssued {
        /// By which order.
        order_id: OrderId,
        /// `place:…` ids.
        places: Vec<String>,
        /// Colour.
        level: WarningLevel,
        /// People living in those places.
        population: u64,
    },
    /// A consultation and judgement meeting was held (会商研判).
    ConsultationHeld {
        /// By which order.
        order_id: OrderId,
        /// Topic.
        topic: String,
    },
    /// An inject of the master scenario events list reached the trainees.
    InjectDelivered {
        /// `inject:…`
        inject_id: String,
        /// What it does.
        kind: InjectKind,
        /// What the trainees were told.
        message: Bilingual,
    },
    /// The wind changed by an inject.
    WindShifted {
        /// Wind speed at 10 m, m/s.
        wind_speed_m_s: f64,
        /// Direction the wind blows from, degrees.
        wind_from_deg: f64,
    },
    /// Public mobile networks went down.
    CommsOutageStarted {
        /// When they come back.
        until: Tick,
    },
    /// Public mobile networks came back.
    CommsRestored,
    /// A fire started at a point (a scenario ignition).
    FireIgnited {
        /// `hazard:…`
        hazard_id: String,
        /// Where.
        at: LonLat,
        /// The cell.
        cell: Cell,
    },
    /// An ember started a spot fire ahead of the front.
    FireSpotted {
        /// The burning cell that threw it.
        from: Cell,
        /// Where it caught.
        cell: Cell,
        /// How far it flew, m.
        distance_m: f64,
    },
    /// Fire reached a settlement (its cell or a neighbouring cell burned).
    FireReachedPlace {
        /// `place:…`
        place_id: String,
        /// Byram intensity of the front there, kW/m.
        intensity_kw_per_m: f64,
    },
    /// Fire reached a road (one of its cells burned or the front stands on it).
    FireReachedRoad {
        /// `road:…`
        road_id: String,
    },
    /// A fireline was finished.
    FirelineBuilt {
        /// Cells it covers.
        cells: u32,
        /// Longest flame it stops, m.
        holds_flame_m: f64,
    },
    /// The fire broke through a fireline: its flame was longer than the line holds.
    FirelineBreached {
        /// Where.
        cell: Cell,
        /// Flame length of the fire there, m.
        flame_length_m: f64,
    },
    /// A backfire was lit along a line.
    BackburnLit {
        /// Cells lit.
        cells: u32,
    },
    /// Burned ground was mopped up: it throws no more embers.
    MoppedUp {
        /// Cells mopped up.
        cells: u32,
    },
    /// Fire reached the state border (a fire crossing into or out of the country).
    FireReachedBorder {
        /// Where.
        cell: Cell,
    },
    /// Water or retardant wetted cells; they do not burn until `until`.
    FireWetted {
        /// Cells wetted.
        cells: u32,
        /// Until when.
        until: Tick,
    },
    /// The front stopped moving everywhere: held by non-fuel, firelines,
    /// wet ground, or burned out.
    FireContained {
        /// Area burned so far, hectares.
        burned_area_ha: f64,
    },
    /// Water at a settlement first stood deeper than 0.1 m.
    FloodReachedPlace {
        /// `place:…`
        place_id: String,
        /// Depth then, m.
        depth_m: f64,
    },
    /// Water on a road first stood deeper than 0.3 m: cut to vehicles.
    RoadCut {
        /// `road:…`
        road_id: String,
        /// Deepest water on it, m.
        depth_m: f64,
    },
    /// A gauge's water depth first crossed one of its alert depths.
    WaterLevelExceeded {
        /// `gauge:…`
        gauge_id: String,
        /// The alert depth crossed, m.
        alert_depth_m: f64,
        /// Depth then, m.
        depth_m: f64,
    },
    /// A submitted order was refused at once (it never entered the queue).
    OrderRejected {
        /// The order as given.
        order: Order,
        /// Why.
        reason: OrderError,
    },
    /// Somebody noticed a hazard: the public, a patrol, a gauge, a UAV.
    IncidentDetected {
        /// `hazard:…`, `gauge:…` or `fire` for a fire with no scenario id.
        incident: String,
        /// Who or what noticed it.
        by: String,
        /// Where.
        at: LonLat,
    },
    /// The incident reached the command centre.
    IncidentReported {
        /// The incident, as in [`Event::IncidentDetected`].
        incident: String,
        /// Minutes from detection to report.
        delay_min: f64,
    },
    /// People received a warning this tick.
    WarningReceived {
        /// `place:…`
        place_id: String,
        /// People newly warned.
        count: u32,
        /// Share of the place's people warned so far, 0–1.
        share_warned: f64,
    },
    /// An evacuation order reached a place.
    EvacuationOrdered {
        /// The order.
        order_id: OrderId,
        /// `place:…`
        place_id: String,
        /// `shelter:…`
        shelter_id: String,
    },
    /// The first people of a place set off.
    EvacuationStarted {
        /// `place:…`
        place_id: String,
    },
    /// Everybody of a place who was going to leave has arrived somewhere.
    EvacuationCompleted {
        /// `place:…`
        place_id: String,
        /// People who reached a shelter.
        sheltered: u32,
        /// People who stayed behind.
        stayed: u32,
    },
    /// People reached a shelter.
    PeopleSheltered {
        /// `shelter:…`
        shelter_id: String,
        /// `place:…` they came from.
        place_id: String,
        /// How many.
        count: u32,
    },
    /// Trapped people were brought out by a team.
    PersonsRescued {
        /// `place:…`
        place_id: String,
        /// `team:…`
        team_id: String,
        /// How many.
        count: u32,
    },
    /// Injured people were treated by a medical team.
    PatientsTreated {
        /// `place:…`
        place_id: String,
        /// `team:…`
        team_id: String,
        /// How many.
        count: u32,
    },
    /// People were hurt or killed.
    Casualties {
        /// `place:…`
        place_id: String,
        /// What hurt them.
        cause: CasualtyCause,
        /// Injured.
        injured: u32,
        /// Dead.
        dead: u32,
    },
    /// A unit set off (after its mobilisation delay) towards its task.
    TeamDispatched {
        /// `team:…` or `aircraft:…`
        unit_id: String,
        /// The task, in words.
        task: String,
        /// Expected arrival.
        eta: Tick,
    },
    /// A ground team arrived at its task.
    TeamArrived {
        /// `team:…`
        unit_id: String,
        /// Where.
        cell: Cell,
    },
    /// A unit came back to its base and is available again.
    UnitReturned {
        /// `team:…` or `aircraft:…`
        unit_id: String,
    },
    /// An aircraft is over its target: first after its dispatch, and again
    /// each time it comes back on station after a fuel stop (the scores use
    /// the first).
    AircraftOnScene {
        /// `aircraft:…`
        unit_id: String,
        /// Minutes since the dispatch order took effect.
        minutes_since_order: f64,
    },
    /// An aircraft landed at a fuel point to refuel: it broke off its task
    /// at its reserve plus the flight there, or needs fuel to get home.
    AircraftRefuelling {
        /// `aircraft:…`
        unit_id: String,
        /// `airfield:…` where it refuels (its base's id at its base).
        airfield_id: String,
    },
    /// An aircraft dropped water.
    DropMade {
        /// `aircraft:…`
        unit_id: String,
        /// Where.
        at: LonLat,
        /// Water, t.
        load_t: f64,
    },
    /// A shelter opened.
    ShelterOpened {
        /// `shelter:…`
        shelter_id: String,
    },
    /// A shelter closed.
    ShelterClosed {
        /// `shelter:…`
        shelter_id: String,
    },
    /// Relief supplies reached a shelter.
    ReliefDelivered {
        /// `shelter:…`
        shelter_id: String,
        /// Items delivered, key → amount.
        items: BTreeMap<String, f64>,
        /// People whose basic needs the shelter now covers.
        people_served: u32,
    },
    /// Supplies reached a depot (staged down the four-tier reserve).
    SuppliesStaged {
        /// `depot:…`
        depot_id: String,
        /// Items, key → amount.
        items: BTreeMap<String, f64>,
    },
    /// A shelter holds people it cannot cover (no stock or no room).
    SupplyShortage {
        /// `shelter:…`
        shelter_id: String,
        /// What is short, in words.
        what: String,
        /// People affected.
        people: u32,
    },
    /// Reinforcements asked for have arrived on the map.
    SupportArrived {
        /// The new `team:…`
        unit_id: String,
        /// Who sent it.
        source: SupportSource,
    },
    /// A crew finished (or gave up) a stretch of fireline.
    FirelineProgress {
        /// `team:…`
        team_id: String,
        /// Cells of line cut so far.
        cells_built: u32,
        /// Cells the task asked for.
        cells_planned: u32,
    },
    /// A dam breach began: the reservoir starts to empty through it.
    ReservoirBreached {
        /// `reservoir:…`
        reservoir_id: String,
        /// Pool level then, m.
        level_m: f64,
        /// Water stored then, m³.
        volume_m3: f64,
        /// Froehlich's (1995) peak outflow for that pool, m³/s: an order of
        /// magnitude for the trainees (uncertain by a factor of ~2).
        predicted_peak_m3_per_s: f64,
    },
    /// Water first stood above a dike's crest next to it.
    DikeOvertopped {
        /// `dike:…`
        dike_id: String,
        /// The dike cell where it was highest.
        cell: Cell,
    },
    /// A dike breach opened (it widens from here).
    DikeBreached {
        /// `dike:…`
        dike_id: String,
        /// The breach centre.
        cell: Cell,
        /// Width when it opened, m.
        width_m: f64,
    },
    /// A reservoir's outlet gate was set by order.
    ReservoirRegulated {
        /// `reservoir:…`
        reservoir_id: String,
        /// Gate opening now, 0–1.
        gate_opening: f64,
    },
    /// A crew closed one cell of a dike breach again.
    BreachClosed {
        /// `dike:…`
        dike_id: String,
        /// The cell.
        cell: Cell,
    },
    /// A hazard the scenario describes could not be set up; the drill runs without it.
    HazardDisabled {
        /// Which hazard.
        hazard: String,
        /// Why.
        reason: String,
    },
    /// Non-finite values appeared in a field and were reset; a model bug,
    /// reported rather than allowed to spread or panic.
    ValuesQuarantined {
        /// Which field.
        field: String,
        /// How many cells.
        cells: u32,
    },
}

impl Event {
    /// A stable short name of the event's kind, for counts and filters.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Event::DrillStarted { .. } => "DrillStarted",
            Event::OrderAccepted { .. } => "OrderAccepted",
            Event::OrderFailed { .. } => "OrderFailed",
            Event::ResponseLevelChanged { .. } => "ResponseLevelChanged",
            Event::WarningIssued { .. } => "WarningIssued",
            Event::ConsultationHeld { .. } => "ConsultationHeld",
            Event::InjectDelivered { .. } => "InjectDelivered",
            Event::WindShifted { .. } => "WindShifted",
            Event::CommsOutageStarted { .. } => "CommsOutageStarted",
            Event::CommsRestored => "CommsRestored",
            Event::FireIgnited { .. } => "FireIgnited",
            Event::FireSpotted { .. } => "FireSpotted",
            Event::FireReachedPlace { .. } => "FireReachedPlace",
            Event::FireReachedRoad { .. } => "FireReachedRoad",
            Event::FirelineBuilt { .. } => "FirelineBuilt",
            Event::FirelineBreached { .. } => "FirelineBreached",
            Event::FireWetted { .. } => "FireWetted",
            Event::BackburnLit { .. } => "BackburnLit",
            Event::MoppedUp { .. } => "MoppedUp",
            Event::FireReachedBorder { .. } => "FireReachedBorder",
            Event::FireContained { .. } => "FireContained",
            Event::ValuesQuarantined { .. } => "ValuesQuarantined",
            Event::FloodReachedPlace { .. } => "FloodReachedPlace",
            Event::RoadCut { .. } => "RoadCut",
            Event::WaterLevelExceeded { .. } => "WaterLevelExceeded",
            Event::OrderRejected { .. } => "OrderRejected",
            Event::IncidentDetected { .. } => "IncidentDetected",
            Event::IncidentReported { .. } => "IncidentReported",
            Event::WarningReceived { .. } => "WarningReceived",
            Event::EvacuationOrdered { .. } => "EvacuationOrdered",
            Event::EvacuationStarted { .. } => "EvacuationStarted",
            Event::EvacuationCompleted { .. } => "EvacuationCompleted",
            Event::PeopleSheltered { .. } => "PeopleSheltered",
            Event::PersonsRescued { .. } => "PersonsRescued",
            Event::PatientsTreated { .. } => "PatientsTreated",
            Event::Casualties { .. } => "Casualties",
            Event::TeamDispatched { .. } => "TeamDispatched",
            Event::TeamArrived { .. } => "TeamArrived",
            Event::UnitReturned { .. } => "UnitReturned",
            Event::AircraftOnScene { .. } => "AircraftOnScene",
            Event::AircraftRefuelling { .. } => "AircraftRefuelling",
            Event::DropMade { .. } => "DropMade",
            Event::ShelterOpened { .. } => "ShelterOpened",
            Event::ShelterClosed { .. } => "ShelterClosed",
            Event::ReliefDelivered { .. } => "ReliefDelivered",
            Event::SuppliesStaged { .. } => "SuppliesStaged",
            Event::SupplyShortage { .. } => "SupplyShortage",
            Event::SupportArrived { .. } => "SupportArrived",
            Event::FirelineProgress { .. } => "FirelineProgress",
            Event::ReservoirBreached { .. } => "ReservoirBreached",
            Event::DikeOvertopped { .. } => "DikeOvertopped",
            Event::DikeBreached { .. } => "DikeBreached",
            Event::ReservoirRegulated { .. } => "ReservoirRegulated",
            Event::BreachClosed { .. } => "BreachClosed",
            Event::HazardDisabled { .. } => "HazardDisabled",
        }
    }
}

/// What hurt people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CasualtyCause {
    /// Flood water (depth and speed).
    Flood,
    /// Fire reaching people still in a place.
    Fire,
    /// Cold, for people without winter shelter.
    Cold,
}
