//! Water entering and leaving a flood through the map's interior:
//! [`Hydrograph`] time series, point and line inflows, rainfall by zone and a
//! constant infiltration loss.
//!
//! Every source is integrated exactly over each solver step (the integral of
//! its piecewise-linear hydrograph), so the volume a run receives does not
//! depend on the step sequence: EA Test 4's inflow is 285 000 m³ whether the
//! steps are 0.5 s or 10 s long.

use serde::{Deserialize, Serialize};

use super::domain::{FloodDomain, FloodError};

/// A piecewise-linear series of `(time_s, value)` points, constant before
/// the first point and after the last. Equal consecutive times make a jump.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<(f64, f64)>", into = "Vec<(f64, f64)>")]
pub struct Hydrograph {
    points: Vec<(f64, f64)>,
}

impl TryFrom<Vec<(f64, f64)>> for Hydrograph {
    type Error = FloodError;

    fn try_from(points: Vec<(f64, f64)>) -> Result<Hydrograph, FloodError> {
        Hydrograph::new(points)
    }
}

impl From<Hydrograph> for Vec<(f64, f64)> {
    fn from(h: Hydrograph) -> Vec<(f64, f64)> {
        h.points
    }
}

impl Hydrograph {
    /// A series from `(time_s, value)` points in time order.
    pub fn new(points: Vec<(f64, f64)>) -> Result<Hydrograph, FloodError> {
        if points.is_empty() {
            return Err(FloodError::EmptyHydrograph);
        }
        for (index, &(time_s, value)) in points.iter().enumerate() {
            if !(time_s.is_finite() && value.is_finite()) {
                return Err(FloodError::NonFiniteHydrograph { index, time_s, value });
            }
            if index > 0 && time_s < points[index - 1].0 {
                return Err(FloodError::HydrographOrder { index, time_s });
            }
        }
        Ok(Hydrograph { points })
    }

    /// The same value at all times.
    pub fn constant(value: f64) -> Result<Hydrograph, FloodError> {
        Hydrograph::new(vec![(0.0, value)])
    }

    /// The points.
    pub fn points(&self) -> &[(f64, f64)] {
        &self.points
    }

    /// Smallest value of the series.
    pub fn min_value(&self) -> f64 {
        self.points.iter().map(|p| p.1).fold(f64::INFINITY, f64::min)
    }

    /// The value at `time_s`.
    pub fn value_at(&self, time_s: f64) -> f64 {
        let p = &self.points;
        let k = p.partition_point(|q| q.0 <= time_s);
        if k == 0 {
            return p[0].1;
        }
        if k == p.len() {
            return p[k - 1].1;
        }
        segment_value(p[k - 1], p[k], time_s)
    }

    /// ∫ value dt from `t0_s` to `t1_s` (0 when `t1_s ≤ t0_s`), exact for
    /// the piecewise-linear series.
    pub fn integral(&self, t0_s: f64, t1_s: f64) -> f64 {
        if t1_s <= t0_s {
            return 0.0;
        }
        let p = &self.points;
        let (first, last) = (p[0], p[p.len() - 1]);
        let mut total = 0.0;
        if t0_s < first.0 {
            total += first.1 * (t1_s.min(first.0) - t0_s);
        }
        let start = p.partition_point(|q| q.0 <= t0_s).saturating_sub(1);
        for k in start..p.len() - 1 {
            let (a, b) = (p[k], p[k + 1]);
            if a.0 >= t1_s {
                break;
            }
            let lo = a.0.max(t0_s);
            let hi = b.0.min(t1_s);
            if hi > lo {
                total += 0.5 * (segment_value(a, b, lo) + segment_value(a, b, hi)) * (hi - lo);
            }
        }
        if t1_s > last.0 {
            total += last.1 * (t1_s - t0_s.max(last.0));
        }
        total
    }
}

/// Linear interpolation on one segment with `a.0 ≤ t ≤ b.0`, `a.0 < b.0`.
fn segment_value(a: (f64, f64), b: (f64, f64), t: f64) -> f64 {
    if b.0 <= a.0 {
        return b.1;
    }
    a.1 + (b.1 - a.1) * ((t - a.0) / (b.0 - a.0))
}

/// Discharge into one cell, m³/s (a culvert outfall, a pump, a breach
/// modelled as a source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointInflow {
    /// Row-major cell index.
    pub cell: usize,
    /// Discharge, m³/s, ≥ 0.
    pub discharge_m3_per_s: Hydrograph,
}

