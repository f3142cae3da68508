//! The trainer's drill record under `MinimalPlugins`: orders given through
//! the panel's functions and the queue are recorded with tick and role; the
//! autosaved file (written on `AppExit` and every 5 simulated minutes)
//! parses and replays to the trainer's own state hash; undo puts the drill
//! back to the moment the order was given and drops it from the record; a
//! record that cannot be written is reported, not a panic.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a panic with a message is how a test reports a failure"
)]

use std::path::Path;
use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use sim_core::{Order, RecordAction, Sim, Tick};
use trainer_app::autosave::{AUTOSAVE_EVERY_MIN, SaveStatus, write_atomic};
use trainer_app::drill::{DEFAULT_ROLE, ROLES};
use trainer_app::inject_panel::{INJECT_ROLE, InjectChoice, InjectForm, give_inject};
use trainer_app::orders_panel::{Target, TaskKind, dispatch_order, submit_order, undo_order, warn_everyone};
use trainer_app::{Autosave, AutosavePlugin, DrillSim, EventFeed, OrderQueue, SimPlugin, SimSpeed};

const TEAM: &str = "team:bayan-fire-brigade";

fn scenario() -> sim_core::Scenario {
    trainer_app::cli::load(None).expect("the built-in scenario loads")
}

/// The sim plumbing at ×60 (six ticks per update), saving to `record`.
fn app_saving_to(record: &Path) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs(1)))
        .add_plugins(SimPlugin::new(Sim::new(&scenario(), 7)).with_speed(SimSpeed::X60))
        .add_plugins(AutosavePlugin {
            path: record.to_path_buf(),
        });
    // The first update only starts Bevy's clock.
    app.update();
    app
}

fn drill(app: &App) -> &DrillSim {
    app.world().resource::<DrillSim>()
}

fn move_to_hada(app: &App) -> Order {
    let view = drill(app).sim().view();
    dispatch_order(&view, TEAM, TaskKind::MoveTo, &Target::Place("place:hada-gacha".into())).expect("a move order")
}

#[test]
fn panel_and_queued_orders_are_recorded_with_tick_and_role() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_saving_to(&dir.path().join("r.ron"));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(drill(&app).sim().tick(), Tick(18));
    let order = move_to_hada(&app);
    let outcome = submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), ROLES[2], order.clone());
    assert!(outcome.result.is_ok(), "{}", outcome.text());
    // Refused orders are recorded too: they are part of the event log.
    let water = dispatch_order(
        &drill(&app).sim().view(),
        TEAM,
        TaskKind::WaterDrops,
        &Target::Place("place:hada-gacha".into()),
    )
    .expect("built; the sim judges it");
    let refused = submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), ROLES[1], water.clone());
    assert!(refused.result.is_err());
    app.update();
    let warn = warn_everyone(&drill(&app).sim().view(), sim_core::WarningLevel::Orange);
    app.world_mut()
        .resource_mut::<OrderQueue>()
        .push_at(Tick(30), warn.clone());
    for _ in 0..2 {
        app.update();
    }

    let entries = drill(&app).entries();
    let got: Vec<(u64, &str, &RecordAction)> = entries.iter().map(|e| (e.tick.0, e.role.as_str(), &e.action)).collect();
    assert_eq!(
        got,
        vec![
            (18, ROLES[2], &RecordAction::Order(order)),
            (18, ROLES[1], &RecordAction::Order(water)),
            (30, DEFAULT_ROLE, &RecordAction::Order(warn)),
        ]
    );
    assert_eq!(DEFAULT_ROLE, "指挥长 commander");
}

