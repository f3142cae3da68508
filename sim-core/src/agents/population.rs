//! A settlement's people as households: who has been warned, who has
//! decided to leave and when, and the state of each household.
//!
//! Warning receipt is a threshold rule. Household i draws u_i once (counter
//! based: `counter_u64(seed, People, 0, household_key(place, i))`) and is
//! warned in the tick its settlement's warned share F first reaches u_i.
//! The u_i are i.i.d. uniform, so the share of households warned is the
//! empirical CDF of the u_i at F: binomial around F, exact in expectation,
//! and deterministic (no draw depends on the order of work).
//!
//! Every other per-household draw (vulnerable flag, decision delay, whether
//! it leaves, whether its warning was a personal one) uses the same key with
//! a different salt in the counter's `tick` slot (the `DRAW_*` constants:
//! bit 63 set, so they never collide with a real tick).

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::decision::PeopleParams;
use super::exposure::HarmLedger;
use super::warning::{BassRates, ChannelMix, WarningDiffusion, ZoneKind};
use crate::rng::{RngStream, counter_u64, unit_from_u64};
use crate::time::{TICK_SECONDS, Tick};

/// At most this many household units per settlement. A larger settlement's
/// households are grouped, each unit standing for several households (a
/// city of 2 million would otherwise carry 850 000 households in the
/// snapshot). Totals stay exact; only the granularity of the threshold rule
/// and of departures coarsens.
pub const MAX_UNITS: u32 = 4096;

/// The length of a tick in minutes.
const TICK_MIN: f64 = TICK_SECONDS as f64 / 60.0;

/// Salts in the counter's `tick` slot. The warning threshold uses slot 0, as
/// the design fixes; the others set bit 63 so no real tick can equal them.
const DRAW_THRESHOLD: u64 = 0;
const SALT: u64 = 1 << 63;
const DRAW_VULNERABLE: u64 = SALT | 1;
const DRAW_DELAY_1: u64 = SALT | 2;
const DRAW_DELAY_2: u64 = SALT | 3;
const DRAW_PARTICIPATION: u64 = SALT | 4;
const DRAW_PERSONAL: u64 = SALT | 5;
/// The settlement's casualty rounding offset (keyed with unit `u32::MAX`,
/// which no household has).
pub(super) const DRAW_ROUNDING: u64 = SALT | 6;
/// Casualty allocation order: bit 62 set as well, and the tick in the low
/// bits, so each exposure tick has its own order.
pub(super) const DRAW_EXPOSE: u64 = SALT | (1 << 62);

/// The counter key of household unit `unit` of place `place`: the place
/// index in the high 32 bits, the unit index in the low 32.
pub fn household_key(place: u32, unit: u32) -> u64 {
    (u64::from(place) << 32) | u64::from(unit)
}

/// Where a household is in the warning → evacuation chain. Injured and dead
/// members are counted per household ([`Household::injured`],
/// [`Household::dead`]); the state is that of its able members.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HouseholdState {
    /// Has not received the warning.
    Unaware,
    /// Received the warning, has not left (deciding, or not ordered out).
    Warned,
    /// Left home (on their own, or moved by an organised transfer).
    Evacuating,
    /// Reached a shelter.
    Sheltered,
    /// Ordered out, decided to stay.
    Stayed,
    /// Cannot leave unaided (cut off by the hazard).
    Trapped,
}

impl HouseholdState {
    /// Whether its able members are still at home in the settlement.
    pub fn is_present(self) -> bool {
        matches!(
            self,
            HouseholdState::Unaware | HouseholdState::Warned | HouseholdState::Stayed | HouseholdState::Trapped
        )
    }
}

impl fmt::Display for HouseholdState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HouseholdState::Unaware => "unaware",
            HouseholdState::Warned => "warned",
            HouseholdState::Evacuating => "evacuating",
            HouseholdState::Sheltered => "sheltered",
            HouseholdState::Stayed => "stayed",
            HouseholdState::Trapped => "trapped",
        })
    }
}

