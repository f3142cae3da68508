//! Reference cases shared by the benchmarks (`cargo bench`, `sandtable
//! bench flood`), so both time exactly the same problem.

use crate::hazards::flood::{FloodDomain, FloodError, FloodSources, Hydrograph, LineInflow};

/// EA Test 4 (Néelz & Pender 2013, flood.md §3): a flat, closed 1000 ×
/// 2000 m floodplain of 5 m cells (200 × 400), Manning n 0.05, fed along
/// 20 m of the western edge by the published hydrograph (0 until 5 min,
/// rising to 20 m³/s at 1 h, held to 4 h, back to 0 at 5 h).
pub fn ea_test_4() -> Result<(FloodDomain, FloodSources), FloodError> {
    let domain = FloodDomain::flat(200, 400, 5.0, 0.0, 0.05)?;
    let inflow = Hydrograph::new(vec![
        (0.0, 0.0),
        (300.0, 0.0),
        (3600.0, 20.0),
        (14_400.0, 20.0),
        (18_000.0, 0.0),
    ])?;
    let sources = FloodSources {
        lines: vec![LineInflow {
            cells: (198..202).map(|row| row * 200).collect(),
            discharge_m3_per_s: inflow,
        }],
        ..FloodSources::default()
    };
    Ok((domain, sources))
}
