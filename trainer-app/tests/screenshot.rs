//! A real window: run the built binary with `--screenshot` (under Xvfb when
//! there is no display), two hours into the default drill, then check the
//! PNG shows a map with the fire where the sim has it, and a panel with
//! text. Needs a Vulkan driver; on a machine without a GPU, Mesa's lavapipe
//! (`mesa-vulkan-drivers`) does.

#![allow(
    clippy::expect_used,
    reason = "a panic with a message is how a test reports a failure"
)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bevy::math::{UVec2, Vec2};
use trainer_app::cli::Args;
use trainer_app::fire_layer::{FireLook, cell_look};
use trainer_app::layout::MapLayout;

/// Longest the binary may take, window start-up included.
const TIMEOUT: Duration = Duration::from_secs(120);

/// The controls panel's width in the screenshot (the window is at scale 1
/// under Xvfb).
const PANEL_PX: u32 = trainer_app::controls_panel::PANEL_WIDTH as u32;

/// The window's size under Xvfb, logical = physical pixels.
const WINDOW: (u32, u32) = (1280, 800);

/// Simulated minutes run before the screenshot: the default drill's fire
/// (ignited at 15 min) is then a few square kilometres, its head burning
/// hard after the wind backs west at 80 min, and has reached Hada Gacha.
const RUN_MINUTES: u32 = 120;

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// The command that runs the trainer: directly with a display, else under
/// `xvfb-run`. Fails (never skips) when neither is possible.
fn trainer_command(shot: &Path) -> Command {
    let bin = env!("CARGO_BIN_EXE_trainer-app");
    let minutes = RUN_MINUTES.to_string();
    let args = [
        "--run-minutes",
        minutes.as_str(),
        "--screenshot",
        shot.to_str().expect("UTF-8 temp path"),
        "--frames",
        "60",
    ];
    let has_display = std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty())
        || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|d| !d.is_empty());
    if has_display {
        let mut cmd = Command::new(bin);
        cmd.args(args);
        return cmd;
    }
    let Some(xvfb_run) = which("xvfb-run") else {
        panic!(
            "no DISPLAY and no `xvfb-run`: install the Debian packages `xvfb` (virtual X server) and \
             `mesa-vulkan-drivers` (lavapipe, software Vulkan) to run the window test"
        );
    };
    let mut cmd = Command::new(xvfb_run);
    cmd.args(["-a", "-s", "-screen 0 1280x800x24", bin]).args(args);
    cmd
}

/// Runs `cmd` to completion or kills it after [`TIMEOUT`]; returns its exit
/// status and output.
fn run_with_timeout(mut cmd: Command) -> (std::process::ExitStatus, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("output.txt");
    let out = std::fs::File::create(&out_path).expect("output file");
    let err = out.try_clone().expect("clone output file");
    // Its own process group, so a timeout kills xvfb-run, Xvfb and the
    // trainer together rather than orphaning the X server.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .spawn()
        .expect("spawn the trainer");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the trainer") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            #[cfg(unix)]
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            let output = std::fs::read_to_string(&out_path).unwrap_or_default();
            panic!("the trainer did not exit within {TIMEOUT:?}; its output:\n{output}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (status, std::fs::read_to_string(&out_path).unwrap_or_default())
}

struct Rgb {
    width: u32,
    height: u32,
    /// 3 bytes per pixel.
    data: Vec<u8>,
}

impl Rgb {
    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * self.width + x) * 3) as usize;
        [self.data[i], self.data[i + 1], self.data[i + 2]]
    }
}

fn decode(path: &Path) -> Rgb {
    let file = std::fs::File::open(path).expect("open the screenshot");
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    buf.truncate(info.buffer_size());
    let channels = info.color_type.samples();
    assert!(channels >= 3, "expected colour, got {:?}", info.color_type);
    let data = buf
        .chunks_exact(channels)
        .flat_map(|px| [px[0], px[1], px[2]])
        .collect();
    Rgb {
        width: info.width,
        height: info.height,
        data,
    }
}

/// The burning front over any terrain: bright, red-dominated, little blue.
fn is_front_colour([r, g, b]: [u8; 3]) -> bool {
    r >= 150 && u16::from(r) >= u16::from(g) + 40 && b <= 90
}

/// Charred ground over any terrain: dark and nearly grey.
fn is_char_colour([r, g, b]: [u8; 3]) -> bool {
    let luma = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000;
    luma <= 130 && r.max(g).max(b) - r.min(g).min(b) <= 60
}

/// Where the screenshot must show the fire: window pixels at the centres of
/// the cells the sim has burning and burned.
struct ExpectedFire {
    front: Vec<(u32, u32)>,
    burned: Vec<(u32, u32)>,
}

