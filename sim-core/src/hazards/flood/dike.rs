//! Dikes (堤防) on the flood grid: a line of cells raised to a crest,
//! overtopping detection, and breaches that open at a time or when
//! overtopping has gone on long enough, then widen.
//!
//! A dike is burned into the bed as max(bed, crest) on the 4-connected cells
//! of its polyline, so water cannot slip through diagonally (both solvers
//! exchange water through cell faces only). The bed each cell had before
//! the burn is kept: a breach lowers the breached cells back to it, i.e. to
//! the ground under the dike (a full-depth breach, as levee breaches are
//! usually modelled: HEC-RAS Hydraulic Reference Manual, "Dam and levee
//! breaching"). The gap is the dike cells whose centres lie within half the
//! breach width of the breach centre, so on the grid it is quantised to
//! cells and never narrower than one.
//!
//! Overtopping: water stands deeper than [`DEPTH_THRESHOLD_M`] on an intact
//! dike cell or one of its four neighbours with its surface above that
//! cell's crest. The dike is checked once a tick, before the solver runs,
//! on the water of the end of the previous tick; triggers are evaluated
//! then too, so breach times are quantised to ticks (10 s).
//!
//! Breach widening is linear in time from the initial to the final width,
//! as HEC-RAS's linear breach progression; real levee breaches widen fast
//! at first and then slow down, so a linear rate is a drill-level
//! simplification.

use serde::{Deserialize, Serialize};

use super::domain::{DEPTH_THRESHOLD_M, FloodError};

/// A dike's crest.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum DikeCrest {
    /// One crest level, m above datum.
    Level(f64),
    /// A height above the ground under each cell, m.
    Height(f64),
}

/// What opens a dike breach.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum DikeBreachTrigger {
    /// At a time, s on the flood clock (a scripted failure).
    AtTime(f64),
    /// Once the dike has been overtopped for this long in total, s (erosion
    /// of the landward slope by overflow).
    OvertoppedFor(f64),
    /// Once water stands this far above the crest next to the dike, m.
    WaterAboveCrest(f64),
}

/// One breach of a dike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DikeBreach {
    /// Index of the breach centre in the dike's cell list.
    pub centre: usize,
    /// What opens it.
    pub trigger: DikeBreachTrigger,
    /// Width when it opens, m.
    pub initial_width_m: f64,
    /// Width when fully widened, m.
    pub final_width_m: f64,
    /// Time from opening to the final width, s.
    pub widening_time_s: f64,
    /// When it opened, s on the flood clock.
    pub started_s: Option<f64>,
    /// Width now, m (0 before it opens).
    pub width_m: f64,
}

impl DikeBreach {
    /// A breach at the dike's cell number `centre`, not yet open.
    pub fn new(
        centre: usize,
        trigger: DikeBreachTrigger,
        initial_width_m: f64,
        final_width_m: f64,
        widening_time_s: f64,
    ) -> DikeBreach {
        DikeBreach {
            centre,
            trigger,
            initial_width_m,
            final_width_m,
            widening_time_s,
            started_s: None,
            width_m: 0.0,
        }
    }

    /// Width at `time_s` once open, m.
    fn width_at(&self, time_s: f64, started_s: f64) -> f64 {
        let progress = if self.widening_time_s > 0.0 {
            ((time_s - started_s) / self.widening_time_s).clamp(0.0, 1.0)
        } else {
            1.0
        };
        self.initial_width_m + progress * (self.final_width_m - self.initial_width_m)
    }
}

/// The grid a dike lives on, borrowed for one check.
#[derive(Debug, Clone, Copy)]
pub struct DikeGrid<'a> {
    /// Columns.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Cell side, m.
    pub cell_size_m: f64,
    /// Bed elevation per cell, m.
    pub bed_m: &'a [f64],
    /// Water depth per cell, m.
    pub depth_m: &'a [f64],
}

/// What one [`Dike::update`] found and did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DikeUpdate {
    /// The dike was overtopped for the first time, at this cell.
    pub first_overtopped_cell: Option<usize>,
    /// Breaches that opened: (breach index, centre cell, width m).
    pub opened: Vec<(usize, usize, f64)>,
    /// Cells to lower and the ground level to lower them to, m.
    pub lowered: Vec<(usize, f64)>,
}

