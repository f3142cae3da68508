//! What a flood run reports: per-cell maximum depth and speed, arrival time
//! and hazard rating, the volume balance, and gauge time series.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::domain::FloodError;
use super::local_inertial::LocalInertial;

/// Depth that counts as "the flood has arrived", m (1 cm: the EA benchmark
/// convention, flood.md §3.1).
pub const ARRIVAL_THRESHOLD_M: f64 = 0.01;

/// Speeds are only reported where the water is deeper than this, m:
/// |q|/h in a millimetre film is a numerical artefact, not a current.
pub const SPEED_MIN_DEPTH_M: f64 = 0.01;

/// The flood hazard rating of UK Defra/Environment Agency R&D report FD2320
/// ("Flood Risks to People Phase 2", TR2, 2006; Defra 2008 supplementary
/// note): HR = d·(v + 0.5) + DF, with `depth_m` d in m and `speed_m_per_s`
/// v in m/s.
pub fn hazard_rating(depth_m: f64, speed_m_per_s: f64) -> f64 {
    depth_m * (speed_m_per_s + 0.5) + debris_factor(depth_m)
}

/// FD2320's debris factor DF: 0.5 where the water is deeper than 0.25 m,
/// else 0. This is the single-value convention (FD2320 TR2 table for
/// pasture/arable land, the one the Defra 2008 note recommends when land use
/// is not mapped); the woodland/urban rows raise DF to 1.0 above 0.75 m and
/// are not used here.
pub fn debris_factor(depth_m: f64) -> f64 {
    if depth_m > 0.25 { 0.5 } else { 0.0 }
}

/// FD2320 hazard classes (TR2 Table 13.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HazardClass {
    /// HR < 0.75: "caution", flood zone with shallow or slow water.
    Low,
    /// 0.75 ≤ HR ≤ 1.25: "danger for some" (children, the elderly, the infirm).
    Moderate,
    /// 1.25 < HR ≤ 2.0: "danger for most" (the general public).
    Significant,
    /// HR > 2.0: "danger for all" (including the emergency services).
    Extreme,
}

impl HazardClass {
    /// The class of a hazard rating.
    pub fn of(rating: f64) -> HazardClass {
        if rating < 0.75 {
            HazardClass::Low
        } else if rating <= 1.25 {
            HazardClass::Moderate
        } else if rating <= 2.0 {
            HazardClass::Significant
        } else {
            HazardClass::Extreme
        }
    }
}

/// The water budget of a run, m³. Flows in and out are running totals of
/// what the solver actually applied; `storage_m3` and `error_m3` are
/// refreshed at the end of every `advance`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct VolumeBalance {
    /// Water on the map at the start plus water placed by hand since.
    pub initial_m3: f64,
    /// Point and line inflows.
    pub inflow_m3: f64,
    /// Rain.
    pub rain_m3: f64,
    /// Infiltration losses.
    pub infiltration_m3: f64,
    /// Water that entered through stage edges.
    pub boundary_inflow_m3: f64,
    /// Water that left through free and stage edges.
    pub boundary_outflow_m3: f64,
    /// Water on the map now.
    pub storage_m3: f64,
    /// storage − initial − (inflow + rain + boundary inflow) + (infiltration + boundary outflow).
    pub error_m3: f64,
}

impl VolumeBalance {
    /// All water that has been on the map (initial plus every inflow), m³.
    pub fn throughput_m3(&self) -> f64 {
        self.initial_m3 + self.inflow_m3 + self.rain_m3 + self.boundary_inflow_m3
    }

    /// `error_m3` relative to the throughput (0 for a dry run).
    pub fn relative_error(&self) -> f64 {
        let through = self.throughput_m3();
        if through > 0.0 { self.error_m3 / through } else { 0.0 }
    }

    pub(super) fn refresh(&mut self, storage_m3: f64) {
        self.storage_m3 = storage_m3;
        self.error_m3 = storage_m3 - self.initial_m3 - self.inflow_m3 - self.rain_m3 - self.boundary_inflow_m3
            + self.infiltration_m3
            + self.boundary_outflow_m3;
    }
}

/// A named cell whose depth is sampled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gauge {
    /// Stable name, e.g. `"gauge:bridge-north"`.
    pub name: String,
    /// Row-major cell index.
    pub cell: usize,
}

/// A gauge and its samples `(time_s, depth_m)`, depth interpolated linearly
/// within the solver step that crosses each sample time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GaugeSeries {
    pub gauge: Gauge,
    pub samples: Vec<(f64, f64)>,
}

