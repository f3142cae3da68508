//! Acceptance tests for the tolerant RON loader: values, collected problems, replay and
//! learning; syntax errors and robustness (proptest, depth bombs) are in `tests/robustness.rs`.
//!
//! `unwrap`/`expect` are warned on in the workspace because user input must never panic the
//! loader; in tests a panic is the failure report we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::data::{Problem, from_ron_collecting};

mod robustness;

#[derive(Deserialize, Debug, PartialEq)]
struct Place {
    id: String,
    population: u32,
    lon_lat: (f64, f64),
    #[serde(default)]
    vulnerable_share: f64,
    kind: Kind,
}

#[derive(Deserialize, Debug, PartialEq)]
enum Kind {
    Town,
    Village,
    Camp { herders: u32 },
}

#[derive(Deserialize, Debug, PartialEq)]
struct Scenario {
    version: u32,
    id: String,
    places: Vec<Place>,
    terrain: Terrain,
    note: Option<String>,
}

#[derive(Deserialize, Debug, PartialEq)]
enum Terrain {
    Procedural { seed: u64, relief_m: f64 },
    Asc(String),
}

const VALID: &str = r##"#![enable(implicit_some)]
// Flood exercise, north valley.
Scenario(
    version: 3,
    id: r#"north "valley""#, /* a raw string /* nested comment */ */
    places: [
        (
            id: "a",
            population: 1_200,
            lon_lat: (10.5, -3e1),
            kind: Town,
        ),
        Place(id: "b\tc\u{e9}", population: 0x10, lon_lat: (1, 2.), vulnerable_share: .25, kind: Camp(herders: 4),),
    ],
    terrain: Procedural(seed: 0b1010, relief_m: 150.0 /* m */),
    note: Some("ok\n"),
)
"##;

fn valid_value() -> Scenario {
    Scenario {
        version: 3,
        id: "north \"valley\"".to_owned(),
        places: vec![
            Place {
                id: "a".to_owned(),
                population: 1200,
                lon_lat: (10.5, -30.0),
                vulnerable_share: 0.0,
                kind: Kind::Town,
            },
            Place {
                id: "b\tc\u{e9}".to_owned(),
                population: 16,
                lon_lat: (1.0, 2.0),
                vulnerable_share: 0.25,
                kind: Kind::Camp { herders: 4 },
            },
        ],
        terrain: Terrain::Procedural {
            seed: 10,
            relief_m: 150.0,
        },
        note: Some("ok\n".to_owned()),
    }
}

/// Line and column (in characters) of the `nth` occurrence of `needle`, computed
/// independently of the parser.
fn at_nth(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let (offset, _) = text.match_indices(needle).nth(nth).expect("needle present");
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() as u32 + 1;
    (line, column)
}

fn at(text: &str, needle: &str) -> (u32, u32) {
    at_nth(text, needle, 0)
}

fn problems<T: DeserializeOwned + Debug>(text: &str) -> Vec<Problem> {
    let problems = from_ron_collecting::<T>(text).expect_err("the document should be rejected");
    assert!(!problems.is_empty());
    let mut sorted = problems.clone();
    sorted.sort_by_key(|p| (p.line, p.column));
    sorted.dedup();
    assert_eq!(problems, sorted, "problems must be sorted and deduplicated");
    problems
}

/// Asserts one problem at `pos` with exactly `path` whose message contains `fragment`.
#[track_caller]
fn expect(problems: &[Problem], pos: (u32, u32), path: &str, fragment: &str) {
    let found = problems
        .iter()
        .any(|p| (p.line, p.column) == pos && p.path == path && p.message.contains(fragment));
    let listing: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        found,
        "no problem at {pos:?} `{path}` containing {fragment:?}; got:\n{}",
        listing.join("\n")
    );
}

#[test]
fn valid_file_round_trips() {
    assert_eq!(from_ron_collecting::<Scenario>(VALID), Ok(valid_value()));
}

#[test]
fn none_newtype_variant_and_implicit_some() {
    let text = r#"(version: 1, id: "x", places: [], terrain: Asc("dem.asc"), note: None)"#;
    let scenario = from_ron_collecting::<Scenario>(text).expect("valid");
    assert_eq!(scenario.terrain, Terrain::Asc("dem.asc".to_owned()));
    assert_eq!(scenario.note, None);
    let text = r#"Scenario(version: 1, id: "x", places: [], terrain: Asc("a"), note: "bare")"#;
    let scenario = from_ron_collecting::<Scenario>(text).expect("valid");
    assert_eq!(scenario.note.as_deref(), Some("bare"));
}

