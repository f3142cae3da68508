//! The command line: parsing and checking the arguments (every problem at
//! once, before any work), and loading the scenario they name.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use sim_core::{Scenario, Sim, Tick, builtin, load_scenario};

use crate::flood_layer::FloodView;
use crate::layout::{MAX_ZOOM, MapZoom};
use crate::sim_plugin::SimSpeed;

/// Frames waited before a `--screenshot` when `--frames` is not given: enough
/// for egui to lay out twice and its font atlas to be built.
pub const DEFAULT_SCREENSHOT_FRAMES: u32 = 60;

/// The usage text printed by `--help` and after argument errors.
pub const USAGE: &str = "\
usage: trainer-app [SCENARIO] [--seed N] [--speed 0|1|60|600] [--run-minutes N]
                   [--zoom Z] [--centre X,Y] [--flood-view depth|hazard|max-depth]
                   [--screenshot PATH] [--frames N] [--record PATH]

  SCENARIO           a scenario file (.ron), or a built-in drill's id (synthetic-river-flood,
                     also as builtin:ID); without it, the built-in default drill
  --seed N           the drill's random seed (default 1)
  --speed S          start at ×S: 0 (paused, default), 1, 60 or 600 simulated s per real s
  --run-minutes N    run the drill N simulated minutes before the window opens (default 0)
  --zoom Z           start zoomed in Z times, 1 (the whole map, default) to 32; then the
                     mouse wheel zooms, dragging pans, + and - zoom, 0 shows the whole map
  --centre X,Y       start centred on cell column X, row Y (row 0 is the north edge)
  --flood-view V     what the flood layer shows: depth (default), hazard (FD2320 classes)
                     or max-depth
  --screenshot PATH  after --frames frames, save the window to PATH (.png) and exit
  --frames N         frames to wait before the screenshot (default 60)
  --record PATH      write the drill record (orders, injects) here, atomically, every 5
                     simulated minutes, after each order and on exit (default
                     autosave/SCENARIO-ID-seedN.ron under the current directory)
  -h, --help         print this help";

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    /// The scenario file, or `None` for the built-in default.
    pub scenario: Option<PathBuf>,
    /// Random seed.
    pub seed: u64,
    /// Speed at start.
    pub speed: SimSpeed,
    /// Simulated minutes stepped before the window opens.
    pub run_minutes: u32,
    /// Zoom at start (1 = the whole map).
    pub zoom: f32,
    /// The cell (column, row) to centre on at start; `None` = the map's centre.
    pub centre: Option<(u32, u32)>,
    /// What the flood layer shows at start.
    pub flood_view: FloodView,
    /// Where to save a screenshot before exiting.
    pub screenshot: Option<PathBuf>,
    /// Frames to wait before the screenshot.
    pub frames: u32,
    /// Where to write the drill record; `None` = [`crate::autosave::default_path`].
    pub record: Option<PathBuf>,
}

impl Default for Args {
    fn default() -> Args {
        Args {
            scenario: None,
            seed: 1,
            speed: SimSpeed::Paused,
            run_minutes: 0,
            zoom: 1.0,
            centre: None,
            flood_view: FloodView::Depth,
            screenshot: None,
            frames: DEFAULT_SCREENSHOT_FRAMES,
            record: None,
        }
    }
}

impl Args {
    /// The map's zoom at start: `--zoom`, centred on the middle of the
    /// `--centre` cell.
    pub fn map_zoom(&self) -> MapZoom {
        MapZoom {
            zoom: self.zoom,
            centre_cells: self
                .centre
                .map(|(x, y)| bevy::math::Vec2::new(x as f32 + 0.5, y as f32 + 0.5)),
        }
    }
}

/// The outcome of parsing: run, or print help.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Run the trainer.
    Run(Args),
    /// `--help` was asked for.
    Help,
}

