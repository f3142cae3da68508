//! Fire spread on the grid against analytic shapes and the barrier rules.
//!
//! Shape set-up from `shared/reference/fire.md` §3.3 (the level-set rows):
//! GR2, 10-m wind 40 km/h → head ROS 31.25 m/min, L/W 2.168, 600 × 600
//! cells of 30 m, 180 min, headings 90°, 67.5° and 45°. The analytic answer
//! is Anderson's ellipse with the ignition at the rear focus (fire.md §3.1):
//! head R·t, back R_b·t, semi-minor (R + R_b)·t/(2·L/W). The reference level
//! set (pyretechnics) reaches area ratio 1.00–1.025 and IoU 0.96–0.97.
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly by design

use sim_core::hazards::fire::behave::{
    FuelBed, FuelModel, FuelMoisture, MidflameWind, SpreadConditions, SpreadOptions, unsheltered_waf,
};
use sim_core::hazards::fire::{FireBehavior, FireField};

const CELL_M: f64 = 30.0;
const SIDE: usize = 600;

/// GR2 from the Behave port: 1-h/10-h/100-h 6/7/8 %, cured, flat, a 40 km/h
/// 10-m wind through the unsheltered WAF, wind limit on (fire.md §2.4's
/// conditions), with the head turned to `heading_deg`.
fn gr2_40kmh(heading_deg: f64) -> FireBehavior {
    let model = FuelModel::by_code("GR2").expect("GR2");
    let moisture = FuelMoisture {
        one_hour: 0.06,
        ten_hour: 0.07,
        hundred_hour: 0.08,
        live_herbaceous: 0.29,
        live_woody: 0.6,
    };
    let bed = FuelBed::new(model, &moisture);
    let conditions = SpreadConditions {
        midflame_wind: MidflameWind::from_ten_metre_km_per_h(40.0, unsheltered_waf(bed.depth_ft())),
        wind_from_deg: (heading_deg + 180.0) % 360.0,
        slope_deg: 0.0,
        aspect_deg: 0.0,
    };
    let b = bed.spread(&conditions, SpreadOptions::BEHAVE).behavior();
    FireBehavior {
        head_azimuth_deg: heading_deg,
        ..b
    }
}

/// The behaviour the shape tests use is the one fire.md quotes for them:
/// 31.25 m/min and L/W 2.168 (§3.3).
#[test]
fn gr2_at_40_kmh_is_the_reference_fire() {
    let b = gr2_40kmh(90.0);
    assert!((b.head_ros_m_per_min - 31.25).abs() < 0.01, "{}", b.head_ros_m_per_min);
    assert!((b.length_to_breadth - 2.168).abs() < 0.001, "{}", b.length_to_breadth);
}

/// Burns a homogeneous square map from its centre-left for `minutes`.
fn burn(behavior: FireBehavior, minutes: f64, ignition: (usize, usize)) -> FireField {
    let mut field = FireField::new(SIDE, SIDE, CELL_M, &vec![true; SIDE * SIDE]);
    let b = move |_: usize| behavior;
    assert!(field.ignite(ignition.1 * SIDE + ignition.0, 0.0, &b));
    field.advance(minutes, &b);
    field
}

/// Burned-area ratio and intersection-over-union against the analytic ellipse.
fn compare_with_ellipse(field: &FireField, b: &FireBehavior, minutes: f64, ignition: (usize, usize)) -> (f64, f64) {
    let (head, back) = (b.head_ros_m_per_min * minutes, b.back_ros_m_per_min() * minutes);
    let a = (head + back) / 2.0;
    let semi_minor = a / b.length_to_breadth;
    let az = b.head_azimuth_deg.to_radians();
    let (ux, uy) = (libm::sin(az), libm::cos(az)); // east, north
    let centre_offset = head - a;
    let (cx, cy) = (
        (ignition.0 as f64 + 0.5) * CELL_M + centre_offset * ux,
        -((ignition.1 as f64 + 0.5) * CELL_M) + centre_offset * uy,
    );
    let (mut both, mut either, mut burned) = (0usize, 0usize, 0usize);
    for y in 0..SIDE {
        for x in 0..SIDE {
            let (px, py) = ((x as f64 + 0.5) * CELL_M - cx, -((y as f64 + 0.5) * CELL_M) - cy);
            let along = px * ux + py * uy;
            let across = -px * uy + py * ux;
            let inside = (along / a) * (along / a) + (across / semi_minor) * (across / semi_minor) <= 1.0;
            let is_burned = field.is_burned(y * SIDE + x);
            burned += usize::from(is_burned);
            both += usize::from(inside && is_burned);
            either += usize::from(inside || is_burned);
        }
    }
    let area_ratio = burned as f64 * CELL_M * CELL_M / (std::f64::consts::PI * a * semi_minor);
    (area_ratio, both as f64 / either as f64)
}

