//! The curves by the RustCrypto p256 and p384 crates and the dalek crates
//! (curve25519-dalek, x25519-dalek, ed25519-dalek): fast on 64-bit hosts.
//!
//! Each operation is out of line, so that a caller's frame does not hold
//! the crates' point arithmetic, and one curve's temporaries stay out of
//! another's frames.

mod ecdsa;
mod ed25519;
mod kx;

use super::provider::CryptoProvider;

/// The RustCrypto and dalek crates as a [`CryptoProvider`].
pub struct RustCrypto;

impl CryptoProvider for RustCrypto {
    type X25519 = kx::X25519;
    type Secp256r1 = kx::Secp256r1;
    type EcdsaP256 = ecdsa::P256;
    type EcdsaP384 = ecdsa::P384;
    type Ed25519 = ed25519::Ed25519;
}