/// A total discharge spread evenly over a line of cells, m³/s.
///
/// Each of the N cells receives Q/N. LISFLOOD-FP prescribes the same inflow
/// as a unit-width discharge q [m²/s] on each boundary cell and multiplies it
/// by the cell width (flood.md §1.4), so a line of N cells of side Δx gets
/// Q = q·Δx·N: [`LineInflow::from_unit_width`] makes that conversion. EA
/// Test 4's 20 m line at 5 m is 4 cells, each getting a quarter of 20 m³/s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineInflow {
    /// Row-major cell indices.
    pub cells: Vec<usize>,
    /// Total discharge over all the cells, m³/s, ≥ 0.
    pub discharge_m3_per_s: Hydrograph,
}

impl LineInflow {
    /// The line equivalent to LISFLOOD-FP's unit-width boundary inflow:
    /// `unit_discharge_m2_per_s` per metre of line, on cells of `cell_size_m`.
    pub fn from_unit_width(cells: Vec<usize>, unit_discharge_m2_per_s: &Hydrograph, cell_size_m: f64) -> LineInflow {
        let width_m = cells.len() as f64 * cell_size_m;
        let points = unit_discharge_m2_per_s
            .points()
            .iter()
            .map(|&(t, q)| (t, q * width_m))
            .collect();
        LineInflow {
            cells,
            discharge_m3_per_s: Hydrograph { points },
        }
    }
}

/// Rain on the map, mm/h, uniform or by zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RainfallSpec", into = "RainfallSpec")]
pub struct Rainfall {
    spec: RainfallSpec,
    /// Per row, the column range holding cells of some zone (`lo > hi` when
    /// none): the solver visits only those cells while it rains.
    row_extents: Vec<(u32, u32)>,
}

/// The serialised form of [`Rainfall`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RainfallSpec {
    /// Grid width the zone raster belongs to (0 for uniform rain).
    pub width: usize,
    /// Zone of each cell (row-major), or `None` for one zone everywhere.
    /// Cells whose zone has no rate get no rain.
    pub zone_of_cell: Option<Vec<u16>>,
    /// Rain rate per zone, mm/h.
    pub rate_mm_per_h: Vec<Hydrograph>,
}

impl TryFrom<RainfallSpec> for Rainfall {
    type Error = FloodError;

    fn try_from(spec: RainfallSpec) -> Result<Rainfall, FloodError> {
        for rate in &spec.rate_mm_per_h {
            let min = rate.min_value();
            if min < 0.0 {
                return Err(FloodError::Rate {
                    field: "rain rate",
                    value: min,
                });
            }
        }
        let row_extents = match &spec.zone_of_cell {
            None => Vec::new(),
            Some(zones) => {
                let width = spec.width.max(1);
                zones
                    .chunks(width)
                    .map(|row| {
                        let rains = |z: &u16| usize::from(*z) < spec.rate_mm_per_h.len();
                        match (row.iter().position(rains), row.iter().rposition(rains)) {
                            (Some(lo), Some(hi)) => (lo as u32, hi as u32),
                            _ => (u32::MAX, 0),
                        }
                    })
                    .collect()
            }
        };
        Ok(Rainfall { spec, row_extents })
    }
}

impl From<Rainfall> for RainfallSpec {
    fn from(r: Rainfall) -> RainfallSpec {
        r.spec
    }
}

impl Rainfall {
    /// The same rain rate on every cell, mm/h.
    pub fn uniform(rate_mm_per_h: Hydrograph) -> Result<Rainfall, FloodError> {
        Rainfall::try_from(RainfallSpec {
            width: 0,
            zone_of_cell: None,
            rate_mm_per_h: vec![rate_mm_per_h],
        })
    }

    /// Rain by zone: `zone_of_cell` (row-major on a grid `width` wide) picks
    /// the entry of `rate_mm_per_h` for each cell; other zone numbers get none.
    pub fn zoned(width: usize, zone_of_cell: Vec<u16>, rate_mm_per_h: Vec<Hydrograph>) -> Result<Rainfall, FloodError> {
        Rainfall::try_from(RainfallSpec {
            width,
            zone_of_cell: Some(zone_of_cell),
            rate_mm_per_h,
        })
    }

