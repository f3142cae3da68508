//! The active region: per-row column ranges ([`Cols`]) of wet cells and of
//! faces that may flow, and the plan of one step's work from them (only
//! cells within one cell of water, sources, stage edges and rain cost work).

use serde::{Deserialize, Serialize};

use super::state::LocalInertial;
use crate::hazards::flood::boundary::{EdgeRule, StepEdges};
use crate::hazards::flood::sources::FloodSources;

/// An inclusive column range; empty when `lo > hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(in crate::hazards::flood) struct Cols {
    lo: u32,
    hi: u32,
}

impl Cols {
    pub(super) const EMPTY: Cols = Cols { lo: u32::MAX, hi: 0 };

    pub(super) fn new(lo: usize, hi: usize) -> Cols {
        Cols {
            lo: lo as u32,
            hi: hi as u32,
        }
    }

    pub(super) fn is_empty(self) -> bool {
        self.lo > self.hi
    }

    pub(super) fn hull(self, other: Cols) -> Cols {
        Cols {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }

    pub(super) fn widen(self, by: u32, max: u32) -> Cols {
        if self.is_empty() {
            return self;
        }
        Cols {
            lo: self.lo.saturating_sub(by),
            hi: self.hi.saturating_add(by).min(max),
        }
    }

    pub(super) fn clip(self, lo: u32, hi: u32) -> Cols {
        Cols {
            lo: self.lo.max(lo),
            hi: self.hi.min(hi),
        }
    }

    pub(super) fn include(&mut self, x: usize) {
        *self = self.hull(Cols::new(x, x));
    }

    pub(in crate::hazards::flood) fn range(self) -> std::ops::Range<usize> {
        if self.is_empty() {
            0..0
        } else {
            self.lo as usize..self.hi as usize + 1
        }
    }
}

/// The faces of a northern or southern edge to compute: none when closed,
/// those by water (or still flowing) when free, all under a stage.
fn edge_faces(rule: EdgeRule, flowing: Cols, wet: Cols, full: Cols) -> Cols {
    match rule {
        EdgeRule::Closed => Cols::EMPTY,
        EdgeRule::Free { .. } => flowing.hull(wet),
        EdgeRule::Stage { .. } => full,
    }
}

/// Zeroes `row[i]` for `i` in `written` but not in `now` (the faces that
/// flowed last step and are out of range now).
pub(super) fn zero_leftovers(row: &mut [f64], written: Cols, now: Cols) {
    let old = written.range();
    if now.is_empty() {
        row[old].fill(0.0);
        return;
    }
    let (lo, hi) = (now.lo as usize, now.hi as usize);
    let below = old.start..old.end.min(lo);
    if !below.is_empty() {
        row[below].fill(0.0);
    }
    let above = old.start.max(hi + 1)..old.end;
    if !above.is_empty() {
        row[above].fill(0.0);
    }
}

impl LocalInertial {
    /// Sets this step's face and cell ranges per row; returns the span of
    /// rows with any work.
    pub(super) fn plan(&mut self, sources: &FloodSources, edges: &StepEdges, raining: bool) -> std::ops::Range<usize> {
        let (w, h) = (self.width, self.height);
        let last_col = (w - 1) as u32;
        let full = Cols::new(0, w - 1);
        let work = &mut self.work;
        let wet = |y: usize| if y < h { self.wet_cols[y] } else { Cols::EMPTY };
        let (mut first, mut last) = (h, 0);
        for y in 0..h {
            let here = wet(y);
            let above = if y > 0 { wet(y - 1) } else { Cols::EMPTY };
            // Interior x faces that may flow: those still flowing, and those
            // touching wet cells (cells lo..=hi border faces lo..=hi+1).
            let touching = if here.is_empty() {
                Cols::EMPTY
            } else {
                Cols {
                    lo: here.lo,
                    hi: here.hi + 1,
                }
            };
            work.qx_range[y] = self.qx_cols[y].hull(touching).clip(1, last_col);
            work.qy_range[y] = if y == 0 {
                edge_faces(edges.north, self.qy_cols[0], here, full)
            } else {
                self.qy_cols[y].hull(above).hull(here)
            };
            let mut cells = above.hull(here).hull(wet(y + 1)).widen(1, last_col);
            if edges.west.is_stage() {
                cells.include(0);
            }
            if edges.east.is_stage() {
                cells.include(w - 1);
            }
            if (y == 0 && edges.north.is_stage()) || (y == h - 1 && edges.south.is_stage()) {
                cells = full;
            }
            if raining && let Some((lo, hi)) = sources.rain.as_ref().and_then(|r| r.row_extent(y, w)) {
                cells = cells.hull(Cols::new(lo, hi));
            }
            work.cell_cols[y] = cells;
            // A row whose edge faces still flow stays in the span until they stop.
            if !(cells.is_empty() && self.qx_cols[y].is_empty() && work.qy_range[y].is_empty()) {
                first = first.min(y);
                last = y;
            }
        }
        for &c in &work.source_cells {
            let y = c / w;
            work.cell_cols[y].include(c % w);
            first = first.min(y);
            last = last.max(y);
        }
        work.qy_range[h] = edge_faces(edges.south, self.qy_cols[h], wet(h - 1), full);
        if first > last { 0..0 } else { first..last + 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_ranges() {
        let a = Cols::new(3, 5);
        assert!(Cols::EMPTY.is_empty() && !a.is_empty());
        assert_eq!(Cols::EMPTY.hull(a), a);
        assert_eq!(a.hull(Cols::new(9, 9)), Cols::new(3, 9));
        assert_eq!(a.widen(4, 7), Cols::new(0, 7));
        assert!(a.clip(6, 9).is_empty());
        assert_eq!(a.range(), 3..6);
        assert_eq!(Cols::EMPTY.range(), 0..0);
    }

    /// Zeroing the leftovers clears exactly the written columns outside the
    /// current range.
    #[test]
    fn leftovers_outside_the_range_are_zeroed() {
        let ranges = [
            Cols::EMPTY,
            Cols::new(0, 9),
            Cols::new(2, 5),
            Cols::new(4, 4),
            Cols::new(6, 9),
            Cols::new(0, 1),
        ];
        for written in ranges {
            for now in ranges {
                let mut row = [1.0; 10];
                zero_leftovers(&mut row, written, now);
                for (i, v) in row.iter().enumerate() {
                    let inside = |c: Cols| c.range().contains(&i);
                    let expected = if inside(written) && !inside(now) { 0.0 } else { 1.0 };
                    assert_eq!(*v, expected, "{written:?} {now:?} column {i}");
                }
            }
        }
    }
}
