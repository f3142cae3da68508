//! The scenario file format, version 1, exactly as written in RON.
//!
//! Stable string keys (`"place:xinbaerhu"`) name everything a file refers to;
//! each kind of thing has its own prefix so that a reference says what it
//! points at. Unknown fields are errors (the loader rejects them).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::agents::aircraft::AircraftType;
use crate::forcing::WeatherRow;
use crate::frame::LonLat;
use crate::terrain::{AscGeoref, LandCover, LandCoverRule, ProceduralTerrainParams};

/// Text in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Bilingual {
    /// Chinese (简体中文).
    pub zh: String,
    /// English.
    pub en: String,
}

/// A scenario file as written, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioFile {
    /// Format version: 1.
    pub version: u32,
    /// Stable id, lowercase letters, digits and `-`.
    pub id: String,
    /// Title.
    pub title: Bilingual,
    /// What the drill is about, for the trainer and the report.
    pub description: Bilingual,
    /// The run's raster.
    pub map: MapSpec,
    /// Where elevation comes from.
    pub terrain: TerrainSource,
    /// Where land cover comes from.
    pub land_cover: LandCoverSource,
    /// Settlements with their people.
    pub places: Vec<PlaceSpec>,
    /// People living dispersed over the map rather than in a settlement
    /// (herding households and camps); none when absent. Each populated map
    /// cell becomes a people group of the nearest place.
    #[serde(default)]
    pub population_cells: Option<PopulationCellsSpec>,
    /// Roads, depots, airfields, water points, shelters.
    pub infrastructure: Infrastructure,
    /// Teams, aircraft and other forces available at the start.
    #[serde(default)]
    pub forces: Vec<ForceSpec>,
    /// Hazards present or scheduled at the start.
    #[serde(default)]
    pub hazards: Vec<HazardSpec>,
    /// The weather schedule.
    pub weather: WeatherSpec,
    /// How fire behaves here: models, fuels, live moisture, spotting.
    #[serde(default)]
    pub fire: FireSpec,
    /// Flooding: solver, inflows, rain, edges, gauges. No flood when absent.
    #[serde(default)]
    pub flood: Option<crate::scenario::FloodSpec>,
    /// Money at stake, for the plan's indicator 6 (direct loss as a share
    /// of regional GDP); without it that task is not applicable.
    #[serde(default)]
    pub economy: Option<EconomySpec>,
    /// The master scenario events list.
    #[serde(default)]
    pub injects: Vec<InjectSpec>,
    /// Length of the drill, hours.
    pub duration_h: f64,
    /// Id of the standards file the drill is scored against.
    pub standards: String,
}

/// The run's raster in the file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapSpec {
    /// Columns.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Side of a square cell, metres.
    pub cell_size_m: f64,
    /// Longitude/latitude of the south-west corner.
    pub south_west: LonLat,
}

/// Where elevation comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TerrainSource {
    /// A seeded synthetic landscape.
    Procedural(ProceduralTerrainParams),
    /// An ESRI ASCII grid, resampled bilinearly to the map's cells.
    Asc {
        /// Path relative to the scenario file (the caller resolves it).
        file: String,
        /// How the grid's coordinates relate to the map.
        georef: AscGeoref,
    },
}

/// Where land cover comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LandCoverSource {
    /// One class everywhere (river cells of procedural terrain become water).
    Uniform(LandCover),
    /// The first matching rule per cell, else `default`; procedural river
    /// cells become water.
    Rules {
        /// Rules, first match wins.
        rules: Vec<LandCoverRule>,
        /// Class where no rule matches.
        default: LandCover,
    },
}

/// Kind of settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PlaceKind {
    /// League or prefecture-level city.
    City,
    /// Banner or county seat, or a town (镇/苏木).
    Town,
    /// Village (村) or gacha (嘎查).
    Village,
    /// Herders' seasonal camp.
    Camp,
}

/// A settlement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceSpec {
    /// `place:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Kind.
    pub kind: PlaceKind,
    /// Location.
    pub at: LonLat,
    /// Resident population.
    pub population: u32,
    /// Share of the population needing help to move (elderly, children,
    /// disabled), 0–1.
    #[serde(default)]
    pub vulnerable_share: f64,
}

