//! [`AgentsLayerPlugin`]: the drill's people and forces on the map. Ground
//! teams as icons at their cells (a shape and colour per [`ForceGroup`]),
//! with the rest of their route while they travel or return; aircraft at
//! their positions, with a line to where they are flying; a disc above
//! each settlement's marker coloured by what its people are doing
//! ([`settlement_state`]); shelters as houses (green open, grey closed)
//! and depots as squares.
//!
//! The icons are computed as plain data ([`agent_icons`], kept in
//! [`AgentIcons`] each time the tick or the map's layout changes) and drawn
//! with egui over the map, clipped to the part right of the panel: the
//! tests check the data, the screenshot test the pixels.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use sim_core::agents::StateCounts;
use sim_core::agents::forces::{AirActivity, TeamActivity};
use sim_core::frame::{LonLat, MapFrame};
use sim_core::scenario::ForceKind;
use sim_core::{SimView, Tick};

use crate::layout::MapLayout;
use crate::map_view::{MapFitted, marker_outer_half_px};
use crate::sim_plugin::DrillSim;

/// Which icon a ground team gets: its shape and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForceGroup {
    /// Forest and grassland fire teams: an orange-red triangle.
    Fire,
    /// Flood teams: a blue diamond.
    Flood,
    /// Medical, urban, earthquake, hazmat and mine rescue teams: a green
    /// disc.
    Other,
}

impl ForceGroup {
    /// The group of a force's kind.
    pub fn of(kind: ForceKind) -> ForceGroup {
        match kind {
            ForceKind::ForestFireTeam => ForceGroup::Fire,
            ForceKind::FloodTeam => ForceGroup::Flood,
            _ => ForceGroup::Other,
        }
    }

    /// The icon's fill (and the route's colour), sRGB.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            ForceGroup::Fire => [240, 90, 20],
            ForceGroup::Flood => [30, 110, 235],
            ForceGroup::Other => [30, 170, 90],
        }
    }
}

/// What most of a settlement's people are doing, as its disc shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettlementState {
    /// Not yet warned: grey.
    Unaware,
    /// Warned but still at home (including those who decided to stay):
    /// yellow.
    Warned,
    /// On the way to a shelter: blue.
    Evacuating,
    /// Reached a shelter: green.
    Sheltered,
    /// Someone is trapped, injured or dead: red.
    Harmed,
}

impl SettlementState {
    /// Every state, in the order the legend lists them.
    pub const ALL: [SettlementState; 5] = [
        SettlementState::Unaware,
        SettlementState::Warned,
        SettlementState::Evacuating,
        SettlementState::Sheltered,
        SettlementState::Harmed,
    ];

    /// The disc's colour, sRGB.
    pub fn rgb(self) -> [u8; 3] {
        match self {
            SettlementState::Unaware => [150, 150, 150],
            SettlementState::Warned => [250, 210, 20],
            SettlementState::Evacuating => [40, 110, 240],
            SettlementState::Sheltered => [30, 170, 60],
            SettlementState::Harmed => [225, 20, 20],
        }
    }

    /// The legend's words.
    pub fn label(self) -> &'static str {
        match self {
            SettlementState::Unaware => "未获预警 unaware",
            SettlementState::Warned => "已预警 warned",
            SettlementState::Evacuating => "转移中 evacuating",
            SettlementState::Sheltered => "已安置 sheltered",
            SettlementState::Harmed => "被困/伤亡 trapped/casualties",
        }
    }
}

