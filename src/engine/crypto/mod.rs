//! The cryptography under the TLS 1.3 engine and X.509: hashes, HMAC and
//! HKDF, the AEADs, the connection's random number generator.
//!
//! Everything is `no_std` without allocation; secrets are overwritten with
//! zeros when dropped.

pub mod aead;
mod aes;
pub mod drbg;
// P-256, P-384, X25519 and Ed25519 on 13-bit limbs for 32x32->32
// multipliers (LX106), with the feature `narrow-ec`; its tests run on every
// build.
#[cfg(any(test, feature = "narrow-ec"))]
pub mod ec_narrow;
pub mod hash;
pub mod hkdf;

pub use hash::{hmac, Digest, HashAlg, Transcript};
pub use hkdf::{hkdf_expand_label, Secret};
