//! Warnings, decisions and exposure of a settlement's people, against the
//! Rogers & Sorensen diffusion table and the documented delay
//! distributions of `shared/reference/rescue.md` §2.8, and the FD2321
//! casualty method (Defra/EA 2006).
//!
//! Tolerances are stated where they are used: the threshold rule makes the
//! share of households warned binomial around the model's F, so shares are
//! compared within 4 binomial standard deviations; quantiles of a sample
//! within 4 standard errors of the sample quantile plus the 10 s tick
//! quantisation.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use sim_core::TICK_SECONDS;
use sim_core::Tick;
use sim_core::agents::decision::Z90;
use sim_core::agents::warning::ROGERS_SORENSEN;
use sim_core::agents::{
    AreaNature, BassRates, Channel, ChannelMix, ChannelSet, DelayDistribution, Exposure, FloodOnset, HouseholdState,
    IssuedChannels, Settlement, ZoneKind, bass_share, time_to_share,
};

const TICK_MIN: f64 = TICK_SECONDS as f64 / 60.0;

/// Runs `s` from tick 0 to `until` (exclusive) with the channels `issued`
/// at tick 0 and the mobile network `up` or down; returns the settlement.
fn run(mut s: Settlement, channels: ChannelSet, up: bool, until: Tick) -> Settlement {
    let mut issued = IssuedChannels::new();
    issued.issue(channels, Tick::ZERO);
    for t in 0..until.0 {
        let mix = ChannelMix {
            active: issued.active(Tick(t), up),
            night: false,
        };
        s.advance(Tick(t), mix, None);
    }
    s
}

/// Share of household units warned.
fn units_warned(s: &Settlement) -> f64 {
    s.units().iter().filter(|u| u.warned_at.is_some()).count() as f64 / s.units().len() as f64
}

/// 4 binomial standard deviations of a share `f` over `n` trials.
fn binomial_4sd(f: f64, n: usize) -> f64 {
    4.0 * (f * (1.0 - f) / n as f64).sqrt()
}

/// The warned share predicted from the channel table alone, by the closed
/// form and its inverse (not `bass_step`): between channel start times the
/// rates are constant, so from F₀ the curve continues at the closed form's
/// "equivalent time" t_eq = time_to_share(p, q, F₀/M).
fn predicted_share(channels: ChannelSet, zone: ZoneKind, up: bool, until_min: f64) -> f64 {
    let usable: Vec<Channel> = channels
        .iter()
        .filter(|c| up || !c.params().needs_mobile_network)
        .collect();
    let mut starts: Vec<f64> = usable.iter().map(|c| f64::from(c.params().start_delay_min)).collect();
    starts.push(until_min);
    starts.sort_by(f64::total_cmp);
    let q = zone.day_contagion_per_min();
    let mut f = 0.0;
    let mut t = 0.0;
    for next in starts {
        let next = next.min(until_min);
        let on: Vec<Channel> = usable
            .iter()
            .copied()
            .filter(|c| f64::from(c.params().start_delay_min) <= t)
            .collect();
        let p: f64 = on.iter().map(|c| c.params().rate_per_min).sum();
        let m = 1.0 - on.iter().map(|c| 1.0 - c.reach(zone)).product::<f64>();
        if next > t && p > 0.0 && f < m {
            let t_eq = time_to_share(p, q, f / m);
            f = m * bass_share(p, q, t_eq + (next - t));
        }
        t = t.max(next);
    }
    f
}

/// With every channel up, a village is ≥ 90 % warned within the table's
/// 18 min for cell broadcast + sirens (p 0.10, q 0.05), counted from when
/// cell broadcast starts (its 5 min start delay).
#[test]
fn all_channels_warn_ninety_percent_in_the_documented_time() {
    let row = ROGERS_SORENSEN[0];
    assert_eq!(row.mix, "cell broadcast + sirens");
    let start_min = Channel::CellBroadcast.params().start_delay_min;
    for (zone, seed) in [(ZoneKind::Urban, 1), (ZoneKind::Rural, 2)] {
        let until = Tick::from_minutes(u64::from(start_min) + row.t90_min as u64);
        let s = run(
            Settlement::new(0, 5000, 0.1, zone, seed).unwrap(),
            ChannelSet::ALL,
            true,
            until,
        );
        let f = s.warned_share();
        assert!(f >= 0.9, "{zone:?}: model share {f}");
        let realised = units_warned(&s);
        let n = s.units().len();
        assert!((realised - f).abs() < binomial_4sd(f, n), "{zone:?}: {realised} vs {f}");
        let people = s.received_warning_people() as f64 / 5000.0;
        assert!(people >= 0.9 - binomial_4sd(f, n), "{zone:?}: people warned {people}");
        // The same channels, stepped tick by tick, match the channel-table
        // prediction computed from closed forms.
        let predicted = predicted_share(ChannelSet::ALL, zone, true, until.0 as f64 * TICK_MIN);
        assert!((f - predicted).abs() < 1e-12, "{f} vs {predicted}");
    }
}

