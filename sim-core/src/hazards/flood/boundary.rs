//! Flow through the faces on the edge of the map (flood.md §1.4): closed
//! walls, LISFLOOD-FP `FREE` normal-depth outflow and `HFIX`/`HVAR` stage.

use super::domain::{DEPTH_THRESHOLD_M, Edge, EdgeBoundary, FloodDomain, GRAVITY_M_PER_S2, MAX_FLOW_DEPTH_M};

/// An edge's boundary resolved for one step (the stage read off its
/// hydrograph at the step's start, as LISFLOOD-FP does).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum EdgeRule {
    Closed,
    Free { slope: Option<f64> },
    Stage { level_m: f64 },
}

impl EdgeRule {
    fn at(boundary: &EdgeBoundary, time_s: f64) -> EdgeRule {
        match boundary {
            EdgeBoundary::Closed => EdgeRule::Closed,
            EdgeBoundary::Free { slope } => EdgeRule::Free { slope: *slope },
            EdgeBoundary::Stage(h) => EdgeRule::Stage {
                level_m: h.value_at(time_s),
            },
        }
    }

    pub(super) fn is_closed(self) -> bool {
        self == EdgeRule::Closed
    }

    pub(super) fn is_stage(self) -> bool {
        matches!(self, EdgeRule::Stage { .. })
    }
}

/// The four edges for one step.
#[derive(Debug, Clone, Copy)]
pub(super) struct StepEdges {
    pub north: EdgeRule,
    pub south: EdgeRule,
    pub east: EdgeRule,
    pub west: EdgeRule,
}

impl StepEdges {
    pub(super) fn at(domain: &FloodDomain, time_s: f64) -> StepEdges {
        let b = domain.boundaries();
        StepEdges {
            north: EdgeRule::at(b.edge(Edge::North), time_s),
            south: EdgeRule::at(b.edge(Edge::South), time_s),
            east: EdgeRule::at(b.edge(Edge::East), time_s),
            west: EdgeRule::at(b.edge(Edge::West), time_s),
        }
    }

    /// Deepest water a stage edge puts on its edge cells, m (0 without
    /// stage edges): it enters the time-step limit alongside the depths in
    /// the domain, so a high stage next to dry ground does not get a step
    /// sized for dry ground.
    pub(super) fn stage_depth_max_m(&self, domain: &FloodDomain) -> f64 {
        let (w, h) = (domain.width(), domain.height());
        let bed = domain.bed_m();
        let mut deepest = 0.0f64;
        let mut edge = |rule: EdgeRule, cells: &mut dyn Iterator<Item = usize>| {
            if let EdgeRule::Stage { level_m } = rule {
                for c in cells {
                    deepest = deepest.max(level_m - bed[c]);
                }
            }
        };
        edge(self.north, &mut (0..w));
        edge(self.south, &mut ((h - 1) * w..h * w));
        edge(self.west, &mut (0..h).map(|y| y * w));
        edge(self.east, &mut (0..h).map(|y| y * w + w - 1));
        deepest
    }
}

/// The edge cell behind a boundary face, and that face's previous flux.
#[derive(Debug, Clone, Copy)]
pub(super) struct EdgeCell {
    pub depth_m: f64,
    pub bed_m: f64,
    pub manning_n: f64,
    /// Water-surface elevation of the cell one step inwards, if the map is
    /// more than one cell across (for `Free` without a slope).
    pub inner_surface_m: Option<f64>,
    /// The face's unit discharge last step, m²/s, in grid sign convention.
    pub q_old_m2_per_s: f64,
}

