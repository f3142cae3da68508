//! [`FloodDomain`]: the static part of a flood run — grid shape, bed
//! elevation, Manning roughness and what happens at each edge of the map.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::sources::Hydrograph;

/// Standard gravity, m/s² (the CGPM conventional value, as Landlab uses).
/// LISFLOOD-FP uses 9.80655 and ANUGA 9.8; the difference shows at the 1e-4
/// level in arrival times (flood.md §1.3), well inside the validation bands.
pub const GRAVITY_M_PER_S2: f64 = 9.80665;

/// A face carries flow only when its flow depth exceeds this, m
/// (LISFLOOD-FP `DepthThresh`, flood.md §1.3). Below it the face flux is 0:
/// films thinner than a millimetre do not move, which keeps the semi-implicit
/// friction term (÷ h^(7/3)) away from zero depths.
pub const DEPTH_THRESHOLD_M: f64 = 1e-3;

/// Flow depth at a face is clipped to this, m (LISFLOOD-FP `MaxHflow`).
pub const MAX_FLOW_DEPTH_M: f64 = 10.0;

/// What is wrong with a flood set-up.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FloodError {
    /// Width or height is zero, or the cell count overflows.
    #[error("flood grid {width}×{height} has no cells")]
    EmptyGrid { width: usize, height: usize },
    /// The cell size is not a positive finite number.
    #[error("flood cell size {cell_size_m} m must be positive and finite")]
    CellSize { cell_size_m: f64 },
    /// A per-cell raster has the wrong number of cells.
    #[error("{field} has {found} cells, the {width}×{height} grid needs {expected}")]
    RasterLength {
        field: &'static str,
        width: usize,
        height: usize,
        expected: usize,
        found: usize,
    },
    /// Some bed elevations are NaN or infinite.
    #[error("bed elevation is not finite at {count} cells (first: cell {first_cell})")]
    NonFiniteBed { first_cell: usize, count: usize },
    /// Some Manning coefficients are negative, NaN or infinite.
    #[error("Manning n must be finite and ≥ 0; {count} cells are not (first: cell {first_cell})")]
    ManningN { first_cell: usize, count: usize },
    /// A free-outflow slope is negative or not finite.
    #[error("free-outflow slope {slope} on the {edge:?} edge must be finite and ≥ 0")]
    FreeSlope { edge: Edge, slope: f64 },
    /// A hydrograph has no points.
    #[error("hydrograph has no points")]
    EmptyHydrograph,
    /// A hydrograph point is not finite.
    #[error("hydrograph point {index} ({time_s} s, {value}) is not finite")]
    NonFiniteHydrograph { index: usize, time_s: f64, value: f64 },
    /// Hydrograph times go backwards.
    #[error("hydrograph time {time_s} s at point {index} is before the previous point's")]
    HydrographOrder { index: usize, time_s: f64 },
    /// A source names a cell outside the grid.
    #[error("{source_kind} names cell {cell}, outside the {cells}-cell grid")]
    SourceCell {
        source_kind: &'static str,
        cell: usize,
        cells: usize,
    },
    /// A line inflow has no cells.
    #[error("a line inflow needs at least one cell")]
    EmptyLine,
    /// A solver parameter is out of its range.
    #[error("solver parameter {field} = {value} is out of range ({range})")]
    SolverParam {
        field: &'static str,
        value: f64,
        range: &'static str,
    },
    /// A gauge names a cell outside the grid.
    #[error("gauge {name:?} names cell {cell}, outside the {cells}-cell grid")]
    GaugeCell { name: String, cell: usize, cells: usize },
    /// The gauge sampling interval is not a positive finite number.
    #[error("gauge interval {interval_s} s must be positive and finite")]
    GaugeInterval { interval_s: f64 },
    /// A depth raster holds a negative or non-finite depth.
    #[error("depth must be finite and ≥ 0; {count} cells are not (first: cell {first_cell})")]
    Depth { first_cell: usize, count: usize },
    /// A reservoir, dike or channel parameter is out of its range.
    #[error("{field} = {value} is out of range ({rule})")]
    Parameter {
        field: &'static str,
        value: f64,
        rule: &'static str,
    },
    /// A rain or infiltration rate is negative or not finite.
    #[error("{field} must be finite and ≥ 0, got {value}")]
    Rate { field: &'static str, value: f64 },
}

/// One edge of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Edge {
    /// Row 0.
    North,
    /// The last row.
    South,
    /// The last column.
    East,
    /// Column 0.
    West,
}

