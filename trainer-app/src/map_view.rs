//! [`MapViewPlugin`]: the shared map. The terrain (with its roads) as one
//! texture, places and ignitions as markers at their cells, place names as
//! labels, all fitted into the window right of the controls panel and
//! magnified by the trainer's zoom (`map_input`). The fire and the flood
//! are layers of their own (`fire_layer`, `flood_layer`), fitted here with
//! the terrain.

use bevy::asset::RenderAssetUsages;
use bevy::image::ImageSampler;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use sim_core::frame::Cell;
use sim_core::scenario::PlaceKind;
use sim_core::{Event, WarningLevel};

use crate::layout::{MapLayout, MapZoom, SidePanelWidth};
use crate::map_input::pan_and_zoom;
use crate::sim_plugin::{DrillSim, EventFeed, SimSet};

/// Draws the map: spawns the 2D camera, the terrain sprite and markers, and
/// keeps them fitted to the window.
#[derive(Debug, Default)]
pub struct MapViewPlugin;

impl Plugin for MapViewPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<SidePanelWidth>()
            .init_resource::<MapLayout>()
            .init_resource::<MapZoom>()
            .insert_resource(ClearColor(Color::srgb(0.11, 0.12, 0.14)))
            .add_systems(Startup, spawn_map)
            .add_systems(
                Update,
                (spawn_ignition_markers, update_place_markers).in_set(SimSet::SyncView),
            )
            .add_systems(
                Update,
                (pan_and_zoom, fit_map)
                    .chain()
                    .in_set(MapFitted)
                    .after(SimSet::SyncView),
            )
            .add_systems(EguiPrimaryContextPass, draw_labels);
    }
}

/// The systems that set [`MapLayout`] for the frame (after the sim's view
/// is synced): whatever draws at window positions runs after them.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MapFitted;

/// A sprite covering the whole map (the terrain, the fire layer), stretched
/// to the map's size and centred on it at height `z`.
#[derive(Component, Debug, Clone, Copy)]
pub struct MapLayer {
    /// Height: the terrain is 0, markers start at 1.
    pub z: f32,
}

/// Spawns a transparent RGBA overlay the size of the grid as a [`MapLayer`]
/// at height `z` (the fire and flood layers), and returns its image to
/// repaint in place.
pub fn spawn_overlay(
    commands: &mut Commands,
    images: &mut Assets<Image>,
    width: u32,
    height: u32,
    z: f32,
) -> Handle<Image> {
    let mut image = Image::new(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        vec![0; width as usize * height as usize * 4],
        TextureFormat::Rgba8UnormSrgb,
        // Kept in the main world too: it is repainted in place.
        RenderAssetUsages::default(),
    );
    image.sampler = ImageSampler::nearest();
    let handle = images.add(image);
    commands.spawn((
        Sprite::from_image(handle.clone()),
        Transform::from_xyz(0.0, 0.0, z),
        MapLayer { z },
    ));
    handle
}

/// Whether an overlay painted at `painted` should be repainted for `now`:
/// when the tick changed, but at most every `min_frames` frames (a tick
/// skipped that way is painted a few frames later, so the layer always ends
/// on the sim's state).
pub fn overlay_repaint_due(
    painted: Option<sim_core::Tick>,
    now: sim_core::Tick,
    frames_since: u32,
    min_frames: u32,
) -> bool {
    painted != Some(now) && (painted.is_none() || frames_since >= min_frames)
}

/// Something drawn at a grid cell, at a fixed size in logical pixels.
#[derive(Component, Debug, Clone, Copy)]
pub struct AtCell {
    /// The cell it sits on.
    pub cell: Cell,
    /// Height: markers start at 1.
    pub z: f32,
}

/// Part of a place's marker, for the place at `index` in the view.
#[derive(Component, Debug, Clone, Copy)]
struct PlaceMarker {
    index: usize,
    part: MarkerPart,
}

/// The layers of a place's marker, bottom up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkerPart {
    /// A blue ring outside the fire ring, shown once water has flooded the
    /// place.
    FloodRing,
    /// A red ring, shown once fire has reached the place.
    FireRing,
    /// A dark frame: readable on any land cover.
    Frame,
    /// The inner square: its colour shows the warning.
    Fill,
}

/// Marker sizes in logical pixels.
const CITY_PX: f32 = 16.0;
const TOWN_PX: f32 = 13.0;
const VILLAGE_PX: f32 = 10.0;
const CAMP_PX: f32 = 8.0;
const IGNITION_PX: f32 = 9.0;
/// Width of the red ring round a place the fire has reached.
const FIRE_RING_PX: f32 = 4.0;

/// Colour of the ring round a place the fire has reached.
const FIRE_RING: Color = Color::srgb(0.93, 0.1, 0.04);
/// Width of the blue ring round a flooded place (outside the fire ring).
const FLOOD_RING_PX: f32 = 3.0;
/// Colour of the ring round a flooded place.
const FLOOD_RING: Color = Color::srgb(0.1, 0.45, 1.0);

