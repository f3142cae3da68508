//! Metrics: numbers measured from the event log and the [`FinalState`], each
//! with its unit, the ticks of the events it rests on, and when it is N/A.
//!
//! A metric is one of three things: a value; "not done" (what it times never
//! happened: scored as missed); or N/A (nothing to measure: the task leaves
//! the total). Times are counted in whole ticks (10 s) and shown in minutes
//! or hours. "Before the hazard arrived" means at or before the tick of its
//! arrival event, because the events of one tick are simultaneous.
//!
//! A "place" is any people group of the run: a settlement of the scenario,
//! or a map cell of people living dispersed around one (`place:…/cell-x-y`,
//! see `population_cells`). Each has its own arrival, warning receipts,
//! evacuation events and casualties, all named by its own id, so dispersed
//! herders are counted where the hazard actually reached them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::agents::relief::PEOPLE_PER_TENT;
use crate::agents::relief::TENT;
use crate::evaluation::final_state::FinalState;
use crate::event::{Event, TimedEvent};
use crate::scenario::{Bilingual, ForceKind, ScenarioFile};
use crate::time::{TICK_SECONDS, Tick};

/// What a task measures. Each variant's doc gives its definition, unit and
/// when it is N/A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MetricId {
    /// Minutes from the first detection of an incident to its report at the
    /// command centre (`IncidentReported.delay_min` of the first report).
    /// N/A when no incident was reported; "not done" when an incident was
    /// detected but never reported.
    IncidentReportDelayMin,
    /// Minutes from the first incident report to the first emergency
    /// response level (`ResponseLevelChanged`). N/A with no report; not done
    /// when no response was started.
    ResponseStartMin,
    /// Minutes from the first incident report to the first consultation and
    /// judgement meeting (会商研判, `ConsultationHeld`). N/A with no report;
    /// not done when none was held.
    ConsultationMin,
    /// Share, 0–1, of the people of places the hazard reached who had been
    /// warned when it reached them: Σ(population × last `share_warned` at
    /// or before the arrival) / Σ population, over reached places with
    /// residents. N/A when the hazard reached no inhabited place.
    WarningCoverageBeforeArrival,
    /// Share, 0–1, of the people of places the hazard reached whose place
    /// had been ordered to evacuate (`EvacuationOrdered`) at or before the
    /// arrival: the decision the players own. N/A when the hazard reached no
    /// inhabited place.
    EvacuationOrderedBeforeArrival,
    /// Share, 0–1, of the people of places the hazard reached who had
    /// reached a shelter at or before the arrival: the `PeopleSheltered`
    /// counts from the place up to then, or, where the place's evacuation
    /// was completed in time, `EvacuationCompleted`'s sheltered count (which
    /// also holds those gone to relatives), whichever is larger. Counted per
    /// person: a place that got 80 % of its people out in time scores 0.8
    /// of its weight, not nothing because the last household was late. N/A
    /// when the hazard reached no inhabited place.
    EvacuatedBeforeArrival,
    /// Minutes from the first incident report to the first helicopter or
    /// fixed-wing aircraft over its target (`AircraftOnScene`; UAVs do not
    /// count). Indicator 9: ≤ 2 h. N/A with no report; not done when no
    /// aircraft reached a scene.
    AviationOnSceneMin,
    /// Hours from the disaster (the hazard's first arrival at a place, else
    /// the first report, else the start) until every sheltered person had
    /// room, water and food: the last tick at which the shelters' shortfall
    /// (from `PeopleSheltered`, `SupplyShortage`, `ReliefDelivered`) went to
    /// zero. 0 when everybody was covered before the disaster. Indicator
    /// 10: ≤ 10 h. Not done when somebody was still short at the end, or
    /// when the hazard reached an inhabited place and nobody was sheltered;
    /// N/A when nobody was sheltered and no inhabited place was reached.
    BasicNeedsMetH,
    /// Dead, summed over `Casualties` events. Never N/A.
    Deaths,
    /// Injured, summed over `Casualties` events. Never N/A.
    Injured,
    /// Direct economic loss / the region's GDP (a share, 0.007 = 0.7 %).
    /// Indicator 6: ≤ 0.7 %. N/A unless the caller gave both figures.
    EconomicLossShareOfGdp,
    /// Share, 0–1, of the people in shelters at the end who lack water and
    /// food set aside (the four-tier reserve did not reach them). Not done
    /// when nobody is in a shelter at the end although the hazard reached an
    /// inhabited place; N/A when nobody is and none was reached.
    ShelteredUnservedShare,
}

