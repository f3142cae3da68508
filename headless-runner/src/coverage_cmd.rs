//! `sandtable coverage`: the "2-hour aviation network" plan check — area and population of
//! Inner Mongolia reachable by air from a stations file; prints the numbers and writes
//! `coverage.json` and `coverage.png`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde::Serialize;

use crate::Outcome;
use crate::atomic::write_atomically;
use crate::coverage::{self, AreaCoverage, Coverage, Image, NearestStation, Station};

/// Width of the map, px.
const MAP_WIDTH_PX: u32 = 1200;

/// Arguments of `sandtable coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Stations file (RON, see scenarios/plan/aviation-stations-league-seats.ron).
    #[arg(long)]
    stations: PathBuf,
    /// Cruise speed, km/h.
    #[arg(long, default_value_t = 220.0)]
    speed_kmh: f64,
    /// Dispatch (lift-off) delay after the alarm, min.
    #[arg(long, default_value_t = 60.0)]
    dispatch_min: f64,
    /// Time limit from the alarm to over the scene, min.
    #[arg(long, default_value_t = 120.0)]
    within_min: f64,
    /// Grid cell, degrees (0.005–0.5).
    #[arg(long, default_value_t = coverage::DEFAULT_CELL_DEG)]
    cell_deg: f64,
    /// Output folder.
    #[arg(long, default_value = "out/coverage")]
    out: PathBuf,
}

/// What `coverage.json` holds.
#[derive(Debug, Serialize)]
struct Report<'a> {
    stations_file: String,
    speed_km_per_h: f64,
    dispatch_delay_min: f64,
    within_min: f64,
    cell_deg: f64,
    outline_area_km2_raster: f64,
    outline_area_km2_geodesic: Option<f64>,
    method: &'static str,
    stations: &'a [Station],
    #[serde(flatten)]
    coverage: &'a Coverage,
}

const METHOD: &str = "reachable: great-circle distance from the cell centre to the nearest station <= R = v*(T - delay); \
lon/lat grid, cell-centre rule, spherical cell areas; population uniform within each league (2020 census)";

pub fn coverage(args: &CoverageArgs) -> anyhow::Result<Outcome> {
    let numbers = [args.speed_kmh, args.dispatch_min, args.within_min, args.cell_deg];
    if numbers.iter().any(|v| !v.is_finite()) {
        bail!("every number must be finite");
    }
    if !(args.speed_kmh > 0.0 && args.speed_kmh <= 1000.0) {
        bail!("--speed-kmh must be in (0, 1000], got {}", args.speed_kmh);
    }
    if args.dispatch_min < 0.0 || args.within_min <= 0.0 || args.within_min > 24.0 * 60.0 {
        bail!("--dispatch-min must be ≥ 0 and --within-min in (0, 1440]");
    }
    if !(0.005..=0.5).contains(&args.cell_deg) {
        bail!("--cell-deg must be 0.005–0.5, got {}", args.cell_deg);
    }
    let name = args.stations.display().to_string();
    let text = std::fs::read_to_string(&args.stations).with_context(|| format!("cannot read stations file {name}"))?;
    let stations = coverage::parse_stations(&name, &text)?;

    let coverage::Region { raster, outline } = coverage::inner_mongolia(args.cell_deg)?;
    let nearest = NearestStation::new(&raster, &stations);
    let radius_km = coverage::reach_radius_km(args.speed_kmh, args.dispatch_min, args.within_min);
    let result = coverage::coverage(&raster, &stations, &nearest, radius_km);
    print_summary(args, stations.len(), &result);

    let report = Report {
        stations_file: name,
        speed_km_per_h: args.speed_kmh,
        dispatch_delay_min: args.dispatch_min,
        within_min: args.within_min,
        cell_deg: args.cell_deg,
        outline_area_km2_raster: raster.outline_area_km2(),
        outline_area_km2_geodesic: outline.area_km2,
        method: METHOD,
        stations: &stations,
        coverage: &result,
    };
    let mut json = serde_json::to_string_pretty(&report)?;
    json.push('\n');
    let image = coverage::draw(&raster, &outline.polygons, &stations, &nearest, radius_km, MAP_WIDTH_PX);
    let png = encode_png(&image)?;
    let json_path = args.out.join("coverage.json");
    let png_path = args.out.join("coverage.png");
    write_atomically(&json_path, json.as_bytes())?;
    write_atomically(&png_path, &png)?;
    println!("wrote {} and {}", json_path.display(), png_path.display());
    Ok(Outcome::Ok)
}

fn print_summary(args: &CoverageArgs, n_stations: usize, c: &Coverage) {
    println!(
        "航空覆盖 Aviation coverage: {n_stations} station{}, {} km/h, dispatch {} min, within {} min → R = {:.0} km",
        if n_stations == 1 { "" } else { "s" },
        args.speed_kmh,
        args.dispatch_min,
        args.within_min,
        c.reach_radius_km
    );
    println!(
        "{}{}{}{:>7}{}{}{:>7}{}",
        pad_right("盟市 League", 28),
        pad_left("面积 km²", 12),
        pad_left("覆盖 km²", 12),
        "%",
        pad_left("人口 pop", 12),
        pad_left("覆盖 pop", 12),
        "%",
        pad_left("最远 km", 10)
    );
    let row = |a: &AreaCoverage| {
        println!(
            "{}{:>12.0}{:>12.0}{:>7.1}{:>12.0}{:>12.0}{:>7.1}{:>10.0}",
            pad_right(&format!("{} {}", a.name_zh, a.name_en), 28),
            a.area_km2,
            a.covered_area_km2,
            a.covered_area_share * 100.0,
            a.population,
            a.covered_population,
            a.covered_population_share * 100.0,
            a.farthest_point.as_ref().map_or(f64::NAN, |f| f.distance_km),
        );
    };
    for l in &c.leagues {
        row(l);
    }
    row(&c.region);
    match &c.region.farthest_point {
        Some(f) if !f.covered => println!(
            "最远未覆盖点 Farthest uncovered point: {:.2}°E {:.2}°N, {:.0} km from {}",
            f.lon, f.lat, f.distance_km, f.nearest_station
        ),
        Some(f) => println!(
            "全区覆盖 Whole region covered; farthest point {:.0} km from {}",
            f.distance_km, f.nearest_station
        ),
        None => {}
    }
}

/// Columns a string takes in a terminal: CJK characters are two wide.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c >= '\u{2E80}' { 2 } else { 1 }).sum()
}

fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn encode_png(image: &Image) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().context("cannot encode the map")?;
    writer.write_image_data(&image.rgb).context("cannot encode the map")?;
    writer.finish().context("cannot encode the map")?;
    Ok(bytes)
}
