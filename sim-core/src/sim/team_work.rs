//! Ground teams at work: cutting fireline, rescuing trapped people,
//! sandbagging dikes. Each acts on a hazard through its hook.

use std::collections::BTreeMap;

use crate::agents::equipment;
use crate::agents::production::{CrewType, FirelineFuel, fireline_m_per_h, sandbag_height_m, sandbags_placed};
use crate::event::Event;
use crate::scenario::Readiness;
use crate::sim::Sim;
use crate::time::TICK_SECONDS;

/// Flame length a crew's line holds, m. Andrews & Rothermel (1982) haul
/// chart (NWCG PMS 437, rescue.md §2.5): hand tools hold below 1.2 m; with
/// the blowers and pumps (`power_tools`, `agents::equipment`) of a
/// professional brigade, up to 2.4 m.
pub fn line_holds_flame_m(crew: CrewType, power_tools: bool) -> f64 {
    match (crew, power_tools) {
        (CrewType::TypeI, true) => 2.4,
        _ => 1.2,
    }
}

/// People one rescuer brings out of a flooded or burning place per hour
/// where the water can be waded (assumption: on foot or by vehicle, a few
/// hundred metres each way).
pub const RESCUED_PER_RESCUER_HOUR: f64 = 1.0;

/// People a team brings out per hour: in water at least
/// `equipment::WADING_LIMIT_M` deep only by boat, crewed boats × 8 people
/// a 20-min trip; shallower (or dry), [`RESCUED_PER_RESCUER_HOUR`] a
/// member.
pub fn rescue_people_per_h(personnel: u32, equipment: &BTreeMap<String, u32>, depth_m: f64) -> f64 {
    if depth_m >= equipment::WADING_LIMIT_M {
        equipment::boat_rescue_people_per_h(equipment::crewed_boats(equipment, personnel))
    } else {
        f64::from(personnel) * RESCUED_PER_RESCUER_HOUR
    }
}

/// Patients one medic triages, stabilises and hands to transport per hour
/// (assumption: about 30 min per patient, START triage plus first aid).
pub const TREATED_PER_MEDIC_HOUR: f64 = 2.0;

/// Metres of dike breach a crew closes per person-hour (assumption: a
/// professional flood team of 30 with dump trucks of stone and gabions
/// closes about 5 m an hour; closures of large river breaches have taken
/// days, e.g. the 62 m Jiujiang breach of 1998 in five).
pub const BREACH_CLOSING_M_PER_PERSON_HOUR: f64 = 5.0 / 30.0;

/// Crew type of a team: professional standby brigades are Type I, on-call
/// militia and ranger teams Type II (rescue.md §2.6 "for IM use").
pub fn crew_type(readiness: Readiness) -> CrewType {
    match readiness {
        Readiness::Standby => CrewType::TypeI,
        Readiness::OnCall => CrewType::TypeII,
    }
}

impl Sim {
    /// One tick of fireline cutting. The crew works along the line; a cell
    /// the fire has reached cannot be cut, and the crew withdraws (the
    /// fire got there first).
    pub(crate) fn cut_fireline(&mut self, i: usize) {
        let tick_h = TICK_SECONDS as f64 / 3600.0;
        let crew = crew_type(self.teams[i].readiness);
        let holds = line_holds_flame_m(crew, equipment::has_power_tools(&self.teams[i].equipment));
        let personnel = self.teams[i].personnel;
        let Some(mut work) = self.teams[i].fireline.take() else {
            return;
        };
        let mut budget_h = tick_h;
        let mut failed = false;
        while budget_h > 0.0 && work.built < work.cells.len() {
            let cell = work.cells[work.built];
            if self.fire.is_burned(cell as usize) {
                failed = true;
                break;
            }
            let class = self.land_cover.cells()[cell as usize];
            let rate = FirelineFuel::for_land_cover(class, &self.fire_spec.fuel_models)
                .map_or(0.0, |fuel| fireline_m_per_h(fuel, crew, personnel));
            if rate <= 0.0 {
                // Nothing to cut (water, bare ground, road): a natural break.
                work.built += 1;
                continue;
            }
            let need_m = self.frame.cell_size_m - work.progress_m;
            let can_m = rate * budget_h;
            if can_m < need_m {
                work.progress_m += can_m;
                budget_h = 0.0;
            } else {
                budget_h -= need_m / rate;
                work.progress_m = 0.0;
                self.fire.build_fireline(&[cell as usize], holds);
                work.built += 1;
                let next = self.tick.plus(1);
                self.teams[i].move_to(next, cell);
            }
        }
        let done = work.built >= work.cells.len();
        if done || failed {
            let team_id = self.teams[i].id.clone();
            self.emit(Event::FirelineBuilt {
                cells: work.built as u32,
                holds_flame_m: holds,
            });
            if failed {
                self.emit(Event::FirelineProgress {
                    team_id,
                    cells_built: work.built as u32,
                    cells_planned: work.cells.len() as u32,
                });
            }
            let team = &mut self.teams[i];
            team.task = None;
            team.order_id = None;
            team.activity = crate::agents::forces::TeamActivity::Idle;
        } else {
            self.teams[i].fireline = Some(work);
        }
    }

    /// Water depth at a cell, m (0 without a flood).
    pub(crate) fn water_depth_m(&self, cell: usize) -> f64 {
        self.flood
            .as_ref()
            .and_then(|f| f.depth_m().get(cell).copied())
            .unwrap_or(0.0)
    }

