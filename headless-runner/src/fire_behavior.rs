//! `sandtable fire-behavior`: the point fire-behaviour calculator — the same
//! per-cell code the simulation runs, for one set of conditions.

use anyhow::bail;
use clap::{Args, ValueEnum};
use sim_core::forcing::{WeatherNow, equilibrium_moisture_pct};
use sim_core::hazards::fire::{CellConditions, Pasture, cell_behavior};
use sim_core::scenario::{FireSpec, GrassModelSpec};
use sim_core::terrain::LandCover;

use crate::Outcome;

/// Which model to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Model {
    /// CSIRO grassland, natural pasture.
    CsiroNatural,
    /// CSIRO grassland, grazed pasture.
    CsiroGrazed,
    /// CSIRO grassland, eaten-out pasture.
    CsiroEatenOut,
    /// McArthur Mk5 grassland meter.
    Mcarthur,
    /// Rothermel with the fuel model given by `--fuel`.
    Rothermel,
}

/// Arguments of `sandtable fire-behavior`.
#[derive(Debug, Args)]
pub struct FireBehaviorArgs {
    /// Fire model.
    #[arg(long, value_enum, default_value = "rothermel")]
    model: Model,
    /// Scott & Burgan or Anderson fuel model (Rothermel), e.g. GR2, TU1, FM4.
    #[arg(long, default_value = "GR2")]
    fuel: String,
    /// 10-m open wind speed, km/h.
    #[arg(long, default_value_t = 20.0)]
    wind_kmh: f64,
    /// Direction the wind blows from, degrees from north.
    #[arg(long, default_value_t = 270.0)]
    wind_from: f64,
    /// Air temperature, °C.
    #[arg(long, default_value_t = 25.0)]
    temp_c: f64,
    /// Relative humidity, %.
    #[arg(long, default_value_t = 25.0)]
    rh: f64,
    /// Dead 1-h fuel moisture, %; by default the Simard EMC of --temp-c and --rh.
    #[arg(long)]
    dead_moisture: Option<f64>,
    /// Live herbaceous moisture, % (30 = fully cured).
    #[arg(long, default_value_t = 30.0)]
    herb: f64,
    /// Live woody moisture, %.
    #[arg(long, default_value_t = 90.0)]
    woody: f64,
    /// Grass curing, %.
    #[arg(long, default_value_t = 100.0)]
    curing: f64,
    /// Slope, degrees.
    #[arg(long, default_value_t = 0.0)]
    slope_deg: f64,
    /// Direction the slope faces (downhill), degrees from north.
    #[arg(long, default_value_t = 0.0)]
    aspect_deg: f64,
    /// Apply Rothermel's wind limit (Behave's default; off in Sandtable's scenarios).
    #[arg(long)]
    wind_limit: bool,
}

pub fn fire_behavior(args: &FireBehaviorArgs) -> anyhow::Result<Outcome> {
    let finite = [
        args.wind_kmh,
        args.wind_from,
        args.temp_c,
        args.rh,
        args.herb,
        args.woody,
        args.curing,
        args.slope_deg,
        args.aspect_deg,
    ];
    if finite.iter().any(|v| !v.is_finite()) || args.dead_moisture.is_some_and(|m| !m.is_finite()) {
        bail!("every number must be finite");
    }
    if !(0.0..=150.0).contains(&args.wind_kmh)
        || !(0.0..=100.0).contains(&args.rh)
        || !(0.0..=89.0).contains(&args.slope_deg)
    {
        bail!("--wind-kmh must be 0–150, --rh 0–100 and --slope-deg 0–89");
    }
    if sim_core::hazards::fire::behave::FuelModel::by_code(&args.fuel).is_none() {
        bail!(
            "no fuel model `{}` (Anderson FM1–FM13 or Scott & Burgan GR1…SB4)",
            args.fuel
        );
    }
    let grass_model = match args.model {
        Model::CsiroNatural => GrassModelSpec::Csiro(Pasture::Natural),
        Model::CsiroGrazed => GrassModelSpec::Csiro(Pasture::Grazed),
        Model::CsiroEatenOut => GrassModelSpec::Csiro(Pasture::EatenOut),
        Model::Mcarthur => GrassModelSpec::McArthurMk5,
        Model::Rothermel => GrassModelSpec::Rothermel,
    };
    let mut spec = FireSpec {
        grass_model,
        curing_pct: Some(args.curing),
        live_herb_moisture_pct: Some(args.herb),
        live_woody_moisture_pct: Some(args.woody),
        wind_limit: args.wind_limit,
        ..FireSpec::default()
    };
    spec.fuel_models.insert(LandCover::Grassland, args.fuel.clone());
    let dead = args
        .dead_moisture
        .unwrap_or_else(|| equilibrium_moisture_pct(args.temp_c, args.rh));
    let weather = WeatherNow {
        wind_speed_m_s: args.wind_kmh / 3.6,
        wind_from_deg: args.wind_from,
        temperature_c: args.temp_c,
        relative_humidity_pct: args.rh,
        precipitation_mm_per_h: 0.0,
    };
    let cell = CellConditions {
        land_cover: LandCover::Grassland,
        dead_moisture_pct: dead,
        slope_deg: args.slope_deg,
        aspect_deg: args.aspect_deg,
    };
    let b = cell_behavior(&cell, &weather, &spec);
    let model = match args.model {
        Model::Rothermel => format!("Rothermel/Behave {}", args.fuel.to_uppercase()),
        other => format!("{other:?}"),
    };
    println!(
        "{model}: 10-m wind {:.1} km/h from {:.0}°, {:.1} °C, RH {:.0} %, dead 1-h moisture {dead:.1} %",
        args.wind_kmh, args.wind_from, args.temp_c, args.rh
    );
    println!(
        "  head rate        {:>9.2} m/min  ({:.2} km/h), towards {:.1}°",
        b.head_ros_m_per_min,
        b.head_ros_m_per_min * 0.06,
        b.head_azimuth_deg
    );
    println!(
        "  flank / back     {:>9.2} / {:.2} m/min",
        b.flank_ros_m_per_min(),
        b.back_ros_m_per_min()
    );
    println!("  length/breadth   {:>9.3}", b.length_to_breadth);
    println!(
        "  intensity        {:>9.0} kW/m (Byram, head)",
        b.head_intensity_kw_per_m()
    );
    println!("  flame length     {:>9.2} m", b.head_flame_length_m());
    println!("  heat/unit area   {:>9.0} kJ/m²", b.heat_per_unit_area_kj_per_m2);
    Ok(Outcome::Ok)
}
