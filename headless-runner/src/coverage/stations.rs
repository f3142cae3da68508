//! The aviation stations file: a RON list of bases, read with every problem at file:line:col.
//!
//! ```ron
//! (
//!     stations: [
//!         (id: "station:hohhot", name: (zh: "呼和浩特", en: "Hohhot"), lon: 111.6522, lat: 40.8106),
//!     ],
//! )
//! ```
//!
//! `id` is a stable string key, unique in the file; `lon`/`lat` are WGS84 degrees. A station
//! may lie outside the region (a base in a neighbouring province still covers the border).

use serde::{Deserialize, Serialize};
use sim_core::data::{Problem, from_ron_collecting, located_problems};
use sim_core::frame::LonLat;
use thiserror::Error;

/// A bilingual name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// One aviation station (航空护林站 / emergency aviation base).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Station {
    /// Stable key, e.g. `"station:hohhot"`.
    pub id: String,
    /// Display name.
    pub name: Name,
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

impl Station {
    /// The position.
    pub fn at(&self) -> LonLat {
        LonLat {
            lon: self.lon,
            lat: self.lat,
        }
    }
}

#[derive(Debug, Deserialize)]
struct StationsFile {
    stations: Vec<Station>,
}

/// A stations file that could not be used, with every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct StationsError {
    /// The name of the source, as given by the caller (a path).
    pub file: String,
    /// Every problem, in file order.
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for StationsError {
    /// One line per problem: `file:line:col: field: message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.problems.len();
        write!(f, "{} has {n} problem{}:", self.file, if n == 1 { "" } else { "s" })?;
        for p in &self.problems {
            write!(f, "\n  {}:{p}", self.file)?;
        }
        Ok(())
    }
}

/// Parses and checks a stations file. `source_name` names the text in messages.
pub fn parse_stations(source_name: &str, text: &str) -> Result<Vec<Station>, StationsError> {
    let fail = |problems: Vec<Problem>| StationsError {
        file: source_name.to_owned(),
        problems,
    };
    let file: StationsFile = from_ron_collecting(text).map_err(fail)?;
    let mut invalid: Vec<(String, String)> = Vec::new();
    if file.stations.is_empty() {
        invalid.push(("stations".to_owned(), "at least one station is needed".to_owned()));
    }
    for (i, s) in file.stations.iter().enumerate() {
        if s.id.trim().is_empty() {
            invalid.push((format!("stations[{i}].id"), "id is empty".to_owned()));
        } else if let Some(j) = file.stations[..i].iter().position(|o| o.id == s.id) {
            invalid.push((
                format!("stations[{i}].id"),
                format!("id `{}` is already used by stations[{j}]", s.id),
            ));
        }
        if !(s.lon.is_finite() && (-180.0..=180.0).contains(&s.lon)) {
            invalid.push((
                format!("stations[{i}].lon"),
                format!("{} is out of range −180..180", s.lon),
            ));
        }
        if !(s.lat.is_finite() && (-90.0..=90.0).contains(&s.lat)) {
            invalid.push((
                format!("stations[{i}].lat"),
                format!("{} is out of range −90..90", s.lat),
            ));
        }
    }
    if invalid.is_empty() {
        return Ok(file.stations);
    }
    Err(fail(located_problems(text, invalid)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../scenarios/plan/aviation-stations-league-seats.ron");

    #[test]
    fn the_shipped_file_has_the_twelve_seats() {
        let s = parse_stations("seats", SHIPPED).unwrap();
        assert_eq!(s.len(), 12);
        // im_leagues.csv: Alxa's seat, Bayanhot.
        assert_eq!((s[11].lon, s[11].lat), (105.6686, 38.8386));
    }

    #[test]
    fn problems_name_line_and_field() {
        let text = "(\n  stations: [\n    (id: \"a\", name: (zh: \"甲\", en: \"A\"), lon: 100.0, lat: 40.0),\n    (id: \"a\", name: (zh: \"乙\", en: \"B\"), lon: 200.0, lat: 40.0),\n  ],\n)\n";
        let e = parse_stations("s.ron", text).unwrap_err().to_string();
        assert!(
            e.contains("s.ron:4:10: stations[1].id: id `a` is already used by stations[0]"),
            "{e}"
        );
        assert!(e.contains("s.ron:4:46: stations[1].lon: 200 is out of range"), "{e}");
        let e = parse_stations("s.ron", &text.replace("lat: 40.0),\n  ]", "lat: \"x\"),\n  ]")).unwrap_err();
        assert_eq!(e.problems[0].line, 4, "{e}");
        assert_eq!(e.problems[0].path, "stations[1].lat", "{e}");
    }
}
