//! [`ControlsPanelPlugin`]: the egui panel on the window's left edge with the
//! drill's title, clock, weather, response level, communications, the fire's
//! state, the flood's (when the drill has one) with the flood layer's view
//! and legend, the speed buttons, the orders with the role picker and undo
//! (`orders_panel`), the trainer's injects (`inject_panel`), the map's
//! legend, the autosave's status and the latest events.

use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};
use sim_core::hazards::flood::HazardClass;
use sim_core::{Event, SimView, TimedEvent};

use crate::agents_layer::{
    ForceGroup, SettlementState, paint_aircraft, paint_depot, paint_settlement, paint_shelter, paint_team,
};
use crate::autosave::{Autosave, SaveStatus};
use crate::flood_layer::{
    CLASS_BOUNDS_M, DEPTH_COLOURS, FloodLayer, FloodView, HAZARD_COLOURS, WET_DEPTH_M, flooded_area_ha,
    hazard_class_text,
};
use crate::flow_arrows::{FlowArrows, PX_PER_M_PER_S, paint_arrow};
use crate::fonts;
use crate::inject_panel::{InjectForm, give_inject, inject_section};
use crate::layout::SidePanelWidth;
use crate::orders_panel::{OrdersForm, orders_section, submit_order, undo_order, undo_section};
use crate::sim_plugin::{DrillSim, EventFeed, SimSpeed};

/// Width of the panel, logical pixels.
pub const PANEL_WIDTH: f32 = 330.0;

/// Events listed in the panel, newest first.
const EVENTS_SHOWN: usize = 14;

/// Shows the controls panel and reports its width in [`SidePanelWidth`].
/// Needs `EguiPlugin` and [`crate::SimPlugin`].
#[derive(Debug, Default)]
pub struct ControlsPanelPlugin;

impl Plugin for ControlsPanelPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<SidePanelWidth>()
            .init_resource::<OrdersForm>()
            .init_resource::<InjectForm>()
            .add_systems(EguiPrimaryContextPass, controls_panel);
    }
}

/// Chinese and English names of the eight compass points a wind blows from.
fn compass(from_deg: f64) -> (&'static str, &'static str) {
    const POINTS: [(&str, &str); 8] = [
        ("北", "N"),
        ("东北", "NE"),
        ("东", "E"),
        ("东南", "SE"),
        ("南", "S"),
        ("西南", "SW"),
        ("西", "W"),
        ("西北", "NW"),
    ];
    let sector = (from_deg.rem_euclid(360.0) / 45.0).round() as usize % 8;
    POINTS[sector]
}

/// What the fire is doing, for the status block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FireState {
    /// Nothing has burned.
    None,
    /// The front is moving.
    Spreading,
    /// The front stopped everywhere (held or burned out).
    Contained,
}

impl FireState {
    fn of(view: &SimView) -> FireState {
        if view.fire.burned_cells() == 0 {
            FireState::None
        } else if view.fire.is_active() {
            FireState::Spreading
        } else {
            FireState::Contained
        }
    }

    fn label(self) -> egui::RichText {
        match self {
            FireState::None => egui::RichText::new("无 none"),
            FireState::Spreading => egui::RichText::new("蔓延中 spreading")
                .strong()
                .color(egui::Color32::from_rgb(205, 40, 0)),
            FireState::Contained => egui::RichText::new("已控制 contained")
                .strong()
                .color(egui::Color32::from_rgb(0, 120, 40)),
        }
    }
}

/// Area burned, hectares: burned cells × cell area.
fn burned_area_ha(view: &SimView) -> f64 {
    view.fire.burned_cells() as f64 * view.frame.cell_size_m * view.frame.cell_size_m / 10_000.0
}

/// `id` without its `kind:` prefix (`gauge:river-bend` → `river-bend`).
fn short_id<'a>(id: &'a str, kind: &str) -> &'a str {
    id.strip_prefix(kind).and_then(|s| s.strip_prefix(':')).unwrap_or(id)
}

