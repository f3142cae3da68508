//! Drill evaluation: the shipped standards file, every metric on hand-made
//! event logs (including N/A and the exact boundaries), points bands,
//! renormalisation, grade and rating bands, overrides, MSEL expected
//! actions, findings, and a final state read from a real run.
//!
//! Expected numbers are computed by hand in the comments; the targets come
//! from the plan's indicator table (plan-summary.md: indicator 9 ≤ 2 h,
//! indicator 10 ≤ 10 h, warning coverage ≥ 90 %).
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;

use sim_core::evaluation::Facts;
use sim_core::evaluation::{
    Economy, FinalState, FindingClass, Grade, Measure, MetricId, PeopleCounts, PlaceOutcome, Rating, ShelterOutcome,
    Standards, TaskResult, load_standards, measure, score,
};
use sim_core::event::CasualtyCause;
use sim_core::frame::LonLat;
use sim_core::scenario::{Bilingual, ExpectedActionSpec, ExpectedOrderKind, ScenarioFile, no_files};
use sim_core::{Event, Order, OrderId, ResponseLevel, Tick, TimedEvent, WarningLevel, builtin, load_scenario};

const STANDARDS: &str = include_str!("../../scenarios/standards/nmg-14th-fyp.ron");

fn standards() -> Standards {
    load_standards("nmg-14th-fyp.ron", STANDARDS).unwrap()
}

/// The default scenario without its MSEL expected actions: these tests
/// score the standards' tasks alone (the MSEL has its own tests, which add
/// expected actions of their own).
fn scenario() -> ScenarioFile {
    let mut file = common::default_scenario().file;
    for inject in &mut file.injects {
        inject.expected.clear();
    }
    file
}

fn at(minutes: u64) -> Tick {
    Tick::from_minutes(minutes)
}

fn ev(tick: Tick, event: Event) -> TimedEvent {
    TimedEvent { tick, event }
}

fn reported(tick: Tick) -> TimedEvent {
    ev(
        tick,
        Event::IncidentReported {
            incident: "hazard:test".into(),
            delay_min: 12.5,
        },
    )
}

fn place(id: &str, population: u32) -> PlaceOutcome {
    PlaceOutcome {
        id: id.into(),
        population,
        people: PeopleCounts::default(),
        fire_arrived: None,
        flood_arrived: None,
    }
}

fn final_state(places: Vec<PlaceOutcome>, shelters: Vec<ShelterOutcome>) -> FinalState {
    FinalState {
        end: at(24 * 60),
        places,
        shelters,
        ..FinalState::default()
    }
}

fn shelter(occupants: u32, served: u32) -> ShelterOutcome {
    ShelterOutcome {
        id: "shelter:s".into(),
        occupants,
        served,
        room: 1000,
    }
}

fn value(metric: MetricId, events: &[TimedEvent], fs: &FinalState) -> Measure {
    measure(metric, &Facts::new(&scenario(), events, fs)).measure
}

fn fire_reached(tick: Tick, place_id: &str) -> TimedEvent {
    ev(
        tick,
        Event::FireReachedPlace {
            place_id: place_id.into(),
            intensity_kw_per_m: 3000.0,
        },
    )
}

fn warned(tick: Tick, place_id: &str, share: f64) -> TimedEvent {
    ev(
        tick,
        Event::WarningReceived {
            place_id: place_id.into(),
            count: 1,
            share_warned: share,
        },
    )
}

fn on_scene(tick: Tick, unit: &str) -> TimedEvent {
    ev(
        tick,
        Event::AircraftOnScene {
            unit_id: unit.into(),
            minutes_since_order: 30.0,
        },
    )
}

// ---- the standards file ------------------------------------------------

#[test]
fn shipped_standards_load_and_cite_the_plan() {
    let s = standards();
    assert_eq!(s.id, "nmg-14th-fyp");
    assert_eq!(scenario().standards, s.id, "the default scenario names this file");
    // Both built-in drills name a built-in standards file, which is this one.
    for b in builtin::ALL {
        let file = load_scenario(b.id, b.text, &mut no_files).unwrap().file;
        assert_eq!(
            sim_core::evaluation::builtin_standards(&file.standards),
            Some(STANDARDS)
        );
    }
    let total: f64 = s.tasks().map(|(_, _, t)| t.max_points).sum();
    assert!((total - 100.0).abs() < 1e-9, "points add to 100, got {total}");
    for (_, _, t) in s.tasks() {
        assert!(
            t.plan_ref.contains('第') || t.plan_ref.contains("指标"),
            "{} cites a chapter or an indicator: {}",
            t.id,
            t.plan_ref
        );
    }
    // The indicator targets of the plan's table.
    let target = |id: &str| s.tasks().find(|(_, _, t)| t.id == id).unwrap().2.target.value;
    assert_eq!(target("task:aviation-2h"), 120.0);
    assert_eq!(target("task:basic-needs-10h"), 10.0);
    assert_eq!(target("task:warning-coverage"), 0.9);
    assert_eq!(target("task:loss-share-gdp"), 0.007);
}

