//! The orders section of the controls panel (指令): dispatch a team or an
//! aircraft to a place or to the fire, recall it, open a shelter, order a
//! place evacuated to a shelter, warn every place. The trainer sees at
//! once whether the sim accepted the order or why it refused it.
//!
//! Orders go straight to [`Sim::submit`] from the panel, which egui runs
//! after the frame's steps: the order is submitted at the sim's current
//! tick, before the next one is stepped, exactly as a queued order would be
//! (and as a plain "submit, then step" loop would give it), so runs stay
//! reproducible. The building blocks ([`dispatch_order`],
//! [`submit_order`], …) are plain functions the tests call.

use bevy::prelude::*;
use bevy_egui::egui;
use sim_core::agents::forces::{AirActivity, TeamActivity};
use sim_core::frame::LonLat;
use sim_core::{Order, OrderId, RecordEntry, SimView, Task, Tick, WarningLevel};

use crate::drill::{DEFAULT_ROLE, DrillSim, ROLES, Undone};

/// What a unit is to do, as the panel offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskKind {
    /// Go there and stand by.
    #[default]
    MoveTo,
    /// Drop water there (helicopters with a bucket).
    WaterDrops,
    /// Fly over and report (aircraft).
    Recon,
    /// Search and rescue in a place (ground teams).
    Rescue,
}

impl TaskKind {
    /// Every task, as the panel lists them.
    pub const ALL: [TaskKind; 4] = [
        TaskKind::MoveTo,
        TaskKind::WaterDrops,
        TaskKind::Recon,
        TaskKind::Rescue,
    ];

    /// The panel's words.
    pub fn label(self) -> &'static str {
        match self {
            TaskKind::MoveTo => "前往 move to",
            TaskKind::WaterDrops => "洒水 water drops",
            TaskKind::Recon => "侦察 recon",
            TaskKind::Rescue => "救援 rescue",
        }
    }
}

/// Where a unit is sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Target {
    /// The fire's origin ([`fire_origin`]).
    #[default]
    Fire,
    /// A place, by id.
    Place(String),
}

/// What happened to the last order the panel gave.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderOutcome {
    /// When it was given.
    pub tick: Tick,
    /// The order's label.
    pub label: String,
    /// Its id if the sim accepted it, else why not.
    pub result: Result<OrderId, String>,
}

impl OrderOutcome {
    /// The panel's line about it.
    pub fn text(&self) -> String {
        match &self.result {
            Ok(id) => format!("{}  已受理 accepted {id}: {}", self.tick, self.label),
            Err(why) => format!("{}  未受理 refused: {}: {why}", self.tick, self.label),
        }
    }
}

/// The panel's choices, kept between frames.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct OrdersForm {
    /// The unit to dispatch or recall, by id.
    pub unit: Option<String>,
    /// The task.
    pub task: TaskKind,
    /// Where to.
    pub target: Target,
    /// The shelter to open or to evacuate to, by id.
    pub shelter: Option<String>,
    /// The place to evacuate, by id.
    pub place: Option<String>,
    /// The warning's colour.
    pub level: WarningLevel,
    /// The last order given and what became of it.
    pub last: Option<OrderOutcome>,
    /// Who gives the orders (one of [`ROLES`]), as the record names them.
    pub role: String,
    /// What the last undo took back.
    pub undone: Option<String>,
}

impl Default for OrdersForm {
    fn default() -> OrdersForm {
        OrdersForm {
            unit: None,
            task: TaskKind::MoveTo,
            target: Target::Fire,
            shelter: None,
            place: None,
            level: WarningLevel::Orange,
            last: None,
            role: DEFAULT_ROLE.to_owned(),
            undone: None,
        }
    }
}

/// The tasks the panel offers a unit: a ground team may move or rescue;
/// an aircraft may move or fly recon, and drop water if it carries a
/// bucket (as `sim-core` checks them). Empty for an unknown id.
pub fn unit_tasks(view: &SimView, unit: &str) -> Vec<TaskKind> {
    if view.teams.iter().any(|t| t.id == unit) {
        return vec![TaskKind::MoveTo, TaskKind::Rescue];
    }
    match view.aircraft.iter().find(|a| a.id == unit) {
        Some(a) if a.airframe.spec().bucket_t > 0.0 => vec![TaskKind::MoveTo, TaskKind::WaterDrops, TaskKind::Recon],
        Some(_) => vec![TaskKind::MoveTo, TaskKind::Recon],
        None => Vec::new(),
    }
}

