//! Orders: validation with readable reasons, latency, and their events.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

mod common;

use sim_core::{Event, Order, OrderError, ResponseLevel, Tick, WarningLevel};

#[test]
fn bad_orders_are_refused_with_a_reason() {
    let mut sim = common::default_sim(1);
    let unknown = sim.submit(Order::IssueWarning {
        places: vec!["place:atlantis".into()],
        level: WarningLevel::Red,
        channels: Vec::new(),
    });
    assert_eq!(
        unknown,
        Err(OrderError::UnknownPlace {
            id: "place:atlantis".into()
        })
    );
    assert!(unknown.unwrap_err().to_string().contains("no place `place:atlantis`"));
    assert_eq!(
        sim.submit(Order::IssueWarning {
            places: vec![],
            level: WarningLevel::Red,
            channels: Vec::new(),
        }),
        Err(OrderError::NoPlaces)
    );
    assert!(matches!(
        sim.submit(Order::HoldConsultation { topic: "  ".into() }),
        Err(OrderError::EmptyText { .. })
    ));
}

#[test]
fn orders_take_effect_after_their_latency() {
    let mut sim = common::default_sim(1);
    let id = sim
        .submit(Order::SetResponseLevel {
            level: ResponseLevel::IV,
        })
        .expect("valid");
    // Accepted now, applied 5 minutes (30 ticks) later.
    sim.step(29);
    assert_eq!(sim.view().response_level, None);
    sim.step(2);
    assert_eq!(sim.view().response_level, Some(ResponseLevel::IV));
    let events = sim.drain_events();
    let changed = events
        .iter()
        .find(|e| matches!(e.event, Event::ResponseLevelChanged { .. }))
        .expect("level changed");
    assert_eq!(changed.tick, Tick(30));
    assert!(
        matches!(changed.event, Event::ResponseLevelChanged { order_id, from: None, to: ResponseLevel::IV } if order_id == id)
    );
    // Asking for the same level again is refused at once.
    assert_eq!(
        sim.submit(Order::SetResponseLevel {
            level: ResponseLevel::IV
        }),
        Err(OrderError::LevelUnchanged {
            level: ResponseLevel::IV
        })
    );
}

#[test]
fn an_order_that_became_impossible_fails_when_due() {
    let mut sim = common::default_sim(1);
    sim.submit(Order::SetResponseLevel {
        level: ResponseLevel::IV,
    })
    .expect("valid");
    sim.step(1);
    // Same level again while the first is still pending: accepted now…
    let second = sim
        .submit(Order::SetResponseLevel {
            level: ResponseLevel::IV,
        })
        .expect("valid now");
    sim.step(60);
    // …and fails when due, because the first one has set it by then.
    let failed = sim.drain_events().into_iter().find_map(|e| match e.event {
        Event::OrderFailed { order_id, reason } => Some((order_id, reason)),
        _ => None,
    });
    assert_eq!(
        failed,
        Some((
            second,
            OrderError::LevelUnchanged {
                level: ResponseLevel::IV
            }
        ))
    );
}

#[test]
fn warnings_record_level_and_first_time_and_count_people() {
    let mut sim = common::default_sim(1);
    sim.submit(Order::IssueWarning {
        places: vec!["place:hada-gacha".into(), "place:bayan-town".into()],
        level: WarningLevel::Yellow,
        channels: Vec::new(),
    })
    .expect("valid");
    sim.step(100);
    sim.submit(Order::IssueWarning {
        places: vec!["place:hada-gacha".into()],
        level: WarningLevel::Orange,
        channels: Vec::new(),
    })
    .expect("valid");
    sim.step(100);
    let hada = sim
        .view()
        .places
        .iter()
        .find(|p| p.id == "place:hada-gacha")
        .cloned()
        .expect("place");
    assert_eq!(hada.warning, Some((WarningLevel::Orange, Tick(60))));
    let first = sim.drain_events().into_iter().find_map(|e| match e.event {
        Event::WarningIssued { population, .. } => Some(population),
        _ => None,
    });
    // The two places and the 108 herders living dispersed around them.
    assert_eq!(first, Some(640 + 8200 + 108));
}

#[test]
fn orders_after_the_end_are_refused() {
    let mut sim = common::default_sim(1);
    sim.step(sim.end().0);
    assert!(matches!(
        sim.submit(Order::SetResponseLevel {
            level: ResponseLevel::I
        }),
        Err(OrderError::DrillOver { .. })
    ));
}

#[test]
fn injects_arrive_at_their_minute_and_act() {
    let mut sim = common::default_sim(1);
    sim.step(Tick::from_minutes(150).0);
    let events = sim.drain_events();
    let at = |name: &str| events.iter().find(|e| e.event.kind_name() == name).map(|e| e.tick);
    assert_eq!(at("FireIgnited"), Some(Tick::from_minutes(15)));
    assert_eq!(at("WindShifted"), Some(Tick::from_minutes(80)));
    assert_eq!(at("CommsOutageStarted"), Some(Tick::from_minutes(100)));
    assert_eq!(at("CommsRestored"), Some(Tick::from_minutes(145)));
    assert!(sim.view().comms_up);
    // After the shift, the wind stays at the inject's values.
    assert_eq!(sim.view().weather.wind_speed_m_s, 12.0);
    assert_eq!(sim.view().weather.wind_from_deg, 270.0);
}