#[test]
fn bad_standards_report_every_problem_with_its_line() {
    // Validation problems: zero points, a band better than the target, a
    // duplicate id, grade thresholds out of order.
    let text = STANDARDS
        .replacen("max_points: 4.0", "max_points: 0.0", 1)
        .replacen(
            "bands: [(limit: 60.0, share: 0.5)]",
            "bands: [(limit: 20.0, share: 0.5)]",
            1,
        )
        .replacen("id: \"task:few-injuries\"", "id: \"task:no-deaths\"", 1)
        .replacen("good: 75.0", "good: 95.0", 1);
    let err = load_standards("bad.ron", &text).unwrap_err();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1;
    let find = |path_end: &str| {
        err.problems
            .iter()
            .find(|p| p.path.ends_with(path_end))
            .unwrap_or_else(|| panic!("no problem at {path_end}: {err}"))
    };
    assert_eq!(find("tasks[0].max_points").line, line_of("max_points: 0.0"));
    assert_eq!(find("tasks[0].bands[0].limit").line, line_of("limit: 20.0"));
    let dup = err.problems.iter().find(|p| p.message.contains("used twice")).unwrap();
    let second = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("id: \"task:no-deaths\""))
        .last()
        .unwrap()
        .0 as u32
        + 1;
    assert_eq!(dup.line, second);
    assert!(dup.path.ends_with("tasks[1].id"), "{}", dup.path);
    assert_eq!(find("grades").line, line_of("grades:"));
    assert_eq!(err.problems.len(), 4, "{err}");
    assert!(err.to_string().starts_with("bad.ron has 4 problems:"), "{err}");

    // A type problem: an unknown metric, located at its value.
    let text = STANDARDS.replacen("metric: Deaths", "metric: Deaths_", 1);
    let err = load_standards("bad.ron", &text).unwrap_err();
    let p = &err.problems[0];
    assert_eq!(
        p.line,
        text.lines().position(|l| l.contains("Deaths_")).unwrap() as u32 + 1
    );
    assert!(p.path.ends_with(".metric"), "{p}");
}

// ---- metrics -----------------------------------------------------------

#[test]
fn report_delay_is_the_first_reports_delay_or_na() {
    let fs = final_state(vec![], vec![]);
    assert_eq!(
        value(MetricId::IncidentReportDelayMin, &[reported(at(30))], &fs),
        Measure::Value(12.5)
    );
    assert_eq!(
        value(MetricId::IncidentReportDelayMin, &[], &fs),
        Measure::NotApplicable
    );
    let detected = ev(
        at(5),
        Event::IncidentDetected {
            incident: "hazard:test".into(),
            by: "herder".into(),
            at: LonLat { lon: 118.5, lat: 48.6 },
        },
    );
    assert_eq!(
        value(MetricId::IncidentReportDelayMin, &[detected], &fs),
        Measure::NotDone
    );
}

#[test]
fn response_and_consultation_are_timed_from_the_report() {
    let fs = final_state(vec![], vec![]);
    let events = [
        reported(at(20)),
        ev(
            at(50),
            Event::ConsultationHeld {
                order_id: OrderId(0),
                topic: "fire".into(),
            },
        ),
        ev(
            at(95),
            Event::ResponseLevelChanged {
                order_id: OrderId(1),
                from: None,
                to: ResponseLevel::IV,
            },
        ),
    ];
    assert_eq!(value(MetricId::ConsultationMin, &events, &fs), Measure::Value(30.0));
    assert_eq!(value(MetricId::ResponseStartMin, &events, &fs), Measure::Value(75.0));
    assert_eq!(value(MetricId::ResponseStartMin, &events[..2], &fs), Measure::NotDone);
    assert_eq!(
        value(MetricId::ConsultationMin, &events[1..], &fs),
        Measure::NotApplicable
    );
}

#[test]
fn aviation_is_timed_from_report_to_first_aircraft_and_skips_uavs() {
    let s = standards();
    let sc = scenario();
    let fs = final_state(vec![], vec![]);
    // Exactly 2 h after the report: meets the ≤ 120 min target (10 points).
    let events = [reported(at(30)), on_scene(at(150), "aircraft:hailar-ka32")];
    assert_eq!(value(MetricId::AviationOnSceneMin, &events, &fs), Measure::Value(120.0));
    let card = score(&s, &sc, &events, &fs);
    let t = card.task("task:aviation-2h").unwrap();
    assert_eq!((t.result, t.points, t.rating), (TaskResult::Met, 10.0, Some(Rating::P)));
    assert_eq!(t.value_shown().unwrap().en, "120.0 min");
    assert_eq!(t.target_shown().zh, "≤ 120.0 分钟");
    assert_eq!(t.evidence, vec![at(30), at(150)]);
    // One tick later: 120.17 min, in the ≤ 180 band (half points).
    let events = [reported(at(30)), on_scene(at(150).plus(1), "aircraft:hailar-ka32")];
    let card = score(&s, &sc, &events, &fs);
    let t = card.task("task:aviation-2h").unwrap();
    assert_eq!((t.result, t.points), (TaskResult::Partly, 5.0));
    // The UAV does not count; with only the UAV the task was not done.
    let events = [reported(at(30)), on_scene(at(40), "aircraft:bayan-uav")];
    assert_eq!(value(MetricId::AviationOnSceneMin, &events, &fs), Measure::NotDone);
    // No aircraft in the scenario: the task is N/A and leaves the total.
    let mut no_air = sc.clone();
    no_air.forces.retain(|f| !f.id.starts_with("aircraft:"));
    let card = score(&s, &no_air, &events, &fs);
    let t = card.task("task:aviation-2h").unwrap();
    assert_eq!((t.result, t.applicable), (TaskResult::NotApplicable, false));
}

