//! The placeholder deserializer: builds a harmless stand-in value of whatever type is asked for.
//!
//! When a value is wrong, the loader still has to hand *some* value of the right type to serde so
//! that the rest of the document keeps being checked. This deserializer answers every request
//! with the simplest fitting value: `0`, `0.0`, `false`, `""`, `None`, empty lists and maps,
//! tuples of placeholders, structs whose every field is a placeholder, and the first variant of
//! an enum. Such values are never returned to the caller (any recorded problem makes the whole
//! load fail), so they only need to be well-typed.
//!
//! Limits: a type whose `Deserialize` impl rejects these values (validation, `try_from`) cannot
//! be built this way, and the failure is reported as [`Error::Silent`] so the caller falls back
//! to giving up on the enclosing value. Recursive types whose first variant recurses would
//! recurse forever, so depth is capped.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{IntoDeserializer, VariantAccess, Visitor};

use super::error::Error;

/// Deepest placeholder nesting before giving up (only reachable by recursive types).
const MAX_DEPTH: u8 = 32;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Placeholder {
    depth: u8,
}

impl Placeholder {
    fn child(self) -> Result<Self, Error> {
        if self.depth >= MAX_DEPTH {
            Err(Error::Silent)
        } else {
            Ok(Placeholder { depth: self.depth + 1 })
        }
    }
}

macro_rules! visit_zero {
    ($($method:ident => $visit:ident($($value:expr)?);)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit($($value)?)
        }
    )*};
}

impl<'de> Deserializer<'de> for Placeholder {
    type Error = Error;

    visit_zero! {
        deserialize_any => visit_unit();
        deserialize_ignored_any => visit_unit();
        deserialize_unit => visit_unit();
        deserialize_option => visit_none();
        deserialize_bool => visit_bool(false);
        deserialize_i8 => visit_i8(0);
        deserialize_i16 => visit_i16(0);
        deserialize_i32 => visit_i32(0);
        deserialize_i64 => visit_i64(0);
        deserialize_i128 => visit_i128(0);
        deserialize_u8 => visit_u8(0);
        deserialize_u16 => visit_u16(0);
        deserialize_u32 => visit_u32(0);
        deserialize_u64 => visit_u64(0);
        deserialize_u128 => visit_u128(0);
        deserialize_f32 => visit_f32(0.0);
        deserialize_f64 => visit_f64(0.0);
        deserialize_char => visit_char('?');
        deserialize_str => visit_str("");
        deserialize_string => visit_str("");
        deserialize_identifier => visit_str("");
        deserialize_bytes => visit_bytes(&[]);
        deserialize_byte_buf => visit_bytes(&[]);
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self.child()?)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items {
            remaining: 0,
            item: self,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items {
            remaining: len,
            item: self.child()?,
        })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(Fields {
            names: &[],
            value: self,
        })
    }

    /// Every listed field gets a placeholder. serde lists aliases in `fields` too, so a struct
    /// with aliases makes the visitor see a "duplicate" and fail: that is one of the documented
    /// cases where the placeholder cannot be built.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(Fields {
            names: fields,
            value: self.child()?,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let Some(&variant) = variants.first() else {
            return Err(Error::Silent);
        };
        visitor.visit_enum(Variant {
            name: variant,
            payload: self.child()?,
        })
    }
}

/// `remaining` placeholder elements.
struct Items {
    remaining: usize,
    item: Placeholder,
}

impl<'de> SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        if self.remaining == 0 {
            return Ok(None);
        }
        self.remaining -= 1;
        seed.deserialize(self.item).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.remaining)
    }
}

/// One placeholder value per field name.
struct Fields {
    names: &'static [&'static str],
    value: Placeholder,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((&first, rest)) = self.names.split_first() else {
            return Ok(None);
        };
        self.names = rest;
        seed.deserialize(first.into_deserializer()).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(self.value)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.names.len())
    }
}

/// The first variant of an enum, with a placeholder payload of whatever shape it has.
struct Variant {
    name: &'static str,
    payload: Placeholder,
}

impl<'de> EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = Placeholder;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Placeholder), Error> {
        let value = seed.deserialize(de::value::StrDeserializer::<Error>::new(self.name))?;
        Ok((value, self.payload))
    }
}

impl<'de> VariantAccess<'de> for Placeholder {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        self.deserialize_struct("", fields, visitor)
    }
}