/// People living dispersed over the map, per map cell.
///
/// In the pastoral sums of Inner Mongolia most herding households live on
/// their own pastures, kilometres from the gacha centre, in houses or
/// seasonal camps: a settlement point cannot stand for them when a fire or a
/// flood crosses the grassland. Both sources may be given; their people add
/// up per map cell. Each populated map cell becomes one people group attached
/// to the nearest place of `places` (its gacha, village or town: the unit
/// that warns and evacuates it), so an order naming that place reaches it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PopulationCellsSpec {
    /// People at points: each goes to the map cell containing its point.
    #[serde(default)]
    pub cells: Vec<PopulationCellSpec>,
    /// ESRI ASCII grids of people per grid cell (a census or WorldPop-style
    /// raster): each grid cell's count goes, whole, to the map cell containing
    /// the grid cell's centre, so the total is kept (counts are rounded to
    /// whole people per map cell by largest remainders). NODATA cells are
    /// empty.
    #[serde(default)]
    pub grids: Vec<PopulationGridSpec>,
}

/// People living at one point outside the settlements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationCellSpec {
    /// Where.
    pub at: LonLat,
    /// People, at least 1.
    pub people: u32,
    /// Share needing help to move, 0–1.
    #[serde(default)]
    pub vulnerable_share: f64,
}

/// A grid of people per cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PopulationGridSpec {
    /// Path of the `.asc` file relative to the scenario (the caller resolves it).
    pub file: String,
    /// How the grid's coordinates relate to the map.
    pub georef: AscGeoref,
    /// Share of its people needing help to move, 0–1.
    #[serde(default)]
    pub vulnerable_share: f64,
}

/// Fixed infrastructure.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Infrastructure {
    /// Road graph nodes.
    #[serde(default)]
    pub road_nodes: Vec<RoadNodeSpec>,
    /// Road graph links.
    #[serde(default)]
    pub roads: Vec<RoadSpec>,
    /// Supply depots of the four-tier reserve.
    #[serde(default)]
    pub depots: Vec<DepotSpec>,
    /// Aviation stations, airports and landing points.
    #[serde(default)]
    pub airfields: Vec<AirfieldSpec>,
    /// Water intake points for helicopters and engines.
    #[serde(default)]
    pub water_points: Vec<WaterPointSpec>,
    /// Emergency shelters.
    #[serde(default)]
    pub shelters: Vec<ShelterSpec>,
    /// The state border with Mongolia or Russia, if the map reaches it: a
    /// line of points. Fires crossing it are reported (境外火).
    #[serde(default)]
    pub border: Vec<LonLat>,
}

/// A road graph node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadNodeSpec {
    /// `node:…`
    pub id: String,
    /// Location.
    pub at: LonLat,
}

/// Road class, which sets speed and width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RoadClass {
    /// National expressway (G-number, 高速).
    Expressway,
    /// National or provincial trunk road.
    Trunk,
    /// County road.
    County,
    /// Earth or gravel track across steppe or forest.
    Track,
}

/// A road link between two nodes, optionally through intermediate points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadSpec {
    /// `road:…`
    pub id: String,
    /// `node:…` at one end.
    pub from: String,
    /// `node:…` at the other end.
    pub to: String,
    /// Class.
    pub class: RoadClass,
    /// Intermediate points along the road.
    #[serde(default)]
    pub via: Vec<LonLat>,
}

/// Tier of the four-tier reserve (专栏9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DepotTier {
    /// 自治区 region.
    Region,
    /// 盟市 league or city.
    League,
    /// 旗县 banner or county.
    County,
    /// 苏木乡镇 sumu or township.
    Township,
}

/// A depot of equipment and relief supplies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepotSpec {
    /// `depot:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Tier.
    pub tier: DepotTier,
    /// Location.
    pub at: LonLat,
    /// Stock by item key (`"tent"`, `"water_t"`, `"food_ration"`, …).
    #[serde(default)]
    pub stocks: BTreeMap<String, f64>,
}