/// A mobile network outage in a pastoral zone silences cell broadcast: the
/// warned share falls to what the channel table predicts for the remaining
/// channels (sirens, TV/radio, loudspeakers), and its cap falls from
/// 1 − 0.4·0.9·0.3·0.7 = 0.924 to 1 − 0.9·0.3·0.7 = 0.811.
#[test]
fn cell_outage_lowers_warning_as_the_table_predicts() {
    let channels = ChannelSet::ALL.without(Channel::DoorToDoor);
    let zone = ZoneKind::Pastoral;
    let make = || Settlement::new(7, 9000, 0.1, zone, 42).unwrap();
    for minutes in [20u64, 40, 60, 240] {
        let until = Tick::from_minutes(minutes);
        let up = run(make(), channels, true, until);
        let down = run(make(), channels, false, until);
        let n = up.units().len();
        for (s, net) in [(&up, true), (&down, false)] {
            let predicted = predicted_share(channels, zone, net, minutes as f64);
            assert!(
                (s.warned_share() - predicted).abs() < 1e-12,
                "{minutes} min, network {net}"
            );
            let realised = units_warned(s);
            assert!(
                (realised - predicted).abs() < binomial_4sd(predicted, n),
                "{minutes} min, network {net}: {realised} vs {predicted}"
            );
        }
        // Same seed, same thresholds: everyone warned without the network is
        // warned with it.
        for (a, b) in up.units().iter().zip(down.units()) {
            assert!(b.warned_at.is_none() || a.warned_at.is_some_and(|t| Some(t) <= b.warned_at));
        }
        assert!(units_warned(&down) < units_warned(&up), "{minutes} min");
    }
    let cap_up = BassRates::of(
        ChannelMix {
            active: channels,
            night: false,
        },
        zone,
    )
    .reach;
    let cap_down = BassRates::of(
        ChannelMix {
            active: channels.without(Channel::CellBroadcast),
            night: false,
        },
        zone,
    )
    .reach;
    assert!((cap_up - (1.0 - 0.4 * 0.9 * 0.3 * 0.7)).abs() < 1e-12);
    assert!((cap_down - (1.0 - 0.9 * 0.3 * 0.7)).abs() < 1e-12);
    let late = run(make(), channels, false, Tick::from_hours(24.0));
    assert!((late.warned_share() - cap_down).abs() < 1e-9);
}

/// At constant channels the tick-by-tick step is the closed form
/// M·F(t) at every tick.
#[test]
fn settlement_diffusion_equals_the_closed_form() {
    let mix = ChannelMix {
        active: ChannelSet::of(&[Channel::CellBroadcast, Channel::Siren]),
        night: false,
    };
    let zone = ZoneKind::Rural;
    let rates = BassRates::of(mix, zone);
    let mut s = Settlement::new(1, 1000, 0.0, zone, 3).unwrap();
    for t in 0..720u64 {
        s.advance(Tick(t), mix, None);
        let exact = rates.reach * bass_share(rates.p_per_min, rates.q_per_min, (t + 1) as f64 * TICK_MIN);
        assert!((s.warned_share() - exact).abs() < 1e-13, "tick {t}");
    }
}

