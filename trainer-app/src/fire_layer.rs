//! [`FireLayerPlugin`]: the fire drawn over the terrain. One RGBA texture
//! the size of the grid, repainted from `sim_core`'s `FireField` when the
//! sim's tick changes: charred ground, the burning front coloured by
//! intensity, firelines and wetted cells.

use bevy::prelude::*;
use sim_core::Tick;
use sim_core::hazards::fire::FireField;

use crate::map_view::{overlay_repaint_due, spawn_overlay};
use crate::sim_plugin::{DrillSim, SimSet};

/// Height of the fire layer above the terrain (markers start at 1).
pub const FIRE_LAYER_Z: f32 = 0.5;

/// A cell burned this recently (simulated minutes) still shows as the front.
pub const FRONT_MINUTES: f32 = 10.0;

/// Unburned cells of the narrow band whose level-set value is below this
/// are the front entering them: drawn as burning, more faintly.
const EDGE_PHI: f64 = 0.5;

/// Frames between repaints at least. At ×600 a tick passes every frame;
/// repainting a large map each frame buys nothing the eye can see.
pub const REPAINT_MIN_FRAMES: u32 = 3;

/// Burns older than this (minutes) are drawn in the palest char.
const OLD_BURN_MINUTES: f32 = 180.0;

/// Byram intensity classes used for suppression (Alexander 2000, after
/// Hirsch & Martell 1996): below 500 kW/m hand crews can attack the head,
/// above 4000 kW/m nothing holds it. The front's colour runs between them.
const LOW_KW_PER_M: f32 = 500.0;
const HIGH_KW_PER_M: f32 = 4000.0;

/// Front colours at low, middle and high intensity (on the log scale).
const FRONT_LOW: [u8; 3] = [255, 205, 40];
const FRONT_MID: [u8; 3] = [255, 112, 0];
const FRONT_HIGH: [u8; 3] = [172, 12, 8];
const FRONT_ALPHA: u8 = 240;
const EDGE_ALPHA: u8 = 175;

/// Charred ground just behind the front, and long after.
const CHAR_FRESH: [u8; 3] = [40, 31, 27];
const CHAR_OLD: [u8; 3] = [86, 77, 70];
const CHAR_ALPHA: u8 = 192;

/// Firelines: a blue-black line; wetted ground: light blue.
const FIRELINE: [u8; 4] = [16, 22, 64, 245];
const WET: [u8; 4] = [110, 185, 255, 150];

/// What a cell of the fire layer shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FireLook {
    /// Nothing: the terrain shows through.
    Clear,
    /// Burning now: reached by the front in the last [`FRONT_MINUTES`].
    Front {
        /// Byram intensity when the front arrived, kW/m.
        intensity_kw_per_m: f32,
    },
    /// Not yet burned, but the front is entering it.
    Edge {
        /// Intensity of the strongest burned neighbour, kW/m.
        intensity_kw_per_m: f32,
    },
    /// Burned out.
    Burned {
        /// Minutes since the front arrived.
        age_min: f32,
    },
    /// A fireline holds here.
    Fireline,
    /// Wetted by a water or retardant drop.
    Wet,
}

impl FireLook {
    /// The layer's colour, sRGB with straight alpha.
    pub fn rgba(self) -> [u8; 4] {
        match self {
            FireLook::Clear => [0; 4],
            FireLook::Front { intensity_kw_per_m } => with_alpha(front_rgb(intensity_kw_per_m), FRONT_ALPHA),
            FireLook::Edge { intensity_kw_per_m } => with_alpha(front_rgb(intensity_kw_per_m), EDGE_ALPHA),
            FireLook::Burned { age_min } => {
                let t = ((age_min - FRONT_MINUTES) / (OLD_BURN_MINUTES - FRONT_MINUTES)).clamp(0.0, 1.0);
                with_alpha(lerp_rgb(CHAR_FRESH, CHAR_OLD, t), CHAR_ALPHA)
            }
            FireLook::Fireline => FIRELINE,
            FireLook::Wet => WET,
        }
    }
}

fn with_alpha([r, g, b]: [u8; 3], a: u8) -> [u8; 4] {
    [r, g, b, a]
}

