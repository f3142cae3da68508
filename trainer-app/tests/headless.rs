//! The trainer's simulation plumbing under `MinimalPlugins`, no window: real
//! time → whole ticks, pausing, orders from the queue, the end of the drill,
//! UI-driven vs plain-`Sim` determinism compared tick by tick, the fire
//! and flood layers' textures following their hazards (depth, FD2320
//! hazard and maximum depth views), the flow arrows appearing only
//! zoomed in, on moving water; the agents layer's icons at their cells, its
//! settlement colour rule, and orders given through the orders panel's
//! functions moving a team along a drawn route and an aircraft to the fire.

#![allow(
    clippy::expect_used,
    reason = "a panic with a message is how a test reports a failure"
)]

use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use sim_core::agents::StateCounts;
use sim_core::agents::aircraft::AircraftType;
use sim_core::agents::forces::{AirActivity, TeamActivity};
use sim_core::frame::LonLat;
use sim_core::scenario::{Bilingual, ForceKind, ForceSpec, Readiness};
use sim_core::{Event, Order, ResponseLevel, Sim, Tick, WarningLevel};
use trainer_app::agents_layer::{AgentIcons, ForceGroup, SettlementState, lon_lat_px, settlement_state};
use trainer_app::drill::DEFAULT_ROLE;
use trainer_app::fire_layer::{FireLayer, REPAINT_MIN_FRAMES};
use trainer_app::flood_layer::{DEPTH_COLOURS, FloodLayer, FloodView, GaugeMarker, HAZARD_COLOURS, WET_DEPTH_M};
use trainer_app::flow_arrows::{FlowArrows, MIN_SPEED_M_PER_S, PX_PER_M_PER_S, SPACING_PX};
use trainer_app::layout::{MapLayout, MapZoom};
use trainer_app::orders_panel::{Target, TaskKind, dispatch_order, fire_origin, submit_order, unit_tasks};
use trainer_app::{
    AgentsLayerPlugin, DrillSim, EventFeed, FireLayerPlugin, FloodLayerPlugin, FlowArrowsPlugin, HashLog, OrderQueue,
    SimPlugin, SimSpeed,
};

fn builtin_sim(seed: u64) -> Sim {
    let scenario = trainer_app::cli::load(None).expect("the built-in scenario loads");
    Sim::new(&scenario, seed)
}

/// An app with only the sim plumbing, one real second per `update()`.
fn headless_app(sim: Sim, speed: SimSpeed) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(1)))
        .add_plugins(SimPlugin::new(sim).with_speed(speed))
        .init_resource::<HashLog>();
    app
}

fn tick(app: &App) -> u64 {
    app.world().resource::<DrillSim>().sim().tick().0
}

fn set_speed(app: &mut App, speed: SimSpeed) {
    *app.world_mut().resource_mut::<SimSpeed>() = speed;
}

#[test]
fn one_real_second_at_x60_is_six_ticks() {
    let mut app = headless_app(builtin_sim(1), SimSpeed::X60);
    // Bevy's first update only starts the clock: its delta is zero, so the
    // sim does not move. Every later update is one second.
    app.update();
    assert_eq!(tick(&app), 0, "the first update has zero delta");
    for n in 1..=10 {
        app.update();
        assert_eq!(tick(&app), 6 * n, "after update {}", n + 1);
    }
    let log = &app.world().resource::<HashLog>().entries;
    assert_eq!(log.len(), 60, "one hash per stepped tick");
    assert!(log.iter().enumerate().all(|(i, (t, _))| t.0 == i as u64 + 1));
}

#[test]
fn other_speeds_scale_the_tick_rate_and_carry_the_remainder() {
    let mut app = headless_app(builtin_sim(1), SimSpeed::X1);
    app.update();
    // ×1: ten real seconds per tick; the remainder carries across frames.
    for n in 1..=25u64 {
        app.update();
        assert_eq!(tick(&app), n / 10, "after {n} s at ×1");
    }
    set_speed(&mut app, SimSpeed::X600);
    let before = tick(&app);
    app.update();
    // 5 s were carried from ×1; 600 more make 605 s = 60 ticks + 5 s.
    assert_eq!(tick(&app), before + 60);
}

#[test]
fn pause_stops_the_sim_and_time_does_not_pile_up() {
    let mut app = headless_app(builtin_sim(1), SimSpeed::X60);
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(tick(&app), 12);
    set_speed(&mut app, SimSpeed::Paused);
    for _ in 0..5 {
        app.update();
    }
    assert_eq!(tick(&app), 12, "paused");
    set_speed(&mut app, SimSpeed::X60);
    app.update();
    assert_eq!(tick(&app), 18, "resumes at the same rate, no backlog from the pause");
}

#[test]
fn queued_orders_are_submitted_at_their_tick_before_it_is_stepped() {
    let mut app = headless_app(builtin_sim(1), SimSpeed::X60);
    {
        let mut queue = app.world_mut().resource_mut::<OrderQueue>();
        queue.push_at(
            Tick(7),
            Order::SetResponseLevel {
                level: ResponseLevel::IV,
            },
        );
        queue.push(Order::HoldConsultation {
            topic: "火情研判".into(),
        });
    }
    app.update();
    assert_eq!(tick(&app), 0);
    assert_eq!(
        app.world().resource::<OrderQueue>().len(),
        1,
        "the immediate order went in before any step"
    );
    for _ in 0..2 {
        app.update();
    }
    assert!(app.world().resource::<OrderQueue>().is_empty());
    let feed = app.world().resource::<EventFeed>();
    let accepted: Vec<(u64, u64)> = feed
        .events
        .iter()
        .filter_map(|e| match &e.event {
            Event::OrderAccepted { due, .. } => Some((e.tick.0, due.0)),
            _ => None,
        })
        .collect();
    let level = Order::SetResponseLevel {
        level: ResponseLevel::IV,
    };
    let talk = Order::HoldConsultation { topic: "x".into() };
    assert_eq!(
        accepted,
        vec![(0, talk.latency_ticks()), (7, 7 + level.latency_ticks())],
        "accepted at tick 0 and at tick 7 (mid-frame), not at a frame boundary"
    );
}

