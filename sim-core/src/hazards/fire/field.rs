//! [`FireField`]: the fire on the map — level-set φ, arrival time,
//! intensity and flame length per cell, the narrow band, and the hooks that
//! suppression calls (fireline, water drop, backburn, mop-up).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::FireBehavior;
use super::level_set::{Ellipse, Stencil, band_rates};

/// Largest fraction of a cell the front may cross in one level-set step.
/// ELMFIRE's default `max_cells_per_timestep` (CFL ≤ 0.4).
pub const CFL: f64 = 0.4;

/// Half-width of the narrow band around burned cells, cells: the upwind
/// stencil reads two cells each way, plus one so a cell is in the band
/// before the front reaches its stencil.
const BAND_RADIUS: isize = 3;

/// Per-cell flags.
const BURNABLE: u8 = 1;
const FIRELINE: u8 = 2;
const MOPPED_UP: u8 = 4;

/// A cell the front reached, with when and how hard.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Arrival {
    /// Row-major cell index.
    pub cell: u32,
    /// Minutes since the drill started.
    pub time_min: f64,
    /// Byram intensity of the front there, kW/m.
    pub intensity_kw_per_m: f64,
}

/// What one call of [`FireField::advance`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AdvanceReport {
    /// Cells the front reached, in the order found (step, then cell index).
    pub arrivals: Vec<Arrival>,
    /// Fireline cells the fire broke through: (cell, flame length m).
    pub breaches: Vec<(u32, f64)>,
    /// Level-set steps taken.
    pub steps: u32,
    /// Band-cell rate evaluations made (for benchmarks).
    pub cell_updates: u64,
}

/// The fire state on the run's grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FireField {
    width: usize,
    height: usize,
    cell_size_m: f64,
    /// The fire's clock, minutes since the drill started.
    time_min: f64,
    /// Level-set function: < 0 burned, > 0 unburned, in [−1, 1].
    phi: Vec<f64>,
    /// Minutes since the start when the front arrived; +∞ where unburned.
    arrival_min: Vec<f32>,
    /// Byram intensity when the front arrived, kW/m (0 where unburned).
    intensity_kw_per_m: Vec<f32>,
    /// Flags: burnable, fireline, mopped up.
    flags: Vec<u8>,
    /// Flame length a fireline cell holds against, m (0 where no fireline).
    fireline_holds_flame_m: Vec<f32>,
    /// Until when a cell is too wet to burn (water/retardant drop), minutes.
    wet_until_min: Vec<f32>,
    /// Whether the last level-set step moved the front (some unburned cell's φ fell).
    active: bool,
    /// Cells whose φ is updated, sorted ascending.
    band: Vec<u32>,
    /// Fire behaviour of each band cell, aligned with `band`.
    band_behavior: Vec<Ellipse>,
    /// Membership of `band`, per cell.
    in_band: Vec<bool>,
}

impl FireField {
    /// An unburned field; `burnable[i]` says whether cell `i` carries fuel.
    pub fn new(width: usize, height: usize, cell_size_m: f64, burnable: &[bool]) -> FireField {
        let n = width * height;
        FireField {
            width,
            height,
            cell_size_m,
            time_min: 0.0,
            phi: vec![1.0; n],
            arrival_min: vec![f32::INFINITY; n],
            intensity_kw_per_m: vec![0.0; n],
            flags: (0..n)
                .map(|i| {
                    if burnable.get(i).copied().unwrap_or(false) {
                        BURNABLE
                    } else {
                        0
                    }
                })
                .collect(),
            fireline_holds_flame_m: vec![0.0; n],
            wet_until_min: vec![0.0; n],
            active: false,
            band: Vec::new(),
            band_behavior: Vec::new(),
            in_band: vec![false; n],
        }
    }

    /// Columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// The fire clock, minutes since the drill started.
    pub fn time_min(&self) -> f64 {
        self.time_min
    }

    /// Sets the fire clock (the sim keeps it on tick boundaries).
    pub fn set_time_min(&mut self, time_min: f64) {
        self.time_min = time_min;
    }

    /// Arrival time per cell, minutes; +∞ where unburned.
    pub fn arrival_min(&self) -> &[f32] {
        &self.arrival_min
    }

    /// Intensity at arrival per cell, kW/m.
    pub fn intensity_kw_per_m(&self) -> &[f32] {
        &self.intensity_kw_per_m
    }

    /// Flame length when the front arrived, m (Byram 1959 from the stored
    /// intensity; 0 where unburned).
    pub fn flame_length_m(&self, cell: usize) -> f64 {
        self.intensity_kw_per_m
            .get(cell)
            .map_or(0.0, |i| super::byram_flame_length_m(f64::from(*i)))
    }

    /// Level-set values per cell.
    pub fn phi(&self) -> &[f64] {
        &self.phi
    }