/// Units of metric values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// A share, 0–1 (shown as %).
    Share,
    /// People.
    People,
}

impl Unit {
    /// A value in this unit for people: `95.0 min`, `87.5 %`, `3 人`.
    pub fn show(self, value: f64) -> Bilingual {
        let (zh, en) = match self {
            Unit::Minutes => (format!("{value:.1} 分钟"), format!("{value:.1} min")),
            Unit::Hours => (format!("{value:.2} 小时"), format!("{value:.2} h")),
            Unit::Share => {
                let pct = value * 100.0;
                (format!("{pct:.1}%"), format!("{pct:.1} %"))
            }
            Unit::People => (format!("{value:.0} 人"), format!("{value:.0} people")),
        };
        Bilingual { zh, en }
    }

    /// Short symbol for tables.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Minutes => "min",
            Unit::Hours => "h",
            Unit::Share => "share",
            Unit::People => "people",
        }
    }
}

impl MetricId {
    /// Every metric, for documentation and tests.
    pub const ALL: [MetricId; 12] = [
        MetricId::IncidentReportDelayMin,
        MetricId::ResponseStartMin,
        MetricId::ConsultationMin,
        MetricId::WarningCoverageBeforeArrival,
        MetricId::EvacuationOrderedBeforeArrival,
        MetricId::EvacuatedBeforeArrival,
        MetricId::AviationOnSceneMin,
        MetricId::BasicNeedsMetH,
        MetricId::Deaths,
        MetricId::Injured,
        MetricId::EconomicLossShareOfGdp,
        MetricId::ShelteredUnservedShare,
    ];

    /// The unit of its values.
    pub fn unit(self) -> Unit {
        match self {
            MetricId::IncidentReportDelayMin
            | MetricId::ResponseStartMin
            | MetricId::ConsultationMin
            | MetricId::AviationOnSceneMin => Unit::Minutes,
            MetricId::BasicNeedsMetH => Unit::Hours,
            MetricId::WarningCoverageBeforeArrival
            | MetricId::EvacuationOrderedBeforeArrival
            | MetricId::EvacuatedBeforeArrival
            | MetricId::EconomicLossShareOfGdp
            | MetricId::ShelteredUnservedShare => Unit::Share,
            MetricId::Deaths | MetricId::Injured => Unit::People,
        }
    }

    /// What it measures, in words.
    pub fn label(self) -> Bilingual {
        let (zh, en) = match self {
            MetricId::IncidentReportDelayMin => ("事件发现至上报用时", "delay from detection to report"),
            MetricId::ResponseStartMin => ("接报至启动应急响应用时", "time from report to response level"),
            MetricId::ConsultationMin => ("接报至会商研判用时", "time from report to consultation"),
            MetricId::WarningCoverageBeforeArrival => {
                ("灾害到达前预警覆盖率", "share warned before the hazard arrived")
            }
            MetricId::EvacuationOrderedBeforeArrival => (
                "灾害到达前已下达转移命令的人口比例",
                "share of people ordered to evacuate before the hazard arrived",
            ),
            MetricId::EvacuatedBeforeArrival => (
                "灾害到达前已到达安置点的人口比例",
                "share of people in a shelter before the hazard arrived",
            ),
            MetricId::AviationOnSceneMin => ("接报至航空力量到场用时", "time from report to first aircraft on scene"),
            MetricId::BasicNeedsMetH => (
                "灾后受灾群众基本生活得到救助用时",
                "time until every displaced person had room, water and food",
            ),
            MetricId::Deaths => ("死亡人数", "deaths"),
            MetricId::Injured => ("受伤人数", "injured"),
            MetricId::EconomicLossShareOfGdp => ("直接经济损失占地区生产总值比例", "direct economic loss / GDP"),
            MetricId::ShelteredUnservedShare => (
                "安置点缺少食物饮水的人员比例",
                "share of sheltered people without water and food",
            ),
        };
        Bilingual {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// The outcome of measuring a metric.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Measure {
    /// A value in the metric's unit.
    Value(f64),
    /// What the metric times never happened.
    NotDone,
    /// Nothing to measure in this drill.
    NotApplicable,
}

/// A measured metric with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// The outcome.
    pub measure: Measure,
    /// Ticks of the events it rests on, ascending.
    pub evidence: Vec<Tick>,
    /// Why, in one line (used for N/A and not-done reasons, and as context).
    pub note: Bilingual,
}

fn bi(zh: impl Into<String>, en: impl Into<String>) -> Bilingual {
    Bilingual {
        zh: zh.into(),
        en: en.into(),
    }
}

impl Measurement {
    fn value(v: f64, mut evidence: Vec<Tick>, note: Bilingual) -> Measurement {
        evidence.sort();
        evidence.dedup();
        Measurement {
            measure: Measure::Value(v),
            evidence,
            note,
        }
    }

