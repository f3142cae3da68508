//! Tolerant RON loading: every mistake in a hand-edited file, reported at once.
//!
//! [`from_ron_collecting`] parses [RON](https://github.com/ron-rs/ron) text into any
//! `T: DeserializeOwned` and, instead of stopping at the first problem, returns all of them as
//! [`Problem`]s with a 1-based line, a 1-based column counted in characters, and a field path.
//! Scenario authors fix a file in one round trip instead of one error per run.
//!
//! # Accepted syntax
//!
//! `// line` and nested `/* block */` comments; `#![enable(...)]` headers (accepted and
//! ignored, because `implicit_some` and `unwrap_newtypes` behaviour is always on, see below);
//! integers (decimal, `0x`, `0b`, `0o`, `_` separators, `+`/`-`), floats (`1.5`, `-2e3`, `1.`,
//! `.5`, `inf`, `-inf`, `NaN`), `true`/`false`, chars `'c'`, strings with escapes (`\n \t \r
//! \0 \\ \" \' \xHH \u{...}`), raw strings `r#"..."#`, `()`, tuples `(a, b)`, structs
//! `(field: v)` and `Name(field: v)`, named tuples `Name(a, b)`, unit identifiers `Name`,
//! `Some(v)`/`None`, lists `[...]`, maps `{k: v}`, trailing commas. Nesting deeper than 128
//! levels is rejected. Byte strings are not supported.
//!
//! # Leniency
//!
//! * A bare value where an `Option` is expected is read as `Some(value)` (`implicit_some`).
//! * A newtype struct accepts `Name(v)`, `(v)` or the bare `v` (`unwrap_newtypes`).
//! * An integer is accepted where a float is expected; a one-character string where a char is.
//! * A newtype enum variant holding a struct may be written `Variant(field: v)`.
//!
//! # Paths
//!
//! Struct fields are joined with `.`, list and tuple elements are `[i]`, map entries are
//! `[key]` with the key written as in RON (`["north"]`, `[3]`, `[Town]`). The payload of an
//! enum variant adds the variant name: `terrain.Procedural.seed`, `terrain.Asc`,
//! `events[0].Shift[1]`. An unknown field's path uses the name as written
//! (`places[0].popluation`). The root is the empty path, as are syntax errors.
//!
//! # Positions
//!
//! A problem points at the start of the offending value (`"many"` in `population: "many"`),
//! at the field name for unknown and duplicate fields, at the first extra element of a too
//! long tuple, and at the start of the struct, tuple or enum value for missing fields, short
//! tuples and unknown variants (the variant name starts that value).
//!
//! # How all problems are found
//!
//! Syntax errors stop parsing: only the first is reported, and nothing is type-checked.
//! Otherwise (details in `replay.rs`):
//!
//! * Unknown fields ("did you mean" hint when within edit distance 2), duplicate fields, type
//!   mismatches, out-of-range integers, short or long tuples are recorded and then skipped or
//!   replaced by a placeholder value, so checking continues in the same pass. An unknown field
//!   with a suggestion whose target is absent is read as that field, so its value is still
//!   checked and no "missing field" follows. Unknown fields are errors although the target
//!   types do not use `deny_unknown_fields`.
//! * Errors raised by serde itself (missing field, unknown variant, `try_from`/validation
//!   failures) abort the pass; they are recorded once, at the innermost value, and the document
//!   is read again with that value replaced by a placeholder, or left out of its list, map or
//!   struct if even a placeholder is rejected, until a pass completes.
//! * Passes learn which fields each struct requires and which enums reject unknown variants,
//!   so a mistake repeated in many places is reported everywhere after two passes, and every
//!   missing field of a struct is reported, not just the first.
//!
//! # Limits: what can hide what
//!
//! * A syntax error hides everything else.
//! * A rejection by the target's own validation (`try_from`, a custom `Deserialize`) is not
//!   reported when a placeholder was substituted inside the rejected value, because it is most
//!   likely caused by that placeholder; a genuine validation problem there shows up once the
//!   type mistake inside is fixed.
//! * `#[serde(untagged)]` enums report one "did not match any variant" message for the whole
//!   value, not the mistakes inside; `#[serde(flatten)]` structs cannot report unknown fields.
//! * An unknown field read as its suggested name gets that field's type check; if the guess
//!   was wrong, that check can add a second message next to the "unknown field" one.
//! * Files with thousands of independent failures of the kinds that need a pass each
//!   (validation errors) stop after a work budget, with a final "stopped checking" problem.
//! * Values that a target type never asks for (`IgnoredAny`, custom impls that skip input)
//!   are not checked.

mod access;
mod de;
mod error;
mod locate;
mod placeholder;
mod problem;
mod replay;
mod tree;

#[cfg(test)]
mod tests;

pub use locate::{locate, located_problems};
pub use problem::Problem;
pub use replay::from_ron_collecting;