#[test]
fn three_mistakes_in_different_places_are_all_reported() {
    let text = r#"Scenario(
    version: 1,
    id: "x",
    places: [
        (id: "a", popluation: 10, lon_lat: (0, 0), kind: Town),
        (id: "b", population: "many", lon_lat: (0, 0), kind: Village),
    ],
    terrain: Procedural(seed: 1, relief_m: true),
    note: None,
)"#;
    let found = problems::<Scenario>(text);
    assert_eq!(found.len(), 3, "{found:#?}");
    expect(&found, (5, 19), "places[0].popluation", "unknown field `popluation`");
    expect(&found, (5, 19), "places[0].popluation", "did you mean `population`?");
    expect(
        &found,
        (6, 31),
        "places[1].population",
        "expected an integer (u32), found the string \"many\"",
    );
    expect(
        &found,
        (8, 44),
        "terrain.Procedural.relief_m",
        "expected a number (f64), found the boolean `true`",
    );
    assert_eq!(
        found[2].to_string(),
        "8:44: terrain.Procedural.relief_m: expected a number (f64), found the boolean `true`"
    );
}

#[test]
fn structural_mistakes_are_located() {
    let text = r#"Scenario(
    version: 1,
    id: "x",
    places: [
        (id: "a", population: 3, lon_lat: (0, 0)),
        (id: "b", population: -5, lon_lat: (0, 0), kind: Vilage),
        (id: "c", population: 2, population: 3, lon_lat: (0, 0), kind: Town),
        (id: "d", population: 1, lon_lat: (0, 0, 7), kind: Camp(herders: 1)),
        (id: "e", population: 1, lon_lat: (0), kind: Camp()),
    ],
    terrain: Asc("a.asc"),
    note: None,
)"#;
    let found = problems::<Scenario>(text);
    expect(&found, (5, 9), "places[0]", "missing field `kind`");
    expect(
        &found,
        at(text, "-5"),
        "places[1].population",
        "integer `-5` is out of range for u32",
    );
    expect(&found, at(text, "Vilage"), "places[1].kind", "unknown variant `Vilage`");
    expect(&found, at(text, "Vilage"), "places[1].kind", "did you mean `Village`?");
    expect(
        &found,
        at_nth(text, "population", 3),
        "places[2].population",
        "duplicate field `population`",
    );
    expect(
        &found,
        at(text, "7)"),
        "places[3].lon_lat[2]",
        "too many elements: expected 2, found 3",
    );
    expect(
        &found,
        at(text, "(0)"),
        "places[4].lon_lat",
        "wrong number of elements: found 1",
    );
    expect(
        &found,
        at(text, "Camp()"),
        "places[4].kind.Camp",
        "missing field `herders`",
    );
    assert_eq!(found.len(), 7, "{found:#?}");
}

#[test]
fn integer_out_of_range_for_u8() {
    #[derive(Deserialize, Debug)]
    struct Small {
        #[allow(dead_code)]
        level: u8,
    }
    let found = problems::<Small>("(\n  level: 300,\n)");
    assert_eq!(found.len(), 1);
    expect(
        &found,
        (2, 10),
        "level",
        "integer `300` is out of range for u8 (0..=255)",
    );
}

#[test]
fn replay_checks_values_after_a_structural_failure() {
    // The unknown variant aborts the `Place` visitor; the fields after it and the places after
    // it must still be checked.
    let text = r#"(version: 1, id: "x", places: [
    (id: "a", lon_lat: (0, 0), kind: Bogus, population: "x"),
    (id: "b", lon_lat: (0, 0), population: 1),
    (id: "c", lon_lat: (0, 0), population: 1),
    (id: "d", lon_lat: (0, 0), population: 1, kind: Town, extra: 1),
], terrain: Asc(5), note: None)"#;
    let found = problems::<Scenario>(text);
    expect(&found, at(text, "Bogus"), "places[0].kind", "unknown variant `Bogus`");
    expect(
        &found,
        at(text, "\"x\")"),
        "places[0].population",
        "expected an integer",
    );
    expect(&found, at(text, "(id: \"b\""), "places[1]", "missing field `kind`");
    expect(&found, at(text, "(id: \"c\""), "places[2]", "missing field `kind`");
    expect(&found, at(text, "extra"), "places[3].extra", "unknown field `extra`");
    expect(
        &found,
        at(text, "5)"),
        "terrain.Asc",
        "expected a string, found the integer `5`",
    );
    assert_eq!(found.len(), 6, "{found:#?}");
}

#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
struct Code(#[allow(dead_code)] String);

impl TryFrom<String> for Code {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if s.chars().count() == 3 {
            Ok(Code(s))
        } else {
            Err(format!("a code has exactly 3 letters, got {s:?}"))
        }
    }
}

