//! serde's `SeqAccess`, `MapAccess`, `EnumAccess` and `VariantAccess` over tree nodes.
//!
//! Each child handed to a visitor goes through [`NodeDe::deserialize_seed`], so an error inside
//! it is recorded at the child (with the child's path) rather than at the container. Struct
//! fields are screened here before the visitor sees them: unknown and duplicate fields are
//! recorded and skipped, which is what makes unknown fields errors without
//! `#[serde(deny_unknown_fields)]` on the target types. Fields an earlier pass learned to be
//! required are reported when absent and supplied as placeholders; short tuples are padded.
//!
//! Containers also leave out children marked [`Level::Skip`](super::replay::Level) by an
//! earlier pass. Errors the visitor raises *after* something was left out (a tuple now too
//! short, a field now missing) are consequences, not new problems: they are turned into
//! [`Error::Silent`], which makes the container itself fall back to a placeholder next pass.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::value::StrDeserializer;
use serde::de::{DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};

use super::de::NodeDe;
use super::error::{About, Error};
use super::placeholder::Placeholder;
use super::problem::{Path, Seg, closest, unknown_name_message};
use super::replay::Ctx;
use super::tree::{Field, Kind, Node, Pos};

/// A visitor error after children were left out is a consequence of that, not news.
fn excuse(err: Error, skipped: bool) -> Error {
    match err {
        Error::Fresh { .. } if skipped => Error::Silent,
        other => other,
    }
}

/// Elements of a list or tuple; paths get `[i]` (the index as written, skips included).
pub(crate) struct SeqAcc<'a> {
    items: &'a [Node],
    next: usize,
    path: &'a Path<'a>,
    ctx: &'a Ctx<'a>,
    skipped: bool,
    /// Placeholders still to hand out after the last item (padding of a short tuple).
    padding: usize,
}

impl<'a> SeqAcc<'a> {
    pub(crate) fn new(items: &'a [Node], path: &'a Path<'a>, ctx: &'a Ctx<'a>) -> Self {
        SeqAcc {
            items,
            next: 0,
            path,
            ctx,
            skipped: false,
            padding: 0,
        }
    }

    /// Runs `visitor` over the elements. `expected` is the length of a fixed-size tuple; a
    /// shorter one is reported at `owner` and padded with placeholders (unless elements were
    /// left out, when padding would shift the rest into the wrong slots).
    pub(crate) fn visit<'de, V: Visitor<'de>>(
        mut self,
        owner: &NodeDe<'_>,
        expected: Option<usize>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if let Some(len) = expected
            && self.items.len() < len
            && !self.items.iter().any(|n| self.ctx.is_skipped(n))
        {
            owner.record(format!(
                "wrong number of elements: found {}, expected {len}",
                self.items.len()
            ));
            self.ctx.substituted();
            self.padding = len - self.items.len();
        }
        match visitor.visit_seq(&mut self) {
            Ok(value) => {
                self.finish(expected);
                Ok(value)
            }
            Err(e) => Err(excuse(e, self.skipped)),
        }
    }

    fn skip_marked(&mut self) {
        while let Some(node) = self.items.get(self.next)
            && self.ctx.is_skipped(node)
        {
            self.next += 1;
            self.skipped = true;
        }
    }

    /// After the visitor is done: elements it did not read are a problem (serde's tuple
    /// visitors read exactly their length and leave the check to the deserializer).
    fn finish(&mut self, expected: Option<usize>) {
        self.skip_marked();
        if let Some(extra) = self.items.get(self.next) {
            let message = match expected {
                Some(len) => format!("too many elements: expected {len}, found {}", self.items.len()),
                None => "unexpected extra element".to_owned(),
            };
            let path = self.path.push(Seg::Index(self.next));
            self.ctx.record(extra.pos, &path, message);
        }
    }
}

impl<'de> SeqAccess<'de> for SeqAcc<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        self.skip_marked();
        let Some(node) = self.items.get(self.next) else {
            if self.padding == 0 {
                return Ok(None);
            }
            self.padding -= 1;
            return seed.deserialize(Placeholder::default()).map(Some);
        };
        let path = self.path.push(Seg::Index(self.next));
        self.next += 1;
        NodeDe::new(node, &path, self.ctx).deserialize_seed(seed).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next + self.padding)
    }
}

/// One field handed to a struct visitor.
#[derive(Clone, Copy)]
enum Entry<'a> {
    /// (name handed to the visitor, field as written).
    Given(&'a str, &'a Field),
    /// A required field that is absent: reported, and supplied as a placeholder.
    Absent(&'static str),
}

/// Fields of a struct node, screened (see module docs); paths get `.name`.
pub(crate) struct FieldAcc<'a> {
    de: NodeDe<'a>,
    expected: Option<&'static [&'static str]>,
    entries: Vec<Entry<'a>>,
    next: usize,
    pending: Option<Entry<'a>>,
    /// Every name handed to the visitor or left out.
    present: BTreeSet<&'a str>,
    /// Names of fields left out because they are marked `Skip`.
    skipped: Vec<&'a str>,
}