/// What an edge of the map does to water reaching it (flood.md §1.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub enum EdgeBoundary {
    /// A reflective wall: the edge faces carry no flow (LISFLOOD-FP's default).
    #[default]
    Closed,
    /// Normal-depth outflow (LISFLOOD-FP `FREE`): the edge face is driven by
    /// `slope` (m/m, the floodplain slope beyond the map) or, when `None`,
    /// by the local water-surface slope between the edge cell and its inner
    /// neighbour. Water only leaves.
    Free { slope: Option<f64> },
    /// A water level beyond the edge, m above datum, fixed or varying in time
    /// (LISFLOOD-FP `HFIX`/`HVAR`). Flow goes either way, driven by the
    /// difference between this stage and the edge cell's water surface.
    Stage(Hydrograph),
}

/// The four edges' boundaries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EdgeBoundaries {
    pub north: EdgeBoundary,
    pub south: EdgeBoundary,
    pub east: EdgeBoundary,
    pub west: EdgeBoundary,
}

impl EdgeBoundaries {
    /// The boundary of one edge.
    pub fn edge(&self, edge: Edge) -> &EdgeBoundary {
        match edge {
            Edge::North => &self.north,
            Edge::South => &self.south,
            Edge::East => &self.east,
            Edge::West => &self.west,
        }
    }

    fn edge_mut(&mut self, edge: Edge) -> &mut EdgeBoundary {
        match edge {
            Edge::North => &mut self.north,
            Edge::South => &mut self.south,
            Edge::East => &mut self.east,
            Edge::West => &mut self.west,
        }
    }
}

/// The static flood domain: a `width × height` raster of square cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloodDomain {
    width: usize,
    height: usize,
    cell_size_m: f64,
    /// Bed (ground) elevation per cell, m above datum, row-major.
    bed_m: Vec<f64>,
    /// Manning's n per cell, s/m^(1/3), row-major.
    manning_n: Vec<f64>,
    boundaries: EdgeBoundaries,
}

impl FloodDomain {
    /// A domain from per-cell bed elevations and Manning coefficients
    /// (row-major, row 0 north); every edge closed.
    pub fn new(
        width: usize,
        height: usize,
        cell_size_m: f64,
        bed_m: Vec<f64>,
        manning_n: Vec<f64>,
    ) -> Result<FloodDomain, FloodError> {
        let cells = width
            .checked_mul(height)
            .filter(|c| *c > 0)
            .ok_or(FloodError::EmptyGrid { width, height })?;
        if !(cell_size_m.is_finite() && cell_size_m > 0.0) {
            return Err(FloodError::CellSize { cell_size_m });
        }
        for (field, found) in [("bed elevation", bed_m.len()), ("Manning n", manning_n.len())] {
            if found != cells {
                return Err(FloodError::RasterLength {
                    field,
                    width,
                    height,
                    expected: cells,
                    found,
                });
            }
        }
        let bad = |ok: &dyn Fn(f64) -> bool, values: &[f64]| {
            let mut bad = values.iter().enumerate().filter(|(_, v)| !ok(**v)).map(|(i, _)| i);
            bad.next().map(|first| (first, 1 + bad.count()))
        };
        if let Some((first_cell, count)) = bad(&|v| v.is_finite(), &bed_m) {
            return Err(FloodError::NonFiniteBed { first_cell, count });
        }
        if let Some((first_cell, count)) = bad(&|v| v.is_finite() && v >= 0.0, &manning_n) {
            return Err(FloodError::ManningN { first_cell, count });
        }
        Ok(FloodDomain {
            width,
            height,
            cell_size_m,
            bed_m,
            manning_n,
            boundaries: EdgeBoundaries::default(),
        })
    }

    /// A domain with one bed elevation and one Manning n everywhere.
    pub fn flat(
        width: usize,
        height: usize,
        cell_size_m: f64,
        bed_m: f64,
        manning_n: f64,
    ) -> Result<FloodDomain, FloodError> {
        let cells = width.saturating_mul(height);
        FloodDomain::new(width, height, cell_size_m, vec![bed_m; cells], vec![manning_n; cells])
    }

    /// This domain with `boundary` on `edge`.
    pub fn with_boundary(mut self, edge: Edge, boundary: EdgeBoundary) -> Result<FloodDomain, FloodError> {
        self.set_boundary(edge, boundary)?;
        Ok(self)
    }

    /// Sets the boundary of one edge.
    pub fn set_boundary(&mut self, edge: Edge, boundary: EdgeBoundary) -> Result<(), FloodError> {
        if let EdgeBoundary::Free { slope: Some(slope) } = boundary
            && !(slope.is_finite() && slope >= 0.0)
        {
            return Err(FloodError::FreeSlope { edge, slope });
        }
        *self.boundaries.edge_mut(edge) = boundary;
        Ok(())
    }

    /// Columns.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Rows.
    pub fn height(&self) -> usize {
        self.height
    }

