//! The timeline chart: key events by lane against simulated time, with the
//! standards' deadlines as vertical lines, drawn as SVG by `plotters` (SVG
//! backend only: no fonts or system libraries; the browser sets the text).

use anyhow::anyhow;
use plotters::prelude::*;
use sim_core::evaluation::{MetricId, ScoreCard, TaskResult};
use sim_core::scenario::Bilingual;
use sim_core::{Tick, TimedEvent};

use crate::report::{KeyEvent, bi};

/// A row of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lane {
    Incident,
    Command,
    Warning,
    Evacuation,
    Aviation,
    Relief,
    Hazard,
}

impl Lane {
    /// Every lane, top to bottom.
    pub const ALL: [Lane; 7] = [
        Lane::Incident,
        Lane::Command,
        Lane::Warning,
        Lane::Evacuation,
        Lane::Aviation,
        Lane::Relief,
        Lane::Hazard,
    ];

    /// The lane of an event kind, none for events the timeline leaves out.
    pub fn of(kind: &str) -> Option<Lane> {
        Some(match kind {
            "IncidentDetected" | "IncidentReported" => Lane::Incident,
            "ResponseLevelChanged" | "ConsultationHeld" => Lane::Command,
            "WarningIssued" => Lane::Warning,
            "EvacuationOrdered" | "EvacuationCompleted" | "PeopleSheltered" => Lane::Evacuation,
            "AircraftOnScene" | "AircraftRefuelling" | "DropMade" => Lane::Aviation,
            "ShelterOpened" | "ReliefDelivered" | "SupplyShortage" => Lane::Relief,
            "FireReachedPlace" | "FloodReachedPlace" | "Casualties" | "RoadCut" | "DikeBreached"
            | "ReservoirBreached" => Lane::Hazard,
            _ => return None,
        })
    }

    /// Its label.
    pub fn label(self) -> Bilingual {
        match self {
            Lane::Incident => bi("事件报告", "incident"),
            Lane::Command => bi("指挥决策", "command"),
            Lane::Warning => bi("预警", "warning"),
            Lane::Evacuation => bi("转移安置", "evacuation"),
            Lane::Aviation => bi("航空救援", "aviation"),
            Lane::Relief => bi("生活救助", "relief"),
            Lane::Hazard => bi("灾情", "hazard"),
        }
    }

    fn colour(self) -> RGBColor {
        match self {
            Lane::Incident => RGBColor(90, 90, 90),
            Lane::Command => RGBColor(40, 80, 170),
            Lane::Warning => RGBColor(230, 140, 0),
            Lane::Evacuation => RGBColor(20, 140, 90),
            Lane::Aviation => RGBColor(120, 60, 170),
            Lane::Relief => RGBColor(0, 150, 170),
            Lane::Hazard => RGBColor(200, 30, 30),
        }
    }

    fn index(self) -> usize {
        Lane::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }

    /// Chart y of the lane: the first lane on top.
    fn y(self) -> f64 {
        (Lane::ALL.len() - 1 - self.index()) as f64
    }
}

/// A target drawn on the timeline: the time a task had to be done by.
#[derive(Debug, Clone)]
pub struct Deadline {
    /// The task's name and target.
    pub label: Bilingual,
    /// When it fell due.
    pub at: Tick,
    /// How the task came out.
    pub result: TaskResult,
}

/// Deadlines of the applicable tasks timed from the first incident report
/// (response level, consultation, aviation on scene: their metrics run
/// from that report, see `sim_core::evaluation::metrics`). None without a
/// report.
pub fn deadlines(card: &ScoreCard, events: &[TimedEvent]) -> Vec<Deadline> {
    let Some(report) = events
        .iter()
        .find(|e| e.event.kind_name() == "IncidentReported")
        .map(|e| e.tick)
    else {
        return Vec::new();
    };
    card.tasks()
        .filter(|t| t.applicable)
        .filter(|t| {
            matches!(
                t.metric,
                Some(MetricId::ResponseStartMin | MetricId::ConsultationMin | MetricId::AviationOnSceneMin)
            )
        })
        .map(|t| {
            let target = t.target_shown();
            Deadline {
                label: Bilingual {
                    zh: format!("{} {}", t.name.zh, target.zh),
                    en: format!("{} {}", t.name.en, target.en),
                },
                at: report.plus((t.target.value.max(0.0) * 60.0 / sim_core::TICK_SECONDS as f64).round() as u64),
                result: t.result,
            }
        })
        .collect()
}

/// The timeline as SVG text: one row per [`Lane`], a dot per key event,
/// a red line per deadline, hours on the x axis.
pub fn timeline_svg(events: &[KeyEvent], deadlines: &[Deadline], end: Tick) -> anyhow::Result<String> {
    let lanes = Lane::ALL.len() as f64;
    let end_h = end.hours().max(1.0);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (980, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .caption("关键事件时间线 / Timeline of key events", ("sans-serif", 18))
            .x_label_area_size(40)
            .y_label_area_size(190)
            .build_cartesian_2d(0f64..end_h, -0.5f64..lanes - 0.5)
            .map_err(plot_error)?;
        let lane_label = |y: &f64| {
            let r = y.round();
            if (y - r).abs() > 1e-6 || r < 0.0 {
                return String::new();
            }
            Lane::ALL
                .iter()
                .find(|l| l.y() == r)
                .map(|l| {
                    let b = l.label();
                    format!("{} {}", b.zh, b.en)
                })
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .y_labels(Lane::ALL.len() * 2 + 1)
            .y_label_formatter(&lane_label)
            .y_label_style(("sans-serif", 14))
            .x_label_style(("sans-serif", 13))
            .x_desc("推演时间（小时） / drill time (h)")
            .disable_y_mesh()
            .draw()
            .map_err(plot_error)?;
        for d in deadlines {
            let x = d.at.hours();
            chart
                .draw_series(LineSeries::new(
                    vec![(x, -0.5), (x, lanes - 0.5)],
                    RGBColor(220, 0, 0).stroke_width(2),
                ))
                .map_err(plot_error)?;
        }
        for (i, d) in deadlines.iter().enumerate() {
            let y = lanes - 0.7 - 0.45 * i as f64;
            let text = format!("⟂ {} / {}", d.label.zh, d.label.en);
            chart
                .draw_series(std::iter::once(Text::new(
                    text,
                    (d.at.hours(), y),
                    ("sans-serif", 12).into_font().color(&RGBColor(180, 0, 0)),
                )))
                .map_err(plot_error)?;
        }
        for lane in Lane::ALL {
            let colour = lane.colour();
            let points: Vec<(f64, f64)> = events
                .iter()
                .filter(|e| e.lane == lane)
                .map(|e| (e.tick.hours(), lane.y()))
                .collect();
            chart
                .draw_series(points.into_iter().map(|p| Circle::new(p, 5, colour.filled())))
                .map_err(plot_error)?;
        }
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

fn plot_error(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("cannot draw the timeline: {e}")
}