/// The flooded area for the status block: hectares below 100 ha, else km².
fn area_text(ha: f64) -> String {
    if ha < 100.0 {
        format!("{ha:.1} ha")
    } else {
        format!("{:.2} km²", ha / 100.0)
    }
}

/// The flood block of the status grid: flooded area, then each gauge's
/// depth now, its maximum so far and its alert state.
fn flood_rows(ui: &mut egui::Ui, view: &SimView) {
    let Some(flood) = view.flood else {
        return;
    };
    let depth = flood.depth_m();
    ui.label(egui::RichText::new("洪水 Flood").strong());
    ui.label(format!(
        "淹没 flooded {}",
        area_text(flooded_area_ha(depth, view.frame.cell_size_m))
    ));
    ui.end_row();
    let max_depth = flood.max_depth_m();
    for gauge in flood.gauges() {
        let cell = gauge.cell as usize;
        let now = depth.get(cell).copied().unwrap_or(0.0);
        let max = max_depth.get(cell).copied().unwrap_or(now);
        ui.label(format!("水位 {}", short_id(&gauge.id, "gauge")));
        let crossed = gauge
            .alerts
            .iter()
            .filter(|(_, at)| at.is_some())
            .map(|(d, _)| *d)
            .fold(None, |m: Option<f64>, d| Some(m.map_or(d, |m| m.max(d))));
        ui.horizontal_wrapped(|ui| {
            ui.monospace(format!("{now:.2} m (max {max:.2})"));
            match crossed {
                Some(d) => ui.label(
                    egui::RichText::new(format!("水位超警 alert > {d:.1} m"))
                        .strong()
                        .color(egui::Color32::from_rgb(200, 0, 0)),
                ),
                None => ui.label(egui::RichText::new("正常 normal").color(egui::Color32::from_rgb(0, 120, 40))),
            };
        });
        ui.end_row();
    }
}

/// A small colour swatch, as the map layer shows it over a light ground.
fn swatch(ui: &mut egui::Ui, [r, g, b, a]: [u8; 4]) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 14.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 2.0, egui::Color32::from_rgba_unmultiplied(r, g, b, a));
    painter.rect_stroke(
        rect,
        2.0,
        egui::Stroke::new(1.0, egui::Color32::from_gray(120)),
        egui::StrokeKind::Inside,
    );
}

/// The depth classes' ranges, shallow to deep.
fn depth_class_labels() -> [String; 4] {
    let [a, b, c] = CLASS_BOUNDS_M;
    [
        format!("{WET_DEPTH_M:.2}–{a:.1} m"),
        format!("{a:.1}–{b:.0} m"),
        format!("{b:.0}–{c:.0} m"),
        format!("> {c:.0} m"),
    ]
}

