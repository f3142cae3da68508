//! Harm to people still at home when a hazard reaches them: flood (the UK
//! Flood Risks to People method), fire and cold.
//!
//! Each hazard gives the share of people present who are harmed (injured or
//! killed) and the share killed, as a function of a level that only grows:
//! the worst flood hazard rating so far, the worst fireline intensity so
//! far, the cold dose accumulated so far. Calling [`Settlement::expose`]
//! every tick with the current level therefore harms people once per rise,
//! not once per call: the increment from the old level to the new is applied
//! to the able people present, conditionally on their not having been
//! harmed yet, (s_new − s_old)/(1 − s_old).
//!
//! Counts are expected values, accumulated per settlement and realised as
//! floor(total + r) of the running totals, with r a uniform draw fixed per
//! settlement (so fractions carry over between calls, the realised totals
//! never drift from the expected ones by a whole person, and the rounding
//! is unbiased: E[floor(x + r)] = x. Round-half-up would give a camp of four
//! expecting 0.48 harmed nobody, every time, and undercount the harm to
//! many small groups). Which households are hit is a counter-based shuffle
//! of the present households for that tick.

use serde::{Deserialize, Serialize};

use super::population::{DRAW_EXPOSE, DRAW_ROUNDING, Household, HouseholdState, Settlement, household_key};
use super::warning::ZoneKind;
use crate::hazards::flood::HazardClass;
use crate::rng::{RngStream, counter_u64, unit_from_u64};
use crate::time::Tick;

/// FD2321 "speed of onset" score of the area vulnerability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FloodOnset {
    /// Onset over many hours (score 1).
    VeryGradual,
    /// Onset over an hour or so (score 2).
    Gradual,
    /// Rapid flooding, e.g. a dike breach or an ice-jam release (score 3).
    Rapid,
}

impl FloodOnset {
    /// The score, 1–3.
    pub fn score(self) -> f64 {
        match self {
            FloodOnset::VeryGradual => 1.0,
            FloodOnset::Gradual => 2.0,
            FloodOnset::Rapid => 3.0,
        }
    }
}

/// FD2321 "nature of area" score of the area vulnerability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AreaNature {
    /// Multi-storey apartments (score 1).
    MultiStorey,
    /// Typical residential two-storey homes, commercial and industrial
    /// properties (score 2).
    Typical,
    /// Bungalows, mobile homes, campsites, single-storey buildings (score 3).
    SingleStorey,
}

impl AreaNature {
    /// The score, 1–3.
    pub fn score(self) -> f64 {
        match self {
            AreaNature::MultiStorey => 1.0,
            AreaNature::Typical => 2.0,
            AreaNature::SingleStorey => 3.0,
        }
    }

    /// The default for a zone: towns and cities typical; villages (平房),
    /// herders' camps (gers) and forest settlements single-storey
    /// (assumption).
    pub fn of_zone(zone: ZoneKind) -> AreaNature {
        match zone {
            ZoneKind::Urban => AreaNature::Typical,
            ZoneKind::Rural | ZoneKind::Pastoral | ZoneKind::Forest => AreaNature::SingleStorey,
        }
    }
}

/// What reaches a settlement's people.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Exposure {
    /// Flood water at the settlement.
    Flood {
        /// FD2320 hazard rating d·(v + 0.5) + DF at the settlement
        /// (`hazards::flood::hazard_rating`).
        hazard_rating: f64,
        /// How fast it came.
        onset: FloodOnset,
        /// The buildings people are in.
        nature: AreaNature,
    },
    /// The fire front at the settlement.
    Fire {
        /// Byram fireline intensity, kW/m.
        intensity_kw_per_m: f64,
    },
    /// The people present are without winter shelter (homes flooded or
    /// burnt) for `duration_min` at `air_temperature_c`.
    Cold {
        /// Air temperature, °C.
        air_temperature_c: f64,
        /// Minutes of exposure this call.
        duration_min: f64,
    },
}

