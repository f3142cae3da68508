//! [`FloodLayerPlugin`]: the flood drawn over the terrain, under the fire.
//! One RGBA texture the size of the grid, repainted from `sim_core`'s
//! `FloodRun` when the sim's tick or the [`FloodView`] changes: water
//! coloured by depth class, from pale blue (ankle deep) to navy (over 3 m),
//! now or the deepest so far; or by its FD2320 hazard to people; and gauge
//! markers that turn red once an alert depth was crossed.

use bevy::prelude::*;
use sim_core::FloodRun;
use sim_core::Tick;
use sim_core::frame::Cell;
use sim_core::hazards::flood::{HazardClass, hazard_rating};

use crate::map_view::{AtCell, overlay_repaint_due, spawn_overlay};
use crate::sim_plugin::{DrillSim, SimSet};

/// Height of the flood layer: above the terrain (0), under the fire (0.5).
pub const FLOOD_LAYER_Z: f32 = 0.25;

/// Frames between repaints at least (as the fire layer).
pub const REPAINT_MIN_FRAMES: u32 = 3;

/// Shallower water is not drawn (nor counted as flooded), m. Rain ponds
/// on the ground as a film a few centimetres deep: in the river-flood
/// drill (15 mm/h for 3 h, 5 mm/h infiltrating) three quarters of the map
/// holds 1–3 cm by 3 h, and drawing that would hide the terrain while
/// telling a trainee nothing. 5 cm is over a shoe's sole.
pub const WET_DEPTH_M: f64 = 0.05;

/// Upper bounds of the depth classes, m (the first starts at
/// [`WET_DEPTH_M`]). 0.3 m of moving water floats a
/// car and cuts a road; 1 m is over a person's waist; beyond 3 m a
/// single-storey house is under water.
pub const CLASS_BOUNDS_M: [f64; 3] = [0.3, 1.0, 3.0];

/// Colours of the four depth classes, shallow to deep (straight alpha).
pub const DEPTH_COLOURS: [[u8; 4]; 4] = [
    [150, 205, 255, 130],
    [60, 140, 235, 180],
    [25, 80, 190, 210],
    [10, 30, 110, 230],
];

/// What the flood layer shows. Chosen in the controls panel.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FloodView {
    /// Depth now, by depth class.
    #[default]
    Depth,
    /// The FD2320 hazard to people now, by hazard class.
    Hazard,
    /// The deepest water so far, by depth class.
    MaxDepth,
}

impl FloodView {
    /// Every view, in the order the panel offers them.
    pub const ALL: [FloodView; 3] = [FloodView::Depth, FloodView::Hazard, FloodView::MaxDepth];

    /// The button label.
    pub fn label(self) -> &'static str {
        match self {
            FloodView::Depth => "水深 Depth",
            FloodView::Hazard => "危险度 Hazard",
            FloodView::MaxDepth => "最大水深 Max depth",
        }
    }

    /// The view named on the command line (`depth`, `hazard`, `max-depth`).
    pub fn from_name(name: &str) -> Option<FloodView> {
        match name {
            "depth" => Some(FloodView::Depth),
            "hazard" => Some(FloodView::Hazard),
            "max-depth" => Some(FloodView::MaxDepth),
            _ => None,
        }
    }
}

/// Colours of the four FD2320 hazard classes, Low to Extreme (straight
/// alpha): light cyan for water to be careful of, then amber, red and deep
/// purple for danger to some, most and all. The danger classes have more
/// red than green, apart from the blue depth scale so the views are not
/// confused; Low is cyan because a pale yellow would vanish on the
/// steppe's yellow-green.
/// Only water at least [`WET_DEPTH_M`] deep is drawn, as in the depth
/// views.
pub const HAZARD_COLOURS: [[u8; 4]; 4] = [
    [95, 215, 235, 190],
    [255, 155, 20, 215],
    [225, 30, 30, 225],
    [105, 15, 120, 235],
];

/// Chinese and English names of the FD2320 hazard classes and what each
/// means (FD2320 TR2 Table 13.1: caution; danger for some, most, all).
pub fn hazard_class_text(class: HazardClass) -> (&'static str, &'static str) {
    match class {
        HazardClass::Low => ("低 注意", "Low: caution"),
        HazardClass::Moderate => ("中 对部分人危险", "Moderate: danger for some"),
        HazardClass::Significant => ("高 对多数人危险", "Significant: danger for most"),
        HazardClass::Extreme => ("极高 对所有人危险", "Extreme: danger for all"),
    }
}

