//! [`FlowArrowsPlugin`]: arrows showing where the flood water runs and how
//! fast, drawn over the flood layer once the trainer has zoomed in far
//! enough to read them.
//!
//! The visible map is cut into blocks of k × k cells, k the fewest cells
//! that span [`SPACING_PX`] on screen, so arrows never crowd (a 1280 × 800
//! window holds at most about 1 300). Each block with water moving faster
//! than [`MIN_SPEED_M_PER_S`] gets one arrow: the mean velocity of those
//! moving cells, drawn centred on the moving cell nearest their centroid,
//! pointing downstream, [`PX_PER_M_PER_S`] pixels long per m/s whatever
//! the zoom (the panel shows the scale). Blocks are fixed on the grid, so
//! arrows stay put while the map is dragged.
//!
//! Velocities come from `FloodRun::velocity_m_per_s` as (east, south):
//! rows grow southwards in sim-core, as window y grows downwards, so the
//! vector needs no flip in window coordinates.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use sim_core::{FloodRun, Tick};

use crate::flood_layer::WET_DEPTH_M;
use crate::layout::MapLayout;
use crate::map_view::MapFitted;
use crate::sim_plugin::DrillSim;

/// Arrows are drawn from this zoom on: a cell at least this many logical
/// pixels wide. The whole river-flood map fitted in a 1280 × 800 window is
/// about 4 px a cell, so arrows appear from about 1.5× zoom.
pub const MIN_PX_PER_CELL: f32 = 6.0;

/// Arrows are at least this far apart, logical pixels.
pub const SPACING_PX: f32 = 28.0;

/// Arrow length per m/s of flow, logical pixels: the river-flood drill's
/// fastest water (3.5 m/s at 3 h 20 min) would be 42 px before the cap.
pub const PX_PER_M_PER_S: f32 = 12.0;

/// Slower water gets no arrow, m/s. Rain running off the valley sides
/// moves at a few tenths of a metre a second; drawn, it buries the
/// channel's arrows under specks of 1–3 px. The slowest arrow drawn is
/// 3 px long.
pub const MIN_SPEED_M_PER_S: f64 = 0.25;

/// Longest arrow as a fraction of the spacing between arrows: faster flow
/// is drawn at this length, so neighbours never touch.
pub const MAX_LENGTH_OF_SPACING: f32 = 0.9;

/// One arrow: the block's mean flow, at a cell of the block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowArrow {
    /// The cell it is centred on (row-major index): wet and moving.
    pub cell: usize,
    /// That cell's centre, window coordinates (y down).
    pub centre: Vec2,
    /// The block's mean velocity `(east, south)`, m/s.
    pub velocity_m_per_s: (f64, f64),
    /// The arrow from tail to head, window pixels (y down).
    pub vector_px: Vec2,
}

/// The arrows for the current tick and layout.
#[derive(Resource, Debug, Default, Clone)]
pub struct FlowArrows {
    /// Cells per block side; 0 when zoomed out too far for arrows.
    pub block_cells: u32,
    /// The arrows, row by row of blocks.
    pub arrows: Vec<FlowArrow>,
    /// The tick and layout they were made for.
    made_for: Option<(Tick, MapLayout)>,
}

/// Cells per block side at `px_per_cell`, or `None` when zoomed out too far
/// for arrows.
pub fn block_cells(px_per_cell: f32) -> Option<u32> {
    if !(px_per_cell.is_finite() && px_per_cell >= MIN_PX_PER_CELL) {
        return None;
    }
    Some(((SPACING_PX / px_per_cell).ceil() as u32).max(1))
}

/// Length of the arrow for `speed_m_per_s`, pixels, with blocks
/// `spacing_px` apart.
pub fn arrow_length_px(speed_m_per_s: f64, spacing_px: f32) -> f32 {
    (speed_m_per_s as f32 * PX_PER_M_PER_S).min(spacing_px * MAX_LENGTH_OF_SPACING)
}