#[test]
fn warning_coverage_counts_warnings_at_or_before_arrival() {
    let mut a = place("place:a", 1000);
    a.fire_arrived = Some(at(100));
    let b = place("place:b", 1000);
    let fs = final_state(vec![a, b, place("place:far", 5000)], vec![]);
    // place:a reached at 100 min (final state), place:b at 120 (event);
    // place:far never reached and is left out.
    // a: 100 % warned at 100 (same tick counts); b: 80 % by 110, 100 % only
    // after arrival. (1000 + 800) / 2000 = 0.90 exactly: the target.
    let events = vec![
        warned(at(60), "place:a", 0.5),
        warned(at(100), "place:a", 1.0),
        warned(at(110), "place:b", 0.8),
        fire_reached(at(120), "place:b"),
        warned(at(130), "place:b", 1.0),
    ];
    assert_eq!(
        value(MetricId::WarningCoverageBeforeArrival, &events, &fs),
        Measure::Value(0.9)
    );
    let card = score(&standards(), &scenario(), &events, &fs);
    let t = card.task("task:warning-coverage").unwrap();
    assert_eq!((t.result, t.points), (TaskResult::Met, 15.0));
    assert_eq!(t.evidence, vec![at(100), at(110), at(120)]);
    // 79 % at b: (1000 + 790) / 2000 = 0.895, in the ≥ 0.75 band (0.6 × 15).
    let mut events = events;
    events[2] = warned(at(110), "place:b", 0.79);
    let card = score(&standards(), &scenario(), &events, &fs);
    let t = card.task("task:warning-coverage").unwrap();
    assert_eq!(t.result, TaskResult::Partly);
    assert!((t.points - 9.0).abs() < 1e-12, "{}", t.points);
    // Nothing reached: N/A.
    let fs = final_state(vec![place("place:a", 10)], vec![]);
    assert_eq!(
        value(MetricId::WarningCoverageBeforeArrival, &[], &fs),
        Measure::NotApplicable
    );
}

#[test]
fn evacuation_share_counts_people_sheltered_before_arrival() {
    let fs = final_state(vec![place("place:a", 300), place("place:b", 100)], vec![]);
    let done = |tick, p: &str, sheltered| {
        ev(
            tick,
            Event::EvacuationCompleted {
                place_id: p.into(),
                sheltered,
                stayed: 10,
            },
        )
    };
    let arrived = |tick, p: &str, count| {
        ev(
            tick,
            Event::PeopleSheltered {
                shelter_id: "shelter:s".into(),
                place_id: p.into(),
                count,
            },
        )
    };
    // a: 200 in a shelter by its arrival at 90, 70 more after it; b: 60 by
    // its arrival at 100, the rest (and the completion) after it.
    // (200 + 60) / 400 = 0.65.
    let events = [
        arrived(at(80), "place:a", 200),
        arrived(at(85), "place:b", 60),
        fire_reached(at(90), "place:a"),
        arrived(at(95), "place:a", 70),
        fire_reached(at(100), "place:b"),
        arrived(at(105), "place:b", 30),
        done(at(110), "place:b", 90),
    ];
    assert_eq!(
        value(MetricId::EvacuatedBeforeArrival, &events, &fs),
        Measure::Value(0.65)
    );
    // A completion in time counts its sheltered number, which includes
    // people gone to relatives (never `PeopleSheltered`): a 290 of 300.
    let events = [
        arrived(at(80), "place:a", 250),
        done(at(89), "place:a", 290),
        fire_reached(at(90), "place:a"),
        fire_reached(at(100), "place:b"),
    ];
    assert_eq!(
        value(MetricId::EvacuatedBeforeArrival, &events, &fs),
        Measure::Value(0.725)
    );
    assert_eq!(
        value(MetricId::EvacuatedBeforeArrival, &[], &fs),
        Measure::NotApplicable
    );
    // Orders: a ordered at 80 (before 90), b at exactly its arrival (100):
    // both count, 400 / 400 = 1; b one tick late: 300 / 400.
    let ordered = |tick, p: &str| {
        ev(
            tick,
            Event::EvacuationOrdered {
                order_id: OrderId(1),
                place_id: p.into(),
                shelter_id: "shelter:s".into(),
            },
        )
    };
    let mut events = vec![
        ordered(at(80), "place:a"),
        fire_reached(at(90), "place:a"),
        ordered(at(100), "place:b"),
        fire_reached(at(100), "place:b"),
    ];
    assert_eq!(
        value(MetricId::EvacuationOrderedBeforeArrival, &events, &fs),
        Measure::Value(1.0)
    );
    events[2] = ordered(at(100).plus(1), "place:b");
    events.swap(2, 3);
    assert_eq!(
        value(MetricId::EvacuationOrderedBeforeArrival, &events, &fs),
        Measure::Value(0.75)
    );
}