/// A dike on the grid (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dike {
    /// Row-major cells along the line, in order, each once.
    cells: Vec<usize>,
    /// Bed before the burn per cell, m.
    ground_m: Vec<f64>,
    /// Crest per cell, m.
    crest_m: Vec<f64>,
    /// Cells opened by a breach.
    breached: Vec<bool>,
    /// Cells closed again after a breach (crews); a breach does not reopen
    /// them.
    #[serde(default)]
    sealed: Vec<bool>,
    breaches: Vec<DikeBreach>,
    /// First overtopping, s, and where.
    overtopped_at: Option<(f64, usize)>,
    /// Total time overtopped, s.
    overtopped_for_s: f64,
    /// Highest water surface above the crest next to the dike at the last
    /// check, m (−∞ with no water near it).
    excess_m: f64,
}

impl Dike {
    /// A dike along `cells` (row-major, in order along the line; repeats
    /// after the first are dropped) on a grid whose bed is `bed_m` before
    /// any dike is burned in.
    pub fn new(
        cells: Vec<usize>,
        bed_m: &[f64],
        crest: DikeCrest,
        breaches: Vec<DikeBreach>,
    ) -> Result<Dike, FloodError> {
        let mut unique: Vec<usize> = Vec::with_capacity(cells.len());
        for c in cells {
            if c >= bed_m.len() {
                return Err(FloodError::SourceCell {
                    source_kind: "a dike",
                    cell: c,
                    cells: bed_m.len(),
                });
            }
            if !unique.contains(&c) {
                unique.push(c);
            }
        }
        if unique.is_empty() {
            return Err(FloodError::EmptyLine);
        }
        let ground_m: Vec<f64> = unique.iter().map(|c| bed_m[*c]).collect();
        let crest_m = match crest {
            DikeCrest::Level(z) if z.is_finite() => vec![z; unique.len()],
            DikeCrest::Height(h) if h.is_finite() && h >= 0.0 => ground_m.iter().map(|g| g + h).collect(),
            DikeCrest::Level(v) | DikeCrest::Height(v) => {
                return Err(FloodError::Parameter {
                    field: "dike crest",
                    value: v,
                    rule: "a finite level, or a height ≥ 0",
                });
            }
        };
        for b in &breaches {
            let widths_ok = b.initial_width_m.is_finite()
                && b.initial_width_m > 0.0
                && b.final_width_m.is_finite()
                && b.final_width_m >= b.initial_width_m;
            if !widths_ok {
                return Err(FloodError::Parameter {
                    field: "dike breach width",
                    value: b.final_width_m,
                    rule: "initial > 0 and final ≥ initial",
                });
            }
            if !(b.widening_time_s.is_finite() && b.widening_time_s >= 0.0) {
                return Err(FloodError::Parameter {
                    field: "dike breach widening time",
                    value: b.widening_time_s,
                    rule: "finite and ≥ 0",
                });
            }
            if b.centre >= unique.len() {
                return Err(FloodError::Parameter {
                    field: "dike breach centre",
                    value: b.centre as f64,
                    rule: "a cell of the dike",
                });
            }
        }
        Ok(Dike {
            breached: vec![false; unique.len()],
            sealed: vec![false; unique.len()],
            cells: unique,
            ground_m,
            crest_m,
            breaches,
            overtopped_at: None,
            overtopped_for_s: 0.0,
            excess_m: f64::NEG_INFINITY,
        })
    }

    /// Raises `bed_m` to the crest on the dike's intact cells: max(bed, crest).
    pub fn burn(&self, bed_m: &mut [f64]) {
        for (k, &c) in self.cells.iter().enumerate() {
            if !self.breached[k]
                && let Some(z) = bed_m.get_mut(c)
            {
                *z = z.max(self.crest_m[k]);
            }
        }
    }