/// Every problem found in the arguments, one per line when displayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgsError {
    /// One message per problem, in argument order.
    pub problems: Vec<String>,
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(f, "{n} problem{} with the arguments:", if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ArgsError {}

/// Parses the arguments after the program name. Accepts `--flag value` and
/// `--flag=value`; `--` ends the flags.
pub fn parse<I, S>(args: I) -> Result<Command, ArgsError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut out = Args::default();
    let mut problems = Vec::new();
    let mut frames_given = false;
    let mut positional_only = false;
    let mut args = args.into_iter().map(Into::into);
    while let Some(arg) = args.next() {
        if positional_only || !arg.starts_with('-') || arg == "-" {
            if out.scenario.is_some() {
                problems.push(format!(
                    "unexpected extra argument `{arg}` (only one scenario path is taken)"
                ));
            } else {
                out.scenario = Some(PathBuf::from(arg));
            }
            continue;
        }
        if arg == "--" {
            positional_only = true;
            continue;
        }
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) => (f.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        if !matches!(
            flag.as_str(),
            "--seed"
                | "--speed"
                | "--run-minutes"
                | "--zoom"
                | "--centre"
                | "--flood-view"
                | "--screenshot"
                | "--frames"
                | "--record"
        ) {
            problems.push(format!("unknown option `{flag}`"));
            continue;
        }
        let Some(value) = inline.or_else(|| args.next()) else {
            problems.push(format!("`{flag}` needs a value"));
            continue;
        };
        match flag.as_str() {
            "--seed" => match value.parse::<u64>() {
                Ok(seed) => out.seed = seed,
                Err(_) => problems.push(format!(
                    "`--seed {value}`: the seed must be a whole number from 0 to {}",
                    u64::MAX
                )),
            },
            "--speed" => match value.parse::<u32>().ok().and_then(SimSpeed::from_factor) {
                Some(speed) => out.speed = speed,
                None => problems.push(format!("`--speed {value}`: the speed must be 0, 1, 60 or 600")),
            },
            "--run-minutes" => match value.parse::<u32>() {
                Ok(minutes) => out.run_minutes = minutes,
                Err(_) => problems.push(format!(
                    "`--run-minutes {value}`: the minutes must be a whole number from 0 to {}",
                    u32::MAX
                )),
            },
            "--zoom" => match value.parse::<f32>() {
                Ok(z) if (1.0..=MAX_ZOOM).contains(&z) => out.zoom = z,
                _ => problems.push(format!(
                    "`--zoom {value}`: the zoom must be a number from 1 to {MAX_ZOOM}"
                )),
            },
            "--centre" => match value
                .split_once(',')
                .and_then(|(x, y)| Some((x.trim().parse::<u32>().ok()?, y.trim().parse::<u32>().ok()?)))
            {
                Some(cell) => out.centre = Some(cell),
                None => problems.push(format!(
                    "`--centre {value}`: give the cell as column,row (whole numbers, e.g. 110,70)"
                )),
            },
            "--flood-view" => match FloodView::from_name(&value) {
                Some(view) => out.flood_view = view,
                None => problems.push(format!(
                    "`--flood-view {value}`: the view must be depth, hazard or max-depth"
                )),
            },
            "--screenshot" => {
                if value.is_empty() {
                    problems.push("`--screenshot` needs a file path".to_owned());
                } else {
                    out.screenshot = Some(PathBuf::from(value));
                }
            }
            "--record" => {
                if value.is_empty() {
                    problems.push("`--record` needs a file path".to_owned());
                } else {
                    out.record = Some(PathBuf::from(value));
                }
            }
            _ => match value.parse::<u32>() {
                Ok(n) if n > 0 => {
                    out.frames = n;
                    frames_given = true;
                }
                _ => problems.push(format!(
                    "`--frames {value}`: the frame count must be a whole number ≥ 1"
                )),
            },
        }
    }
    if frames_given && out.screenshot.is_none() {
        problems.push("`--frames` only applies with `--screenshot PATH`".to_owned());
    }
    if problems.is_empty() {
        Ok(Command::Run(out))
    } else {
        Err(ArgsError { problems })
    }
}

/// The built-in drill `path` names (`ID` or `builtin:ID`), unless a file
/// of that name exists: a file always wins.
fn builtin_named(path: &Path) -> Option<builtin::BuiltinScenario> {
    let text = path.to_str()?;
    let found = builtin::find(text.strip_prefix("builtin:").unwrap_or(text))?;
    (!path.exists()).then_some(found)
}

/// Loads the scenario file at `path`, reading any file it refers to
/// relative to its own directory; or the built-in drill it names by id; or
/// the built-in default drill.
pub fn load(path: Option<&Path>) -> anyhow::Result<Scenario> {
    let Some(path) = path else {
        return load_builtin(builtin::DEFAULT);
    };
    if let Some(found) = builtin_named(path) {
        return load_builtin(found);
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the scenario file {}", path.display()))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut resolve = |relative: &str| {
        let full = dir.join(relative);
        std::fs::read_to_string(&full).map_err(|e| format!("cannot read {}: {e}", full.display()))
    };
    Ok(load_scenario(&path.display().to_string(), &text, &mut resolve)?)
}

fn load_builtin(found: builtin::BuiltinScenario) -> anyhow::Result<Scenario> {
    let name = format!("builtin:{}", found.id);
    Ok(load_scenario(&name, found.text, &mut sim_core::scenario::no_files)?)
}