#[test]
fn custom_errors_are_located_and_placeholders_do_not_cascade() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Codes {
        codes: Vec<Code>,
        count: u32,
    }
    let text = "(\n codes: [\"abc\", \"long\", 5, \"xy\"],\n count: \"n\",\n)";
    let found = problems::<Codes>(text);
    expect(
        &found,
        at(text, "\"long\""),
        "codes[1]",
        "exactly 3 letters, got \"long\"",
    );
    expect(
        &found,
        at(text, "5"),
        "codes[2]",
        "expected a string, found the integer `5`",
    );
    expect(&found, at(text, "\"xy\""), "codes[3]", "got \"xy\"");
    expect(&found, at(text, "\"n\""), "count", "expected an integer (u32)");
    // No second message for the placeholder `""` that stood in for `5`.
    assert_eq!(found.len(), 4, "{found:#?}");
}

#[test]
fn columns_count_characters_not_bytes() {
    let text = "(version: 1, id: \"é€漢字\", places: [], terrain: Asc(\"ü\"), note: 7)";
    let found = problems::<Scenario>(text);
    assert_eq!(found.len(), 1);
    expect(&found, at(text, "7)"), "note", "expected a string");
    assert_eq!(at(text, "7)"), (1, 63));
}

#[test]
fn maps_newtypes_units_and_any() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Meters(f64);
    #[derive(Deserialize, Debug, PartialEq)]
    struct Marker;
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Loose {
        Num(f64),
        Text(String),
        List(Vec<Loose>),
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Mixed {
        a: Meters,
        b: Meters,
        c: Meters,
        m: BTreeMap<String, u8>,
        u: (),
        mark: Marker,
        ch: char,
        big: i128,
        any: Vec<Loose>,
    }
    let text = r#"Mixed(a: Meters(3), b: (4.5), c: 5, m: {"x": 1, "y": 2,}, u: (), mark: Marker,
        ch: '\u{41}', big: -170141183460469231731687303715884105728, any: [1, "t", [2.5]])"#;
    let mixed = from_ron_collecting::<Mixed>(text).expect("valid");
    assert_eq!(mixed.a, Meters(3.0));
    assert_eq!(mixed.c, Meters(5.0));
    assert_eq!(mixed.m.get("y"), Some(&2));
    assert_eq!(mixed.ch, 'A');
    assert_eq!(mixed.big, i128::MIN);
    assert_eq!(
        mixed.any,
        vec![
            Loose::Num(1.0),
            Loose::Text("t".into()),
            Loose::List(vec![Loose::Num(2.5)])
        ]
    );
    from_ron_collecting::<IgnoredAny>(VALID).expect("anything is ignorable");

    let text = "{\"a\": 1, \"b\": \"x\", \"c\": 256}";
    let found = problems::<BTreeMap<String, u8>>(text);
    expect(&found, at(text, "\"x\""), "[\"b\"]", "expected an integer (u8)");
    expect(&found, at(text, "256"), "[\"c\"]", "out of range for u8");
}

#[test]
fn paths_for_variants_map_keys_and_display() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    enum Event {
        Shift(i8, u16),
        Note(String),
    }
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Plan {
        events: Vec<Event>,
        by_kind: BTreeMap<Size, u32>,
    }
    #[derive(Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
    enum Size {
        Town,
        Village,
    }
    let text = "(events: [Shift(1, -2), Note(3)], by_kind: {Town: 1, Twon: 2, Village: \"x\"})";
    let found = problems::<Plan>(text);
    expect(&found, at(text, "-2"), "events[0].Shift[1]", "out of range for u16");
    expect(&found, at(text, "3)"), "events[1].Note", "expected a string");
    expect(&found, at(text, "Twon"), "by_kind[Twon]", "did you mean `Town`?");
    expect(
        &found,
        at(text, "\"x\""),
        "by_kind[Village]",
        "expected an integer (u32)",
    );
    assert_eq!(found.len(), 4, "{found:#?}");
    let syntax = problems::<Plan>("(events: [)");
    assert_eq!(syntax[0].to_string(), format!("1:11: {}", syntax[0].message));
}

#[test]
fn every_missing_field_of_a_struct_is_reported() {
    let found = problems::<Scenario>("Scenario(note: None)");
    let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "missing field `id`",
            "missing field `places`",
            "missing field `terrain`",
            "missing field `version`"
        ]
    );
    assert!(found.iter().all(|p| (p.line, p.column, p.path.as_str()) == (1, 1, "")));
}