/// People newly harmed by one call of [`Settlement::expose`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Casualties {
    /// Injured and alive.
    pub injured: u32,
    /// Killed.
    pub dead: u32,
}

/// Shares of the people present harmed (injured or killed) and killed.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct HarmShares {
    /// Harmed, including the killed, 0–1.
    pub harmed: f64,
    /// Killed, 0–1 (≤ `harmed`).
    pub dead: f64,
}

/// FD2321 area vulnerability AV = onset + nature + flood warning, 3–9. The
/// flood-warning score is 1 for people who received a warning and 3 for
/// those who did not; with `warned_share` of the present people warned, AV
/// is their population-weighted mean (exact, since the casualty formula is
/// linear in AV). The mapping of "received a warning" to score 1 is ours.
pub fn area_vulnerability(onset: FloodOnset, nature: AreaNature, warned_share: f64) -> f64 {
    let s = warned_share.clamp(0.0, 1.0);
    onset.score() + nature.score() + (s + 3.0 * (1.0 - s))
}

/// Flood harm by the Flood Risks to People method (Defra/Environment Agency
/// R&D report FD2321/TR1, HR Wallingford et al., March 2006; the method is
/// also in Penning-Rowsell et al. 2005, Natural Hazards 36:43–64, and the
/// Defra 2008 supplementary note on assessing the risk to life):
///
/// * injuries N(I) = N × X × Y, with X = HR × AV / 100 the proportion of the
///   population exposed to the hazard and Y = PV the people vulnerability
///   (share of very old, disabled and long-term sick people);
/// * fatalities N(F) = N(I) × 2 × HR / 100 (the fatality rate, a share of
///   the injuries; taken here as a subset of them).
///
/// These formulas are as recalled from the report: the library search did
/// not return its text, so check X = HR·AV/100 and Y = PV against
/// FD2321/TR1 before quoting numbers. X and the fatality rate are capped at
/// 1. Returns shares of N.
pub fn fd2321_flood_harm(hazard_rating: f64, area_vulnerability: f64, people_vulnerability: f64) -> HarmShares {
    let hr = finite_non_negative(hazard_rating);
    let x = (hr * finite_non_negative(area_vulnerability) / 100.0).min(1.0);
    let y = finite_non_negative(people_vulnerability).min(1.0);
    let harmed = x * y;
    let fatality = (2.0 * hr / 100.0).min(1.0);
    HarmShares {
        harmed,
        dead: harmed * fatality,
    }
}

/// Fire harm to people still at home when the front arrives, by Byram
/// intensity. The class bounds are the fire characteristics chart of
/// Andrews & Rothermel (1982; 100, 500 and 1000 Btu/ft/s = 346, 1730 and
/// 3460 kW/m: hand-tool control, equipment control, control problems,
/// crowning and spotting) plus 10 000 kW/m for blow-up fires; the harm
/// shares are assumptions (no published population dose-response found):
///
/// | I_B kW/m | harmed | killed / harmed |
/// |---|---|---|
/// | < 346 | 0.001 | 0 |
/// | 346–1730 | 0.01 | 0.10 |
/// | 1730–3460 | 0.03 | 0.20 |
/// | 3460–10 000 | 0.06 | 0.25 |
/// | ≥ 10 000 | 0.12 | 0.35 |
pub fn fire_harm(intensity_kw_per_m: f64) -> HarmShares {
    let i = finite_non_negative(intensity_kw_per_m);
    let (harmed, killed_of_harmed) = if i <= 0.0 {
        (0.0, 0.0)
    } else if i < 346.0 {
        (0.001, 0.0)
    } else if i < 1730.0 {
        (0.01, 0.10)
    } else if i < 3460.0 {
        (0.03, 0.20)
    } else if i < 10_000.0 {
        (0.06, 0.25)
    } else {
        (0.12, 0.35)
    };
    HarmShares {
        harmed,
        dead: harmed * killed_of_harmed,
    }
}

