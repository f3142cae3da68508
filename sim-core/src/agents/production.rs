//! Work rates of ground crews: hand fireline by fuel and crew type
//! (IRPG table, rescue.md §2.6) and sandbag dikes (Hellevang 2011, USACE;
//! rescue.md §2.7). Pure functions of the crew and the task.

use serde::{Deserialize, Serialize};

use crate::terrain::LandCover;

/// One surveyor's chain, m (66 ft).
pub const CHAIN_M: f64 = 20.1168;

/// Metres per foot.
pub const FOOT_M: f64 = 0.3048;

/// Crew size the IRPG rates are for.
pub const REFERENCE_CREW_SIZE: u32 = 20;

/// Sandbags filled and placed per person-hour on average (Hellevang, NDSU
/// Extension 2011, "Sandbagging for Flood Protection"; rescue.md §2.7).
pub const SANDBAGS_PER_PERSON_HOUR: f64 = 12.0;

/// Bags one 10 m³ truck of sand fills (rescue.md §2.7, assumption).
pub const SANDBAGS_PER_TRUCK: f64 = 600.0;

/// Hand crew type (NWCG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum CrewType {
    /// Type I (hotshot): professional 森林消防 units.
    TypeI,
    /// Type II: militia and forest-ranger teams.
    TypeII,
}

/// Fuel rows of the IRPG fireline production table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum FirelineFuel {
    /// Short grass (FM1).
    ShortGrass,
    /// Grass tundra.
    GrassTundra,
    /// Open timber with grass understory (FM2).
    OpenTimberGrass,
    /// Tall grass (FM3).
    TallGrass,
    /// Brush (FM5).
    Brush,
    /// Closed timber litter, conifers (FM8).
    ClosedTimberLitter,
    /// Hardwood (and long-needle) litter (FM9).
    HardwoodLitter,
    /// Timber with litter and understory (FM10).
    TimberLitterUnderstory,
    /// Light logging slash (FM11).
    LightSlash,
    /// Medium logging slash (FM12).
    MediumSlash,
    /// Heavy logging slash (FM13).
    HeavySlash,
}

impl FirelineFuel {
    /// Every row, in table order.
    pub const ALL: [FirelineFuel; 11] = [
        FirelineFuel::ShortGrass,
        FirelineFuel::GrassTundra,
        FirelineFuel::OpenTimberGrass,
        FirelineFuel::TallGrass,
        FirelineFuel::Brush,
        FirelineFuel::ClosedTimberLitter,
        FirelineFuel::HardwoodLitter,
        FirelineFuel::TimberLitterUnderstory,
        FirelineFuel::LightSlash,
        FirelineFuel::MediumSlash,
        FirelineFuel::HeavySlash,
    ];

    /// Sustained production of a 20-person crew, chains per hour (IRPG via
    /// rescue.md §2.6; rest and fatigue included).
    pub fn chains_per_h(self, crew: CrewType) -> f64 {
        let (type_i, type_ii) = match self {
            FirelineFuel::ShortGrass => (30.0, 18.0),
            FirelineFuel::GrassTundra => (9.0, 5.0),
            FirelineFuel::OpenTimberGrass => (24.0, 16.0),
            FirelineFuel::TallGrass => (5.0, 3.0),
            FirelineFuel::Brush => (6.0, 4.0),
            FirelineFuel::ClosedTimberLitter => (7.0, 5.0),
            FirelineFuel::HardwoodLitter => (40.0, 24.0),
            FirelineFuel::TimberLitterUnderstory => (6.0, 4.0),
            FirelineFuel::LightSlash => (15.0, 9.0),
            FirelineFuel::MediumSlash => (7.0, 4.0),
            FirelineFuel::HeavySlash => (5.0, 3.0),
        };
        match crew {
            CrewType::TypeI => type_i,
            CrewType::TypeII => type_ii,
        }
    }