#[test]
fn refused_orders_are_reported_and_change_nothing() {
    let mut app = headless_app(builtin_sim(1), SimSpeed::Paused);
    app.world_mut().resource_mut::<OrderQueue>().push(Order::IssueWarning {
        places: vec!["place:nowhere".into()],
        level: WarningLevel::Red,
        channels: Vec::new(),
    });
    let before = app.world().resource::<DrillSim>().sim().subsystem_hashes();
    app.update();
    let feed = app.world().resource::<EventFeed>();
    assert_eq!(feed.refused.len(), 1);
    assert!(feed.refused[0].2.contains("place:nowhere"), "{:?}", feed.refused);
    // sim-core logs a refusal as an `OrderRejected` event: the event log
    // is the only part of the state it changes.
    assert!(
        feed.events
            .iter()
            .any(|e| matches!(e.event, Event::OrderRejected { .. })),
        "the refusal is in the log"
    );
    let after = app.world().resource::<DrillSim>().sim().subsystem_hashes();
    for (i, name) in sim_core::SUBSYSTEMS.iter().enumerate() {
        if *name == "event_log" {
            assert_ne!(before.0[i], after.0[i], "the refusal is logged");
        } else {
            assert_eq!(before.0[i], after.0[i], "the refusal changed {name}");
        }
    }
}

#[test]
fn the_drill_pauses_itself_at_its_end() {
    let mut app = headless_app(builtin_sim(1), SimSpeed::X600);
    let end = app.world().resource::<DrillSim>().sim().end().0;
    for _ in 0..(end / 60 + 5) {
        app.update();
    }
    assert_eq!(tick(&app), end);
    assert_eq!(*app.world().resource::<SimSpeed>(), SimSpeed::Paused);
}

/// The scripted drill: `(tick, order)`, including one order the sim refuses
/// (the level is already IV) and several for ticks inside one frame's run.
fn script() -> Vec<(Tick, Order)> {
    vec![
        (
            Tick(0),
            Order::SetResponseLevel {
                level: ResponseLevel::IV,
            },
        ),
        (
            Tick(7),
            Order::IssueWarning {
                places: vec!["place:hada-gacha".into()],
                level: WarningLevel::Orange,
                channels: Vec::new(),
            },
        ),
        (
            Tick(7),
            Order::HoldConsultation {
                topic: "火情研判".into(),
            },
        ),
        (
            Tick(45),
            Order::SetResponseLevel {
                level: ResponseLevel::IV,
            },
        ),
        (
            Tick(95),
            Order::IssueWarning {
                places: vec!["place:bayan-town".into(), "place:hada-gacha".into()],
                level: WarningLevel::Red,
                channels: Vec::new(),
            },
        ),
        (
            Tick(130),
            Order::SetResponseLevel {
                level: ResponseLevel::III,
            },
        ),
        (
            Tick(488),
            Order::HoldConsultation {
                topic: "风向转西".into(),
            },
        ),
    ]
}

/// Plain `sim-core`: submit what is due at the current tick, then `step(1)`.
fn plain_run(seed: u64, orders: &[(Tick, Order)], ticks: u64) -> Vec<(Tick, u64)> {
    let mut sim = builtin_sim(seed);
    let mut next = 0;
    let mut log = Vec::new();
    for _ in 0..ticks {
        while let Some((at, order)) = orders.get(next)
            && *at <= sim.tick()
        {
            // A refusal is part of the drill: both runs see the same one.
            let _ = sim.submit(order.clone());
            next += 1;
        }
        sim.step(1);
        log.push((sim.tick(), sim.state_hash()));
    }
    log
}

/// `None` if equal, else a message naming the first tick that differs.
fn first_difference(ui: &[(Tick, u64)], plain: &[(Tick, u64)]) -> Option<String> {
    for (i, (a, b)) in ui.iter().zip(plain).enumerate() {
        if a != b {
            return Some(format!(
                "first difference at step {i}: UI-driven run has tick #{} ({}) hash {:016x}, plain run has tick #{} ({}) hash {:016x}",
                a.0.0, a.0, a.1, b.0.0, b.0, b.1
            ));
        }
    }
    (ui.len() != plain.len()).then(|| {
        format!(
            "the UI-driven run logged {} ticks, the plain run {}",
            ui.len(),
            plain.len()
        )
    })
}

#[test]
fn ui_driven_run_matches_a_plain_sim_tick_by_tick() {
    let seed = 20260917;
    let orders = script();
    let mut app = headless_app(builtin_sim(seed), SimSpeed::X60);
    {
        let mut queue = app.world_mut().resource_mut::<OrderQueue>();
        for (at, order) in &orders {
            queue.push_at(*at, order.clone());
        }
    }
    // Change speed along the way, as a trainer would: frames run 6, 60 or
    // 0 ticks, so orders fall at frame starts and in the middle of frames.
    let plan = [
        (SimSpeed::X60, 4),
        (SimSpeed::Paused, 2),
        (SimSpeed::X600, 3),
        (SimSpeed::X60, 5),
        (SimSpeed::X600, 6),
    ];
    app.update();
    for (speed, updates) in plan {
        set_speed(&mut app, speed);
        for _ in 0..updates {
            app.update();
        }
    }
    let ui = app.world().resource::<HashLog>().entries.clone();
    assert_eq!(ui.len(), 4 * 6 + 3 * 60 + 5 * 6 + 6 * 60);
    assert!(
        app.world().resource::<OrderQueue>().is_empty(),
        "every scripted order was submitted"
    );
    assert_eq!(
        app.world().resource::<EventFeed>().refused.len(),
        1,
        "the repeated level IV is refused"
    );

    let plain = plain_run(seed, &orders, ui.len() as u64);
    if let Some(diff) = first_difference(&ui, &plain) {
        panic!("UI-driven and plain runs differ: {diff}");
    }

    // The comparison must be able to fail: a different seed or script gives
    // different hashes, named at the first differing tick.
    let other = plain_run(seed, &orders[..2], ui.len() as u64);
    let diff = first_difference(&ui, &other).expect("dropping orders changes the hashes");
    assert!(diff.contains("tick #8 "), "{diff}");
}