fn sheltered(tick: Tick, count: u32) -> TimedEvent {
    ev(
        tick,
        Event::PeopleSheltered {
            shelter_id: "shelter:s".into(),
            place_id: "place:a".into(),
            count,
        },
    )
}

fn short(tick: Tick, what: &str, people: u32) -> TimedEvent {
    ev(
        tick,
        Event::SupplyShortage {
            shelter_id: "shelter:s".into(),
            what: what.into(),
            people,
        },
    )
}

fn relief(tick: Tick, people_served: u32) -> TimedEvent {
    ev(
        tick,
        Event::ReliefDelivered {
            shelter_id: "shelter:s".into(),
            items: BTreeMap::from([("water_t".to_owned(), 3.0)]),
            people_served,
        },
    )
}

#[test]
fn basic_needs_time_runs_from_the_disaster_to_full_cover() {
    let mut a = place("place:a", 500);
    a.fire_arrived = Some(at(60));
    let fs = final_state(vec![a.clone()], vec![shelter(200, 200)]);
    // Disaster at 60 min; 200 arrive at 120 with 150 short of water; relief
    // covers 100 at 300 and the last 50 at 660 = 60 + 600 min: 10.00 h.
    let events = [
        sheltered(at(120), 200),
        short(at(120), "water_t", 150),
        relief(at(300), 100),
        relief(at(660), 50),
    ];
    assert_eq!(value(MetricId::BasicNeedsMetH, &events, &fs), Measure::Value(10.0));
    let card = score(&standards(), &scenario(), &events, &fs);
    assert_eq!(card.task("task:basic-needs-10h").unwrap().result, TaskResult::Met);
    // One tick later it misses 10 h and falls in the ≤ 12 h band.
    let mut late = events.clone();
    late[3] = relief(at(660).plus(1), 50);
    let card = score(&standards(), &scenario(), &late, &fs);
    let t = card.task("task:basic-needs-10h").unwrap();
    assert_eq!((t.result, t.points), (TaskResult::Partly, 5.0));
    // Relief that never covers everyone: not done, missed.
    let fs_short = final_state(vec![a.clone()], vec![shelter(200, 150)]);
    assert_eq!(
        value(MetricId::BasicNeedsMetH, &events[..3], &fs_short),
        Measure::NotDone
    );
    // People covered on arrival, before the disaster: 0 h.
    let early = [sheltered(at(30), 200)];
    assert_eq!(value(MetricId::BasicNeedsMetH, &early, &fs), Measure::Value(0.0));
    // A room shortage holds cover back until tents come.
    let room = [sheltered(at(120), 200), short(at(120), "room 床位", 20)];
    assert_eq!(value(MetricId::BasicNeedsMetH, &room, &fs), Measure::NotDone);
    // Nobody sheltered although the fire reached place:a: not done.
    assert_eq!(value(MetricId::BasicNeedsMetH, &[], &fs), Measure::NotDone);
    // Nobody sheltered and no place reached: N/A.
    let calm = final_state(vec![place("place:a", 500)], vec![]);
    assert_eq!(value(MetricId::BasicNeedsMetH, &[], &calm), Measure::NotApplicable);
}

#[test]
fn casualties_loss_and_unserved_share() {
    let cas = |tick, injured, dead| {
        ev(
            tick,
            Event::Casualties {
                place_id: "place:a".into(),
                cause: CasualtyCause::Fire,
                injured,
                dead,
            },
        )
    };
    let fs = final_state(vec![place("place:a", 100)], vec![shelter(80, 60)]);
    let events = [cas(at(10), 3, 1), cas(at(20), 2, 0)];
    assert_eq!(value(MetricId::Deaths, &events, &fs), Measure::Value(1.0));
    assert_eq!(value(MetricId::Injured, &events, &fs), Measure::Value(5.0));
    assert_eq!(value(MetricId::Deaths, &[], &fs), Measure::Value(0.0));
    // 20 of 80 sheltered lack water and food: 0.25.
    assert_eq!(value(MetricId::ShelteredUnservedShare, &[], &fs), Measure::Value(0.25));
    let empty = final_state(vec![place("place:a", 100)], vec![shelter(0, 0)]);
    assert_eq!(
        value(MetricId::ShelteredUnservedShare, &[], &empty),
        Measure::NotApplicable
    );
    // Empty shelters after the fire reached people: not done.
    assert_eq!(
        value(
            MetricId::ShelteredUnservedShare,
            &[fire_reached(at(50), "place:a")],
            &empty
        ),
        Measure::NotDone
    );
    // Economic loss: N/A without figures; 7 of 1000 is exactly the 0.7 % target.
    assert_eq!(
        value(MetricId::EconomicLossShareOfGdp, &[], &fs),
        Measure::NotApplicable
    );
    let mut rich = fs.clone();
    rich.economy = Some(Economy {
        direct_loss_yuan: 7.0,
        regional_gdp_yuan: 1000.0,
    });
    assert_eq!(
        value(MetricId::EconomicLossShareOfGdp, &[], &rich),
        Measure::Value(0.007)
    );
    let card = score(&standards(), &scenario(), &[], &rich);
    assert_eq!(card.task("task:loss-share-gdp").unwrap().result, TaskResult::Met);
}

// ---- scoring -----------------------------------------------------------

