//! The trainer's injects (导调注入) in the controls panel: the exercise
//! controller tells the trainees something (a report, a phone call), shifts
//! the wind or cuts the mobile networks, now. Injects go through
//! `DrillSim::inject` as the 导调 trainer role, so they are recorded (and
//! can be undone) like orders; `sim-core` checks the values.

use bevy::prelude::*;
use bevy_egui::egui;
use sim_core::scenario::{Bilingual, InjectKind};

use crate::drill::{DrillSim, ROLES};

/// The role injects are given as.
pub const INJECT_ROLE: &str = ROLES[3];

/// The kinds of inject the panel offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InjectChoice {
    /// Only a message.
    #[default]
    Message,
    /// The wind changes and stays so.
    WindShift,
    /// The public mobile networks fail for a while.
    CommsOutage,
}

impl InjectChoice {
    /// Every choice, as the panel lists them.
    pub const ALL: [InjectChoice; 3] = [
        InjectChoice::Message,
        InjectChoice::WindShift,
        InjectChoice::CommsOutage,
    ];

    /// The panel's words.
    pub fn label(self) -> &'static str {
        match self {
            InjectChoice::Message => "消息 message",
            InjectChoice::WindShift => "风向突变 wind shift",
            InjectChoice::CommsOutage => "通信中断 comms outage",
        }
    }
}

/// Width of the message fields, logical pixels (as the orders' combo boxes).
const TEXT_PX: f32 = 176.0;

/// The inject form, kept between frames.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct InjectForm {
    /// What kind of inject.
    pub choice: InjectChoice,
    /// The message in Chinese.
    pub message_zh: String,
    /// The message in English; empty = the Chinese text.
    pub message_en: String,
    /// Wind speed for a wind shift, m/s.
    pub wind_speed_m_s: f64,
    /// Direction the new wind blows from, degrees.
    pub wind_from_deg: f64,
    /// Length of a comms outage, minutes.
    pub outage_min: u64,
    /// What became of the last inject.
    pub last: Option<String>,
}

impl Default for InjectForm {
    fn default() -> InjectForm {
        InjectForm {
            choice: InjectChoice::Message,
            message_zh: String::new(),
            message_en: String::new(),
            wind_speed_m_s: 10.0,
            wind_from_deg: 270.0,
            outage_min: 60,
            last: None,
        }
    }
}

impl InjectForm {
    /// The inject the form describes.
    pub fn inject(&self) -> (InjectKind, Bilingual) {
        let kind = match self.choice {
            InjectChoice::Message => InjectKind::Message,
            InjectChoice::WindShift => InjectKind::WindShift {
                wind_speed_m_s: self.wind_speed_m_s,
                wind_from_deg: self.wind_from_deg,
            },
            InjectChoice::CommsOutage => InjectKind::CommsOutage {
                duration_min: self.outage_min,
            },
        };
        let zh = self.message_zh.trim();
        let en = self.message_en.trim();
        let message = Bilingual {
            zh: zh.to_owned(),
            en: if en.is_empty() { zh.to_owned() } else { en.to_owned() },
        };
        (kind, message)
    }
}

/// Applies the inject now as the trainer, recorded; says what became of it.
pub fn give_inject(drill: &mut DrillSim, kind: InjectKind, message: Bilingual) -> String {
    let tick = drill.sim().tick();
    match drill.inject(INJECT_ROLE, kind, message, "") {
        Ok(id) => format!("{tick}  已注入 injected {id}"),
        Err(why) => format!("{tick}  未注入 refused: {why}"),
    }
}

/// The inject section. Returns the inject given this frame, if any.
pub fn inject_section(ui: &mut egui::Ui, form: &mut InjectForm) -> Option<(InjectKind, Bilingual)> {
    let mut given = None;
    egui::Grid::new("injects")
        .num_columns(2)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            ui.label("类型 Kind");
            egui::ComboBox::from_id_salt("inject-kind")
                .selected_text(form.choice.label())
                .show_ui(ui, |ui| {
                    for c in InjectChoice::ALL {
                        ui.selectable_value(&mut form.choice, c, c.label());
                    }
                });
            ui.end_row();
            ui.label("消息 中文");
            ui.add(egui::TextEdit::singleline(&mut form.message_zh).desired_width(TEXT_PX));
            ui.end_row();
            ui.label("Message EN");
            ui.add(egui::TextEdit::singleline(&mut form.message_en).desired_width(TEXT_PX));
            ui.end_row();
            match form.choice {
                InjectChoice::Message => {}
                InjectChoice::WindShift => {
                    ui.label("风速 Wind m/s");
                    ui.add(
                        egui::DragValue::new(&mut form.wind_speed_m_s)
                            .range(0.0..=75.0)
                            .speed(0.5),
                    );
                    ui.end_row();
                    ui.label("来向 From °");
                    ui.add(
                        egui::DragValue::new(&mut form.wind_from_deg)
                            .range(0.0..=360.0)
                            .speed(5.0),
                    );
                    ui.end_row();
                }
                InjectChoice::CommsOutage => {
                    ui.label("时长 Minutes");
                    ui.add(egui::DragValue::new(&mut form.outage_min).range(1..=1440));
                    ui.end_row();
                }
            }
            ui.label("");
            if ui.button("注入 Inject").clicked() {
                given = Some(form.inject());
            }
            ui.end_row();
        });
    if let Some(last) = &form.last {
        ui.label(egui::RichText::new(last).small());
    }
    given
}