    /// Raises the crest of the dike's `k`-th cell by `by_m` (sandbags); an
    /// opened cell cannot be raised. Returns the new crest.
    pub fn raise_crest(&mut self, k: usize, by_m: f64) -> Option<f64> {
        if !(by_m.is_finite() && by_m >= 0.0) || *self.breached.get(k)? {
            return None;
        }
        self.crest_m[k] += by_m;
        Some(self.crest_m[k])
    }

    /// Adds a breach that opens at the next check (a diversion opened on
    /// purpose). Widths as [`DikeBreach::new`]; a bad value is refused.
    pub fn open_at(&mut self, breach: DikeBreach) -> Result<(), FloodError> {
        if breach.centre >= self.cells.len()
            || !(breach.initial_width_m > 0.0 && breach.final_width_m >= breach.initial_width_m)
            || !(breach.widening_time_s.is_finite() && breach.widening_time_s >= 0.0)
        {
            return Err(FloodError::Parameter {
                field: "dike breach",
                value: breach.initial_width_m,
                rule: "a cell of the dike, initial width > 0, final ≥ initial",
            });
        }
        self.breaches.push(breach);
        Ok(())
    }

    /// Closes the breached `k`-th cell again at its crest (a crew rebuilt
    /// it); a breach never reopens it. Returns the crest to burn in.
    pub fn seal(&mut self, k: usize) -> Option<f64> {
        if !*self.breached.get(k)? {
            return None;
        }
        self.breached[k] = false;
        if self.sealed.len() != self.cells.len() {
            self.sealed.resize(self.cells.len(), false);
        }
        self.sealed[k] = true;
        Some(self.crest_m[k])
    }

    /// Index of the first breached cell along the line, if any.
    pub fn first_breached(&self) -> Option<usize> {
        self.breached.iter().position(|b| *b)
    }

    /// Index of the lowest intact crest cell (ties: the first along the
    /// line); `None` when every cell is open.
    pub fn lowest_intact(&self) -> Option<usize> {
        (0..self.cells.len())
            .filter(|k| !self.breached[*k])
            .min_by(|a, b| self.crest_m[*a].total_cmp(&self.crest_m[*b]).then(a.cmp(b)))
    }

    /// Row-major cells along the line.
    pub fn cells(&self) -> &[usize] {
        &self.cells
    }

    /// Crest per cell, m.
    pub fn crest_m(&self) -> &[f64] {
        &self.crest_m
    }

    /// Ground under the dike per cell (the bed before the burn), m.
    pub fn ground_m(&self) -> &[f64] {
        &self.ground_m
    }

    /// Whether each cell has been opened by a breach.
    pub fn breached(&self) -> &[bool] {
        &self.breached
    }

    /// Cells opened by breaches, row-major indices in line order.
    pub fn breached_cells(&self) -> Vec<usize> {
        self.cells
            .iter()
            .zip(&self.breached)
            .filter(|(_, b)| **b)
            .map(|(c, _)| *c)
            .collect()
    }

    /// The breaches.
    pub fn breaches(&self) -> &[DikeBreach] {
        &self.breaches
    }

    /// When the dike was first overtopped, s, and at which cell.
    pub fn overtopped_at(&self) -> Option<(f64, usize)> {
        self.overtopped_at
    }

    /// Total time overtopped so far, s.
    pub fn overtopped_for_s(&self) -> f64 {
        self.overtopped_for_s
    }

    /// Highest water surface above the crest next to the intact dike at
    /// the last check, m (negative: below the crest; −∞: no water near).
    pub fn excess_m(&self) -> f64 {
        self.excess_m
    }

    /// The highest water surface above the crest around the intact cells,
    /// m, and the dike cell where it is.
    fn excess(&self, grid: &DikeGrid<'_>) -> (f64, Option<usize>) {
        let (w, h) = (grid.width, grid.height);
        let mut best = (f64::NEG_INFINITY, None);
        for (k, &c) in self.cells.iter().enumerate() {
            if self.breached[k] {
                continue;
            }
            let (x, y) = (c % w, c / w);
            let neighbours = [
                Some(c),
                (x > 0).then(|| c - 1),
                (x + 1 < w).then(|| c + 1),
                (y > 0).then(|| c - w),
                (y + 1 < h).then(|| c + w),
            ];
            for n in neighbours.into_iter().flatten() {
                let (Some(&d), Some(&z)) = (grid.depth_m.get(n), grid.bed_m.get(n)) else {
                    continue;
                };
                if d > DEPTH_THRESHOLD_M {
                    let e = d + z - self.crest_m[k];
                    // Strictly greater: ties keep the first cell along the line.
                    if e > best.0 {
                        best = (e, Some(c));
                    }
                }
            }
        }
        best
    }