    /// The rate series per zone, mm/h.
    pub fn rates_mm_per_h(&self) -> &[Hydrograph] {
        &self.spec.rate_mm_per_h
    }

    /// The zone of each cell, `None` when uniform.
    pub fn zone_of_cell(&self) -> Option<&[u16]> {
        self.spec.zone_of_cell.as_deref()
    }

    /// Columns of row `y` that can get rain, inclusive; `None` when none.
    pub(super) fn row_extent(&self, y: usize, width: usize) -> Option<(usize, usize)> {
        match self.spec.zone_of_cell {
            None => Some((0, width.saturating_sub(1))),
            Some(_) => {
                let (lo, hi) = self.row_extents.get(y).copied().unwrap_or((u32::MAX, 0));
                (lo <= hi).then_some((lo as usize, hi as usize))
            }
        }
    }
}

/// Everything adding or removing water inside the map.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FloodSources {
    /// Point inflows.
    pub points: Vec<PointInflow>,
    /// Line inflows.
    pub lines: Vec<LineInflow>,
    /// Rain, if any.
    pub rain: Option<Rainfall>,
    /// Constant infiltration loss on every wet cell, mm/h; a cell loses at
    /// most the water it holds (after this step's flows and rain).
    pub infiltration_mm_per_h: f64,
}

impl FloodSources {
    /// Every problem with these sources on `domain`.
    pub fn validate(&self, domain: &FloodDomain) -> Result<(), Vec<FloodError>> {
        let cells = domain.cell_count();
        let mut problems = Vec::new();
        let check_discharge = |h: &Hydrograph, problems: &mut Vec<FloodError>| {
            let min = h.min_value();
            if min < 0.0 {
                problems.push(FloodError::Rate {
                    field: "inflow discharge",
                    value: min,
                });
            }
        };
        for p in &self.points {
            if p.cell >= cells {
                problems.push(FloodError::SourceCell {
                    source_kind: "a point inflow",
                    cell: p.cell,
                    cells,
                });
            }
            check_discharge(&p.discharge_m3_per_s, &mut problems);
        }
        for line in &self.lines {
            if line.cells.is_empty() {
                problems.push(FloodError::EmptyLine);
            }
            if let Some(&cell) = line.cells.iter().find(|c| **c >= cells) {
                problems.push(FloodError::SourceCell {
                    source_kind: "a line inflow",
                    cell,
                    cells,
                });
            }
            check_discharge(&line.discharge_m3_per_s, &mut problems);
        }
        if let Some(rain) = &self.rain
            && let Some(zones) = rain.zone_of_cell()
            && (zones.len() != cells || rain.spec.width != domain.width())
        {
            problems.push(FloodError::RasterLength {
                field: "rain zones",
                width: domain.width(),
                height: domain.height(),
                expected: cells,
                found: zones.len(),
            });
        }
        let infiltration = self.infiltration_mm_per_h;
        if !(infiltration.is_finite() && infiltration >= 0.0) {
            problems.push(FloodError::Rate {
                field: "infiltration rate",
                value: infiltration,
            });
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }
}

impl FloodSources {
    /// Adds this step's point and line inflow volumes (m³, exact integrals
    /// over `[t0_s, t0_s + dt_s]`) to `volume_m3` per cell, listing each
    /// newly touched cell in `touched`; returns their total, m³.
    pub(super) fn inflow_volumes(&self, t0_s: f64, dt_s: f64, volume_m3: &mut [f64], touched: &mut Vec<usize>) -> f64 {
        let cells = volume_m3.len();
        let mut total = 0.0;
        let mut add = |cell: usize, volume: f64| {
            if volume_m3[cell] == 0.0 {
                touched.push(cell);
            }
            volume_m3[cell] += volume;
            total += volume;
        };
        for p in &self.points {
            let volume = p.discharge_m3_per_s.integral(t0_s, t0_s + dt_s);
            if p.cell < cells && volume > 0.0 {
                add(p.cell, volume);
            }
        }
        for line in &self.lines {
            let per_cell = line.discharge_m3_per_s.integral(t0_s, t0_s + dt_s) / line.cells.len().max(1) as f64;
            if per_cell > 0.0 {
                for &c in line.cells.iter().filter(|c| **c < cells) {
                    add(c, per_cell);
                }
            }
        }
        total
    }