#[test]
fn the_saved_record_parses_and_replays_to_the_trainers_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drills").join("bayan.ron");
    let mut app = app_saving_to(&path);
    app.update();
    let order = move_to_hada(&app);
    submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), ROLES[2], order);
    // Run past the fire's start (15 min) and the first hourly checkpoint.
    for _ in 0..70 {
        app.update();
    }
    let warn = warn_everyone(&drill(&app).sim().view(), sim_core::WarningLevel::Red);
    submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), DEFAULT_ROLE, warn);
    for _ in 0..5 {
        app.update();
    }
    // The trainer is closed: the record is saved at exit.
    app.world_mut().write_message(AppExit::Success);
    app.update();
    let drill = drill(&app);
    let now = drill.sim().tick();
    assert_eq!(now, Tick(6 * 77));
    let saver = app.world().resource::<Autosave>();
    assert_eq!(saver.status, SaveStatus::Saved(now), "{}", saver.text());
    assert!(!path.with_extension("ron.tmp").exists(), "the temp file was renamed");

    let text = std::fs::read_to_string(&path).expect("the record was written");
    let record = sim_core::record::from_text(&path.display().to_string(), &text).expect("it parses");
    assert_eq!(record, drill.record());
    assert_eq!(record.entries.len(), 2);
    assert_eq!(record.ended_at, Some(now));
    let report = sim_core::record::replay(&scenario(), &record, |_, _| {}).expect("it replays");
    assert_eq!(report.final_tick, now);
    assert_eq!(report.final_state_hash, drill.sim().state_hash());
    assert_eq!(report.entries_replayed, 2);
    // The start, the hour at tick 360 and the end.
    assert_eq!(report.checkpoints_checked, 3, "{:?}", record.checkpoints);
}

#[test]
fn autosave_runs_every_five_simulated_minutes_and_after_orders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.ron");
    let mut app = app_saving_to(&path);
    let every = Tick::from_minutes(AUTOSAVE_EVERY_MIN).0;
    assert_eq!(every, 30);
    let saved = |app: &App| match app.world().resource::<Autosave>().status {
        SaveStatus::Saved(t) => Some(t.0),
        ref other => panic!("{other:?}"),
    };
    let mut seen = Vec::new();
    for _ in 0..20 {
        app.update();
        let s = saved(&app);
        if seen.last() != Some(&s) {
            seen.push(s);
        }
    }
    // Six ticks an update: the first save at tick 6 (nothing saved yet),
    // then the first update at least 30 ticks later, and so on.
    assert_eq!(seen, vec![Some(6), Some(36), Some(66), Some(96)]);
    // Paused, an order is saved at once; with nothing changed, nothing is.
    *app.world_mut().resource_mut::<SimSpeed>() = SimSpeed::Paused;
    app.update();
    assert_eq!(saved(&app), Some(96));
    let order = move_to_hada(&app);
    submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), DEFAULT_ROLE, order);
    app.update();
    assert_eq!(saved(&app), Some(120));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(sim_core::record::from_text("r.ron", &text).unwrap().entries.len(), 1);
}

#[test]
fn undo_puts_the_drill_back_to_when_the_order_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_saving_to(&dir.path().join("r.ron"));
    // Past the fire's start, so events keep coming.
    for _ in 0..20 {
        app.update();
    }
    let first = move_to_hada(&app);
    submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), DEFAULT_ROLE, first);
    app.update();
    let given_at = drill(&app).sim().tick();
    let hash_before = drill(&app).sim().state_hash();
    let checkpoints_before = drill(&app).record().checkpoints.len() - 1;
    let feed_before: Vec<_> = app.world().resource::<EventFeed>().events.iter().cloned().collect();
    let warn = warn_everyone(&drill(&app).sim().view(), sim_core::WarningLevel::Red);
    let outcome = submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), ROLES[3], warn.clone());
    assert!(outcome.result.is_ok(), "{}", outcome.text());
    // An hour and a bit later (an hourly checkpoint taken), take it back.
    for _ in 0..70 {
        app.update();
    }
    assert!(drill(&app).sim().state_hash() != hash_before);
    assert!(drill(&app).record().checkpoints.len() - 1 > checkpoints_before);
    *app.world_mut().resource_mut::<SimSpeed>() = SimSpeed::Paused;
    let undone = undo_order(&mut app.world_mut().resource_mut::<DrillSim>()).expect("one to undo");
    assert_eq!(undone.entry.action, RecordAction::Order(warn));
    assert_eq!(undone.entry.role, ROLES[3]);
    assert_eq!(undone.from, given_at.plus(6 * 70));
    assert!(undone.text().contains("undone"), "{}", undone.text());
    assert!(undone.retracted_events > 0, "the hour dropped had events on show");
    app.world_mut()
        .resource_mut::<EventFeed>()
        .retract(undone.retracted_events);
    app.update();

    let drill_now = drill(&app);
    assert_eq!(drill_now.sim().tick(), given_at);
    assert_eq!(drill_now.sim().state_hash(), hash_before);
    assert_eq!(drill_now.entries().len(), 1, "the warning is gone, the dispatch stays");
    assert_eq!(drill_now.record().checkpoints.len() - 1, checkpoints_before);
    let feed_now: Vec<_> = app.world().resource::<EventFeed>().events.iter().cloned().collect();
    assert_eq!(feed_now, feed_before, "the undone time's events are gone from the feed");

    // The record after the undo still replays to the drill's state.
    let record = drill_now.record();
    let report = sim_core::record::replay(&scenario(), &record, |_, _| {}).expect("it replays");
    assert_eq!(report.final_state_hash, hash_before);

    // The dispatch can be undone too, then nothing is left.
    assert!(undo_order(&mut app.world_mut().resource_mut::<DrillSim>()).is_some());
    assert!(drill(&app).entries().is_empty());
    assert!(drill(&app).undoable().is_none());
    assert!(undo_order(&mut app.world_mut().resource_mut::<DrillSim>()).is_none());
}