/// Index of a hazard class in [`HAZARD_COLOURS`].
pub fn hazard_index(class: HazardClass) -> usize {
    match class {
        HazardClass::Low => 0,
        HazardClass::Moderate => 1,
        HazardClass::Significant => 2,
        HazardClass::Extreme => 3,
    }
}

/// The FD2320 class of water `depth_m` deep moving at `speed_m_per_s`:
/// `None` below [`WET_DEPTH_M`] (not drawn) or for non-finite values.
pub fn hazard_class_at(depth_m: f64, speed_m_per_s: f64) -> Option<HazardClass> {
    if !depth_m.is_finite() || !speed_m_per_s.is_finite() || depth_m < WET_DEPTH_M {
        return None;
    }
    Some(HazardClass::of(hazard_rating(depth_m, speed_m_per_s)))
}

/// The layer's colour for the hazard of water `depth_m` deep moving at
/// `speed_m_per_s`.
pub fn hazard_rgba(depth_m: f64, speed_m_per_s: f64) -> [u8; 4] {
    hazard_class_at(depth_m, speed_m_per_s).map_or([0; 4], |c| HAZARD_COLOURS[hazard_index(c)])
}

/// Speed of the water in `cell`, m/s.
fn speed_m_per_s(flood: &FloodRun, cell: usize) -> f64 {
    let (east, south) = flood.velocity_m_per_s(cell);
    (east * east + south * south).sqrt()
}

/// Cells now in each hazard class, Low to Extreme (water at least
/// [`WET_DEPTH_M`] deep).
pub fn hazard_class_cells(flood: &FloodRun) -> [usize; 4] {
    let mut cells = [0; 4];
    for (i, d) in flood.depth_m().iter().enumerate() {
        if *d >= WET_DEPTH_M
            && let Some(class) = hazard_class_at(*d, speed_m_per_s(flood, i))
        {
            cells[hazard_index(class)] += 1;
        }
    }
    cells
}

/// Paints the whole layer for `view` (row 0 north, as the terrain texture).
/// `out` must hold 4 bytes per cell.
pub fn paint_view(flood: &FloodRun, view: FloodView, out: &mut [u8]) {
    match view {
        FloodView::Depth => paint(flood.depth_m(), out),
        FloodView::MaxDepth => paint(flood.max_depth_m(), out),
        FloodView::Hazard => {
            for (i, (px, d)) in out.chunks_exact_mut(4).zip(flood.depth_m()).enumerate() {
                // Velocities only where drawn: most of the map is dry.
                let rgba = if *d >= WET_DEPTH_M {
                    hazard_rgba(*d, speed_m_per_s(flood, i))
                } else {
                    [0; 4]
                };
                px.copy_from_slice(&rgba);
            }
        }
    }
}

/// Gauge marker sizes in logical pixels.
const GAUGE_PX: f32 = 9.0;

/// Gauge marker colours: quiet, and once an alert depth was crossed.
const GAUGE_QUIET: Color = Color::srgb(0.96, 0.98, 1.0);
const GAUGE_ALERT: Color = Color::srgb(0.9, 0.08, 0.08);

/// The layer's colour for water `depth_m` deep: clear below
/// [`WET_DEPTH_M`] (and for non-finite values), else its depth class.
pub fn depth_rgba(depth_m: f64) -> [u8; 4] {
    if !depth_m.is_finite() || depth_m < WET_DEPTH_M {
        return [0; 4];
    }
    let class = CLASS_BOUNDS_M.iter().take_while(|b| depth_m >= **b).count();
    DEPTH_COLOURS[class]
}

/// Paints the whole layer from per-cell depths (row 0 north, as the
/// terrain texture). `out` must hold `depth.len() × 4` bytes.
pub fn paint(depth_m: &[f64], out: &mut [u8]) {
    for (px, d) in out.chunks_exact_mut(4).zip(depth_m) {
        px.copy_from_slice(&depth_rgba(*d));
    }
}