impl<'a> FieldAcc<'a> {
    /// `expected` is the target struct's field list (`None` when read as a map). An unknown
    /// field whose closest expected name is not given elsewhere is read *as* that field: its
    /// value still gets checked, and no second "missing field" message follows the "did you
    /// mean" one.
    pub(crate) fn new(de: NodeDe<'a>, given: &'a [Field], expected: Option<&'static [&'static str]>) -> Self {
        let written: BTreeSet<&str> = given.iter().map(|f| f.name.as_str()).collect();
        let mut seen: BTreeMap<&'a str, Pos> = BTreeMap::new();
        let mut entries = Vec::new();
        let mut skipped = Vec::new();
        for field in given {
            let mut key: &'a str = &field.name;
            let path = de.path.push(Seg::Field(&field.name));
            if let Some(expected) = expected
                && !expected.contains(&key)
            {
                de.ctx
                    .record(field.pos, &path, unknown_name_message("field", key, expected));
                match closest(key, expected) {
                    Some(guess) if !written.contains(guess) && !seen.contains_key(guess) => {
                        key = guess;
                    }
                    _ => continue,
                }
            }
            if let Some(first) = seen.get(key) {
                de.ctx.record(
                    field.pos,
                    &path,
                    format!(
                        "duplicate field `{key}` (first given at line {}, column {})",
                        first.line, first.column
                    ),
                );
                continue;
            }
            seen.insert(key, field.pos);
            if de.ctx.is_skipped(&field.value) {
                skipped.push(key);
            } else {
                entries.push(Entry::Given(key, field));
            }
        }
        FieldAcc {
            de,
            expected,
            entries,
            next: 0,
            pending: None,
            present: seen.into_keys().collect(),
            skipped,
        }
    }

    /// Runs `visitor` over the fields (see module docs for absent and left-out fields).
    pub(crate) fn visit<'de, V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, Error> {
        let mut absent = Vec::new();
        for &name in self.expected.unwrap_or_default() {
            if self.de.ctx.is_required::<V>(name) && !self.present.contains(name) {
                absent.push(name);
                self.entries.push(Entry::Absent(name));
            }
        }
        if !absent.is_empty() {
            self.de.ctx.substituted();
        }
        let result = visitor.visit_map(&mut self);
        // A "duplicate" of a field we supplied means it was given under an alias after all.
        let supplied_twice = matches!(
            &result,
            Err(Error::Fresh { about: About::DuplicateField(name), .. }) if absent.contains(name)
        );
        if !supplied_twice {
            for name in &absent {
                self.de.record(format!("missing field `{name}`"));
            }
        }
        result.map_err(|e| match e {
            _ if supplied_twice => Error::Silent,
            Error::Fresh {
                about: About::MissingField(name),
                ..
            } if self.expected.is_some() && !self.skipped.contains(&name) && self.de.ctx.learn_required::<V>(name) => {
                self.de.record(format!("missing field `{name}`"));
                Error::Deferred
            }
            other => excuse(other, !self.skipped.is_empty()),
        })
    }
}

impl<'de> MapAccess<'de> for FieldAcc<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some(&entry) = self.entries.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        self.pending = Some(entry);
        let (key, field) = match entry {
            Entry::Given(key, field) => (key, Some(field)),
            Entry::Absent(name) => (name, None),
        };
        seed.deserialize(StrDeserializer::<Error>::new(key))
            .map(Some)
            .map_err(|e| match (e, field) {
                // A field name rejected by the visitor: report it at the name.
                (Error::Fresh { message, .. }, Some(field)) => {
                    let path = self.de.path.push(Seg::Field(&field.name));
                    self.de.ctx.record(field.pos, &path, message);
                    Error::Silent
                }
                (other, _) => other,
            })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        match self.pending.take() {
            Some(Entry::Given(_, field)) => {
                let path = self.de.path.push(Seg::Field(&field.name));
                NodeDe::new(&field.value, &path, self.de.ctx).deserialize_seed(seed)
            }
            Some(Entry::Absent(_)) => seed.deserialize(Placeholder::default()),
            None => Err(Error::Silent),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

/// Map keys as written in RON, for paths: `["north"]`, `[3]`, `[Town]`.
fn render_key(kind: &Kind) -> String {
    match kind {
        Kind::Str(s) => format!("{s:?}"),
        Kind::Int { negative, magnitude } => format!("{}{magnitude}", if *negative { "-" } else { "" }),
        Kind::Ident(n) => n.clone(),
        Kind::Bool(b) => b.to_string(),
        Kind::Char(c) => format!("{c:?}"),
        Kind::Float(f) => format!("{f:?}"),
        other => other.describe(),
    }
}

/// Entries of a `{k: v}` node; paths get `[key]`.
pub(crate) struct MapAcc<'a> {
    entries: &'a [(Node, Node)],
    next: usize,
    path: &'a Path<'a>,
    ctx: &'a Ctx<'a>,
    pending: Option<(&'a Node, String)>,
    skipped: bool,
}

impl<'a> MapAcc<'a> {
    pub(crate) fn new(entries: &'a [(Node, Node)], path: &'a Path<'a>, ctx: &'a Ctx<'a>) -> Self {
        MapAcc {
            entries,
            next: 0,
            path,
            ctx,
            pending: None,
            skipped: false,
        }
    }

    pub(crate) fn visit<'de, V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(&mut self).map_err(|e| excuse(e, self.skipped))
    }
}