    fn not_done(mut evidence: Vec<Tick>, note: Bilingual) -> Measurement {
        evidence.sort();
        evidence.dedup();
        Measurement {
            measure: Measure::NotDone,
            evidence,
            note,
        }
    }

    fn na(note: Bilingual) -> Measurement {
        Measurement {
            measure: Measure::NotApplicable,
            evidence: Vec::new(),
            note,
        }
    }
}

/// Minutes between two ticks (`to` after `from`; 0 otherwise).
pub fn minutes_between(from: Tick, to: Tick) -> f64 {
    (to.0.saturating_sub(from.0) * TICK_SECONDS) as f64 / 60.0
}

/// Facts read once from the log and the final state, shared by the metrics.
#[derive(Debug)]
pub struct Facts<'a> {
    /// The events.
    pub events: &'a [TimedEvent],
    /// The end state.
    pub final_state: &'a FinalState,
    /// The first incident report: tick and delay from detection, min.
    pub first_report: Option<(Tick, f64)>,
    /// The first detection.
    pub first_detection: Option<Tick>,
    /// When the first hazard reached each place (events, else the final
    /// state's record).
    pub arrivals: BTreeMap<String, Tick>,
    /// Aircraft ids that are UAVs (excluded from indicator 9).
    uavs: Vec<String>,
}

impl<'a> Facts<'a> {
    /// Reads the facts.
    pub fn new(scenario: &ScenarioFile, events: &'a [TimedEvent], final_state: &'a FinalState) -> Facts<'a> {
        let mut first_report = None;
        let mut first_detection = None;
        let mut arrivals: BTreeMap<String, Tick> = BTreeMap::new();
        let mut arrive = |place: &str, tick: Tick| {
            let t = arrivals.entry(place.to_owned()).or_insert(tick);
            *t = (*t).min(tick);
        };
        for e in events {
            match &e.event {
                Event::IncidentReported { delay_min, .. } if first_report.is_none() => {
                    first_report = Some((e.tick, *delay_min));
                }
                Event::IncidentDetected { .. } if first_detection.is_none() => first_detection = Some(e.tick),
                Event::FireReachedPlace { place_id, .. } | Event::FloodReachedPlace { place_id, .. } => {
                    arrive(place_id, e.tick);
                }
                _ => {}
            }
        }
        for p in &final_state.places {
            if let Some(t) = p.hazard_arrived() {
                arrive(&p.id, t);
            }
        }
        let uavs = scenario
            .forces
            .iter()
            .filter(|f| f.kind == ForceKind::Uav)
            .map(|f| f.id.clone())
            .collect();
        Facts {
            events,
            final_state,
            first_report,
            first_detection,
            arrivals,
            uavs,
        }
    }

    /// The disaster's time: first arrival at a place, else first report,
    /// else the start.
    pub fn disaster_tick(&self) -> Tick {
        self.arrivals
            .values()
            .min()
            .copied()
            .or(self.first_report.map(|(t, _)| t))
            .unwrap_or(Tick::ZERO)
    }

    /// Reached places with residents: (id, population, arrival).
    fn reached_inhabited(&self) -> Vec<(&str, u64, Tick)> {
        self.arrivals
            .iter()
            .filter_map(|(id, t)| {
                let pop = u64::from(self.final_state.place(id)?.population);
                (pop > 0).then_some((id.as_str(), pop, *t))
            })
            .collect()
    }
}

