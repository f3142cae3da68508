//! Warning channels and the diffusion of a warning through a settlement.
//!
//! Diffusion follows the Rogers & Sorensen mixed broadcast/contagion model
//! (Rogers & Sorensen 1988/1989, a Bass-type curve; `rescue.md` §2.8):
//!
//! F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}),
//!
//! the solution from F(0) = 0 of dF/dt = (p + qF)(1 − F), with p the
//! broadcast rate of the channels (/min) and q the word-of-mouth contagion
//! rate (/min). Channels switch on and off over time (start delays, a mobile
//! network outage), so the sim does not evaluate the closed form: it steps
//! the warned share tick by tick with [`bass_step`], the exact solution over
//! one tick at constant rates, which composes to the closed form when the
//! rates are constant (tested).
//!
//! A reach cap M (the share of people any active channel can reach at all,
//! e.g. mobile coverage in pastoral zones) scales the curve: with G = F/M the
//! warned share of the reachable people, dG/dt = (p + qG)(1 − G), the Bass
//! model with market potential M.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::scenario::PlaceKind;
use crate::time::Tick;

/// A way a warning reaches people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Channel {
    /// Cell broadcast and SMS alerts (预警短信/小区广播). Needs the public
    /// mobile network.
    CellBroadcast,
    /// Television and radio (电视/广播).
    TvRadio,
    /// Outdoor sirens (防空警报/预警警报器).
    Siren,
    /// Village loudspeakers (农村大喇叭/应急广播).
    Loudspeaker,
    /// Door-to-door by grid workers and village cadres (网格员/村干部入户).
    DoorToDoor,
}

impl Channel {
    /// Every channel, in a fixed order (also the bit order of [`ChannelSet`]).
    pub const ALL: [Channel; 5] = [
        Channel::CellBroadcast,
        Channel::TvRadio,
        Channel::Siren,
        Channel::Loudspeaker,
        Channel::DoorToDoor,
    ];

    /// The channel's broadcast rate, start delay and network dependence.
    ///
    /// Broadcast rates are hazard rates of independent sources, so the p of a
    /// channel mix is the sum of its channels' p. They are derived from the
    /// Rogers & Sorensen rows of [`ROGERS_SORENSEN`] (test
    /// `channel_rates_reproduce_the_table`):
    /// * TV/radio 0.010: the "media only" row.
    /// * Sirens 0.020: the "mixed" row (p = 0.03) read as media + sirens
    ///   (assumption: the row names no channels).
    /// * Cell broadcast 0.080: the "cell broadcast + sirens" row (p = 0.10)
    ///   minus the sirens.
    /// * Village loudspeakers 0.020: as sirens, a fixed audible source with
    ///   a spoken message (assumption).
    /// * Door-to-door 0.005: `rescue.md` gives 10–20 households per hour per
    ///   2-person team; with one team per 100 households (assumption) a
    ///   village is covered in ~6.7 h, a mean wait of ~200 min, p = 1/200.
    ///
    /// Start delays (issue → first message out) are assumptions: a siren is
    /// switched on in ~2 min; cell broadcast is queued through the operators
    /// (~5 min); a cadre reaches the loudspeaker (~5 min); TV/radio needs a
    /// scroll or an insert (~15 min); grid workers are mobilised (~15 min).
    pub fn params(self) -> ChannelParams {
        match self {
            Channel::CellBroadcast => ChannelParams {
                rate_per_min: 0.08,
                start_delay_min: 5,
                needs_mobile_network: true,
            },
            Channel::TvRadio => ChannelParams {
                rate_per_min: 0.01,
                start_delay_min: 15,
                needs_mobile_network: false,
            },
            Channel::Siren => ChannelParams {
                rate_per_min: 0.02,
                start_delay_min: 2,
                needs_mobile_network: false,
            },
            Channel::Loudspeaker => ChannelParams {
                rate_per_min: 0.02,
                start_delay_min: 5,
                needs_mobile_network: false,
            },
            Channel::DoorToDoor => ChannelParams {
                rate_per_min: 0.005,
                start_delay_min: 15,
                needs_mobile_network: false,
            },
        }
    }