/// Whether water `depth_m` deep at `(east, south)` m/s gets counted for an
/// arrow.
fn is_moving(depth_m: f64, (east, south): (f64, f64)) -> bool {
    let speed2 = east * east + south * south;
    depth_m >= WET_DEPTH_M && speed2.is_finite() && speed2 >= MIN_SPEED_M_PER_S * MIN_SPEED_M_PER_S
}

/// The arrows of `flood` over the visible part of the map in `layout`, and
/// the block size (0 and none when zoomed out too far).
pub fn flow_arrows(flood: &FloodRun, layout: &MapLayout) -> (u32, Vec<FlowArrow>) {
    let Some(k) = block_cells(layout.px_per_cell) else {
        return (0, Vec::new());
    };
    let (w, h) = (layout.cells.x as usize, layout.cells.y as usize);
    let depth = flood.depth_m();
    let visible = layout.visible_map();
    if visible.is_empty() || depth.len() != w * h {
        return (k, Vec::new());
    }
    // The cells under the visible map, whole blocks.
    let first = ((visible.min - layout.top_left) / layout.px_per_cell)
        .floor()
        .max(Vec2::ZERO);
    let last = ((visible.max - layout.top_left) / layout.px_per_cell).ceil();
    let k = k as usize;
    let (bx0, by0) = (first.x as usize / k, first.y as usize / k);
    let (x_end, y_end) = ((last.x as usize).min(w), (last.y as usize).min(h));
    let spacing_px = k as f32 * layout.px_per_cell;
    let mut arrows = Vec::new();
    let mut moving = Vec::with_capacity(k * k);
    for by in (by0..).take_while(|by| by * k < y_end) {
        for bx in (bx0..).take_while(|bx| bx * k < x_end) {
            moving.clear();
            for y in by * k..((by + 1) * k).min(h) {
                for x in bx * k..((bx + 1) * k).min(w) {
                    let cell = y * w + x;
                    let v = flood.velocity_m_per_s(cell);
                    if is_moving(depth[cell], v) {
                        moving.push((x, y, v));
                    }
                }
            }
            let n = moving.len() as f64;
            if n == 0.0 {
                continue;
            }
            let (mut east, mut south, mut cx, mut cy) = (0.0, 0.0, 0.0, 0.0);
            for (x, y, (e, s)) in &moving {
                east += e;
                south += s;
                cx += *x as f64;
                cy += *y as f64;
            }
            let (east, south, cx, cy) = (east / n, south / n, cx / n, cy / n);
            let speed = (east * east + south * south).sqrt();
            // Opposing currents in one block can cancel: no arrow then.
            if speed < MIN_SPEED_M_PER_S {
                continue;
            }
            // The moving cell nearest the centroid, first in row order on
            // a tie: on the water even where a channel bends.
            let mut best = (f64::INFINITY, 0, 0);
            for (x, y, _) in &moving {
                let d2 = (*x as f64 - cx) * (*x as f64 - cx) + (*y as f64 - cy) * (*y as f64 - cy);
                if d2 < best.0 {
                    best = (d2, *x, *y);
                }
            }
            let (_, x, y) = best;
            let centre = layout.cell_centre(x as u32, y as u32);
            if !visible.contains(centre) {
                continue;
            }
            let length = arrow_length_px(speed, spacing_px);
            let direction = Vec2::new((east / speed) as f32, (south / speed) as f32);
            arrows.push(FlowArrow {
                cell: y * w + x,
                centre,
                velocity_m_per_s: (east, south),
                vector_px: direction * length,
            });
        }
    }
    (k as u32, arrows)
}

/// Remakes the arrows when the tick or the layout changed. Does nothing for
/// a scenario without a flood.
fn update_flow_arrows(drill: Res<DrillSim>, layout: Res<MapLayout>, mut arrows: ResMut<FlowArrows>) {
    let view = drill.sim().view();
    let Some(flood) = view.flood else {
        return;
    };
    let key = (view.tick, *layout);
    if arrows.made_for == Some(key) {
        return;
    }
    let (block_cells, made) = flow_arrows(flood, &layout);
    *arrows = FlowArrows {
        block_cells,
        arrows: made,
        made_for: Some(key),
    };
}