/// Measures a metric.
pub fn measure(metric: MetricId, facts: &Facts<'_>) -> Measurement {
    match metric {
        MetricId::IncidentReportDelayMin => report_delay(facts),
        MetricId::ResponseStartMin => after_report(facts, "启动应急响应", "a response level was set", |e| {
            matches!(e, Event::ResponseLevelChanged { .. })
        }),
        MetricId::ConsultationMin => after_report(facts, "会商研判", "a consultation was held", |e| {
            matches!(e, Event::ConsultationHeld { .. })
        }),
        MetricId::AviationOnSceneMin => after_report(
            facts,
            "航空力量到场",
            "an aircraft reached a scene",
            |e| matches!(e, Event::AircraftOnScene { unit_id, .. } if !facts.uavs.contains(unit_id)),
        ),
        MetricId::WarningCoverageBeforeArrival => warning_coverage(facts),
        MetricId::EvacuationOrderedBeforeArrival => before_arrival(
            facts,
            "下达转移命令",
            "evacuation ordered",
            |e, id| matches!(e, Event::EvacuationOrdered { place_id, .. } if place_id == id),
        ),
        MetricId::EvacuatedBeforeArrival => sheltered_before_arrival(facts),
        MetricId::BasicNeedsMetH => basic_needs(facts),
        MetricId::Deaths => casualties(facts, true),
        MetricId::Injured => casualties(facts, false),
        MetricId::EconomicLossShareOfGdp => economic_loss(facts),
        MetricId::ShelteredUnservedShare => unserved(facts),
    }
}

fn no_report() -> Measurement {
    Measurement::na(bi(
        "没有事件上报，无从计时",
        "no incident was reported, nothing to time",
    ))
}

fn report_delay(f: &Facts<'_>) -> Measurement {
    match (f.first_report, f.first_detection) {
        (Some((t, delay)), _) => Measurement::value(
            delay,
            vec![t],
            bi(format!("首次上报于 {t}"), format!("first report at {t}")),
        ),
        (None, Some(d)) => Measurement::not_done(
            vec![d],
            bi(
                format!("{d} 发现事件，但未上报"),
                format!("incident detected at {d}, never reported"),
            ),
        ),
        (None, None) => Measurement::na(bi("未发现事件", "no incident was detected")),
    }
}

/// Minutes from the first report to the first event matching `hit`.
fn after_report(f: &Facts<'_>, what_zh: &str, what_en: &str, hit: impl Fn(&Event) -> bool) -> Measurement {
    let Some((report, _)) = f.first_report else {
        return no_report();
    };
    match f.events.iter().find(|e| hit(&e.event)) {
        Some(e) => Measurement::value(
            minutes_between(report, e.tick),
            vec![report, e.tick],
            bi(
                format!("{report} 接报，{} {what_zh}", e.tick),
                format!("reported at {report}; {what_en} at {}", e.tick),
            ),
        ),
        None => Measurement::not_done(
            vec![report],
            bi(
                format!("{report} 接报后始终未{what_zh}"),
                format!("reported at {report}; never: {what_en}"),
            ),
        ),
    }
}

fn reached_na() -> Measurement {
    Measurement::na(bi("灾害未到达有人居住的地点", "the hazard reached no inhabited place"))
}

fn warning_coverage(f: &Facts<'_>) -> Measurement {
    let reached = f.reached_inhabited();
    if reached.is_empty() {
        return reached_na();
    }
    let (mut warned, mut total) = (0.0, 0u64);
    let mut evidence = Vec::new();
    for (id, pop, arrival) in &reached {
        evidence.push(*arrival);
        let last = f
            .events
            .iter()
            .rev()
            .filter(|e| e.tick <= *arrival)
            .find_map(|e| match &e.event {
                Event::WarningReceived {
                    place_id, share_warned, ..
                } if place_id == id => Some((e.tick, *share_warned)),
                _ => None,
            });
        if let Some((t, share)) = last {
            evidence.push(t);
            warned += share.clamp(0.0, 1.0) * *pop as f64;
        }
        total += pop;
    }
    let share = warned / total as f64;
    Measurement::value(
        share,
        evidence,
        bi(
            format!("灾害到达的 {} 个地点共 {total} 人", reached.len()),
            format!("{} reached places, {total} people", reached.len()),
        ),
    )
}