/// Threshold rule: with 1000 households, the units warned are exactly those
/// with u_i ≤ F, and their share is within 4 binomial sd of F throughout.
#[test]
fn threshold_rule_is_binomial_around_the_model_share() {
    let mix = ChannelMix {
        active: ChannelSet::of(&[Channel::TvRadio]),
        night: false,
    };
    let mut s = Settlement::new(2, 2350, 0.0, ZoneKind::Rural, 99).unwrap();
    assert_eq!(s.units().len(), 1000);
    let mut checked = 0;
    for t in 0..(6 * 120) {
        s.advance(Tick(t), mix, None);
        let f = s.warned_share();
        for u in s.units() {
            assert_eq!(u.warned_at.is_some(), u.threshold <= f);
        }
        if t % 30 == 29 && f > 0.02 && f < 0.98 {
            let realised = units_warned(&s);
            assert!(
                (realised - f).abs() < binomial_4sd(f, 1000),
                "tick {t}: {realised} vs {f}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
}

/// Decision delays from the simulated departures: with an order at the
/// start, a unit leaves at warned + delay. Median and 90th percentile of
/// the official and vulnerable distributions against `rescue.md`'s values,
/// within 4 standard errors of the sample quantile (log scale: σ·√(π/2)/√n
/// for the median, σ·√(0.09)/(φ(z₀.₉)·√n) for the 90th percentile) plus
/// the tick quantisation (delays are rounded up to 10 s).
#[test]
fn decision_delays_match_the_documented_distribution() {
    for (vulnerable_share, expected) in [
        (0.0, DelayDistribution::OFFICIAL_ORDER),
        (1.0, DelayDistribution::VULNERABLE),
    ] {
        let mut delays_min: Vec<f64> = Vec::new();
        for place in 0..3 {
            let mut s = Settlement::new(place, 9600, vulnerable_share, ZoneKind::Urban, 2024).unwrap();
            let mix = ChannelMix {
                active: ChannelSet::ALL.without(Channel::DoorToDoor),
                night: false,
            };
            for t in 0..(6 * 60 * 48) {
                let step = s.advance(Tick(t), mix, Some(Tick::ZERO));
                for d in step.departures {
                    let u = &s.units()[d.unit as usize];
                    assert!(!u.personal_warning);
                    let warned = u.warned_at.unwrap();
                    delays_min.push((t - warned.0) as f64 * TICK_MIN);
                }
            }
        }
        delays_min.sort_by(f64::total_cmp);
        let n = delays_min.len();
        assert!(n > 9000, "{n}");
        let quantile = |p: f64| delays_min[((n as f64) * p) as usize];
        let sigma = expected.sigma();
        let phi_z90 = libm::exp(-0.5 * Z90 * Z90) / (2.0 * std::f64::consts::PI).sqrt();
        let se_median = sigma * (std::f64::consts::PI / 2.0).sqrt() / (n as f64).sqrt();
        let se_p90 = sigma * 0.3 / (phi_z90 * (n as f64).sqrt());
        let quantisation = |q: f64| libm::log(1.0 + TICK_MIN / q);
        let median = quantile(0.5);
        let p90 = quantile(0.9);
        let err_median = libm::log(median / expected.median_min).abs();
        let err_p90 = libm::log(p90 / expected.p90_min).abs();
        assert!(
            err_median < 4.0 * se_median + quantisation(expected.median_min),
            "median {median} vs {}",
            expected.median_min
        );
        assert!(
            err_p90 < 4.0 * se_p90 + quantisation(expected.p90_min),
            "p90 {p90} vs {}",
            expected.p90_min
        );
    }
}

/// The same village, warned on every channel at the start; an evacuation
/// order at 10 min against one at 60 min, the flood at 90 min. With the
/// same draws each household decides no later under the earlier order, so
/// everyone gone in the late run is gone in the early one; fewer are home
/// when the water comes, and fewer are hurt.
#[test]
fn earlier_order_leaves_fewer_people_in_harms_way() {
    let arrival = Tick::from_minutes(90);
    let flood = Exposure::Flood {
        hazard_rating: 2.5,
        onset: FloodOnset::Rapid,
        nature: AreaNature::SingleStorey,
    };
    let go = |order_min: u64| {
        let mut s = Settlement::new(4, 3000, 0.15, ZoneKind::Rural, 8).unwrap();
        let mut issued = IssuedChannels::new();
        issued.issue(ChannelSet::ALL, Tick::ZERO);
        let order = Tick::from_minutes(order_min);
        for t in 0..arrival.0 {
            let mix = ChannelMix {
                active: issued.active(Tick(t), true),
                night: false,
            };
            s.advance(Tick(t), mix, Some(order).filter(|o| *o <= Tick(t)));
        }
        let present = s.present_people();
        let harmed = s.expose(flood, arrival);
        (s, present, harmed)
    };
    let (early, early_present, early_harm) = go(10);
    let (late, late_present, late_harm) = go(60);
    for (a, b) in early.units().iter().zip(late.units()) {
        if b.state == HouseholdState::Evacuating {
            assert_eq!(a.state, HouseholdState::Evacuating);
        }
    }
    assert!(early_present < late_present, "{early_present} vs {late_present}");
    assert!(
        early_harm.injured + early_harm.dead < late_harm.injured + late_harm.dead,
        "{early_harm:?} vs {late_harm:?}"
    );
    // Everyone still home when the water is "danger for most" is trapped.
    assert_eq!(
        early.counts().trapped + early.counts().injured + early.counts().dead,
        early_present
    );
}

/// Two runs agree, and a snapshot mid-run continues identically.
#[test]
fn deterministic_and_snapshot_continuation() {
    let make = || Settlement::new(9, 4000, 0.2, ZoneKind::Forest, 77).unwrap();
    let mix = ChannelMix {
        active: ChannelSet::ALL,
        night: true,
    };
    let mut a = make();
    let mut b = make();
    for t in 0..200 {
        assert_eq!(
            a.advance(Tick(t), mix, Some(Tick(30))),
            b.advance(Tick(t), mix, Some(Tick(30)))
        );
    }
    let bytes = postcard::to_allocvec(&a).unwrap();
    let mut c: Settlement = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(a, c);
    for t in 200..900 {
        let order = Some(Tick(30));
        assert_eq!(a.advance(Tick(t), mix, order), c.advance(Tick(t), mix, order));
        b.advance(Tick(t), mix, order);
    }
    assert_eq!(a, c);
    assert_eq!(a, b);
}