/// The fire at the screenshot's time, computed by the sim here, away from
/// markers and labels.
fn expected_fire() -> ExpectedFire {
    let scenario = trainer_app::cli::load(None).expect("the built-in scenario loads");
    let args = Args {
        run_minutes: RUN_MINUTES,
        ..Args::default()
    };
    let sim = trainer_app::cli::start(&scenario, &args).expect("the drill runs");
    let view = sim.view();
    let (w, h) = (view.frame.width, view.frame.height);
    let layout = MapLayout::fit(
        Vec2::new(WINDOW.0 as f32, WINDOW.1 as f32),
        trainer_app::controls_panel::PANEL_WIDTH,
        UVec2::new(w, h),
    );
    // Markers and labels cover the map near places and the ignition.
    let covered = |x: u32, y: u32| {
        let near = |c: sim_core::frame::Cell, r: i64| {
            (i64::from(x) - i64::from(c.x)).abs() <= r && (i64::from(y) - i64::from(c.y)).abs() <= r
        };
        view.places
            .iter()
            .any(|p| near(p.cell, 4) || (x >= p.cell.x && x <= p.cell.x + 50 && y.abs_diff(p.cell.y) <= 3))
            || near(sim_core::frame::Cell { x: 51, y: 51 }, 3)
    };
    let now = view.fire.time_min() as f32;
    let (mut front, mut burned) = (Vec::new(), Vec::new());
    for y in 0..h {
        for x in 0..w {
            if covered(x, y) {
                continue;
            }
            let at = layout.cell_centre(x, y);
            let px = (at.x as u32, at.y as u32);
            match cell_look(view.fire, (y * w + x) as usize, now) {
                FireLook::Front { .. } => front.push(px),
                FireLook::Burned { .. } => burned.push(px),
                _ => {}
            }
        }
    }
    ExpectedFire { front, burned }
}

#[test]
fn window_shows_the_map_the_fire_and_the_panel() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shot = dir.path().join("shot.png");
    let (status, output) = run_with_timeout(trainer_command(&shot));
    assert!(
        status.success(),
        "the trainer exited with {status}; its output:\n{output}"
    );
    assert!(shot.is_file(), "no screenshot at {}; output:\n{output}", shot.display());

    // Keep a copy for humans, outside the temp dir that is deleted.
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("trainer-screenshot.png");
    std::fs::copy(&shot, &keep).expect("copy the screenshot");
    println!("screenshot: {}", keep.display());

    let img = decode(&shot);
    assert_eq!((img.width, img.height), WINDOW, "window size");

    // The map, right of the panel: a shaded terrain has many colours.
    let mut map_colours = HashSet::new();
    for y in 0..img.height {
        for x in (PANEL_PX + 20)..img.width {
            map_colours.insert(img.pixel(x, y));
        }
    }
    assert!(
        map_colours.len() > 200,
        "the map region has only {} distinct colours",
        map_colours.len()
    );

    // The fire: drawn where the sim has it, front in orange to red, burned
    // ground charred.
    let ExpectedFire { front, burned } = expected_fire();
    assert!(
        front.len() >= 50 && burned.len() >= 300,
        "the drill's fire is too small to check at {RUN_MINUTES} min: {} front, {} burned cells",
        front.len(),
        burned.len()
    );
    let front_shown = front.iter().filter(|(x, y)| is_front_colour(img.pixel(*x, *y))).count();
    let char_shown = burned.iter().filter(|(x, y)| is_char_colour(img.pixel(*x, *y))).count();
    let mut front_px = 0usize;
    for y in 0..img.height {
        for x in (PANEL_PX + 20)..img.width {
            front_px += usize::from(is_front_colour(img.pixel(x, y)));
        }
    }
    println!(
        "fire: {front_shown} of {} front cells and {char_shown} of {} burned cells drawn so; {front_px} front-coloured pixels",
        front.len(),
        burned.len()
    );
    assert!(
        front_shown * 10 >= front.len() * 9,
        "only {front_shown} of {} front cells look like fire",
        front.len()
    );
    assert!(
        char_shown * 10 >= burned.len() * 9,
        "only {char_shown} of {} burned cells look charred",
        burned.len()
    );
    assert!(front_px > 4000, "only {front_px} front-coloured pixels on the map");

    // The panel: light background with dark text on many lines.
    let mut dark = 0usize;
    let mut light = 0usize;
    let mut text_rows = 0usize;
    for y in 0..img.height {
        let mut row_dark = 0;
        for x in 0..PANEL_PX.saturating_sub(4) {
            let [r, g, b] = img.pixel(x, y);
            let luma = (u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114) / 1000;
            if luma < 128 {
                row_dark += 1;
            } else if luma > 200 {
                light += 1;
            }
        }
        dark += row_dark;
        text_rows += usize::from(row_dark > 0);
    }
    let area = (PANEL_PX.saturating_sub(4) * img.height) as usize;
    println!(
        "map colours: {}, panel: {dark} dark pixels on {text_rows} rows, {light} light of {area} pixels",
        map_colours.len()
    );
    assert!(
        light > area / 2,
        "the panel is not mostly light: {light} of {area} pixels"
    );
    assert!(dark > 1000, "the panel has only {dark} dark (text) pixels");
    assert!(
        text_rows > 100,
        "dark pixels on only {text_rows} rows: not lines of text"
    );
    assert!(
        dark < area / 4,
        "the panel is mostly dark ({dark} of {area}): not text on a background"
    );
}