/// Population-weighted share of reached places where an event matching
/// `hit` for the place came at or before the hazard's arrival there.
fn before_arrival(f: &Facts<'_>, what_zh: &str, what_en: &str, hit: impl Fn(&Event, &str) -> bool) -> Measurement {
    let reached = f.reached_inhabited();
    if reached.is_empty() {
        return reached_na();
    }
    let (mut done, mut total) = (0u64, 0u64);
    let mut evidence = Vec::new();
    let mut late = Vec::new();
    for (id, pop, arrival) in &reached {
        evidence.push(*arrival);
        match f.events.iter().find(|e| hit(&e.event, id)).map(|e| e.tick) {
            Some(t) if t <= *arrival => {
                evidence.push(t);
                done += pop;
            }
            _ => late.push(*id),
        }
        total += pop;
    }
    let note = if late.is_empty() {
        bi(
            format!("所有受影响地点均在灾害到达前{what_zh}"),
            format!("{what_en} before the hazard arrived at every reached place"),
        )
    } else {
        bi(
            format!("灾害到达前未{what_zh}：{}", late.join("、")),
            format!("{what_en} too late or never: {}", late.join(", ")),
        )
    };
    Measurement::value(done as f64 / total as f64, evidence, note)
}

/// People of reached places in a shelter by the hazard's arrival, over
/// their population.
fn sheltered_before_arrival(f: &Facts<'_>) -> Measurement {
    let reached = f.reached_inhabited();
    if reached.is_empty() {
        return reached_na();
    }
    let (mut sheltered, mut total) = (0u64, 0u64);
    let mut evidence = Vec::new();
    let mut short = Vec::new();
    for (id, pop, arrival) in &reached {
        evidence.push(*arrival);
        let (mut arrived, mut completed) = (0u64, 0u64);
        for e in f.events.iter().take_while(|e| e.tick <= *arrival) {
            match &e.event {
                Event::PeopleSheltered { place_id, count, .. } if place_id == id => {
                    arrived += u64::from(*count);
                    evidence.push(e.tick);
                }
                Event::EvacuationCompleted {
                    place_id, sheltered, ..
                } if place_id == id => {
                    completed = u64::from(*sheltered);
                    evidence.push(e.tick);
                }
                _ => {}
            }
        }
        let in_time = arrived.max(completed).min(*pop);
        if in_time < *pop {
            short.push(format!("{id} {in_time}/{pop}"));
        }
        sheltered += in_time;
        total += pop;
    }
    evidence.sort_unstable();
    evidence.dedup();
    let note = if short.is_empty() {
        bi(
            "所有受影响地点的群众均在灾害到达前转移安置",
            "everyone of every reached place was in a shelter before the hazard arrived",
        )
    } else {
        bi(
            format!("灾害到达时已安置人数：{}", short.join("、")),
            format!("in a shelter when the hazard arrived: {}", short.join(", ")),
        )
    };
    Measurement::value(sheltered as f64 / total as f64, evidence, note)
}

/// Shelter shortfall over time. Within a tick the agents stage (relief)
/// runs before the people stage (arrivals), so relief is applied first and
/// an arrival's `SupplyShortage` then gives the exact number waiting.
fn basic_needs(f: &Facts<'_>) -> Measurement {
    #[derive(Default, Clone, Copy)]
    struct Short {
        supplies: u64,
        room: u64,
    }
    let mut short: BTreeMap<&str, Short> = BTreeMap::new();
    let mut covered_at: Option<Tick> = None;
    let mut any_sheltered = false;
    let mut evidence = Vec::new();
    let mut i = 0;
    while i < f.events.len() {
        let tick = f.events[i].tick;
        let group: Vec<&Event> = f.events[i..]
            .iter()
            .take_while(|e| e.tick == tick)
            .map(|e| &e.event)
            .collect();
        i += group.len();
        let mut changed = false;
        for e in &group {
            if let Event::ReliefDelivered {
                shelter_id,
                items,
                people_served,
            } = e
            {
                let s = short.entry(shelter_id).or_default();
                s.supplies = s.supplies.saturating_sub(u64::from(*people_served));
                let tents = items.get(TENT).copied().unwrap_or(0.0).max(0.0);
                s.room = s.room.saturating_sub((tents * PEOPLE_PER_TENT) as u64);
                changed = true;
            }
        }
        for e in &group {
            if let Event::PeopleSheltered { shelter_id, .. } = e {
                any_sheltered = true;
                let (mut supplies, mut room) = (0, 0);
                for e in &group {
                    if let Event::SupplyShortage {
                        shelter_id: s,
                        what,
                        people,
                    } = e
                        && s == shelter_id
                    {
                        // The room shortage is reported as "room 床位".
                        if what.starts_with("room") {
                            room = u64::from(*people);
                        } else {
                            supplies = u64::from(*people);
                        }
                    }
                }
                short.insert(shelter_id, Short { supplies, room });
                changed = true;
            }
        }
        if changed {
            let total: u64 = short.values().map(|s| s.supplies + s.room).sum();
            if total == 0 {
                if covered_at.is_none() {
                    evidence.push(tick);
                }
                covered_at.get_or_insert(tick);
            } else {
                covered_at = None;
            }
        }
    }
    if !any_sheltered {
        return nobody_sheltered(f);
    }
    let fs = f.final_state;
    let still_short = fs.unserved_sheltered()
        + fs.shelters
            .iter()
            .map(|s| u64::from(s.occupants.saturating_sub(s.room)))
            .sum::<u64>();
    let disaster = f.disaster_tick();
    match covered_at {
        Some(t) if still_short == 0 => {
            let hours = minutes_between(disaster, t) / 60.0;
            Measurement::value(
                hours,
                vec![disaster, t],
                bi(
                    format!("灾害发生于 {disaster}，{t} 全部安置人员得到保障"),
                    format!("disaster at {disaster}; everyone sheltered was covered from {t}"),
                ),
            )
        }
        _ => Measurement::not_done(
            vec![disaster],
            bi(
                format!("演练结束时仍有 {still_short} 人缺少床位或食物饮水"),
                format!("{still_short} people still lacked room, water or food at the end"),
            ),
        ),
    }
}