/// The fire's origin: the centre of the cell that burned first (the first
/// in row order among equals), or `None` before any fire.
pub fn fire_origin(view: &SimView) -> Option<LonLat> {
    let mut first: Option<(usize, f32)> = None;
    for (cell, t) in view.fire.arrival_min().iter().enumerate() {
        if t.is_finite() && first.is_none_or(|(_, best)| *t < best) {
            first = Some((cell, *t));
        }
    }
    let (cell, _) = first?;
    let frame = view.frame;
    Some(frame.to_lon_lat(frame.cell_centre(frame.cell_of_index(cell))))
}

/// The centre of a place's cell.
pub fn place_point(view: &SimView, place: &str) -> Option<LonLat> {
    let p = view.places.iter().find(|p| p.id == place)?;
    Some(view.frame.to_lon_lat(view.frame.cell_centre(p.cell)))
}

/// The dispatch order for `unit` to do `task` at `target`, or why the
/// panel cannot make one (the sim then judges the order itself).
pub fn dispatch_order(view: &SimView, unit: &str, task: TaskKind, target: &Target) -> Result<Order, String> {
    let at = match target {
        Target::Fire => fire_origin(view).ok_or("火尚未发生 there is no fire yet")?,
        Target::Place(id) => place_point(view, id).ok_or_else(|| format!("there is no place `{id}`"))?,
    };
    let task = match (task, target) {
        (TaskKind::MoveTo, _) => Task::MoveTo { at },
        (TaskKind::WaterDrops, _) => Task::WaterDrops { at },
        (TaskKind::Recon, _) => Task::Recon { at },
        (TaskKind::Rescue, Target::Place(place)) => Task::Rescue { place: place.clone() },
        (TaskKind::Rescue, Target::Fire) => return Err("救援须选居民点 a rescue needs a place".into()),
    };
    Ok(Order::Dispatch {
        unit: unit.to_owned(),
        task,
    })
}

/// A warning of `level` to every place of the drill, on every channel.
/// Naming a settlement reaches the people dispersed around it, so only
/// settlements are named.
pub fn warn_everyone(view: &SimView, level: WarningLevel) -> Order {
    Order::IssueWarning {
        places: view
            .places
            .iter()
            .filter(|p| p.parent.is_none())
            .map(|p| p.id.clone())
            .collect(),
        level,
        channels: Vec::new(),
    }
}

/// Submits `order`, given by `role`, to the drill now (recorded, accepted
/// or refused) and says what became of it.
pub fn submit_order(drill: &mut DrillSim, role: &str, order: Order) -> OrderOutcome {
    let tick = drill.sim().tick();
    let label = order.label();
    let result = drill.submit(role, order, "").map_err(|e| e.to_string());
    OrderOutcome { tick, label, result }
}

/// Takes back the drill's last order or inject ([`DrillSim::undo`]'s
/// rule), or `None` when there is nothing to take back.
pub fn undo_order(drill: &mut DrillSim) -> Option<Undone> {
    drill.undo()
}

/// The undo block: what the button would take back, and the button.
/// Returns whether it was clicked.
pub fn undo_section(ui: &mut egui::Ui, undoable: Option<&RecordEntry>, form: &OrdersForm) -> bool {
    let hint = undoable.map_or_else(
        || "无可撤销 nothing to undo".to_owned(),
        |e| {
            let what = match &e.action {
                sim_core::RecordAction::Order(order) => order.label(),
                sim_core::RecordAction::Inject { message, .. } => format!("inject {}", message.zh),
            };
            format!("{} {}: {what}", e.tick, e.role)
        },
    );
    let clicked = ui
        .horizontal(|ui| {
            let clicked = ui
                .add_enabled(undoable.is_some(), egui::Button::new("撤销 Undo"))
                .on_hover_text("退回下令时刻 back to when it was given; later time is dropped")
                .clicked();
            ui.label(egui::RichText::new(hint).small());
            clicked
        })
        .inner;
    if let Some(undone) = &form.undone {
        ui.label(
            egui::RichText::new(undone)
                .small()
                .color(egui::Color32::from_rgb(150, 90, 0)),
        );
    }
    clicked
}

/// A team's activity in a word or two.
fn team_doing(activity: &TeamActivity) -> &'static str {
    match activity {
        TeamActivity::Idle => "待命 idle",
        TeamActivity::Mobilising { .. } => "集结 mobilising",
        TeamActivity::Travelling { .. } => "行进 travelling",
        TeamActivity::Working => "作业 working",
        TeamActivity::Returning { .. } => "返回 returning",
        TeamActivity::Resting { .. } => "休整 resting",
    }
}

/// An aircraft's activity in a word or two.
fn aircraft_doing(activity: &AirActivity) -> &'static str {
    match activity {
        AirActivity::Standby => "待命 standby",
        AirActivity::Launching { .. } => "起飞 launching",
        AirActivity::Transit { .. } => "飞行 in transit",
        AirActivity::OnScene { .. } => "现场 on scene",
        AirActivity::Refuelling { .. } => "加油 refuelling",
    }
}

