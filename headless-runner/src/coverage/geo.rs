//! Reading the region and league polygons from GeoJSON text (no IO: the text is given).
//!
//! Only what the coverage check needs is read: `Polygon` and `MultiPolygon` geometries (rings
//! of `[lon, lat]` positions, WGS84 degrees, a third coordinate ignored) and, for leagues, the
//! properties `adcode`, `name_zh`, `name_en`, `area_km2` (geodesic, from the data set) and
//! `pop2020` (7th census); for an outline, `area_km2` if present. The shipped files are
//! embedded by [`super::region`].

use serde::Deserialize;
use sim_core::frame::LonLat;
use thiserror::Error;

/// A closed ring of positions (the closing vertex may or may not repeat the first).
pub type Ring = Vec<LonLat>;

/// One polygon: its outer ring then any holes. Inside is decided by the even-odd rule over
/// all rings, which is what GeoJSON's outer/hole convention means for valid polygons.
pub type Polygon = Vec<Ring>;

/// A region outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// The polygons of every feature.
    pub polygons: Vec<Polygon>,
    /// Sum of the features' `area_km2` properties (geodesic), when every feature has one.
    pub area_km2: Option<f64>,
}

/// A league (盟) or prefecture-level city (市) of Inner Mongolia.
#[derive(Debug, Clone, PartialEq)]
pub struct League {
    /// Administrative code, e.g. 150100 (Hohhot).
    pub adcode: u32,
    /// Chinese name, e.g. 呼和浩特市.
    pub name_zh: String,
    /// English name, e.g. Hohhot.
    pub name_en: String,
    /// Geodesic area of the polygon (WGS84 ellipsoid) as given in the data, km².
    pub area_km2: f64,
    /// Resident population, 2020 census.
    pub pop2020: f64,
    /// The polygons of the league.
    pub polygons: Vec<Polygon>,
}

/// A GeoJSON text that cannot be used.
#[derive(Debug, Error)]
pub enum GeoError {
    /// Not JSON, or not the expected FeatureCollection shape (serde's message has line and
    /// column).
    #[error("{source_name}: {error}")]
    Json {
        /// Name of the text in messages.
        source_name: String,
        /// The parser's error.
        error: serde_json::Error,
    },
    /// A feature whose geometry is unusable.
    #[error("{source_name}: feature {feature}: {message}")]
    Geometry {
        /// Name of the text in messages.
        source_name: String,
        /// 0-based feature index.
        feature: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Deserialize)]
struct FeatureCollection<P> {
    features: Vec<Feature<P>>,
}

#[derive(Debug, Deserialize)]
struct Feature<P> {
    properties: P,
    geometry: Geometry,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<Vec<f64>>>),
    MultiPolygon(Vec<Vec<Vec<Vec<f64>>>>),
}

#[derive(Debug, Deserialize)]
struct LeagueProps {
    adcode: u32,
    name_zh: String,
    name_en: String,
    area_km2: f64,
    pop2020: f64,
}

#[derive(Debug, Deserialize)]
struct OutlineProps {
    area_km2: Option<f64>,
}

/// Reads every feature: its properties as `P` and its polygons, positions checked.
fn features<P: serde::de::DeserializeOwned>(source_name: &str, text: &str) -> Result<Vec<(P, Vec<Polygon>)>, GeoError> {
    let collection: FeatureCollection<P> = serde_json::from_str(text).map_err(|error| GeoError::Json {
        source_name: source_name.to_owned(),
        error,
    })?;
    let mut out = Vec::with_capacity(collection.features.len());
    for (feature, f) in collection.features.into_iter().enumerate() {
        let bad = |message: String| GeoError::Geometry {
            source_name: source_name.to_owned(),
            feature,
            message,
        };
        let raw = match f.geometry {
            Geometry::Polygon(rings) => vec![rings],
            Geometry::MultiPolygon(polygons) => polygons,
        };
        let mut polygons = Vec::with_capacity(raw.len());
        for rings in raw {
            let mut polygon = Vec::with_capacity(rings.len());
            for ring in rings {
                let mut points = Vec::with_capacity(ring.len());
                for position in ring {
                    let (Some(&lon), Some(&lat)) = (position.first(), position.get(1)) else {
                        return Err(bad("a position has fewer than two coordinates".to_owned()));
                    };
                    if !(lon.is_finite()
                        && lat.is_finite()
                        && (-180.0..=180.0).contains(&lon)
                        && (-90.0..=90.0).contains(&lat))
                    {
                        return Err(bad(format!("position ({lon}, {lat}) is not a longitude/latitude")));
                    }
                    points.push(LonLat { lon, lat });
                }
                if points.len() < 3 {
                    return Err(bad(format!("a ring has {} positions, at least 3 needed", points.len())));
                }
                polygon.push(points);
            }
            polygons.push(polygon);
        }
        out.push((f.properties, polygons));
    }
    Ok(out)
}

/// Reads leagues: one feature per league with the properties listed in the module docs.
pub fn parse_leagues(source_name: &str, text: &str) -> Result<Vec<League>, GeoError> {
    Ok(features::<LeagueProps>(source_name, text)?
        .into_iter()
        .map(|(p, polygons)| League {
            adcode: p.adcode,
            name_zh: p.name_zh,
            name_en: p.name_en,
            area_km2: p.area_km2,
            pop2020: p.pop2020,
            polygons,
        })
        .collect())
}

/// Reads an outline: the polygons of every feature and their `area_km2`, if given.
pub fn parse_outline(source_name: &str, text: &str) -> Result<Outline, GeoError> {
    let features = features::<OutlineProps>(source_name, text)?;
    let area_km2 = features.iter().map(|(p, _)| p.area_km2).sum();
    Ok(Outline {
        polygons: features.into_iter().flat_map(|(_, polygons)| polygons).collect(),
        area_km2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coverage::region::{IM_LEAGUES_GEOJSON, IM_OUTLINE_GEOJSON};

    #[test]
    fn the_shipped_files_read() {
        let leagues = parse_leagues("leagues", IM_LEAGUES_GEOJSON).unwrap();
        assert_eq!(leagues.len(), 12);
        let pop: f64 = leagues.iter().map(|l| l.pop2020).sum();
        // SOURCES.md: the 12 league values add up exactly to the regional total.
        assert_eq!(pop, 24_049_155.0);
        assert_eq!(leagues[0].name_en, "Hohhot");
        let outline = parse_outline("outline", IM_OUTLINE_GEOJSON).unwrap();
        assert!(!outline.polygons.is_empty());
        // SOURCES.md: "The region polygon gives 1,144,695 km²".
        assert_eq!(outline.area_km2, Some(1_144_695.0));
    }

    #[test]
    fn bad_geometry_is_an_error_not_a_panic() {
        let text = r#"{"features":[{"properties":{},"geometry":{"type":"Polygon","coordinates":[[[1,2],[3]]]}}]}"#;
        let e = parse_outline("x.geojson", text).unwrap_err().to_string();
        assert!(e.contains("x.geojson: feature 0"), "{e}");
        let e = parse_outline("x.geojson", "{\"features\": [}").unwrap_err().to_string();
        assert!(e.contains("line 1"), "{e}");
    }
}
