//! Ground teams at work: cutting fireline, rescuing trapped people,
//! sandbagging dikes. Each acts on a hazard through its hook.

use crate::agents::production::{CrewType, fireline_rate_m_per_h};
use crate::event::Event;
use crate::scenario::Readiness;
use crate::sim::Sim;
use crate::time::TICK_SECONDS;

/// Flame length a crew's line holds, m. Andrews & Rothermel (1982) haul
/// chart (NWCG PMS 437, rescue.md §2.5): hand tools hold below 1.2 m; with
/// the engines, blowers and pumps of a professional brigade, up to 2.4 m.
pub fn line_holds_flame_m(crew: CrewType) -> f64 {
    match crew {
        CrewType::TypeI => 2.4,
        CrewType::TypeII => 1.2,
    }
}

/// People one rescuer brings out of a flooded or burning place per hour
/// (assumption: boat or vehicle shuttles, a few hundred metres each way).
pub const RESCUED_PER_RESCUER_HOUR: f64 = 1.0;

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
        let holds = line_holds_flame_m(crew);
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
            let rate = fireline_rate_m_per_h(class, crew, personnel);
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

    /// One tick of search and rescue at a place: trapped people are brought
    /// out and sent to the nearest open shelter.
    pub(crate) fn rescue(&mut self, i: usize, place: &str) {
        let Some(p) = self.places.iter().position(|x| x.id == place) else {
            return;
        };
        let team = &mut self.teams[i];
        team.work_carry += f64::from(team.personnel) * RESCUED_PER_RESCUER_HOUR * TICK_SECONDS as f64 / 3600.0;
        let whole = team.work_carry.floor() as u32;
        if whole == 0 {
            return;
        }
        let rescued = self.bring_out_trapped(p, whole);
        let team = &mut self.teams[i];
        team.work_carry -= f64::from(whole);
        if rescued > 0 {
            let team_id = team.id.clone();
            self.emit(Event::PersonsRescued {
                place_id: place.into(),
                team_id,
                count: rescued,
            });
        } else {
            team.work_carry = 0.0;
        }
    }

    /// One tick of sandbagging: the crew fills and places bags on the
    /// dike's lowest stretch (one cell long), raising it.
    pub(crate) fn sandbag(&mut self, i: usize, dike: &str) {
        let team = &mut self.teams[i];
        team.work_carry += f64::from(team.personnel) * BAGS_PER_PERSON_HOUR * TICK_SECONDS as f64 / 3600.0;
        let height_m = sandbag_height_m(team.work_carry, self.frame.cell_size_m);
        self.raise_dike(dike, height_m);
    }
}

/// Sandbags filled and placed per person-hour (Hellevang 2011, NDSU
/// Extension "Sandbagging for Flood Protection", rescue.md §2.7).
pub const BAGS_PER_PERSON_HOUR: f64 = 12.0;

/// Height of a sandbag levee `length_m` long built from `bags`, m, by the
/// USACE rule N = (3H + 9H²)/2 bags per foot of levee with H in feet
/// (rescue.md §2.7), solved for H.
pub fn sandbag_height_m(bags: f64, length_m: f64) -> f64 {
    const M_PER_FT: f64 = 0.3048;
    if bags <= 0.0 || length_m <= 0.0 {
        return 0.0;
    }
    let per_ft = bags / (length_m / M_PER_FT);
    let h_ft = (-3.0 + (9.0 + 72.0 * per_ft).sqrt()) / 18.0;
    h_ft * M_PER_FT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usace_rule_inverts() {
        // 600 bags per 100 ft at 1 ft high (rescue.md §2.7): 1 ft = 0.3048 m.
        assert!((sandbag_height_m(600.0, 30.48) - 0.3048).abs() < 1e-12);
        // 2 100 bags per 100 ft at 2 ft.
        assert!((sandbag_height_m(2100.0, 30.48) - 0.6096).abs() < 1e-12);
        assert_eq!(sandbag_height_m(0.0, 100.0), 0.0);
    }
}