/// One household (or, in a large settlement, a unit of several).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Household {
    /// Members, including the injured and the dead.
    pub people: u32,
    /// Real households this unit stands for (1 unless grouped).
    pub households: u32,
    /// Needs help to move: slower to leave, first in an organised transfer.
    pub vulnerable: bool,
    /// State of its able members.
    pub state: HouseholdState,
    /// The warning threshold u_i.
    pub threshold: f64,
    /// The tick in which it received the warning.
    pub warned_at: Option<Tick>,
    /// Whether that warning came door-to-door.
    pub personal_warning: bool,
    /// When it will decide (leave, or stay if ordered).
    pub decides_at: Option<Tick>,
    /// Injured members.
    pub injured: u32,
    /// Dead members.
    pub dead: u32,
    /// The shelter (index into the sim's shelters) its able members
    /// reached, so the cold in an unheated shelter finds them; `None` at
    /// home, on the road, or gone to relatives outside the area.
    #[serde(default)]
    pub shelter: Option<u32>,
}

impl Household {
    /// Members neither injured nor dead.
    pub fn able(&self) -> u32 {
        self.people.saturating_sub(self.injured).saturating_sub(self.dead)
    }
}

/// People per state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StateCounts {
    /// Not yet warned, at home.
    pub unaware: u64,
    /// Warned, at home.
    pub warned: u64,
    /// On the road.
    pub evacuating: u64,
    /// In a shelter, or gone from the area.
    pub sheltered: u64,
    /// Decided to stay.
    pub stayed: u64,
    /// Cut off, waiting for rescue.
    pub trapped: u64,
    /// Injured.
    pub injured: u64,
    /// Dead.
    pub dead: u64,
}

impl StateCounts {
    /// Everyone (equals the settlement's population).
    pub fn total(&self) -> u64 {
        self.unaware
            + self.warned
            + self.evacuating
            + self.sheltered
            + self.stayed
            + self.trapped
            + self.injured
            + self.dead
    }

    /// Able people still at home: unaware, warned, stayed, trapped.
    pub fn present(&self) -> u64 {
        self.unaware + self.warned + self.stayed + self.trapped
    }
}

/// A household unit starting to leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    /// Unit index in the settlement.
    pub unit: u32,
    /// Able members leaving.
    pub people: u32,
    /// Whether it needs help to move.
    pub vulnerable: bool,
}

/// What happened in a settlement during one tick.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SettlementStep {
    /// Units that received the warning this tick.
    pub newly_warned_units: u32,
    /// Their able members.
    pub newly_warned_people: u32,
    /// Units that decided to leave and left this tick, in decision order.
    pub departures: Vec<Departure>,
    /// Able people who, ordered out, decided to stay this tick.
    pub newly_stayed_people: u32,
}

impl SettlementStep {
    /// People leaving this tick.
    pub fn departing_people(&self) -> u64 {
        self.departures.iter().map(|d| u64::from(d.people)).sum()
    }
}

/// A settlement input or request that cannot be honoured.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PeopleError {
    /// The vulnerable share is not a share.
    #[error("vulnerable share {share} is not between 0 and 1")]
    VulnerableShare { share: f64 },
    /// Behaviour parameters out of range.
    #[error(
        "people parameters out of range (delays need 0 < median < p90, participation shares 0–1 with warning-only ≤ ordered, household size ≥ 1)"
    )]
    Params,
    /// No such household unit.
    #[error("settlement {place} has no household unit {unit} (it has {units})")]
    UnknownUnit { place: u32, unit: u32, units: u32 },
    /// The household cannot make that change.
    #[error("household unit {unit} of settlement {place} is {state}, it cannot become {to}")]
    Transition {
        place: u32,
        unit: u32,
        state: HouseholdState,
        to: HouseholdState,
    },
}

