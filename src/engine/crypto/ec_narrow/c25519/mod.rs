//! Curve25519 on the narrow field: X25519 (`x25519`) and Ed25519
//! (`ed25519`), over GF(2^255 - 19) on 13-bit limbs (`field`, the same
//! representation and shared operations as the NIST fields), Edwards
//! points (`edwards`) and scalars modulo the group order on `modn`
//! (`scalar`). Used instead of x25519-dalek and ed25519-dalek with the
//! cargo feature `narrow-ec`; its tests run on every build.

mod edwards;
pub mod ed25519;
mod field;
mod scalar;
pub mod x25519;
#[cfg(test)]
mod tests;