/// The fire layer's pixels and the tick they were painted for.
fn fire_layer_pixels(app: &App) -> (Option<Tick>, Vec<u8>) {
    let layer = app.world().resource::<FireLayer>();
    let image = app
        .world()
        .resource::<Assets<Image>>()
        .get(&layer.image)
        .expect("the fire layer's image exists");
    let data = image
        .data
        .clone()
        .expect("the image keeps its pixels in the main world");
    (layer.painted, data)
}

/// Burning front: bright, red-dominated, little blue (yellow-orange to red).
fn is_front_colour([r, g, b, a]: [u8; 4]) -> bool {
    a >= 150 && r >= 150 && r >= g && b <= 80
}

/// Charred ground: dark and brown-grey (red ≥ green ≥ blue, nearly).
fn is_char_colour([r, g, b, a]: [u8; 4]) -> bool {
    a >= 150 && r.max(g).max(b) <= 120 && r >= b && g + 10 >= b
}

#[test]
fn the_fire_layer_follows_the_fire() {
    // The default drill's ignition: lon 118.47, lat 48.63 → cell (51, 51),
    // at 15 min (tick 90).
    const IGNITION: (usize, usize) = (51, 51);
    let sim = builtin_sim(1);
    let width = sim.view().frame.width as usize;
    let mut app = headless_app(sim, SimSpeed::X600);
    app.add_plugins((AssetPlugin::default(), ImagePlugin::default(), FireLayerPlugin));
    app.update();
    let (painted, before) = fire_layer_pixels(&app);
    assert_eq!(painted, Some(Tick(0)), "painted on the first frame");
    assert_eq!(before.len(), width * 140 * 4);
    assert!(before.iter().all(|b| *b == 0), "nothing has burned at the start");

    // ×600 with one-second frames: 60 ticks a frame.
    while tick(&app) <= 150 {
        app.update();
    }
    set_speed(&mut app, SimSpeed::Paused);
    for _ in 0..REPAINT_MIN_FRAMES {
        app.update();
    }
    let now = app.world().resource::<DrillSim>().sim().tick();
    let (painted, after) = fire_layer_pixels(&app);
    assert_eq!(painted, Some(now), "a paused sim's last tick is painted");
    let fire = app.world().resource::<DrillSim>().sim().view().fire.burned_cells();
    assert!(fire > 0, "the fire has ignited by {now}");

    let pixel = |x: usize, y: usize| {
        let i = (y * width + x) * 4;
        <[u8; 4]>::try_from(&after[i..i + 4]).expect("4 bytes")
    };
    let (mut shown, mut front, mut charred) = (0, 0, 0);
    for y in IGNITION.1 - 3..=IGNITION.1 + 3 {
        for x in IGNITION.0 - 3..=IGNITION.0 + 3 {
            let px = pixel(x, y);
            if px[3] == 0 {
                continue;
            }
            shown += 1;
            assert!(
                is_front_colour(px) || is_char_colour(px),
                "cell ({x}, {y}) near the ignition is {px:?}: neither front nor char"
            );
            front += usize::from(is_front_colour(px));
            charred += usize::from(is_char_colour(px));
        }
    }
    println!("{now}: {fire} cells burned; near the ignition {shown} shown, {front} front, {charred} charred");
    assert!(shown >= 4, "only {shown} of 49 cells round the ignition are drawn");
    assert!(front > 0, "no burning front near the ignition at {now}");

    // The layer follows the sim, not the frames: nothing changes while paused.
    app.update();
    assert_eq!(fire_layer_pixels(&app).1, after);
}

fn flood_sim(seed: u64) -> Sim {
    let scenario =
        trainer_app::cli::load(Some(std::path::Path::new("synthetic-river-flood"))).expect("the flood drill loads");
    Sim::new(&scenario, seed)
}

/// The flood layer's pixels and the tick they were painted for.
fn flood_layer_pixels(app: &App) -> (Option<Tick>, Vec<u8>) {
    let layer = app.world().resource::<FloodLayer>();
    let image = app
        .world()
        .resource::<Assets<Image>>()
        .get(&layer.image)
        .expect("the flood layer's image exists");
    let data = image
        .data
        .clone()
        .expect("the image keeps its pixels in the main world");
    (layer.painted, data)
}

