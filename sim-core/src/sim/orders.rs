//! Orders: whether one can be carried out (checked when submitted and again
//! when due, since the world changes in between) and what it does when due.

use crate::agents::equipment;
use crate::agents::forces::{AirActivity, FirelineWork, TeamActivity, team_mobilisation_min};
use crate::agents::relief::ConvoyDestination;
use crate::event::Event;
use crate::frame::LonLat;
use crate::order::{MAX_ORDER_TEXT_CHARS, Order, OrderError, OrderId, Task};
use crate::scenario::ForceKind;
use crate::sim::Sim;
use crate::sim::agents_stage::PendingSupport;
use crate::time::Tick;

/// Delay before requested reinforcements arrive on the map, min
/// (assumptions: a neighbouring league's team drives 4–8 h; PLA or Armed
/// Police units stationed in the region move within 2–4 h of a request).
pub fn support_delay_min(source: crate::order::SupportSource) -> u64 {
    match source {
        crate::order::SupportSource::CrossRegion => 360,
        crate::order::SupportSource::Military => 180,
    }
}

/// People in a reinforcement team (assumption: a company-sized unit).
pub const SUPPORT_PERSONNEL: u32 = 30;

/// Which unit an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Index into `Sim::teams`.
    Team(usize),
    /// Index into `Sim::aircraft`.
    Aircraft(usize),
}

impl Sim {
    pub(crate) fn unit(&self, id: &str) -> Result<Unit, OrderError> {
        if let Some(i) = self.teams.iter().position(|t| t.id == id) {
            return Ok(Unit::Team(i));
        }
        if let Some(i) = self.aircraft.iter().position(|a| a.id == id) {
            return Ok(Unit::Aircraft(i));
        }
        Err(unknown("team or aircraft", id))
    }

    fn on_map(&self, at: LonLat) -> Result<u32, OrderError> {
        self.frame
            .cell_at_lon_lat(at)
            .map(|c| self.frame.index(c) as u32)
            .ok_or(OrderError::OffMap {
                lon: at.lon,
                lat: at.lat,
            })
    }

    fn place_index(&self, id: &str) -> Result<usize, OrderError> {
        self.places
            .iter()
            .position(|p| p.id == id)
            .ok_or_else(|| OrderError::UnknownPlace { id: id.into() })
    }