/// The colour rule for a settlement's disc, from its people's states:
///
/// 1. nobody lives there: no disc (`None`);
/// 2. anyone trapped, injured or dead: [`SettlementState::Harmed`] (red),
///    whatever the others do, because those people need a rescue team and
///    one red disc must not hide behind a crowd of safe neighbours;
/// 3. else the largest of four groups: unaware (grey), warned + stayed
///    (yellow), evacuating (blue), sheltered (green); a tie goes to the
///    group further along that list (further through the evacuation).
pub fn settlement_state(counts: &StateCounts) -> Option<SettlementState> {
    if counts.total() == 0 {
        return None;
    }
    if counts.trapped + counts.injured + counts.dead > 0 {
        return Some(SettlementState::Harmed);
    }
    let groups = [
        (counts.unaware, SettlementState::Unaware),
        (counts.warned + counts.stayed, SettlementState::Warned),
        (counts.evacuating, SettlementState::Evacuating),
        (counts.sheltered, SettlementState::Sheltered),
    ];
    // `max_by_key` keeps the last of equal maxima: ties go further along.
    groups.into_iter().max_by_key(|(n, _)| *n).map(|(_, state)| state)
}

/// A ground team's icon.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamIcon {
    /// Index in the view's teams.
    pub index: usize,
    /// Shape and colour.
    pub group: ForceGroup,
    /// The centre of its cell, window coordinates (y down).
    pub centre: Vec2,
    /// The rest of its route from where it is, window coordinates, while it
    /// travels or returns; empty otherwise.
    pub route: Vec<Vec2>,
    /// Whether the route is the way home.
    pub returning: bool,
}

/// An aircraft's icon, for an aircraft over the map.
#[derive(Debug, Clone, PartialEq)]
pub struct AircraftIcon {
    /// Index in the view's aircraft.
    pub index: usize,
    /// Where it is, window coordinates.
    pub centre: Vec2,
    /// Where it is flying, while in transit (may be off the map: its base).
    pub target: Option<Vec2>,
}

/// A settlement's disc, above its marker.
#[derive(Debug, Clone, PartialEq)]
pub struct SettlementIcon {
    /// Index in the view's places.
    pub index: usize,
    /// The disc's centre, window coordinates: above the place's marker
    /// (whose label runs to one side).
    pub centre: Vec2,
    /// Its colour's state.
    pub state: SettlementState,
}

/// A shelter's icon.
#[derive(Debug, Clone, PartialEq)]
pub struct ShelterIcon {
    /// Index in the view's shelters.
    pub index: usize,
    /// The centre of its cell, window coordinates.
    pub centre: Vec2,
    /// Whether it takes people.
    pub open: bool,
    /// `"name occupants/capacity"`, and `未开放 closed` when closed.
    pub label: String,
}

/// A depot's icon.
#[derive(Debug, Clone, PartialEq)]
pub struct DepotIcon {
    /// Index in the view's depots.
    pub index: usize,
    /// The centre of its cell, window coordinates.
    pub centre: Vec2,
}

/// The icons for the current tick and layout.
#[derive(Resource, Debug, Default, Clone)]
pub struct AgentIcons {
    /// Every ground team.
    pub teams: Vec<TeamIcon>,
    /// Every aircraft over the map.
    pub aircraft: Vec<AircraftIcon>,
    /// Every settlement with residents.
    pub settlements: Vec<SettlementIcon>,
    /// Every shelter.
    pub shelters: Vec<ShelterIcon>,
    /// Every depot.
    pub depots: Vec<DepotIcon>,
    /// The tick and layout they were made for.
    made_for: Option<(Tick, MapLayout)>,
}

/// Radius of a settlement's disc, logical pixels.
pub const SETTLEMENT_RADIUS_PX: f32 = 6.0;

/// Half the size of a team, shelter or depot icon, logical pixels.
pub const ICON_HALF_PX: f32 = 7.0;

/// Labels of teams, shelters and depots are drawn from this scale on:
/// at the whole-map view (about 4 px a cell) the township's depot,
/// shelter and team sit within 20 px of one another and their labels
/// would bury each other and the place names.
pub const LABEL_MIN_PX_PER_CELL: f32 = 8.0;

/// The window position of row-major cell `index`'s centre.
fn cell_px(frame: &MapFrame, layout: &MapLayout, index: u32) -> Vec2 {
    let cell = frame.cell_of_index(index as usize);
    layout.cell_centre(cell.x, cell.y)
}