#[test]
fn the_flood_layer_follows_the_flood() {
    let sim = flood_sim(1);
    let view = sim.view();
    let width = view.frame.width as usize;
    let gauge_cell = view.flood.expect("the drill has a flood").gauges()[0].cell as usize;
    let town = view
        .places
        .iter()
        .find(|p| p.id == "place:bayan-town")
        .expect("Bayan Town")
        .cell;
    let town_cell = town.y as usize * width + town.x as usize;
    let mut app = headless_app(sim, SimSpeed::X600);
    app.add_plugins((AssetPlugin::default(), ImagePlugin::default(), FloodLayerPlugin));
    app.update();
    assert_eq!(flood_layer_pixels(&app).0, Some(Tick(0)), "painted on the first frame");

    // ×600 with one-second frames: 60 ticks (10 min) a frame, to 3 h 20 min.
    while tick(&app) < Tick::from_minutes(200).0 {
        app.update();
    }
    set_speed(&mut app, SimSpeed::Paused);
    for _ in 0..REPAINT_MIN_FRAMES {
        app.update();
    }
    let sim = &app.world().resource::<DrillSim>().sim();
    let now = sim.tick();
    let flood = sim.view().flood.expect("the drill has a flood");
    let (painted, pixels) = flood_layer_pixels(&app);
    assert_eq!(painted, Some(now), "a paused sim's last tick is painted");
    let pixel = |i: usize| <[u8; 4]>::try_from(&pixels[i * 4..i * 4 + 4]).expect("4 bytes");

    let blue = |[r, g, b, a]: [u8; 4]| a >= 120 && b > r && b > g;
    let (gx, gy) = (gauge_cell % width, gauge_cell / width);
    let mut wet = 0;
    for y in gy - 3..=gy + 3 {
        for x in gx - 3..=gx + 3 {
            wet += usize::from(blue(pixel(y * width + x)));
        }
    }
    let gauge_depth = flood.depth_m()[gauge_cell];
    println!(
        "{now}: gauge depth {gauge_depth:.2} m, {wet} of 49 cells round it drawn blue; alerts {:?}",
        flood.gauges()[0].alerts
    );
    assert!(
        blue(pixel(gauge_cell)),
        "the gauge's river cell is {:?}",
        pixel(gauge_cell)
    );
    assert!(wet >= 10, "only {wet} of 49 cells round the gauge are drawn as water");
    assert!(
        DEPTH_COLOURS.contains(&pixel(gauge_cell)),
        "the gauge's cell shows a depth class"
    );
    // Bayan Town's terrace holds only a film of rain (1–2 cm), not drawn.
    let town_depth = flood.depth_m()[town_cell];
    assert!(town_depth < WET_DEPTH_M, "Bayan Town is {town_depth:.3} m deep");
    assert_eq!(pixel(town_cell), [0; 4], "a dry terrace is transparent");

    // The gauge crossed its first alert depth: its marker is red.
    assert!(
        flood.gauges()[0].alerts[0].1.is_some(),
        "the 3 m alert was crossed by {now}"
    );
    let mut markers = app.world_mut().query::<(&GaugeMarker, &Sprite)>();
    let colours: Vec<Color> = markers.iter(app.world()).map(|(_, s)| s.color).collect();
    assert_eq!(colours.len(), 1);
    let red = colours[0].to_srgba();
    assert!(red.red > 0.8 && red.green < 0.2, "the gauge marker is {red:?}");

    // The layer follows the sim, not the frames: nothing changes while paused.
    app.update();
    assert_eq!(flood_layer_pixels(&app).1, pixels);
}

#[test]
fn the_flood_layer_is_absent_without_a_flood() {
    let mut app = headless_app(builtin_sim(1), SimSpeed::X600);
    app.add_plugins((AssetPlugin::default(), ImagePlugin::default(), FloodLayerPlugin));
    app.update();
    app.update();
    assert!(app.world().get_resource::<FloodLayer>().is_none());
}

/// The flood drill stepped `minutes` simulated minutes, tick by tick.
fn flood_sim_at(minutes: u64) -> Sim {
    let mut sim = flood_sim(1);
    sim.step(Tick::from_minutes(minutes).0);
    sim
}

fn flood_pixel(pixels: &[u8], cell: usize) -> [u8; 4] {
    <[u8; 4]>::try_from(&pixels[cell * 4..cell * 4 + 4]).expect("4 bytes")
}

/// FD2320 (Defra/EA R&D FD2320 TR2, 2006, Table 13.1; debris factor of the
/// Defra 2008 note for pasture): HR = d·(v + 0.5) + DF, DF = 0.5 above
/// 0.25 m; Low < 0.75 ≤ Moderate ≤ 1.25 < Significant ≤ 2.0 < Extreme.
/// Written out here, apart from sim-core, so the test checks the layer
/// against the report rather than against the code it calls.
fn fd2320_class_index(depth_m: f64, speed_m_per_s: f64) -> usize {
    let debris = if depth_m > 0.25 { 0.5 } else { 0.0 };
    let hr = depth_m * (speed_m_per_s + 0.5) + debris;
    if hr < 0.75 {
        0
    } else if hr <= 1.25 {
        1
    } else if hr <= 2.0 {
        2
    } else {
        3
    }
}