    /// Number of cells.
    pub fn cell_count(&self) -> usize {
        self.width * self.height
    }

    /// Side of a (square) cell, m.
    pub fn cell_size_m(&self) -> f64 {
        self.cell_size_m
    }

    /// Area of one cell, m².
    pub fn cell_area_m2(&self) -> f64 {
        self.cell_size_m * self.cell_size_m
    }

    /// Bed elevation per cell, m.
    pub fn bed_m(&self) -> &[f64] {
        &self.bed_m
    }

    /// Sets the bed elevation of one cell, m (a dike breach lowering it).
    /// The local-inertial solver reads the bed from here every step and
    /// keeps the cell's depth, so the stored volume is unchanged: water on a
    /// lowered cell drops with it and the next steps' flows level it. The
    /// shallow-water solver keeps its own copy: change both
    /// (`ShallowWaterFlood::set_bed_m`). Non-finite
    /// values and cells outside the grid are ignored; returns whether the
    /// bed changed.
    pub fn set_bed_m(&mut self, cell: usize, bed_m: f64) -> bool {
        match self.bed_m.get_mut(cell) {
            Some(z) if bed_m.is_finite() => {
                *z = bed_m;
                true
            }
            _ => false,
        }
    }

    /// Manning n per cell.
    pub fn manning_n(&self) -> &[f64] {
        &self.manning_n
    }

    /// The edge boundaries.
    pub fn boundaries(&self) -> &EdgeBoundaries {
        &self.boundaries
    }

    /// Row-major index of cell `(x, y)`, or `None` outside the grid.
    pub fn cell_index(&self, x: usize, y: usize) -> Option<usize> {
        (x < self.width && y < self.height).then(|| y * self.width + x)
    }

    /// The cell containing the point `x_m` east of the western edge and
    /// `y_m` south of the northern edge, or `None` outside the map. A point
    /// on a cell boundary belongs to the cell east/south of it.
    pub fn cell_at_m(&self, x_m: f64, y_m: f64) -> Option<usize> {
        if !(x_m >= 0.0 && y_m >= 0.0) {
            return None;
        }
        let x = libm::floor(x_m / self.cell_size_m);
        let y = libm::floor(y_m / self.cell_size_m);
        if x >= self.width as f64 || y >= self.height as f64 {
            return None;
        }
        self.cell_index(x as usize, y as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_catches_bad_rasters() {
        assert!(matches!(
            FloodDomain::flat(0, 3, 1.0, 0.0, 0.03),
            Err(FloodError::EmptyGrid { .. })
        ));
        assert!(matches!(
            FloodDomain::flat(2, 2, -1.0, 0.0, 0.03),
            Err(FloodError::CellSize { .. })
        ));
        assert!(matches!(
            FloodDomain::new(2, 2, 1.0, vec![0.0; 3], vec![0.03; 4]),
            Err(FloodError::RasterLength { found: 3, .. })
        ));
        assert_eq!(
            FloodDomain::new(2, 2, 1.0, vec![0.0, f64::NAN, 0.0, f64::INFINITY], vec![0.03; 4]),
            Err(FloodError::NonFiniteBed {
                first_cell: 1,
                count: 2
            })
        );
        assert_eq!(
            FloodDomain::new(2, 2, 1.0, vec![0.0; 4], vec![0.03, 0.03, -0.1, 0.03]),
            Err(FloodError::ManningN {
                first_cell: 2,
                count: 1
            })
        );
        let d = FloodDomain::flat(2, 2, 1.0, 0.0, 0.03).unwrap();
        assert!(
            d.with_boundary(Edge::East, EdgeBoundary::Free { slope: Some(-0.1) })
                .is_err()
        );
    }

    #[test]
    fn set_bed_changes_one_cell_and_refuses_bad_input() {
        let mut d = FloodDomain::flat(3, 2, 1.0, 5.0, 0.03).unwrap();
        assert!(d.set_bed_m(4, 2.5));
        assert_eq!(d.bed_m(), &[5.0, 5.0, 5.0, 5.0, 2.5, 5.0]);
        assert!(!d.set_bed_m(6, 1.0));
        assert!(!d.set_bed_m(0, f64::NAN));
        assert_eq!(d.bed_m()[0], 5.0);
    }

    #[test]
    fn points_map_to_cells_row_0_north() {
        let d = FloodDomain::flat(200, 400, 5.0, 0.0, 0.05).unwrap();
        assert_eq!(d.cell_at_m(50.0, 1000.0), Some(200 * 200 + 10));
        assert_eq!(d.cell_at_m(0.0, 0.0), Some(0));
        assert_eq!(d.cell_at_m(1000.0, 10.0), None);
        assert_eq!(d.cell_at_m(-0.1, 10.0), None);
    }
}
