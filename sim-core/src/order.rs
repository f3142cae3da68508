//! Orders: what trainees decide, in the imperative, and why one can fail.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::frame::LonLat;
use crate::scenario::ForceKind;

/// Identifies an accepted order, in submission order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OrderId(pub u32);

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "order#{}", self.0)
    }
}

/// Emergency response level (应急响应级别), IV the lowest and I the highest,
/// as in the plan's graded response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResponseLevel {
    /// Ⅳ级 (general).
    IV,
    /// Ⅲ级 (large).
    III,
    /// Ⅱ级 (major).
    II,
    /// Ⅰ级 (especially major).
    I,
}

impl fmt::Display for ResponseLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ResponseLevel::IV => "Ⅳ级 (IV)",
            ResponseLevel::III => "Ⅲ级 (III)",
            ResponseLevel::II => "Ⅱ级 (II)",
            ResponseLevel::I => "Ⅰ级 (I)",
        };
        f.write_str(s)
    }
}

/// Public warning colour (预警级别): blue lowest, red highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WarningLevel {
    /// 蓝色.
    Blue,
    /// 黄色.
    Yellow,
    /// 橙色.
    Orange,
    /// 红色.
    Red,
}

impl fmt::Display for WarningLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            WarningLevel::Blue => "蓝色 blue",
            WarningLevel::Yellow => "黄色 yellow",
            WarningLevel::Orange => "橙色 orange",
            WarningLevel::Red => "红色 red",
        };
        f.write_str(s)
    }
}

pub use crate::agents::warning::Channel as WarningChannel;

/// A decision by the trainees. Orders take effect after a command latency
/// (see [`Order::latency_ticks`]) and may still fail then, with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Order {
    /// Start or change the emergency response at `level`.
    SetResponseLevel {
        /// The level to respond at.
        level: ResponseLevel,
    },
    /// Warn the people of these places.
    IssueWarning {
        /// `place:…` ids.
        places: Vec<String>,
        /// Warning colour.
        level: WarningLevel,
        /// Channels to use; empty means every channel the places have.
        #[serde(default)]
        channels: Vec<WarningChannel>,
    },
    /// Convene a consultation and judgement meeting (会商研判).
    HoldConsultation {
        /// What it is about.
        topic: String,
    },
    /// Send a team or an aircraft to do a task.
    Dispatch {
        /// `team:…` or `aircraft:…`
        unit: String,
        /// What it is to do.
        task: Task,
    },
    /// Call a unit back to its base; it drops its task.
    Recall {
        /// `team:…` or `aircraft:…`
        unit: String,
    },
    /// Order the people of these places to evacuate (组织转移) to a shelter.
    OrderEvacuation {
        /// `place:…` ids.
        places: Vec<String>,
        /// `shelter:…` that receives them.
        shelter: String,
    },
    /// Open a shelter to receive people.
    OpenShelter {
        /// `shelter:…`
        shelter: String,
    },
    /// Close a shelter (it must be empty).
    CloseShelter {
        /// `shelter:…`
        shelter: String,
    },
    /// Send relief supplies by truck from a depot to a shelter, or to
    /// another depot (staging down the four-tier reserve).
    MoveSupplies {
        /// `depot:…`
        from: String,
        /// `shelter:…` or `depot:…`
        to: String,
        /// Item key (as in the depot's stocks) → amount.
        items: BTreeMap<String, f64>,
    },
    /// Ask for reinforcements from outside the drill's forces.
    RequestSupport {
        /// Kind of team wanted.
        kind: ForceKind,
        /// Who sends it.
        source: SupportSource,
    },
    /// Set a reservoir's outlet gate.
    RegulateReservoir {
        /// `reservoir:…`
        reservoir: String,
        /// Gate opening, 0 (shut) to 1 (fully open).
        gate_opening: f64,
    },
    /// Open a flood diversion area (分洪区) by breaching its dike on purpose.
    OpenDiversion {
        /// `dike:…` of the diversion area's inlet.
        dike: String,
    },
    /// Blast an ice jam (破冰爆破).
    BlastIceJam {
        /// Where.
        at: LonLat,
    },
}

