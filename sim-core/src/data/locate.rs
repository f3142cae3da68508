//! Finding where a field path (as in [`Problem::path`](super::Problem)) sits in RON text, so
//! that checks made after parsing can point at a line and column too.

use super::Problem;
use super::tree::{Kind, Node, parse};

/// One step of a path: a field or variant name, a list/tuple index, or a map key.
#[derive(Debug, PartialEq)]
enum Step<'p> {
    Name(&'p str),
    Index(usize),
    Key(&'p str),
}

/// Splits `places[1].at` into `places`, `[1]`, `at`; `stocks["tent"]` gives a `Key`.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            out.push(Step::Name(name));
        }
        while !rest.is_empty() {
            let (inside, after) = rest.split_once(']').unwrap_or((rest, ""));
            match inside.parse::<usize>() {
                Ok(i) => out.push(Step::Index(i)),
                Err(_) => out.push(Step::Key(inside.trim_matches('"'))),
            }
            rest = after.strip_prefix('[').unwrap_or("");
        }
    }
    out
}

/// Problems found after parsing, as `(path, message)` pairs, placed at the
/// line and column of their path in `text` (1:1 when it cannot be found)
/// and sorted by position; problems at one position keep their order.
pub fn located_problems(text: &str, invalid: impl IntoIterator<Item = (String, String)>) -> Vec<Problem> {
    let mut problems: Vec<Problem> = invalid
        .into_iter()
        .map(|(path, message)| {
            let (line, column) = locate(text, &path).unwrap_or((1, 1));
            Problem {
                line,
                column,
                path,
                message,
            }
        })
        .collect();
    problems.sort_by_key(|p| (p.line, p.column));
    problems
}

/// The 1-based line and column of the value at `path` in `text`, or of the deepest part of the
/// path that exists. `None` when the text does not parse.
pub fn locate(text: &str, path: &str) -> Option<(u32, u32)> {
    let root = parse(text).ok()?;
    let mut node: &Node = &root;
    for step in steps(path) {
        // `Some(x)` is transparent: `flood.inflows` finds the field inside
        // `flood: Some((inflows: ...))`.
        if let Kind::Tuple { name: Some(v), items } = &node.kind
            && v == "Some"
            && step != Step::Name("Some")
            && let [inner] = items.as_slice()
        {
            node = inner;
        }
        let next = match (&node.kind, step) {
            // A variant name: `Procedural((...))` or `Asc(file: ...)` wrap the payload.
            (Kind::Struct { name: Some(v), .. }, Step::Name(n)) if v == n => Some(node),
            (Kind::Struct { fields, .. }, Step::Name(n)) => fields.iter().find(|f| f.name == n).map(|f| &f.value),
            (Kind::Tuple { name: Some(v), items }, Step::Name(n)) if v == n => match items.as_slice() {
                [only] => Some(only),
                _ => Some(node),
            },
            (Kind::Ident(v), Step::Name(n)) if v == n => Some(node),
            (Kind::List(items) | Kind::Tuple { items, .. }, Step::Index(i)) => items.get(i),
            (Kind::Map(entries), Step::Key(k)) => entries
                .iter()
                .find(|(key, _)| matches!(&key.kind, Kind::Str(s) | Kind::Ident(s) if s == k))
                .map(|(_, value)| value),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    Some((node.pos.line, node.pos.column))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "(\n  places: [\n    (id: \"a\"),\n    (id: \"b\", at: (lon: 1.0, lat: 2.0)),\n  ],\n  terrain: Procedural((seed: 3)),\n  other: Asc(file: \"x\"),\n  stocks: {\"tent\": 4.0},\n)";

    #[test]
    fn finds_fields_indices_variants_and_keys() {
        assert_eq!(locate(TEXT, "places[1].at"), Some((4, 19)));
        assert_eq!(locate(TEXT, "places[1].at.lat"), Some((4, 35)));
        assert_eq!(locate(TEXT, "terrain.Procedural.seed"), Some((6, 30)));
        assert_eq!(locate(TEXT, "other.Asc.file"), Some((7, 20)));
        assert_eq!(locate(TEXT, "stocks[\"tent\"]"), Some((8, 20)));
        // A path that stops existing points at its deepest existing part.
        assert_eq!(locate(TEXT, "places[7].id"), Some((2, 11)));
        assert_eq!(locate("(", "x"), None);
        // Through `Some(...)`.
        let text = "(\n  flood: Some((\n    gauges: [(id: 1)],\n  )),\n)";
        assert_eq!(locate(text, "flood.gauges[0].id"), Some((3, 19)));
        assert_eq!(locate(text, "flood"), Some((2, 10)));
    }
}