/// The window position of a longitude/latitude, on the map or off it.
pub fn lon_lat_px(frame: &MapFrame, layout: &MapLayout, p: LonLat) -> Vec2 {
    let m = frame.to_map(p);
    let size = frame.cell_size_m.max(f64::MIN_POSITIVE);
    let x = m.east_m / size;
    let y = f64::from(frame.height) - m.north_m / size;
    layout.top_left + Vec2::new(x as f32, y as f32) * layout.px_per_cell
}

/// Every icon of `view` placed for `layout`.
pub fn agent_icons(view: &SimView, layout: &MapLayout) -> AgentIcons {
    let frame = view.frame;
    let now = view.tick;
    let teams = view
        .teams
        .iter()
        .enumerate()
        .map(|(index, team)| {
            let centre = cell_px(frame, layout, team.cell);
            let (journey, returning) = match &team.activity {
                TeamActivity::Travelling { journey } => (Some(journey), false),
                TeamActivity::Returning { journey } => (Some(journey), true),
                _ => (None, false),
            };
            let route = journey.map_or_else(Vec::new, |j| {
                let ahead = j.remaining(now);
                // From the team's own cell, then on along the cells ahead.
                std::iter::once(centre)
                    .chain(
                        ahead
                            .iter()
                            .filter(|c| **c != team.cell)
                            .map(|c| cell_px(frame, layout, *c)),
                    )
                    .collect()
            });
            TeamIcon {
                index,
                group: ForceGroup::of(team.kind),
                centre,
                route: if route.len() >= 2 { route } else { Vec::new() },
                returning,
            }
        })
        .collect();
    let aircraft = view
        .aircraft
        .iter()
        .enumerate()
        .filter(|(_, a)| frame.cell_at_lon_lat(a.position).is_some())
        .map(|(index, a)| AircraftIcon {
            index,
            centre: lon_lat_px(frame, layout, a.position),
            target: match a.activity {
                AirActivity::Transit { to, .. } => Some(lon_lat_px(frame, layout, to)),
                _ => None,
            },
        })
        .collect();
    let settlements = view
        .places
        .iter()
        .enumerate()
        // Dispersed groups are too small and too many for a people disc:
        // their marker's colour shows their warning.
        .filter(|(_, place)| place.parent.is_none())
        .filter_map(|(index, place)| {
            let people = view.people.get(index)?.as_ref()?;
            let state = settlement_state(&people.settlement.counts())?;
            let at = layout.cell_centre(place.cell.x, place.cell.y);
            // Above the marker: its label runs left or right of it.
            let offset = marker_outer_half_px(place.kind) + 2.0 + SETTLEMENT_RADIUS_PX;
            Some(SettlementIcon {
                index,
                centre: at - Vec2::new(0.0, offset),
                state,
            })
        })
        .collect();
    let shelters = view
        .shelters
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let mut label = format!("{} {}/{}", s.name.zh, s.occupants, s.capacity);
            if !s.open {
                label.push_str(" 未开放 closed");
            }
            ShelterIcon {
                index,
                centre: cell_px(frame, layout, s.cell),
                open: s.open,
                label,
            }
        })
        .collect();
    let depots = view
        .depots
        .iter()
        .enumerate()
        .map(|(index, d)| DepotIcon {
            index,
            centre: cell_px(frame, layout, d.cell),
        })
        .collect();
    AgentIcons {
        teams,
        aircraft,
        settlements,
        shelters,
        depots,
        made_for: Some((now, *layout)),
    }
}

/// Remakes the icons when the tick or the layout changed.
fn update_agent_icons(drill: Res<DrillSim>, layout: Res<MapLayout>, mut icons: ResMut<AgentIcons>) {
    let view = drill.sim().view();
    if icons.made_for == Some((view.tick, *layout)) {
        return;
    }
    *icons = agent_icons(&view, &layout);
}