/// The arrow's outline (a dark halo, readable on pale water) and its body.
/// The body is 2.5 px wide: egui feathers a line's edges over a pixel, so
/// this keeps a solid white core at least a pixel wide wherever the line
/// falls between pixels (the screenshot test looks for it).
const HALO: egui::Color32 = egui::Color32::from_rgba_premultiplied(10, 14, 30, 210);
const BODY: egui::Color32 = egui::Color32::from_rgb(255, 255, 255);
const HALO_PX: f32 = 5.0;
const BODY_PX: f32 = 2.5;

/// Paints an arrow from `tail` to `tail + vector` (window pixels) with a
/// halo: the shape the panel's legend shows too.
pub fn paint_arrow(painter: &egui::Painter, tail: egui::Pos2, vector: egui::Vec2) {
    let length = vector.length();
    if length < 1.0 {
        return;
    }
    let dir = vector / length;
    let head = tail + vector;
    let tip = (length * 0.35).clamp(3.0, 7.0);
    let side = egui::vec2(-dir.y, dir.x) * tip * 0.6;
    let back = head - dir * tip;
    let lines = [[tail, head], [head, back + side], [head, back - side]];
    for (colour, width) in [(HALO, HALO_PX), (BODY, BODY_PX)] {
        for line in lines {
            painter.line_segment(line, egui::Stroke::new(width, colour));
        }
    }
}

/// Draws the arrows on egui's background layer, clipped to the map right of
/// the panel; place labels (middle layer) stay on top.
fn draw_flow_arrows(mut contexts: EguiContexts, arrows: Res<FlowArrows>, layout: Res<MapLayout>) -> Result {
    if arrows.arrows.is_empty() {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let view = layout.view;
    let clip = egui::Rect::from_min_max(egui::pos2(view.min.x, view.min.y), egui::pos2(view.max.x, view.max.y));
    let painter = ctx
        .layer_painter(egui::LayerId::new(
            egui::Order::Background,
            egui::Id::new("flow-arrows"),
        ))
        .with_clip_rect(clip);
    for arrow in &arrows.arrows {
        let tail = arrow.centre - arrow.vector_px / 2.0;
        paint_arrow(
            &painter,
            egui::pos2(tail.x, tail.y),
            egui::vec2(arrow.vector_px.x, arrow.vector_px.y),
        );
    }
    Ok(())
}

/// Computes [`FlowArrows`] each frame the sim or the map moved, after the
/// map is fitted, and draws them with egui. The drawing needs `EguiPlugin`;
/// the arrows themselves only [`crate::SimPlugin`] and a [`MapLayout`]
/// (set by [`crate::MapViewPlugin`], or by hand in tests).
#[derive(Debug, Default)]
pub struct FlowArrowsPlugin;

impl Plugin for FlowArrowsPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<MapLayout>()
            .init_resource::<FlowArrows>()
            .add_systems(Update, update_flow_arrows.after(MapFitted))
            .add_systems(EguiPrimaryContextPass, draw_flow_arrows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_span_the_spacing_only_when_zoomed_in() {
        assert_eq!(block_cells(4.2), None, "the whole map: no arrows");
        assert_eq!(block_cells(f32::NAN), None);
        assert_eq!(block_cells(MIN_PX_PER_CELL), Some(5));
        assert_eq!(block_cells(10.0), Some(3));
        assert_eq!(block_cells(SPACING_PX), Some(1));
        assert_eq!(block_cells(100.0), Some(1));
        for px in [6.0, 7.5, 9.0, 13.0, 30.0] {
            let k = block_cells(px).unwrap() as f32;
            assert!(k * px >= SPACING_PX && (k - 1.0) * px < SPACING_PX, "{px} px: {k}");
        }
    }

    #[test]
    fn arrows_are_proportional_to_speed_up_to_the_spacing() {
        assert_eq!(arrow_length_px(1.0, 30.0), PX_PER_M_PER_S);
        assert_eq!(arrow_length_px(2.0, 30.0), 2.0 * PX_PER_M_PER_S);
        assert_eq!(arrow_length_px(9.0, 30.0), 30.0 * MAX_LENGTH_OF_SPACING);
    }
}
