//! [`SimPlugin`]: the one resource that owns the [`Sim`] (the recorded [`DrillSim`]), the speed control,
//! the queue of orders the UI gives, and the three ordered system sets
//! (submit orders → step → sync view) that connect Bevy's frames to whole
//! simulation ticks.
//!
//! Bevy's clock never reaches `sim-core`: real time only decides *how many*
//! ticks to run this frame; each tick is a plain `sim.step(1)`.

use std::collections::VecDeque;
use std::time::Duration;

use bevy::prelude::*;
use sim_core::{Order, Sim, TICK_SECONDS, Tick, TimedEvent};

/// Most ticks run in one frame. A slow frame at ×600 must not freeze the
/// app while it catches up: what is left stays in the backlog for the next
/// frames.
pub const MAX_TICKS_PER_FRAME: u64 = 600;

/// Most simulated time kept waiting in the backlog. Beyond it, time is
/// dropped rather than replayed: after a long stall (a dragged window, a
/// debugger) the drill should not race on for minutes.
const MAX_BACKLOG: Duration = Duration::from_secs(4 * MAX_TICKS_PER_FRAME * TICK_SECONDS);

/// Events kept in the [`EventFeed`].
pub const EVENT_FEED_LEN: usize = 200;

/// The three ordered phases of every frame's simulation work, in `Update`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// Orders due now go from the [`OrderQueue`] into the sim.
    SubmitOrders,
    /// Whole ticks are stepped according to the speed.
    Step,
    /// Events are drained and views updated from the new state.
    SyncView,
}

use crate::drill::DEFAULT_ROLE;
pub use crate::drill::DrillSim;

/// How fast simulated time runs, in simulated seconds per real second.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SimSpeed {
    /// Stopped.
    #[default]
    Paused,
    /// Real time.
    X1,
    /// One simulated minute per second.
    X60,
    /// Ten simulated minutes per second.
    X600,
}

impl SimSpeed {
    /// Every speed, slowest first, as the controls show them.
    pub const ALL: [SimSpeed; 4] = [SimSpeed::Paused, SimSpeed::X1, SimSpeed::X60, SimSpeed::X600];

    /// Simulated seconds per real second.
    pub fn factor(self) -> u32 {
        match self {
            SimSpeed::Paused => 0,
            SimSpeed::X1 => 1,
            SimSpeed::X60 => 60,
            SimSpeed::X600 => 600,
        }
    }

    /// The speed with this factor, if it is one of the offered speeds.
    pub fn from_factor(factor: u32) -> Option<SimSpeed> {
        SimSpeed::ALL.into_iter().find(|s| s.factor() == factor)
    }

    /// The button label.
    pub fn label(self) -> &'static str {
        match self {
            SimSpeed::Paused => "暂停 Pause",
            SimSpeed::X1 => "×1",
            SimSpeed::X60 => "×60",
            SimSpeed::X600 => "×600",
        }
    }
}

/// Simulated time owed to the sim but not yet stepped: always less than a
/// tick, except after a capped frame.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct SimClock {
    /// Simulated time not yet stepped.
    pub backlog: Duration,
}

/// Orders waiting to be submitted, each for a tick.
///
/// An order for tick `T` is submitted when `sim.tick() == T`, before that
/// tick is stepped (and at once if `T` has already passed), so a scripted
/// list of `(tick, order)` pairs reaches the sim exactly as a plain loop of
/// "submit what is due, then `step(1)`" would give it. Orders for the same
/// tick go in the order they were pushed. Each is recorded with the role it
/// was queued as ([`DEFAULT_ROLE`] unless [`OrderQueue::push_as`]).
#[derive(Resource, Debug, Default)]
pub struct OrderQueue {
    /// `(tick, sequence, role, order)`, sorted by `(tick, sequence)`.
    pending: Vec<(Tick, u64, String, Order)>,
    next_seq: u64,
}

impl OrderQueue {
    /// Queues `order` to be submitted as soon as possible (before the next
    /// tick is stepped).
    pub fn push(&mut self, order: Order) {
        self.push_at(Tick::ZERO, order);
    }

    /// Queues `order` to be submitted when the sim reaches tick `at`.
    pub fn push_at(&mut self, at: Tick, order: Order) {
        self.push_as(at, DEFAULT_ROLE, order);
    }

    /// Queues `order`, given by `role`, for tick `at`; the record names
    /// `role` (orders queued otherwise are the commander's).
    pub fn push_as(&mut self, at: Tick, role: &str, order: Order) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let index = self.pending.partition_point(|(t, s, _, _)| (*t, *s) <= (at, seq));
        self.pending.insert(index, (at, seq, role.to_owned(), order));
    }

    /// Number of orders waiting.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no order is waiting.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Removes and returns the orders due at or before `now`, in order.
    fn take_due(&mut self, now: Tick) -> Vec<(String, Order)> {
        let due = self.pending.partition_point(|(t, _, _, _)| *t <= now);
        self.pending
            .drain(..due)
            .map(|(_, _, role, order)| (role, order))
            .collect()
    }
}