    /// Share of a zone's people the channel can reach at all (assumptions;
    /// `rescue.md` asks for the mobile-coverage cap in pastoral areas):
    ///
    /// | channel | urban | rural | pastoral | forest |
    /// |---|---|---|---|---|
    /// | cell broadcast (mobile coverage) | 0.98 | 0.90 | 0.60 | 0.50 |
    /// | TV/radio (set on and watched) | 0.85 | 0.80 | 0.70 | 0.60 |
    /// | sirens (within earshot) | 0.90 | 0.60 | 0.10 | 0.20 |
    /// | village loudspeakers | 0.30 | 0.90 | 0.30 | 0.50 |
    /// | door-to-door | 1 | 1 | 1 | 1 |
    ///
    /// Dispersed herders' camps are out of earshot of sirens and often out
    /// of mobile coverage; cities rarely have village loudspeakers; a grid
    /// worker can in the end knock on every door.
    pub fn reach(self, zone: ZoneKind) -> f64 {
        use ZoneKind::{Forest, Pastoral, Rural, Urban};
        match (self, zone) {
            (Channel::CellBroadcast, Urban) => 0.98,
            (Channel::CellBroadcast, Rural) => 0.90,
            (Channel::CellBroadcast, Pastoral) => 0.60,
            (Channel::CellBroadcast, Forest) => 0.50,
            (Channel::TvRadio, Urban) => 0.85,
            (Channel::TvRadio, Rural) => 0.80,
            (Channel::TvRadio, Pastoral) => 0.70,
            (Channel::TvRadio, Forest) => 0.60,
            (Channel::Siren, Urban) => 0.90,
            (Channel::Siren, Rural) => 0.60,
            (Channel::Siren, Pastoral) => 0.10,
            (Channel::Siren, Forest) => 0.20,
            (Channel::Loudspeaker, Urban) => 0.30,
            (Channel::Loudspeaker, Rural) => 0.90,
            (Channel::Loudspeaker, Pastoral) => 0.30,
            (Channel::Loudspeaker, Forest) => 0.50,
            (Channel::DoorToDoor, _) => 1.0,
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::CellBroadcast => "cell broadcast",
            Channel::TvRadio => "TV/radio",
            Channel::Siren => "sirens",
            Channel::Loudspeaker => "village loudspeakers",
            Channel::DoorToDoor => "door-to-door",
        })
    }
}

/// How fast, how late, and on what a channel depends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChannelParams {
    /// Broadcast rate p, per minute.
    pub rate_per_min: f64,
    /// Minutes from issuing the warning to the channel's first message.
    pub start_delay_min: u32,
    /// Whether a public mobile network outage silences it.
    pub needs_mobile_network: bool,
}

/// One row of the Rogers & Sorensen table in `rescue.md` §2.8.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RogersSorensenRow {
    /// The channel mix the row describes.
    pub mix: &'static str,
    /// Broadcast rate, /min.
    pub p_per_min: f64,
    /// Contagion rate, /min.
    pub q_per_min: f64,
    /// Minutes to 90 % warned, as the table gives it.
    pub t90_min: f64,
}

/// The Rogers & Sorensen (1988/1989) rows quoted in `rescue.md` §2.8.
pub const ROGERS_SORENSEN: [RogersSorensenRow; 4] = [
    RogersSorensenRow {
        mix: "cell broadcast + sirens",
        p_per_min: 0.10,
        q_per_min: 0.05,
        t90_min: 18.0,
    },
    RogersSorensenRow {
        mix: "mixed",
        p_per_min: 0.03,
        q_per_min: 0.10,
        t90_min: 29.0,
    },
    RogersSorensenRow {
        mix: "media only",
        p_per_min: 0.01,
        q_per_min: 0.05,
        t90_min: 67.0,
    },
    RogersSorensenRow {
        mix: "rural night",
        p_per_min: 0.005,
        q_per_min: 0.02,
        t90_min: 154.0,
    },
];