fn lerp_rgb(a: [u8; 3], b: [u8; 3], t: f32) -> [u8; 3] {
    let mix = |x: u8, y: u8| {
        (f32::from(x) + (f32::from(y) - f32::from(x)) * t)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    [mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2])]
}

/// Yellow-orange below [`LOW_KW_PER_M`], deep red above [`HIGH_KW_PER_M`],
/// log-scaled between (intensity spans orders of magnitude).
fn front_rgb(intensity_kw_per_m: f32) -> [u8; 3] {
    let i = if intensity_kw_per_m.is_finite() {
        intensity_kw_per_m.clamp(LOW_KW_PER_M, HIGH_KW_PER_M)
    } else {
        LOW_KW_PER_M
    };
    let t = (i / LOW_KW_PER_M).ln() / (HIGH_KW_PER_M / LOW_KW_PER_M).ln();
    if t < 0.5 {
        lerp_rgb(FRONT_LOW, FRONT_MID, t * 2.0)
    } else {
        lerp_rgb(FRONT_MID, FRONT_HIGH, (t - 0.5) * 2.0)
    }
}

/// What cell `i` of `fire` shows at `now_min` (the fire's clock), except
/// the band's edge cells, which [`paint`] adds over these.
pub fn cell_look(fire: &FireField, i: usize, now_min: f32) -> FireLook {
    if fire.is_fireline(i) {
        return FireLook::Fireline;
    }
    let arrival = fire.arrival_min().get(i).copied().unwrap_or(f32::INFINITY);
    if fire.is_burned(i) && arrival.is_finite() {
        let age_min = (now_min - arrival).max(0.0);
        return if age_min <= FRONT_MINUTES {
            FireLook::Front {
                intensity_kw_per_m: fire.intensity_kw_per_m().get(i).copied().unwrap_or(0.0),
            }
        } else {
            FireLook::Burned { age_min }
        };
    }
    if fire.is_wet(i) {
        return FireLook::Wet;
    }
    FireLook::Clear
}

/// The strongest front intensity among the burned neighbours of cell `i`.
fn neighbour_intensity(fire: &FireField, i: usize) -> f32 {
    let (w, h) = (fire.width(), fire.height());
    let (x, y) = (i % w, i / w);
    let mut best = 0.0f32;
    for ny in y.saturating_sub(1)..=(y + 1).min(h - 1) {
        for nx in x.saturating_sub(1)..=(x + 1).min(w - 1) {
            let n = ny * w + nx;
            if n != i && fire.is_burned(n) {
                best = best.max(fire.intensity_kw_per_m().get(n).copied().unwrap_or(0.0));
            }
        }
    }
    best
}

/// Paints the whole layer: 4 bytes per cell, row 0 north, as the terrain
/// texture. `out` must hold `width × height × 4` bytes.
pub fn paint(fire: &FireField, out: &mut [u8]) {
    let now_min = fire.time_min() as f32;
    for (i, px) in out.chunks_exact_mut(4).enumerate() {
        px.copy_from_slice(&cell_look(fire, i, now_min).rgba());
    }
    // The front entering unburned cells: only band cells can be partly
    // burned, so this pass follows the perimeter, not the map.
    let phi = fire.phi();
    for &c in fire.band() {
        let i = c as usize;
        let entering = phi.get(i).is_some_and(|p| *p > 0.0 && *p < EDGE_PHI);
        if entering
            && fire.is_burnable(i)
            && !fire.is_wet(i)
            && let Some(px) = out.get_mut(i * 4..i * 4 + 4)
        {
            let look = FireLook::Edge {
                intensity_kw_per_m: neighbour_intensity(fire, i),
            };
            px.copy_from_slice(&look.rgba());
        }
    }
}

/// The fire layer's texture. Inserted by [`FireLayerPlugin`].
#[derive(Resource, Debug, Clone)]
pub struct FireLayer {
    /// The grid-sized RGBA image the sprite shows.
    pub image: Handle<Image>,
    /// The tick it was last painted for (`None` before the first paint).
    pub painted: Option<Tick>,
}