/// Cold dose at which 1 − 1/e (63 %) of unsheltered people have a cold
/// injury, °C·h below 0 °C: 500, e.g. 25 h at −20 °C (assumption).
pub const COLD_DOSE_SCALE_DEG_C_H: f64 = 500.0;

/// Share of cold injuries that are fatal (hypothermia): 0.10 (assumption).
pub const COLD_FATAL_SHARE: f64 = 0.10;

/// Cold harm after `dose_deg_c_h` degree-hours below 0 °C without winter
/// shelter: harmed = 1 − e^{−dose/500}, killed = 0.1 × harmed. An
/// assumption (frostbite and hypothermia grow with time below freezing;
/// wind chill and clothing ignored): 10 h at −20 °C harms 33 % and kills
/// 3 %.
pub fn cold_harm(dose_deg_c_h: f64) -> HarmShares {
    let harmed = 1.0 - libm::exp(-finite_non_negative(dose_deg_c_h) / COLD_DOSE_SCALE_DEG_C_H);
    HarmShares {
        harmed,
        dead: COLD_FATAL_SHARE * harmed,
    }
}

fn finite_non_negative(x: f64) -> f64 {
    if x.is_finite() { x.max(0.0) } else { 0.0 }
}

/// Hazard levels already applied to a settlement and the running expected
/// and realised casualty totals.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct HarmLedger {
    /// Worst flood hazard rating applied.
    pub flood_hazard_rating: f64,
    /// Worst fireline intensity applied, kW/m.
    pub fire_intensity_kw_per_m: f64,
    /// Cold dose applied, °C·h below 0 °C.
    pub cold_dose_deg_c_h: f64,
    /// Expected people harmed (injured or killed), running total.
    pub expected_harmed: f64,
    /// Expected people killed, running total.
    pub expected_dead: f64,
    /// People harmed so far.
    pub realised_harmed: u64,
    /// People killed so far.
    pub realised_dead: u64,
}

impl Settlement {
    /// Harms the able people still at home (unaware, warned, stayed,
    /// trapped) by `exposure` at `now`; returns who was newly harmed.
    ///
    /// A flood rated above 1.25 ("danger for most", FD2320) also traps the
    /// survivors at home: they can no longer leave unaided (assumption).
    pub fn expose(&mut self, exposure: Exposure, now: Tick) -> Casualties {
        let present: u64 = self.present_people();
        let (old, new) = match exposure {
            Exposure::Flood {
                hazard_rating,
                onset,
                nature,
            } => {
                let hr = finite_non_negative(hazard_rating);
                let warned = self.able_people(|u| u.state.is_present() && u.warned_at.is_some());
                let share = if present > 0 {
                    warned as f64 / present as f64
                } else {
                    0.0
                };
                let av = area_vulnerability(onset, nature, share);
                let pv = self.vulnerable_share;
                let old = fd2321_flood_harm(self.harm.flood_hazard_rating, av, pv);
                let new = fd2321_flood_harm(hr.max(self.harm.flood_hazard_rating), av, pv);
                self.harm.flood_hazard_rating = self.harm.flood_hazard_rating.max(hr);
                (old, new)
            }
            Exposure::Fire { intensity_kw_per_m } => {
                let i = finite_non_negative(intensity_kw_per_m).max(self.harm.fire_intensity_kw_per_m);
                let old = fire_harm(self.harm.fire_intensity_kw_per_m);
                self.harm.fire_intensity_kw_per_m = i;
                (old, fire_harm(i))
            }
            Exposure::Cold {
                air_temperature_c,
                duration_min,
            } => {
                let dose = finite_non_negative(-air_temperature_c) * finite_non_negative(duration_min) / 60.0;
                let old = cold_harm(self.harm.cold_dose_deg_c_h);
                self.harm.cold_dose_deg_c_h += dose;
                (old, cold_harm(self.harm.cold_dose_deg_c_h))
            }
        };
        let casualties = self.harm_present(present, old, new, now);
        if let Exposure::Flood { hazard_rating, .. } = exposure
            && HazardClass::of(finite_non_negative(hazard_rating)) >= HazardClass::Significant
        {
            for i in 0..self.units.len() {
                let u = &self.units[i];
                if matches!(
                    u.state,
                    HouseholdState::Unaware | HouseholdState::Warned | HouseholdState::Stayed
                ) && u.able() > 0
                {
                    self.unschedule(i);
                    self.units[i].state = HouseholdState::Trapped;
                }
            }
        }
        casualties
    }