/// A two-task standards file for hand-computed totals.
fn small_standards(extra: &str) -> Standards {
    let text = format!(
        r#"(
    version: 1, id: "small", title: (zh: "小", en: "small"), source: (zh: "", en: ""),
    grades: (excellent: 90.0, good: 75.0, fair: 60.0),
    ratings: (performed: 80.0, some_challenges: 66.0, major_challenges: 50.0),
    overrides: (preventable_death_grade_cap: Fair, missed_critical_grade_cap: Poor, missed_critical_rating_cap: M),
    due_days: (deficiency: 30, correction: 90, improvement: 180),
    msel: (id: "capability:msel", name: (zh: "", en: ""), element: Planning, role: (zh: "", en: ""),
           corrective_action: (zh: "复盘", en: "review")),
    objectives: [(id: "objective:o", name: (zh: "", en: ""), capabilities: [(
        id: "capability:c", name: (zh: "", en: ""), tasks: [
            (id: "task:consult", name: (zh: "会商", en: "consult"), max_points: 10.0, metric: ConsultationMin,
             target: (comparator: AtMost, value: 60.0), bands: [(limit: 120.0, share: 0.4)],
             plan_ref: "第三章第一节", element: Organization, role: (zh: "", en: ""),
             corrective_action: (zh: "改", en: "fix") {extra}),
            (id: "task:loss", name: (zh: "", en: ""), max_points: 30.0, metric: EconomicLossShareOfGdp,
             target: (comparator: AtMost, value: 0.007), plan_ref: "主要指标6", element: Planning,
             role: (zh: "", en: ""), corrective_action: (zh: "", en: "")),
        ])])],
)"#
    );
    load_standards("small.ron", &text).unwrap()
}

fn consulted(tick: Tick) -> TimedEvent {
    ev(
        tick,
        Event::ConsultationHeld {
            order_id: OrderId(0),
            topic: "t".into(),
        },
    )
}

#[test]
fn score_renormalises_over_applicable_tasks() {
    let s = small_standards("");
    let fs = final_state(vec![], vec![]);
    // Consultation 90 min after the report: band 0.4 → 4 of 10 points. The
    // loss task (30 points) is N/A, so the score is 4 / 10 × 100 = 40.
    let events = [reported(at(0)), consulted(at(90))];
    let card = score(&s, &scenario(), &events, &fs);
    assert_eq!(
        (card.earned_points, card.applicable_points, card.score),
        (4.0, 10.0, 40.0)
    );
    assert_eq!(card.score_grade, Grade::Poor);
    let c = &card.capabilities[0];
    assert_eq!((c.percent, c.rating), (Some(40.0), Some(Rating::U)));
    // Loss known and within target: (4 + 30) / 40 = 85 → 良, rating P.
    let mut rich = fs.clone();
    rich.economy = Some(Economy {
        direct_loss_yuan: 1.0,
        regional_gdp_yuan: 1000.0,
    });
    let card = score(&s, &scenario(), &events, &rich);
    assert_eq!(card.score, 85.0);
    assert_eq!(card.grade(), Grade::Good);
    assert_eq!(card.grade().en(), "Good");
    assert_eq!(card.capabilities[0].rating, Some(Rating::P));
    // Findings: the partly met task is an improvement (non-critical), with
    // its corrective action in the plan at 180 days; the met one a strength.
    let improvement = card.findings.iter().find(|f| f.subject == "task:consult").unwrap();
    assert_eq!(improvement.class, FindingClass::Improvement);
    assert_eq!(card.improvement_plan.len(), 1);
    assert_eq!(card.improvement_plan[0].due_days, 180);
    assert_eq!(card.improvement_plan[0].action.en, "fix");
    assert_eq!(card.findings.last().unwrap().class, FindingClass::Strength);
    // The card serialises (score.json uses the same serde derive).
    let text = ron::to_string(&card).unwrap();
    assert!(text.contains("final_grade:Good"), "{text}");
}

#[test]
fn grade_and_rating_bands_include_their_lower_bound() {
    let s = standards();
    let grades = [
        (100.0, Grade::Excellent),
        (90.0, Grade::Excellent),
        (89.99, Grade::Good),
        (75.0, Grade::Good),
        (74.99, Grade::Fair),
        (60.0, Grade::Fair),
        (59.99, Grade::Poor),
        (0.0, Grade::Poor),
    ];
    for (score, grade) in grades {
        assert_eq!(s.grade_of(score), grade, "{score}");
    }
    let ratings = [
        (80.0, Rating::P),
        (79.99, Rating::S),
        (66.0, Rating::S),
        (65.99, Rating::M),
        (50.0, Rating::M),
        (49.99, Rating::U),
    ];
    for (percent, rating) in ratings {
        assert_eq!(s.rating_of(percent), rating, "{percent}");
    }
    assert_eq!(Grade::Excellent.zh(), "优");
    assert_eq!(Grade::Fair.to_string(), "中 (Fair)");
}