/// Nobody sheltered: a miss when the hazard reached people (they were
/// affected and got no relief), else nothing to measure.
fn nobody_sheltered(f: &Facts<'_>) -> Measurement {
    let reached = f.reached_inhabited();
    if reached.is_empty() {
        return Measurement::na(bi(
            "灾害未到达有人居住的地点，也无人安置",
            "nobody was sheltered and the hazard reached no inhabited place",
        ));
    }
    Measurement::not_done(
        reached.iter().map(|r| r.2).collect(),
        bi(
            format!("灾害到达 {} 个有人居住的地点，但无人得到安置", reached.len()),
            format!(
                "the hazard reached {} inhabited places but nobody was sheltered",
                reached.len()
            ),
        ),
    )
}

fn casualties(f: &Facts<'_>, dead: bool) -> Measurement {
    let (mut n, mut evidence) = (0u64, Vec::new());
    for e in f.events {
        if let Event::Casualties {
            injured, dead: killed, ..
        } = &e.event
        {
            let k = if dead { *killed } else { *injured };
            if k > 0 {
                n += u64::from(k);
                evidence.push(e.tick);
            }
        }
    }
    let note = if n == 0 {
        bi("无伤亡", "no casualties")
    } else {
        bi(
            format!("伤亡事件 {} 起", evidence.len()),
            format!("{} casualty events", evidence.len()),
        )
    };
    Measurement::value(n as f64, evidence, note)
}

fn economic_loss(f: &Facts<'_>) -> Measurement {
    match f.final_state.economy {
        Some(e) if e.regional_gdp_yuan > 0.0 && e.direct_loss_yuan.is_finite() && e.direct_loss_yuan >= 0.0 => {
            Measurement::value(
                e.direct_loss_yuan / e.regional_gdp_yuan,
                Vec::new(),
                bi(
                    format!("直接经济损失 {:.0} 元", e.direct_loss_yuan),
                    format!("direct loss {:.0} yuan", e.direct_loss_yuan),
                ),
            )
        }
        _ => Measurement::na(bi(
            "情景未给出经济损失和地区生产总值",
            "the scenario gives no economic loss and GDP",
        )),
    }
}

fn unserved(f: &Facts<'_>) -> Measurement {
    let sheltered = f.final_state.sheltered();
    if sheltered == 0 {
        return nobody_sheltered(f);
    }
    let unserved = f.final_state.unserved_sheltered();
    let evidence = f
        .events
        .iter()
        .filter(|e| matches!(e.event, Event::SupplyShortage { .. }))
        .map(|e| e.tick)
        .collect();
    Measurement::value(
        unserved as f64 / sheltered as f64,
        evidence,
        bi(
            format!("安置 {sheltered} 人，其中 {unserved} 人缺少食物饮水"),
            format!("{sheltered} sheltered, {unserved} without water and food"),
        ),
    )
}