    /// Harms the able members of the households sheltered in shelter
    /// `shelter` by the cold, for `duration_min` at `air_temperature_c`,
    /// where `unprotected_share` (0–1) of that shelter's occupants have no
    /// heated room or winter kit (see `relief::ShelterState::cold_exposed`);
    /// returns who was newly harmed.
    ///
    /// The cold dose model of [`cold_harm`] is memoryless: of the people
    /// unharmed after any dose D, a further dose d harms the share
    /// (s(D + d) − s(D))/(1 − s(D)) = 1 − e^{−d/500}, whatever D was. So
    /// no per-household dose is kept: each call harms that share of the
    /// exposed people, and someone who sits k hours at T °C in the cold is
    /// harmed with probability 1 − e^{−|T|·k/500}, as at home. Which of the
    /// shelter's occupants are in the cold is not tracked either: the
    /// exposed people are `unprotected_share` of its able occupants, and
    /// the harm falls on them by the same counter-based shuffle as at home.
    /// The running expected and realised totals are the settlement's
    /// ledger, shared with the harm at home.
    pub fn expose_sheltered_cold(
        &mut self,
        shelter: u32,
        unprotected_share: f64,
        air_temperature_c: f64,
        duration_min: f64,
        now: Tick,
    ) -> Casualties {
        let in_shelter = |u: &Household| u.state == HouseholdState::Sheltered && u.shelter == Some(shelter);
        let share = finite_non_negative(unprotected_share).min(1.0);
        let dose = finite_non_negative(-air_temperature_c) * finite_non_negative(duration_min) / 60.0;
        if share <= 0.0 || dose <= 0.0 {
            return Casualties::default();
        }
        let exposed = self.able_people(in_shelter) as f64 * share;
        let hazard = cold_harm(dose);
        self.realise(exposed * hazard.harmed, exposed * hazard.dead, in_shelter, now)
    }

    /// Applies the conditional increment from `old` to `new` to the
    /// `present` able people and allocates the realised counts.
    fn harm_present(&mut self, present: u64, old: HarmShares, new: HarmShares, now: Tick) -> Casualties {
        if present == 0 || old.harmed >= 1.0 {
            return Casualties::default();
        }
        let unharmed = 1.0 - old.harmed;
        let harmed_share = ((new.harmed - old.harmed) / unharmed).clamp(0.0, 1.0);
        let dead_share = ((new.dead - old.dead) / unharmed).clamp(0.0, harmed_share);
        self.realise(
            present as f64 * harmed_share,
            present as f64 * dead_share,
            |u| u.state.is_present(),
            now,
        )
    }

    /// The settlement's rounding offset r, uniform on [0, 1): realised
    /// casualties are floor(expected + r) of the running totals.
    pub fn rounding_offset(&self) -> f64 {
        unit_from_u64(counter_u64(
            self.seed,
            RngStream::People,
            DRAW_ROUNDING,
            household_key(self.place, u32::MAX),
        ))
    }