    /// The table row for a fire behaviour fuel model code, or `None` for
    /// non-burnable (`NB…`) and unknown codes.
    ///
    /// Anderson's 13 map one to one where the table has a row (FM4, FM6 and
    /// FM7, the other shrub models, take the brush row). Scott & Burgan's 40
    /// follow their 2005 crosswalk to the Anderson models (RMRS-GTR-153,
    /// table 7): short dry grasses GR1–GR2 → short grass; the taller and
    /// humid grasses GR3–GR9 → tall grass; grass-shrub and shrub → brush;
    /// TU1 (timber-grass-shrub) → open timber with grass; TU2–TU5 → timber
    /// litter and understory; compact conifer litter and logs TL1, TL3–TL5,
    /// TL7 → closed timber litter; broadleaf and long-needle litter TL2, TL6,
    /// TL8, TL9 → hardwood litter; SB1–SB4 → light, medium, heavy slash.
    pub fn from_fuel_model(code: &str) -> Option<FirelineFuel> {
        use FirelineFuel::*;
        let fuel = match code {
            "FM1" | "GR1" | "GR2" => ShortGrass,
            "FM2" | "TU1" => OpenTimberGrass,
            "FM3" | "GR3" | "GR4" | "GR5" | "GR6" | "GR7" | "GR8" | "GR9" => TallGrass,
            "FM4" | "FM5" | "FM6" | "FM7" | "GS1" | "GS2" | "GS3" | "GS4" | "SH1" | "SH2" | "SH3" | "SH4" | "SH5"
            | "SH6" | "SH7" | "SH8" | "SH9" => Brush,
            "FM8" | "TL1" | "TL3" | "TL4" | "TL5" | "TL7" => ClosedTimberLitter,
            "FM9" | "TL2" | "TL6" | "TL8" | "TL9" => HardwoodLitter,
            "FM10" | "TU2" | "TU3" | "TU4" | "TU5" => TimberLitterUnderstory,
            "FM11" | "SB1" => LightSlash,
            "FM12" | "SB2" => MediumSlash,
            "FM13" | "SB3" | "SB4" => HeavySlash,
            _ => return None,
        };
        Some(fuel)
    }

    /// The table row for a land-cover class under the scenario's fuel model
    /// map (`FireSpec::fuel_models`): the class's fuel model if it has one;
    /// grassland and cropland without one (the grass models need none) take
    /// short grass; water, built-up and bare ground need no line (`None`).
    pub fn for_land_cover(
        land_cover: LandCover,
        fuel_models: &std::collections::BTreeMap<LandCover, String>,
    ) -> Option<FirelineFuel> {
        if matches!(land_cover, LandCover::Water | LandCover::Built | LandCover::Bare) {
            return None;
        }
        match fuel_models.get(&land_cover) {
            Some(code) => FirelineFuel::from_fuel_model(code),
            None if matches!(land_cover, LandCover::Grassland | LandCover::Cropland) => Some(FirelineFuel::ShortGrass),
            None => None,
        }
    }
}

/// Hand fireline a crew of `crew_size` builds per hour in `fuel`, m/h: the
/// 20-person table rate scaled linearly by crew size (assumption: the table's
/// per-person rate of ~9–30 m/h holds for smaller and larger crews).
pub fn fireline_m_per_h(fuel: FirelineFuel, crew: CrewType, crew_size: u32) -> f64 {
    fuel.chains_per_h(crew) * CHAIN_M * f64::from(crew_size) / f64::from(REFERENCE_CREW_SIZE)
}

/// Sandbags per foot of dike for a height in feet, USACE rule
/// N = (3H + 9H²) / 2 (rescue.md §2.7): a pyramid placement whose base is
/// three times its height.
pub fn sandbags_per_ft(height_ft: f64) -> f64 {
    if !height_ft.is_finite() || height_ft <= 0.0 {
        return 0.0;
    }
    (3.0 * height_ft + 9.0 * height_ft * height_ft) / 2.0
}

/// Sandbags per metre of dike `height_m` high (the USACE rule in feet,
/// converted).
pub fn sandbags_per_m(height_m: f64) -> f64 {
    sandbags_per_ft(height_m / FOOT_M) / FOOT_M
}