fn colour([r, g, b]: [u8; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(r, g, b)
}

fn pos(v: Vec2) -> egui::Pos2 {
    egui::pos2(v.x, v.y)
}

/// Dark outline round every icon: readable on steppe, forest and water.
const OUTLINE: egui::Color32 = egui::Color32::from_rgb(15, 15, 20);
const OUTLINE_PX: f32 = 1.5;
/// A route's halo and line widths.
const ROUTE_HALO: egui::Color32 = egui::Color32::from_rgba_premultiplied(10, 14, 30, 190);
const ROUTE_HALO_PX: f32 = 5.0;
const ROUTE_PX: f32 = 2.5;
/// Shelter fills.
const SHELTER_OPEN: [u8; 3] = [40, 175, 75];
const SHELTER_CLOSED: [u8; 3] = [160, 160, 160];
/// Depot fill.
const DEPOT: [u8; 3] = [150, 95, 40];
/// Aircraft fill.
const AIRCRAFT: [u8; 3] = [255, 255, 255];

/// Paints a team's icon: the shape of its group, centred at `at`. The
/// panel's legend uses it too.
pub fn paint_team(painter: &egui::Painter, at: egui::Pos2, group: ForceGroup) {
    let r = ICON_HALF_PX;
    let fill = colour(group.rgb());
    let stroke = egui::Stroke::new(OUTLINE_PX, OUTLINE);
    match group {
        ForceGroup::Fire => {
            let points = vec![
                at + egui::vec2(0.0, -r - 1.0),
                at + egui::vec2(r, r * 0.8),
                at + egui::vec2(-r, r * 0.8),
            ];
            painter.add(egui::Shape::convex_polygon(points, fill, stroke));
        }
        ForceGroup::Flood => {
            let points = vec![
                at + egui::vec2(0.0, -r - 1.0),
                at + egui::vec2(r + 1.0, 0.0),
                at + egui::vec2(0.0, r + 1.0),
                at + egui::vec2(-r - 1.0, 0.0),
            ];
            painter.add(egui::Shape::convex_polygon(points, fill, stroke));
        }
        ForceGroup::Other => {
            painter.circle(at, r, fill, stroke);
        }
    }
}

/// Paints an aircraft: a white arrowhead pointing along `heading` (window
/// pixels, y down; north when zero).
pub fn paint_aircraft(painter: &egui::Painter, at: egui::Pos2, heading: egui::Vec2) {
    let dir = if heading.length() > 0.5 {
        heading.normalized()
    } else {
        egui::vec2(0.0, -1.0)
    };
    let side = egui::vec2(-dir.y, dir.x);
    let r = ICON_HALF_PX + 1.0;
    let points = vec![
        at + dir * r,
        at - dir * r * 0.7 + side * r * 0.8,
        at - dir * r * 0.3,
        at - dir * r * 0.7 - side * r * 0.8,
    ];
    // Not convex (the notch at the tail): two triangles.
    let stroke = egui::Stroke::new(OUTLINE_PX, OUTLINE);
    for tri in [[points[0], points[1], points[2]], [points[0], points[2], points[3]]] {
        painter.add(egui::Shape::convex_polygon(
            tri.to_vec(),
            colour(AIRCRAFT),
            egui::Stroke::NONE,
        ));
    }
    // Their feathered shared edge would leave a seam: cover it.
    painter.line_segment([points[0], points[2]], egui::Stroke::new(1.5, colour(AIRCRAFT)));
    painter.add(egui::Shape::closed_line(points, stroke));
}

/// Paints a shelter: a house, green when open, grey when closed.
pub fn paint_shelter(painter: &egui::Painter, at: egui::Pos2, open: bool) {
    let r = ICON_HALF_PX;
    let fill = colour(if open { SHELTER_OPEN } else { SHELTER_CLOSED });
    let points = vec![
        at + egui::vec2(0.0, -r - 1.0),
        at + egui::vec2(r, -r * 0.1),
        at + egui::vec2(r * 0.75, -r * 0.1),
        at + egui::vec2(r * 0.75, r),
        at + egui::vec2(-r * 0.75, r),
        at + egui::vec2(-r * 0.75, -r * 0.1),
        at + egui::vec2(-r, -r * 0.1),
    ];
    // The outline is not convex at the eaves: fill body and roof apart.
    let body = egui::Rect::from_min_max(at + egui::vec2(-r * 0.75, -r * 0.1), at + egui::vec2(r * 0.75, r));
    painter.rect_filled(body, 0.0, fill);
    // The roof reaches a pixel into the body: egui feathers both shapes'
    // edges, and meeting edge to edge they would leave a seam of ground.
    let skirt = -r * 0.1 + 1.0;
    painter.add(egui::Shape::convex_polygon(
        vec![
            points[0],
            points[1],
            at + egui::vec2(r * 0.75, skirt),
            at + egui::vec2(-r * 0.75, skirt),
            points[6],
        ],
        fill,
        egui::Stroke::NONE,
    ));
    painter.add(egui::Shape::closed_line(points, egui::Stroke::new(OUTLINE_PX, OUTLINE)));
}

/// Paints a depot: a brown square.
pub fn paint_depot(painter: &egui::Painter, at: egui::Pos2) {
    let rect = egui::Rect::from_center_size(at, egui::Vec2::splat(ICON_HALF_PX * 1.7));
    painter.rect_filled(rect, 1.0, colour(DEPOT));
    painter.rect_stroke(
        rect,
        1.0,
        egui::Stroke::new(OUTLINE_PX, OUTLINE),
        egui::StrokeKind::Middle,
    );
}

/// Paints a settlement's disc in its state's colour.
pub fn paint_settlement(painter: &egui::Painter, at: egui::Pos2, state: SettlementState) {
    painter.circle(
        at,
        SETTLEMENT_RADIUS_PX,
        colour(state.rgb()),
        egui::Stroke::new(OUTLINE_PX, OUTLINE),
    );
}

/// A small label on a dark plate above an icon (place labels run to the
/// side of their markers, settlements' discs sit above those).
fn paint_label(painter: &egui::Painter, at: egui::Pos2, text: String) {
    let galley = painter.layout_no_wrap(text, egui::FontId::proportional(12.0), egui::Color32::WHITE);
    let size = galley.size();
    let pos = at + egui::vec2(-size.x / 2.0, -ICON_HALF_PX - 3.0 - size.y);
    let plate = egui::Rect::from_min_size(pos, size).expand2(egui::vec2(3.0, 1.0));
    painter.rect_filled(plate, 3.0, egui::Color32::from_black_alpha(160));
    painter.galley(pos, galley, egui::Color32::WHITE);
}

/// Draws routes, then depots, shelters, settlements' discs, teams and
/// aircraft on egui's background layer (under the place labels), and the
/// labels of teams, shelters and depots on the middle layer once zoomed in.
fn draw_agents(
    mut contexts: EguiContexts,
    drill: Res<DrillSim>,
    icons: Res<AgentIcons>,
    layout: Res<MapLayout>,
) -> Result {
    if layout.px_per_cell <= 0.0 || layout.view.is_empty() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let view = layout.view;
    let clip = egui::Rect::from_min_max(pos(view.min), pos(view.max));
    let painter = ctx
        .layer_painter(egui::LayerId::new(egui::Order::Background, egui::Id::new("agents")))
        .with_clip_rect(clip);
    let visible = layout.visible_map().inflate(ICON_HALF_PX * 2.0);

    for team in icons.teams.iter().filter(|t| t.route.len() >= 2) {
        let points: Vec<egui::Pos2> = team.route.iter().copied().map(pos).collect();
        let line = if team.returning {
            egui::Color32::from_rgb(225, 225, 225)
        } else {
            colour(team.group.rgb())
        };
        painter.add(egui::Shape::line(
            points.clone(),
            egui::Stroke::new(ROUTE_HALO_PX, ROUTE_HALO),
        ));
        painter.add(egui::Shape::line(points, egui::Stroke::new(ROUTE_PX, line)));
        // The destination: a small ring.
        if let Some(end) = team.route.last() {
            painter.circle_stroke(pos(*end), 4.0, egui::Stroke::new(2.0, line));
        }
    }
    for a in &icons.aircraft {
        if let Some(to) = a.target {
            painter.add(egui::Shape::dashed_line(
                &[pos(a.centre), pos(to)],
                egui::Stroke::new(2.0, egui::Color32::WHITE),
                6.0,
                4.0,
            ));
        }
    }
    for d in icons.depots.iter().filter(|d| visible.contains(d.centre)) {
        paint_depot(&painter, pos(d.centre));
    }
    for s in icons.shelters.iter().filter(|s| visible.contains(s.centre)) {
        paint_shelter(&painter, pos(s.centre), s.open);
    }
    for s in icons.settlements.iter().filter(|s| visible.contains(s.centre)) {
        paint_settlement(&painter, pos(s.centre), s.state);
    }
    for t in icons.teams.iter().filter(|t| visible.contains(t.centre)) {
        paint_team(&painter, pos(t.centre), t.group);
    }
    for a in icons.aircraft.iter().filter(|a| visible.contains(a.centre)) {
        let heading = a.target.map_or(Vec2::ZERO, |to| to - a.centre);
        paint_aircraft(&painter, pos(a.centre), egui::vec2(heading.x, heading.y));
    }

    if layout.px_per_cell < LABEL_MIN_PX_PER_CELL {
        return Ok(());
    }
    let labels = ctx
        .layer_painter(egui::LayerId::new(egui::Order::Middle, egui::Id::new("agent-labels")))
        .with_clip_rect(clip);
    let view = drill.sim().view();
    for s in icons.shelters.iter().filter(|s| visible.contains(s.centre)) {
        paint_label(&labels, pos(s.centre), s.label.clone());
    }
    for d in icons.depots.iter().filter(|d| visible.contains(d.centre)) {
        if let Some(depot) = view.depots.get(d.index) {
            paint_label(&labels, pos(d.centre), depot.name.zh.clone());
        }
    }
    for t in icons.teams.iter().filter(|t| visible.contains(t.centre)) {
        if let Some(team) = view.teams.get(t.index) {
            paint_label(&labels, pos(t.centre), team.name.zh.clone());
        }
    }
    for a in icons.aircraft.iter().filter(|a| visible.contains(a.centre)) {
        if let Some(craft) = view.aircraft.get(a.index) {
            paint_label(&labels, pos(a.centre), craft.name.zh.clone());
        }
    }
    Ok(())
}

/// Computes [`AgentIcons`] after the map is fitted and draws them with
/// egui. The drawing needs `EguiPlugin`; the icons only
/// [`crate::SimPlugin`] and a [`MapLayout`].
#[derive(Debug, Default)]
pub struct AgentsLayerPlugin;

impl Plugin for AgentsLayerPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<MapLayout>()
            .init_resource::<AgentIcons>()
            .add_systems(Update, update_agent_icons.after(MapFitted))
            .add_systems(EguiPrimaryContextPass, draw_agents);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn force_kinds_fall_into_three_icon_groups() {
        assert_eq!(ForceGroup::of(ForceKind::ForestFireTeam), ForceGroup::Fire);
        assert_eq!(ForceGroup::of(ForceKind::FloodTeam), ForceGroup::Flood);
        assert_eq!(ForceGroup::of(ForceKind::MedicalTeam), ForceGroup::Other);
        assert_eq!(ForceGroup::of(ForceKind::UrbanTeam), ForceGroup::Other);
    }
}