/// Area under water deeper than [`WET_DEPTH_M`], hectares.
pub fn flooded_area_ha(depth_m: &[f64], cell_size_m: f64) -> f64 {
    let wet = depth_m.iter().filter(|d| d.is_finite() && **d >= WET_DEPTH_M).count();
    wet as f64 * cell_size_m * cell_size_m / 10_000.0
}

/// The flood layer's texture. Inserted by [`FloodLayerPlugin`] when the
/// scenario has a flood.
#[derive(Resource, Debug, Clone)]
pub struct FloodLayer {
    /// The grid-sized RGBA image the sprite shows.
    pub image: Handle<Image>,
    /// The tick it was last painted for (`None` before the first paint).
    pub painted: Option<Tick>,
    /// The view it was last painted with.
    pub painted_view: FloodView,
    /// Cells in each FD2320 hazard class at the last paint, Low to Extreme.
    pub hazard_cells: [usize; 4],
}

/// The fill of a gauge's marker, for the gauge at `index` in the flood.
#[derive(Component, Debug, Clone, Copy)]
pub struct GaugeMarker {
    /// Index in `FloodRun::gauges`.
    pub index: usize,
}

/// Draws the flood over the terrain as the [`FloodView`] says, and its
/// gauges. Does nothing for a scenario without a flood. Needs
/// [`crate::SimPlugin`] and an `Assets<Image>`; with
/// [`crate::MapViewPlugin`] the layer is fitted over the terrain and the
/// gauges placed at their cells.
#[derive(Debug, Default)]
pub struct FloodLayerPlugin;

impl Plugin for FloodLayerPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<FloodView>()
            .add_systems(Startup, spawn_flood_layer)
            .add_systems(
                Update,
                (repaint_flood_layer, update_gauge_markers).in_set(SimSet::SyncView),
            );
    }
}

fn spawn_flood_layer(mut commands: Commands, drill: Res<DrillSim>, mut images: ResMut<Assets<Image>>) {
    let view = drill.sim().view();
    let Some(flood) = view.flood else {
        return;
    };
    let frame = view.frame;
    let handle = spawn_overlay(&mut commands, &mut images, frame.width, frame.height, FLOOD_LAYER_Z);
    commands.insert_resource(FloodLayer {
        image: handle,
        painted: None,
        painted_view: FloodView::default(),
        hazard_cells: [0; 4],
    });
    let width = frame.width.max(1);
    for (index, gauge) in flood.gauges().iter().enumerate() {
        let cell = Cell {
            x: gauge.cell % width,
            y: gauge.cell / width,
        };
        commands.spawn((
            Sprite::from_color(Color::srgb(0.05, 0.12, 0.35), Vec2::splat(GAUGE_PX + 4.0)),
            Transform::default(),
            AtCell { cell, z: 5.0 },
        ));
        commands.spawn((
            Sprite::from_color(GAUGE_QUIET, Vec2::splat(GAUGE_PX)),
            Transform::default(),
            AtCell { cell, z: 5.5 },
            GaugeMarker { index },
        ));
    }
}

/// Repaints when the tick changed, at most every [`REPAINT_MIN_FRAMES`]
/// frames (a skipped tick is painted a few frames later), and at once when
/// the view changed.
fn repaint_flood_layer(
    drill: Res<DrillSim>,
    view_choice: Res<FloodView>,
    layer: Option<ResMut<FloodLayer>>,
    mut images: ResMut<Assets<Image>>,
    mut frames_since: Local<u32>,
) {
    *frames_since = frames_since.saturating_add(1);
    let Some(mut layer) = layer else {
        return;
    };
    let view = drill.sim().view();
    let Some(flood) = view.flood else {
        return;
    };
    let chosen = *view_choice;
    let view_changed = layer.painted.is_some() && layer.painted_view != chosen;
    if !view_changed && !overlay_repaint_due(layer.painted, view.tick, *frames_since, REPAINT_MIN_FRAMES) {
        return;
    }
    let Some(mut image) = images.get_mut(&layer.image) else {
        return;
    };
    let Some(data) = image.data.as_mut() else {
        return;
    };
    paint_view(flood, chosen, data);
    if layer.painted != Some(view.tick) {
        layer.hazard_cells = hazard_class_cells(flood);
    }
    layer.painted = Some(view.tick);
    layer.painted_view = chosen;
    *frames_since = 0;
}