/// Per-cell summaries and the run's budget and gauges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloodOutputs {
    pub(super) arrival_threshold_m: f64,
    pub(super) max_depth_m: Vec<f64>,
    pub(super) max_speed_m_per_s: Vec<f64>,
    /// Seconds on the flood clock; +∞ where the threshold was never crossed.
    pub(super) arrival_s: Vec<f64>,
    pub(super) max_hazard_rating: Vec<f64>,
    pub(super) balance: VolumeBalance,
    pub(super) gauges: Vec<GaugeSeries>,
    pub(super) gauge_interval_s: f64,
    pub(super) gauge_origin_s: f64,
    pub(super) gauge_next_index: u64,
}

impl FloodOutputs {
    pub(super) fn new(cells: usize) -> FloodOutputs {
        FloodOutputs {
            arrival_threshold_m: ARRIVAL_THRESHOLD_M,
            max_depth_m: vec![0.0; cells],
            max_speed_m_per_s: vec![0.0; cells],
            arrival_s: vec![f64::INFINITY; cells],
            max_hazard_rating: vec![0.0; cells],
            balance: VolumeBalance::default(),
            gauges: Vec::new(),
            gauge_interval_s: 0.0,
            gauge_origin_s: 0.0,
            gauge_next_index: 0,
        }
    }

    /// Maximum depth reached per cell, m.
    pub fn max_depth_m(&self) -> &[f64] {
        &self.max_depth_m
    }

    /// Maximum speed per cell, m/s (from the face discharges averaged to the
    /// cell centre, divided by the depth; only where deeper than
    /// [`SPEED_MIN_DEPTH_M`]).
    pub fn max_speed_m_per_s(&self) -> &[f64] {
        &self.max_speed_m_per_s
    }

    /// First time the depth exceeded the arrival threshold, s; +∞ if never.
    pub fn arrival_s(&self) -> &[f64] {
        &self.arrival_s
    }

    /// The depth that counts as arrival, m.
    pub fn arrival_threshold_m(&self) -> f64 {
        self.arrival_threshold_m
    }

    /// Largest FD2320 hazard rating per cell (from depth and speed at the
    /// same instant).
    pub fn max_hazard_rating(&self) -> &[f64] {
        &self.max_hazard_rating
    }

    /// The class of a cell's largest hazard rating.
    pub fn hazard_class(&self, cell: usize) -> Option<HazardClass> {
        self.max_hazard_rating.get(cell).map(|hr| HazardClass::of(*hr))
    }

    /// Area that was ever deeper than `threshold_m`, m².
    pub fn max_flooded_area_m2(&self, threshold_m: f64, cell_area_m2: f64) -> f64 {
        self.max_depth_m.iter().filter(|d| **d > threshold_m).count() as f64 * cell_area_m2
    }

    /// The water budget as of the end of the last `advance`.
    pub fn volume_balance(&self) -> &VolumeBalance {
        &self.balance
    }

    /// The gauges and their samples.
    pub fn gauges(&self) -> &[GaugeSeries] {
        &self.gauges
    }

    /// The sampling interval, s (0 when no gauges).
    pub fn gauge_interval_s(&self) -> f64 {
        self.gauge_interval_s
    }

    /// The rows of `cells` (whole rows `width` long), for a parallel pass.
    pub(super) fn par_rows(
        &mut self,
        width: usize,
        cells: std::ops::Range<usize>,
    ) -> impl IndexedParallelIterator<Item = OutputRow<'_>> {
        self.max_depth_m[cells.clone()]
            .par_chunks_mut(width)
            .zip(self.max_speed_m_per_s[cells.clone()].par_chunks_mut(width))
            .zip(self.arrival_s[cells.clone()].par_chunks_mut(width))
            .zip(self.max_hazard_rating[cells].par_chunks_mut(width))
            .map(
                |(((max_depth_m, max_speed_m_per_s), arrival_s), max_hazard_rating)| OutputRow {
                    max_depth_m,
                    max_speed_m_per_s,
                    arrival_s,
                    max_hazard_rating,
                },
            )
    }

    /// Cells of the gauges, in gauge order.
    pub(super) fn gauge_cells(&self) -> Vec<usize> {
        self.gauges.iter().map(|g| g.gauge.cell).collect()
    }

    /// Appends the samples whose times fall in `(t0_s, t0_s + dt_s]`,
    /// interpolating between the depths before and after the step.
    pub(super) fn record_gauges(&mut self, before_m: &[f64], after_m: &[f64], t0_s: f64, dt_s: f64) {
        if self.gauges.is_empty() || self.gauge_interval_s <= 0.0 {
            return;
        }
        let t1_s = t0_s + dt_s;
        loop {
            // Multiples of the interval from the origin: no drift from
            // repeated addition.
            let ts = self.gauge_origin_s + self.gauge_next_index as f64 * self.gauge_interval_s;
            if ts > t1_s {
                break;
            }
            let f = if dt_s > 0.0 {
                ((ts - t0_s) / dt_s).clamp(0.0, 1.0)
            } else {
                1.0
            };
            for ((series, b), a) in self.gauges.iter_mut().zip(before_m).zip(after_m) {
                series.samples.push((ts, b + (a - b) * f));
            }
            self.gauge_next_index += 1;
        }
    }
}

