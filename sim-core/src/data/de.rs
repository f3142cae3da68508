//! The collecting serde `Deserializer`: a cursor over one node of the spanned tree.
//!
//! [`NodeDe`] answers serde's requests from the node it points at. What it cannot answer is
//! recorded as a problem and answered with a placeholder (see `replay.rs` for the overall
//! strategy); errors coming back from serde's visitors are *settled* at the innermost node:
//! recorded once with that node's position and path, and the node marked for the next pass.

use serde::de::{DeserializeSeed, Deserializer, Visitor};

use super::access::{EnumAcc, FieldAcc, MapAcc, SeqAcc};
use super::error::{About, Error};
use super::placeholder::Placeholder;
use super::problem::{Path, one_of, unknown_name_message};
use super::replay::{Ctx, Level};
use super::tree::{Kind, Node};

/// A cursor over one node: the serde `Deserializer` of this module.
#[derive(Clone, Copy)]
pub(crate) struct NodeDe<'a> {
    pub(crate) node: &'a Node,
    pub(crate) path: &'a Path<'a>,
    pub(crate) ctx: &'a Ctx<'a>,
    /// Set when the node's name is an enum variant's (`Variant(field: ..)` holding a struct),
    /// so the struct-name check must not compare it with the struct's name.
    anonymous: bool,
}

impl<'a> NodeDe<'a> {
    pub(crate) fn new(node: &'a Node, path: &'a Path<'a>, ctx: &'a Ctx<'a>) -> Self {
        NodeDe {
            node,
            path,
            ctx,
            anonymous: false,
        }
    }

    /// Records `message` at this node.
    pub(crate) fn record(&self, message: String) {
        self.ctx.record(self.node.pos, self.path, message);
    }

    /// Records "expected …, found …" and notes that a placeholder will follow.
    fn mismatch(&self, expected: &str) {
        self.record(format!("expected {expected}, found {}", self.node.kind.describe()));
        self.ctx.substituted();
    }

    /// Turns an error leaving this node into `Recorded` (or `Silent` to make the parent
    /// responsible), recording and marking as described in the module docs. `before` is the
    /// substitution count when this node's deserialization started.
    pub(crate) fn settle(&self, before: u64, err: Error) -> Error {
        match (self.ctx.level(self.node), err) {
            (_, Error::Recorded) => Error::Recorded,
            (_, Error::Deferred) => Error::Deferred,
            // Requested although it should be left out: only the parent can do something.
            (Some(Level::Skip), _) => Error::Silent,
            // Even a placeholder is rejected: leave the node out next time.
            (Some(Level::Placeholder), _) => {
                self.ctx.mark(self.node, Level::Skip);
                Error::Recorded
            }
            (None, Error::Silent) => {
                self.ctx.mark(self.node, Level::Placeholder);
                Error::Recorded
            }
            (
                None,
                Error::Fresh {
                    message, structural, ..
                },
            ) => {
                let tainted = self.ctx.substitution_count() != before;
                if structural || !tainted {
                    self.record(message);
                }
                // A rejection caused by a placeholder inside would reject a placeholder for
                // the whole node as well, so go straight to leaving it out.
                let level = if tainted && !structural {
                    Level::Skip
                } else {
                    Level::Placeholder
                };
                self.ctx.mark(self.node, level);
                Error::Recorded
            }
        }
    }

