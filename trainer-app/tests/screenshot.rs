//! A real window: run the built binary with `--screenshot` (under Xvfb when
//! there is no display), two hours into the default drill, then check the
//! PNG shows a map with the fire where the sim has it, the fire brigade's
//! and the shelter's icons where the agents layer puts them, and a panel
//! with text; and zoomed into the river-flood drill in the hazard view, check
//! the flow arrows are drawn where the sim has moving water and nowhere
//! else, over water in the FD2320 class colours. Needs a Vulkan driver; on
//! a machine without a GPU, Mesa's lavapipe (`mesa-vulkan-drivers`) does.

#![allow(
    clippy::expect_used,
    reason = "a panic with a message is how a test reports a failure"
)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bevy::math::{UVec2, Vec2};
use trainer_app::agents_layer::{AgentIcons, ForceGroup, agent_icons};
use trainer_app::cli::Args;
use trainer_app::fire_layer::{FireLook, cell_look};
use trainer_app::flood_layer::{FloodView, WET_DEPTH_M, hazard_class_at, hazard_index};
use trainer_app::flow_arrows::flow_arrows;
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

/// The command that runs the trainer with `extra` arguments, a screenshot
/// to `shot` and its drill record next to it (`shot` as `.ron`): directly with a display, else under `xvfb-run`.
/// Fails (never skips) when neither is possible.
fn trainer_command(shot: &Path, extra: &[&str]) -> Command {
    let bin = env!("CARGO_BIN_EXE_trainer-app");
    let mut args: Vec<String> = extra.iter().map(|a| (*a).to_owned()).collect();
    args.extend([
        "--screenshot".to_owned(),
        shot.to_str().expect("UTF-8 temp path").to_owned(),
        "--frames".to_owned(),
        "60".to_owned(),
        "--record".to_owned(),
        record_path(shot).to_str().expect("UTF-8 temp path").to_owned(),
    ]);
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

/// Where [`trainer_command`] has the trainer save its drill record.
fn record_path(shot: &Path) -> PathBuf {
    shot.with_extension("ron")
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
    // Markers and labels cover the map near places (with the settlements'
    // discs north of them) and the ignition.
    let covered = |x: u32, y: u32| {
        let near = |c: sim_core::frame::Cell, r: i64| {
            (i64::from(x) - i64::from(c.x)).abs() <= r && (i64::from(y) - i64::from(c.y)).abs() <= r
        };
        view.places.iter().any(|p| {
            near(p.cell, 4)
                || (x >= p.cell.x && x <= p.cell.x + 50 && y.abs_diff(p.cell.y) <= 3)
                || (y + 8 >= p.cell.y && y <= p.cell.y && x.abs_diff(p.cell.x) <= 3)
        }) || near(sim_core::frame::Cell { x: 51, y: 51 }, 3)
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

/// The agents layer's icons at the screenshot's time, for the whole map
/// fitted in the window.
fn expected_icons() -> AgentIcons {
    let scenario = trainer_app::cli::load(None).expect("the built-in scenario loads");
    let args = Args {
        run_minutes: RUN_MINUTES,
        ..Args::default()
    };
    let sim = trainer_app::cli::start(&scenario, &args).expect("the drill runs");
    let view = sim.view();
    let layout = MapLayout::fit(
        Vec2::new(WINDOW.0 as f32, WINDOW.1 as f32),
        trainer_app::controls_panel::PANEL_WIDTH,
        UVec2::new(view.frame.width, view.frame.height),
    );
    agent_icons(&view, &layout)
}

/// How many pixels within `half` px of `at` are within 30 per channel of
/// `rgb`, and how many were looked at.
fn pixels_like(img: &Rgb, at: Vec2, half: i32, rgb: [u8; 3]) -> (usize, usize) {
    let (mut like, mut all) = (0, 0);
    for dy in -half..=half {
        for dx in -half..=half {
            let (x, y) = (at.x as i32 + dx, at.y as i32 + dy);
            if x < 0 || y < 0 || x as u32 >= img.width || y as u32 >= img.height {
                continue;
            }
            all += 1;
            let px = img.pixel(x as u32, y as u32);
            like += usize::from(px.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 30));
        }
    }
    (like, all)
}

/// Runs the trainer with `args` to a screenshot at `shot`, keeps a copy
/// named `keep_as` for humans, and decodes it.
fn screenshot(shot: &Path, args: &[&str], keep_as: &str) -> Rgb {
    let (status, output) = run_with_timeout(trainer_command(shot, args));
    assert!(
        status.success(),
        "the trainer exited with {status}; its output:\n{output}"
    );
    assert!(shot.is_file(), "no screenshot at {}; output:\n{output}", shot.display());
    // The trainer saved its record when it exited after the screenshot.
    let record = record_path(shot);
    let text = std::fs::read_to_string(&record).unwrap_or_else(|e| panic!("no record at {}: {e}", record.display()));
    let parsed = sim_core::record::from_text("record", &text).expect("the saved record parses");
    assert!(parsed.ended_at.is_some(), "the record was ended at save");

    // Keep a copy for humans, outside the temp dir that is deleted.
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join(keep_as);
    std::fs::copy(shot, &keep).expect("copy the screenshot");
    println!("screenshot: {}", keep.display());
    decode(shot)
}

#[test]
fn window_shows_the_map_the_fire_and_the_panel() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shot = dir.path().join("shot.png");
    let minutes = RUN_MINUTES.to_string();
    let img = screenshot(&shot, &["--run-minutes", &minutes], "trainer-screenshot.png");
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

    // The fire brigade, idle at its depot in Bayan: the fire team's orange
    // triangle is solid 2 px round a point 2 px below its centre (it
    // narrows to its apex above); the closed shelter's grey house beside
    // it. Neither colour is the terrain's there.
    let icons = expected_icons();
    // The brigade (first in the scenario) and the Hada Gacha militia.
    assert_eq!(icons.teams.len(), 2);
    let team = &icons.teams[0];
    assert_eq!(team.group, ForceGroup::Fire);
    let (like, all) = pixels_like(&img, team.centre + Vec2::new(0.0, 2.0), 2, ForceGroup::Fire.rgb());
    println!("team icon at {}: {like} of {all} pixels in its colour", team.centre);
    assert_eq!(like, all, "the fire brigade's icon is not drawn at {}", team.centre);
    let shelter = &icons.shelters[0];
    assert!(!shelter.open);
    let (like, all) = pixels_like(&img, shelter.centre, 2, [160, 160, 160]);
    println!("shelter icon at {}: {like} of {all} pixels grey", shelter.centre);
    assert_eq!(like, all, "the closed shelter is not drawn at {}", shelter.centre);
    // Away from the icons (40 px south of the team, on open steppe) the
    // team's colour is absent: the check can fail.
    let (elsewhere, _) = pixels_like(&img, team.centre + Vec2::new(0.0, 40.0), 2, ForceGroup::Fire.rgb());
    assert_eq!(elsewhere, 0, "the team's colour 40 px south of it");

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

/// The flow-arrow screenshot: the river-flood drill at 3 h 20 min (the
/// flood wave in the channel, rain running off the valley floor), zoomed
/// 4× on the valley west of Hada Gacha, in the hazard view.
const FLOOD_ARGS: [&str; 9] = [
    "synthetic-river-flood",
    "--run-minutes",
    "200",
    "--zoom",
    "4",
    "--centre",
    "75,65",
    "--flood-view",
    "hazard",
];

/// The arrows' white body over any water or land colour: every channel
/// high (terrain, water and hazard colours all have one channel under 215).
fn is_arrow_white([r, g, b]: [u8; 3]) -> bool {
    r.min(g).min(b) >= 215
}

/// Whether a pixel has the hue of FD2320 class `index` drawn over terrain:
/// Low cyan (green and blue over red), Moderate amber (red > green > blue),
/// Significant red, Extreme purple (red and blue over green).
fn has_hazard_hue(index: usize, [r, g, b]: [u8; 3]) -> bool {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    match index {
        0 => g > r + 30 && b > r + 30,
        1 => r > g + 30 && g > b + 30,
        2 => r > g + 80 && r > b + 80,
        _ => r > g + 30 && b > g + 30,
    }
}

/// Distance from `p` to an arrow's shaft (centred on its centre), pixels.
fn distance_to_shaft(p: Vec2, arrow: &trainer_app::flow_arrows::FlowArrow) -> f32 {
    let half = arrow.vector_px / 2.0;
    let (a, ab) = (arrow.centre - half, arrow.vector_px);
    let t = if ab.length_squared() > 0.0 {
        ((p - a).dot(ab) / ab.length_squared()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p - (a + ab * t)).length()
}

#[test]
fn zoomed_flood_shows_flow_arrows_on_moving_water_over_hazard_colours() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shot = dir.path().join("flood.png");
    let img = screenshot(&shot, &FLOOD_ARGS, "trainer-flood-arrows.png");
    assert_eq!((img.width, img.height), WINDOW, "window size");

    // The same drill, layout and arrows, computed here.
    let args = match trainer_app::cli::parse(FLOOD_ARGS) {
        Ok(trainer_app::cli::Command::Run(args)) => args,
        other => panic!("the test's arguments: {other:?}"),
    };
    assert_eq!(args.flood_view, FloodView::Hazard);
    let scenario = trainer_app::cli::load(args.scenario.as_deref()).expect("the flood drill loads");
    let sim = trainer_app::cli::start(&scenario, &args).expect("the drill runs");
    let view = sim.view();
    let flood = view.flood.expect("the drill has a flood");
    let (w, h) = (view.frame.width, view.frame.height);
    let layout = MapLayout::fit_zoomed(
        Vec2::new(WINDOW.0 as f32, WINDOW.1 as f32),
        trainer_app::controls_panel::PANEL_WIDTH,
        UVec2::new(w, h),
        args.map_zoom(),
    );
    let (block, arrows) = flow_arrows(flood, &layout);
    let visible = layout.visible_map();

    // Place and gauge markers (white fills) and place labels (white text)
    // are not arrows.
    let mut covered: Vec<(Vec2, Vec2)> = Vec::new();
    for place in view.places {
        let at = layout.cell_centre(place.cell.x, place.cell.y);
        covered.push((at - Vec2::new(24.0, 16.0), at + Vec2::new(420.0, 16.0)));
    }
    for gauge in flood.gauges() {
        let at = layout.cell_centre(gauge.cell % w, gauge.cell / w);
        covered.push((at - Vec2::splat(12.0), at + Vec2::splat(12.0)));
    }
    let is_covered = |p: Vec2| {
        covered
            .iter()
            .any(|(a, b)| p.x >= a.x && p.y >= a.y && p.x <= b.x && p.y <= b.y)
    };
    let inside = |p: Vec2| {
        p.x >= visible.min.x + 2.0
            && p.y >= visible.min.y + 2.0
            && p.x <= visible.max.x - 3.0
            && p.y <= visible.max.y - 3.0
    };

    // Every arrow the sim calls for is drawn: white at its centre (its
    // shaft passes through it), give or take a pixel.
    let white_near = |p: Vec2, r: i32| {
        (-r..=r).any(|dy| {
            (-r..=r).any(|dx| {
                let (x, y) = (p.x as i32 + dx, p.y as i32 + dy);
                x >= 0 && y >= 0 && is_arrow_white(img.pixel(x as u32, y as u32))
            })
        })
    };
    let checked: Vec<_> = arrows
        .iter()
        .filter(|a| inside(a.centre) && !is_covered(a.centre) && a.vector_px.length() >= 4.0)
        .collect();
    let drawn = checked.iter().filter(|a| white_near(a.centre, 1)).count();

    // And nothing else on the map is arrow-white: each such pixel lies on
    // an arrow (within half its length and the head's width).
    let (mut white, mut stray) = (0usize, 0usize);
    for y in visible.min.y as u32..visible.max.y as u32 {
        for x in visible.min.x as u32..visible.max.x as u32 {
            let p = Vec2::new(x as f32 + 0.5, y as f32 + 0.5);
            if is_covered(p) || !is_arrow_white(img.pixel(x, y)) {
                continue;
            }
            white += 1;
            let on_arrow = arrows
                .iter()
                .any(|a| (p - a.centre).length() <= a.vector_px.length() / 2.0 + 5.0);
            stray += usize::from(!on_arrow);
        }
    }

    // Water between the arrows shows its FD2320 class: cell centres at
    // least 8 px (head and halo) from any arrow's shaft.
    let (mut hazard_checked, mut hazard_ok) = ([0usize; 4], [0usize; 4]);
    for y in 0..h {
        for x in 0..w {
            let at = layout.cell_centre(x, y);
            if !inside(at) || is_covered(at) || arrows.iter().any(|a| distance_to_shaft(at, a) < 8.0) {
                continue;
            }
            let cell = (y * w + x) as usize;
            let depth = flood.depth_m()[cell];
            let (e, s) = flood.velocity_m_per_s(cell);
            if depth < WET_DEPTH_M {
                continue;
            }
            let Some(class) = hazard_class_at(depth, (e * e + s * s).sqrt()) else {
                continue;
            };
            let i = hazard_index(class);
            hazard_checked[i] += 1;
            hazard_ok[i] += usize::from(has_hazard_hue(i, img.pixel(at.x as u32, at.y as u32)));
        }
    }
    println!(
        "{:.1} px a cell, blocks of {block}: {} arrows, {drawn} of {} checked drawn; {white} arrow-white pixels, {stray} off the arrows; hazard hues {hazard_ok:?} of {hazard_checked:?}",
        layout.px_per_cell,
        arrows.len(),
        checked.len()
    );
    assert!(block >= 1, "zoomed 4× the map shows arrows");
    assert!(checked.len() >= 30, "only {} arrows to check", checked.len());
    assert!(
        drawn * 10 >= checked.len() * 9,
        "only {drawn} of {} arrows drawn",
        checked.len()
    );
    assert!(white >= 10 * checked.len(), "only {white} arrow-white pixels");
    assert!(
        stray * 100 <= white,
        "{stray} of {white} arrow-white pixels are off the arrows"
    );
    for i in 0..4 {
        if hazard_checked[i] >= 5 {
            assert!(
                hazard_ok[i] * 10 >= hazard_checked[i] * 9,
                "class {i}: only {} of {} cells in its colour",
                hazard_ok[i],
                hazard_checked[i]
            );
        }
    }
    assert!(
        hazard_checked[0] >= 200 && hazard_checked[1] >= 10 && hazard_checked[3] >= 15,
        "too few cells of the classes to check: {hazard_checked:?}"
    );
}