/// One row of the per-cell outputs, borrowed for the continuity pass.
pub(super) struct OutputRow<'a> {
    pub max_depth_m: &'a mut [f64],
    pub max_speed_m_per_s: &'a mut [f64],
    pub arrival_s: &'a mut [f64],
    pub max_hazard_rating: &'a mut [f64],
}

impl OutputRow<'_> {
    /// The columns `cols` of this row, re-indexed from 0.
    pub fn columns(&mut self, cols: std::ops::Range<usize>) -> OutputRow<'_> {
        OutputRow {
            max_depth_m: &mut self.max_depth_m[cols.clone()],
            max_speed_m_per_s: &mut self.max_speed_m_per_s[cols.clone()],
            arrival_s: &mut self.arrival_s[cols.clone()],
            max_hazard_rating: &mut self.max_hazard_rating[cols],
        }
    }

    /// Updates cell `x` after a step from `t0_s` of `dt_s` that took its
    /// depth from `h0_m` to `h1_m`; `(qx, qy)` is the discharge at the cell
    /// centre, m²/s.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn record(&mut self, x: usize, h0_m: f64, h1_m: f64, qx: f64, qy: f64, t0_s: f64, dt_s: f64, threshold_m: f64) {
        if h1_m > self.max_depth_m[x] {
            self.max_depth_m[x] = h1_m;
        }
        if h1_m > threshold_m && self.arrival_s[x] == f64::INFINITY {
            // Linear in time within the step: h0 ≤ threshold < h1.
            let f = if h1_m > h0_m {
                ((threshold_m - h0_m) / (h1_m - h0_m)).clamp(0.0, 1.0)
            } else {
                1.0
            };
            self.arrival_s[x] = t0_s + dt_s * f;
        }
        if h1_m > SPEED_MIN_DEPTH_M {
            // Most steps set no new maximum: decide that on squares, and pay
            // for the root and the division only when one might be set.
            // speed > s ⟺ |q|² > (s·h)²; HR > r ⟺ |q| > r − h/2 − DF.
            let q2 = qx * qx + qy * qy;
            let sh = self.max_speed_m_per_s[x] * h1_m;
            let hr_room = self.max_hazard_rating[x] - 0.5 * h1_m - debris_factor(h1_m);
            if q2 > sh * sh || hr_room < 0.0 || q2 > hr_room * hr_room {
                let speed = q2.sqrt() / h1_m;
                if speed > self.max_speed_m_per_s[x] {
                    self.max_speed_m_per_s[x] = speed;
                }
                let hr = hazard_rating(h1_m, speed);
                if hr > self.max_hazard_rating[x] {
                    self.max_hazard_rating[x] = hr;
                }
            }
        }
    }
}

/// The output side of the solver: what the sim, views and reports read.
impl LocalInertial {
    /// Maxima, arrival times, hazard, volume balance and gauges.
    pub fn outputs(&self) -> &FloodOutputs {
        &self.outputs
    }

    /// The water budget as of the end of the last `advance` (or depth change).
    pub fn volume_balance(&self) -> &VolumeBalance {
        self.outputs.volume_balance()
    }