#[test]
fn wind_driven_ellipse_matches_at_every_heading() {
    for heading in [90.0, 67.5, 45.0] {
        let b = gr2_40kmh(heading);
        let ignition = (150, 450);
        let field = burn(b, 180.0, ignition);
        let (area, iou) = compare_with_ellipse(&field, &b, 180.0, ignition);
        println!("heading {heading}°: area ratio {area:.4}, IoU {iou:.4}");
        assert!((0.97..=1.03).contains(&area), "heading {heading}: area ratio {area}");
        assert!(iou >= 0.95, "heading {heading}: IoU {iou}");
    }
}

/// No wind: a circle whose radius, read along 16 directions from the
/// arrival-time field, varies by less than 3 %.
#[test]
fn no_wind_gives_a_circle() {
    let b = FireBehavior {
        head_ros_m_per_min: 5.0,
        head_azimuth_deg: 0.0,
        length_to_breadth: 1.0,
        heat_per_unit_area_kj_per_m2: 3000.0,
    };
    let centre = (300, 300);
    let minutes = 400.0;
    let field = burn(b, minutes, centre);
    let arrival = field.arrival_min();
    let at = |x: f64, y: f64| {
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (tx, ty) = (x - x0 as f64, y - y0 as f64);
        let v = |x: usize, y: usize| f64::from(arrival[y * SIDE + x]);
        v(x0, y0) * (1.0 - tx) * (1.0 - ty)
            + v(x0 + 1, y0) * tx * (1.0 - ty)
            + v(x0, y0 + 1) * (1.0 - tx) * ty
            + v(x0 + 1, y0 + 1) * tx * ty
    };
    // Radius where the interpolated arrival time reaches 300 min (inside the burned area).
    let target = 300.0;
    let radii: Vec<f64> = (0..16)
        .map(|k| {
            let theta = k as f64 * std::f64::consts::PI / 8.0;
            let (dx, dy) = (libm::cos(theta), libm::sin(theta));
            let mut r = 1.0;
            while at(centre.0 as f64 + r * dx, centre.1 as f64 + r * dy) < target {
                r += 0.01;
            }
            r * CELL_M
        })
        .collect();
    let max = radii.iter().copied().fold(f64::MIN, f64::max);
    let min = radii.iter().copied().fold(f64::MAX, f64::min);
    let mean = radii.iter().sum::<f64>() / radii.len() as f64;
    println!(
        "radii {min:.1}–{max:.1} m, mean {mean:.1} (expected ≈ {:.1})",
        5.0 * target
    );
    assert!(
        (max - min) / mean < 0.03,
        "radius varies {:.2} %",
        100.0 * (max - min) / mean
    );
    assert!((mean / (5.0 * target) - 1.0).abs() < 0.05, "mean radius {mean}");
}

/// A 30 m river (one 4-connected row of non-fuel cells) stops the front
/// when nothing spots over it.
#[test]
fn a_river_one_cell_wide_stops_the_front() {
    let (w, h) = (200, 200);
    let river_row = 100;
    let burnable: Vec<bool> = (0..w * h).map(|i| i / w != river_row).collect();
    let mut field = FireField::new(w, h, CELL_M, &burnable);
    let b = |_: usize| gr2_40kmh(180.0); // the head runs south, at the river
    assert!(field.ignite(40 * w + 100, 0.0, &b));
    // Long enough for the backing fire (1.9 m/min) to reach the north edge.
    field.advance(1500.0, &b);
    let south_burned = (river_row + 1..h)
        .flat_map(|y| (0..w).map(move |x| y * w + x))
        .filter(|&c| field.is_burned(c))
        .count();
    let north_burned = (0..river_row)
        .flat_map(|y| (0..w).map(move |x| y * w + x))
        .filter(|&c| field.is_burned(c))
        .count();
    assert!(north_burned > 5000, "the fire grew north of the river: {north_burned}");
    assert_eq!(south_burned, 0, "the fire crossed the river");
    assert!(
        !field.is_active(),
        "a fire held by the river and map edges is no longer active"
    );
}