#[test]
fn the_flood_views_paint_depth_fd2320_hazard_and_max_depth() {
    let sim = flood_sim_at(200);
    let mut app = headless_app(sim, SimSpeed::Paused);
    app.add_plugins((AssetPlugin::default(), ImagePlugin::default(), FloodLayerPlugin));
    app.update();
    let (_, depth_pixels) = flood_layer_pixels(&app);

    // Switching the view repaints at once, though the sim is paused.
    *app.world_mut().resource_mut::<FloodView>() = FloodView::Hazard;
    app.update();
    let (_, hazard_pixels) = flood_layer_pixels(&app);
    assert_ne!(
        hazard_pixels, depth_pixels,
        "the hazard view differs from the depth view"
    );
    let sim = &app.world().resource::<DrillSim>().sim();
    let flood = sim.view().flood.expect("the drill has a flood");
    let mut counts = [0usize; 4];
    let mut fastest = (0.0f64, 0.0f64);
    for (cell, d) in flood.depth_m().iter().enumerate() {
        let (east, south) = flood.velocity_m_per_s(cell);
        let speed = (east * east + south * south).sqrt();
        let expected = if *d >= WET_DEPTH_M {
            let class = fd2320_class_index(*d, speed);
            counts[class] += 1;
            HAZARD_COLOURS[class]
        } else {
            [0; 4]
        };
        assert_eq!(
            flood_pixel(&hazard_pixels, cell),
            expected,
            "cell {cell}: {d:.3} m at {speed:.2} m/s"
        );
        if speed > fastest.1 {
            fastest = (*d, speed);
        }
    }
    println!(
        "hazard cells Low..Extreme {counts:?}; fastest water {:.2} m at {:.2} m/s",
        fastest.0, fastest.1
    );
    // The test means something only if the drill shows several classes:
    // a shallow fringe (Low) and the deep river (Extreme: 3 m still water
    // alone rates 3 × 0.5 + 0.5 = 2.0).
    assert!(counts[0] > 0 && counts[3] > 0, "classes {counts:?}");
    let gauge = flood.gauges()[0].cell as usize;
    assert_eq!(
        flood_pixel(&hazard_pixels, gauge),
        HAZARD_COLOURS[3],
        "the river at the gauge"
    );
    assert_eq!(
        app.world().resource::<FloodLayer>().hazard_cells,
        counts,
        "the panel's areas"
    );

    *app.world_mut().resource_mut::<FloodView>() = FloodView::MaxDepth;
    app.update();
    let (_, max_pixels) = flood_layer_pixels(&app);
    let sim = &app.world().resource::<DrillSim>().sim();
    let flood = sim.view().flood.expect("the drill has a flood");
    let mut deeper_before = 0;
    for (cell, (now, max)) in flood.depth_m().iter().zip(flood.max_depth_m()).enumerate() {
        assert!(max >= now, "cell {cell}: max {max} below now {now}");
        assert_eq!(
            flood_pixel(&max_pixels, cell),
            trainer_app::flood_layer::depth_rgba(*max),
            "cell {cell}"
        );
        deeper_before +=
            usize::from(trainer_app::flood_layer::depth_rgba(*max) != trainer_app::flood_layer::depth_rgba(*now));
    }
    println!("{deeper_before} cells show a deeper class at their maximum than now");

    *app.world_mut().resource_mut::<FloodView>() = FloodView::Depth;
    app.update();
    assert_eq!(flood_layer_pixels(&app).1, depth_pixels, "back to depth");
}

/// The visible cells of `layout` as `(x0..x1, y0..y1)`.
fn visible_cells(layout: &MapLayout) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let v = layout.visible_map();
    let a = ((v.min - layout.top_left) / layout.px_per_cell).floor();
    let b = ((v.max - layout.top_left) / layout.px_per_cell).ceil();
    (
        a.x as usize..(b.x as usize).min(layout.cells.x as usize),
        a.y as usize..(b.y as usize).min(layout.cells.y as usize),
    )
}