    /// Runs `seed` on this node and settles any error. This catches errors produced after our
    /// methods returned, e.g. by `#[serde(try_from)]` conversions.
    pub(crate) fn deserialize_seed<'de, S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        let before = self.ctx.substitution_count();
        seed.deserialize(self).map_err(|e| self.settle(before, e))
    }

    /// The same node seen as an enum variant's payload: `path` ends in the variant, and the
    /// node's name is the variant's, so struct-name checks are off.
    pub(crate) fn with<'b>(&self, path: &'b Path<'b>) -> NodeDe<'b>
    where
        'a: 'b,
    {
        NodeDe {
            node: self.node,
            path,
            ctx: self.ctx,
            anonymous: true,
        }
    }

    fn inner(self, node: &'a Node) -> Self {
        NodeDe {
            node,
            path: self.path,
            ctx: self.ctx,
            anonymous: false,
        }
    }

    /// Sign-and-magnitude integer converted to `T`, if it fits.
    fn int_as<T: TryFrom<u128> + TryFrom<i128>>(negative: bool, magnitude: u128) -> Option<T> {
        if negative {
            T::try_from(0i128.checked_sub_unsigned(magnitude)?).ok()
        } else {
            T::try_from(magnitude).ok()
        }
    }

    fn float_value(&self, target: &str) -> f64 {
        match self.node.kind {
            Kind::Float(f) => f,
            Kind::Int { negative, magnitude } => {
                let m = magnitude as f64;
                if negative { -m } else { m }
            }
            _ => {
                self.mismatch(&format!("a number ({target})"));
                0.0
            }
        }
    }

    /// The items of a `(a, b)` node for a tuple of `len`, or `None` after recording a mismatch.
    fn tuple_items(&self, name: Option<&str>, len: usize) -> Option<&'a [Node]> {
        match &self.node.kind {
            Kind::Tuple { name: found, items } => {
                if let (Some(want), Some(found)) = (name, found)
                    && want != found
                {
                    self.record(format!("expected `{want}(...)`, found `{found}(...)`"));
                }
                Some(items)
            }
            Kind::Unit if len == 0 => Some(&[]),
            _ => {
                self.mismatch(&format!("a tuple of {len} elements `(...)`"));
                None
            }
        }
    }

    fn visit_items<'de, V: Visitor<'de>>(
        self,
        items: &'a [Node],
        expected: Option<usize>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        SeqAcc::new(items, self.path, self.ctx).visit(&self, expected, visitor)
    }
}

/// Integer methods: exact type check and range check, placeholder `0` on failure.
macro_rules! int_methods {
    ($($method:ident => $visit:ident($ty:ty);)*) => {$(
        fn $method<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let de = self.0;
            match de.node.kind {
                Kind::Int { negative, magnitude } => match NodeDe::int_as::<$ty>(negative, magnitude) {
                    Some(v) => visitor.$visit(v),
                    None => {
                        de.record(format!(
                            "integer `{}{magnitude}` is out of range for {} ({}..={})",
                            if negative { "-" } else { "" },
                            stringify!($ty),
                            <$ty>::MIN,
                            <$ty>::MAX,
                        ));
                        de.ctx.substituted();
                        visitor.$visit(0)
                    }
                },
                _ => {
                    de.mismatch(concat!("an integer (", stringify!($ty), ")"));
                    visitor.$visit(0)
                }
            }
        }
    )*};
}

/// The `Deserializer` methods: answer marked nodes according to their [`Level`], otherwise
/// run the matching `Inner` method; settle any error.
macro_rules! guarded {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
            let before = self.ctx.substitution_count();
            let result = match self.ctx.level(self.node) {
                None => Inner(self).$method($($arg,)* visitor),
                Some(Level::Placeholder) => {
                    self.ctx.substituted();
                    Placeholder::default().$method($($arg,)* visitor)
                }
                Some(Level::Skip) => Err(Error::Silent),
            };
            result.map_err(|e| self.settle(before, e))
        }
    )*};
}

impl<'de> Deserializer<'de> for NodeDe<'_> {
    type Error = Error;

    guarded! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
    }

    /// Skipped values are not inspected at all.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// The unguarded implementations, one per `Deserializer` method (same names, so the `guarded!`
/// macro can forward to them).
struct Inner<'a>(NodeDe<'a>);

impl<'a> Inner<'a> {
    int_methods! {
        deserialize_i8 => visit_i8(i8);
        deserialize_i16 => visit_i16(i16);
        deserialize_i32 => visit_i32(i32);
        deserialize_i64 => visit_i64(i64);
        deserialize_i128 => visit_i128(i128);
        deserialize_u8 => visit_u8(u8);
        deserialize_u16 => visit_u16(u16);
        deserialize_u32 => visit_u32(u32);
        deserialize_u64 => visit_u64(u64);
        deserialize_u128 => visit_u128(u128);
    }

