//! Screen layout shared by the panels and the map: how much of the window's
//! left edge the controls panel covers, and where the map is drawn.

use bevy::prelude::*;

/// Width in logical pixels of the controls panel on the window's left edge,
/// as egui last laid it out. The map fits itself into the rest.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct SidePanelWidth(pub f32);

impl Default for SidePanelWidth {
    fn default() -> SidePanelWidth {
        SidePanelWidth(crate::controls_panel::PANEL_WIDTH)
    }
}

/// Where the map sits in the window, in logical pixels from the window's
/// top-left corner (egui's coordinates).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct MapLayout {
    /// Window size.
    pub window: Vec2,
    /// Top-left corner of the map (the north-west corner of cell 0, 0).
    pub top_left: Vec2,
    /// Logical pixels per grid cell.
    pub px_per_cell: f32,
    /// Map size in cells.
    pub cells: UVec2,
}

/// Gap between the map and the window or panel edges, logical pixels.
const MARGIN: f32 = 12.0;

impl MapLayout {
    /// The largest whole map that fits right of a `panel` wide panel in a
    /// `window`, centred there, keeping cells square.
    pub fn fit(window: Vec2, panel: f32, cells: UVec2) -> MapLayout {
        let area_min = Vec2::new(panel + MARGIN, MARGIN);
        let area = (window - area_min - Vec2::splat(MARGIN)).max(Vec2::ONE);
        let cells_f = cells.as_vec2().max(Vec2::ONE);
        let px_per_cell = (area / cells_f).min_element().max(0.01);
        let size = cells_f * px_per_cell;
        MapLayout {
            window,
            top_left: area_min + (area - size) / 2.0,
            px_per_cell,
            cells,
        }
    }

    /// Size of the whole map, logical pixels.
    pub fn size(&self) -> Vec2 {
        self.cells.as_vec2() * self.px_per_cell
    }

    /// Centre of cell `(x, y)` in window coordinates (y down).
    pub fn cell_centre(&self, x: u32, y: u32) -> Vec2 {
        self.top_left + (Vec2::new(x as f32, y as f32) + 0.5) * self.px_per_cell
    }

    /// A window position (y down) in the 2D camera's world coordinates
    /// (origin at the window centre, y up, one unit per logical pixel).
    pub fn to_world(&self, window_pos: Vec2) -> Vec2 {
        Vec2::new(window_pos.x - self.window.x / 2.0, self.window.y / 2.0 - window_pos.y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_fits_right_of_the_panel_with_square_cells() {
        let l = MapLayout::fit(Vec2::new(1280.0, 800.0), 300.0, UVec2::new(160, 112));
        assert!(l.top_left.x >= 300.0);
        assert!(l.top_left.x + l.size().x <= 1280.0 + 1e-3);
        assert!(l.top_left.y + l.size().y <= 800.0 + 1e-3);
        // Width-limited: 1280 − 300 − 24 = 956 px for 160 cells.
        assert!((l.px_per_cell - 956.0 / 160.0).abs() < 1e-4);
        let centre = l.to_world(l.top_left + l.size() / 2.0);
        assert!((centre.x - (300.0 / 2.0)).abs() < 1e-3, "{centre}");
    }
}