#[test]
fn a_missed_critical_task_caps_grade_and_rating() {
    let s = small_standards(", critical: true");
    let mut rich = final_state(vec![], vec![]);
    rich.economy = Some(Economy {
        direct_loss_yuan: 1.0,
        regional_gdp_yuan: 1000.0,
    });
    // No consultation: 0 of 10, loss 30 of 30: 75 → 良 by score, but the
    // critical miss caps it at 差 (this file's cap) and the rating at M
    // (75 % would be S).
    let card = score(&s, &scenario(), &[reported(at(0))], &rich);
    assert_eq!(card.score, 75.0);
    assert_eq!(card.score_grade, Grade::Good);
    assert_eq!(card.final_grade, Grade::Poor);
    assert_eq!(card.caps.len(), 1);
    let c = &card.capabilities[0];
    assert_eq!((c.percent, c.rating), (Some(75.0), Some(Rating::M)));
    assert!(c.rating_capped_by.is_some());
    let deficiency = &card.findings[0];
    assert_eq!(
        (deficiency.class, deficiency.subject.as_str()),
        (FindingClass::Deficiency, "task:consult")
    );
    assert_eq!(card.improvement_plan[0].due_days, 30);
}

#[test]
fn a_preventable_death_caps_the_grade() {
    let s = small_standards("");
    let mut rich = final_state(vec![place("place:a", 100)], vec![]);
    rich.economy = Some(Economy {
        direct_loss_yuan: 1.0,
        regional_gdp_yuan: 1000.0,
    });
    let death = ev(
        at(200),
        Event::Casualties {
            place_id: "place:a".into(),
            cause: CasualtyCause::Fire,
            injured: 0,
            dead: 2,
        },
    );
    let evac_order = |tick| {
        ev(
            tick,
            Event::EvacuationOrdered {
                order_id: OrderId(3),
                place_id: "place:a".into(),
                shelter_id: "shelter:s".into(),
            },
        )
    };
    // Score 100 (consultation at 30 min, loss in target), but 2 died at a
    // place whose evacuation was ordered after the fire arrived: cap 中.
    let events = [
        reported(at(0)),
        consulted(at(30)),
        fire_reached(at(150), "place:a"),
        evac_order(at(160)),
        death.clone(),
    ];
    let card = score(&s, &scenario(), &events, &rich);
    assert_eq!(
        (card.score, card.score_grade, card.final_grade),
        (100.0, Grade::Excellent, Grade::Fair)
    );
    assert_eq!(card.preventable_deaths.len(), 1);
    assert_eq!(card.preventable_deaths[0].dead, 2);
    assert_eq!(card.findings[0].class, FindingClass::Deficiency);
    // Ordered at the arrival tick: not preventable by this rule, no cap.
    let events = [
        reported(at(0)),
        consulted(at(30)),
        evac_order(at(150)),
        fire_reached(at(150), "place:a"),
        death,
    ];
    let card = score(&s, &scenario(), &events, &rich);
    assert_eq!(card.final_grade, Grade::Excellent);
    assert!(card.preventable_deaths.is_empty());
}

// ---- MSEL expected actions ---------------------------------------------

fn expected(order: ExpectedOrderKind, target: Option<&str>, critical: bool) -> ExpectedActionSpec {
    ExpectedActionSpec {
        name: Bilingual {
            zh: "预期".into(),
            en: "expected".into(),
        },
        order,
        target: target.map(str::to_owned),
        min_level: None,
        within_min: 30,
        late_within_min: Some(90),
        points: 10.0,
        late_share: 0.5,
        critical,
    }
}

fn accepted(tick: Tick, order: Order) -> TimedEvent {
    ev(
        tick,
        Event::OrderAccepted {
            order_id: OrderId(9),
            order,
            due: tick,
        },
    )
}

#[test]
fn expected_actions_score_on_time_late_and_missed() {
    let mut sc = scenario();
    // The herder's report inject is at 20 min.
    sc.injects[0].expected = vec![
        expected(ExpectedOrderKind::IssueWarning, Some("place:hada-gacha"), false),
        expected(ExpectedOrderKind::HoldConsultation, None, false),
        expected(ExpectedOrderKind::OpenShelter, Some("shelter:bayan-school"), true),
    ];
    let warn = Order::IssueWarning {
        places: vec!["place:bayan-town".into(), "place:hada-gacha".into()],
        level: WarningLevel::Orange,
        channels: vec![],
    };
    let events = [
        ev(
            at(20),
            Event::InjectDelivered {
                inject_id: "inject:herder-report".into(),
                kind: sc.injects[0].kind.clone(),
                message: sc.injects[0].message.clone(),
            },
        ),
        // Warning 30 min after the inject: on time (boundary).
        accepted(at(50), warn),
        // Consultation 60 min after: late, half points.
        accepted(at(80), Order::HoldConsultation { topic: "fire".into() }),
    ];
    let card = score(&standards(), &sc, &events, &final_state(vec![], vec![]));
    let msel = card.capabilities.last().unwrap();
    assert_eq!(msel.id, "capability:msel-expected-actions");
    let got: Vec<(TaskResult, f64)> = msel.tasks.iter().map(|t| (t.result, t.points)).collect();
    assert_eq!(
        got,
        vec![
            (TaskResult::Met, 10.0),
            (TaskResult::Partly, 5.0),
            (TaskResult::Missed, 0.0)
        ]
    );
    assert_eq!(msel.tasks[0].id, "inject:herder-report#0");
    assert_eq!(msel.tasks[0].evidence, vec![at(20), at(50)]);
    // 15 of 30 points: 50 %, and the critical miss caps the rating at M.
    assert_eq!((msel.percent, msel.rating), (Some(50.0), Some(Rating::M)));
    assert_eq!(card.final_grade.min(Grade::Fair), card.final_grade);
}