/// A team's equipment in short Chinese, e.g. `冲锋舟4 水泵2`: what decides
/// whether it can take a rescue in deep water or hold a hot fireline.
fn equipment_text(equipment: &std::collections::BTreeMap<String, u32>) -> String {
    equipment
        .iter()
        .map(|(key, n)| {
            let name = match key.as_str() {
                sim_core::agents::equipment::RESCUE_BOAT => "冲锋舟",
                sim_core::agents::equipment::WIND_EXTINGUISHER => "风力灭火机",
                sim_core::agents::equipment::WATER_PUMP => "水泵",
                other => other,
            };
            format!("{name}{n}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every unit as `(id, "name — activity")`, teams first, with a team's
/// equipment and an aircraft's fuel left.
fn units(view: &SimView) -> Vec<(String, String)> {
    let teams = view.teams.iter().map(|t| {
        let mut text = format!("{} — {}", t.name.zh, team_doing(&t.activity));
        if !t.equipment.is_empty() {
            text.push_str(&format!(" · {}", equipment_text(&t.equipment)));
        }
        (t.id.clone(), text)
    });
    let aircraft = view.aircraft.iter().map(|a| {
        (
            a.id.clone(),
            format!(
                "{} — {} · 油 fuel {:.0} min",
                a.name.zh,
                aircraft_doing(&a.activity),
                a.fuel_min
            ),
        )
    });
    teams.chain(aircraft).collect()
}

/// `choice` if it is one of `ids`, else the first of them.
fn keep_or_first(choice: &mut Option<String>, ids: &[String]) {
    if !choice.as_ref().is_some_and(|c| ids.contains(c)) {
        *choice = ids.first().cloned();
    }
}

/// Width of the combo boxes, logical pixels.
const COMBO_PX: f32 = 176.0;

/// A combo box over `(id, text)` items setting `choice`.
fn pick(ui: &mut egui::Ui, salt: &str, choice: &mut Option<String>, items: &[(String, String)]) {
    let shown = items
        .iter()
        .find(|(id, _)| Some(id) == choice.as_ref())
        .map_or("—", |(_, text)| text.as_str());
    egui::ComboBox::from_id_salt(salt)
        .width(COMBO_PX)
        .truncate()
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (id, text) in items {
                if ui.selectable_label(choice.as_ref() == Some(id), text).clicked() {
                    *choice = Some(id.clone());
                }
            }
        });
}

/// The orders section. Returns the order the trainer gave this frame, if
/// any, for the caller to submit with [`submit_order`] once it no longer
/// borrows the sim.
pub fn orders_section(ui: &mut egui::Ui, view: &SimView, form: &mut OrdersForm) -> Option<Order> {
    let mut given = None;
    let units = units(view);
    let unit_ids: Vec<String> = units.iter().map(|(id, _)| id.clone()).collect();
    keep_or_first(&mut form.unit, &unit_ids);
    let shelters: Vec<(String, String)> = view
        .shelters
        .iter()
        .map(|s| {
            let state = if s.open { "开放 open" } else { "未开放 closed" };
            (
                s.id.clone(),
                format!("{} {}/{} {state}", s.name.zh, s.occupants, s.capacity),
            )
        })
        .collect();
    let shelter_ids: Vec<String> = shelters.iter().map(|(id, _)| id.clone()).collect();
    keep_or_first(&mut form.shelter, &shelter_ids);
    // Every place, dispersed groups included, can be a rescue target; the
    // warning and evacuation forms name settlements, which reach their
    // groups.
    let places: Vec<(String, String)> = view.places.iter().map(|p| (p.id.clone(), p.name.zh.clone())).collect();
    let settlements: Vec<(String, String)> = view
        .places
        .iter()
        .filter(|p| p.parent.is_none())
        .map(|p| (p.id.clone(), p.name.zh.clone()))
        .collect();
    let place_ids: Vec<String> = settlements.iter().map(|(id, _)| id.clone()).collect();
    keep_or_first(&mut form.place, &place_ids);
    let fire = fire_origin(view).is_some();

    egui::Grid::new("orders")
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            ui.label("角色 Role");
            egui::ComboBox::from_id_salt("order-role")
                .width(COMBO_PX)
                .selected_text(form.role.as_str())
                .show_ui(ui, |ui| {
                    for role in ROLES {
                        if ui.selectable_label(form.role == role, role).clicked() {
                            form.role = role.to_owned();
                        }
                    }
                });
            ui.end_row();

            ui.label("力量 Unit");
            if units.is_empty() {
                ui.label("无 none");
            } else {
                pick(ui, "order-unit", &mut form.unit, &units);
            }
            ui.end_row();

            let tasks = form.unit.as_deref().map_or_else(Vec::new, |u| unit_tasks(view, u));
            if !tasks.contains(&form.task)
                && let Some(first) = tasks.first()
            {
                form.task = *first;
            }
            ui.label("任务 Task");
            egui::ComboBox::from_id_salt("order-task")
                .width(COMBO_PX)
                .selected_text(form.task.label())
                .show_ui(ui, |ui| {
                    for t in &tasks {
                        ui.selectable_value(&mut form.task, *t, t.label());
                    }
                });
            ui.end_row();

            // Targets: the fire (once there is one) and every place.
            let mut targets: Vec<(Target, String)> = Vec::new();
            if fire && form.task != TaskKind::Rescue {
                targets.push((Target::Fire, "火场起火点 fire origin".into()));
            }
            targets.extend(
                places
                    .iter()
                    .map(|(id, name)| (Target::Place(id.clone()), name.clone())),
            );
            if !targets.iter().any(|(t, _)| *t == form.target)
                && let Some((first, _)) = targets.first()
            {
                form.target = first.clone();
            }
            ui.label("目标 Target");
            let shown = targets
                .iter()
                .find(|(t, _)| *t == form.target)
                .map_or("—", |(_, text)| text.as_str());
            egui::ComboBox::from_id_salt("order-target")
                .width(COMBO_PX)
                .truncate()
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (t, text) in &targets {
                        if ui.selectable_label(form.target == *t, text).clicked() {
                            form.target = t.clone();
                        }
                    }
                });
            ui.end_row();

            ui.label("");
            ui.horizontal(|ui| {
                let has_unit = form.unit.is_some();
                if ui.add_enabled(has_unit, egui::Button::new("派遣 Dispatch")).clicked()
                    && let Some(unit) = form.unit.clone()
                {
                    match dispatch_order(view, &unit, form.task, &form.target) {
                        Ok(order) => given = Some(order),
                        Err(why) => {
                            form.last = Some(OrderOutcome {
                                tick: view.tick,
                                label: format!("dispatch {unit}"),
                                result: Err(why),
                            });
                        }
                    }
                }
                if ui.add_enabled(has_unit, egui::Button::new("召回 Recall")).clicked()
                    && let Some(unit) = form.unit.clone()
                {
                    given = Some(Order::Recall { unit });
                }
            });
            ui.end_row();

            ui.label("避难所 Shelter");
            pick(ui, "order-shelter", &mut form.shelter, &shelters);
            ui.end_row();
            ui.label("");
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(form.shelter.is_some(), egui::Button::new("开放 Open"))
                    .clicked()
                    && let Some(shelter) = form.shelter.clone()
                {
                    given = Some(Order::OpenShelter { shelter });
                }
            });
            ui.end_row();

            ui.label("居民点 Place");
            pick(ui, "order-place", &mut form.place, &settlements);
            ui.end_row();
            ui.label("");
            let ready = form.place.is_some() && form.shelter.is_some();
            if ui.add_enabled(ready, egui::Button::new("转移 Evacuate")).clicked()
                && let (Some(place), Some(shelter)) = (form.place.clone(), form.shelter.clone())
            {
                given = Some(Order::OrderEvacuation {
                    places: vec![place],
                    shelter,
                });
            }
            ui.end_row();

            ui.label("预警 Warning");
            egui::ComboBox::from_id_salt("order-level")
                .width(COMBO_PX)
                .selected_text(form.level.to_string())
                .show_ui(ui, |ui| {
                    for level in [
                        WarningLevel::Blue,
                        WarningLevel::Yellow,
                        WarningLevel::Orange,
                        WarningLevel::Red,
                    ] {
                        ui.selectable_value(&mut form.level, level, level.to_string());
                    }
                });
            ui.end_row();
            ui.label("");
            if ui
                .add_enabled(!view.places.is_empty(), egui::Button::new("全部预警 Warn all places"))
                .clicked()
            {
                given = Some(warn_everyone(view, form.level));
            }
            ui.end_row();
        });
    if let Some(last) = &form.last {
        let colour = if last.result.is_ok() {
            egui::Color32::from_rgb(0, 120, 40)
        } else {
            egui::Color32::from_rgb(190, 0, 0)
        };
        ui.label(egui::RichText::new(last.text()).small().color(colour));
    }
    given
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_say_accepted_or_refused_and_why() {
        let ok = OrderOutcome {
            tick: Tick(6),
            label: "recall team:a".into(),
            result: Ok(OrderId(3)),
        };
        assert_eq!(ok.text(), "00:01:00  已受理 accepted order#3: recall team:a");
        let no = OrderOutcome {
            result: Err("team:a is not available: resting".into()),
            ..ok
        };
        assert_eq!(
            no.text(),
            "00:01:00  未受理 refused: recall team:a: team:a is not available: resting"
        );
    }
}