/// Kind of airfield.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AirfieldKind {
    /// Aviation emergency rescue station (航空应急救援站).
    AviationStation,
    /// Airport.
    Airport,
    /// Temporary landing point (临时起降点).
    LandingPoint,
}

/// An airfield.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AirfieldSpec {
    /// `airfield:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Kind.
    pub kind: AirfieldKind,
    /// Location.
    pub at: LonLat,
}

/// A water intake point (取水点).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaterPointSpec {
    /// `water:…`
    pub id: String,
    /// Location.
    pub at: LonLat,
    /// Usable volume, m³.
    pub capacity_m3: f64,
}

/// An emergency shelter (应急避难场所).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShelterSpec {
    /// `shelter:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Location.
    pub at: LonLat,
    /// People it can hold.
    pub capacity: u32,
    /// Whether it is heated and stocked for winter.
    #[serde(default)]
    pub winterized: bool,
    /// Whether it is open when the drill starts (else it must be opened
    /// by an order).
    #[serde(default)]
    pub open: bool,
    /// Relief stocks held on site, by item key as in depots.
    #[serde(default)]
    pub stocks: BTreeMap<String, f64>,
}

/// Kind of force, after the plan's team types (专栏5, 专栏6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ForceKind {
    /// Forest and grassland fire team.
    ForestFireTeam,
    /// Flood and drought team.
    FloodTeam,
    /// Earthquake and geological team.
    EarthquakeTeam,
    /// Hazardous chemicals team.
    HazmatTeam,
    /// Mine rescue team.
    MineRescueTeam,
    /// Urban safety team.
    UrbanTeam,
    /// Vehicle-borne emergency medical team.
    MedicalTeam,
    /// Fire-fighting or rescue helicopter.
    Helicopter,
    /// Fixed-wing aircraft.
    FixedWing,
    /// UAV reconnaissance system.
    Uav,
}

/// A force available at the start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForceSpec {
    /// `team:…` or `aircraft:…`
    pub id: String,
    /// Name.
    pub name: Bilingual,
    /// Kind.
    pub kind: ForceKind,
    /// Id of its home base: a place, depot or airfield.
    pub base: String,
    /// People.
    pub personnel: u32,
    /// On standby (professional teams, aircraft on pre-approved standby)
    /// or on call; sets the mobilisation delay.
    #[serde(default)]
    pub readiness: Readiness,
    /// The aircraft type, for helicopters, fixed wing and UAVs.
    #[serde(default)]
    pub airframe: Option<AircraftType>,
    /// A ground team's equipment by catalogue key (`agents::equipment`):
    /// each key given replaces the kind's default count, the others keep
    /// it (`{"rescue_boat": 0}`: a flood team without boats).
    #[serde(default)]
    pub equipment: BTreeMap<String, u32>,
}

/// How fast a force can leave once ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub enum Readiness {
    /// On standby: professional teams, aircraft with a pre-approved plan.
    #[default]
    Standby,
    /// On call: volunteer or militia teams, aircraft without standby.
    OnCall,
}

/// A hazard in the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum HazardSpec {
    /// A fire starts at a point.
    Ignition {
        /// `hazard:…`
        id: String,
        /// Where.
        at: LonLat,
        /// Minutes after the drill starts.
        at_min: u64,
    },
}

/// The weather schedule in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeatherSpec {
    /// Station elevation, metres; defaults to the map's mean elevation.
    #[serde(default)]
    pub station_elevation_m: Option<f64>,
    /// Hourly (or any increasing) rows.
    pub rows: Vec<WeatherRow>,
}

/// One entry of the master scenario events list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InjectSpec {
    /// `inject:…`
    pub id: String,
    /// Minutes after the drill starts.
    pub at_min: u64,
    /// What happens.
    pub kind: InjectKind,
    /// What the trainees are told.
    pub message: Bilingual,
    /// What the players are expected to do in answer (the MSEL's "expected
    /// player action"), scored on time, late or missed.
    #[serde(default)]
    pub expected: Vec<ExpectedActionSpec>,
}

