//! Moving households by hand: organised transfer, arrival at a shelter,
//! being cut off and being rescued. The sim calls these as its teams and
//! evacuees act; each returns the able people concerned or a typed error.

use super::population::{Departure, HouseholdState, PeopleError, Settlement, departure};
use crate::time::Tick;

impl Settlement {
    /// Organised transfer (组织转移): cadres and militia move up to
    /// `max_people` able people out of their homes now, vulnerable
    /// households first, then by unit index; a unit that does not fit in
    /// what is left is skipped. Works on unaware, warned and stayed
    /// households (trapped ones need a rescue, [`Settlement::mark_rescued`]);
    /// the unaware are warned in person as they go.
    pub fn transfer(&mut self, now: Tick, max_people: u32) -> Vec<Departure> {
        let mut left = max_people;
        let mut out = Vec::new();
        for vulnerable_pass in [true, false] {
            for i in 0..self.units.len() {
                let u = &self.units[i];
                let movable = matches!(
                    u.state,
                    HouseholdState::Unaware | HouseholdState::Warned | HouseholdState::Stayed
                );
                if u.vulnerable != vulnerable_pass || !movable || u.able() == 0 || u.able() > left {
                    continue;
                }
                if u.warned_at.is_none() {
                    self.received_warning_people += u64::from(u.able());
                    let u = &mut self.units[i];
                    u.warned_at = Some(now);
                    u.personal_warning = true;
                }
                self.unschedule(i);
                let u = &mut self.units[i];
                u.state = HouseholdState::Evacuating;
                left -= u.able();
                out.push(departure(i, u));
            }
        }
        out
    }

    /// An evacuating unit reached a shelter; returns its able people.
    pub fn mark_sheltered(&mut self, unit: u32) -> Result<u32, PeopleError> {
        self.transition(unit, HouseholdState::Sheltered, |s| s == HouseholdState::Evacuating)
    }

    /// An evacuating unit reached shelter `shelter` (an index into the
    /// sim's shelters; `None`: relatives outside the area), which it
    /// remembers; returns its able people.
    pub fn mark_sheltered_in(&mut self, unit: u32, shelter: Option<u32>) -> Result<u32, PeopleError> {
        let n = self.mark_sheltered(unit)?;
        if let Some(u) = self.units.get_mut(unit as usize) {
            u.shelter = shelter;
        }
        Ok(n)
    }

    /// A unit at home or on the road is cut off; returns its able people.
    pub fn mark_trapped(&mut self, unit: u32) -> Result<u32, PeopleError> {
        self.transition(unit, HouseholdState::Trapped, |s| {
            matches!(
                s,
                HouseholdState::Unaware | HouseholdState::Warned | HouseholdState::Stayed | HouseholdState::Evacuating
            )
        })
    }

    /// A trapped unit was reached by rescuers and is being moved out;
    /// returns its able people.
    pub fn mark_rescued(&mut self, unit: u32) -> Result<u32, PeopleError> {
        self.transition(unit, HouseholdState::Evacuating, |s| s == HouseholdState::Trapped)
    }

    fn transition(
        &mut self,
        unit: u32,
        to: HouseholdState,
        allowed: impl Fn(HouseholdState) -> bool,
    ) -> Result<u32, PeopleError> {
        let Some(u) = self.units.get(unit as usize) else {
            return Err(PeopleError::UnknownUnit {
                place: self.place,
                unit,
                units: self.units.len() as u32,
            });
        };
        if !allowed(u.state) {
            return Err(PeopleError::Transition {
                place: self.place,
                unit,
                state: u.state,
                to,
            });
        }
        self.unschedule(unit as usize);
        let u = &mut self.units[unit as usize];
        u.state = to;
        Ok(u.able())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::warning::ZoneKind;

    #[test]
    fn transitions_and_transfer() {
        let mut s = Settlement::new(5, 100, 0.3, ZoneKind::Rural, 9).unwrap();
        assert!(matches!(s.mark_sheltered(0), Err(PeopleError::Transition { .. })));
        assert!(matches!(s.mark_sheltered(999), Err(PeopleError::UnknownUnit { .. })));
        let moved = s.transfer(Tick(3), 20);
        let people: u32 = moved.iter().map(|d| d.people).sum();
        assert!((18..=20).contains(&people), "{people}");
        assert!(moved.iter().all(|d| d.vulnerable));
        assert_eq!(s.received_warning_people(), u64::from(people));
        assert_eq!(s.mark_sheltered(moved[0].unit), Ok(moved[0].people));
        let at_home = (0..s.units().len() as u32)
            .find(|i| s.units()[*i as usize].state == HouseholdState::Unaware)
            .unwrap();
        s.mark_trapped(at_home).unwrap();
        assert!(s.transfer(Tick(4), 1000).iter().all(|d| d.unit != at_home));
        assert_eq!(s.mark_rescued(at_home), Ok(s.units()[at_home as usize].people));
        let c = s.counts();
        assert_eq!(c.total(), 100);
        assert_eq!(c.present(), 0);
    }
}
