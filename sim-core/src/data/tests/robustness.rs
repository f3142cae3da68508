//! Robustness: syntax errors are located, hostile input never panics or overflows the stack.

use proptest::prelude::*;
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{Scenario, VALID, expect, problems};
use crate::data::from_ron_collecting;

#[test]
fn syntax_errors_are_located() {
    let cases: &[(&str, (u32, u32), &str)] = &[
        ("Scenario(\n    id: \"abc,\n)", (2, 9), "unterminated string"),
        (
            "Scenario(\n    version: 1\n    id: \"x\",\n)",
            (3, 5),
            "expected `,` or `)` after the value of field `version`, found `i`",
        ),
        (
            "Scenario(\n    places: [\n        (id: \"a\"),\n)",
            (4, 1),
            "mismatched `)`: the bracket opened at 2:13",
        ),
        ("Scenario(\n  places: [(id: \"a\"]\n)", (2, 20), "mismatched `]`"),
        ("(a: [1, 2\n", (2, 1), "the bracket opened at 1:5 is never closed"),
        ("(a: 1))", (1, 7), "unexpected `)` after the end of the value"),
        ("Scenario(version: @)", (1, 19), "expected a value, found `@`"),
        ("(a: 1) /* open", (1, 8), "unterminated block comment"),
        ("(a: \"bad \\q escape\")", (1, 10), "unknown escape sequence `\\q`"),
        ("(a: 12abc)", (1, 7), "invalid character `a` in number literal"),
        ("(a: 'xy')", (1, 5), "exactly one character"),
        ("(a: r#\"never closed)", (1, 5), "unterminated raw string"),
        ("   ", (1, 4), "the document is empty"),
        ("(a: 1, 2)", (1, 8), "expected a field name or `)`"),
        ("(a: 0x)", (1, 5), "expected digits"),
        ("(a: 99999999999999999999999999999999999999999)", (1, 5), "too large"),
    ];
    for (text, pos, fragment) in cases {
        let found = problems::<IgnoredAny>(text);
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        expect(&found, *pos, "", fragment);
    }
}

#[test]
fn depth_bombs_are_rejected_without_overflow() {
    for bomb in [
        "[".repeat(10_000),
        "(a:".repeat(10_000),
        "Some(".repeat(10_000),
        "{1:".repeat(10_000),
        format!("{}1{}", "[".repeat(200), "]".repeat(200)),
    ] {
        let found = problems::<Scenario>(&bomb);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("nested more than 128 levels"), "{found:?}");
    }
    // Just under the cap, and deserialized through `deserialize_any` all the way down.
    #[derive(Deserialize, Debug)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Deep {
        Leaf(u32),
        List(Vec<Deep>),
    }
    let deep = format!("{}1{}", "[".repeat(127), "]".repeat(127));
    from_ron_collecting::<Deep>(&deep).expect("127 levels are fine");
}

/// Applies `(position, operation, char)` edits: 0 deletes, 1 inserts, 2 replaces.
fn mutate(text: &str, edits: &[(prop::sample::Index, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for (index, op, c) in edits {
        let i = index.index(chars.len() + 1);
        match op {
            0 if i < chars.len() => {
                chars.remove(i);
            }
            1 => chars.insert(i, *c),
            _ if i < chars.len() => chars[i] = *c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn check_never_panics(text: &str) {
    if let Err(problems) = from_ron_collecting::<Scenario>(text) {
        assert!(!problems.is_empty());
        assert!(problems.iter().all(|p| p.line >= 1 && p.column >= 1));
    }
    let _ = from_ron_collecting::<IgnoredAny>(text);
}

/// Syntactically valid RON built from the scenario's own names, so that most documents get
/// past the parser and exercise the deserializer's recovery (mismatches, missing and unknown
/// fields, unknown variants, wrong lengths), at random depths.
fn ron_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        "[a-z]{0,4}".prop_map(|s| format!("{s:?}")),
        prop::sample::select(vec![
            "Town",
            "Village",
            "Camp",
            "None",
            "true",
            "()",
            "Procedural",
            "Asc",
            "Twon",
            "'c'",
        ])
        .prop_map(String::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        let field = prop::sample::select(vec![
            "version",
            "id",
            "places",
            "terrain",
            "note",
            "population",
            "lon_lat",
            "kind",
            "herders",
            "seed",
            "relief_m",
            "vulnerable_share",
            "popluation",
            "extra",
        ]);
        let name = prop::sample::select(vec!["", "Some", "Camp", "Procedural", "Asc", "Place"]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(", "))),
            (name.clone(), prop::collection::vec(inner.clone(), 1..4))
                .prop_map(|(n, v)| format!("{n}({})", v.join(", "))),
            (name, prop::collection::vec((field, inner), 0..7)).prop_map(|(n, fields)| {
                let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{n}({})", body.join(",\n"))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_valid_syntax_never_panics_and_positions_exist(text in ron_value()) {
        let lines: Vec<usize> = text.split('\n').map(|l| l.chars().count()).collect();
        for target in [from_ron_collecting::<Scenario>(&text).err(), from_ron_collecting::<Vec<Scenario>>(&text).err()] {
            for p in target.unwrap_or_default() {
                let width = lines.get(p.line as usize - 1).copied();
                prop_assert!(width.is_some_and(|w| p.column as usize <= w + 1), "{p} in {text}");
                prop_assert!(!p.to_string().is_empty());
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_never_panics(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn ron_like_soup_never_panics(text in "[()\\[\\]{},:\"'#!/*rbx0-9a-zA-Z_.+\\-\\\\ \n]{0,300}") {
        check_never_panics(&text);
    }

    #[test]
    fn mutated_valid_file_never_panics(
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), 0u8..3, prop::sample::select(
                vec!['(', ')', '[', ']', ',', ':', '"', '\'', '/', '*', '#', '1', '-', '.', 'e', 'x', ' ', '\n', 'é', '\\'],
            )),
            1..5,
        )
    ) {
        check_never_panics(&mutate(VALID, &edits));
    }

    #[test]
    fn mutated_valid_file_with_any_char_never_panics(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..5)
    ) {
        check_never_panics(&mutate(VALID, &edits));
    }
}