    /// Adds the expected people harmed and killed to the ledger's running
    /// totals, realises them (unbiased, [`Settlement::rounding_offset`]) and allocates the realised
    /// counts to the able members of the `eligible` households.
    fn realise(
        &mut self,
        expected_harmed: f64,
        expected_dead: f64,
        eligible: impl Fn(&Household) -> bool,
        now: Tick,
    ) -> Casualties {
        let present = self.able_people(&eligible);
        if present == 0 {
            return Casualties::default();
        }
        let h = &mut self.harm;
        h.expected_harmed += expected_harmed;
        h.expected_dead += expected_dead;
        // Unbiased rounding of the running totals with the settlement's own
        // offset; one offset for both keeps dead ≤ harmed. `as` saturates.
        let r = self.rounding_offset();
        let h = &mut self.harm;
        let target_harmed = (h.expected_harmed + r).floor() as u64;
        let target_dead = (h.expected_dead + r).floor() as u64;
        let harmed = target_harmed.saturating_sub(h.realised_harmed).min(present);
        let dead = target_dead.saturating_sub(h.realised_dead).min(harmed);
        h.realised_harmed += harmed;
        h.realised_dead += dead;
        if harmed == 0 {
            return Casualties::default();
        }
        // A counter-based shuffle of the eligible units for this tick.
        let mut order: Vec<(u64, usize)> = self
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| eligible(u) && u.able() > 0)
            .map(|(i, _)| {
                let draw = counter_u64(
                    self.seed,
                    RngStream::People,
                    DRAW_EXPOSE | now.0,
                    household_key(self.place, i as u32),
                );
                (draw, i)
            })
            .collect();
        order.sort_unstable();
        let (mut dead_left, mut injured_left) = (dead, harmed - dead);
        for (_, i) in order {
            if dead_left == 0 && injured_left == 0 {
                break;
            }
            let u = &mut self.units[i];
            let d = u64::from(u.able()).min(dead_left);
            u.dead += d as u32;
            dead_left -= d;
            let j = u64::from(u.able()).min(injured_left);
            u.injured += j as u32;
            injured_left -= j;
        }
        Casualties {
            injured: (harmed - dead) as u32,
            dead: dead as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hazards::flood::hazard_rating;

    /// FD2321 hand-computed: 1 m of water at 1 m/s, HR = 1·(1 + 0.5) + 0.5
    /// = 2.0; rapid onset (3) + typical housing (2) + no warning (3), AV 8;
    /// X = 2.0·8/100 = 0.16; PV 0.25: N(I) = 1000·0.16·0.25 = 40; fatality
    /// rate 2·2.0/100 = 0.04, N(F) = 1.6.
    #[test]
    fn fd2321_worked_example() {
        let hr = hazard_rating(1.0, 1.0);
        assert_eq!(hr, 2.0);
        let av = area_vulnerability(FloodOnset::Rapid, AreaNature::Typical, 0.0);
        assert_eq!(av, 8.0);
        let h = fd2321_flood_harm(hr, av, 0.25);
        assert!((1000.0 * h.harmed - 40.0).abs() < 1e-12);
        assert!((1000.0 * h.dead - 1.6).abs() < 1e-12);
        // Warned people score 1 for the warning: AV 6, X 0.12, N(I) 30.
        let warned = fd2321_flood_harm(
            hr,
            area_vulnerability(FloodOnset::Rapid, AreaNature::Typical, 1.0),
            0.25,
        );
        assert!((1000.0 * warned.harmed - 30.0).abs() < 1e-12);
    }

    #[test]
    fn harm_grows_with_level() {
        let mut last = HarmShares::default();
        for i in [0.0, 100.0, 500.0, 2000.0, 5000.0, 20_000.0] {
            let h = fire_harm(i);
            assert!(h.harmed >= last.harmed && h.dead >= last.dead && h.dead <= h.harmed);
            last = h;
        }
        let c = cold_harm(200.0); // 10 h at −20 °C
        assert!((c.harmed - (1.0 - libm::exp(-0.4))).abs() < 1e-15);
        assert_eq!(cold_harm(f64::NAN), HarmShares::default());
        assert_eq!(fd2321_flood_harm(f64::INFINITY, 8.0, 0.2), HarmShares::default());
    }

    /// Casualties in a settlement for the worked example, realised with the
    /// settlement's offset r: floor(40 + r) = 40 harmed, of whom
    /// floor(1.6 + r) killed (1 or 2). Repeating the same rating harms
    /// nobody more; survivors are trapped.
    #[test]
    fn settlement_flood_casualties() {
        let mut s = Settlement::new(0, 1000, 0.25, ZoneKind::Urban, 3).unwrap();
        let flood = Exposure::Flood {
            hazard_rating: 2.0,
            onset: FloodOnset::Rapid,
            nature: AreaNature::Typical,
        };
        let dead = (1.6 + s.rounding_offset()).floor() as u32;
        let c = s.expose(flood, Tick(100));
        assert_eq!(
            c,
            Casualties {
                injured: 40 - dead,
                dead
            }
        );
        assert_eq!(s.expose(flood, Tick(101)), Casualties::default());
        let counts = s.counts();
        assert_eq!(
            (counts.injured, counts.dead, counts.trapped),
            (u64::from(40 - dead), u64::from(dead), 960)
        );
        assert_eq!(counts.total(), 1000);
    }

    /// Cold in small doses adds up to the same harm as one dose (the
    /// carried expected values): 60 one-minute calls vs one 60-minute call.
    #[test]
    fn cold_doses_add_up() {
        let mut a = Settlement::new(0, 2000, 0.1, ZoneKind::Pastoral, 3).unwrap();
        let mut b = a.clone();
        let mut total = Casualties::default();
        for t in 0..60 {
            let c = a.expose(
                Exposure::Cold {
                    air_temperature_c: -30.0,
                    duration_min: 1.0,
                },
                Tick(t),
            );
            total.injured += c.injured;
            total.dead += c.dead;
        }
        let once = b.expose(
            Exposure::Cold {
                air_temperature_c: -30.0,
                duration_min: 60.0,
            },
            Tick(0),
        );
        // 2000 × (1 − e^{−30/500}) = 116.5 harmed, a tenth of them killed.
        let expected = cold_harm(30.0);
        let r = b.rounding_offset();
        let harmed_n = (2000.0 * expected.harmed + r).floor() as u32;
        let dead_n = (2000.0 * expected.dead + r).floor() as u32;
        assert!((2000.0 * expected.harmed - 116.47).abs() < 0.01);
        assert_eq!(
            once,
            Casualties {
                injured: harmed_n - dead_n,
                dead: dead_n
            }
        );
        let harmed = |c: Casualties| c.injured + c.dead;
        assert!(harmed(total).abs_diff(harmed(once)) <= 1, "{total:?} vs {once:?}");
        assert!(total.dead.abs_diff(once.dead) <= 1);
    }

    /// The rounding is unbiased: 4000 camps of 4 people under a front that
    /// harms 12 % of those present expect 0.48 harmed each. Round-half-up
    /// gave every camp 0; floor(x + r) gives 1 in a share 0.48 of camps
    /// (binomial, σ = √(0.48·0.52/4000) = 0.0079; 4σ allowed).
    #[test]
    fn small_groups_are_harmed_in_expectation() {
        let intensity = 20_000.0; // the top band of `fire_harm`, 12 % harmed
        let per_camp = 4.0 * fire_harm(intensity).harmed;
        let camps = 4000u32;
        let harmed: u64 = (0..camps)
            .map(|place| {
                let mut s = Settlement::new(place, 4, 0.0, ZoneKind::Pastoral, 11).unwrap();
                let c = s.expose(
                    Exposure::Fire {
                        intensity_kw_per_m: intensity,
                    },
                    Tick(5),
                );
                u64::from(c.injured + c.dead)
            })
            .sum();
        let mean = harmed as f64 / f64::from(camps);
        assert!((per_camp - 0.48).abs() < 0.01, "{per_camp}");
        assert!((mean - per_camp).abs() < 4.0 * 0.0079, "{mean} vs {per_camp}");
    }
}