    /// Depth-averaged velocity at a cell centre, m/s (east, south): the two
    /// faces' discharges averaged, over the depth; 0 where dry.
    pub fn velocity_m_per_s(&self, cell: usize) -> (f64, f64) {
        let w = self.width.max(1);
        let (x, y) = (cell % w, cell / w);
        let Some(&h) = self.depth_m.get(cell) else {
            return (0.0, 0.0);
        };
        if h <= 0.0 {
            return (0.0, 0.0);
        }
        let f = y * (w + 1) + x;
        let qx = 0.5 * (self.qx_m2_per_s[f] + self.qx_m2_per_s[f + 1]);
        let qy = 0.5 * (self.qy_m2_per_s[cell] + self.qy_m2_per_s[cell + w]);
        (qx / h, qy / h)
    }

    /// Area now deeper than `threshold_m`, m².
    pub fn flooded_area_m2(&self, threshold_m: f64) -> f64 {
        let cells: usize = self
            .wet_cols
            .iter()
            .enumerate()
            .map(|(y, c)| {
                c.range()
                    .filter(|x| self.depth_m[y * self.width + x] > threshold_m)
                    .count()
            })
            .sum();
        cells as f64 * self.cell_size_m * self.cell_size_m
    }

    /// Water on the map, m³: per-row sums over the wet columns, combined in
    /// row order.
    pub fn storage_m3(&self) -> f64 {
        let w = self.width;
        let rows: Vec<f64> = self
            .wet_cols
            .par_iter()
            .enumerate()
            .map(|(y, c)| c.range().map(|x| self.depth_m[y * w + x]).sum::<f64>())
            .collect();
        rows.iter().sum::<f64>() * self.cell_size_m * self.cell_size_m
    }

    /// Starts sampling the depth at `gauges` every `interval_s`, from now.
    pub fn add_gauges(&mut self, gauges: Vec<Gauge>, interval_s: f64) -> Result<(), FloodError> {
        if !(interval_s > 0.0 && interval_s.is_finite()) {
            return Err(FloodError::GaugeInterval { interval_s });
        }
        let cells = self.depth_m.len();
        if let Some(g) = gauges.iter().find(|g| g.cell >= cells) {
            return Err(FloodError::GaugeCell {
                name: g.name.clone(),
                cell: g.cell,
                cells,
            });
        }
        let out = &mut self.outputs;
        out.gauges = gauges
            .into_iter()
            .map(|gauge| GaugeSeries {
                samples: vec![(self.time_s, self.depth_m[gauge.cell])],
                gauge,
            })
            .collect();
        out.gauge_interval_s = interval_s;
        out.gauge_origin_s = self.time_s;
        out.gauge_next_index = 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FD2320 TR2 worked values: 0.5 m at 1 m/s → 0.5·1.5 + 0.5 = 1.25.
    #[test]
    fn hazard_rating_and_classes() {
        assert_eq!(hazard_rating(0.5, 1.0), 1.25);
        assert_eq!(hazard_rating(0.2, 0.0), 0.1);
        assert_eq!(HazardClass::of(0.5), HazardClass::Low);
        assert_eq!(HazardClass::of(0.75), HazardClass::Moderate);
        assert_eq!(HazardClass::of(1.25), HazardClass::Moderate);
        assert_eq!(HazardClass::of(1.5), HazardClass::Significant);
        assert_eq!(HazardClass::of(2.5), HazardClass::Extreme);
    }

    #[test]
    fn arrival_is_interpolated_within_the_step() {
        let mut out = FloodOutputs::new(1);
        let mut row = OutputRow {
            max_depth_m: &mut out.max_depth_m,
            max_speed_m_per_s: &mut out.max_speed_m_per_s,
            arrival_s: &mut out.arrival_s,
            max_hazard_rating: &mut out.max_hazard_rating,
        };
        row.record(0, 0.0, 0.005, 0.0, 0.0, 0.0, 2.0, 0.01);
        row.record(0, 0.005, 0.015, 0.02, 0.0, 2.0, 2.0, 0.01);
        assert_eq!(out.arrival_s[0], 3.0);
        assert!((out.max_speed_m_per_s[0] - 0.02 / 0.015).abs() < 1e-15);
    }

    #[test]
    fn gauges_sample_on_the_interval() {
        let mut out = FloodOutputs::new(1);
        out.gauges.push(GaugeSeries {
            gauge: Gauge {
                name: "g".into(),
                cell: 0,
            },
            samples: Vec::new(),
        });
        out.gauge_interval_s = 10.0;
        out.record_gauges(&[0.0], &[1.0], 0.0, 25.0);
        assert_eq!(out.gauges[0].samples, vec![(0.0, 0.0), (10.0, 0.4), (20.0, 0.8)]);
    }
}
