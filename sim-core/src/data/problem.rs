//! The [`Problem`] type reported to users, and the field-path bookkeeping used to build it.
//!
//! Paths are kept as a linked list of borrowed segments living on the deserializer's stack, so
//! walking a large file costs no allocation per node; a path is only rendered to a `String`
//! when a problem is actually recorded.

use std::cmp::Ordering;
use std::fmt;

/// One mistake found in a RON document.
///
/// `line` and `column` are 1-based; `column` counts characters (not bytes), so it matches what
/// an editor shows for non-ASCII text. `path` locates the value inside the document (see
/// [`crate::data`] for the syntax); it is empty for the root value and for syntax errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: u32,
    pub column: u32,
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}:{}: {}", self.line, self.column, self.message)
        } else {
            write!(f, "{}:{}: {}: {}", self.line, self.column, self.path, self.message)
        }
    }
}

impl Problem {
    /// Total order used for the final report: position first, then path, then message, so
    /// the output is deterministic whatever order the problems were found in.
    pub(crate) fn report_order(a: &Problem, b: &Problem) -> Ordering {
        (a.line, a.column, &a.path, &a.message).cmp(&(b.line, b.column, &b.path, &b.message))
    }
}

/// Sorts by position and removes exact duplicates (the replay strategy in `de.rs` revisits
/// nodes and so records some problems more than once).
pub(crate) fn sort_and_dedup(problems: &mut Vec<Problem>) {
    problems.sort_by(Problem::report_order);
    problems.dedup();
}

/// One step of a field path.
#[derive(Debug, Clone)]
pub(crate) enum Seg<'a> {
    /// The document root; renders as nothing.
    Root,
    /// A struct field: `.name`.
    Field(&'a str),
    /// An enum variant whose payload is being read: `.Variant`.
    Variant(&'a str),
    /// A list or tuple element: `[3]`.
    Index(usize),
    /// A map entry, with the key already rendered as RON (`["north"]`, `[3]`, `[Town]`).
    Key(String),
}

/// A field path as a parent-linked chain of segments; see the module docs.
#[derive(Debug, Clone)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

impl<'a> Path<'a> {
    pub(crate) const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    /// A child path below `self`.
    pub(crate) fn push(&'a self, seg: Seg<'a>) -> Path<'a> {
        Path {
            parent: Some(self),
            seg,
        }
    }

    /// Renders the path, e.g. `places[2].population` or `terrain.Procedural.seed`.
    pub(crate) fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            segs.push(&p.seg);
            cur = p.parent;
        }
        let mut out = String::new();
        for seg in segs.into_iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Field(name) | Seg::Variant(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Seg::Key(k) => {
                    out.push('[');
                    out.push_str(k);
                    out.push(']');
                }
            }
        }
        out
    }
}

/// Optimal-string-alignment edit distance (Levenshtein plus adjacent transpositions), so a
/// swapped pair of letters such as `popluation` counts as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// The closest candidate within edit distance 2 (first one wins ties), if any. Very short
/// names need a closer match so that `x` does not "suggest" `id`.
pub(crate) fn closest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let limit = 2.min(name.chars().count().saturating_sub(1));
    let mut best: Option<(usize, &'c str)> = None;
    for &cand in candidates {
        let d = edit_distance(name, cand);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// "`a`, `b`, `c`" for messages.
pub(crate) fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// "unknown X `name`, expected one of …; did you mean `…`?" shared by fields and variants.
pub(crate) fn unknown_name_message(what: &str, name: &str, expected: &[&str]) -> String {
    let mut msg = if expected.is_empty() {
        format!("unknown {what} `{name}`, there are none")
    } else {
        format!("unknown {what} `{name}`, expected one of {}", one_of(expected))
    };
    if let Some(s) = closest(name, expected) {
        msg.push_str(&format!("; did you mean `{s}`?"));
    }
    msg
}
