//! Orders: what trainees decide, in the imperative, and why one can fail.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Identifies an accepted order, in submission order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OrderId(pub u32);

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "order#{}", self.0)
    }
}

/// Emergency response level (应急响应级别), IV the lowest and I the highest,
/// as in the plan's graded response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResponseLevel {
    /// Ⅳ级 (general).
    IV,
    /// Ⅲ级 (large).
    III,
    /// Ⅱ级 (major).
    II,
    /// Ⅰ级 (especially major).
    I,
}

impl fmt::Display for ResponseLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ResponseLevel::IV => "Ⅳ级 (IV)",
            ResponseLevel::III => "Ⅲ级 (III)",
            ResponseLevel::II => "Ⅱ级 (II)",
            ResponseLevel::I => "Ⅰ级 (I)",
        };
        f.write_str(s)
    }
}

/// Public warning colour (预警级别): blue lowest, red highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WarningLevel {
    /// 蓝色.
    Blue,
    /// 黄色.
    Yellow,
    /// 橙色.
    Orange,
    /// 红色.
    Red,
}

impl fmt::Display for WarningLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            WarningLevel::Blue => "蓝色 blue",
            WarningLevel::Yellow => "黄色 yellow",
            WarningLevel::Orange => "橙色 orange",
            WarningLevel::Red => "红色 red",
        };
        f.write_str(s)
    }
}

/// A decision by the trainees. Orders take effect after a command latency
/// (see [`Order::latency_ticks`]) and may still fail then, with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Order {
    /// Start or change the emergency response at `level`.
    SetResponseLevel {
        /// The level to respond at.
        level: ResponseLevel,
    },
    /// Warn the people of these places.
    IssueWarning {
        /// `place:…` ids.
        places: Vec<String>,
        /// Warning colour.
        level: WarningLevel,
    },
    /// Convene a consultation and judgement meeting (会商研判).
    HoldConsultation {
        /// What it is about.
        topic: String,
    },
}

/// Longest free text accepted in an order, characters.
pub const MAX_ORDER_TEXT_CHARS: usize = 500;

impl Order {
    /// Ticks from submission until the order takes effect (at least 1: an
    /// order is never executed inside the tick it was given in).
    ///
    /// Placeholder latencies until the forces issue brings the figures of
    /// `reference/rescue.md`: deciding and announcing a response level 5 min,
    /// drafting and releasing a warning 10 min, convening a meeting 30 min.
    pub fn latency_ticks(&self) -> u64 {
        let minutes = match self {
            Order::SetResponseLevel { .. } => 5,
            Order::IssueWarning { .. } => 10,
            Order::HoldConsultation { .. } => 30,
        };
        (minutes * 60 / crate::time::TICK_SECONDS).max(1)
    }

    /// A short English label for logs.
    pub fn label(&self) -> String {
        match self {
            Order::SetResponseLevel { level } => format!("set response level {level}"),
            Order::IssueWarning { places, level } => format!("issue {level} warning to {} place(s)", places.len()),
            Order::HoldConsultation { topic } => format!("hold consultation on \"{topic}\""),
        }
    }
}

/// Why an order cannot be carried out, in words a trainee can act on.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum OrderError {
    /// A place id that is not in the scenario.
    #[error("there is no place `{id}` in this drill")]
    UnknownPlace {
        /// The id given.
        id: String,
    },
    /// A warning to nobody.
    #[error("a warning must name at least one place")]
    NoPlaces,
    /// The response is already at this level.
    #[error("the response is already at level {level}")]
    LevelUnchanged {
        /// The current level.
        level: ResponseLevel,
    },
    /// Text left empty.
    #[error("the {field} must not be empty")]
    EmptyText {
        /// Which text.
        field: String,
    },
    /// Text too long.
    #[error("the {field} is longer than {max} characters")]
    TextTooLong {
        /// Which text.
        field: String,
        /// The limit.
        max: usize,
    },
    /// The drill has ended.
    #[error("the drill has ended at {end}; no more orders are taken")]
    DrillOver {
        /// When it ended, `HH:MM:SS`.
        end: String,
    },
}