/// Draws the fire over the terrain. Needs [`crate::SimPlugin`] and an
/// `Assets<Image>` (Bevy's `ImagePlugin`); with [`crate::MapViewPlugin`]
/// the layer is fitted exactly over the terrain.
#[derive(Debug, Default)]
pub struct FireLayerPlugin;

impl Plugin for FireLayerPlugin {
    fn build(&self, app: &mut App) {
        app.add_systems(Startup, spawn_fire_layer)
            .add_systems(Update, repaint_fire_layer.in_set(SimSet::SyncView));
    }
}

fn spawn_fire_layer(mut commands: Commands, drill: Res<DrillSim>, mut images: ResMut<Assets<Image>>) {
    let frame = drill.sim().view().frame;
    let handle = spawn_overlay(&mut commands, &mut images, frame.width, frame.height, FIRE_LAYER_Z);
    commands.insert_resource(FireLayer {
        image: handle,
        painted: None,
    });
}

/// Repaints when the tick changed, at most every [`REPAINT_MIN_FRAMES`]
/// frames; a tick skipped that way is painted a few frames later, so the
/// layer always ends on the sim's state.
fn repaint_fire_layer(
    drill: Res<DrillSim>,
    layer: Option<ResMut<FireLayer>>,
    mut images: ResMut<Assets<Image>>,
    mut frames_since: Local<u32>,
) {
    *frames_since = frames_since.saturating_add(1);
    let Some(mut layer) = layer else {
        return;
    };
    let view = drill.sim().view();
    if !overlay_repaint_due(layer.painted, view.tick, *frames_since, REPAINT_MIN_FRAMES) {
        return;
    }
    let Some(mut image) = images.get_mut(&layer.image) else {
        return;
    };
    let Some(data) = image.data.as_mut() else {
        return;
    };
    paint(view.fire, data);
    layer.painted = Some(view.tick);
    *frames_since = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_front_runs_from_yellow_to_deep_red() {
        let low = front_rgb(100.0);
        let mid = front_rgb(1400.0);
        let high = front_rgb(20_000.0);
        assert_eq!(low, FRONT_LOW);
        assert_eq!(high, FRONT_HIGH);
        assert!(low[1] > mid[1] && mid[1] > high[1], "{low:?} {mid:?} {high:?}");
        assert_eq!(front_rgb(f32::NAN), FRONT_LOW);
    }

    #[test]
    fn older_burns_are_paler() {
        let fresh = FireLook::Burned { age_min: 11.0 }.rgba();
        let old = FireLook::Burned { age_min: 500.0 }.rgba();
        assert!(fresh[0] < old[0] && fresh[3] == old[3]);
    }

    fn burn_all(_: usize) -> sim_core::hazards::fire::FireBehavior {
        sim_core::hazards::fire::FireBehavior::NONE
    }

    #[test]
    fn paint_shows_ignition_fireline_and_wet_cells() {
        let (w, h) = (8, 6);
        let mut fire = FireField::new(w, h, 100.0, &vec![true; w * h]);
        let mut out = vec![7u8; w * h * 4];
        paint(&fire, &mut out);
        assert!(out.iter().all(|b| *b == 0), "an unburned field is clear");

        assert!(fire.ignite(2 * w + 3, 900.0, &burn_all));
        fire.build_fireline(&[5 * w + 5], 2.0);
        fire.wet(&[0], 30.0, &burn_all);
        paint(&fire, &mut out);
        let at = |out: &[u8], i: usize| <[u8; 4]>::try_from(&out[i * 4..i * 4 + 4]).unwrap();
        assert_eq!(
            at(&out, 2 * w + 3),
            FireLook::Front {
                intensity_kw_per_m: 900.0
            }
            .rgba()
        );
        assert_eq!(at(&out, 5 * w + 5), FIRELINE);
        assert_eq!(at(&out, 0), WET);
        assert_eq!(at(&out, w * h - 1), [0; 4]);

        fire.set_time_min(60.0);
        paint(&fire, &mut out);
        assert_eq!(at(&out, 2 * w + 3), FireLook::Burned { age_min: 60.0 }.rgba());
        assert_eq!(at(&out, 0), [0; 4], "dry again");
    }
}
