//! The `trainer-app` binary: checks the arguments, loads the scenario and
//! opens the trainer's window. Exit codes: 0 ok, 1 the screenshot failed,
//! 2 bad arguments or a bad scenario.

use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::EguiPlugin;
use trainer_app::autosave::default_path;
use trainer_app::cli::{self, Args, Command};
use trainer_app::{
    AgentsLayerPlugin, AutoScreenshotPlugin, Autosave, AutosavePlugin, ControlsPanelPlugin, DrillSim, FireLayerPlugin,
    FloodLayerPlugin, FlowArrowsPlugin, MapViewPlugin, SimPlugin,
};

/// The window's size in physical pixels at start.
const WINDOW_SIZE: (u32, u32) = (1280, 800);

fn main() -> ExitCode {
    let mut raw = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(s) => raw.push(s),
            Err(bad) => {
                eprintln!("error: the argument {} is not valid UTF-8", bad.to_string_lossy());
                return ExitCode::from(2);
            }
        }
    }
    let args = match cli::parse(raw) {
        Ok(Command::Run(args)) => args,
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

/// Bevy's window backend panics without a display; say so plainly instead.
/// This build of Bevy speaks X11 only (the `x11` feature), which XWayland
/// also provides.
fn check_display() -> anyhow::Result<()> {
    if cfg!(all(unix, not(target_os = "macos"))) && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
        anyhow::bail!(
            "no X display: DISPLAY is not set. The trainer opens a window on X11 (or XWayland); \
             on a machine without a screen, run it under `xvfb-run -a -s \"-screen 0 1280x800x24\"`"
        );
    }
    Ok(())
}

/// Loads the drill and runs the app until its window closes (or the
/// screenshot is taken).
fn run(args: &Args) -> anyhow::Result<ExitCode> {
    // Everything a user supplied is checked before a window opens.
    let scenario = cli::load(args.scenario.as_deref())?;
    let sim = cli::start(&scenario, args)?;
    check_display()?;

    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Sandtable".into(),
            resolution: WindowResolution::new(WINDOW_SIZE.0, WINDOW_SIZE.1),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .add_plugins(SimPlugin::new(sim).with_speed(args.speed))
    .add_plugins(AutosavePlugin {
        path: args
            .record
            .clone()
            .unwrap_or_else(|| default_path(&scenario.file.id, args.seed)),
    })
    .add_plugins((
        MapViewPlugin,
        FloodLayerPlugin,
        FlowArrowsPlugin,
        FireLayerPlugin,
        AgentsLayerPlugin,
        ControlsPanelPlugin,
    ))
    // After the plugins, which start from the whole map and depth.
    .insert_resource(args.map_zoom())
    .insert_resource(args.flood_view);
    if let Some(path) = &args.screenshot {
        app.add_plugins(AutoScreenshotPlugin {
            path: path.clone(),
            frames: args.frames,
        });
    }
    let exit = app.run();
    // `AppExit` normally saved the record already; if the runner stopped
    // without the message reaching the save (or the drill moved since),
    // save once more so the end of the drill is never lost.
    let world = app.world_mut();
    if let (Some(drill), Some(mut saver)) = (world.remove_resource::<DrillSim>(), world.remove_resource::<Autosave>())
        && saver.unsaved(&drill)
        && let Err(e) = saver.save(&drill)
    {
        eprintln!("error: the drill record was NOT saved: {e}");
    }
    Ok(match exit {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    })
}
