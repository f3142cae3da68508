//! Stable 64-bit hashes of bytes and of serialisable state.
//!
//! FNV-1a is specified by its constants alone, so a hash written into a drill
//! record today means the same thing in any later build: unlike `std`'s
//! `DefaultHasher`, whose algorithm may change between Rust releases.

use serde::Serialize;

const FNV_OFFSET: u64 = 0xCBF2_9CE4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01B3;

/// An incremental FNV-1a 64 hasher.
#[derive(Debug, Clone, Copy)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Fnv64 {
        Fnv64(FNV_OFFSET)
    }
}

impl Fnv64 {
    /// Feeds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(FNV_PRIME);
        }
    }

    /// The hash so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// FNV-1a 64 of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = Fnv64::default();
    h.write(bytes);
    h.finish()
}

/// A postcard flavor that hashes the serialised bytes instead of storing them,
/// so hashing a large grid allocates nothing.
struct HashFlavor(Fnv64);

impl postcard::ser_flavors::Flavor for HashFlavor {
    type Output = u64;

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.write(&[data]);
        Ok(())
    }

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.write(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<u64> {
        Ok(self.0.finish())
    }
}

/// FNV-1a 64 of `value`'s postcard serialisation (the snapshot encoding),
/// or 0 if it cannot be serialised (only maps with non-string keys could
/// fail, and sim state has none).
pub fn hash_serialized<T: Serialize + ?Sized>(value: &T) -> u64 {
    postcard::serialize_with_flavor(value, HashFlavor(Fnv64::default())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference vectors of the FNV specification (draft-eastlake-fnv).
    #[test]
    fn fnv1a64_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xCBF2_9CE4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xAF63_DC4C_8601_EC8C);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_F739_67E8);
    }

    #[test]
    fn hashing_serialised_state_matches_hashing_its_bytes() {
        let value = (1u32, vec![0.5f32, -2.0], "x".to_string());
        let bytes = postcard::to_allocvec(&value).expect("serialise");
        assert_eq!(hash_serialized(&value), fnv1a64(&bytes));
    }
}