#[test]
fn flow_arrows_show_only_zoomed_in_on_moving_water_pointing_downstream() {
    let sim = flood_sim_at(200);
    let view = sim.view();
    let frame = view.frame;
    let (w, h) = (frame.width as usize, frame.height as usize);
    let gauge = view.flood.expect("the drill has a flood").gauges()[0].cell as usize;
    let cells = UVec2::new(frame.width, frame.height);
    let window = Vec2::new(1280.0, 800.0);
    let panel = trainer_app::controls_panel::PANEL_WIDTH;
    let mut app = headless_app(sim, SimSpeed::Paused);
    app.add_plugins(FlowArrowsPlugin);

    // The whole map: about 4 px a cell, too small for arrows.
    let whole = MapLayout::fit_zoomed(window, panel, cells, MapZoom::default());
    app.insert_resource(whole);
    app.update();
    let arrows = app.world().resource::<FlowArrows>();
    assert!(whole.px_per_cell < 6.0, "{}", whole.px_per_cell);
    assert_eq!(arrows.block_cells, 0);
    assert!(
        arrows.arrows.is_empty(),
        "{} arrows on the whole map",
        arrows.arrows.len()
    );

    // Zoomed 3× and 8× on the gauge, on the river.
    let at = Vec2::new((gauge % w) as f32 + 0.5, (gauge / w) as f32 + 0.5);
    for zoom in [3.0, 8.0] {
        let layout = MapLayout::fit_zoomed(
            window,
            panel,
            cells,
            MapZoom {
                zoom,
                centre_cells: Some(at),
            },
        );
        app.insert_resource(layout);
        app.update();
        let arrows = app.world().resource::<FlowArrows>().clone();
        let sim = &app.world().resource::<DrillSim>().sim();
        let flood = sim.view().flood.expect("the drill has a flood");
        let k = arrows.block_cells as usize;
        assert!(
            k >= 1 && k as f32 * layout.px_per_cell >= SPACING_PX,
            "{zoom}×: blocks of {k}"
        );

        // Which blocks hold moving water, found here cell by cell.
        let (xs, ys) = visible_cells(&layout);
        let mut moving_blocks = std::collections::BTreeSet::new();
        for y in ys.clone() {
            for x in xs.clone() {
                let c = y * w + x;
                let (e, s) = flood.velocity_m_per_s(c);
                if flood.depth_m()[c] >= WET_DEPTH_M && (e * e + s * s).sqrt() >= MIN_SPEED_M_PER_S {
                    moving_blocks.insert((x / k, y / k));
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut east_sum = 0.0;
        let mut agree = 0;
        for arrow in &arrows.arrows {
            let (x, y) = (arrow.cell % w, arrow.cell / w);
            assert!(
                xs.contains(&x) && ys.contains(&y),
                "arrow at ({x}, {y}) is off the visible map"
            );
            assert!(y < h);
            let depth = flood.depth_m()[arrow.cell];
            let (e, s) = flood.velocity_m_per_s(arrow.cell);
            let speed = (e * e + s * s).sqrt();
            assert!(depth >= WET_DEPTH_M, "arrow on a dry cell ({x}, {y}): {depth} m");
            assert!(
                speed >= MIN_SPEED_M_PER_S,
                "arrow on still water ({x}, {y}): {speed} m/s"
            );
            assert!(
                seen.insert((x / k, y / k)),
                "two arrows in block ({}, {})",
                x / k,
                y / k
            );
            assert!(layout.visible_map().contains(arrow.centre));
            // Length: proportional to the block's mean speed, to the cap.
            let (me, ms) = arrow.velocity_m_per_s;
            let mean = (me * me + ms * ms).sqrt() as f32;
            let spacing = k as f32 * layout.px_per_cell;
            let expected = (mean * PX_PER_M_PER_S).min(0.9 * spacing);
            assert!((arrow.vector_px.length() - expected).abs() < 1e-3);
            // Downstream: east is +x, south is +y in window pixels.
            assert!(arrow.vector_px.x * me as f32 >= 0.0 && arrow.vector_px.y * ms as f32 >= 0.0);
            east_sum += me;
            agree += usize::from(me * e + ms * s > 0.0);
        }
        let n = arrows.arrows.len();
        println!(
            "{zoom}×: {:.1} px a cell, blocks of {k}, {n} arrows, {} blocks with moving water, {agree} agree with their cell",
            layout.px_per_cell,
            moving_blocks.len()
        );
        assert!(n >= 10, "only {n} arrows zoomed {zoom}× on the river");
        assert!(n <= 3000, "{n} arrows");
        assert!(seen.is_subset(&moving_blocks));
        assert!(
            n * 10 >= moving_blocks.len() * 9,
            "{n} arrows for {} blocks with moving water",
            moving_blocks.len()
        );
        assert!(
            agree * 10 >= n * 9,
            "only {agree} of {n} arrows agree with their cell's flow"
        );
        // The valley floor falls 0.8 m/km to the east: the flood runs east.
        assert!(east_sum > 0.0, "the arrows' mean flow runs west: {east_sum}");
    }

    // Zoomed out again: the arrows go.
    app.insert_resource(whole);
    app.update();
    assert!(app.world().resource::<FlowArrows>().arrows.is_empty());
}

/// The default drill's layout zoomed 3× on Bayan Town, where the depot,
/// the shelter and the fire brigade are.
fn bayan_layout(sim: &Sim) -> MapLayout {
    let view = sim.view();
    let frame = view.frame;
    let town = view
        .places
        .iter()
        .find(|p| p.id == "place:bayan-town")
        .expect("Bayan Town")
        .cell;
    MapLayout::fit_zoomed(
        Vec2::new(1280.0, 800.0),
        trainer_app::controls_panel::PANEL_WIDTH,
        UVec2::new(frame.width, frame.height),
        MapZoom {
            zoom: 3.0,
            centre_cells: Some(Vec2::new(town.x as f32, town.y as f32)),
        },
    )
}

/// The window position of the centre of the cell holding `(lon, lat)`,
/// worked out here from the scenario's coordinates.
fn expected_px(sim: &Sim, layout: &MapLayout, lon: f64, lat: f64) -> Vec2 {
    let cell = sim
        .view()
        .frame
        .cell_at_lon_lat(LonLat { lon, lat })
        .expect("on the map");
    layout.top_left + (Vec2::new(cell.x as f32, cell.y as f32) + 0.5) * layout.px_per_cell
}

#[test]
fn every_team_shelter_and_depot_gets_an_icon_at_its_cell() {
    let sim = builtin_sim(1);
    let layout = bayan_layout(&sim);
    // From `synthetic-steppe-valley.ron`: the shelter, the depot, and the
    // fire brigade based at the depot.
    let shelter = expected_px(&sim, &layout, 118.662, 48.582);
    let depot = expected_px(&sim, &layout, 118.665, 48.585);
    let mut app = headless_app(sim, SimSpeed::Paused);
    app.add_plugins(AgentsLayerPlugin);
    app.insert_resource(layout);
    app.update();
    let icons = app.world().resource::<AgentIcons>().clone();
    let view = app.world().resource::<DrillSim>().sim().view();
    assert_eq!(icons.teams.len(), view.teams.len());
    // The brigade and the Hada Gacha militia.
    assert_eq!(icons.teams.len(), 2);
    assert_eq!(icons.shelters.len(), 1);
    assert_eq!(icons.depots.len(), 1);
    // The UAV at the Bayan landing point; the Ka-32's station (Hailar) is
    // off the map and not drawn.
    assert_eq!(view.aircraft.len(), 2);
    assert_eq!(icons.aircraft.len(), 1);
    assert_eq!(view.aircraft[icons.aircraft[0].index].id, "aircraft:bayan-uav");
    let close = |a: Vec2, b: Vec2| (a - b).length() < 1e-3;
    assert!(
        close(icons.shelters[0].centre, shelter),
        "{:?} vs {shelter}",
        icons.shelters[0]
    );
    assert!(close(icons.depots[0].centre, depot), "{:?} vs {depot}", icons.depots[0]);
    assert!(close(icons.teams[0].centre, depot), "the brigade is at its depot");
    assert_eq!(icons.teams[0].group, ForceGroup::Fire);
    assert!(icons.teams[0].route.is_empty(), "an idle team has no route");
    // The shelter starts closed, and says so.
    assert!(!icons.shelters[0].open);
    assert!(
        icons.shelters[0].label.contains("0/1500"),
        "{}",
        icons.shelters[0].label
    );
    assert!(icons.shelters[0].label.contains("closed"));
    // Each settlement's disc (none for the herders dispersed around them):
    // unaware at the start, above its marker.
    let settlements = view.places.iter().filter(|p| p.parent.is_none()).count();
    assert!(settlements < view.places.len(), "the drill has dispersed herders");
    assert_eq!(icons.settlements.len(), settlements);
    assert!(icons.settlements.iter().all(|d| view.places[d.index].parent.is_none()));
    for disc in &icons.settlements {
        let place = &view.places[disc.index];
        let at = layout.cell_centre(place.cell.x, place.cell.y);
        assert_eq!(disc.state, SettlementState::Unaware, "{}", place.id);
        assert!((disc.centre.x - at.x).abs() < 1e-3);
        assert!(
            disc.centre.y < at.y - 10.0,
            "{}: disc at {} above {}",
            place.id,
            disc.centre,
            at
        );
    }
    // Zoomed in further, the icons move with the map.
    let frame = *view.frame;
    let zoomed = MapLayout::fit_zoomed(
        layout.window,
        trainer_app::controls_panel::PANEL_WIDTH,
        UVec2::new(frame.width, frame.height),
        MapZoom {
            zoom: 8.0,
            centre_cells: Some(Vec2::new(195.0, 100.0)),
        },
    );
    let sim = app.world().resource::<DrillSim>().sim().clone();
    let depot_zoomed = expected_px(&sim, &zoomed, 118.665, 48.585);
    let shelter_zoomed = expected_px(&sim, &zoomed, 118.662, 48.582);
    app.insert_resource(zoomed);
    app.update();
    let again = app.world().resource::<AgentIcons>();
    assert!(close(again.depots[0].centre, depot_zoomed));
    assert!(close(again.shelters[0].centre, shelter_zoomed));
    assert!(close(again.teams[0].centre, depot_zoomed));
    assert!(
        (again.shelters[0].centre - again.depots[0].centre).length()
            > 2.0 * (icons.shelters[0].centre - icons.depots[0].centre).length(),
        "8× spreads them more than 3×"
    );
}

#[test]
fn settlement_colours_follow_the_documented_rule() {
    let counts = |unaware, warned, evacuating, sheltered, stayed, trapped, injured, dead| StateCounts {
        unaware,
        warned,
        evacuating,
        sheltered,
        stayed,
        trapped,
        injured,
        dead,
    };
    use SettlementState::*;
    let cases = [
        (counts(0, 0, 0, 0, 0, 0, 0, 0), None),
        (counts(640, 0, 0, 0, 0, 0, 0, 0), Some(Unaware)),
        // Warned and stayed count together: 50 > 40.
        (counts(40, 30, 0, 0, 20, 0, 0, 0), Some(Warned)),
        (counts(60, 30, 0, 0, 0, 0, 0, 0), Some(Unaware)),
        (counts(10, 20, 60, 40, 0, 0, 0, 0), Some(Evacuating)),
        // A tie goes further through the evacuation.
        (counts(10, 0, 50, 50, 0, 0, 0, 0), Some(Sheltered)),
        (counts(50, 50, 0, 0, 0, 0, 0, 0), Some(Warned)),
        // One person trapped, injured or dead outweighs everyone safe.
        (counts(0, 0, 0, 900, 0, 1, 0, 0), Some(Harmed)),
        (counts(0, 0, 0, 900, 0, 0, 1, 0), Some(Harmed)),
        (counts(500, 0, 0, 0, 0, 0, 0, 1), Some(Harmed)),
    ];
    for (c, expected) in cases {
        assert_eq!(settlement_state(&c), expected, "{c:?}");
    }
    // The colours: grey, yellow, blue, green, red, as the legend says.
    let dominant = |s: SettlementState| {
        let [r, g, b] = s.rgb();
        (r, g, b)
    };
    let (r, g, b) = dominant(Unaware);
    assert!(r == g && g == b, "unaware is grey");
    let (r, g, b) = dominant(Warned);
    assert!(r > 200 && g > 180 && b < 80, "warned is yellow");
    let (r, g, b) = dominant(Evacuating);
    assert!(b > 200 && b > r + 100 && b > g + 60, "evacuating is blue");
    let (r, g, b) = dominant(Sheltered);
    assert!(g > r + 80 && g > b + 80, "sheltered is green");
    let (r, g, b) = dominant(Harmed);
    assert!(r > 200 && g < 60 && b < 60, "harmed is red");
}

#[test]
fn a_dispatch_from_the_orders_panel_sends_the_team_along_a_drawn_route() {
    let sim = builtin_sim(1);
    let layout = bayan_layout(&sim);
    let hada = sim
        .view()
        .places
        .iter()
        .find(|p| p.id == "place:hada-gacha")
        .expect("Hada Gacha")
        .cell;
    let mut app = headless_app(sim, SimSpeed::X60);
    app.add_plugins(AgentsLayerPlugin);
    app.insert_resource(layout);
    app.update();
    let team = "team:bayan-fire-brigade";

    // What the panel offers a ground team, and what it will not build.
    let (order, rescue_at_fire, water) = {
        let view = app.world().resource::<DrillSim>().sim().view();
        assert_eq!(unit_tasks(&view, team), vec![TaskKind::MoveTo, TaskKind::Rescue]);
        assert!(fire_origin(&view).is_none(), "no fire before 15 min");
        let to_hada = Target::Place("place:hada-gacha".into());
        (
            dispatch_order(&view, team, TaskKind::MoveTo, &to_hada).expect("a move order"),
            dispatch_order(&view, team, TaskKind::Rescue, &Target::Fire),
            dispatch_order(&view, team, TaskKind::WaterDrops, &to_hada).expect("built; the sim judges it"),
        )
    };
    assert!(rescue_at_fire.is_err());
    // A ground team cannot drop water: the sim refuses, and says why.
    let refused = submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), DEFAULT_ROLE, water);
    let why = refused.result.clone().expect_err("a team cannot drop water");
    assert!(why.contains("cannot"), "{}", refused.text());
    assert!(refused.text().contains("refused"));

    let outcome = submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), DEFAULT_ROLE, order);
    assert!(outcome.result.is_ok(), "{}", outcome.text());
    assert!(outcome.text().contains("accepted"), "{}", outcome.text());

    // 5 min for the order to reach the brigade, 10 min to mobilise: it
    // sets off at 15 min (tick 90). ×60: six ticks an update.
    let mut set_off = None;
    for _ in 0..30 {
        app.update();
        let sim = &app.world().resource::<DrillSim>().sim();
        if matches!(sim.view().teams[0].activity, TeamActivity::Travelling { .. }) {
            set_off = Some(sim.tick().0);
            break;
        }
    }
    let set_off = set_off.expect("the brigade set off within 3 h");
    assert!((90..=96).contains(&set_off), "set off at tick {set_off}");

    let route_now = |app: &App| {
        let icons = app.world().resource::<AgentIcons>();
        (
            icons.teams[0].centre,
            icons.teams[0].route.clone(),
            icons.teams[0].returning,
        )
    };
    let (centre, route, returning) = route_now(&app);
    assert!(!returning);
    println!("set off at tick {set_off}; route of {} points", route.len());
    assert!(
        route.len() >= 10,
        "Bayan to Hada is about 12 km: {} points",
        route.len()
    );
    assert_eq!(route[0], centre, "the route starts at the team");
    let end = layout.cell_centre(hada.x, hada.y);
    assert!(
        (*route.last().expect("points") - end).length() < 1e-3,
        "the route ends at Hada Gacha"
    );
    // It follows the grid: each step at most a diagonal cell.
    let step_max = layout.px_per_cell * std::f32::consts::SQRT_2 + 1e-3;
    for pair in route.windows(2) {
        let d = (pair[1] - pair[0]).length();
        assert!(d > 0.0 && d <= step_max, "a step of {d} px");
    }
    // Half an hour on, the team has moved along it and less route is left.
    for _ in 0..5 {
        app.update();
    }
    let (moved_to, rest, _) = route_now(&app);
    assert!(moved_to != centre, "the team moved");
    assert!(rest.len() < route.len(), "{} then {} points", route.len(), rest.len());
    assert!(route.contains(&moved_to), "the team is on its drawn route");
}