/// An action the players are expected to take after an inject: an order of
/// a kind, optionally naming a target, within a time window.
///
/// HSEEP's MSEL carries an "expected player action" per inject; OpenAEV gives
/// each expectation points (evaluation.md §0, §1.1). Scored by
/// `sim_core::evaluation`: an accepted order of that kind (naming `target`,
/// if given) within `within_min` of the inject earns `points`; within
/// `late_within_min` it earns `late_share` of them; otherwise nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectedActionSpec {
    /// What is expected, for the report.
    pub name: Bilingual,
    /// Kind of order.
    pub order: ExpectedOrderKind,
    /// An id the order must name (`place:…`, `team:…`, `aircraft:…`,
    /// `shelter:…`, `depot:…`, `dike:…`, `reservoir:…`); any when absent.
    #[serde(default)]
    pub target: Option<String>,
    /// For `SetResponseLevel`: the lowest level that counts (the level the
    /// plan's trigger calls for; a higher level also counts).
    #[serde(default)]
    pub min_level: Option<crate::ResponseLevel>,
    /// Minutes after the inject by which the order counts as on time.
    pub within_min: u64,
    /// Minutes after the inject by which it still counts, as late; none
    /// means a late order earns nothing.
    #[serde(default)]
    pub late_within_min: Option<u64>,
    /// Points for an on-time order.
    pub points: f64,
    /// Share of the points a late order earns, 0–1.
    #[serde(default = "default_late_share")]
    pub late_share: f64,
    /// Whether missing it is a critical failure (caps the grade).
    #[serde(default)]
    pub critical: bool,
}

impl ExpectedActionSpec {
    /// Whether `order` is the expected action: its kind, its target, and
    /// for a response level at least `min_level` (Ⅳ lowest, Ⅰ highest).
    pub fn matches(&self, order: &crate::Order) -> bool {
        let level_ok = match (order, self.min_level) {
            (crate::Order::SetResponseLevel { level }, Some(min)) => *level >= min,
            _ => true,
        };
        level_ok && self.order.matches(order, self.target.as_deref())
    }
}

fn default_late_share() -> f64 {
    0.5
}

/// The kinds of [`crate::Order`], for expected actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ExpectedOrderKind {
    /// `SetResponseLevel`.
    SetResponseLevel,
    /// `IssueWarning`.
    IssueWarning,
    /// `HoldConsultation`.
    HoldConsultation,
    /// `Dispatch`.
    Dispatch,
    /// `Recall`.
    Recall,
    /// `OrderEvacuation`.
    OrderEvacuation,
    /// `OpenShelter`.
    OpenShelter,
    /// `CloseShelter`.
    CloseShelter,
    /// `MoveSupplies`.
    MoveSupplies,
    /// `RequestSupport`.
    RequestSupport,
    /// `RegulateReservoir`.
    RegulateReservoir,
    /// `OpenDiversion`.
    OpenDiversion,
    /// `BlastIceJam`.
    BlastIceJam,
}

impl ExpectedOrderKind {
    /// The kind of an order.
    pub fn of(order: &crate::Order) -> ExpectedOrderKind {
        use crate::Order as O;
        match order {
            O::SetResponseLevel { .. } => ExpectedOrderKind::SetResponseLevel,
            O::IssueWarning { .. } => ExpectedOrderKind::IssueWarning,
            O::HoldConsultation { .. } => ExpectedOrderKind::HoldConsultation,
            O::Dispatch { .. } => ExpectedOrderKind::Dispatch,
            O::Recall { .. } => ExpectedOrderKind::Recall,
            O::OrderEvacuation { .. } => ExpectedOrderKind::OrderEvacuation,
            O::OpenShelter { .. } => ExpectedOrderKind::OpenShelter,
            O::CloseShelter { .. } => ExpectedOrderKind::CloseShelter,
            O::MoveSupplies { .. } => ExpectedOrderKind::MoveSupplies,
            O::RequestSupport { .. } => ExpectedOrderKind::RequestSupport,
            O::RegulateReservoir { .. } => ExpectedOrderKind::RegulateReservoir,
            O::OpenDiversion { .. } => ExpectedOrderKind::OpenDiversion,
            O::BlastIceJam { .. } => ExpectedOrderKind::BlastIceJam,
        }
    }