impl<'de> MapAccess<'de> for MapAcc<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        while let Some((key, value)) = self.entries.get(self.next)
            && (self.ctx.is_skipped(key) || self.ctx.is_skipped(value))
        {
            self.next += 1;
            self.skipped = true;
        }
        let Some((key, value)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        let rendered = render_key(&key.kind);
        let path = self.path.push(Seg::Key(rendered.clone()));
        self.pending = Some((value, rendered));
        NodeDe::new(key, &path, self.ctx).deserialize_seed(seed).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((value, rendered)) = self.pending.take() else {
            return Err(Error::Silent);
        };
        let path = self.path.push(Seg::Key(rendered));
        NodeDe::new(value, &path, self.ctx).deserialize_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

/// An enum value: the node's name is the variant.
/// An enum value: the node's name is the variant.
pub(crate) struct EnumAcc<'a> {
    de: NodeDe<'a>,
    variant: &'a str,
}

impl<'a> EnumAcc<'a> {
    pub(crate) fn new(de: NodeDe<'a>, variant: &'a str) -> Self {
        EnumAcc { de, variant }
    }
}

impl<'a, 'de> EnumAccess<'de> for EnumAcc<'a> {
    type Error = Error;
    type Variant = EnumAcc<'a>;

    /// An unknown variant makes the visitor fail here; the error is recorded at the enum node,
    /// which starts at the variant name.
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let value = seed.deserialize(StrDeserializer::<Error>::new(self.variant))?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for EnumAcc<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match &self.de.node.kind {
            Kind::Ident(_) => {}
            Kind::Tuple { items, .. } if items.is_empty() => {}
            _ => self.de.record(format!(
                "variant `{}` takes no value: write just `{}`",
                self.variant, self.variant
            )),
        }
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        let path = self.de.path.push(Seg::Variant(self.variant));
        let ctx = self.de.ctx;
        match &self.de.node.kind {
            Kind::Tuple { items, .. } if items.len() == 1 => NodeDe::new(&items[0], &path, ctx).deserialize_seed(seed),
            // `Variant(field: v)`: the payload is a struct written inline.
            Kind::Struct { .. } => self.de.with(&path).deserialize_seed(seed),
            Kind::Tuple { items, .. } if !items.is_empty() => {
                self.de.record(format!(
                    "variant `{}` takes exactly one value, found {}",
                    self.variant,
                    items.len()
                ));
                ctx.substituted();
                seed.deserialize(Placeholder::default())
            }
            _ => {
                self.de.record(format!(
                    "variant `{}` needs a value: `{}(...)`",
                    self.variant, self.variant
                ));
                ctx.substituted();
                seed.deserialize(Placeholder::default())
            }
        }
    }

    /// Errors of the payload's visitor are settled here so they carry the variant's path.
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        let path = self.de.path.push(Seg::Variant(self.variant));
        let ctx = self.de.ctx;
        let before = ctx.substitution_count();
        match &self.de.node.kind {
            Kind::Tuple { items, .. } => {
                let owner = self.de.with(&path);
                SeqAcc::new(items, &path, ctx)
                    .visit(&owner, Some(len), visitor)
                    .map_err(|e| owner.settle(before, e))
            }
            _ => {
                self.de.record(format!(
                    "variant `{}` needs {len} values: `{}(a, b, ...)`",
                    self.variant, self.variant
                ));
                ctx.substituted();
                Placeholder::default().deserialize_tuple(len, visitor)
            }
        }
    }

    /// Like `tuple_variant`, errors are settled with the variant's path.
    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        let path = self.de.path.push(Seg::Variant(self.variant));
        let de = self.de.with(&path);
        let before = de.ctx.substitution_count();
        let given: &[Field] = match &self.de.node.kind {
            Kind::Struct { fields: given, .. } => given,
            // `Variant` or `Variant()`: no fields given; the visitor reports the missing ones.
            Kind::Ident(_) => &[],
            Kind::Tuple { items, .. } if items.is_empty() => &[],
            _ => {
                self.de.record(format!(
                    "variant `{}` needs named fields: `{}(field: value, ...)`",
                    self.variant, self.variant
                ));
                de.ctx.substituted();
                return Placeholder::default().deserialize_struct("", fields, visitor);
            }
        };
        FieldAcc::new(de, given, Some(fields))
            .visit(visitor)
            .map_err(|e| de.settle(before, e))
    }
}