/// The flood layer's view buttons, the legend of the view chosen, and the
/// scale of the flow arrows.
fn flood_layer_block(
    ui: &mut egui::Ui,
    view: &SimView,
    choice: &mut FloodView,
    layer: Option<&FloodLayer>,
    arrows: Option<&FlowArrows>,
) {
    ui.label(egui::RichText::new("洪水图层 Flood layer").strong());
    ui.horizontal_wrapped(|ui| {
        for v in FloodView::ALL {
            if ui.add(egui::Button::selectable(*choice == v, v.label())).clicked() && *choice != v {
                *choice = v;
            }
        }
    });
    egui::Grid::new("flood-legend")
        .num_columns(3)
        .spacing([8.0, 3.0])
        .show(ui, |ui| match *choice {
            FloodView::Depth | FloodView::MaxDepth => {
                for (colour, label) in DEPTH_COLOURS.into_iter().zip(depth_class_labels()) {
                    swatch(ui, colour);
                    ui.label(label);
                    ui.end_row();
                }
            }
            FloodView::Hazard => {
                let cell_ha = view.frame.cell_size_m * view.frame.cell_size_m / 10_000.0;
                let classes = [
                    HazardClass::Low,
                    HazardClass::Moderate,
                    HazardClass::Significant,
                    HazardClass::Extreme,
                ];
                for (i, class) in classes.into_iter().enumerate() {
                    let (zh, en) = hazard_class_text(class);
                    swatch(ui, HAZARD_COLOURS[i]);
                    ui.label(format!("{zh}\n{en}"));
                    let cells = layer.map_or(0, |l| l.hazard_cells[i]);
                    ui.monospace(area_text(cells as f64 * cell_ha));
                    ui.end_row();
                }
            }
        });
    if *choice == FloodView::Hazard {
        ui.label(
            egui::RichText::new("FD2320: HR = d·(v + 0.5) + DF, DF = 0.5 (d > 0.25 m)")
                .small()
                .color(egui::Color32::from_gray(70)),
        );
    }
    ui.horizontal(|ui| {
        // Drawn at the map's scale: this arrow is 2 m/s.
        let (rect, _) = ui.allocate_exact_size(egui::vec2(2.0 * PX_PER_M_PER_S + 8.0, 14.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, 2.0, egui::Color32::from_rgb(60, 140, 235));
        paint_arrow(
            ui.painter(),
            rect.left_center() + egui::vec2(4.0, 0.0),
            egui::vec2(2.0 * PX_PER_M_PER_S, 0.0),
        );
        ui.label("2 m/s");
        let shown = arrows.is_some_and(|a| a.block_cells > 0);
        let note = if shown {
            "流速箭头 flow arrows"
        } else {
            "放大地图显示流速 zoom in for flow arrows"
        };
        ui.label(egui::RichText::new(note).small());
    });
}

/// A place's Chinese name, or its id if the view has no such place.
fn place_name<'a>(view: &'a SimView, id: &'a str) -> &'a str {
    view.places
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.zh.as_str())
}

/// A short description of an event for the feed, after its kind name.
fn detail(event: &Event, view: &SimView) -> String {
    match event {
        Event::OrderAccepted { order, due, .. } => format!("{} (due {due})", order.label()),
        Event::OrderFailed { reason, .. } => reason.to_string(),
        Event::OrderRejected { order, reason } => format!("{}: {reason}", order.label()),
        Event::ResponseLevelChanged { to, .. } => to.to_string(),
        Event::WarningIssued { level, population, .. } => format!("{level}, {population} people"),
        Event::InjectDelivered { message, .. } => message.zh.clone(),
        Event::WindShifted {
            wind_speed_m_s,
            wind_from_deg,
            ..
        } => format!("{wind_speed_m_s:.0} m/s from {wind_from_deg:.0}°"),
        Event::CommsOutageStarted { until } => format!("until {until}"),
        Event::FireIgnited { cell, .. } => format!("起火 fire started at cell {}, {}", cell.x, cell.y),
        Event::FireSpotted { distance_m, .. } => format!("飞火 spot fire {distance_m:.0} m ahead"),
        Event::FireReachedPlace {
            place_id,
            intensity_kw_per_m,
        } => format!(
            "火烧到 fire reached {} ({intensity_kw_per_m:.0} kW/m)",
            place_name(view, place_id)
        ),
        Event::FireReachedRoad { road_id } => format!(
            "火烧到道路 fire reached road {}",
            road_id.strip_prefix("road:").unwrap_or(road_id)
        ),
        Event::FirelineBuilt { cells, holds_flame_m } => {
            format!("隔离带 fireline, {cells} cells, holds {holds_flame_m:.1} m flames")
        }
        Event::FirelineBreached { cell, flame_length_m } => format!(
            "隔离带被突破 breached at {}, {} by {flame_length_m:.1} m flames",
            cell.x, cell.y
        ),
        Event::FireWetted { cells, until } => format!("洒水 {cells} cells wet until {until}"),
        Event::FireContained { burned_area_ha } => format!("已控制 contained, {burned_area_ha:.1} ha burned"),
        Event::ValuesQuarantined { field, cells } => format!("{field}: {cells} cells reset"),
        Event::FloodReachedPlace { place_id, depth_m } => {
            format!("洪水到达 flood reached {} ({depth_m:.2} m)", place_name(view, place_id))
        }
        Event::RoadCut { road_id, depth_m } => format!("道路中断 road cut {road_id} ({depth_m:.2} m)"),
        Event::WaterLevelExceeded {
            gauge_id,
            alert_depth_m,
            depth_m,
        } => format!(
            "水位超警 gauge {} > {alert_depth_m:.1} m ({depth_m:.2} m)",
            short_id(gauge_id, "gauge")
        ),
        Event::HazardDisabled { hazard, reason } => format!("灾害模型停用 {hazard} disabled: {reason}"),
        _ => String::new(),
    }
}