/// Road cells on the terrain texture: this grey, mixed in by this much.
const ROAD_RGB: [u8; 3] = [112, 110, 106];
const ROAD_MIX: f32 = 0.7;

/// Colour of a place's marker: white until warned, then the warning colour.
fn warning_colour(level: Option<WarningLevel>) -> Color {
    match level {
        None => Color::srgb(0.97, 0.97, 0.97),
        Some(WarningLevel::Blue) => Color::srgb(0.16, 0.42, 0.95),
        Some(WarningLevel::Yellow) => Color::srgb(1.0, 0.86, 0.1),
        Some(WarningLevel::Orange) => Color::srgb(1.0, 0.55, 0.0),
        Some(WarningLevel::Red) => Color::srgb(0.9, 0.08, 0.08),
    }
}

fn place_px(kind: PlaceKind) -> f32 {
    match kind {
        PlaceKind::City => CITY_PX,
        PlaceKind::Town => TOWN_PX,
        PlaceKind::Village => VILLAGE_PX,
        PlaceKind::Camp => CAMP_PX,
    }
}

/// Half the width of a place's marker with both rings, logical pixels:
/// what is drawn beside a marker starts this far from its centre.
pub fn marker_outer_half_px(kind: PlaceKind) -> f32 {
    place_px(kind) / 2.0 + 2.0 + FIRE_RING_PX + FLOOD_RING_PX
}