    fn deserialize_any<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let de = self.0;
        match &de.node.kind {
            Kind::Bool(b) => visitor.visit_bool(*b),
            &Kind::Int { negative, magnitude } => {
                if let Some(v) = NodeDe::int_as::<u64>(negative, magnitude) {
                    visitor.visit_u64(v)
                } else if let Some(v) = NodeDe::int_as::<i64>(negative, magnitude) {
                    visitor.visit_i64(v)
                } else if let Some(v) = NodeDe::int_as::<u128>(negative, magnitude) {
                    visitor.visit_u128(v)
                } else {
                    match NodeDe::int_as::<i128>(negative, magnitude) {
                        Some(v) => visitor.visit_i128(v),
                        None => {
                            de.record("integer is out of range for i128".to_owned());
                            de.ctx.substituted();
                            visitor.visit_i64(0)
                        }
                    }
                }
            }
            Kind::Float(f) => visitor.visit_f64(*f),
            Kind::Char(c) => visitor.visit_char(*c),
            Kind::Str(s) => visitor.visit_str(s),
            Kind::Unit => visitor.visit_unit(),
            Kind::Ident(name) if name == "None" => visitor.visit_none(),
            Kind::Ident(name) => visitor.visit_str(name),
            Kind::Tuple {
                name: Some(name),
                items,
            } if name == "Some" && items.len() == 1 => visitor.visit_some(de.inner(&items[0])),
            Kind::Tuple { items, .. } | Kind::List(items) => de.visit_items(items, None, visitor),
            Kind::Struct { fields, .. } => FieldAcc::new(de, fields, None).visit(visitor),
            Kind::Map(entries) => MapAcc::new(entries, de.path, de.ctx).visit(visitor),
        }
    }

    fn deserialize_bool<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.node.kind {
            Kind::Bool(b) => visitor.visit_bool(b),
            _ => {
                self.0.mismatch("a boolean (`true` or `false`)");
                visitor.visit_bool(false)
            }
        }
    }

    fn deserialize_f32<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f32(self.0.float_value("f32") as f32)
    }

    fn deserialize_f64<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.0.float_value("f64"))
    }

    fn deserialize_char<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.node.kind {
            Kind::Char(c) => visitor.visit_char(*c),
            Kind::Str(s) if s.chars().count() == 1 => visitor.visit_str(s),
            _ => {
                self.0.mismatch("a char `'c'`");
                visitor.visit_char('?')
            }
        }
    }

    fn deserialize_str<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.node.kind {
            Kind::Str(s) => visitor.visit_str(s),
            _ => {
                self.0.mismatch("a string");
                visitor.visit_str("")
            }
        }
    }

    fn deserialize_string<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.node.kind {
            Kind::Str(s) => visitor.visit_bytes(s.as_bytes()),
            _ => {
                self.0.mismatch("a string (for bytes)");
                visitor.visit_bytes(&[])
            }
        }
    }

    fn deserialize_byte_buf<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    /// `None`, `Some(v)`, or any other value as an implicit `Some`.
    fn deserialize_option<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let de = self.0;
        match &de.node.kind {
            Kind::Ident(name) if name == "None" => visitor.visit_none(),
            Kind::Tuple {
                name: Some(name),
                items,
            } if name == "Some" => match items.as_slice() {
                [inner] => visitor.visit_some(de.inner(inner)),
                _ => {
                    de.record(format!("`Some` takes exactly one value, found {}", items.len()));
                    de.ctx.substituted();
                    visitor.visit_none()
                }
            },
            _ => visitor.visit_some(de),
        }
    }

    fn deserialize_unit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.node.kind != Kind::Unit {
            self.0.mismatch("`()`");
        }
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<'de, V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        let de = self.0;
        match &de.node.kind {
            Kind::Unit => {}
            Kind::Ident(found) if found == name => {}
            Kind::Tuple {
                name: Some(found),
                items,
            } if found == name && items.is_empty() => {}
            Kind::Ident(found) => de.record(format!("expected `{name}`, found `{found}`")),
            _ => de.mismatch(&format!("`{name}`")),
        }
        visitor.visit_unit()
    }

    /// `Name(v)` or `(v)`; anything else is taken as the bare inner value (`unwrap_newtypes`).
    fn deserialize_newtype_struct<'de, V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let de = self.0;
        match &de.node.kind {
            Kind::Tuple { name: found, items } if items.len() == 1 && found.as_deref().is_none_or(|f| f == name) => {
                visitor.visit_newtype_struct(de.inner(&items[0]))
            }
            _ => visitor.visit_newtype_struct(de),
        }
    }

    fn deserialize_seq<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.node.kind {
            Kind::List(items) => self.0.visit_items(items, None, visitor),
            _ => {
                self.0.mismatch("a list `[...]`");
                Placeholder::default().deserialize_seq(visitor)
            }
        }
    }

    fn deserialize_tuple<'de, V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0.tuple_items(None, len) {
            Some(items) => self.0.visit_items(items, Some(len), visitor),
            None => Placeholder::default().deserialize_tuple(len, visitor),
        }
    }

    fn deserialize_tuple_struct<'de, V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.tuple_items(Some(name), len) {
            Some(items) => self.0.visit_items(items, Some(len), visitor),
            None => Placeholder::default().deserialize_tuple(len, visitor),
        }
    }

    /// `{k: v}`; a struct node is accepted too (needed for `#[serde(flatten)]`, which reads
    /// structs as maps; unknown fields cannot be detected then).
    fn deserialize_map<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let de = self.0;
        match &de.node.kind {
            Kind::Map(entries) => MapAcc::new(entries, de.path, de.ctx).visit(visitor),
            Kind::Struct { fields, .. } => FieldAcc::new(de, fields, None).visit(visitor),
            _ => {
                de.mismatch("a map `{...}`");
                Placeholder::default().deserialize_map(visitor)
            }
        }
    }

    fn deserialize_struct<'de, V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let de = self.0;
        match &de.node.kind {
            Kind::Struct {
                name: found,
                fields: given,
            } => {
                if let Some(found) = found
                    && found != name
                    && !de.anonymous
                {
                    de.record(format!("expected struct `{name}`, found `{found}(...)`"));
                }
                FieldAcc::new(de, given, Some(fields)).visit(visitor)
            }
            // `()` / `Name()` / `Name`: a struct with no fields given (missing fields follow).
            Kind::Unit => FieldAcc::new(de, &[], Some(fields)).visit(visitor),
            Kind::Tuple { items, .. } if items.is_empty() => FieldAcc::new(de, &[], Some(fields)).visit(visitor),
            Kind::Ident(found) if found == name => FieldAcc::new(de, &[], Some(fields)).visit(visitor),
            _ => {
                de.mismatch(&format!("struct `{name}` written as `(field: value, ...)`"));
                Placeholder::default().deserialize_struct(name, fields, visitor)
            }
        }
    }

    /// `Variant`, `Variant(v)`, `Variant(a, b)`, `Variant(field: v)`.
    fn deserialize_enum<'de, V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let de = self.0;
        match &de.node.kind {
            Kind::Ident(variant)
            | Kind::Tuple {
                name: Some(variant), ..
            }
            | Kind::Struct {
                name: Some(variant), ..
            } => {
                // Once this enum type is known to reject unknown names, reject them here and
                // carry on with a placeholder instead of failing the whole pass.
                if de.ctx.is_strict::<V>() && !variants.contains(&variant.as_str()) {
                    de.record(unknown_name_message("variant", variant, variants));
                    de.ctx.substituted();
                    return Placeholder::default().deserialize_enum(name, variants, visitor);
                }
                visitor.visit_enum(EnumAcc::new(de, variant)).map_err(|e| match e {
                    Error::Fresh {
                        message,
                        about: About::UnknownVariant,
                        ..
                    } if de.ctx.learn_strict::<V>() => {
                        de.record(message);
                        Error::Deferred
                    }
                    other => other,
                })
            }
            _ => {
                de.mismatch(&format!("a variant of enum `{name}` (one of {})", one_of(variants)));
                Placeholder::default().deserialize_enum(name, variants, visitor)
            }
        }
    }

    fn deserialize_identifier<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.node.kind {
            Kind::Ident(s) | Kind::Str(s) => visitor.visit_str(s),
            _ => {
                self.0.mismatch("an identifier");
                visitor.visit_str("")
            }
        }
    }
}