/// Broadcast channels reach people half as fast at night: the "rural night"
/// row's p (0.005) over the "media only" row's (0.01). Door-to-door is not
/// slowed (a knock wakes people). Assumption: the table's night row is
/// media at night.
pub const NIGHT_BROADCAST_FACTOR: f64 = 0.5;

/// Word-of-mouth contagion at night, /min: the "rural night" row.
pub const NIGHT_CONTAGION_PER_MIN: f64 = 0.02;

/// The kind of place a settlement is, for coverage and contagion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ZoneKind {
    /// Cities and towns.
    Urban,
    /// Farming villages.
    Rural,
    /// Grassland gacha and herders' camps.
    Pastoral,
    /// Forest-district settlements (林场) of the Greater Khingan.
    Forest,
}

impl ZoneKind {
    /// The default zone of a scenario place kind: cities and towns are
    /// urban, villages rural, camps pastoral. Forest settlements are not a
    /// place kind; the caller sets [`ZoneKind::Forest`] from land cover.
    pub fn of_place(kind: PlaceKind) -> ZoneKind {
        match kind {
            PlaceKind::City | PlaceKind::Town => ZoneKind::Urban,
            PlaceKind::Village => ZoneKind::Rural,
            PlaceKind::Camp => ZoneKind::Pastoral,
        }
    }

    /// Daytime word-of-mouth contagion q, /min. Urban and rural 0.05 (the
    /// table's daytime rows other than "mixed"); pastoral and forest 0.03,
    /// lower because neighbours are kilometres apart (assumption).
    pub fn day_contagion_per_min(self) -> f64 {
        match self {
            ZoneKind::Urban | ZoneKind::Rural => 0.05,
            ZoneKind::Pastoral | ZoneKind::Forest => 0.03,
        }
    }
}

/// A set of channels (a bit set in [`Channel::ALL`] order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct ChannelSet(u8);

impl ChannelSet {
    /// No channel.
    pub const EMPTY: ChannelSet = ChannelSet(0);
    /// Every channel.
    pub const ALL: ChannelSet = ChannelSet(0b1_1111);

    /// The set of `channels`.
    pub fn of(channels: &[Channel]) -> ChannelSet {
        channels.iter().fold(ChannelSet::EMPTY, |s, c| s.with(*c))
    }

    /// This set plus `channel`.
    pub fn with(self, channel: Channel) -> ChannelSet {
        ChannelSet(self.0 | channel.bit())
    }

    /// This set without `channel`.
    pub fn without(self, channel: Channel) -> ChannelSet {
        ChannelSet(self.0 & !channel.bit())
    }