    /// One tick of search and rescue at a place: trapped people are brought
    /// out, whole households at a time, at [`rescue_people_per_h`], and
    /// sent to the nearest open shelter. Capacity not used because the next
    /// household is larger carries over; with nobody trapped it lapses.
    pub(crate) fn rescue(&mut self, i: usize, place: &str) {
        let Some(p) = self.places.iter().position(|x| x.id == place) else {
            return;
        };
        let depth_m = self.water_depth_m(self.frame.index(self.places[p].cell));
        let team = &mut self.teams[i];
        team.work_carry += rescue_people_per_h(team.personnel, &team.equipment, depth_m) * TICK_SECONDS as f64 / 3600.0;
        let whole = team.work_carry.floor() as u32;
        if whole == 0 {
            return;
        }
        let rescued = self.bring_out_trapped(p, whole);
        let trapped_left = self.people[p]
            .as_ref()
            .is_some_and(|x| x.settlement.counts().trapped > 0);
        let team = &mut self.teams[i];
        team.work_carry -= f64::from(rescued);
        if !trapped_left {
            team.work_carry = 0.0;
        }
        if rescued > 0 {
            let team_id = team.id.clone();
            self.emit(Event::PersonsRescued {
                place_id: place.into(),
                team_id,
                count: rescued,
            });
        }
    }

    /// One tick of medical work at a place: injured people not yet treated
    /// are treated at the team's rate.
    pub(crate) fn treat(&mut self, i: usize, place: &str) {
        let Some(p) = self.places.iter().position(|x| x.id == place) else {
            return;
        };
        let Some(people) = self.people.get_mut(p).and_then(Option::as_mut) else {
            return;
        };
        let waiting = (people.settlement.counts().injured as u32).saturating_sub(people.treated);
        let team = &mut self.teams[i];
        if waiting == 0 {
            team.work_carry = 0.0;
            return;
        }
        team.work_carry += f64::from(team.personnel) * TREATED_PER_MEDIC_HOUR * TICK_SECONDS as f64 / 3600.0;
        let n = (team.work_carry.floor() as u32).min(waiting);
        if n == 0 {
            return;
        }
        team.work_carry -= f64::from(n);
        people.treated += n;
        let team_id = team.id.clone();
        self.emit(Event::PatientsTreated {
            place_id: place.into(),
            team_id,
            count: n,
        });
    }

    /// One tick of closing a breach (堵口): the crew rebuilds the dike cell
    /// by cell back to its crest at [`BREACH_CLOSING_M_PER_PERSON_HOUR`],
    /// moving on to the next breached cell; with none left the task ends.
    pub(crate) fn close_breach(&mut self, i: usize, dike: &str) {
        let length_m = self.frame.cell_size_m;
        let Some((cell, _)) = self.flood.as_ref().and_then(|f| f.dike_breach_cell(dike)) else {
            let team = &mut self.teams[i];
            team.task = None;
            team.order_id = None;
            team.activity = crate::agents::forces::TeamActivity::Idle;
            return;
        };
        let team = &mut self.teams[i];
        team.work_carry += f64::from(team.personnel) * BREACH_CLOSING_M_PER_PERSON_HOUR * TICK_SECONDS as f64 / 3600.0;
        if team.work_carry < length_m {
            return;
        }
        team.work_carry -= length_m;
        team.move_to(self.tick.plus(1), cell as u32);
        if let Some(f) = self.flood.as_mut()
            && f.seal_dike_cell(dike, cell)
        {
            self.emit(Event::BreachClosed {
                dike_id: dike.into(),
                cell: self.frame.cell_of_index(cell),
            });
        }
    }

    /// One tick of sandbagging: the crew fills and places bags on the
    /// dike's lowest intact cell (one cell long), raising it by the USACE
    /// rule (`agents::production`) for the bags placed so far; as it rises
    /// another cell may become the lowest, and the work moves there.
    pub(crate) fn sandbag(&mut self, i: usize, dike: &str) {
        let length_m = self.frame.cell_size_m;
        let Ok(cell) = self.dike_work_cell(dike) else { return };
        let team = &mut self.teams[i];
        let before_m = sandbag_height_m(team.work_carry, length_m);
        team.work_carry += sandbags_placed(team.personnel, TICK_SECONDS as f64 / 3600.0);
        let by_m = sandbag_height_m(team.work_carry, length_m) - before_m;
        self.raise_dike(dike, cell, by_m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::equipment::{RESCUE_BOAT, WIND_EXTINGUISHER};

    #[test]
    fn power_tools_let_a_type_i_line_hold_the_equipment_row_of_the_haul_chart() {
        assert_eq!(line_holds_flame_m(CrewType::TypeI, true), 2.4);
        assert_eq!(line_holds_flame_m(CrewType::TypeI, false), 1.2);
        assert_eq!(line_holds_flame_m(CrewType::TypeII, true), 1.2);
        let blowers = BTreeMap::from([(WIND_EXTINGUISHER.to_string(), 1)]);
        assert!(equipment::has_power_tools(&blowers));
    }

    #[test]
    fn deep_water_rescue_goes_by_boat_and_shallow_on_foot() {
        let boats = BTreeMap::from([(RESCUE_BOAT.to_string(), 3)]);
        // 3 boats × 8 people × 3 trips an hour; none without boats.
        assert_eq!(rescue_people_per_h(30, &boats, 0.8), 72.0);
        assert_eq!(rescue_people_per_h(30, &BTreeMap::new(), 0.8), 0.0);
        // Wading: a person an hour per member, boats or not.
        assert_eq!(rescue_people_per_h(30, &boats, 0.3), 30.0);
    }
}
