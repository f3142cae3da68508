//! Zooming and panning the map: the mouse wheel zooms about the pointer,
//! dragging with the left button pans, `+` / `-` zoom about the map's
//! centre and `0` shows the whole map again. The result is the
//! [`MapZoom`] resource, which `map_view` turns into the [`MapLayout`].
//!
//! Input over the controls panel (or while egui uses the pointer or the
//! keyboard) is egui's, not the map's.

use bevy::input::mouse::{AccumulatedMouseScroll, MouseScrollUnit};
use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::input::EguiWantsInput;

use crate::layout::{MapLayout, MapZoom, SidePanelWidth};
use crate::sim_plugin::DrillSim;

/// Zoom per wheel notch (a "line"); pixel-precise wheels and touchpads
/// scroll about 100 px a notch.
const ZOOM_PER_LINE: f32 = 1.25;
const PX_PER_LINE: f32 = 100.0;

/// Zoom per key press.
const ZOOM_PER_KEY: f32 = 1.5;

/// Reads the wheel, drags and keys into [`MapZoom`]; runs before the map is
/// fitted each frame.
#[allow(clippy::too_many_arguments, reason = "one system reads each input device")]
pub fn pan_and_zoom(
    window: Single<&Window, With<PrimaryWindow>>,
    panel: Res<SidePanelWidth>,
    drill: Res<DrillSim>,
    scroll: Option<Res<AccumulatedMouseScroll>>,
    buttons: Option<Res<ButtonInput<MouseButton>>>,
    keys: Option<Res<ButtonInput<KeyCode>>>,
    egui_wants: Option<Res<EguiWantsInput>>,
    mut zoom: ResMut<MapZoom>,
    mut dragged_from: Local<Option<Vec2>>,
) {
    let frame = drill.sim().view().frame;
    let fitted = MapLayout::fit(
        Vec2::new(window.width(), window.height()),
        panel.0,
        UVec2::new(frame.width, frame.height),
    );
    let mut new = *zoom;
    let egui_pointer = egui_wants.as_ref().is_some_and(|w| w.is_using_pointer());
    let cursor = window.cursor_position().filter(|p| fitted.view.contains(*p));

    if let (Some(at), Some(scroll)) = (cursor, scroll.as_ref())
        && !egui_pointer
        && scroll.delta.y != 0.0
    {
        let lines = match scroll.unit {
            MouseScrollUnit::Line => scroll.delta.y,
            MouseScrollUnit::Pixel => scroll.delta.y / PX_PER_LINE,
        };
        new.zoom_about(ZOOM_PER_LINE.powf(lines), at, &fitted);
    }

    // A drag pans only if it started over the map.
    let held = buttons.as_ref().is_some_and(|b| b.pressed(MouseButton::Left));
    match (held, window.cursor_position()) {
        (true, Some(now)) => {
            if let Some(from) = *dragged_from {
                if now != from {
                    new.pan_px(now - from, &fitted);
                }
                *dragged_from = Some(now);
            } else if buttons.as_ref().is_some_and(|b| b.just_pressed(MouseButton::Left))
                && cursor.is_some()
                && !egui_pointer
            {
                *dragged_from = Some(now);
            }
        }
        _ => *dragged_from = None,
    }

    let egui_keys = egui_wants.as_ref().is_some_and(|w| w.wants_keyboard_input());
    if let Some(keys) = keys.as_ref()
        && !egui_keys
    {
        let centre = fitted.top_left + fitted.size() / 2.0;
        if keys.any_just_pressed([KeyCode::Equal, KeyCode::NumpadAdd]) {
            new.zoom_about(ZOOM_PER_KEY, centre, &fitted);
        }
        if keys.any_just_pressed([KeyCode::Minus, KeyCode::NumpadSubtract]) {
            new.zoom_about(1.0 / ZOOM_PER_KEY, centre, &fitted);
        }
        if keys.any_just_pressed([KeyCode::Digit0, KeyCode::Numpad0, KeyCode::Home]) {
            new = MapZoom::default();
        }
    }
    if *zoom != new {
        *zoom = new;
    }
}
