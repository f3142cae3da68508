//! The pass loop behind [`from_ron_collecting`], and the state one pass shares ([`Ctx`]).
//!
//! # How problems are collected
//!
//! Four mechanisms, from cheapest to most general:
//!
//! 1. **Recorded in place, no error.** Unknown fields, duplicate fields, extra or missing
//!    tuple elements, wrong struct names and scalar type mismatches are written to the problem
//!    sink and the deserializer carries on: unknown/duplicate fields are skipped, a wrong or
//!    absent value is replaced by a [`Placeholder`](super::placeholder::Placeholder) (`0`,
//!    `""`, `false`, empty list, first variant, …).
//! 2. **Settled at the node.** An error raised by serde's own visitor (missing field, unknown
//!    variant, `try_from`/validation failures) is recorded once, at the innermost node whose
//!    deserialization returned it ("settling", see `de.rs`), and replaced by
//!    `Error::Recorded` so no ancestor records it again. The node is also *marked*.
//! 3. **Replay.** Derived visitors stop at the first `?`, so after such an error the siblings of
//!    the failed node were not checked in this pass. The whole deserialization therefore runs
//!    again, this time answering every request for a marked node with a placeholder
//!    ([`Level::Placeholder`]), so the pass gets past it and checks the rest. If the
//!    placeholder itself is rejected (typically by `try_from` validation), the node is marked
//!    [`Level::Skip`]: its container leaves it out (a `Vec` element, a map entry, a field — a
//!    "missing field" caused by that is not reported). Where a node cannot be left out, or
//!    leaving it out breaks the container (a tuple too short), the container itself is marked,
//!    and so on up. Passes repeat until one succeeds or changes nothing.
//! 4. **Learning.** So that a mistake repeated in many places does not cost one pass each,
//!    passes learn from serde's errors ([`Knowledge`]): which fields a given struct visitor
//!    requires, and which enum visitors reject unknown variant names. A node whose error
//!    taught something new is not marked (`Error::Deferred`): later passes detect those
//!    mistakes themselves and patch them in place (mechanism 1), and keep checking the node.
//!    So all places missing a newly required field are reported after two passes, not after
//!    one pass per place, and a struct missing three fields gets all three reported.
//!
//! Problems from all passes are merged, sorted and deduplicated. Every pass but the last
//! raises a node's level or learns a fact, so this terminates; a work budget bounds it on
//! huge, badly broken files.
//!
//! Errors are not recorded when a placeholder was produced inside the failing subtree during
//! the same call, unless they are structural: a validation rejecting a placeholder `""` would
//! otherwise produce a bogus second message.

use std::any::type_name;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::de::NodeDe;
use super::problem::{Path, Problem, sort_and_dedup};
use super::tree::{self, Kind, Node, Pos};

/// Upper bound on `passes × nodes`, so a huge file with thousands of independent failures of
/// the kinds that need a pass each stays fast; when it is hit the report says so.
const WORK_BUDGET: u64 = 20_000_000;
/// Passes always allowed regardless of the budget.
const MIN_PASSES: u64 = 64;

/// Parses `text` as RON and deserializes it into `T`, returning every problem found.
///
/// On `Err` the vector is non-empty, sorted by position and free of duplicates. See the module
/// docs of [`crate::data`] for what is accepted and how paths are written.
pub fn from_ron_collecting<T: DeserializeOwned>(text: &str) -> Result<T, Vec<Problem>> {
    let root = tree::parse(text).map_err(|p| vec![p])?;
    let nodes = u64::from(max_id(&root)) + 1;
    let max_passes = (WORK_BUDGET / nodes).max(MIN_PASSES);
    let mut levels = BTreeMap::new();
    let mut known = Knowledge::default();
    let mut problems = Vec::new();
    let mut passes = 0u64;
    loop {
        let ctx = Ctx {
            levels: &levels,
            known: &known,
            marks: RefCell::default(),
            learned: RefCell::default(),
            problems: RefCell::new(std::mem::take(&mut problems)),
            substitutions: Cell::new(0),
        };
        let result = NodeDe::new(&root, &Path::ROOT, &ctx).deserialize_seed(PhantomData::<T>);
        let marks = ctx.marks.into_inner();
        let learned = ctx.learned.into_inner();
        problems = ctx.problems.into_inner();
        let mut changed = known.absorb(learned);
        sort_and_dedup(&mut problems);
        passes += 1;
        for (id, level) in marks {
            if levels.get(&id).is_none_or(|&old| old < level) {
                levels.insert(id, level);
                changed = true;
            }
        }
        match result {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(_) if !changed => break,
            Err(_) if passes >= max_passes => {
                problems.push(problem_at(
                    root.pos,
                    "",
                    format!("stopped checking after {passes} passes; there may be more problems"),
                ));
                break;
            }
            Err(_) => {}
        }
    }
    if problems.is_empty() {
        // Only reachable if a visitor fails without any error we could attribute.
        problems.push(problem_at(root.pos, "", "the document could not be read".to_owned()));
    }
    sort_and_dedup(&mut problems);
    Err(problems)
}

