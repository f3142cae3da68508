//! Burning line features into the flood bed: river channels cut below the
//! resampled terrain along a polyline. (Dikes raise the bed; they burn
//! themselves in, `dike.rs`.)
//!
//! A DEM resampled to 50–100 m cells loses channels narrower than a cell or
//! two, and the flood then runs over the floodplain instead of down the
//! river. "Stream burning" lowers the cells along a mapped channel
//! (Hutchinson 1989; Saunders 1999, "Preparation of DEMs for use in
//! environmental modeling analysis", ESRI User Conference): here by a fixed
//! depth below the cell's own ground, which keeps the valley's fall along
//! the channel.

use crate::frame::{LonLat, MapFrame, MapPoint};

/// Row-major cells of a channel `width_m` wide along `path`: the
/// 4-connected cells the polyline passes through (so even a narrow channel
/// is continuous for face-to-face flow) and every cell whose centre lies
/// within half the width of the line. Sorted, each once.
pub fn channel_cells(frame: &MapFrame, path: &[LonLat], width_m: f64) -> Vec<usize> {
    let mut cells = frame.indices_along(path);
    let half = 0.5 * width_m.max(0.0);
    let points: Vec<MapPoint> = path.iter().map(|p| frame.to_map(*p)).collect();
    let segments: Vec<(MapPoint, MapPoint)> = match points.as_slice() {
        [single] => vec![(*single, *single)],
        _ => points.windows(2).map(|w| (w[0], w[1])).collect(),
    };
    let size = frame.cell_size_m;
    let (w, h) = (i64::from(frame.width), i64::from(frame.height));
    for (a, b) in segments {
        // Columns and rows (from the south) whose centres may be in reach.
        let lo_x = libm::floor((a.east_m.min(b.east_m) - half) / size) as i64;
        let hi_x = libm::ceil((a.east_m.max(b.east_m) + half) / size) as i64;
        let lo_s = libm::floor((a.north_m.min(b.north_m) - half) / size) as i64;
        let hi_s = libm::ceil((a.north_m.max(b.north_m) + half) / size) as i64;
        for s in lo_s.max(0)..=hi_s.min(h - 1) {
            for x in lo_x.max(0)..=hi_x.min(w - 1) {
                let p = MapPoint {
                    east_m: (x as f64 + 0.5) * size,
                    north_m: (s as f64 + 0.5) * size,
                };
                if distance_to_segment_m(p, a, b) <= half {
                    let y = h - 1 - s;
                    cells.push((y * w + x) as usize);
                }
            }
        }
    }
    cells.sort_unstable();
    cells.dedup();
    cells
}

/// Distance from `p` to the segment `a`–`b`, m.
fn distance_to_segment_m(p: MapPoint, a: MapPoint, b: MapPoint) -> f64 {
    let (dx, dy) = (b.east_m - a.east_m, b.north_m - a.north_m);
    let length2 = dx * dx + dy * dy;
    let t = if length2 > 0.0 {
        (((p.east_m - a.east_m) * dx + (p.north_m - a.north_m) * dy) / length2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (a.east_m + t * dx - p.east_m, a.north_m + t * dy - p.north_m);
    (ex * ex + ey * ey).sqrt()
}

/// Cuts a channel `depth_m` below `ground_m` on `cells`: the bed becomes
/// min(bed, ground − depth), so overlapping channels take the deeper cut
/// instead of adding up. `ground_m` is the terrain before any burning.
pub fn burn_channel(bed_m: &mut [f64], ground_m: &[f64], cells: &[usize], depth_m: f64) {
    for &c in cells {
        if let (Some(z), Some(g)) = (bed_m.get_mut(c), ground_m.get(c)) {
            *z = z.min(g - depth_m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> MapFrame {
        MapFrame {
            width: 20,
            height: 10,
            cell_size_m: 100.0,
            south_west: LonLat { lon: 118.0, lat: 48.0 },
        }
    }

    fn at(frame: &MapFrame, east_m: f64, north_m: f64) -> LonLat {
        frame.to_lon_lat(MapPoint { east_m, north_m })
    }

    #[test]
    fn a_wide_channel_covers_the_cells_within_half_its_width() {
        let f = frame();
        // West–east along the centre of row 4 (north_m 550 m, from the south: row 5).
        let path = [at(&f, 50.0, 550.0), at(&f, 1950.0, 550.0)];
        let narrow = channel_cells(&f, &path, 10.0);
        assert_eq!(narrow, (80..100).collect::<Vec<_>>(), "one row");
        // 250 m wide: centres 100 m either side are within 125 m, 200 m not.
        let wide = channel_cells(&f, &path, 250.0);
        assert_eq!(wide, (60..120).collect::<Vec<_>>(), "three rows");
    }

    #[test]
    fn a_diagonal_channel_is_4_connected() {
        let f = frame();
        let path = [at(&f, 50.0, 950.0), at(&f, 950.0, 50.0)];
        let cells = channel_cells(&f, &path, 1.0);
        let set: std::collections::BTreeSet<usize> = cells.iter().copied().collect();
        for k in 0..9 {
            // (k, k) → (k+1, k+1) passes through (k+1, k) or (k, k+1).
            let (diag, next) = (k * 20 + k, (k + 1) * 20 + k + 1);
            assert!(set.contains(&diag) && set.contains(&next));
            assert!(
                set.contains(&(diag + 1)) || set.contains(&(diag + 20)),
                "gap after {diag}"
            );
        }
    }

    #[test]
    fn burning_takes_the_deeper_cut() {
        let ground = vec![10.0, 11.0, 12.0];
        let mut bed = ground.clone();
        burn_channel(&mut bed, &ground, &[0, 1], 2.0);
        burn_channel(&mut bed, &ground, &[1, 2], 1.0);
        assert_eq!(bed, vec![8.0, 9.0, 11.0]);
    }
}
