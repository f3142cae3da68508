//! ESRI ASCII grid (`.asc`) parsing and bilinear sampling.
//!
//! The caller reads the file and hands in its text: sim-core does no IO.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::grid::Grid;

/// A problem in an `.asc` text, with the 1-based line and column at fault.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{line}:{column}: {message}")]
pub struct AscError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What is wrong, for a person.
    pub message: String,
}

/// How an `.asc` file's coordinates relate to the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AscGeoref {
    /// `xllcorner`/`yllcorner`/`cellsize` are longitude/latitude degrees (WGS84).
    LonLat,
    /// They are metres east/north of the scenario frame's south-west corner.
    FrameMetres,
}

/// A parsed ESRI ASCII grid. NODATA cells are stored as NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct AscGrid {
    /// X of the lower-left corner of the lower-left cell.
    pub x_ll_corner: f64,
    /// Y of the lower-left corner of the lower-left cell.
    pub y_ll_corner: f64,
    /// Cell side, in the file's units.
    pub cell_size: f64,
    /// Values, row 0 at the north.
    pub values: Grid<f32>,
}

struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    line_start: usize,
}

impl<'a> Tokens<'a> {
    /// The next whitespace-separated token with its 1-based line and column.
    fn next_token(&mut self) -> Option<(&'a str, u32, u32)> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && bytes[self.pos].is_ascii_whitespace() {
            if bytes[self.pos] == b'\n' {
                self.line += 1;
                self.line_start = self.pos + 1;
            }
            self.pos += 1;
        }
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        while self.pos < bytes.len() && !bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        let column = self.text[self.line_start..start].chars().count() as u32 + 1;
        // Token boundaries are ASCII whitespace, so these are char boundaries.
        Some((&self.text[start..self.pos], self.line, column))
    }

    fn error_here(&self, message: String) -> AscError {
        let column = self.text[self.line_start..self.pos].chars().count() as u32 + 1;
        AscError {
            line: self.line,
            column,
            message,
        }
    }
}

/// Largest grid accepted, in cells: far above any scenario's need, and small
/// enough that a corrupt header cannot ask for terabytes.
const MAX_CELLS: usize = 64 * 1024 * 1024;

impl AscGrid {
    /// Parses the text of an ESRI ASCII grid. Header keys are case-insensitive;
    /// `xllcenter`/`yllcenter` are accepted and converted to corners.
    pub fn parse(text: &str) -> Result<AscGrid, AscError> {
        let mut tokens = Tokens {
            text,
            pos: 0,
            line: 1,
            line_start: 0,
        };
        let (mut ncols, mut nrows) = (None, None);
        let (mut x, mut y, mut centred, mut cell, mut nodata) = (None, None, false, None, None);
        let mut first_value = None;
        while let Some((token, line, column)) = tokens.next_token() {
            let key = token.to_ascii_lowercase();
            let is_key = matches!(
                key.as_str(),
                "ncols" | "nrows" | "xllcorner" | "yllcorner" | "xllcenter" | "yllcenter" | "cellsize" | "nodata_value"
            );
            if !is_key {
                first_value = Some((token, line, column));
                break;
            }
            let Some((value, vline, vcol)) = tokens.next_token() else {
                return Err(tokens.error_here(format!("header `{token}` has no value")));
            };
            let number: f64 = value.parse().map_err(|_| AscError {
                line: vline,
                column: vcol,
                message: format!("header `{token}` expects a number, found `{value}`"),
            })?;
            let count = |n: f64| -> Result<usize, AscError> {
                if n.fract() == 0.0 && n >= 1.0 && n <= MAX_CELLS as f64 {
                    Ok(n as usize)
                } else {
                    Err(AscError {
                        line: vline,
                        column: vcol,
                        message: format!("`{token}` must be a positive whole number, found `{value}`"),
                    })
                }
            };
            match key.as_str() {
                "ncols" => ncols = Some(count(number)?),
                "nrows" => nrows = Some(count(number)?),
                "xllcorner" => x = Some(number),
                "yllcorner" => y = Some(number),
                "xllcenter" => (x, centred) = (Some(number), true),
                "yllcenter" => (y, centred) = (Some(number), true),
                "cellsize" if number > 0.0 && number.is_finite() => cell = Some(number),
                "cellsize" => {
                    return Err(AscError {
                        line: vline,
                        column: vcol,
                        message: format!("`cellsize` must be positive, found `{value}`"),
                    });
                }
                _ => nodata = Some(number),
            }
        }
        let missing = [
            ("ncols", ncols.is_none()),
            ("nrows", nrows.is_none()),
            ("xllcorner", x.is_none()),
            ("yllcorner", y.is_none()),
            ("cellsize", cell.is_none()),
        ];
        if let Some((name, _)) = missing.iter().find(|(_, m)| *m) {
            return Err(AscError {
                line: 1,
                column: 1,
                message: format!("header lacks `{name}`"),
            });
        }
        let (ncols, nrows, mut x, mut y, cell) = (
            ncols.unwrap_or(1),
            nrows.unwrap_or(1),
            x.unwrap_or(0.0),
            y.unwrap_or(0.0),
            cell.unwrap_or(1.0),
        );
        if ncols.saturating_mul(nrows) > MAX_CELLS {
            return Err(AscError {
                line: 1,
                column: 1,
                message: format!("{ncols} × {nrows} cells is more than the {MAX_CELLS} accepted"),
            });
        }
        if centred {
            x -= cell / 2.0;
            y -= cell / 2.0;
        }
        let mut values = Vec::with_capacity(ncols * nrows);
        let mut next = first_value;
        while values.len() < ncols * nrows {
            let Some((token, line, column)) = next else {
                return Err(tokens.error_here(format!(
                    "expected {} values ({ncols} columns × {nrows} rows), found {}",
                    ncols * nrows,
                    values.len()
                )));
            };
            let v: f64 = token.parse().map_err(|_| AscError {
                line,
                column,
                message: format!("expected a number, found `{token}`"),
            })?;
            let is_nodata = nodata.is_some_and(|nd| v == nd) || !v.is_finite();
            values.push(if is_nodata { f32::NAN } else { v as f32 });
            next = tokens.next_token();
        }
        if let Some((token, line, column)) = next {
            return Err(AscError {
                line,
                column,
                message: format!(
                    "unexpected value `{token}` after the {} cells of the grid",
                    ncols * nrows
                ),
            });
        }
        let values =
            Grid::from_cells(ncols, nrows, values).ok_or_else(|| tokens.error_here("grid size mismatch".into()))?;
        Ok(AscGrid {
            x_ll_corner: x,
            y_ll_corner: y,
            cell_size: cell,
            values,
        })
    }

