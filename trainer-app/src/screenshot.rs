//! [`AutoScreenshotPlugin`]: `--screenshot PATH`. After a number of frames,
//! capture the primary window to a file and exit: how CI and humans check
//! that the trainer really draws.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};

/// Frames to wait for the capture after asking for it before giving up.
const CAPTURE_TIMEOUT_FRAMES: u32 = 600;

/// Saves a screenshot of the primary window to `path` after `frames` frames,
/// then exits: with success once the file is written, with code 1 if it
/// could not be written or never arrived.
#[derive(Debug, Clone)]
pub struct AutoScreenshotPlugin {
    /// Where to write the image (the extension picks the format).
    pub path: PathBuf,
    /// Frames to wait first.
    pub frames: u32,
}

#[derive(Resource, Debug, Clone)]
struct ScreenshotRequest {
    path: PathBuf,
    frames: u32,
}

impl Plugin for AutoScreenshotPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(ScreenshotRequest {
            path: self.path.clone(),
            frames: self.frames,
        })
        .add_systems(Update, request_screenshot);
    }
}

fn request_screenshot(
    mut commands: Commands,
    request: Res<ScreenshotRequest>,
    mut frame: Local<u32>,
    mut exit: MessageWriter<AppExit>,
) {
    *frame += 1;
    if *frame == request.frames {
        let path = request.path.clone();
        // A stale file from an earlier run must not pass for this one.
        if path.exists()
            && let Err(e) = std::fs::remove_file(&path)
        {
            error!("cannot remove the old screenshot {}: {e}", path.display());
            exit.write(AppExit::error());
            return;
        }
        info!("taking a screenshot to {}", path.display());
        let mut save = save_to_disk(path.clone());
        // `save_to_disk` writes synchronously inside the observer, so once it
        // returns the file is complete (or failed): exit right there.
        commands.spawn(Screenshot::primary_window()).observe(
            move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
                save(captured);
                if path.is_file() {
                    exit.write(AppExit::Success);
                } else {
                    error!("the screenshot could not be written to {}", path.display());
                    exit.write(AppExit::error());
                }
            },
        );
    } else if *frame == request.frames.saturating_add(CAPTURE_TIMEOUT_FRAMES) {
        error!("no screenshot arrived {CAPTURE_TIMEOUT_FRAMES} frames after it was asked for");
        exit.write(AppExit::error());
    }
}
