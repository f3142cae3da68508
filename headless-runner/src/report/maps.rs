//! Report maps as PNG over the terrain (`sim_core::view::terrain_rgba`):
//! the final burned area (when something burned), the maximum flood depth
//! (flood drills), and the ground teams' tracks, with the settlements marked. Row 0 is north, as in the grids.

use anyhow::Context;
use sim_core::SimView;
use sim_core::view::terrain_rgba;

use crate::report::{MapImage, bi};

/// Maps narrower than this are scaled up by whole pixels, so small grids
/// stay readable in a report.
const MIN_WIDTH_PX: u32 = 640;

/// Water depth drawn fully saturated, m.
const DEEP_WATER_M: f64 = 3.0;

/// Water shallower than this is left off the map, m (the depth at which a
/// place counts as flooded, `sim_core::sim::PLACE_FLOODED_DEPTH_M`).
const SHOWN_WATER_M: f64 = 0.1;

/// One RGB image the size of the grid.
struct Canvas {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Canvas {
    /// The terrain, faded towards white by `fade` (0 = as is) so overlays
    /// stand out.
    fn terrain(view: &SimView<'_>, fade: f64) -> Canvas {
        let rgba = terrain_rgba(view.terrain, view.land_cover);
        let rgb = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .map(|c| (f64::from(c) + (255.0 - f64::from(c)) * fade) as u8)
            .collect();
        Canvas {
            width: view.frame.width,
            height: view.frame.height,
            rgb,
        }
    }

    /// Mixes `colour` into a cell with weight `alpha` in [0, 1].
    fn blend(&mut self, cell: usize, colour: [u8; 3], alpha: f64) {
        let alpha = alpha.clamp(0.0, 1.0);
        if let Some(px) = self.rgb.get_mut(cell * 3..cell * 3 + 3) {
            for (c, target) in px.iter_mut().zip(colour) {
                *c = (f64::from(*c) * (1.0 - alpha) + f64::from(target) * alpha) as u8;
            }
        }
    }

    fn set(&mut self, x: i64, y: i64, colour: [u8; 3]) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return;
        }
        let cell = (y * i64::from(self.width) + x) as usize;
        self.blend(cell, colour, 1.0);
    }

    /// A straight line between two cells (Bresenham).
    fn line(&mut self, (x0, y0): (i64, i64), (x1, y1): (i64, i64), colour: [u8; 3]) {
        let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
        let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
        let (mut x, mut y, mut err) = (x0, y0, dx + dy);
        loop {
            self.set(x, y, colour);
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// A settlement: a white square with a black border.
    fn place(&mut self, x: i64, y: i64) {
        for dy in -2..=2i64 {
            for dx in -2..=2i64 {
                let edge = dx.abs() == 2 || dy.abs() == 2;
                self.set(x + dx, y + dy, if edge { [0, 0, 0] } else { [255, 255, 255] });
            }
        }
    }

    fn xy(&self, cell: u32) -> (i64, i64) {
        let w = self.width.max(1);
        (i64::from(cell % w), i64::from(cell / w))
    }

    /// PNG bytes, scaled up by whole pixels to at least [`MIN_WIDTH_PX`].
    fn png(&self) -> anyhow::Result<Vec<u8>> {
        let k = MIN_WIDTH_PX.div_ceil(self.width.max(1)).max(1);
        let (w, h) = (self.width * k, self.height * k);
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        for y in 0..h {
            for x in 0..w {
                let cell = ((y / k) * self.width + x / k) as usize * 3;
                rgb.extend_from_slice(self.rgb.get(cell..cell + 3).unwrap_or(&[0, 0, 0]));
            }
        }
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().context("cannot encode a map")?;
        writer.write_image_data(&rgb).context("cannot encode a map")?;
        writer.finish().context("cannot encode a map")?;
        Ok(bytes)
    }
}

/// The report's maps: burned area, maximum flood depth (flood drills
/// only), team tracks.
pub fn draw(view: &SimView<'_>) -> anyhow::Result<Vec<MapImage>> {
    let mut maps = Vec::new();
    let places: Vec<u32> = view
        .places
        .iter()
        .map(|p| p.cell.y * view.frame.width + p.cell.x)
        .collect();

    // A drill where nothing burned gets no burned-area map.
    if view.fire.burned_cells() > 0 {
        maps.push(burned_map(view, &places)?);
    }

    if let Some(flood) = view.flood {
        let mut water = Canvas::terrain(view, 0.35);
        for (cell, depth) in flood.max_depth_m().iter().enumerate() {
            if *depth > SHOWN_WATER_M {
                water.blend(cell, [10, 60, 200], 0.35 + 0.6 * (depth / DEEP_WATER_M).min(1.0));
            }
        }
        mark_places(&mut water, &places);
        maps.push(MapImage {
            file_name: "map-flood.png".into(),
            title: bi(
                &format!("最大淹没水深（蓝，{SHOWN_WATER_M} 米以上，{DEEP_WATER_M} 米及以上最深色）"),
                &format!("maximum flood depth (blue over {SHOWN_WATER_M} m, darkest at {DEEP_WATER_M} m and more)"),
            ),
            png: water.png()?,
        });
    }

    let mut tracks = Canvas::terrain(view, 0.55);
    for (i, team) in view.teams.iter().enumerate() {
        let colour = TRACK_COLOURS[i % TRACK_COLOURS.len()];
        let cells: Vec<(i64, i64)> = std::iter::once(team.base_cell)
            .chain(team.track.iter().map(|(_, c)| *c))
            .map(|c| tracks.xy(c))
            .collect();
        for pair in cells.windows(2) {
            tracks.line(pair[0], pair[1], colour);
        }
    }
    mark_places(&mut tracks, &places);
    let legend: Vec<String> = view
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let [r, g, b] = TRACK_COLOURS[i % TRACK_COLOURS.len()];
            format!("{} #{r:02x}{g:02x}{b:02x}", t.id)
        })
        .collect();
    maps.push(MapImage {
        file_name: "map-tracks.png".into(),
        title: bi(
            &format!("救援队伍行进轨迹：{}", legend.join("，")),
            &format!("ground team tracks: {}", legend.join(", ")),
        ),
        png: tracks.png()?,
    });
    Ok(maps)
}

/// Final burned area and firelines.
fn burned_map(view: &SimView<'_>, places: &[u32]) -> anyhow::Result<MapImage> {
    let mut burned = Canvas::terrain(view, 0.35);
    for cell in 0..(view.frame.width * view.frame.height) as usize {
        if view.fire.is_fireline(cell) {
            burned.blend(cell, [20, 20, 20], 0.9);
        } else if view.fire.is_burned(cell) {
            burned.blend(cell, [190, 20, 10], 0.75);
        }
    }
    mark_places(&mut burned, places);
    Ok(MapImage {
        file_name: "map-burned.png".into(),
        title: bi(
            "最终过火区域（红），防火隔离带（黑），居民点（白框）",
            "final burned area (red), firelines (black), settlements (white squares)",
        ),
        png: burned.png()?,
    })
}

/// Track colours, told apart on a pale map.
const TRACK_COLOURS: [[u8; 3]; 6] = [
    [200, 0, 0],
    [0, 70, 200],
    [150, 0, 160],
    [0, 130, 60],
    [220, 110, 0],
    [0, 0, 0],
];

fn mark_places(canvas: &mut Canvas, places: &[u32]) {
    for p in places {
        let (x, y) = canvas.xy(*p);
        canvas.place(x, y);
    }
}