#[test]
fn a_record_that_cannot_be_written_is_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    // A folder that cannot be made: its parent is a file.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let path = blocker.join("r.ron");
    assert!(write_atomic(&path, "x").is_err());

    let mut app = app_saving_to(&path);
    app.update();
    let order = move_to_hada(&app);
    submit_order(&mut app.world_mut().resource_mut::<DrillSim>(), DEFAULT_ROLE, order);
    app.update();
    app.world_mut().write_message(AppExit::Success);
    app.update();
    let saver = app.world().resource::<Autosave>();
    match &saver.status {
        SaveStatus::Failed(tick, message) => {
            assert_eq!(*tick, drill(&app).sim().tick());
            assert!(message.contains("not-a-folder"), "{message}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert!(saver.text().contains("FAILED"), "{}", saver.text());
    assert_eq!(drill(&app).entries().len(), 1, "the drill goes on");
}

#[test]
fn an_atomic_write_replaces_the_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a").join("b.ron");
    write_atomic(&path, "first").unwrap();
    write_atomic(&path, "second").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("b.ron")], "no temp file left");
}

#[test]
fn trainer_injects_from_the_panel_are_recorded_as_the_trainer_and_replay() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_saving_to(&dir.path().join("r.ron"));
    app.update();
    let mut form = InjectForm {
        choice: InjectChoice::WindShift,
        message_zh: "风向突变".into(),
        wind_speed_m_s: 14.0,
        wind_from_deg: 300.0,
        ..InjectForm::default()
    };
    let (kind, message) = form.inject();
    assert_eq!(message.en, "风向突变", "an empty English text takes the Chinese");
    let text = give_inject(
        &mut app.world_mut().resource_mut::<DrillSim>(),
        kind.clone(),
        message.clone(),
    );
    assert!(text.contains("injected"), "{text}");
    // A wind the validator refuses is recorded, refused, and changes nothing.
    form.wind_speed_m_s = 90.0;
    let (bad_kind, bad_message) = form.inject();
    let hash = drill(&app).sim().state_hash();
    let text = give_inject(&mut app.world_mut().resource_mut::<DrillSim>(), bad_kind, bad_message);
    assert!(text.contains("refused"), "{text}");
    assert_eq!(drill(&app).sim().state_hash(), hash);
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(drill(&app).sim().view().weather.wind_from_deg, 300.0);

    let entries = drill(&app).entries();
    assert_eq!(entries.len(), 2);
    assert_eq!((entries[0].tick, entries[0].role.as_str()), (Tick(6), INJECT_ROLE));
    assert_eq!(entries[0].action, RecordAction::Inject { kind, message });
    let report = sim_core::record::replay(&scenario(), &drill(&app).record(), |_, _| {}).expect("it replays");
    assert_eq!(report.final_state_hash, drill(&app).sim().state_hash());
    assert_eq!(report.entries_refused, 1);
}