    /// Whether `order` is of this kind and names `target` (any target when
    /// `None`). See [`ExpectedActionSpec::matches`] for the level.
    pub fn matches(self, order: &crate::Order, target: Option<&str>) -> bool {
        use crate::Order as O;
        if ExpectedOrderKind::of(order) != self {
            return false;
        }
        let Some(target) = target else {
            return true;
        };
        match order {
            O::IssueWarning { places, .. } => places.iter().any(|p| p == target),
            O::OrderEvacuation { places, shelter } => shelter == target || places.iter().any(|p| p == target),
            O::Dispatch { unit, task } => unit == target || task_target(task) == Some(target),
            O::Recall { unit } => unit == target,
            O::OpenShelter { shelter } | O::CloseShelter { shelter } => shelter == target,
            O::MoveSupplies { from, to, .. } => from == target || to == target,
            O::RegulateReservoir { reservoir, .. } => reservoir == target,
            O::OpenDiversion { dike } => dike == target,
            O::SetResponseLevel { .. }
            | O::HoldConsultation { .. }
            | O::RequestSupport { .. }
            | O::BlastIceJam { .. } => false,
        }
    }
}

/// The id a task names, if any.
fn task_target(task: &crate::Task) -> Option<&str> {
    match task {
        crate::Task::Sandbag { dike } => Some(dike),
        crate::Task::Rescue { place } => Some(place),
        _ => None,
    }
}

/// What an inject does to the simulation besides delivering its message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum InjectKind {
    /// Only a message (a report, a phone call, a media query).
    Message,
    /// The wind changes and stays so.
    WindShift {
        /// New wind speed at 10 m, m/s.
        wind_speed_m_s: f64,
        /// New direction the wind blows from, degrees.
        wind_from_deg: f64,
    },
    /// Public mobile networks fail for a while (cell broadcast and SMS warnings
    /// do not get through).
    CommsOutage {
        /// Minutes until restored.
        duration_min: u64,
    },
    /// A fireline (or firebreak) is finished along a path: its cells stop
    /// the front unless the flame is longer than `holds_flame_m`.
    Fireline {
        /// Points along the line.
        path: Vec<LonLat>,
        /// Longest flame it stops, m (≈1.2 hand line, 2.4 machine line).
        holds_flame_m: f64,
    },
    /// Crews light a backfire along a path (burning out fuel ahead of the head).
    Backburn {
        /// Points along the line lit.
        path: Vec<LonLat>,
    },
    /// Crews mop up burned ground in a circle: it throws no more embers.
    MopUp {
        /// Centre.
        at: LonLat,
        /// Radius, m.
        radius_m: f64,
    },
    /// Water or retardant wets a circle: no burning there for a while.
    WaterDrop {
        /// Centre.
        at: LonLat,
        /// Radius, m.
        radius_m: f64,
        /// Minutes it stays too wet to burn.
        duration_min: u64,
    },
}

/// Which model gives the head-fire rate in grass (Grassland and Cropland cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrassModelSpec {
    /// CSIRO grassland (Cheney et al. 1998) for this pasture condition:
    /// `Natural`, `Grazed` or `EatenOut`. The recommended default for the
    /// steppe (fire.md §2.4).
    Csiro(crate::hazards::fire::Pasture),
    /// McArthur Mk5 grassland meter (Noble et al. 1980).
    McArthurMk5,
    /// Rothermel with the Scott & Burgan fuel model of the cell's land cover.
    Rothermel,
}

/// Season of the drill: sets grass curing and live fuel moisture unless the
/// scenario gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Season {
    /// April–May: last year's grass fully cured, new growth not yet up.
    Spring,
    /// June–August: green grass and shrubs.
    Summer,
    /// September–October: grass cured again. The main fire season with spring.
    #[default]
    Autumn,
    /// November–March: dormant, often snow-covered.
    Winter,
}