/// Largest node id (ids are unique, assigned by the parser). Recursion is bounded by the
/// parser's depth cap.
fn max_id(node: &Node) -> u32 {
    let children: Box<dyn Iterator<Item = &Node>> = match &node.kind {
        Kind::Tuple { items, .. } | Kind::List(items) => Box::new(items.iter()),
        Kind::Struct { fields, .. } => Box::new(fields.iter().map(|f| &f.value)),
        Kind::Map(entries) => Box::new(entries.iter().flat_map(|(k, v)| [k, v])),
        _ => Box::new(std::iter::empty()),
    };
    children.map(max_id).fold(node.id, u32::max)
}

fn problem_at(pos: Pos, path: &str, message: String) -> Problem {
    Problem {
        line: pos.line,
        column: pos.column,
        path: path.to_owned(),
        message,
    }
}

/// How a node that failed in an earlier pass is treated (ordered: a node only moves up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// Answer every request for it with a placeholder.
    Placeholder,
    /// Leave it out of its container; if the container cannot, fail the container.
    Skip,
}

/// Facts about the target types learned from serde's errors in earlier passes. Types are
/// identified by their visitor's `type_name`, which includes generic arguments, so
/// `Wrapper<u32>` and `Wrapper<Option<u32>>` are told apart. The names only serve as set
/// members; they never reach the output.
#[derive(Debug, Default)]
pub(crate) struct Knowledge {
    /// (struct visitor, field): the field has no default, so leaving it out is an error.
    required: BTreeSet<(&'static str, &'static str)>,
    /// Enum visitors that reject names outside their variant list (no `#[serde(other)]`).
    strict_enums: BTreeSet<&'static str>,
}

impl Knowledge {
    /// Adds `other`; returns whether anything was new.
    fn absorb(&mut self, other: Knowledge) -> bool {
        let before = (self.required.len(), self.strict_enums.len());
        self.required.extend(other.required);
        self.strict_enums.extend(other.strict_enums);
        before != (self.required.len(), self.strict_enums.len())
    }
}

/// State shared by every deserializer of one pass.
pub(crate) struct Ctx<'f> {
    /// Nodes that failed in earlier passes, and how to treat them in this one.
    levels: &'f BTreeMap<u32, Level>,
    /// What earlier passes learned.
    known: &'f Knowledge,
    /// Nodes that failed in this pass, with the level to use next time.
    marks: RefCell<BTreeMap<u32, Level>>,
    /// What this pass learned.
    learned: RefCell<Knowledge>,
    /// The sink; carried over from pass to pass.
    problems: RefCell<Vec<Problem>>,
    /// Count of placeholders produced so far in this pass (see module docs).
    substitutions: Cell<u64>,
}

impl Ctx<'_> {
    pub(crate) fn record(&self, pos: Pos, path: &Path<'_>, message: String) {
        self.problems
            .borrow_mut()
            .push(problem_at(pos, &path.render(), message));
    }

    /// Notes that a placeholder is about to stand in for a value.
    pub(crate) fn substituted(&self) {
        self.substitutions.set(self.substitutions.get().saturating_add(1));
    }

    pub(crate) fn substitution_count(&self) -> u64 {
        self.substitutions.get()
    }

    pub(crate) fn level(&self, node: &Node) -> Option<Level> {
        self.levels.get(&node.id).copied()
    }

    /// Whether containers must leave `node` out in this pass.
    pub(crate) fn is_skipped(&self, node: &Node) -> bool {
        self.level(node) == Some(Level::Skip)
    }

    pub(crate) fn mark(&self, node: &Node, level: Level) {
        let mut marks = self.marks.borrow_mut();
        let entry = marks.entry(node.id).or_insert(level);
        *entry = (*entry).max(level);
    }

    pub(crate) fn is_required<V>(&self, field: &'static str) -> bool {
        self.known.required.contains(&(type_name::<V>(), field))
    }

    /// Returns whether the fact is new.
    pub(crate) fn learn_required<V>(&self, field: &'static str) -> bool {
        !self.is_required::<V>(field) && self.learned.borrow_mut().required.insert((type_name::<V>(), field))
    }

    pub(crate) fn is_strict<V>(&self) -> bool {
        self.known.strict_enums.contains(type_name::<V>())
    }

    /// Returns whether the fact is new.
    pub(crate) fn learn_strict<V>(&self) -> bool {
        !self.is_strict::<V>() && self.learned.borrow_mut().strict_enums.insert(type_name::<V>())
    }
}