fn spawn_map(mut commands: Commands, drill: Res<DrillSim>, mut images: ResMut<Assets<Image>>) {
    let view = drill.sim().view();
    let (width, height) = (view.frame.width, view.frame.height);
    let mut image = Image::new(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        terrain_with_roads(&view),
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    // Cells are data: show them as crisp squares, not blurred.
    image.sampler = ImageSampler::nearest();
    commands.spawn(Camera2d);
    commands.spawn((
        Sprite::from_image(images.add(image)),
        Transform::default(),
        MapLayer { z: 0.0 },
    ));
    for (index, place) in view.places.iter().enumerate() {
        let px = place_px(place.kind);
        let parts = [
            (
                MarkerPart::FloodRing,
                FLOOD_RING,
                px + 4.0 + 2.0 * (FIRE_RING_PX + FLOOD_RING_PX),
                0.9,
            ),
            (MarkerPart::FireRing, FIRE_RING, px + 4.0 + 2.0 * FIRE_RING_PX, 1.0),
            (MarkerPart::Frame, Color::srgb(0.08, 0.08, 0.08), px + 4.0, 1.5),
            (MarkerPart::Fill, warning_colour(None), px, 2.0),
        ];
        for (part, colour, size, z) in parts {
            let visibility = if matches!(part, MarkerPart::FireRing | MarkerPart::FloodRing) {
                Visibility::Hidden
            } else {
                Visibility::Inherited
            };
            commands.spawn((
                Sprite::from_color(colour, Vec2::splat(size)),
                Transform::default(),
                visibility,
                AtCell { cell: place.cell, z },
                PlaceMarker { index, part },
            ));
        }
    }
}

/// The terrain texture with road cells greyed: roads are static, so they
/// are baked in once rather than drawn every frame.
fn terrain_with_roads(view: &sim_core::SimView) -> Vec<u8> {
    let mut rgba = sim_core::view::terrain_rgba(view.terrain, view.land_cover);
    for road in view.roads {
        for &cell in &road.cells {
            let i = cell as usize * 4;
            if let Some(px) = rgba.get_mut(i..i + 3) {
                for (c, grey) in px.iter_mut().zip(ROAD_RGB) {
                    *c = (f32::from(*c) * (1.0 - ROAD_MIX) + f32::from(grey) * ROAD_MIX).round() as u8;
                }
            }
        }
    }
    rgba
}

fn spawn_ignition_markers(mut commands: Commands, feed: Res<EventFeed>, mut seen: Local<u64>) {
    for timed in feed.since(*seen) {
        if let Event::FireIgnited { cell, .. } = &timed.event {
            commands.spawn((
                Sprite::from_color(Color::srgb(0.15, 0.0, 0.0), Vec2::splat(IGNITION_PX + 4.0)),
                Transform::from_rotation(Quat::from_rotation_z(std::f32::consts::FRAC_PI_4)),
                AtCell { cell: *cell, z: 3.0 },
            ));
            commands.spawn((
                Sprite::from_color(Color::srgb(1.0, 0.27, 0.0), Vec2::splat(IGNITION_PX)),
                Transform::from_rotation(Quat::from_rotation_z(std::f32::consts::FRAC_PI_4)),
                AtCell { cell: *cell, z: 4.0 },
            ));
        }
    }
    *seen = feed.total;
}

/// Fills show the warning; the fire ring appears once fire reached the
/// place, the flood ring once water flooded it.
fn update_place_markers(drill: Res<DrillSim>, mut markers: Query<(&PlaceMarker, &mut Sprite, &mut Visibility)>) {
    let places = drill.sim().view().places;
    for (marker, mut sprite, mut visibility) in &mut markers {
        let Some(place) = places.get(marker.index) else {
            continue;
        };
        match marker.part {
            MarkerPart::Fill => {
                let colour = warning_colour(place.warning.map(|(level, _)| level));
                if sprite.color != colour {
                    sprite.color = colour;
                }
            }
            MarkerPart::FireRing | MarkerPart::FloodRing => {
                let reached = if marker.part == MarkerPart::FireRing {
                    place.fire_arrived.is_some()
                } else {
                    place.flood_arrived.is_some()
                };
                let shown = if reached {
                    Visibility::Inherited
                } else {
                    Visibility::Hidden
                };
                if *visibility != shown {
                    *visibility = shown;
                }
            }
            MarkerPart::Frame => {}
        }
    }
}

/// What [`fit_map`] changes on a whole-map layer.
type LayerParts = (&'static MapLayer, &'static mut Sprite, &'static mut Transform);

/// Fits the terrain and the layers over it into the window right of the
/// panel, magnified by the zoom, and moves markers to their cells. Cheap
/// enough to run every frame, so resizes need no events.
fn fit_map(
    window: Single<&Window, With<PrimaryWindow>>,
    panel: Res<SidePanelWidth>,
    zoom: Res<MapZoom>,
    drill: Res<DrillSim>,
    mut layout: ResMut<MapLayout>,
    mut layers: Query<LayerParts, Without<AtCell>>,
    mut at_cells: Query<(&AtCell, &mut Transform), Without<MapLayer>>,
) {
    let frame = drill.sim().view().frame;
    let new = MapLayout::fit_zoomed(
        Vec2::new(window.width(), window.height()),
        panel.0,
        UVec2::new(frame.width, frame.height),
        *zoom,
    );
    if *layout != new {
        *layout = new;
    }
    let centre = layout.to_world(layout.top_left + layout.size() / 2.0);
    for (layer, mut sprite, mut transform) in &mut layers {
        sprite.custom_size = Some(layout.size());
        transform.translation = centre.extend(layer.z);
    }
    for (at, mut transform) in &mut at_cells {
        let pos = layout.to_world(layout.cell_centre(at.cell.x, at.cell.y));
        transform.translation = pos.extend(at.z);
    }
}

/// Place names beside their markers, drawn by egui so Chinese renders with
/// the trainer's CJK font. On egui's middle layer, so over the map's own
/// egui drawings (flow arrows, on the background layer: two layers of one
/// order are painted in no fixed order), clipped to the visible map.
fn draw_labels(mut contexts: EguiContexts, drill: Res<DrillSim>, layout: Res<MapLayout>) -> Result {
    let ctx = contexts.ctx_mut()?;
    if layout.px_per_cell <= 0.0 || layout.view.is_empty() {
        return Ok(());
    }
    let view = egui::Rect::from_min_max(
        egui::pos2(layout.view.min.x, layout.view.min.y),
        egui::pos2(layout.view.max.x, layout.view.max.y),
    );
    let painter = ctx
        .layer_painter(egui::LayerId::new(egui::Order::Middle, egui::Id::new("map-labels")))
        .with_clip_rect(view);
    let font = egui::FontId::proportional(14.0);
    for place in drill.sim().view().places {
        let at = layout.cell_centre(place.cell.x, place.cell.y);
        // Dispersed groups (a few herders per cell, possibly hundreds of
        // them) show as markers only: their labels would bury the map.
        if place.parent.is_some() || !layout.visible_map().contains(at) {
            continue;
        }
        let burned = place.fire_arrived.is_some();
        let flooded = place.flood_arrived.is_some();
        let mut text = format!("{} {}", place.name.zh, place.name.en);
        if burned {
            text.push_str(" · 火 fire");
        }
        if flooded {
            text.push_str(" · 水 flood");
        }
        let galley = painter.layout_no_wrap(text, font.clone(), egui::Color32::WHITE);
        // Right of the marker, unless that runs past the window's edge.
        let gap = marker_outer_half_px(place.kind) + 4.0;
        let size = galley.size();
        let x = if at.x + gap + size.x + 4.0 <= layout.window.x {
            at.x + gap
        } else {
            at.x - gap - size.x
        };
        let pos = egui::pos2(x, at.y - size.y / 2.0);
        // A dark plate under light text keeps labels legible on pale steppe
        // and dark forest alike.
        let plate = egui::Rect::from_min_size(pos, size).expand2(egui::vec2(4.0, 1.0));
        // A place the fire reached gets a red plate, like its ring; a
        // flooded one a blue plate (red wins when both: fire is the faster
        // threat to life).
        let fill = if burned {
            egui::Color32::from_rgba_unmultiplied(170, 16, 8, 215)
        } else if flooded {
            egui::Color32::from_rgba_unmultiplied(16, 70, 190, 215)
        } else {
            egui::Color32::from_black_alpha(150)
        };
        painter.rect_filled(plate, 3.0, fill);
        painter.galley(pos, galley, egui::Color32::WHITE);
    }
    Ok(())
}