    /// Whether a cell has burned.
    pub fn is_burned(&self, cell: usize) -> bool {
        self.phi.get(cell).is_some_and(|p| *p <= 0.0)
    }

    /// Whether a cell can burn now (fuel, no fireline).
    pub fn is_burnable(&self, cell: usize) -> bool {
        self.flags
            .get(cell)
            .is_some_and(|f| f & BURNABLE != 0 && f & FIRELINE == 0)
    }

    /// Whether a cell holds a fireline.
    pub fn is_fireline(&self, cell: usize) -> bool {
        self.flags.get(cell).is_some_and(|f| f & FIRELINE != 0)
    }

    /// Whether a cell is wetted by a drop at the fire's current time.
    pub fn is_wet(&self, cell: usize) -> bool {
        self.wet_until_min
            .get(cell)
            .is_some_and(|t| f64::from(*t) > self.time_min)
    }

    /// Whether a burned cell was mopped up (can no longer throw embers).
    pub fn is_mopped_up(&self, cell: usize) -> bool {
        self.flags.get(cell).is_some_and(|f| f & MOPPED_UP != 0)
    }

    /// Cells currently in the narrow band (sorted).
    pub fn band(&self) -> &[u32] {
        &self.band
    }

    /// Number of burned cells.
    pub fn burned_cells(&self) -> usize {
        self.phi.iter().filter(|p| **p <= 0.0).count()
    }

    /// Whether the front is still moving: the last level-set step lowered φ
    /// of some unburned cell. False once every front is held by non-fuel,
    /// firelines or wet cells (the fire is contained) or burned out.
    pub fn is_active(&self) -> bool {
        self.active
    }