/// Unit discharge through a boundary face, m²/s, in grid sign convention
/// (`outward` is +1 where positive q leaves the map — east and south edges —
/// and −1 where it enters — west and north).
pub(super) fn edge_face_q(rule: EdgeRule, cell: EdgeCell, outward: f64, dt_s: f64, dx_m: f64) -> f64 {
    let g = GRAVITY_M_PER_S2;
    match rule {
        EdgeRule::Closed => 0.0,
        EdgeRule::Free { slope } => {
            // LISFLOOD-FP FREE: flow depth is the cell depth, driven by the
            // given slope or the local surface slope, always outwards.
            let hf = cell.depth_m.min(MAX_FLOW_DEPTH_M);
            if hf <= DEPTH_THRESHOLD_M {
                return 0.0;
            }
            let s = slope.unwrap_or_else(|| match cell.inner_surface_m {
                Some(inner) => ((inner - (cell.depth_m + cell.bed_m)) / dx_m).abs(),
                None => 0.0,
            });
            let q0 = cell.q_old_m2_per_s.abs();
            let n2 = cell.manning_n * cell.manning_n;
            let q = (q0 + (g * dt_s * hf * s).abs()) / (1.0 + g * dt_s * n2 * q0 * inv_pow_7_3(hf));
            outward * q
        }
        EdgeRule::Stage { level_m } => {
            // HFIX/HVAR: the interior momentum update across a face to a
            // ghost cell holding the stage; flow goes either way.
            let surface = cell.depth_m + cell.bed_m;
            let hf = cell.depth_m.max(level_m - cell.bed_m).clamp(0.0, MAX_FLOW_DEPTH_M);
            if hf <= DEPTH_THRESHOLD_M {
                return 0.0;
            }
            let q0_out = outward * cell.q_old_m2_per_s;
            let n2 = cell.manning_n * cell.manning_n;
            let q_out = (q0_out + g * dt_s * hf * (surface - level_m) / dx_m)
                / (1.0 + g * dt_s * n2 * q0_out.abs() * inv_pow_7_3(hf));
            outward * q_out
        }
    }
}

/// h^(−7/3) for the semi-implicit friction term, for a positive normal `h`
/// (flow depths are in [`DEPTH_THRESHOLD_M`], [`MAX_FLOW_DEPTH_M`]).
///
/// It runs once or twice per cell per step, so it avoids both `pow` and
/// the cube root (a third of the solver's time with `libm::cbrt`): y =
/// h^(−1/3) from an exponent-halving bit seed (≤ 3.5 % off) and four
/// division-free Newton steps y ← y·(4 − h·y³)/3, then y⁷. Relative error
/// ≤ 4e-15 over 1e-4…30 m. Only IEEE `+ − ×`, never fused, so the result
/// is bit-identical on every platform.
#[inline]
pub(super) fn inv_pow_7_3(h: f64) -> f64 {
    /// ≈ (4/3)·1023·2⁵², tuned for the smallest seed error.
    const SEED: u64 = 0x553E_F0F8_0000_0000;
    let mut y = f64::from_bits(SEED - h.to_bits() / 3);
    for _ in 0..4 {
        y = y * (4.0 - h * (y * y * y)) * (1.0 / 3.0);
    }
    let y2 = y * y;
    y2 * y2 * y2 * y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(depth_m: f64) -> EdgeCell {
        EdgeCell {
            depth_m,
            bed_m: 1.0,
            manning_n: 0.03,
            inner_surface_m: Some(1.0 + depth_m + 0.01),
            q_old_m2_per_s: 0.0,
        }
    }

    #[test]
    fn closed_and_dry_edges_carry_nothing() {
        assert_eq!(edge_face_q(EdgeRule::Closed, cell(1.0), 1.0, 1.0, 10.0), 0.0);
        let free = EdgeRule::Free { slope: Some(0.001) };
        assert_eq!(edge_face_q(free, cell(0.0005), 1.0, 1.0, 10.0), 0.0);
    }

    #[test]
    fn free_edges_only_drain() {
        let free = EdgeRule::Free { slope: None };
        let east = edge_face_q(free, cell(0.5), 1.0, 1.0, 10.0);
        let west = edge_face_q(free, cell(0.5), -1.0, 1.0, 10.0);
        assert!(east > 0.0 && west < 0.0 && east == -west);
        // g·Δt·h·S with S = 0.01/10 and no previous flow.
        assert!((east - GRAVITY_M_PER_S2 * 0.5 * 0.001).abs() < 1e-15);
    }

    #[test]
    fn stage_fills_and_drains() {
        let high = EdgeRule::Stage { level_m: 2.0 };
        let low = EdgeRule::Stage { level_m: 1.2 };
        // West edge: a stage above the cell pushes water east (+q, inwards).
        assert!(edge_face_q(high, cell(0.5), -1.0, 1.0, 10.0) > 0.0);
        assert!(edge_face_q(low, cell(0.5), -1.0, 1.0, 10.0) < 0.0);
        // A dry cell below the stage still fills.
        assert!(edge_face_q(high, cell(0.0), 1.0, 1.0, 10.0) < 0.0);
    }

    /// h^(−7/3) to a few ulp against `libm::pow` over the depths that flow.
    #[test]
    fn inverse_seven_thirds_power_is_accurate() {
        let mut h = 1e-4;
        while h < 30.0 {
            let exact = libm::pow(h, -7.0 / 3.0);
            assert!((inv_pow_7_3(h) / exact - 1.0).abs() < 5e-15, "{h}");
            h *= 1.013;
        }
    }
}
