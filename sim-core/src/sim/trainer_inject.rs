//! Trainer injects: the exercise controller forces an event into the drill
//! now, exactly as a scheduled inject of the scenario's MSEL is applied.

use crate::event::Event;
use crate::order::{MAX_ORDER_TEXT_CHARS, OrderError};
use crate::scenario::{Bilingual, InjectKind};
use crate::sim::Sim;

/// Largest radius a trainer's mop-up or water drop may cover, m: a whole
/// valley, far beyond any real drop, but it keeps a typo from wetting the map.
pub const MAX_INJECT_RADIUS_M: f64 = 20_000.0;

impl Sim {
    /// Delivers a trainer inject at the current tick (before the next step
    /// computes it) and applies it as a scenario inject is applied: the
    /// `InjectDelivered` event, then its effect (wind shift, comms outage,
    /// fireline, backburn, mop-up, water drop). Returns the inject id given
    /// to it, `inject:trainer@HH:MM:SS`.
    ///
    /// Values are checked as the scenario validator checks them (wind
    /// 0–75 m/s and 0–360°; radii and flame lengths positive and finite), so
    /// a bad inject is refused with a reason and changes nothing.
    pub fn inject(&mut self, kind: InjectKind, message: Bilingual) -> Result<String, OrderError> {
        check_inject(&kind, &message)?;
        let id = format!("inject:trainer@{}", self.tick);
        self.emit(Event::InjectDelivered {
            inject_id: id.clone(),
            kind: kind.clone(),
            message,
        });
        self.apply_inject(&kind);
        Ok(id)
    }
}

fn check_inject(kind: &InjectKind, message: &Bilingual) -> Result<(), OrderError> {
    for (field, text) in [
        ("inject message (zh)", &message.zh),
        ("inject message (en)", &message.en),
    ] {
        if text.chars().count() > MAX_ORDER_TEXT_CHARS {
            return Err(OrderError::TextTooLong {
                field: field.into(),
                max: MAX_ORDER_TEXT_CHARS,
            });
        }
    }
    let bad = |field: &str, range: &str| OrderError::BadAmount {
        field: field.into(),
        range: range.into(),
    };
    let in_range = |v: f64, lo: f64, hi: f64| v.is_finite() && (lo..=hi).contains(&v);
    match kind {
        InjectKind::Message | InjectKind::CommsOutage { .. } => Ok(()),
        InjectKind::WindShift {
            wind_speed_m_s,
            wind_from_deg,
        } => {
            if !in_range(*wind_speed_m_s, 0.0, 75.0) {
                return Err(bad("wind speed", "0 to 75 m/s"));
            }
            if !in_range(*wind_from_deg, 0.0, 360.0) {
                return Err(bad("wind direction", "0 to 360 degrees"));
            }
            Ok(())
        }
        InjectKind::Fireline { path, holds_flame_m } => {
            check_path(path)?;
            if !in_range(*holds_flame_m, 0.0, 100.0) {
                return Err(bad("flame length the line holds", "0 to 100 m"));
            }
            Ok(())
        }
        InjectKind::Backburn { path } => check_path(path),
        InjectKind::MopUp { at, radius_m } | InjectKind::WaterDrop { at, radius_m, .. } => {
            if !(at.lon.is_finite() && at.lat.is_finite()) {
                return Err(bad("point", "finite degrees"));
            }
            if !(radius_m.is_finite() && *radius_m > 0.0 && *radius_m <= MAX_INJECT_RADIUS_M) {
                return Err(bad("radius", "more than 0 and at most 20 000 m"));
            }
            Ok(())
        }
    }
}

fn check_path(path: &[crate::frame::LonLat]) -> Result<(), OrderError> {
    if path.len() < 2 {
        return Err(OrderError::PathTooShort);
    }
    if path.iter().any(|p| !(p.lon.is_finite() && p.lat.is_finite())) {
        return Err(OrderError::BadAmount {
            field: "path".into(),
            range: "finite degrees".into(),
        });
    }
    Ok(())
}