/// The people of one settlement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settlement {
    pub(super) place: u32,
    pub(super) seed: u64,
    pub(super) zone: ZoneKind,
    pub(super) population: u32,
    pub(super) vulnerable_share: f64,
    pub(super) params: PeopleParams,
    pub(super) units: Vec<Household>,
    /// Unit indices by ascending threshold (ties by index).
    warn_order: Vec<u32>,
    /// How many of `warn_order` have been passed.
    next_to_warn: usize,
    diffusion: WarningDiffusion,
    ordered_at: Option<Tick>,
    /// Decisions due: (tick, unit).
    pending: BTreeSet<(Tick, u32)>,
    pub(super) received_warning_people: u64,
    /// The last tick advanced.
    advanced: Option<Tick>,
    pub(super) harm: HarmLedger,
}

impl Settlement {
    /// The people of place `place` (its index in the scenario), `population`
    /// strong, with `vulnerable_share` of its households flagged vulnerable,
    /// in `zone`, under drill seed `seed`; default behaviour.
    pub fn new(
        place: u32,
        population: u32,
        vulnerable_share: f64,
        zone: ZoneKind,
        seed: u64,
    ) -> Result<Settlement, PeopleError> {
        Settlement::with_params(place, population, vulnerable_share, zone, seed, PeopleParams::default())
    }

    /// As [`Settlement::new`] with explicit behaviour parameters.
    ///
    /// Households: round(population / household size), at least one when
    /// anyone lives there; people are spread as evenly as possible (sizes 2
    /// and 3 for the 2.35 mean: the census mean, not its size distribution,
    /// an assumption). Exactly round(share × units) units are vulnerable,
    /// those with the lowest `DRAW_VULNERABLE` draws.
    pub fn with_params(
        place: u32,
        population: u32,
        vulnerable_share: f64,
        zone: ZoneKind,
        seed: u64,
        params: PeopleParams,
    ) -> Result<Settlement, PeopleError> {
        if !(0.0..=1.0).contains(&vulnerable_share) {
            return Err(PeopleError::VulnerableShare {
                share: vulnerable_share,
            });
        }
        if !params.is_valid() {
            return Err(PeopleError::Params);
        }
        let households = if population == 0 {
            0
        } else {
            // Rounded, at least 1, at most one per person; `as` saturates.
            ((f64::from(population) / params.household_size).round() as u32).clamp(1, population)
        };
        let n = households.min(MAX_UNITS);
        let key = |i: u32| household_key(place, i);
        let mut units: Vec<Household> = (0..n)
            .map(|i| Household {
                people: even_share(population, n, i),
                households: even_share(households, n, i),
                vulnerable: false,
                state: HouseholdState::Unaware,
                threshold: unit_from_u64(counter_u64(seed, RngStream::People, DRAW_THRESHOLD, key(i))),
                warned_at: None,
                personal_warning: false,
                decides_at: None,
                injured: 0,
                dead: 0,
                shelter: None,
            })
            .collect();
        let mut by_draw: Vec<(u64, u32)> = (0..n)
            .map(|i| (counter_u64(seed, RngStream::People, DRAW_VULNERABLE, key(i)), i))
            .collect();
        by_draw.sort_unstable();
        let vulnerable = (vulnerable_share * f64::from(n)).round() as usize;
        for (_, i) in by_draw.iter().take(vulnerable) {
            units[*i as usize].vulnerable = true;
        }
        let mut warn_order: Vec<u32> = (0..n).collect();
        warn_order.sort_by(|a, b| {
            units[*a as usize]
                .threshold
                .total_cmp(&units[*b as usize].threshold)
                .then(a.cmp(b))
        });
        Ok(Settlement {
            place,
            seed,
            zone,
            population,
            vulnerable_share,
            params,
            units,
            warn_order,
            next_to_warn: 0,
            diffusion: WarningDiffusion::new(),
            ordered_at: None,
            pending: BTreeSet::new(),
            received_warning_people: 0,
            advanced: None,
            harm: HarmLedger::default(),
        })
    }