/// What a dispatched unit does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Task {
    /// Go to a point and stand by there.
    MoveTo {
        /// Where.
        at: LonLat,
    },
    /// Cut a fireline along a path (ground teams), at the crew's production
    /// rate for the fuel, starting from the path's first point.
    BuildFireline {
        /// The line's points.
        path: Vec<LonLat>,
    },
    /// Light a backfire along a path (fire teams), from its first point,
    /// once the team is there: burning out fuel ahead of the front.
    Backburn {
        /// The line's points.
        path: Vec<LonLat>,
    },
    /// Drop water on a point, cycling from the nearest water intake point
    /// (helicopters).
    WaterDrops {
        /// Target.
        at: LonLat,
    },
    /// Fly or drive over a point and report what is there (UAV, aircraft).
    Recon {
        /// Where.
        at: LonLat,
    },
    /// Raise a dike's crest with sandbags (flood teams).
    Sandbag {
        /// `dike:…`
        dike: String,
    },
    /// Close a dike breach (堵口) with stone, gabions and sandbags (flood
    /// teams), cell by cell.
    CloseBreach {
        /// `dike:…`
        dike: String,
    },
    /// Search for and rescue people trapped in a place.
    Rescue {
        /// `place:…`
        place: String,
    },
    /// Triage, treat and transport the injured of a place (medical teams).
    Treat {
        /// `place:…`
        place: String,
    },
}

/// Where requested reinforcements come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SupportSource {
    /// A neighbouring province or league (跨区域支援).
    CrossRegion,
    /// The PLA or Armed Police units in the region (军地协同).
    Military,
}

/// Longest free text accepted in an order, characters.
pub const MAX_ORDER_TEXT_CHARS: usize = 500;

impl Order {
    /// Ticks from submission until the order takes effect (at least 1: an
    /// order is never executed inside the tick it was given in).
    ///
    /// Command latencies (assumptions, to calibrate in drills): deciding and
    /// announcing a response level 5 min; drafting and releasing a warning
    /// 10 min; convening a meeting 30 min; a dispatch, recall or shelter
    /// order reaches the unit by phone or radio in 5 min (the plan's
    /// "warnings reach responsible officials within 5 min"); an evacuation
    /// order goes through township and village cadres, 15 min; a supply
    /// release needs the depot's paperwork, 15 min; a support request goes
    /// through the regional command centre, 30 min; gate and diversion
    /// orders go to the operator, 10 min. Units then add their own
    /// mobilisation delay.
    pub fn latency_ticks(&self) -> u64 {
        let minutes = match self {
            Order::SetResponseLevel { .. } => 5,
            Order::IssueWarning { .. } => 10,
            Order::HoldConsultation { .. } => 30,
            Order::Dispatch { .. } | Order::Recall { .. } => 5,
            Order::OpenShelter { .. } | Order::CloseShelter { .. } => 5,
            Order::OrderEvacuation { .. } | Order::MoveSupplies { .. } => 15,
            Order::RequestSupport { .. } => 30,
            Order::RegulateReservoir { .. } | Order::OpenDiversion { .. } | Order::BlastIceJam { .. } => 10,
        };
        (minutes * 60 / crate::time::TICK_SECONDS).max(1)
    }

    /// A short English label for logs.
    pub fn label(&self) -> String {
        match self {
            Order::SetResponseLevel { level } => format!("set response level {level}"),
            Order::IssueWarning { places, level, .. } => {
                format!("issue {level} warning to {} place(s)", places.len())
            }
            Order::HoldConsultation { topic } => format!("hold consultation on \"{topic}\""),
            Order::Dispatch { unit, task } => format!("dispatch {unit} to {}", task.label()),
            Order::Recall { unit } => format!("recall {unit}"),
            Order::OrderEvacuation { places, shelter } => {
                format!("evacuate {} place(s) to {shelter}", places.len())
            }
            Order::OpenShelter { shelter } => format!("open {shelter}"),
            Order::CloseShelter { shelter } => format!("close {shelter}"),
            Order::MoveSupplies { from, to, items } => format!("move {} item kind(s) from {from} to {to}", items.len()),
            Order::RequestSupport { kind, source } => format!("request {kind:?} support from {source:?}"),
            Order::RegulateReservoir {
                reservoir,
                gate_opening,
            } => format!("set {reservoir} gate to {:.0} %", gate_opening * 100.0),
            Order::OpenDiversion { dike } => format!("open diversion at {dike}"),
            Order::BlastIceJam { at } => format!("blast ice jam at {:.4}, {:.4}", at.lon, at.lat),
        }
    }
}

