//! The raster [`Grid`]: row-major cells, a double buffer, and deterministic
//! parallel row updates.
//!
//! Row 0 is the northern edge and column 0 the western edge, as in ESRI ASCII
//! grids and images; `y` grows southwards.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// A `width × height` raster stored row by row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grid<T> {
    width: usize,
    height: usize,
    cells: Vec<T>,
}

impl<T: Clone> Grid<T> {
    /// A grid with every cell set to `value`.
    pub fn filled(width: usize, height: usize, value: T) -> Grid<T> {
        Grid {
            width,
            height,
            cells: vec![value; width * height],
        }
    }
}

impl<T> Grid<T> {
    /// A grid from row-major cells; `None` when the length does not match.
    pub fn from_cells(width: usize, height: usize, cells: Vec<T>) -> Option<Grid<T>> {
        (width.checked_mul(height) == Some(cells.len())).then_some(Grid { width, height, cells })
    }

    /// A grid whose cell `(x, y)` is `f(x, y)`, computed serially.
    pub fn from_fn(width: usize, height: usize, mut f: impl FnMut(usize, usize) -> T) -> Grid<T> {
        let mut cells = Vec::with_capacity(width * height);
        for y in 0..height {
            for x in 0..width {
                cells.push(f(x, y));
            }
        }
        Grid { width, height, cells }
    }

    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the grid has no cells.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Row-major index of `(x, y)`, or `None` outside the grid.
    pub fn index(&self, x: usize, y: usize) -> Option<usize> {
        (x < self.width && y < self.height).then(|| y * self.width + x)
    }

    /// The cell at `(x, y)`, or `None` outside the grid.
    pub fn at(&self, x: usize, y: usize) -> Option<&T> {
        self.index(x, y).map(|i| &self.cells[i])
    }

    /// The cell at `(x, y)` clamped to the nearest edge cell, for stencils
    /// that treat the border as a zero-gradient boundary.
    pub fn clamped(&self, x: isize, y: isize) -> &T {
        let cx = x.clamp(0, self.width as isize - 1) as usize;
        let cy = y.clamp(0, self.height as isize - 1) as usize;
        &self.cells[cy * self.width + cx]
    }

    /// Mutable cell at `(x, y)`, or `None` outside the grid.
    pub fn at_mut(&mut self, x: usize, y: usize) -> Option<&mut T> {
        self.index(x, y).map(move |i| &mut self.cells[i])
    }

    /// All cells, row-major.
    pub fn cells(&self) -> &[T] {
        &self.cells
    }

    /// All cells, row-major, mutable.
    pub fn cells_mut(&mut self) -> &mut [T] {
        &mut self.cells
    }

    /// Row `y` as a slice.
    pub fn row(&self, y: usize) -> &[T] {
        &self.cells[y * self.width..(y + 1) * self.width]
    }

    /// A new grid of the same shape with `f` applied to every cell.
    pub fn map<U>(&self, f: impl FnMut(&T) -> U) -> Grid<U> {
        Grid {
            width: self.width,
            height: self.height,
            cells: self.cells.iter().map(f).collect(),
        }
    }
}

impl<T: Send> Grid<T> {
    /// Sets every cell to `f(x, y, &mut cell)`'s effect, rows in parallel.
    ///
    /// `f` sees only its own cell and whatever it captures immutably (the
    /// previous buffer of a [`DoubleBuffer`]), so the result cannot depend on
    /// how rayon splits the rows: bit-identical at any thread count.
    pub fn par_update_rows(&mut self, f: impl Fn(usize, usize, &mut T) + Sync) {
        let width = self.width.max(1);
        self.cells.par_chunks_mut(width).enumerate().for_each(|(y, row)| {
            for (x, cell) in row.iter_mut().enumerate() {
                f(x, y, cell);
            }
        });
    }
}

impl<T: Sync> Grid<T> {
    /// Per-row results of `f(y, row)` in row order: the deterministic way to
    /// reduce a grid in parallel (combine the returned values serially).
    pub fn par_rows_map<U: Send>(&self, f: impl Fn(usize, &[T]) -> U + Sync) -> Vec<U> {
        let width = self.width.max(1);
        self.cells
            .par_chunks(width)
            .enumerate()
            .map(|(y, row)| f(y, row))
            .collect()
    }
}

/// Two grids of one shape: read `previous`, write `next`, then [`swap`].
///
/// This is determinism rule 2: a cell's new value reads only the previous
/// buffer, so the order in which cells are written never matters.
///
/// [`swap`]: DoubleBuffer::swap
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoubleBuffer<T> {
    current: Grid<T>,
    /// Scratch for the next step; its content between steps is meaningless,
    /// so it is not serialised and not hashed.
    #[serde(skip)]
    next: Option<Grid<T>>,
}

impl<T: Clone + Send + Sync> DoubleBuffer<T> {
    /// A double buffer whose current state is `grid`.
    pub fn new(grid: Grid<T>) -> DoubleBuffer<T> {
        DoubleBuffer {
            current: grid,
            next: None,
        }
    }

    /// The current state.
    pub fn current(&self) -> &Grid<T> {
        &self.current
    }

    /// Computes the next state with `f(x, y, previous) -> new cell`, rows in
    /// parallel, then makes it current.
    pub fn step(&mut self, f: impl Fn(usize, usize, &Grid<T>) -> T + Sync) {
        let mut next = match self.next.take() {
            Some(grid) if grid.width == self.current.width && grid.height == self.current.height => grid,
            _ => self.current.clone(),
        };
        let previous = &self.current;
        next.par_update_rows(|x, y, cell| *cell = f(x, y, previous));
        self.next = Some(std::mem::replace(&mut self.current, next));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexing_is_row_major_and_bounds_checked() {
        let g = Grid::from_fn(3, 2, |x, y| (x, y));
        assert_eq!(g.index(2, 1), Some(5));
        assert_eq!(g.at(2, 1), Some(&(2, 1)));
        assert_eq!(g.at(3, 0), None);
        assert_eq!(g.row(1), &[(0, 1), (1, 1), (2, 1)]);
        assert_eq!(*g.clamped(-4, 9), (0, 1));
        assert!(Grid::from_cells(2, 2, vec![0; 3]).is_none());
    }

    /// A diffusion step run on 1 and 4 threads gives bit-identical grids.
    #[test]
    fn double_buffer_step_is_thread_count_independent() {
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            pool.install(|| {
                let mut buf = DoubleBuffer::new(Grid::from_fn(97, 61, |x, y| ((x * 31 + y * 17) % 13) as f64 * 0.37));
                for _ in 0..20 {
                    buf.step(|x, y, prev| {
                        let (x, y) = (x as isize, y as isize);
                        let sum = prev.clamped(x - 1, y)
                            + prev.clamped(x + 1, y)
                            + prev.clamped(x, y - 1)
                            + prev.clamped(x, y + 1);
                        0.6 * prev.clamped(x, y) + 0.1 * sum
                    });
                }
                buf.current().clone()
            })
        };
        let one = run(1);
        let four = run(4);
        assert!(
            one.cells()
                .iter()
                .zip(four.cells())
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        let row_sums = one.par_rows_map(|_, row| row.iter().sum::<f64>());
        assert_eq!(row_sums.len(), 61);
    }
}