    /// Advances the tick that starts at `now` (now → now + 1, the
    /// convention of the flood and fire stages): the warning spreads under
    /// `mix`, households whose threshold it passes are warned, and decisions
    /// due by `now` are taken.
    ///
    /// `evacuation_ordered_at` is the time an evacuation order covering the
    /// settlement took effect, if one has by `now`. An order stands once
    /// given (a later `None` does not lift it; an earlier time replaces a
    /// later one). A warned household hears of the order when it is warned
    /// or when the order comes, whichever is later, and decides after its
    /// delay; an unwarned household knows of neither.
    ///
    /// Call once per tick with increasing `now`; a call for a tick already
    /// advanced (or an earlier one) changes nothing and reports nothing.
    pub fn advance(&mut self, now: Tick, mix: ChannelMix, evacuation_ordered_at: Option<Tick>) -> SettlementStep {
        let mut step = SettlementStep::default();
        if self.advanced.is_some_and(|last| now <= last) {
            return step;
        }
        self.advanced = Some(now);
        if let Some(t) = evacuation_ordered_at.filter(|t| *t <= now)
            && self.ordered_at.is_none_or(|o| t < o)
        {
            self.ordered_at = Some(t);
            for i in 0..self.units.len() {
                self.schedule(i);
            }
        }
        let rates = BassRates::of(mix, self.zone);
        // The share of this tick's receipts that came door-to-door: the
        // personal part of the per-capita hazard p + qG at the tick's start.
        let g = if rates.reach > 0.0 {
            (self.diffusion.warned_share() / rates.reach).min(1.0)
        } else {
            0.0
        };
        let hazard = rates.p_per_min + rates.q_per_min * g;
        let personal_share = if hazard > 0.0 {
            rates.personal_per_min / hazard
        } else {
            0.0
        };
        let f = self.diffusion.step(rates, TICK_MIN);
        while let Some(&i) = self.warn_order.get(self.next_to_warn) {
            if self.units[i as usize].threshold > f {
                break;
            }
            self.next_to_warn += 1;
            let personal = self.draw(DRAW_PERSONAL, i as usize) < personal_share;
            self.receive_warning(i as usize, now, personal, &mut step);
        }
        self.run_decisions(now, &mut step);
        step
    }

    /// People per state.
    pub fn counts(&self) -> StateCounts {
        let mut c = StateCounts::default();
        for u in &self.units {
            let able = u64::from(u.able());
            match u.state {
                HouseholdState::Unaware => c.unaware += able,
                HouseholdState::Warned => c.warned += able,
                HouseholdState::Evacuating => c.evacuating += able,
                HouseholdState::Sheltered => c.sheltered += able,
                HouseholdState::Stayed => c.stayed += able,
                HouseholdState::Trapped => c.trapped += able,
            }
            c.injured += u64::from(u.injured);
            c.dead += u64::from(u.dead);
        }
        c
    }

    /// Able people still at home.
    pub fn present_people(&self) -> u64 {
        self.able_people(|u| u.state.is_present())
    }

    /// Able people of the households `which` picks.
    pub fn able_people(&self, which: impl Fn(&Household) -> bool) -> u64 {
        self.units
            .iter()
            .filter(|u| which(u))
            .map(|u| u64::from(u.able()))
            .sum()
    }

    /// People who have received the warning (counted when received, whatever
    /// happened to them since). Divided by the population at the hazard's
    /// arrival, this is the "warned before arrival" output.
    pub fn received_warning_people(&self) -> u64 {
        self.received_warning_people
    }

    /// The diffusion model's warned share F.
    pub fn warned_share(&self) -> f64 {
        self.diffusion.warned_share()
    }

    /// The household units.
    pub fn units(&self) -> &[Household] {
        &self.units
    }

    /// The place index.
    pub fn place(&self) -> u32 {
        self.place
    }

    /// Resident population.
    pub fn population(&self) -> u32 {
        self.population
    }

    /// The zone kind.
    pub fn zone(&self) -> ZoneKind {
        self.zone
    }