    /// Rain depth per zone over `[t0_s, t0_s + dt_s]`, m (empty without rain).
    pub(super) fn rain_depths_m(&self, t0_s: f64, dt_s: f64) -> Vec<f64> {
        self.rain.as_ref().map_or_else(Vec::new, |r| {
            r.rates_mm_per_h()
                .iter()
                .map(|rate| rate.integral(t0_s, t0_s + dt_s) * M_PER_S_PER_MM_PER_H)
                .collect()
        })
    }
}

/// mm/h → m/s.
pub(super) const M_PER_S_PER_MM_PER_H: f64 = 1e-3 / 3600.0;

#[cfg(test)]
mod tests {
    use super::*;

    fn ea4() -> Hydrograph {
        Hydrograph::new(vec![
            (0.0, 0.0),
            (300.0, 0.0),
            (3600.0, 20.0),
            (14_400.0, 20.0),
            (18_000.0, 0.0),
        ])
        .unwrap()
    }

    #[test]
    fn values_are_piecewise_linear_and_constant_outside() {
        let h = ea4();
        assert_eq!(h.value_at(-5.0), 0.0);
        assert_eq!(h.value_at(1950.0), 10.0);
        assert_eq!(h.value_at(10_000.0), 20.0);
        assert_eq!(h.value_at(16_200.0), 10.0);
        assert_eq!(h.value_at(1e9), 0.0);
        let jump = Hydrograph::new(vec![(0.0, 1.0), (10.0, 1.0), (10.0, 5.0)]).unwrap();
        assert_eq!(jump.value_at(9.0), 1.0);
        assert_eq!(jump.value_at(10.0), 5.0);
        assert_eq!(jump.integral(5.0, 15.0), 5.0 + 25.0);
    }

    /// EA Test 4's hydrograph holds 285 000 m³ (flood.md §3), and integrals
    /// over any partition add up to it.
    #[test]
    fn integral_is_exact_and_additive() {
        let h = ea4();
        assert!((h.integral(0.0, 18_000.0) - 285_000.0).abs() < 1e-9);
        assert!((h.integral(-100.0, 30_000.0) - 285_000.0).abs() < 1e-9);
        let mut t = 0.0;
        let mut sum = 0.0;
        while t < 18_000.0 {
            let dt = 0.7 + 0.3 * ((t * 0.01) % 1.0);
            sum += h.integral(t, t + dt);
            t += dt;
        }
        assert!((sum - 285_000.0).abs() < 1e-6, "{sum}");
        let constant = Hydrograph::constant(3.0).unwrap();
        assert_eq!(constant.integral(-1.0, 1.0), 6.0);
    }

    #[test]
    fn bad_series_are_rejected() {
        assert_eq!(Hydrograph::new(vec![]), Err(FloodError::EmptyHydrograph));
        assert!(Hydrograph::new(vec![(0.0, f64::NAN)]).is_err());
        assert!(Hydrograph::new(vec![(5.0, 1.0), (4.0, 1.0)]).is_err());
        assert!(Rainfall::uniform(Hydrograph::constant(-1.0).unwrap()).is_err());
    }

    #[test]
    fn unit_width_line_matches_lisflood_convention() {
        // EA Test 5's deck: 20 cells × 15 m²/s × 10 m = 3000 m³/s (flood.md §1.4).
        let line = LineInflow::from_unit_width((0..20).collect(), &Hydrograph::constant(15.0).unwrap(), 10.0);
        assert_eq!(line.discharge_m3_per_s.value_at(0.0), 3000.0);
    }

    #[test]
    fn zones_give_row_extents() {
        let rain = Rainfall::zoned(
            4,
            vec![9, 0, 0, 9, 9, 9, 9, 9, 1, 9, 9, 0],
            vec![Hydrograph::constant(1.0).unwrap(), Hydrograph::constant(2.0).unwrap()],
        )
        .unwrap();
        assert_eq!(rain.row_extent(0, 4), Some((1, 2)));
        assert_eq!(rain.row_extent(1, 4), None);
        assert_eq!(rain.row_extent(2, 4), Some((0, 3)));
        let json = serde_json_like(&rain);
        assert_eq!(json, rain);
    }

    /// Round trip through the serialised form (`ron`, already a dependency).
    fn serde_json_like(rain: &Rainfall) -> Rainfall {
        let text = ron::to_string(rain).unwrap();
        ron::from_str(&text).unwrap()
    }
}