#[test]
fn an_aircraft_is_drawn_flying_to_the_fire_it_was_sent_to() {
    let mut scenario = trainer_app::cli::load(None).expect("the built-in scenario loads");
    scenario.file.forces.push(ForceSpec {
        id: "aircraft:test-mi171".into(),
        name: Bilingual {
            zh: "测试直升机".into(),
            en: "Test helicopter".into(),
        },
        kind: ForceKind::Helicopter,
        base: "airfield:bayan-landing".into(),
        personnel: 4,
        readiness: Readiness::Standby,
        airframe: Some(AircraftType::Mi171),
        equipment: Default::default(),
    });
    let mut sim = Sim::new(&scenario, 1);
    // Past the ignition (15 min).
    sim.step(Tick::from_minutes(30).0);
    let layout = MapLayout::fit(
        Vec2::new(1280.0, 800.0),
        trainer_app::controls_panel::PANEL_WIDTH,
        UVec2::new(sim.view().frame.width, sim.view().frame.height),
    );
    let airfield = lon_lat_px(
        sim.view().frame,
        &layout,
        LonLat {
            lon: 118.67,
            lat: 48.575,
        },
    );
    let mut app = headless_app(sim, SimSpeed::X60);
    app.add_plugins(AgentsLayerPlugin);
    app.insert_resource(layout);
    app.update();
    let icons = app.world().resource::<AgentIcons>().clone();
    // The test helicopter is the last aircraft; the scenario's UAV shares
    // its landing point and the Ka-32 is off the map.
    let k = app.world().resource::<DrillSim>().sim().view().aircraft.len() - 1;
    let icon = |icons: &AgentIcons| icons.aircraft.iter().find(|a| a.index == k).cloned().expect("drawn");
    assert_eq!(icons.aircraft.len(), 2);
    assert!(
        (icon(&icons).centre - airfield).length() < 1e-3,
        "on the ground at its landing point"
    );
    assert_eq!(icon(&icons).target, None);

    let heli = "aircraft:test-mi171";
    let (order, origin) = {
        let view = app.world().resource::<DrillSim>().sim().view();
        assert_eq!(
            unit_tasks(&view, heli),
            vec![TaskKind::MoveTo, TaskKind::WaterDrops, TaskKind::Recon]
        );
        let origin = fire_origin(&view).expect("the fire has started");
        // The drill's ignition is at lon 118.47, lat 48.63 → cell (51, 51).
        let cell = view.frame.cell_at_lon_lat(origin).expect("on the map");
        assert!(cell.x.abs_diff(51) <= 2 && cell.y.abs_diff(51) <= 2, "{cell:?}");
        (
            dispatch_order(&view, heli, TaskKind::WaterDrops, &Target::Fire).expect("an order"),
            origin,
        )
    };
    let outcome = submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), DEFAULT_ROLE, order);
    assert!(outcome.result.is_ok(), "{}", outcome.text());
    // 5 min for the order, 20 min to lift off from standby.
    let mut flying = false;
    for _ in 0..60 {
        app.update();
        let sim = &app.world().resource::<DrillSim>().sim();
        if matches!(sim.view().aircraft[k].activity, AirActivity::Transit { .. }) {
            flying = true;
            break;
        }
    }
    assert!(flying, "the helicopter took off within an hour");
    let icons = app.world().resource::<AgentIcons>();
    let sim = &app.world().resource::<DrillSim>().sim();
    let expected = lon_lat_px(sim.view().frame, &layout, origin);
    let target = icon(icons).target.expect("a line to where it flies");
    assert!((target - expected).length() < 1e-2, "{target} vs {expected}");
    assert!(
        icon(icons).centre.x < airfield.x,
        "it has flown west from the landing point"
    );
}