#[test]
fn a_mistake_repeated_in_many_places_is_reported_everywhere() {
    let n = 2000;
    let places: String = (0..n)
        .map(|i| {
            format!(
                "    (id: \"p{i}\", population: {i}, lon_lat: (1, 2), kind: {}),\n",
                if i % 2 == 0 { "Twon" } else { "Town" }
            )
        })
        .chain((0..n).map(|i| format!("    (id: \"q{i}\", population: 1, lon_lat: (1)),\n")))
        .collect();
    let text = format!("(version: 1, id: \"x\", places: [\n{places}], terrain: Asc(\"a\"), note: None)");
    let found = problems::<Scenario>(&text);
    let count = |fragment: &str| found.iter().filter(|p| p.message.contains(fragment)).count();
    assert_eq!(count("unknown variant `Twon`"), n / 2);
    assert_eq!(count("did you mean `Town`?"), n / 2);
    assert_eq!(count("missing field `kind`"), n);
    assert_eq!(count("wrong number of elements: found 1, expected 2"), n);
    assert_eq!(found.len(), n / 2 + 2 * n, "nothing else, and no 'stopped checking'");
    let last = found.last().expect("problems");
    assert_eq!(
        (last.line, last.column, last.path.as_str()),
        (2 * n as u32 + 1, 43, "places[3999].lon_lat")
    );
}

#[test]
fn aliases_other_variants_flatten_and_defaults_cause_no_false_alarms() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Unit {
        #[serde(alias = "strength")]
        size: u32,
        #[serde(default)]
        tag: Option<String>,
        role: Role,
        #[serde(flatten)]
        extra: BTreeMap<String, u32>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    enum Role {
        Medic,
        #[serde(other)]
        Unknown,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Units {
        units: Vec<Unit>,
    }
    let text = "(units: [(size: 1, role: Medic), (strength: 2, role: Cook, bonus: 3), (role: Medic)])";
    let found = problems::<Units>(text);
    // Only the genuinely missing `size` of the third unit; the alias of the second unit must
    // not turn into a "duplicate" or "missing" complaint in a later pass.
    assert_eq!(found.len(), 1, "{found:#?}");
    expect(&found, at(text, "(role: Medic)])"), "units[2]", "missing field `size`");
    let ok = "(units: [(size: 1, role: Medic), (strength: 2, role: Cook, bonus: 3)])";
    let units = from_ron_collecting::<Units>(ok).expect("valid");
    assert_eq!(units.units[1].size, 2);
    assert_eq!(units.units[1].role, Role::Unknown);
    assert_eq!(units.units[1].extra.get("bonus"), Some(&3));
}

#[test]
fn numbers_chars_and_strings() {
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(untagged)]
    enum Scalar {
        U(u64),
        I(i64),
        F(f64),
        C(char),
        S(String),
    }
    let text = r#"{"a": 1.e5, "b": -2e3, "c": .5, "d": inf, "e": -inf, "g": 1_000.000_1,
        "h": 0o17, "i": +5, "j": 'x', "k": '\'', "l": "\u00e9\u{1F600}", "m": r"raw\n", "n": -0,
        "o": 0xFF_FF, "p": 0b1010, "q": -9223372036854775808, /* c */ "r": "multi
line"}"#;
    let map = from_ron_collecting::<BTreeMap<String, Scalar>>(text).expect("valid");
    let get = |k: &str| map.get(k).expect("key");
    assert_eq!(get("a"), &Scalar::F(1e5));
    assert_eq!(get("b"), &Scalar::F(-2000.0));
    assert_eq!(get("c"), &Scalar::F(0.5));
    assert_eq!(get("d"), &Scalar::F(f64::INFINITY));
    assert_eq!(get("e"), &Scalar::F(f64::NEG_INFINITY));
    assert_eq!(get("g"), &Scalar::F(1000.0001));
    assert_eq!(get("h"), &Scalar::U(15));
    assert_eq!(get("i"), &Scalar::U(5));
    assert_eq!(get("j"), &Scalar::C('x'));
    assert_eq!(get("k"), &Scalar::C('\''));
    assert_eq!(get("l"), &Scalar::S("\u{e9}\u{1F600}".into()));
    assert_eq!(get("m"), &Scalar::S("raw\\n".into()));
    assert_eq!(get("n"), &Scalar::U(0));
    assert_eq!(get("o"), &Scalar::U(0xFFFF));
    assert_eq!(get("p"), &Scalar::U(10));
    assert_eq!(get("q"), &Scalar::I(i64::MIN));
    assert_eq!(get("r"), &Scalar::S("multi\nline".into()));
    let nan = from_ron_collecting::<f64>("NaN").expect("NaN passes through");
    assert!(nan.is_nan());
    // Floats where integers are expected are mistakes; integers where floats are, are not.
    let found = problems::<(u32, f32)>("(1.5, 2)");
    assert_eq!(found.len(), 1);
    expect(
        &found,
        (1, 2),
        "[0]",
        "expected an integer (u32), found the float `1.5`",
    );
}