    /// Checks the dike at `time_s` on the water now, then opens and widens
    /// breaches; `interval_s` is the time until the next check (a tick),
    /// counted as overtopped when the dike is overtopped now. The caller
    /// lowers the returned cells in every bed it keeps (domain and solver).
    pub fn update(&mut self, grid: &DikeGrid<'_>, time_s: f64, interval_s: f64) -> DikeUpdate {
        let mut out = DikeUpdate::default();
        let (excess, cell) = self.excess(grid);
        self.excess_m = excess;
        let overtopped = excess > 0.0;
        if overtopped
            && self.overtopped_at.is_none()
            && let Some(c) = cell
        {
            self.overtopped_at = Some((time_s, c));
            out.first_overtopped_cell = Some(c);
        }
        for i in 0..self.breaches.len() {
            let b = &self.breaches[i];
            if b.started_s.is_none() {
                let open = match b.trigger {
                    DikeBreachTrigger::AtTime(t) => time_s >= t,
                    DikeBreachTrigger::OvertoppedFor(d) => overtopped && self.overtopped_for_s >= d,
                    DikeBreachTrigger::WaterAboveCrest(m) => excess >= m && excess > f64::NEG_INFINITY,
                };
                if !open {
                    continue;
                }
                let b = &mut self.breaches[i];
                b.started_s = Some(time_s);
                b.width_m = b.initial_width_m;
                out.opened.push((i, self.cells[b.centre], b.width_m));
            }
            let b = &mut self.breaches[i];
            let Some(start) = b.started_s else { continue };
            b.width_m = b.width_at(time_s, start);
            let (centre, half_width_m) = (self.cells[b.centre], 0.5 * b.width_m);
            let (cx, cy) = ((centre % grid.width) as f64, (centre / grid.width) as f64);
            for (k, &c) in self.cells.iter().enumerate() {
                if self.breached[k] || self.sealed.get(k).copied().unwrap_or(false) {
                    continue;
                }
                let (dx, dy) = ((c % grid.width) as f64 - cx, (c / grid.width) as f64 - cy);
                let distance_m = (dx * dx + dy * dy).sqrt() * grid.cell_size_m;
                if c == centre || distance_m <= half_width_m {
                    self.breached[k] = true;
                    out.lowered.push((c, self.ground_m[k]));
                }
            }
        }
        if overtopped {
            self.overtopped_for_s += interval_s;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 7 × 3 grid with a dike along the middle row at crest 2 m above
    /// ground 10 m, breach centred on its 4th cell.
    fn dike(trigger: DikeBreachTrigger) -> (Dike, Vec<f64>) {
        let mut bed = vec![10.0; 21];
        let cells: Vec<usize> = (7..14).collect();
        let breach = DikeBreach::new(3, trigger, 1.0, 30.0, 100.0);
        let d = Dike::new(cells, &bed, DikeCrest::Height(2.0), vec![breach]).unwrap();
        d.burn(&mut bed);
        (d, bed)
    }

    fn grid<'a>(bed: &'a [f64], depth: &'a [f64]) -> DikeGrid<'a> {
        DikeGrid {
            width: 7,
            height: 3,
            cell_size_m: 10.0,
            bed_m: bed,
            depth_m: depth,
        }
    }

    #[test]
    fn burn_raises_to_crest_and_keeps_ground() {
        let (d, bed) = dike(DikeBreachTrigger::AtTime(0.0));
        assert_eq!(&bed[7..14], &[12.0; 7]);
        assert_eq!(&bed[0..7], &[10.0; 7]);
        assert_eq!(d.ground_m(), &[10.0; 7]);
        let level = Dike::new(vec![1, 2, 1], &[0.0, 5.0, 1.0], DikeCrest::Level(3.0), vec![]).unwrap();
        assert_eq!(level.cells(), &[1, 2]);
        let mut bed = vec![0.0, 5.0, 1.0];
        level.burn(&mut bed);
        assert_eq!(bed, vec![0.0, 5.0, 3.0], "max(bed, crest)");
        assert!(Dike::new(vec![3], &[0.0], DikeCrest::Level(1.0), vec![]).is_err());
        assert!(Dike::new(vec![0], &[0.0], DikeCrest::Height(-1.0), vec![]).is_err());
    }

    #[test]
    fn overtopping_is_found_once_and_time_accumulates() {
        let (mut d, bed) = dike(DikeBreachTrigger::OvertoppedFor(30.0));
        let mut depth = vec![0.0; 21];
        // 1.5 m of water north of the dike: surface 11.5 m < crest 12 m.
        depth[..7].fill(1.5);
        let u = d.update(&grid(&bed, &depth), 0.0, 10.0);
        assert_eq!(u, DikeUpdate::default());
        assert!((d.excess_m() + 0.5).abs() < 1e-12);
        // 2.2 m: 0.2 m over the crest, found at the first dike cell.
        depth[..7].fill(2.2);
        let u = d.update(&grid(&bed, &depth), 10.0, 10.0);
        assert_eq!(u.first_overtopped_cell, Some(7));
        assert!(u.opened.is_empty());
        for t in [20.0, 30.0] {
            let u = d.update(&grid(&bed, &depth), t, 10.0);
            assert_eq!(u.first_overtopped_cell, None, "reported once");
            assert!(u.opened.is_empty());
        }
        assert_eq!(d.overtopped_for_s(), 30.0);
        // Overtopped 30 s in total: the breach opens, 1 m wide = 1 cell.
        let u = d.update(&grid(&bed, &depth), 40.0, 10.0);
        assert_eq!(u.opened, vec![(0, 10, 1.0)]);
        assert_eq!(u.lowered, vec![(10, 10.0)]);
        assert_eq!(d.overtopped_at(), Some((10.0, 7)));
    }

    #[test]
    fn breaches_widen_linearly_over_cells() {
        let (mut d, bed) = dike(DikeBreachTrigger::AtTime(50.0));
        let depth = vec![0.0; 21];
        assert!(d.update(&grid(&bed, &depth), 40.0, 10.0).opened.is_empty());
        let u = d.update(&grid(&bed, &depth), 50.0, 10.0);
        assert_eq!(u.opened.len(), 1);
        assert_eq!(d.breached_cells(), vec![10]);
        // Half-way: 15.5 m wide → cells within 7.75 m of the centre: 1 cell.
        d.update(&grid(&bed, &depth), 100.0, 10.0);
        assert_eq!(d.breached_cells(), vec![10]);
        // Width 1 + 0.76 · 29 = 23.0 m at 76 s in → within 11.5 m: the two neighbours.
        let u = d.update(&grid(&bed, &depth), 126.0, 10.0);
        assert_eq!(u.lowered, vec![(9, 10.0), (11, 10.0)]);
        // Fully 30 m: within 15 m, still 3 cells (the next are 20 m away).
        d.update(&grid(&bed, &depth), 1000.0, 10.0);
        assert_eq!(d.breached_cells(), vec![9, 10, 11]);
        assert_eq!(d.breaches()[0].width_m, 30.0);
        // Breached cells are no longer burned in.
        let mut again = vec![10.0; 21];
        d.burn(&mut again);
        assert_eq!(&again[7..14], &[12.0, 12.0, 10.0, 10.0, 10.0, 12.0, 12.0]);
    }

    #[test]
    fn water_above_crest_trigger() {
        let (mut d, bed) = dike(DikeBreachTrigger::WaterAboveCrest(0.3));
        let mut depth = vec![0.0; 21];
        depth[..7].fill(2.2);
        assert!(d.update(&grid(&bed, &depth), 0.0, 10.0).opened.is_empty());
        depth[..7].fill(2.35);
        assert_eq!(d.update(&grid(&bed, &depth), 10.0, 10.0).opened.len(), 1);
    }
}