/// A gauge's fill turns red once any of its alert depths was crossed.
fn update_gauge_markers(drill: Res<DrillSim>, mut markers: Query<(&GaugeMarker, &mut Sprite)>) {
    let Some(flood) = drill.sim().view().flood else {
        return;
    };
    for (marker, mut sprite) in &mut markers {
        let Some(gauge) = flood.gauges().get(marker.index) else {
            continue;
        };
        let alert = gauge.alerts.iter().any(|(_, at)| at.is_some());
        let colour = if alert { GAUGE_ALERT } else { GAUGE_QUIET };
        if sprite.color != colour {
            sprite.color = colour;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_classes_darken_with_depth() {
        assert_eq!(depth_rgba(0.0), [0; 4]);
        assert_eq!(depth_rgba(0.03), [0; 4], "a film of rain is not drawn");
        assert_eq!(depth_rgba(f64::NAN), [0; 4]);
        assert_eq!(depth_rgba(0.1), DEPTH_COLOURS[0]);
        assert_eq!(depth_rgba(0.5), DEPTH_COLOURS[1]);
        assert_eq!(depth_rgba(2.0), DEPTH_COLOURS[2]);
        assert_eq!(depth_rgba(7.0), DEPTH_COLOURS[3]);
        for pair in DEPTH_COLOURS.windows(2) {
            let [a, b] = [pair[0], pair[1]];
            assert!(a[0] > b[0] && a[1] > b[1] && a[3] <= b[3], "{a:?} then {b:?}");
            assert!(b[2] > b[0], "blue dominates {b:?}");
        }
    }

    /// FD2320 TR2 HR = d·(v + 0.5) + DF: 0.5 m at 1 m/s is 1.25, the top
    /// of Moderate; 1 m still is 1.0 (Moderate); 1 m at 1 m/s is 2.0, the
    /// top of Significant; 0.2 m still is 0.1 (Low, no debris factor).
    #[test]
    fn hazard_classes_follow_fd2320() {
        assert_eq!(hazard_class_at(0.5, 1.0), Some(HazardClass::Moderate));
        assert_eq!(hazard_class_at(0.5, 1.1), Some(HazardClass::Significant));
        assert_eq!(hazard_class_at(1.0, 0.0), Some(HazardClass::Moderate));
        assert_eq!(hazard_class_at(1.0, 1.0), Some(HazardClass::Significant));
        assert_eq!(hazard_class_at(1.0, 1.2), Some(HazardClass::Extreme));
        assert_eq!(hazard_class_at(0.2, 0.0), Some(HazardClass::Low));
        assert_eq!(hazard_class_at(0.03, 5.0), None, "a film is not drawn");
        assert_eq!(hazard_class_at(f64::NAN, 1.0), None);
        assert_eq!(hazard_rgba(0.2, 0.0), HAZARD_COLOURS[0]);
        assert_eq!(hazard_rgba(2.0, 2.0), HAZARD_COLOURS[3]);
        assert_eq!(hazard_rgba(0.0, 0.0), [0; 4]);
        for (i, c) in HAZARD_COLOURS.iter().enumerate().skip(1) {
            assert!(
                c[0] > c[1],
                "danger colour {i} {c:?} has more red than green, unlike the depth scale"
            );
        }
        for (i, c) in HAZARD_COLOURS.iter().enumerate() {
            assert!(HAZARD_COLOURS[i + 1..].iter().all(|d| d != c), "distinct");
            assert!(!DEPTH_COLOURS.contains(c), "not a depth colour");
        }
    }

    #[test]
    fn flood_views_by_name() {
        for view in FloodView::ALL {
            assert!(!view.label().is_empty());
        }
        assert_eq!(FloodView::from_name("max-depth"), Some(FloodView::MaxDepth));
        assert_eq!(FloodView::from_name("hazard"), Some(FloodView::Hazard));
        assert_eq!(FloodView::from_name("Depth"), None);
    }

    #[test]
    fn paint_and_area() {
        let depth = [0.0, 0.06, 0.4, 5.0];
        let mut out = [9u8; 16];
        paint(&depth, &mut out);
        assert_eq!(out[..4], [0; 4]);
        assert_eq!(out[4..8], DEPTH_COLOURS[0]);
        assert_eq!(out[12..], DEPTH_COLOURS[3]);
        assert!((flooded_area_ha(&depth, 100.0) - 3.0).abs() < 1e-9);
    }
}