/// Bags needed for `length_m` of dike `height_m` high.
pub fn sandbags_for(height_m: f64, length_m: f64) -> f64 {
    sandbags_per_m(height_m) * length_m.max(0.0)
}

/// Height of a sandbag dike of `length_m` built from `bags`, m: the USACE
/// rule solved for H, H = (−3 + √(9 + 72 n)) / 18 ft with n bags per foot.
pub fn sandbag_height_m(bags: f64, length_m: f64) -> f64 {
    if !(bags.is_finite() && length_m.is_finite()) || bags <= 0.0 || length_m <= 0.0 {
        return 0.0;
    }
    let per_ft = bags / (length_m / FOOT_M);
    (-3.0 + (9.0 + 72.0 * per_ft).sqrt()) / 18.0 * FOOT_M
}

/// Bags a crew of `people` fills and places in `hours`.
pub fn sandbags_placed(people: u32, hours: f64) -> f64 {
    SANDBAGS_PER_PERSON_HOUR * f64::from(people) * hours.max(0.0)
}

/// Hours for `people` to build `length_m` of dike `height_m` high; infinite
/// with nobody.
pub fn sandbag_hours(height_m: f64, length_m: f64, people: u32) -> f64 {
    let bags = sandbags_for(height_m, length_m);
    if bags == 0.0 {
        return 0.0;
    }
    if people == 0 {
        return f64::INFINITY;
    }
    bags / (SANDBAGS_PER_PERSON_HOUR * f64::from(people))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// rescue.md §2.6 table, metres per hour for 20-person crews: 603 / 362
    /// (FM1), 181 / 100 (tundra), 482 / 322 (FM2), 100 / 60 (FM3), 121 / 80
    /// (FM5), 141 / 100 (FM8), 804 / 482 (FM9), 121 / 80 (FM10).
    #[test]
    fn twenty_person_rates_match_the_table_in_metres() {
        let table = [
            (FirelineFuel::ShortGrass, 603.0, 362.0),
            (FirelineFuel::GrassTundra, 181.0, 100.0),
            (FirelineFuel::OpenTimberGrass, 482.0, 322.0),
            (FirelineFuel::TallGrass, 100.0, 60.0),
            (FirelineFuel::Brush, 121.0, 80.0),
            (FirelineFuel::ClosedTimberLitter, 141.0, 100.0),
            (FirelineFuel::HardwoodLitter, 804.0, 482.0),
            (FirelineFuel::TimberLitterUnderstory, 121.0, 80.0),
        ];
        for (fuel, type_i, type_ii) in table {
            // The sheet rounds to the metre.
            assert!(
                (fireline_m_per_h(fuel, CrewType::TypeI, 20) - type_i).abs() <= 1.0,
                "{fuel:?}"
            );
            assert!(
                (fireline_m_per_h(fuel, CrewType::TypeII, 20) - type_ii).abs() <= 1.0,
                "{fuel:?}"
            );
        }
        for fuel in FirelineFuel::ALL {
            assert!(fuel.chains_per_h(CrewType::TypeI) > fuel.chains_per_h(CrewType::TypeII));
        }
        // Slash rows in chains/h: 15 / 7 / 5 (Type I), 9 / 4 / 3 (Type II).
        let slash = [
            FirelineFuel::LightSlash,
            FirelineFuel::MediumSlash,
            FirelineFuel::HeavySlash,
        ];
        assert_eq!(slash.map(|f| f.chains_per_h(CrewType::TypeI)), [15.0, 7.0, 5.0]);
        assert_eq!(slash.map(|f| f.chains_per_h(CrewType::TypeII)), [9.0, 4.0, 3.0]);
    }

    /// NWCG 9.8 rule of thumb: a 15-person crew builds about 900 ft/h
    /// (274 m/h) of line in grass. A 15-person Type II crew in short grass
    /// here: 18 ch/h × 20.1168 m × 15/20 = 271.6 m/h, within 1 %.
    #[test]
    fn crew_size_scaling_matches_the_nwcg_rule_of_thumb() {
        let rate = fireline_m_per_h(FirelineFuel::ShortGrass, CrewType::TypeII, 15);
        assert!((rate - 271.6).abs() < 0.05, "{rate}");
        assert!((rate - 274.0).abs() / 274.0 < 0.01);
        assert_eq!(fireline_m_per_h(FirelineFuel::Brush, CrewType::TypeI, 0), 0.0);
    }

    #[test]
    fn fuel_models_and_land_cover_map_to_table_rows() {
        assert_eq!(FirelineFuel::from_fuel_model("GR2"), Some(FirelineFuel::ShortGrass));
        assert_eq!(
            FirelineFuel::from_fuel_model("TU1"),
            Some(FirelineFuel::OpenTimberGrass)
        );
        assert_eq!(FirelineFuel::from_fuel_model("TL2"), Some(FirelineFuel::HardwoodLitter));
        assert_eq!(FirelineFuel::from_fuel_model("SH2"), Some(FirelineFuel::Brush));
        assert_eq!(FirelineFuel::from_fuel_model("NB8"), None);
        // Every burnable model of the fire module has a row; no
        // non-burnable one does.
        for model in crate::hazards::fire::behave::FuelModel::all() {
            assert_eq!(
                FirelineFuel::from_fuel_model(model.code).is_some(),
                model.is_burnable(),
                "{}",
                model.code
            );
        }
        let spec = crate::scenario::FireSpec::default();
        assert_eq!(
            FirelineFuel::for_land_cover(LandCover::ConiferForest, &spec.fuel_models),
            Some(FirelineFuel::OpenTimberGrass)
        );
        assert_eq!(
            FirelineFuel::for_land_cover(LandCover::Grassland, &spec.fuel_models),
            Some(FirelineFuel::ShortGrass)
        );
        assert_eq!(
            FirelineFuel::for_land_cover(LandCover::Cropland, &Default::default()),
            Some(FirelineFuel::ShortGrass)
        );
        assert_eq!(FirelineFuel::for_land_cover(LandCover::Water, &spec.fuel_models), None);
    }

    /// USACE rule (rescue.md §2.7): 600 bags per 100 ft at 1 ft, 2 100 at 2 ft,
    /// 4 500 at 3 ft; in metric 19.15 bags/m at 0.3 m and 66.90 at 0.6 m, which
    /// the sheet rounds to "about 20" and "about 70".
    #[test]
    fn sandbag_counts_follow_the_usace_rule() {
        assert_eq!(100.0 * sandbags_per_ft(1.0), 600.0);
        assert_eq!(100.0 * sandbags_per_ft(2.0), 2_100.0);
        assert_eq!(100.0 * sandbags_per_ft(3.0), 4_500.0);
        assert!((sandbags_per_m(0.3) - 19.15).abs() < 0.01, "{}", sandbags_per_m(0.3));
        assert!((sandbags_per_m(0.6) - 66.90).abs() < 0.01, "{}", sandbags_per_m(0.6));
        assert_eq!(sandbags_per_m(0.0), 0.0);
        assert_eq!(sandbags_per_m(f64::NAN), 0.0);
        // Inverse: the height the bags for 0.6 m × 50 m build is 0.6 m.
        let bags = sandbags_for(0.6, 50.0);
        assert!((sandbag_height_m(bags, 50.0) - 0.6).abs() < 1e-12);
        assert_eq!(sandbag_height_m(0.0, 50.0), 0.0);
    }

    /// Hellevang's 12 bags per person-hour: 100 ft of 1-ft dike (600 bags)
    /// takes a 10-person crew 5 h.
    #[test]
    fn sandbag_crews_work_at_twelve_bags_per_person_hour() {
        assert_eq!(sandbags_placed(10, 5.0), 600.0);
        let hours = sandbag_hours(FOOT_M, 100.0 * FOOT_M, 10);
        assert!((hours - 5.0).abs() < 1e-9, "{hours}");
        assert_eq!(sandbag_hours(0.5, 10.0, 0), f64::INFINITY);
        assert_eq!(sandbag_hours(0.0, 10.0, 0), 0.0);
    }
}