#[test]
fn expected_actions_are_validated_with_locations() {
    // A bad action put first in the first inject's expected actions.
    let text = builtin::DEFAULT.text.replacen(
        "expected: [",
        "expected: [(name: (zh: \"\", en: \"\"), order: OpenShelter, target: \"shelter:nowhere\", within_min: 30, late_within_min: 20, points: 0.0, min_level: III),",
        1,
    );
    let err = load_scenario("bad.ron", &text, &mut no_files).unwrap_err();
    let paths: Vec<&str> = err.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "injects[0].expected[0].target",
            "injects[0].expected[0].late_within_min",
            "injects[0].expected[0].points",
            "injects[0].expected[0].min_level",
        ],
        "{err}"
    );
    let line = text.lines().position(|l| l.contains("shelter:nowhere")).unwrap() as u32 + 1;
    assert!(err.problems.iter().all(|p| p.line == line), "{err}");
}

// ---- the final state from a run ----------------------------------------

#[test]
fn final_state_from_a_run_reads_the_view_and_scores() {
    let scenario = common::default_scenario();
    let mut sim = sim_core::Sim::new(&scenario, 7);
    let mut events = Vec::new();
    sim.step(Tick::from_hours(3.0).0);
    events.extend(sim.drain_events());
    let fs = FinalState::from_view(&sim.view(), None);
    assert_eq!(fs.end, sim.view().tick);
    // The scenario's places, then its dispersed herders.
    assert_eq!(
        fs.places.len(),
        scenario.file.places.len() + scenario.population_cells.len()
    );
    for (p, spec) in fs.places.iter().zip(&scenario.file.places) {
        assert_eq!((p.id.as_str(), p.population), (spec.id.as_str(), spec.population));
    }
    for p in &fs.places {
        let c = p.people;
        let total = c.unaware + c.warned + c.evacuating + c.sheltered + c.stayed + c.trapped + c.injured + c.dead;
        assert_eq!(total, u64::from(p.population), "{}: every person is counted once", p.id);
    }
    assert_eq!(fs.shelters.len(), scenario.file.infrastructure.shelters.len());
    assert_eq!(fs.aircraft, 2);
    // The fire burned something in 3 h, and there is no flood.
    assert!(fs.burned_area_ha > 0.0);
    assert_eq!(fs.flooded_area_km2, 0.0);
    // With no orders at all the response, consultation and aviation tasks
    // are missed and the grade is capped.
    let card = score(&standards(), &scenario.file, &events, &fs);
    for id in ["task:response-start", "task:consultation", "task:aviation-2h"] {
        assert_eq!(card.task(id).unwrap().result, TaskResult::Missed, "{id}");
    }
    assert!(card.final_grade <= Grade::Fair);
}

// ---- a whole drill -----------------------------------------------------

/// Plays the default drill to its end: `delay_min` after the first report,
/// the plan's orders (none when `None`). Returns the score card.
fn play(delay_min: Option<u64>) -> sim_core::ScoreCard {
    let scenario = common::default_scenario();
    let mut sim = sim_core::Sim::new(&scenario, 11);
    let end = sim.view().end;
    let mut events = Vec::new();
    let mut due: Option<Tick> = None;
    let mut given = false;
    while sim.view().tick < end {
        sim.step(1);
        let new = sim.drain_events();
        if due.is_none()
            && let Some(e) = new.iter().find(|e| matches!(e.event, Event::IncidentReported { .. }))
            && let Some(d) = delay_min
        {
            due = Some(e.tick.plus(Tick::from_minutes(d).0));
        }
        events.extend(new);
        if !given && due.is_some_and(|d| sim.view().tick >= d) {
            given = true;
            let fire = LonLat {
                lon: 118.47,
                lat: 48.63,
            };
            let orders = [
                Order::SetResponseLevel {
                    level: ResponseLevel::IV,
                },
                Order::HoldConsultation {
                    topic: "grass fire".into(),
                },
                Order::IssueWarning {
                    places: vec!["place:hada-gacha".into(), "place:bayan-town".into()],
                    level: WarningLevel::Orange,
                    channels: vec![],
                },
                Order::Dispatch {
                    unit: "aircraft:hailar-ka32".into(),
                    task: sim_core::Task::WaterDrops { at: fire },
                },
                Order::OpenShelter {
                    shelter: "shelter:bayan-school".into(),
                },
                Order::OrderEvacuation {
                    places: vec!["place:hada-gacha".into()],
                    shelter: "shelter:bayan-school".into(),
                },
                Order::MoveSupplies {
                    from: "depot:bayan-township".into(),
                    to: "shelter:bayan-school".into(),
                    items: BTreeMap::from([("water_t".to_owned(), 12.0), ("food_ration".to_owned(), 2000.0)]),
                },
            ];
            for o in orders {
                let _ = sim.submit(o);
            }
        }
    }
    events.extend(sim.drain_events());
    let fs = FinalState::from_view(&sim.view(), None);
    score(&standards(), &scenario.file, &events, &fs)
}