    fn neighbours_within(&self, cell: usize, radius: isize) -> impl Iterator<Item = usize> + '_ {
        let (x, y) = ((cell % self.width) as isize, (cell / self.width) as isize);
        let (w, h) = (self.width as isize, self.height as isize);
        (-radius..=radius).flat_map(move |dy| {
            (-radius..=radius).filter_map(move |dx| {
                let (nx, ny) = (x + dx, y + dy);
                (nx >= 0 && ny >= 0 && nx < w && ny < h).then(|| (ny * w + nx) as usize)
            })
        })
    }

    /// Ignites a cell now (an ignition, a spot fire, a backburn). Returns
    /// false when the cell cannot burn or already has.
    pub fn ignite(
        &mut self,
        cell: usize,
        intensity_kw_per_m: f64,
        behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync),
    ) -> bool {
        if cell >= self.phi.len() || !self.is_burnable(cell) || self.is_burned(cell) {
            return false;
        }
        self.phi[cell] = -1.0;
        self.active = true;
        self.arrival_min[cell] = self.time_min as f32;
        self.intensity_kw_per_m[cell] = intensity_kw_per_m as f32;
        self.extend_band(&[cell], behavior_of);
        true
    }

    /// Adds the burnable, unburned-or-burned neighbours of `ignited` to the
    /// band, keeping it sorted; computes their behaviour.
    fn extend_band(&mut self, ignited: &[usize], behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync)) {
        let mut new: Vec<u32> = Vec::new();
        for &c in ignited {
            let around: Vec<usize> = self.neighbours_within(c, BAND_RADIUS).collect();
            for n in around {
                if !self.in_band[n] && self.is_burnable(n) {
                    self.in_band[n] = true;
                    new.push(n as u32);
                }
            }
        }
        if new.is_empty() {
            return;
        }
        new.sort_unstable();
        let behaviors: Vec<Ellipse> = new
            .par_iter()
            .map(|&c| self.effective(c as usize, behavior_of))
            .collect();
        let mut band = Vec::with_capacity(self.band.len() + new.len());
        let mut band_behavior = Vec::with_capacity(band.capacity());
        let (mut i, mut j) = (0, 0);
        while i < self.band.len() || j < new.len() {
            if j >= new.len() || (i < self.band.len() && self.band[i] < new[j]) {
                band.push(self.band[i]);
                band_behavior.push(self.band_behavior[i]);
                i += 1;
            } else {
                band.push(new[j]);
                band_behavior.push(behaviors[j]);
                j += 1;
            }
        }
        self.band = band;
        self.band_behavior = band_behavior;
    }

    /// The behaviour of a cell after suppression: none where wet or fireline.
    fn effective(&self, cell: usize, behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync)) -> Ellipse {
        Ellipse::from(if !self.is_burnable(cell) || self.is_wet(cell) {
            FireBehavior::NONE
        } else {
            behavior_of(cell)
        })
    }

    /// Recomputes the behaviour of every band cell (weather changed).
    pub fn refresh_behavior(&mut self, behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync)) {
        let band = std::mem::take(&mut self.band);
        self.band_behavior = band
            .par_iter()
            .map(|&c| self.effective(c as usize, behavior_of))
            .collect();
        self.band = band;
    }

    /// Advances the front to exactly `until_min` with level-set steps of at
    /// most [`CFL`] cells. The step sequence depends only on the state.
    pub fn advance(&mut self, until_min: f64, behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync)) -> AdvanceReport {
        self.advance_steps(until_min, true, behavior_of)
    }

    /// Advances by whole CFL-sized steps while they end at or before
    /// `until_min`, carrying the remainder to the next call: the fire's clock
    /// then lags the caller's by less than one step (under 0.4 cells of
    /// travel), and short ticks do not force short steps. Still a function
    /// of the state only, so `step(10)` and ten `step(1)` agree.
    pub fn advance_whole_steps(
        &mut self,
        until_min: f64,
        behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync),
    ) -> AdvanceReport {
        self.advance_steps(until_min, false, behavior_of)
    }

    fn advance_steps(
        &mut self,
        until_min: f64,
        exact: bool,
        behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync),
    ) -> AdvanceReport {
        let mut report = AdvanceReport::default();
        if self.band.is_empty() {
            self.active = false;
        }
        while self.time_min < until_min && !self.band.is_empty() {
            // Max over the band: exact and order-free, so deterministic.
            let max_speed = self
                .band_behavior
                .iter()
                .map(|b| b.head_ros_m_per_min)
                .fold(0.0f64, f64::max);
            if max_speed <= 0.0 {
                self.active = false;
                break;
            }
            let remaining = until_min - self.time_min;
            let dt_cfl = CFL * self.cell_size_m / max_speed;
            let dt = if exact {
                remaining / libm::ceil(remaining / dt_cfl).max(1.0)
            } else if dt_cfl <= remaining {
                dt_cfl
            } else {
                break;
            };
            self.step(dt, behavior_of, &mut report);
            // Interior cells leave the band every few steps so its size
            // follows the perimeter, not the burned area.
            if report.steps % 4 == 0 {
                self.retire_interior();
            }
        }
        if exact || self.band.is_empty() || !self.active {
            self.time_min = self.time_min.max(until_min);
        }
        self.retire_interior();
        report
    }

    /// One Heun (RK2) step of `dt` minutes over the band.
    fn step(&mut self, dt: f64, behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync), report: &mut AdvanceReport) {
        let stencil = Stencil {
            phi: &self.phi,
            width: self.width,
            height: self.height,
            cell_size_m: self.cell_size_m,
        };
        let k1 = band_rates(&stencil, &self.band, &self.band_behavior);
        let old: Vec<f64> = self.band.iter().map(|&c| self.phi[c as usize]).collect();
        for (idx, &c) in self.band.iter().enumerate() {
            self.phi[c as usize] = (old[idx] + dt * k1[idx]).clamp(-1.0, 1.0);
        }
        let stencil = Stencil {
            phi: &self.phi,
            width: self.width,
            height: self.height,
            cell_size_m: self.cell_size_m,
        };
        let k2 = band_rates(&stencil, &self.band, &self.band_behavior);
        report.cell_updates += 2 * self.band.len() as u64;
        report.steps += 1;
        let mut ignited = Vec::new();
        self.active = false;
        for (idx, &c) in self.band.iter().enumerate() {
            let cell = c as usize;
            let new = (old[idx] + 0.5 * dt * (k1[idx] + k2[idx])).clamp(-1.0, 1.0);
            self.phi[cell] = new;
            self.active |= old[idx] > 0.0 && new < old[idx];
            if old[idx] > 0.0 && new <= 0.0 {
                let fraction = old[idx] / (old[idx] - new);
                let t = self.time_min + dt * fraction;
                let b = &self.band_behavior[idx];
                // Intensity of the front as it crossed this cell: Byram with
                // the normal speed there (head, flank or back).
                let speed = -0.5 * (k1[idx] + k2[idx]) / self.gradient_magnitude(cell).max(1e-12);
                let intensity = b.heat_per_unit_area_kj_per_m2 * speed.clamp(0.0, b.head_ros_m_per_min) / 60.0;
                self.arrival_min[cell] = t as f32;
                self.intensity_kw_per_m[cell] = intensity as f32;
                report.arrivals.push(Arrival {
                    cell: c,
                    time_min: t,
                    intensity_kw_per_m: intensity,
                });
                ignited.push(cell);
            }
        }
        self.time_min += dt;
        self.check_firelines(&ignited, behavior_of, report);
        self.extend_band(&ignited, behavior_of);
    }

    /// |∇φ| by central differences, per metre.
    fn gradient_magnitude(&self, cell: usize) -> f64 {
        let (x, y) = ((cell % self.width) as isize, (cell / self.width) as isize);
        let at = |x: isize, y: isize| {
            let cx = x.clamp(0, self.width as isize - 1) as usize;
            let cy = y.clamp(0, self.height as isize - 1) as usize;
            self.phi[cy * self.width + cx]
        };
        let gx = (at(x + 1, y) - at(x - 1, y)) / (2.0 * self.cell_size_m);
        let gy = (at(x, y + 1) - at(x, y - 1)) / (2.0 * self.cell_size_m);
        libm::sqrt(gx * gx + gy * gy)
    }

    /// A fireline next to a newly burning cell holds unless the flame there
    /// is longer than the line can stop; then it is breached and becomes fuel.
    fn check_firelines(
        &mut self,
        ignited: &[usize],
        behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync),
        report: &mut AdvanceReport,
    ) {
        let mut breached = Vec::new();
        for &c in ignited {
            let flame = super::byram_flame_length_m(f64::from(self.intensity_kw_per_m[c]));
            for n in self.neighbours_within(c, 1) {
                if self.is_fireline(n) && flame > f64::from(self.fireline_holds_flame_m[n]) && !breached.contains(&n) {
                    breached.push(n);
                    report.breaches.push((n as u32, flame));
                }
            }
        }
        breached.sort_unstable();
        for n in &breached {
            self.flags[*n] &= !FIRELINE;
            self.fireline_holds_flame_m[*n] = 0.0;
        }
        // Breached cells are fuel again: put them (and their neighbours) in the band.
        let burning: Vec<usize> = breached
            .iter()
            .flat_map(|&n| {
                self.neighbours_within(n, 1)
                    .filter(|&m| self.is_burned(m))
                    .collect::<Vec<_>>()
            })
            .collect();
        self.extend_band(&burning, behavior_of);
    }

    /// Drops from the band burned cells whose band-radius neighbourhood is all
    /// burned or fuel-less: nothing there can change any more.
    fn retire_interior(&mut self) {
        let keep: Vec<bool> = self
            .band
            .par_iter()
            .map(|&c| {
                let cell = c as usize;
                !self.is_burned(cell) && self.is_burnable(cell)
                    || self
                        .neighbours_within(cell, 2)
                        .any(|n| !self.is_burned(n) && self.is_burnable(n))
            })
            .collect();
        if keep.iter().all(|k| *k) {
            return;
        }
        self.drop_from_band(&keep);
    }

    /// Keeps the band cells whose `keep` entry is true.
    fn drop_from_band(&mut self, keep: &[bool]) {
        let mut band = Vec::with_capacity(self.band.len());
        let mut behavior = Vec::with_capacity(self.band.len());
        for ((c, b), k) in self.band.iter().zip(&self.band_behavior).zip(keep) {
            if *k {
                band.push(*c);
                behavior.push(*b);
            } else {
                self.in_band[*c as usize] = false;
            }
        }
        self.band = band;
        self.band_behavior = behavior;
    }

    /// Builds fireline on unburned cells: they stop the front unless its
    /// flame is longer than `holds_flame_m`. Returns the cells built.
    pub fn build_fireline(&mut self, cells: &[usize], holds_flame_m: f64) -> Vec<usize> {
        let mut built = Vec::new();
        for &c in cells {
            if c < self.flags.len() && !self.is_burned(c) && self.flags[c] & BURNABLE != 0 && !self.is_fireline(c) {
                self.flags[c] |= FIRELINE;
                self.fireline_holds_flame_m[c] = holds_flame_m as f32;
                built.push(c);
            }
        }
        if !built.is_empty() {
            let keep: Vec<bool> = self.band.iter().map(|&c| !self.is_fireline(c as usize)).collect();
            self.drop_from_band(&keep);
        }
        built
    }

    /// Wets unburned cells until `until_min` (water or retardant): they do
    /// not burn while wet. Returns the cells wetted.
    pub fn wet(
        &mut self,
        cells: &[usize],
        until_min: f64,
        behavior_of: &(dyn Fn(usize) -> FireBehavior + Sync),
    ) -> Vec<usize> {
        let mut wetted = Vec::new();
        for &c in cells {
            if c < self.wet_until_min.len() && !self.is_burned(c) {
                self.wet_until_min[c] = self.wet_until_min[c].max(until_min as f32);
                wetted.push(c);
            }
        }
        self.refresh_behavior(behavior_of);
        wetted
    }

    /// Mops up burned cells: they can no longer throw embers. Returns the cells.
    pub fn mop_up(&mut self, cells: &[usize]) -> Vec<usize> {
        let mut done = Vec::new();
        for &c in cells {
            if self.is_burned(c) && !self.is_mopped_up(c) {
                self.flags[c] |= MOPPED_UP;
                done.push(c);
            }
        }
        done
    }
}