/// A fireline built across the head, ahead of it, stops the head; a flame
/// longer than the line holds breaches it.
#[test]
fn a_fireline_ahead_of_the_head_stops_it_unless_the_flame_is_too_long() {
    let (w, h) = (200, 200);
    let run = |holds_flame_m: f64| {
        let mut field = FireField::new(w, h, CELL_M, &vec![true; w * h]);
        let b = |_: usize| gr2_40kmh(90.0); // head runs east
        assert!(field.ignite(100 * w + 20, 0.0, &b));
        field.advance(30.0, &b);
        // A north–south line at x = 120 across the whole map, built before the head arrives.
        let line: Vec<usize> = (0..h).map(|y| y * w + 120).collect();
        assert_eq!(field.build_fireline(&line, holds_flame_m).len(), h);
        let report = field.advance(600.0, &b);
        let east_burned = (0..h)
            .flat_map(|y| (121..w).map(move |x| y * w + x))
            .filter(|&c| field.is_burned(c))
            .count();
        (east_burned, report.breaches.len())
    };
    // Flame at the head: Byram with HPA 3000 kJ/m² at 31.25 m/min ≈ 1 562 kW/m → ≈ 2.3 m.
    let (held, breaches) = run(3.0);
    assert_eq!(
        (held, breaches),
        (0, 0),
        "a line holding 3 m flames stops a 2.3 m flame"
    );
    let (crossed, breaches) = run(1.0);
    assert!(
        breaches > 0 && crossed > 1000,
        "a 1 m line is breached: {breaches} breaches, {crossed} cells beyond"
    );
}

/// A 90° wind shift mid-run turns a flank into the head: the fire runs east
/// for an hour, then the wind turns and its north flank runs as a head.
#[test]
fn a_wind_shift_turns_a_flank_into_a_head() {
    let (w, h) = (300, 300);
    let northmost = |field: &FireField| (0..h).find(|&y| (0..w).any(|x| field.is_burned(y * w + x))).unwrap();
    let run = |shift: bool| {
        let mut field = FireField::new(w, h, CELL_M, &vec![true; w * h]);
        let east = |_: usize| gr2_40kmh(90.0);
        let north = |_: usize| gr2_40kmh(0.0);
        assert!(field.ignite(200 * w + 60, 0.0, &east));
        field.advance(60.0, &east);
        let before = northmost(&field);
        if shift {
            field.refresh_behavior(&north);
            field.advance(120.0, &north); // `advance` runs until minute 120
        } else {
            field.advance(120.0, &east);
        }
        (before, northmost(&field))
    };
    let (before, steady) = run(false);
    let (_, shifted) = run(true);
    let flank_gain_m = (before - steady) as f64 * CELL_M;
    let head_gain_m = (before - shifted) as f64 * CELL_M;
    // Without the shift the north edge is a flank: it moves at the flank
    // rate (R + R_b)/(2·L/W) = 7.64 m/min; after the shift it is the head and
    // moves at 31.25 m/min. One hour each; one cell (30 m) of rasterisation.
    let b = gr2_40kmh(0.0);
    let (flank_expected, head_expected) = (b.flank_ros_m_per_min() * 60.0, b.head_ros_m_per_min * 60.0);
    assert!(
        (flank_gain_m - flank_expected).abs() < 0.1 * flank_expected + CELL_M,
        "flank {flank_gain_m} vs {flank_expected}"
    );
    assert!(
        (head_gain_m - head_expected).abs() < 0.1 * head_expected + CELL_M,
        "head {head_gain_m} vs {head_expected}"
    );
}