/// The drill the arguments ask for: `scenario` with the seed, already run
/// `--run-minutes` simulated minutes (tick by tick, as the trainer would
/// at any speed, so the result is the same). Its events stay in the sim's
/// outbox, so the trainer's event feed shows them.
pub fn start(scenario: &Scenario, args: &Args) -> anyhow::Result<Sim> {
    let mut sim = Sim::new(scenario, args.seed);
    let ticks = Tick::from_minutes(u64::from(args.run_minutes));
    if ticks > sim.end() {
        anyhow::bail!(
            "`--run-minutes {}`: the drill lasts only {} (h:m:s)",
            args.run_minutes,
            sim.end()
        );
    }
    sim.step(ticks.0);
    Ok(sim)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Args {
        match parse(args.iter().copied()) {
            Ok(Command::Run(a)) => a,
            other => panic!("expected Run, got {other:?}"),
        }
    }

    #[test]
    fn defaults_without_arguments() {
        assert_eq!(run(&[]), Args::default());
    }

    #[test]
    fn all_flags_in_both_forms() {
        let a = run(&[
            "drill.ron",
            "--seed",
            "42",
            "--speed=600",
            "--run-minutes",
            "90",
            "--screenshot",
            "out.png",
            "--frames=5",
            "--record=drills/a.ron",
        ]);
        assert_eq!(a.record, Some(PathBuf::from("drills/a.ron")));
        assert_eq!(a.scenario, Some(PathBuf::from("drill.ron")));
        assert_eq!(a.seed, 42);
        assert_eq!(a.speed, SimSpeed::X600);
        assert_eq!(a.run_minutes, 90);
        assert_eq!(a.screenshot, Some(PathBuf::from("out.png")));
        assert_eq!(a.frames, 5);
    }

    #[test]
    fn every_problem_is_reported() {
        let err = parse([
            "--seed",
            "-3",
            "--speed",
            "7",
            "--bogus",
            "a.ron",
            "b.ron",
            "--frames",
            "0",
            "--run-minutes=-5",
            "--screenshot",
        ])
        .unwrap_err();
        assert_eq!(err.problems.len(), 7, "{err}");
        let text = err.to_string();
        assert_eq!(text.lines().count(), 8, "{text}");
        assert!(text.contains("--run-minutes -5"));
        assert!(text.contains("--bogus"));
        assert!(text.contains("`--screenshot` needs a value"));
    }

    #[test]
    fn zoom_centre_and_flood_view() {
        let a = run(&["--zoom", "6", "--centre=120,64", "--flood-view", "hazard"]);
        assert_eq!(a.zoom, 6.0);
        assert_eq!(a.centre, Some((120, 64)));
        assert_eq!(a.flood_view, FloodView::Hazard);
        let err = parse(["--zoom", "0.5", "--centre", "12", "--flood-view", "speed", "--zoom=99"]).unwrap_err();
        assert_eq!(err.problems.len(), 4, "{err}");
        assert!(err.to_string().contains("`--centre 12`"), "{err}");
    }

    #[test]
    fn frames_needs_a_screenshot() {
        let err = parse(["--frames", "10"]).unwrap_err();
        assert_eq!(err.problems.len(), 1);
    }

    #[test]
    fn help_wins() {
        assert_eq!(parse(["--speed", "9", "--help"]), Ok(Command::Help));
    }

    #[test]
    fn builtin_scenario_loads_and_a_missing_file_is_an_error() {
        assert!(load(None).is_ok());
        let err = load(Some(Path::new("/nonexistent/drill.ron"))).unwrap_err();
        assert!(format!("{err:#}").contains("/nonexistent/drill.ron"));
    }

    #[test]
    fn builtin_ids_name_builtin_drills() {
        for name in ["synthetic-river-flood", "builtin:synthetic-river-flood"] {
            let scenario = load(Some(Path::new(name))).expect("the flood drill loads");
            assert!(Sim::new(&scenario, 1).view().flood.is_some(), "{name}");
        }
        let err = load(Some(Path::new("no-such-drill"))).unwrap_err();
        assert!(format!("{err:#}").contains("no-such-drill"));
    }

    #[test]
    fn run_minutes_steps_the_sim_within_the_drill() {
        let scenario = load(None).unwrap();
        let args = Args {
            run_minutes: 30,
            ..Args::default()
        };
        let sim = start(&scenario, &args).unwrap();
        assert_eq!(sim.tick(), Tick::from_minutes(30));
        let mut plain = Sim::new(&scenario, args.seed);
        for _ in 0..sim.tick().0 {
            plain.step(1);
        }
        assert_eq!(sim.state_hash(), plain.state_hash());

        let too_long = Args {
            run_minutes: 100_000,
            ..Args::default()
        };
        let err = start(&scenario, &too_long).unwrap_err();
        assert!(err.to_string().contains("--run-minutes 100000"), "{err}");
    }
}