/// The state hash after every stepped tick, when present. Tests insert it to
/// compare a UI-driven run with a plain one; the app leaves it out.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct HashLog {
    /// `(tick reached, state_hash())`, one entry per `step(1)`.
    pub entries: Vec<(Tick, u64)>,
}

/// What the trainees see as the drill's log: the last [`EVENT_FEED_LEN`]
/// events, and orders the sim refused.
#[derive(Resource, Debug, Default)]
pub struct EventFeed {
    /// Most recent last.
    pub events: VecDeque<TimedEvent>,
    /// Events ever pushed: a reader that remembers this sees what is new.
    pub total: u64,
    /// Orders refused at submission, `(tick, label, reason)`, most recent last.
    pub refused: VecDeque<(Tick, String, String)>,
}

impl EventFeed {
    fn push(&mut self, event: TimedEvent) {
        if self.events.len() == EVENT_FEED_LEN {
            self.events.pop_front();
        }
        self.events.push_back(event);
        self.total += 1;
    }

    /// Takes back the last `n` events (an undo dropped the time they
    /// happened in). `total` stays: it counts pushes, so readers that
    /// remember it still see exactly the events pushed after.
    pub fn retract(&mut self, n: u64) {
        for _ in 0..n {
            if self.events.pop_back().is_none() {
                break;
            }
        }
    }

    /// The events pushed after a reader had seen `seen` of them (at most the
    /// ones still kept).
    pub fn since(&self, seen: u64) -> impl Iterator<Item = &TimedEvent> {
        let new = usize::try_from(self.total.saturating_sub(seen)).unwrap_or(usize::MAX);
        let skip = self.events.len().saturating_sub(new);
        self.events.iter().skip(skip)
    }
}

/// Owns the drill: inserts [`DrillSim`], [`SimSpeed`], [`SimClock`],
/// [`OrderQueue`] and [`EventFeed`], and runs the [`SimSet`]s in `Update`.
#[derive(Debug)]
pub struct SimPlugin {
    sim: Sim,
    speed: SimSpeed,
}

impl SimPlugin {
    /// A plugin that will run `sim`, paused.
    pub fn new(sim: Sim) -> SimPlugin {
        SimPlugin {
            sim,
            speed: SimSpeed::Paused,
        }
    }

    /// Starts at `speed` instead of paused.
    pub fn with_speed(mut self, speed: SimSpeed) -> SimPlugin {
        self.speed = speed;
        self
    }
}

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(DrillSim::new(self.sim.clone()))
            .insert_resource(self.speed)
            .init_resource::<SimClock>()
            .init_resource::<OrderQueue>()
            .init_resource::<EventFeed>()
            .configure_sets(Update, (SimSet::SubmitOrders, SimSet::Step, SimSet::SyncView).chain())
            .add_systems(Update, submit_orders.in_set(SimSet::SubmitOrders))
            .add_systems(Update, step_sim.in_set(SimSet::Step))
            .add_systems(Update, drain_events.in_set(SimSet::SyncView));
    }
}

/// Submits every queued order due at the sim's current tick. A refusal is
/// logged in the feed; it changes nothing in the sim.
fn submit_due(drill: &mut DrillSim, queue: &mut OrderQueue, feed: &mut EventFeed) {
    if queue.is_empty() {
        return;
    }
    for (role, order) in queue.take_due(drill.sim().tick()) {
        let label = order.label();
        if let Err(reason) = drill.submit(&role, order, "") {
            warn!("order refused: {label}: {reason}");
            if feed.refused.len() == EVENT_FEED_LEN {
                feed.refused.pop_front();
            }
            feed.refused.push_back((drill.sim().tick(), label, reason.to_string()));
        }
    }
}

fn submit_orders(mut drill: ResMut<DrillSim>, mut queue: ResMut<OrderQueue>, mut feed: ResMut<EventFeed>) {
    submit_due(&mut drill, &mut queue, &mut feed);
}

/// Whole ticks owed for `backlog`, capped at [`MAX_TICKS_PER_FRAME`], and
/// the backlog that remains after running them.
pub fn ticks_for(backlog: Duration) -> (u64, Duration) {
    let tick = Duration::from_secs(TICK_SECONDS);
    let owed = backlog.as_secs() / TICK_SECONDS;
    let run = owed.min(MAX_TICKS_PER_FRAME);
    // `run` ≤ 600, so the product fits any Duration.
    let rest = backlog.saturating_sub(tick * u32::try_from(run).unwrap_or(u32::MAX));
    (run, rest.min(MAX_BACKLOG))
}