impl Task {
    /// A short English label for logs.
    pub fn label(&self) -> String {
        match self {
            Task::MoveTo { .. } => "move".into(),
            Task::BuildFireline { path } => format!("build a fireline of {} point(s)", path.len()),
            Task::Backburn { path } => format!("backburn along {} point(s)", path.len()),
            Task::WaterDrops { .. } => "water drops".into(),
            Task::Recon { .. } => "reconnaissance".into(),
            Task::Sandbag { dike } => format!("sandbag {dike}"),
            Task::CloseBreach { dike } => format!("close the breach in {dike}"),
            Task::Rescue { place } => format!("rescue at {place}"),
            Task::Treat { place } => format!("treat the injured at {place}"),
        }
    }
}

/// Why an order cannot be carried out, in words a trainee can act on.
#[derive(Debug, Clone, PartialEq, Error, Serialize, Deserialize)]
pub enum OrderError {
    /// A place id that is not in the scenario.
    #[error("there is no place `{id}` in this drill")]
    UnknownPlace {
        /// The id given.
        id: String,
    },
    /// A warning or evacuation naming nobody.
    #[error("the order must name at least one place")]
    NoPlaces,
    /// The response is already at this level.
    #[error("the response is already at level {level}")]
    LevelUnchanged {
        /// The current level.
        level: ResponseLevel,
    },
    /// Text left empty.
    #[error("the {field} must not be empty")]
    EmptyText {
        /// Which text.
        field: String,
    },
    /// Text too long.
    #[error("the {field} is longer than {max} characters")]
    TextTooLong {
        /// Which text.
        field: String,
        /// The limit.
        max: usize,
    },
    /// The drill has ended.
    #[error("the drill has ended at {end}; no more orders are taken")]
    DrillOver {
        /// When it ended, `HH:MM:SS`.
        end: String,
    },
    /// An id that names no thing of the kind the order needs.
    #[error("there is no {kind} `{id}` in this drill")]
    Unknown {
        /// What kind of thing (`team or aircraft`, `shelter`, `depot`, …).
        kind: String,
        /// The id given.
        id: String,
    },
    /// The unit cannot do this kind of task.
    #[error("{unit} cannot {task}")]
    WrongUnit {
        /// The unit.
        unit: String,
        /// The task, as a phrase.
        task: String,
    },
    /// The unit is off duty (resting after a shift) or already committed.
    #[error("{unit} is not available: {why}")]
    UnitBusy {
        /// The unit.
        unit: String,
        /// Why, in words.
        why: String,
    },
    /// No way over the ground to the target.
    #[error("{unit} cannot reach that point over the ground (roads cut or impassable terrain)")]
    Unreachable {
        /// The unit.
        unit: String,
    },
    /// Beyond an aircraft's range.
    #[error(
        "{unit} is out of range: {distance_km:.0} km to the scene plus {return_km:.0} km on to the nearest fuel \
         exceed the {range_km:.0} km it can fly keeping its reserve"
    )]
    OutOfRange {
        /// The aircraft.
        unit: String,
        /// From where it is to the scene, km.
        distance_km: f64,
        /// From the scene to the nearest fuel (base or airfield), km.
        return_km: f64,
        /// Usable range (range less reserve), km.
        range_km: f64,
    },
    /// A point off the map.
    #[error("the point ({lon:.4}, {lat:.4}) is outside the map")]
    OffMap {
        /// Longitude.
        lon: f64,
        /// Latitude.
        lat: f64,
    },
    /// A path with too few points.
    #[error("a fireline needs at least two points")]
    PathTooShort,
    /// Not enough of an item in stock.
    #[error("{depot} has {have} of `{item}`, {need} asked")]
    NoStock {
        /// The depot.
        depot: String,
        /// Item key.
        item: String,
        /// In stock.
        have: f64,
        /// Asked for.
        need: f64,
    },
    /// A bad amount (not positive, not finite, or out of range).
    #[error("the {field} must be {range}")]
    BadAmount {
        /// Which amount.
        field: String,
        /// The allowed range, in words.
        range: String,
    },
    /// A shelter that is closed (for evacuation; supplies may be staged at a
    /// closed one before it opens) or already
    /// open or still occupied.
    #[error("{shelter} {why}")]
    ShelterState {
        /// The shelter.
        shelter: String,
        /// Why, in words.
        why: String,
    },
    /// The drill has no hazard of the kind the order acts on.
    #[error("there is no {what} in this drill")]
    NoSuchHazard {
        /// What is missing, in words.
        what: String,
    },
    /// The team lacks equipment the task needs (`agents::equipment`).
    #[error("{unit} has no {needs}: {why}")]
    MissingEquipment {
        /// The team.
        unit: String,
        /// The equipment's catalogue key.
        needs: String,
        /// Why the task needs it, in words.
        why: String,
    },
}