    fn shelter_index(&self, id: &str) -> Result<usize, OrderError> {
        self.shelters
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| unknown("shelter", id))
    }

    /// Where a ground team must go for a task, as a cell.
    pub(crate) fn task_cell(&self, task: &Task) -> Result<u32, OrderError> {
        match task {
            Task::MoveTo { at } | Task::Recon { at } | Task::WaterDrops { at } => self.on_map(*at),
            Task::BuildFireline { path } | Task::Backburn { path } => {
                if path.len() < 2 {
                    return Err(OrderError::PathTooShort);
                }
                for p in path {
                    self.on_map(*p)?;
                }
                self.on_map(path[0])
            }
            Task::Rescue { place } | Task::Treat { place } => {
                let p = &self.places[self.place_index(place)?];
                Ok(self.frame.index(p.cell) as u32)
            }
            Task::Sandbag { dike } => self.dike_work_cell(dike),
            Task::CloseBreach { dike } => self
                .flood
                .as_ref()
                .and_then(|f| f.dike_breach_cell(dike))
                .map(|(c, _)| c as u32)
                .ok_or_else(|| OrderError::NoSuchHazard {
                    what: format!("breach in `{dike}`"),
                }),
        }
    }

    /// Whether `order` could be carried out in the current state.
    pub(crate) fn check(&self, order: &Order) -> Result<(), OrderError> {
        match order {
            Order::SetResponseLevel { level } => match self.response_level {
                Some(current) if current == *level => Err(OrderError::LevelUnchanged { level: current }),
                _ => Ok(()),
            },
            Order::IssueWarning { places, .. } => self.check_places(places),
            Order::HoldConsultation { topic } => text("consultation topic", topic),
            Order::Dispatch { unit, task } => self.check_dispatch(unit, task),
            Order::Recall { unit } => match self.unit(unit)? {
                Unit::Team(i) => {
                    let t = &self.teams[i];
                    // A team resting after a full shift rests first: sent
                    // home, the shift check would stop it again where it
                    // stands and start its rest over.
                    if matches!(t.activity, TeamActivity::Resting { .. })
                        && let Some(why) = t.busy_reason(self.tick)
                    {
                        Err(OrderError::UnitBusy {
                            unit: unit.clone(),
                            why,
                        })
                    } else if t.cell == t.base_cell && t.task.is_none() {
                        Err(OrderError::UnitBusy {
                            unit: unit.clone(),
                            why: "it is already at its base with no task".into(),
                        })
                    } else {
                        Ok(())
                    }
                }
                Unit::Aircraft(i) => match self.aircraft[i].activity {
                    AirActivity::Standby => Err(OrderError::UnitBusy {
                        unit: unit.clone(),
                        why: "it is already on the ground at its base".into(),
                    }),
                    _ => Ok(()),
                },
            },
            Order::OrderEvacuation { places, shelter } => {
                self.check_places(places)?;
                let s = self.shelter_index(shelter)?;
                let opening = self
                    .orders
                    .iter()
                    .any(|q| matches!(&q.order, Order::OpenShelter { shelter: id } if id == shelter));
                if self.shelters[s].open || opening {
                    Ok(())
                } else {
                    Err(OrderError::ShelterState {
                        shelter: shelter.clone(),
                        why: "is closed: open it first".into(),
                    })
                }
            }
            Order::OpenShelter { shelter } => {
                let s = &self.shelters[self.shelter_index(shelter)?];
                if s.open {
                    Err(OrderError::ShelterState {
                        shelter: shelter.clone(),
                        why: "is already open".into(),
                    })
                } else {
                    Ok(())
                }
            }
            Order::CloseShelter { shelter } => {
                let s = &self.shelters[self.shelter_index(shelter)?];
                if !s.open {
                    Err(OrderError::ShelterState {
                        shelter: shelter.clone(),
                        why: "is already closed".into(),
                    })
                } else if s.occupants > 0 {
                    Err(OrderError::ShelterState {
                        shelter: shelter.clone(),
                        why: format!("still holds {} people", s.occupants),
                    })
                } else {
                    Ok(())
                }
            }
            Order::MoveSupplies { from, to, items } => {
                let depot = self
                    .depots
                    .iter()
                    .find(|d| &d.id == from)
                    .ok_or_else(|| unknown("depot", from))?;
                let to_cell = self.destination(to)?.1;
                if items.is_empty() {
                    return Err(OrderError::BadAmount {
                        field: "list of items".into(),
                        range: "not empty".into(),
                    });
                }
                for (item, need) in items {
                    if !need.is_finite() || *need <= 0.0 {
                        return Err(OrderError::BadAmount {
                            field: format!("amount of `{item}`"),
                            range: "a positive number".into(),
                        });
                    }
                    let have = depot.stocks.get(item).copied().unwrap_or(0.0);
                    if have < *need {
                        return Err(OrderError::NoStock {
                            depot: from.clone(),
                            item: item.clone(),
                            have,
                            need: *need,
                        });
                    }
                }
                match self.drive(depot.cell, to_cell, self.tick) {
                    Some(_) => Ok(()),
                    None => Err(OrderError::Unreachable {
                        unit: format!("a convoy from {from}"),
                    }),
                }
            }
            Order::RequestSupport { kind, .. } => match kind {
                ForceKind::Helicopter | ForceKind::FixedWing | ForceKind::Uav => Err(OrderError::WrongUnit {
                    unit: "a support request".into(),
                    task: "bring aircraft: aircraft come from the scenario's aviation stations".into(),
                }),
                _ => Ok(()),
            },
            Order::RegulateReservoir {
                reservoir,
                gate_opening,
            } => {
                if !(0.0..=1.0).contains(gate_opening) {
                    return Err(OrderError::BadAmount {
                        field: "gate opening".into(),
                        range: "between 0 and 1".into(),
                    });
                }
                self.check_reservoir(reservoir)
            }
            Order::OpenDiversion { dike } => self.dike_work_cell(dike).map(|_| ()),
            Order::BlastIceJam { .. } => Err(OrderError::NoSuchHazard {
                what: "river ice jam".into(),
            }),
        }
    }

    /// Where a supply run unloads: a shelter or another depot, and its cell.
    pub(crate) fn destination(&self, id: &str) -> Result<(ConvoyDestination, u32), OrderError> {
        if let Some(s) = self.shelters.iter().position(|x| x.id == id) {
            return Ok((ConvoyDestination::Shelter(s), self.shelters[s].cell));
        }
        if let Some(d) = self.depots.iter().position(|x| x.id == id) {
            return Ok((ConvoyDestination::Depot(d), self.depots[d].cell));
        }
        Err(unknown("shelter or depot", id))
    }

    fn check_places(&self, places: &[String]) -> Result<(), OrderError> {
        if places.is_empty() {
            return Err(OrderError::NoPlaces);
        }
        for id in places {
            self.place_index(id)?;
        }
        Ok(())
    }

    fn check_dispatch(&self, unit: &str, task: &Task) -> Result<(), OrderError> {
        let wrong = || OrderError::WrongUnit {
            unit: unit.into(),
            task: task.label(),
        };
        match self.unit(unit)? {
            Unit::Team(i) => {
                let team = &self.teams[i];
                let fits = match task {
                    Task::MoveTo { .. } | Task::Rescue { .. } => true,
                    Task::Treat { .. } => team.kind == ForceKind::MedicalTeam,
                    Task::BuildFireline { .. } | Task::Backburn { .. } => team.kind == ForceKind::ForestFireTeam,
                    Task::Sandbag { .. } | Task::CloseBreach { .. } => {
                        matches!(team.kind, ForceKind::FloodTeam | ForceKind::UrbanTeam)
                    }
                    Task::WaterDrops { .. } | Task::Recon { .. } => false,
                };
                if !fits {
                    return Err(wrong());
                }
                if let Some(why) = team.busy_reason(self.tick) {
                    return Err(OrderError::UnitBusy { unit: unit.into(), why });
                }
                let target = self.task_cell(task)?;
                if let Task::Rescue { place } = task {
                    self.check_boats(unit, i, place, target)?;
                }
                match self.travel(team.cell, target, self.tick) {
                    Some(_) => Ok(()),
                    None => Err(OrderError::Unreachable { unit: unit.into() }),
                }
            }
            Unit::Aircraft(i) => {
                let a = &self.aircraft[i];
                let target = match task {
                    Task::WaterDrops { at } if a.airframe.spec().bucket_t > 0.0 => *at,
                    Task::Recon { at } | Task::MoveTo { at } => *at,
                    _ => return Err(wrong()),
                };
                self.on_map(target)?;
                self.check_range(i, target, matches!(task, Task::WaterDrops { .. }))
            }
        }
    }

    /// A rescue where the water is past wading depth needs a boat the team
    /// can crew (`agents::equipment`).
    fn check_boats(&self, unit: &str, team: usize, place: &str, cell: u32) -> Result<(), OrderError> {
        let depth_m = self.water_depth_m(cell as usize);
        let t = &self.teams[team];
        if depth_m >= equipment::WADING_LIMIT_M && equipment::crewed_boats(&t.equipment, t.personnel) == 0 {
            return Err(OrderError::MissingEquipment {
                unit: unit.into(),
                needs: equipment::RESCUE_BOAT.into(),
                why: format!(
                    "the water at {place} is {depth_m:.1} m deep, past the {:.1} m rescuers can wade",
                    equipment::WADING_LIMIT_M
                ),
            });
        }
        Ok(())
    }

    /// Carries out an order whose latency has passed (it passed `check`).
    pub(crate) fn execute(&mut self, id: OrderId, order: Order) {
        match order {
            Order::SetResponseLevel { level } => {
                let from = self.response_level.replace(level);
                self.emit(Event::ResponseLevelChanged {
                    order_id: id,
                    from,
                    to: level,
                });
            }
            Order::IssueWarning {
                places,
                level,
                channels,
            } => self.issue_warning(id, places, level, channels),
            Order::HoldConsultation { topic } => self.emit(Event::ConsultationHeld { order_id: id, topic }),
            Order::Dispatch { unit, task } => match self.unit(&unit) {
                Ok(Unit::Team(i)) => self.dispatch_team(i, id, task),
                Ok(Unit::Aircraft(i)) => self.dispatch_aircraft(i, id, task),
                Err(_) => {}
            },
            Order::Recall { unit } => match self.unit(&unit) {
                Ok(Unit::Team(i)) => self.recall_team(i),
                Ok(Unit::Aircraft(i)) => self.recall_aircraft(i),
                Err(_) => {}
            },
            Order::OrderEvacuation { places, shelter } => self.order_evacuation(id, &places, &shelter),
            Order::OpenShelter { shelter } => {
                if let Ok(s) = self.shelter_index(&shelter) {
                    self.shelters[s].open = true;
                    self.shelters[s].opened_at = Some(self.tick);
                    self.emit(Event::ShelterOpened { shelter_id: shelter });
                }
            }
            Order::CloseShelter { shelter } => {
                if let Ok(s) = self.shelter_index(&shelter) {
                    self.shelters[s].open = false;
                    self.emit(Event::ShelterClosed { shelter_id: shelter });
                }
            }
            Order::MoveSupplies { from, to, items } => self.move_supplies(id, &from, &to, items),
            Order::RequestSupport { kind, source } => {
                let due = self.tick.plus(Tick::from_minutes(support_delay_min(source)).0);
                self.support_pending.push(PendingSupport { due, kind, source });
            }
            Order::RegulateReservoir {
                reservoir,
                gate_opening,
            } => self.regulate_reservoir(&reservoir, gate_opening),
            Order::OpenDiversion { dike } => self.open_diversion(&dike),
            Order::BlastIceJam { .. } => {}
        }
    }

    fn dispatch_team(&mut self, i: usize, id: OrderId, task: Task) {
        let now = self.tick;
        let fireline = match &task {
            Task::BuildFireline { path } => Some(FirelineWork {
                cells: self.frame.indices_along(path).into_iter().map(|c| c as u32).collect(),
                built: 0,
                progress_m: 0.0,
            }),
            _ => None,
        };
        let team = &mut self.teams[i];
        team.fireline = fireline;
        team.task = Some(task);
        team.order_id = Some(id);
        team.work_carry = 0.0;
        team.shift_started.get_or_insert(now);
        match team.activity {
            // A team at rest in its base mobilises; one already out is
            // redirected at once.
            TeamActivity::Idle if team.cell == team.base_cell => {
                let ready = now.plus(Tick::from_minutes(team_mobilisation_min(team.readiness)).0);
                team.activity = TeamActivity::Mobilising { ready };
            }
            TeamActivity::Mobilising { .. } => {}
            _ => team.activity = TeamActivity::Mobilising { ready: now },
        }
    }

    fn recall_team(&mut self, i: usize) {
        let now = self.tick;
        let (from, to) = (self.teams[i].cell, self.teams[i].base_cell);
        let journey = self.travel(from, to, now);
        let team = &mut self.teams[i];
        team.task = None;
        team.order_id = None;
        team.fireline = None;
        team.activity = match journey {
            Some(journey) => TeamActivity::Returning { journey },
            // Cut off from its base: it stays put, free for another task.
            None => TeamActivity::Idle,
        };
    }
}

fn unknown(kind: &str, id: &str) -> OrderError {
    OrderError::Unknown {
        kind: kind.into(),
        id: id.into(),
    }
}

fn text(field: &str, s: &str) -> Result<(), OrderError> {
    if s.trim().is_empty() {
        Err(OrderError::EmptyText { field: field.into() })
    } else if s.chars().count() > MAX_ORDER_TEXT_CHARS {
        Err(OrderError::TextTooLong {
            field: field.into(),
            max: MAX_ORDER_TEXT_CHARS,
        })
    } else {
        Ok(())
    }
}