#[test]
fn good_late_and_no_orders_score_in_that_order() {
    let cards = [play(Some(5)), play(Some(150)), play(None)];
    for c in &cards {
        eprintln!("score {} grade {} caps {}", c.score, c.final_grade, c.caps.len());
        for t in c.tasks() {
            eprintln!("  {} {:?} {} {}", t.id, t.result, t.points, t.reason.en);
        }
    }
    assert!(
        cards[0].score > cards[1].score,
        "good {} > late {}",
        cards[0].score,
        cards[1].score
    );
    assert!(
        cards[1].score > cards[2].score,
        "late {} > none {}",
        cards[1].score,
        cards[2].score
    );
}

#[test]
fn an_expected_response_level_must_reach_the_level() {
    let mut sc = scenario();
    let mut x = expected(ExpectedOrderKind::SetResponseLevel, None, false);
    x.min_level = Some(ResponseLevel::III);
    sc.injects[0].expected = vec![x];
    let level = |l| Order::SetResponseLevel { level: l };
    let fs = final_state(vec![], vec![]);
    // IV at 25 min is below III and does not count; II at 60 (40 min after
    // the 20-min inject) is late: half of 10 points.
    let events = [
        accepted(at(25), level(ResponseLevel::IV)),
        accepted(at(60), level(ResponseLevel::II)),
    ];
    let card = score(&standards(), &sc, &events, &fs);
    let t = card.task("inject:herder-report#0").unwrap();
    assert_eq!((t.result, t.points), (TaskResult::Partly, 5.0));
    assert_eq!(t.evidence, vec![at(20), at(60)]);
    // III itself at 50 min (30 after): on time.
    let events = [accepted(at(50), level(ResponseLevel::III))];
    let card = score(&standards(), &sc, &events, &fs);
    assert_eq!(card.task("inject:herder-report#0").unwrap().result, TaskResult::Met);
}

#[test]
fn final_state_of_the_flood_drill_has_flooded_area_and_arrivals() {
    let scenario = load_scenario("builtin:flood", builtin::RIVER_FLOOD.text, &mut no_files).unwrap();
    let mut sim = sim_core::Sim::new(&scenario, 3);
    let end = sim.view().end;
    sim.step(end.0);
    let events = sim.drain_events();
    let fs = FinalState::from_view(&sim.view(), None);
    // Area ever wetted deeper than 0.1 m: cells counted by hand from the
    // view's maximum depth, 100 m cells = 0.01 km² each.
    let view = sim.view();
    let cells = view.flood.unwrap().max_depth_m().iter().filter(|d| **d > 0.1).count();
    assert!(cells > 0);
    assert!((fs.flooded_area_km2 - cells as f64 * 0.01).abs() < 1e-9);
    // Every FloodReachedPlace event (the camp is flooded) is also the
    // place's recorded arrival.
    assert!(
        events
            .iter()
            .any(|e| matches!(e.event, Event::FloodReachedPlace { .. }))
    );
    for e in &events {
        if let Event::FloodReachedPlace { place_id, .. } = &e.event {
            assert_eq!(fs.place(place_id).unwrap().flood_arrived, Some(e.tick));
        }
    }
    let card = score(&standards(), &scenario.file, &events, &fs);
    eprintln!("flood, no orders: {} {}", card.score, card.final_grade);
    assert!(
        card.task("task:warning-coverage").unwrap().applicable == fs.places.iter().any(|p| p.flood_arrived.is_some())
    );
}

/// A scenario that states its money (`economy`) makes indicator 6
/// applicable: direct loss = burned ha × rate, over the regional GDP.
#[test]
fn a_scenario_with_an_economy_scores_the_loss_share_of_gdp() {
    let text = builtin::DEFAULT.text.replace(
        "    duration_h: 6.0,",
        "    economy: Some((regional_gdp_yuan: 5.0e9, loss_yuan_per_burned_ha: 20000.0, loss_yuan_per_flooded_km2: 0.0)),\n    duration_h: 6.0,",
    );
    let scenario = load_scenario("economy", &text, &mut no_files).unwrap();
    let mut sim = sim_core::Sim::new(&scenario, 1);
    let mut events = sim.drain_events();
    sim.step(Tick::from_hours(6.0).0);
    events.extend(sim.drain_events());
    let fs = FinalState::for_scenario(&sim.view(), &scenario.file);
    let economy = fs.economy.expect("stated");
    assert!(fs.burned_area_ha > 0.0);
    assert_eq!(economy.direct_loss_yuan, fs.burned_area_ha * 20000.0);
    let m = value(MetricId::EconomicLossShareOfGdp, &events, &fs);
    assert_eq!(m, Measure::Value(fs.burned_area_ha * 20000.0 / 5.0e9));
    // Without the section the task is not applicable.
    let plain = FinalState::for_scenario(&sim.view(), &common_default_file());
    assert_eq!(
        value(MetricId::EconomicLossShareOfGdp, &events, &plain),
        Measure::NotApplicable
    );
}

fn common_default_file() -> ScenarioFile {
    load_scenario("builtin", builtin::DEFAULT.text, &mut no_files)
        .unwrap()
        .file
}
