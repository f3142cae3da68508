//! The deserializer's internal error type: how a serde error travels to the place where it is
//! recorded as a [`Problem`](super::Problem), and what the collector needs to know about it.

use std::fmt;

use serde::de;

use super::problem::unknown_name_message;

/// What a fresh error is about, for the cases the collector can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum About {
    Other,
    /// serde's "missing field": learnable, and excusable if the field was left out on purpose.
    MissingField(&'static str),
    /// serde's "duplicate field": excusable if the collector supplied that field itself.
    DuplicateField(&'static str),
    /// serde's "unknown variant": teaches that the enum has no `#[serde(other)]` fallback.
    UnknownVariant,
}

/// Never shown to users directly.
#[derive(Debug)]
pub(crate) enum Error {
    /// Raised by a visitor and not yet recorded. `structural` errors (missing field, unknown
    /// variant, wrong length, duplicate field) cannot be caused by a placeholder value.
    Fresh {
        message: String,
        structural: bool,
        about: About,
    },
    /// Already recorded, and the responsible node already marked for the next pass.
    Recorded,
    /// Already recorded, and the node deliberately *not* marked: this pass learned something
    /// (see `Knowledge` in `replay.rs`) that lets the next pass handle the mistake in place and
    /// keep checking the node.
    Deferred,
    /// Nothing (more) to record, but the nearest enclosing node must be marked: a placeholder
    /// could not be built, a child could not be left out, or the message was recorded at a
    /// position that is not a node of its own.
    Silent,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Fresh { message, .. } => f.write_str(message),
            Error::Recorded | Error::Deferred => f.write_str("problem already recorded"),
            Error::Silent => f.write_str("value could not be built"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    fn structural(message: String, about: About) -> Self {
        Error::Fresh {
            message,
            structural: true,
            about,
        }
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Fresh {
            message: msg.to_string(),
            structural: false,
            about: About::Other,
        }
    }

    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        Error::structural(
            format!("wrong number of elements: found {len}, expected {exp}"),
            About::Other,
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::structural(
            unknown_name_message("variant", variant, expected),
            About::UnknownVariant,
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::structural(unknown_name_message("field", field, expected), About::Other)
    }

    fn missing_field(field: &'static str) -> Self {
        Error::structural(format!("missing field `{field}`"), About::MissingField(field))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error::structural(format!("duplicate field `{field}`"), About::DuplicateField(field))
    }
}