    /// Whether `channel` is in the set.
    pub fn contains(self, channel: Channel) -> bool {
        self.0 & channel.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The channels in [`Channel::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Channel> {
        Channel::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// Total broadcast rate of the set, /min (daytime).
    pub fn rate_per_min(self) -> f64 {
        self.iter().map(|c| c.params().rate_per_min).sum()
    }
}

/// The channels warning a settlement during one tick, and whether it is
/// night there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChannelMix {
    /// Channels sending messages now (issued, past their start delay, and
    /// not silenced by an outage): see [`IssuedChannels::active`].
    pub active: ChannelSet,
    /// Night: broadcast slower, contagion lower.
    pub night: bool,
}

/// The rates of the diffusion model for one tick.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BassRates {
    /// Broadcast rate p, /min.
    pub p_per_min: f64,
    /// Contagion rate q, /min.
    pub q_per_min: f64,
    /// The share of people any active channel can reach, M.
    pub reach: f64,
    /// The part of p due to door-to-door visits, /min (personal warnings
    /// shorten the decision delay).
    pub personal_per_min: f64,
}

impl BassRates {
    /// The rates of `mix` in `zone`. p is the sum of the active channels'
    /// rates; M = 1 − Π(1 − reach) over them (who each channel can reach is
    /// taken as independent: an assumption).
    pub fn of(mix: ChannelMix, zone: ZoneKind) -> BassRates {
        let mut p = 0.0;
        let mut personal = 0.0;
        let mut unreached = 1.0;
        for c in mix.active.iter() {
            let mut rate = c.params().rate_per_min;
            if c == Channel::DoorToDoor {
                personal += rate;
            } else if mix.night {
                rate *= NIGHT_BROADCAST_FACTOR;
            }
            p += rate;
            unreached *= 1.0 - c.reach(zone);
        }
        let day_q = zone.day_contagion_per_min();
        BassRates {
            p_per_min: p,
            q_per_min: if mix.night {
                day_q.min(NIGHT_CONTAGION_PER_MIN)
            } else {
                day_q
            },
            reach: 1.0 - unreached,
            personal_per_min: personal,
        }
    }
}

/// The closed-form Rogers & Sorensen share warned after `t_min` minutes at
/// constant rates, from nobody warned: (1 − e^{−(p+q)t}) / (1 + (q/p)e^{−(p+q)t}).
/// Zero when p ≤ 0 (contagion alone cannot start).
pub fn bass_share(p_per_min: f64, q_per_min: f64, t_min: f64) -> f64 {
    if !positive(p_per_min) || !positive(t_min) {
        return 0.0;
    }
    let e = libm::exp(-(p_per_min + q_per_min) * t_min);
    (1.0 - e) / (1.0 + (q_per_min / p_per_min) * e)
}

/// Minutes for the closed form to reach `share` (< 1): the inverse of
/// [`bass_share`], t = ln((1 + share·q/p) / (1 − share)) / (p + q).
/// Infinite when it never does (p ≤ 0 or share ≥ 1).
pub fn time_to_share(p_per_min: f64, q_per_min: f64, share: f64) -> f64 {
    if share <= 0.0 {
        return 0.0;
    }
    if !positive(p_per_min) || share >= 1.0 {
        return f64::INFINITY;
    }
    libm::log((1.0 + share * q_per_min / p_per_min) / (1.0 - share)) / (p_per_min + q_per_min)
}

/// The exact solution of dG/dt = (p + qG)(1 − G) over `dt_min` at constant
/// rates, from share `g0`.
///
/// (p + qG)/(1 − G) grows as e^{(p+q)t} (its log-derivative is p + q), so
/// with E = e^{−(p+q)Δt}:
/// 1 − G₁ = (p + q)·E·(1 − G₀) / (p + qG₀ + qE(1 − G₀)).
/// Written for 1 − G₁ so that it stays accurate near G = 1. From G₀ = 0 it
/// is [`bass_share`]; steps compose because the ratio multiplies.
pub fn bass_step(g0: f64, p_per_min: f64, q_per_min: f64, dt_min: f64) -> f64 {
    let g0 = g0.clamp(0.0, 1.0);
    let s = p_per_min + q_per_min;
    if !positive(s) || !positive(dt_min) {
        return g0;
    }
    let e = libm::exp(-s * dt_min);
    let denominator = p_per_min + q_per_min * g0 + q_per_min * e * (1.0 - g0);
    if !positive(denominator) {
        return g0;
    }
    (1.0 - s * e * (1.0 - g0) / denominator).clamp(g0, 1.0)
}

/// `x > 0` (false for NaN).
fn positive(x: f64) -> bool {
    x > 0.0
}

/// The share of a settlement's people who have received the warning, F.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct WarningDiffusion {
    warned_share: f64,
}

impl WarningDiffusion {
    /// Nobody warned.
    pub fn new() -> WarningDiffusion {
        WarningDiffusion::default()
    }

    /// F, the share warned, 0–1.
    pub fn warned_share(&self) -> f64 {
        self.warned_share
    }

    /// Advances F over `dt_min` at `rates`: G = F/M takes an exact
    /// [`bass_step`]. Nobody is un-warned: when an outage lowers M below F,
    /// F stays where it is until M rises again.
    pub fn step(&mut self, rates: BassRates, dt_min: f64) -> f64 {
        let m = rates.reach.clamp(0.0, 1.0);
        if m > 0.0 && self.warned_share < m {
            let g0 = self.warned_share / m;
            let g1 = bass_step(g0, rates.p_per_min, rates.q_per_min, dt_min);
            self.warned_share = (m * g1).max(self.warned_share);
        }
        self.warned_share
    }
}

/// When each channel was told to carry the warning to a settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IssuedChannels {
    issued_at: [Option<Tick>; 5],
}

impl IssuedChannels {
    /// No warning issued.
    pub fn new() -> IssuedChannels {
        IssuedChannels::default()
    }

    /// Records a warning on `channels` at `at`; a channel already issued
    /// keeps its earlier time.
    pub fn issue(&mut self, channels: ChannelSet, at: Tick) {
        for c in channels.iter() {
            let slot = &mut self.issued_at[c as usize];
            *slot = Some(slot.map_or(at, |t| t.min(at)));
        }
    }

    /// When `channel` was issued, if it was.
    pub fn issued_at(&self, channel: Channel) -> Option<Tick> {
        self.issued_at[channel as usize]
    }

    /// The tick from which `channel` sends messages (issue + start delay).
    pub fn starts_at(&self, channel: Channel) -> Option<Tick> {
        self.issued_at(channel)
            .map(|t| t.plus(Tick::from_minutes(u64::from(channel.params().start_delay_min)).0))
    }

    /// The channels sending at `now`: issued, past their start delay, and
    /// not needing a mobile network that is down.
    pub fn active(&self, now: Tick, mobile_network_up: bool) -> ChannelSet {
        Channel::ALL
            .into_iter()
            .filter(|c| self.starts_at(*c).is_some_and(|t| t <= now))
            .filter(|c| mobile_network_up || !c.params().needs_mobile_network)
            .fold(ChannelSet::EMPTY, ChannelSet::with)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's times to 90 % follow from its (p, q) by the closed form
    /// (Rogers & Sorensen's own numbers, rounded to a minute; the rural
    /// night row computes to 153.2 min against the quoted 154).
    #[test]
    fn closed_form_reproduces_the_table_times() {
        for row in ROGERS_SORENSEN {
            let t = time_to_share(row.p_per_min, row.q_per_min, 0.9);
            assert!((t - row.t90_min).abs() < 1.0, "{}: {t} min vs {}", row.mix, row.t90_min);
            assert!((bass_share(row.p_per_min, row.q_per_min, t) - 0.9).abs() < 1e-12);
        }
    }

    /// Per-channel rates add up to the table's channel mixes.
    #[test]
    fn channel_rates_reproduce_the_table() {
        let cell_sirens = ChannelSet::of(&[Channel::CellBroadcast, Channel::Siren]);
        let mixed = ChannelSet::of(&[Channel::TvRadio, Channel::Siren]);
        let media = ChannelSet::of(&[Channel::TvRadio]);
        assert!((cell_sirens.rate_per_min() - ROGERS_SORENSEN[0].p_per_min).abs() < 1e-15);
        assert!((mixed.rate_per_min() - ROGERS_SORENSEN[1].p_per_min).abs() < 1e-15);
        assert!((media.rate_per_min() - ROGERS_SORENSEN[2].p_per_min).abs() < 1e-15);
        // Media at night in a rural zone is the rural-night row.
        let night = BassRates::of(
            ChannelMix {
                active: media,
                night: true,
            },
            ZoneKind::Rural,
        );
        assert!((night.p_per_min - ROGERS_SORENSEN[3].p_per_min).abs() < 1e-15);
        assert_eq!(night.q_per_min, ROGERS_SORENSEN[3].q_per_min);
    }

    /// Stepping at constant rates reproduces the closed form: 360 ten-second
    /// steps (an hour) against F(60 min), and every intermediate tick.
    #[test]
    fn steps_compose_to_the_closed_form() {
        for (p, q) in [(0.10, 0.05), (0.03, 0.10), (0.005, 0.02), (0.2, 0.0)] {
            let mut g = 0.0;
            for k in 1..=360 {
                g = bass_step(g, p, q, 1.0 / 6.0);
                let exact = bass_share(p, q, f64::from(k) / 6.0);
                assert!((g - exact).abs() < 1e-13, "p {p} q {q} step {k}: {g} vs {exact}");
            }
        }
        // Contagion alone cannot start, but carries on from a seed share.
        assert_eq!(bass_step(0.0, 0.0, 0.05, 10.0), 0.0);
        let g = bass_step(0.1, 0.0, 0.05, 10.0);
        // Logistic: G/(1−G) grows as e^{qt}.
        let odds = 0.1 / 0.9 * libm::exp(0.5);
        assert!((g - odds / (1.0 + odds)).abs() < 1e-14);
        assert_eq!(bass_step(1.0, 0.1, 0.05, 10.0), 1.0);
    }

    /// With a reach cap M, F = M·F_bass at constant rates; an outage that
    /// lowers M below F freezes F.
    #[test]
    fn reach_caps_the_curve_and_nobody_is_unwarned() {
        let rates = BassRates {
            p_per_min: 0.1,
            q_per_min: 0.05,
            reach: 0.6,
            personal_per_min: 0.0,
        };
        let mut d = WarningDiffusion::new();
        for _ in 0..120 {
            d.step(rates, 1.0 / 6.0);
        }
        assert!((d.warned_share() - 0.6 * bass_share(0.1, 0.05, 20.0)).abs() < 1e-13);
        let before = d.warned_share();
        d.step(BassRates { reach: 0.3, ..rates }, 1.0 / 6.0);
        assert_eq!(d.warned_share(), before);
    }

    #[test]
    fn channels_start_after_their_delay_and_cell_needs_the_network() {
        let mut issued = IssuedChannels::new();
        issued.issue(ChannelSet::ALL, Tick::from_minutes(10));
        assert_eq!(issued.active(Tick::from_minutes(11), true), ChannelSet::EMPTY);
        assert_eq!(
            issued.active(Tick::from_minutes(12), true),
            ChannelSet::of(&[Channel::Siren])
        );
        let at_15 = issued.active(Tick::from_minutes(15), true);
        assert_eq!(
            at_15,
            ChannelSet::of(&[Channel::Siren, Channel::CellBroadcast, Channel::Loudspeaker])
        );
        assert_eq!(issued.active(Tick::from_minutes(25), true), ChannelSet::ALL);
        assert_eq!(
            issued.active(Tick::from_minutes(25), false),
            ChannelSet::ALL.without(Channel::CellBroadcast)
        );
        // A later re-issue keeps the first time.
        issued.issue(ChannelSet::ALL, Tick::from_minutes(30));
        assert_eq!(issued.issued_at(Channel::Siren), Some(Tick::from_minutes(10)));
    }

    #[test]
    fn mix_rates_reach_and_night() {
        let all = ChannelMix {
            active: ChannelSet::ALL,
            night: false,
        };
        let r = BassRates::of(all, ZoneKind::Pastoral);
        assert!((r.p_per_min - 0.135).abs() < 1e-15);
        assert_eq!(r.reach, 1.0);
        assert_eq!(r.personal_per_min, 0.005);
        let no_door = ChannelMix {
            active: ChannelSet::ALL.without(Channel::DoorToDoor),
            night: false,
        };
        let r = BassRates::of(no_door, ZoneKind::Pastoral);
        assert!((r.reach - (1.0 - 0.4 * 0.3 * 0.9 * 0.7)).abs() < 1e-15);
        let night = BassRates::of(ChannelMix { night: true, ..all }, ZoneKind::Urban);
        assert!((night.p_per_min - (0.13 * 0.5 + 0.005)).abs() < 1e-15);
        assert_eq!(ZoneKind::of_place(PlaceKind::Camp), ZoneKind::Pastoral);
    }
}