    /// The share of households flagged vulnerable, as given.
    pub fn vulnerable_share(&self) -> f64 {
        self.vulnerable_share
    }

    /// When the evacuation order took effect, if it has.
    pub fn ordered_at(&self) -> Option<Tick> {
        self.ordered_at
    }

    /// The behaviour parameters.
    pub fn params(&self) -> &PeopleParams {
        &self.params
    }

    /// The decision delay of `unit` after its warning or order, min (it
    /// depends on how the unit was warned, so ask after it was).
    pub fn decision_delay_min(&self, unit: u32) -> Option<f64> {
        ((unit as usize) < self.units.len()).then(|| self.delay_min(unit as usize))
    }

    fn delay_min(&self, i: usize) -> f64 {
        let u = &self.units[i];
        self.params
            .delay(u.vulnerable, u.personal_warning)
            .sample_min(self.draw(DRAW_DELAY_1, i), self.draw(DRAW_DELAY_2, i))
    }

    /// A uniform draw for unit `i` under salt `slot`.
    fn draw(&self, slot: u64, i: usize) -> f64 {
        unit_from_u64(counter_u64(
            self.seed,
            RngStream::People,
            slot,
            household_key(self.place, i as u32),
        ))
    }

    /// Whether unit `i` leaves, ordered or on a warning alone. One draw for
    /// both, so an order only ever adds leavers.
    fn leaves(&self, i: usize, ordered: bool) -> bool {
        let p = &self.params.participation;
        self.draw(DRAW_PARTICIPATION, i) < if ordered { p.ordered } else { p.warning_only }
    }

    fn receive_warning(&mut self, i: usize, now: Tick, personal: bool, step: &mut SettlementStep) {
        let u = &mut self.units[i];
        if u.warned_at.is_some() {
            return;
        }
        u.warned_at = Some(now);
        u.personal_warning = personal;
        step.newly_warned_units += 1;
        step.newly_warned_people += u.able();
        self.received_warning_people += u64::from(u.able());
        if u.state == HouseholdState::Unaware {
            u.state = HouseholdState::Warned;
            self.schedule(i);
        }
    }

    /// Schedules unit `i`'s decision if it is warned and will decide: after
    /// an order, at max(warned, ordered) + delay; without one, only a unit
    /// that leaves on a warning alone, at warned + delay. An earlier
    /// decision already scheduled stands.
    fn schedule(&mut self, i: usize) {
        let u = &self.units[i];
        let (HouseholdState::Warned, Some(warned_at)) = (u.state, u.warned_at) else {
            return;
        };
        let start = match self.ordered_at {
            Some(ordered) => warned_at.max(ordered),
            None if self.leaves(i, false) => warned_at,
            None => return,
        };
        // Whole ticks, rounded up; `as` saturates an absurd tail draw.
        let delay_ticks = (self.delay_min(i) / TICK_MIN).ceil() as u64;
        let at = start.plus(delay_ticks);
        if let Some(old) = u.decides_at {
            if old <= at {
                return;
            }
            self.pending.remove(&(old, i as u32));
        }
        self.units[i].decides_at = Some(at);
        self.pending.insert((at, i as u32));
    }

    pub(super) fn unschedule(&mut self, i: usize) {
        if let Some(at) = self.units[i].decides_at.take() {
            self.pending.remove(&(at, i as u32));
        }
    }

    fn run_decisions(&mut self, now: Tick, step: &mut SettlementStep) {
        while let Some(&(at, i)) = self.pending.first() {
            if at > now {
                break;
            }
            self.pending.remove(&(at, i));
            let i = i as usize;
            self.units[i].decides_at = None;
            if self.units[i].state != HouseholdState::Warned {
                continue;
            }
            let ordered = self.ordered_at.is_some_and(|o| o <= now);
            if self.leaves(i, ordered) {
                let u = &mut self.units[i];
                u.state = HouseholdState::Evacuating;
                step.departures.push(departure(i, u));
            } else if ordered {
                let u = &mut self.units[i];
                u.state = HouseholdState::Stayed;
                step.newly_stayed_people += u.able();
            }
        }
    }
}