    /// Bilinear sample at `(x, y)` in the file's coordinates, between cell
    /// centres; NODATA neighbours are left out and the weights renormalised.
    /// `None` outside the grid's extent or where all four neighbours are NODATA.
    pub fn sample_bilinear(&self, x: f64, y: f64) -> Option<f64> {
        let (w, h) = (self.values.width(), self.values.height());
        let max_x = self.x_ll_corner + w as f64 * self.cell_size;
        let max_y = self.y_ll_corner + h as f64 * self.cell_size;
        if !(x >= self.x_ll_corner && x <= max_x && y >= self.y_ll_corner && y <= max_y) {
            return None;
        }
        // Continuous column/row of cell centres; rows count from the north.
        let fx = ((x - self.x_ll_corner) / self.cell_size - 0.5).clamp(0.0, (w - 1) as f64);
        let fy = ((max_y - y) / self.cell_size - 0.5).clamp(0.0, (h - 1) as f64);
        let (x0, y0) = (fx.floor() as usize, fy.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (tx, ty) = (fx - x0 as f64, fy - y0 as f64);
        let corners = [
            (x0, y0, (1.0 - tx) * (1.0 - ty)),
            (x1, y0, tx * (1.0 - ty)),
            (x0, y1, (1.0 - tx) * ty),
            (x1, y1, tx * ty),
        ];
        let (mut sum, mut weight) = (0.0, 0.0);
        for (cx, cy, wgt) in corners {
            if let Some(v) = self.values.at(cx, cy).filter(|v| v.is_finite()) {
                sum += f64::from(*v) * wgt;
                weight += wgt;
            }
        }
        (weight > 1e-12).then(|| sum / weight)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str =
        "ncols 3\nnrows 2\nxllcorner 10\nyllcorner 20\ncellsize 2\nNODATA_value -9999\n1 2 3\n4 5 -9999\n";

    #[test]
    fn parses_header_values_and_nodata() {
        let g = AscGrid::parse(SMALL).expect("valid");
        assert_eq!((g.values.width(), g.values.height()), (3, 2));
        assert_eq!(*g.values.at(1, 0).expect("cell"), 2.0);
        assert!(g.values.at(2, 1).expect("cell").is_nan());
        // Centre of the north-west cell is (11, 23); of the south-west (11, 21).
        assert_eq!(g.sample_bilinear(11.0, 23.0), Some(1.0));
        assert_eq!(g.sample_bilinear(11.0, 22.0), Some(2.5));
        assert_eq!(g.sample_bilinear(12.0, 23.0), Some(1.5));
        assert_eq!(g.sample_bilinear(9.0, 23.0), None);
    }

    #[test]
    fn errors_name_line_and_column() {
        let bad = SMALL.replace("4 5", "4 x");
        let e = AscGrid::parse(&bad).expect_err("bad value");
        assert_eq!((e.line, e.column), (8, 3), "{e}");
        let short = "ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n";
        assert!(
            AscGrid::parse(short)
                .expect_err("short")
                .message
                .contains("expected 4 values")
        );
        let no_size = "ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\n1 2 3 4\n";
        assert!(
            AscGrid::parse(no_size)
                .expect_err("no cellsize")
                .message
                .contains("cellsize")
        );
        let huge = "ncols 100000\nnrows 100000\nxllcorner 0\nyllcorner 0\ncellsize 1\n";
        assert!(AscGrid::parse(huge).is_err());
    }
}
