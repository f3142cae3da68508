//! Screen layout shared by the panels and the map: how much of the window's
//! left edge the controls panel covers, how far the trainer has zoomed and
//! panned, and where the map is drawn.

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
    /// The part of the window where the map can be seen: right of the
    /// panel. Zoomed in, the map's sprites run on under the panel (which
    /// hides them) and past the window's edges; what is drawn per item
    /// over the panel's layer (labels, flow arrows) is clipped to this.
    pub view: Rect,
}

/// Gap between the map and the window or panel edges, logical pixels.
const MARGIN: f32 = 12.0;

/// Closest zoom: at 32× a 220-cell-wide map shows about 7 cells across,
/// each over 100 px.
pub const MAX_ZOOM: f32 = 32.0;

/// How far the trainer has zoomed into the map and where: set by the mouse
/// wheel, dragging and keys (`map_input`), or `--zoom` / `--centre`.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct MapZoom {
    /// Magnification over the whole map fitted in the window: 1 shows it
    /// all, at most [`MAX_ZOOM`].
    pub zoom: f32,
    /// The map point shown at the centre of the fitted map's place, in
    /// cells from the north-west corner (x east, y south; fractional);
    /// `None` is the map's centre. Kept so the map always covers that
    /// place ([`MapZoom::clamped`]).
    pub centre_cells: Option<Vec2>,
}

impl Default for MapZoom {
    fn default() -> MapZoom {
        MapZoom {
            zoom: 1.0,
            centre_cells: None,
        }
    }
}

impl MapZoom {
    /// The zoom within [1, [`MAX_ZOOM`]] and the centre moved just enough
    /// that the fitted map's place stays covered by a map of `cells`.
    pub fn clamped(self, cells: UVec2) -> MapZoom {
        let zoom = if self.zoom.is_finite() {
            self.zoom.clamp(1.0, MAX_ZOOM)
        } else {
            1.0
        };
        let cells_f = cells.as_vec2().max(Vec2::ONE);
        let half = cells_f / (2.0 * zoom);
        let centre = self
            .centre_cells
            .filter(|c| c.is_finite())
            .unwrap_or(cells_f / 2.0)
            .clamp(half, cells_f - half);
        MapZoom {
            zoom,
            centre_cells: Some(centre),
        }
    }

    /// Zooms by `factor`, keeping the map point under `window_pos` where it
    /// is (the mouse wheel), for a layout `fitted` by [`MapLayout::fit`].
    pub fn zoom_about(&mut self, factor: f32, window_pos: Vec2, fitted: &MapLayout) {
        let (top_left, px) = fitted.magnified(self.clamped(fitted.cells));
        let under = (window_pos - top_left) / px;
        let zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
        let px = fitted.px_per_cell * zoom;
        let centre = fitted.top_left + fitted.size() / 2.0;
        *self = MapZoom {
            zoom,
            centre_cells: Some(under + (centre - window_pos) / px),
        }
        .clamped(fitted.cells);
    }

    /// Moves the map by `delta_px` on screen (a drag), for a layout
    /// `fitted` by [`MapLayout::fit`].
    pub fn pan_px(&mut self, delta_px: Vec2, fitted: &MapLayout) {
        let now = self.clamped(fitted.cells);
        let px = fitted.px_per_cell * now.zoom;
        let centre = now.centre_cells.unwrap_or_default();
        *self = MapZoom {
            zoom: now.zoom,
            centre_cells: Some(centre - delta_px / px),
        }
        .clamped(fitted.cells);
    }
}

impl MapLayout {
    /// The largest whole map that fits right of a `panel` wide panel in a
    /// `window`, centred there, keeping cells square.
    pub fn fit(window: Vec2, panel: f32, cells: UVec2) -> MapLayout {
        let area_min = Vec2::new(panel + MARGIN, MARGIN);
        let area = (window - area_min - Vec2::splat(MARGIN)).max(Vec2::ONE);
        let cells_f = cells.as_vec2().max(Vec2::ONE);
        let px_per_cell = (area / cells_f).min_element().max(0.01);
        let size = cells_f * px_per_cell;
        let top_left = area_min + (area - size) / 2.0;
        MapLayout {
            window,
            top_left,
            px_per_cell,
            cells,
            view: Rect::new(panel, 0.0, window.x, window.y),
        }
    }

    /// The map fitted right of a `panel` wide panel ([`MapLayout::fit`]),
    /// magnified by `zoom` about its centre cell: that cell is drawn where
    /// the fitted map's centre is.
    pub fn fit_zoomed(window: Vec2, panel: f32, cells: UVec2, zoom: MapZoom) -> MapLayout {
        let fitted = MapLayout::fit(window, panel, cells);
        let zoom = zoom.clamped(cells);
        if zoom.zoom <= 1.0 {
            return fitted;
        }
        let (top_left, px_per_cell) = fitted.magnified(zoom);
        MapLayout {
            px_per_cell,
            top_left,
            ..fitted
        }
    }