pub(super) fn departure(i: usize, u: &Household) -> Departure {
    Departure {
        unit: i as u32,
        people: u.able(),
        vulnerable: u.vulnerable,
    }
}

/// Item `i` of `total` split into `n` parts as evenly as possible (the
/// first `total % n` parts one larger).
fn even_share(total: u32, n: u32, i: u32) -> u32 {
    total / n + u32::from(i < total % n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::warning::{Channel, ChannelSet};

    fn all_channels() -> ChannelMix {
        ChannelMix {
            active: ChannelSet::ALL,
            night: false,
        }
    }

    #[test]
    fn households_split_the_population_exactly() {
        let s = Settlement::new(3, 1000, 0.2, ZoneKind::Rural, 7).unwrap();
        assert_eq!(s.units().len(), 426); // round(1000 / 2.35)
        assert_eq!(s.units().iter().map(|u| u.people).sum::<u32>(), 1000);
        assert!(s.units().iter().all(|u| u.people == 2 || u.people == 3));
        assert_eq!(s.units().iter().filter(|u| u.vulnerable).count(), 85); // round(0.2 × 426)
        assert_eq!(s.counts().unaware, 1000);
        let big = Settlement::new(0, 2_000_000, 0.1, ZoneKind::Urban, 7).unwrap();
        assert_eq!(big.units().len(), MAX_UNITS as usize);
        assert_eq!(big.units().iter().map(|u| u64::from(u.people)).sum::<u64>(), 2_000_000);
        assert_eq!(
            big.units().iter().map(|u| u64::from(u.households)).sum::<u64>(),
            851_064
        );
        assert_eq!(
            Settlement::new(0, 1, 0.0, ZoneKind::Pastoral, 7).unwrap().units().len(),
            1
        );
        assert!(
            Settlement::new(0, 0, 0.0, ZoneKind::Pastoral, 7)
                .unwrap()
                .units()
                .is_empty()
        );
        assert!(matches!(
            Settlement::new(0, 10, 1.5, ZoneKind::Rural, 7),
            Err(PeopleError::VulnerableShare { .. })
        ));
        assert!(Settlement::new(0, 10, f64::NAN, ZoneKind::Rural, 7).is_err());
    }

    #[test]
    fn nothing_happens_without_a_warning() {
        let mut s = Settlement::new(1, 500, 0.1, ZoneKind::Rural, 1).unwrap();
        for t in 0..720 {
            let step = s.advance(Tick(t), ChannelMix::default(), Some(Tick(0)));
            assert_eq!(step, SettlementStep::default());
        }
        assert_eq!(s.counts().unaware, 500);
        // A repeated or earlier tick changes nothing.
        let all = all_channels();
        let first = s.advance(Tick(720), all, None);
        let before = s.clone();
        assert_eq!(s.advance(Tick(720), all, None), SettlementStep::default());
        assert_eq!(s.advance(Tick(3), all, None), SettlementStep::default());
        assert_eq!(s, before);
        let f = s.warned_share();
        assert!(f > 0.0);
        let below = s.units().iter().filter(|u| u.threshold <= f).count();
        assert_eq!(first.newly_warned_units as usize, below);
        assert_eq!(s.decision_delay_min(10_000), None);
    }

    /// Warned households leave only under an order (90 %) or, without one,
    /// the warning-only share (20 %); the rest stay or wait.
    #[test]
    fn participation_with_and_without_an_order() {
        let run = |ordered: Option<Tick>| {
            let mut s = Settlement::new(2, 4000, 0.0, ZoneKind::Urban, 11).unwrap();
            let mut left = 0;
            for t in 0..(12 * 360) {
                left += s.advance(Tick(t), all_channels(), ordered).departing_people();
            }
            (s, left)
        };
        let end = Tick(12 * 360);
        let (s, left) = run(Some(Tick(0)));
        let c = s.counts();
        assert_eq!(c.unaware, 0, "{c:?}");
        // Still deciding after 12 h: the lognormal tail (P(delay > 12 h) =
        // 0.16 % for the official delay), each with its decision pending.
        assert!(c.warned < 40, "{c:?}");
        for u in s.units().iter().filter(|u| u.state == HouseholdState::Warned) {
            assert!(u.decides_at.is_some_and(|t| t >= end), "{u:?}");
        }
        assert_eq!(left, c.evacuating);
        let decided = (c.evacuating + c.stayed) as f64;
        let share = c.evacuating as f64 / decided;
        // Binomial over ~1700 units: sd ≈ 0.0073; 4 sd.
        assert!((share - 0.90).abs() < 0.03, "ordered share {share}");
        assert_eq!(c.stayed + c.evacuating + c.warned, 4000);
        let (s, _) = run(None);
        let c = s.counts();
        let share = c.evacuating as f64 / 4000.0;
        assert!((share - 0.20).abs() < 0.04, "warning-only share {share}");
        assert_eq!(c.stayed, 0);
        assert_eq!(c.warned + c.evacuating, 4000);
    }

    /// An order given after the warning starts the decision clock then.
    #[test]
    fn late_order_starts_the_clock() {
        let mut s = Settlement::new(4, 300, 0.0, ZoneKind::Urban, 5).unwrap();
        let order = Tick::from_minutes(180);
        for t in 0..order.0 {
            s.advance(Tick(t), all_channels(), None);
        }
        let before = s.counts().evacuating;
        let mut first = None;
        for t in order.0..order.0 + 360 {
            let step = s.advance(Tick(t), all_channels(), Some(order));
            for d in &step.departures {
                let u = &s.units()[d.unit as usize];
                let delay = s.decision_delay_min(d.unit).unwrap();
                if !s.leaves(d.unit as usize, false) {
                    // Decided because of the order: at order + delay.
                    assert_eq!(Tick(t), order.plus((delay / TICK_MIN).ceil() as u64), "{u:?}");
                    first.get_or_insert(t);
                }
            }
        }
        assert!(first.is_some());
        assert!(s.counts().evacuating > before);
    }

    #[test]
    fn door_to_door_warnings_are_personal() {
        // Door-to-door and contagion: a receipt in tick k is personal with
        // probability p/(p + qG_k); the expected personal share of the
        // receipts, from the closed form, against the realised one.
        let mut d = Settlement::new(6, 100_000, 0.0, ZoneKind::Rural, 9).unwrap();
        let door = ChannelMix {
            active: ChannelSet::of(&[Channel::DoorToDoor]),
            night: false,
        };
        let ticks = 120;
        for t in 0..ticks {
            d.advance(Tick(t), door, None);
        }
        let (p, q) = (0.005, ZoneKind::Rural.day_contagion_per_min());
        let f = |k: u64| crate::agents::warning::bass_share(p, q, k as f64 * TICK_MIN);
        let expected = (0..ticks).map(|k| (f(k + 1) - f(k)) * p / (p + q * f(k))).sum::<f64>() / f(ticks);
        let warned: Vec<_> = d.units().iter().filter(|u| u.warned_at.is_some()).collect();
        let n = warned.len() as f64;
        let share = warned.iter().filter(|u| u.personal_warning).count() as f64 / n;
        let sd = (expected * (1.0 - expected) / n).sqrt();
        assert!(
            (share - expected).abs() < 4.0 * sd,
            "personal {share} vs {expected} ± {sd} over {n}"
        );
        let mut none = Settlement::new(6, 1000, 0.0, ZoneKind::Rural, 9).unwrap();
        let no_door = ChannelMix {
            active: ChannelSet::ALL.without(Channel::DoorToDoor),
            night: false,
        };
        for t in 0..120 {
            none.advance(Tick(t), no_door, None);
        }
        assert!(none.units().iter().all(|u| !u.personal_warning));
    }
}