impl Season {
    /// `(curing %, live herbaceous %, live woody %)` for the season.
    ///
    /// Spring and autumn: fully cured grass, live herb at or below 30 % so
    /// all herb load counts as dead (fire.md §1.3 "Seasons"); woody 90 %.
    /// Summer: curing 50 % and herb 90 %, where fire.md's GR2 curing table
    /// shows spread collapsing (22.5 → 7.0 m/min); woody 150 % (flushing
    /// foliage). Winter: dormant and cured, woody 70 %. Starting values to
    /// calibrate with regional data, like the fuel-model mapping.
    pub fn fuel_state(self) -> (f64, f64, f64) {
        match self {
            Season::Spring | Season::Autumn => (100.0, 30.0, 90.0),
            Season::Summer => (50.0, 90.0, 150.0),
            Season::Winter => (100.0, 30.0, 70.0),
        }
    }
}

/// Fire settings of a scenario. Every field has a default, so a scenario
/// without fire needs no `fire` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FireSpec {
    /// Model for grass cells.
    pub grass_model: GrassModelSpec,
    /// Scott & Burgan / Anderson fuel model code per burnable land cover
    /// (used by Rothermel cells). Water, Built and Bare never burn.
    pub fuel_models: BTreeMap<LandCover, String>,
    /// The season, which sets the three values below unless they are given.
    pub season: Season,
    /// Grass curing, % (CSIRO, McArthur).
    pub curing_pct: Option<f64>,
    /// Live herbaceous fuel moisture, % (Rothermel; ≤ 30 means fully cured).
    pub live_herb_moisture_pct: Option<f64>,
    /// Live woody fuel moisture, %.
    pub live_woody_moisture_pct: Option<f64>,
    /// Rothermel's wind limit (off by default, per Andrews et al. 2013).
    pub wind_limit: bool,
    /// Whether burning cells throw embers.
    pub spotting: bool,
    /// Chance, %, that a cell burning above 2 000 kW/m throws an ember
    /// (ELMFIRE's `SURFACE_FIRE_SPOTTING_PERCENT`; 1 % in its sample).
    pub surface_spotting_pct: f64,
}

impl FireSpec {
    /// Grass curing in force, %.
    pub fn curing_pct(&self) -> f64 {
        self.curing_pct.unwrap_or(self.season.fuel_state().0)
    }

    /// Live herbaceous moisture in force, %.
    pub fn live_herb_moisture_pct(&self) -> f64 {
        self.live_herb_moisture_pct.unwrap_or(self.season.fuel_state().1)
    }

    /// Live woody moisture in force, %.
    pub fn live_woody_moisture_pct(&self) -> f64 {
        self.live_woody_moisture_pct.unwrap_or(self.season.fuel_state().2)
    }
}

impl Default for FireSpec {
    /// The fire.md §1.3 mapping for Inner Mongolia (starting points, not
    /// calibrated regional models) in autumn.
    fn default() -> FireSpec {
        let fuel_models = [
            (LandCover::Grassland, "GR2"),
            (LandCover::Cropland, "GR1"),
            (LandCover::Shrubland, "SH2"),
            (LandCover::ConiferForest, "TU1"),
            (LandCover::BroadleafForest, "TL2"),
            (LandCover::Wetland, "GR3"),
        ]
        .into_iter()
        .map(|(class, code)| (class, code.to_owned()))
        .collect();
        FireSpec {
            grass_model: GrassModelSpec::Csiro(crate::hazards::fire::Pasture::Natural),
            fuel_models,
            season: Season::Autumn,
            curing_pct: None,
            live_herb_moisture_pct: None,
            live_woody_moisture_pct: None,
            wind_limit: false,
            spotting: true,
            surface_spotting_pct: 1.0,
        }
    }
}

/// What the drill's region is worth, for indicator 6 of the plan (direct
/// economic loss from disasters as a share of regional GDP, ≤ 0.7 %).
/// Planning values the scenario author states (statistical yearbooks,
/// loss assessments); the engine does not invent them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EconomySpec {
    /// GDP of the region the scenario covers, yuan per year.
    pub regional_gdp_yuan: f64,
    /// Direct loss per hectare burned (grass, timber, fences, livestock
    /// feed), yuan.
    pub loss_yuan_per_burned_ha: f64,
    /// Direct loss per km² flooded deeper than 0.1 m at its worst (crops,
    /// buildings, roads), yuan.
    pub loss_yuan_per_flooded_km2: f64,
}