    /// The top-left corner and the scale of this fitted layout magnified
    /// by `zoom` (already clamped).
    fn magnified(&self, zoom: MapZoom) -> (Vec2, f32) {
        let px_per_cell = self.px_per_cell * zoom.zoom;
        let centre = zoom.centre_cells.unwrap_or(self.cells.as_vec2() / 2.0);
        (self.top_left + self.size() / 2.0 - centre * px_per_cell, px_per_cell)
    }

    /// The part of the map that can be seen: [`MapLayout::view`] clipped to
    /// the map, window coordinates.
    pub fn visible_map(&self) -> Rect {
        self.view
            .intersect(Rect::from_corners(self.top_left, self.top_left + self.size()))
    }

    /// The map point (fractional cells, x east, y south) at a window
    /// position.
    pub fn cell_at(&self, window_pos: Vec2) -> Vec2 {
        (window_pos - self.top_left) / self.px_per_cell.max(f32::MIN_POSITIVE)
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

    const WINDOW: Vec2 = Vec2::new(1280.0, 800.0);
    const CELLS: UVec2 = UVec2::new(220, 140);

    #[test]
    fn zoom_one_is_the_fitted_map_and_panning_it_does_nothing() {
        let fitted = MapLayout::fit(WINDOW, 330.0, CELLS);
        assert_eq!(MapLayout::fit_zoomed(WINDOW, 330.0, CELLS, MapZoom::default()), fitted);
        let mut zoom = MapZoom::default();
        zoom.pan_px(Vec2::new(300.0, -120.0), &fitted);
        assert_eq!(MapLayout::fit_zoomed(WINDOW, 330.0, CELLS, zoom), fitted);
        assert_eq!(
            fitted.visible_map(),
            Rect::from_corners(fitted.top_left, fitted.top_left + fitted.size())
        );
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer() {
        let fitted = MapLayout::fit(WINDOW, 330.0, CELLS);
        let pointer = Vec2::new(900.0, 350.0);
        let under = fitted.cell_at(pointer);
        let mut zoom = MapZoom::default();
        zoom.zoom_about(4.0, pointer, &fitted);
        let zoomed = MapLayout::fit_zoomed(WINDOW, 330.0, CELLS, zoom);
        assert_eq!(zoom.zoom, 4.0);
        assert!((zoomed.px_per_cell - 4.0 * fitted.px_per_cell).abs() < 1e-4);
        assert!((zoomed.cell_at(pointer) - under).length() < 1e-3, "{under} moved");
        // Zooming again about another point keeps that one too.
        let other = Vec2::new(500.0, 600.0);
        let under = zoomed.cell_at(other);
        zoom.zoom_about(1.5, other, &fitted);
        let again = MapLayout::fit_zoomed(WINDOW, 330.0, CELLS, zoom);
        assert!((again.cell_at(other) - under).length() < 1e-3);
        // The visible map is right of the panel and inside the window.
        let v = again.visible_map();
        assert!(
            v.min.x >= 330.0 && v.max.x <= WINDOW.x && v.min.y >= 0.0 && v.max.y <= WINDOW.y,
            "{v:?}"
        );
    }

    #[test]
    fn panning_moves_the_map_with_the_pointer_but_not_off_it() {
        let fitted = MapLayout::fit(WINDOW, 330.0, CELLS);
        let mut zoom = MapZoom {
            zoom: 8.0,
            centre_cells: Some(Vec2::new(110.0, 70.0)),
        };
        let before = MapLayout::fit_zoomed(WINDOW, 330.0, CELLS, zoom);
        zoom.pan_px(Vec2::new(40.0, -25.0), &fitted);
        let after = MapLayout::fit_zoomed(WINDOW, 330.0, CELLS, zoom);
        assert!((after.top_left - before.top_left - Vec2::new(40.0, -25.0)).length() < 1e-3);
        // Dragged far past the north-west corner: the corner stops at the
        // fitted map's corner.
        zoom.pan_px(Vec2::new(1.0e6, 1.0e6), &fitted);
        let corner = MapLayout::fit_zoomed(WINDOW, 330.0, CELLS, zoom);
        assert!(
            (corner.top_left - fitted.top_left).length() < 1e-2,
            "{:?}",
            corner.top_left
        );
        // Out-of-range zooms are clamped.
        let far = MapZoom {
            zoom: 1000.0,
            centre_cells: None,
        }
        .clamped(CELLS);
        assert_eq!(far.zoom, MAX_ZOOM);
        assert_eq!(far.centre_cells, Some(Vec2::new(110.0, 70.0)));
        assert_eq!(
            MapZoom {
                zoom: f32::NAN,
                centre_cells: None
            }
            .clamped(CELLS)
            .zoom,
            1.0
        );
    }
}