/// Reads `Time<Real>`, not the default virtual clock: [`SimSpeed`] is the
/// drill's own pause and scale, and the per-frame cap above replaces the
/// virtual clock's 250 ms clamp (which would silently slow ×600 down on a
/// slow machine).
fn step_sim(
    time: Res<Time<Real>>,
    mut speed: ResMut<SimSpeed>,
    mut clock: ResMut<SimClock>,
    mut drill: ResMut<DrillSim>,
    mut queue: ResMut<OrderQueue>,
    mut feed: ResMut<EventFeed>,
    mut hashes: Option<ResMut<HashLog>>,
) {
    let factor = speed.factor();
    if factor == 0 {
        return;
    }
    // Duration × u32 is exact integer arithmetic: ×60 for 1 s is exactly six
    // ticks, never 5.999….
    clock.backlog = clock.backlog.saturating_add(time.delta().saturating_mul(factor));
    let (ticks, rest) = ticks_for(clock.backlog);
    clock.backlog = rest;
    let drill = &mut *drill;
    let end = drill.sim().end();
    for _ in 0..ticks {
        // Orders for a tick inside this frame's run are submitted right
        // before it, exactly as in a one-tick-at-a-time loop.
        submit_due(drill, &mut queue, &mut feed);
        let before = drill.sim().tick();
        drill.step(1);
        let sim = drill.sim();
        if let Some(log) = hashes.as_deref_mut() {
            log.entries.push((sim.tick(), sim.state_hash()));
        }
        if before < end && sim.tick() >= end {
            // The scenario's time is up: stop there and let the trainer
            // decide whether to run on.
            info!("drill reached its end at {}; pausing", sim.tick());
            *speed = SimSpeed::Paused;
            clock.backlog = Duration::ZERO;
            break;
        }
    }
}

fn drain_events(mut drill: ResMut<DrillSim>, mut feed: ResMut<EventFeed>) {
    for event in drill.drain_events() {
        feed.push(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_ticks_carry_the_remainder() {
        assert_eq!(ticks_for(Duration::from_secs(60)), (6, Duration::ZERO));
        assert_eq!(
            ticks_for(Duration::from_millis(25_500)),
            (2, Duration::from_millis(5_500))
        );
        assert_eq!(ticks_for(Duration::from_secs(9)), (0, Duration::from_secs(9)));
    }

    #[test]
    fn a_slow_frame_is_capped_and_the_rest_kept() {
        let (run, rest) = ticks_for(Duration::from_secs(700 * TICK_SECONDS));
        assert_eq!(run, MAX_TICKS_PER_FRAME);
        assert_eq!(rest, Duration::from_secs(100 * TICK_SECONDS));
        let (_, rest) = ticks_for(Duration::from_secs(100 * MAX_TICKS_PER_FRAME * TICK_SECONDS));
        assert_eq!(rest, MAX_BACKLOG);
    }

    #[test]
    fn queue_orders_by_tick_then_push_order() {
        let mut q = OrderQueue::default();
        let c = |t: &str| Order::HoldConsultation { topic: t.into() };
        q.push_at(Tick(5), c("b"));
        q.push_at(Tick(2), c("a"));
        q.push_at(Tick(5), c("c"));
        q.push(c("now"));
        q.push_as(Tick(9), "航空组 aviation", c("d"));
        let due = |q: &mut OrderQueue, t| q.take_due(Tick(t)).into_iter().map(|(_, o)| o).collect::<Vec<_>>();
        assert_eq!(due(&mut q, 1), vec![c("now")]);
        assert_eq!(due(&mut q, 4), vec![c("a")]);
        assert_eq!(
            q.take_due(Tick(9)),
            vec![
                (DEFAULT_ROLE.to_owned(), c("b")),
                (DEFAULT_ROLE.to_owned(), c("c")),
                ("航空组 aviation".to_owned(), c("d"))
            ]
        );
        assert!(q.is_empty());
    }

    #[test]
    fn feed_keeps_the_last_events_and_counts_all() {
        let mut feed = EventFeed::default();
        for i in 0..(EVENT_FEED_LEN as u64 + 5) {
            feed.push(TimedEvent {
                tick: Tick(i),
                event: sim_core::Event::CommsRestored,
            });
        }
        assert_eq!(feed.events.len(), EVENT_FEED_LEN);
        assert_eq!(
            feed.since(feed.total - 2).map(|e| e.tick.0).collect::<Vec<_>>(),
            vec![203, 204]
        );
        assert_eq!(feed.since(0).count(), EVENT_FEED_LEN);
    }
}