/// Whether an event is about the flood: its kind is shown in blue.
fn is_flood_event(event: &Event) -> bool {
    matches!(
        event,
        Event::FloodReachedPlace { .. } | Event::RoadCut { .. } | Event::WaterLevelExceeded { .. }
    )
}

/// Whether an event is about the fire: its kind is shown in the fire's colour.
fn is_fire_event(event: &Event) -> bool {
    matches!(
        event,
        Event::FireIgnited { .. }
            | Event::FireSpotted { .. }
            | Event::FireReachedPlace { .. }
            | Event::FireReachedRoad { .. }
            | Event::FirelineBreached { .. }
    )
}

/// A light theme (the panel sits beside a bright map and must read on a
/// projector) with darker body text and slightly larger type than egui's
/// defaults.
fn configure_style(ctx: &egui::Context) {
    use egui::{FontFamily, FontId, TextStyle};
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        let mut visuals = egui::Visuals::light();
        visuals.widgets.noninteractive.fg_stroke.color = egui::Color32::from_gray(25);
        visuals.widgets.inactive.fg_stroke.color = egui::Color32::from_gray(20);
        style.visuals = visuals;
        for (text_style, size, family) in [
            (TextStyle::Heading, 21.0, FontFamily::Proportional),
            (TextStyle::Body, 14.5, FontFamily::Proportional),
            (TextStyle::Button, 14.5, FontFamily::Proportional),
            (TextStyle::Monospace, 13.5, FontFamily::Monospace),
            (TextStyle::Small, 12.0, FontFamily::Proportional),
        ] {
            style.text_styles.insert(text_style, FontId::new(size, family));
        }
    });
}

/// One legend row: an icon painted in a small box, then its words.
fn legend_row(ui: &mut egui::Ui, text: &str, paint: impl FnOnce(&egui::Painter, egui::Pos2)) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 20.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(rect, 2.0, egui::Color32::from_rgb(150, 165, 120));
        paint(ui.painter(), rect.center());
        ui.label(text);
    });
}

/// The agents layer's legend: teams, aircraft, shelters, depots and the
/// settlements' colours.
fn agents_legend(ui: &mut egui::Ui) {
    legend_row(ui, "森林消防队伍 fire team", |p, at| {
        paint_team(p, at, ForceGroup::Fire)
    });
    legend_row(ui, "防汛队伍 flood team", |p, at| {
        paint_team(p, at, ForceGroup::Flood)
    });
    legend_row(ui, "医疗等队伍 medical, other teams", |p, at| {
        paint_team(p, at, ForceGroup::Other)
    });
    legend_row(ui, "航空器 aircraft", |p, at| {
        paint_aircraft(p, at, egui::Vec2::ZERO)
    });
    legend_row(ui, "避难所 开放/未开放 shelter open/closed", |p, at| {
        paint_shelter(p, at - egui::vec2(5.0, 0.0), true);
        paint_shelter(p, at + egui::vec2(6.0, 0.0), false);
    });
    legend_row(ui, "物资储备点 depot", paint_depot);
    ui.label(egui::RichText::new("居民点人员状态 settlement people (disc)").small());
    for state in SettlementState::ALL {
        legend_row(ui, state.label(), |p, at| paint_settlement(p, at, state));
    }
}

fn event_row(ui: &mut egui::Ui, timed: &TimedEvent, view: &SimView) {
    let text = format!("{}  {}", timed.tick, timed.event.kind_name());
    let detail = detail(&timed.event, view);
    ui.horizontal_wrapped(|ui| {
        let mut text = egui::RichText::new(text).monospace();
        if is_fire_event(&timed.event) {
            text = text.color(egui::Color32::from_rgb(190, 45, 0));
        } else if is_flood_event(&timed.event) {
            text = text.color(egui::Color32::from_rgb(20, 80, 200));
        }
        ui.label(text);
        if !detail.is_empty() {
            ui.label(egui::RichText::new(detail).small());
        }
    });
}

#[allow(clippy::too_many_arguments, reason = "the panel shows and sets many resources")]
fn controls_panel(
    mut contexts: EguiContexts,
    mut drill: ResMut<DrillSim>,
    mut speed: ResMut<SimSpeed>,
    mut orders: ResMut<OrdersForm>,
    mut injects: ResMut<InjectForm>,
    mut feed: ResMut<EventFeed>,
    autosave: Option<Res<Autosave>>,
    mut panel_width: ResMut<SidePanelWidth>,
    flood_view: Option<ResMut<FloodView>>,
    flood_layer: Option<Res<FloodLayer>>,
    arrows: Option<Res<FlowArrows>>,
    mut configured: Local<bool>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    if !*configured {
        // Fonts take effect from the next pass; one frame of boxes at start
        // is not worth ordering this before the context's first pass.
        fonts::install(ctx);
        configure_style(ctx);
        *configured = true;
    }
    let mut root = egui::Ui::new(
        ctx.clone(),
        "controls-root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    let view = drill.sim().view();
    let undoable = drill.undoable().cloned();
    let mut given = None;
    let mut undo = false;
    let mut inject = None;
    let response = egui::Panel::left("controls")
        .resizable(false)
        .exact_size(PANEL_WIDTH)
        .show(&mut root, |ui| {
            ui.add_space(6.0);
            ui.heading(egui::RichText::new(&view.title.zh).strong());
            ui.label(&view.title.en);
            ui.separator();

            egui::Grid::new("status")
                .num_columns(2)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    ui.label("模拟时间 Time");
                    ui.monospace(egui::RichText::new(view.tick.to_string()).size(18.0).strong());
                    ui.end_row();
                    ui.label("结束 End");
                    ui.monospace(view.end.to_string());
                    ui.end_row();

                    let w = view.weather;
                    let (zh, en) = compass(w.wind_from_deg);
                    ui.label("风 Wind");
                    ui.label(format!(
                        "{zh}风 {en} {:.0}°, {:.1} m/s",
                        w.wind_from_deg, w.wind_speed_m_s
                    ));
                    ui.end_row();
                    ui.label("气温 Temp.");
                    ui.label(format!("{:.1} °C", w.temperature_c));
                    ui.end_row();
                    ui.label("湿度 RH");
                    ui.label(format!("{:.0} %", w.relative_humidity_pct));
                    ui.end_row();

                    ui.label("应急响应 Response");
                    match view.response_level {
                        Some(level) => ui.label(egui::RichText::new(level.to_string()).strong()),
                        None => ui.label("未启动 not started"),
                    };
                    ui.end_row();
                    ui.label("通信 Comms");
                    if view.comms_up {
                        ui.label(egui::RichText::new("正常 up").color(egui::Color32::from_rgb(0, 120, 40)));
                    } else {
                        ui.label(
                            egui::RichText::new("中断 DOWN")
                                .strong()
                                .color(egui::Color32::from_rgb(200, 0, 0)),
                        );
                    }
                    ui.end_row();

                    ui.label("火情 Fire");
                    ui.label(FireState::of(&view).label());
                    ui.end_row();
                    ui.label("过火面积 Burned");
                    ui.label(format!("{:.1} ha", burned_area_ha(&view)));
                    ui.end_row();
                    flood_rows(ui, &view);
                });
            ui.separator();
            if view.flood.is_some()
                && let Some(mut flood_view) = flood_view
            {
                let mut choice = *flood_view;
                flood_layer_block(ui, &view, &mut choice, flood_layer.as_deref(), arrows.as_deref());
                if *flood_view != choice {
                    *flood_view = choice;
                }
                ui.separator();
            }

            ui.label("速度 Speed (simulated s per real s)");
            ui.horizontal(|ui| {
                for s in SimSpeed::ALL {
                    let button = egui::Button::selectable(*speed == s, s.label()).min_size(egui::vec2(56.0, 28.0));
                    if ui.add(button).clicked() && *speed != s {
                        *speed = s;
                    }
                }
            });
            ui.separator();

            // Orders, legend and events scroll together: opened, the orders
            // and the legend would not fit under the flood drill's status.
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                egui::CollapsingHeader::new(egui::RichText::new("指令 Orders").strong())
                    .id_salt("orders")
                    .show(ui, |ui| {
                        let mut form = orders.clone();
                        given = orders_section(ui, &view, &mut form);
                        ui.separator();
                        undo = undo_section(ui, undoable.as_ref(), &form);
                        if *orders != form {
                            *orders = form;
                        }
                    });
                egui::CollapsingHeader::new(egui::RichText::new("导调注入 Trainer injects").strong())
                    .id_salt("injects")
                    .show(ui, |ui| {
                        let mut form = injects.clone();
                        inject = inject_section(ui, &mut form);
                        if *injects != form {
                            *injects = form;
                        }
                    });
                egui::CollapsingHeader::new(egui::RichText::new("图例 Map legend").strong())
                    .id_salt("legend")
                    .show(ui, agents_legend);
                ui.separator();

                if let Some(saver) = &autosave {
                    let text = egui::RichText::new(saver.text()).small();
                    match saver.status {
                        SaveStatus::Failed(..) => ui.label(text.color(egui::Color32::from_rgb(200, 0, 0)).strong()),
                        _ => ui.label(text),
                    };
                    ui.separator();
                }
                ui.label(egui::RichText::new("事件 Events").strong());
                for (tick, label, reason) in feed.refused.iter().rev().take(3) {
                    ui.colored_label(
                        egui::Color32::from_rgb(190, 0, 0),
                        format!("{tick}  refused: {label}: {reason}"),
                    );
                }
                for timed in feed.events.iter().rev().take(EVENTS_SHOWN) {
                    event_row(ui, timed, &view);
                }
            });
        });
    if let Some(order) = given {
        let role = orders.role.clone();
        let outcome = submit_order(&mut drill, &role, order);
        info!("{} ({role})", outcome.text());
        orders.last = Some(outcome);
    }
    if let Some((kind, message)) = inject {
        let text = give_inject(&mut drill, kind, message);
        info!("{text}");
        injects.last = Some(text);
    }
    if undo && let Some(undone) = undo_order(&mut drill) {
        feed.retract(undone.retracted_events);
        info!("{}", undone.text());
        orders.undone = Some(undone.text());
        orders.last = None;
    }
    let width = response.response.rect.width();
    if (panel_width.0 - width).abs() > 0.5 {
        panel_width.0 = width;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compass_points() {
        assert_eq!(compass(315.0), ("西北", "NW"));
        assert_eq!(compass(0.0), ("北", "N"));
        assert_eq!(compass(359.0), ("北", "N"));
        assert_eq!(compass(-90.0), ("西", "W"));
        assert_eq!(compass(200.0), ("南", "S"));
    }

    #[test]
    fn flood_texts() {
        assert_eq!(short_id("gauge:river-bend", "gauge"), "river-bend");
        assert_eq!(short_id("river-bend", "gauge"), "river-bend");
        assert_eq!(area_text(12.345), "12.3 ha");
        assert_eq!(area_text(250.0), "2.50 km²");
        assert_eq!(depth_class_labels(), ["0.05–0.3 m", "0.3–1 m", "1–3 m", "> 3 m"]);
    }
}
