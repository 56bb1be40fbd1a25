//! The cryptography under the TLS 1.3 engine and X.509: hashes, HMAC and
//! HKDF, the AEADs, the connection's random number generator.
//!
//! Everything is `no_std` without allocation; secrets are overwritten with
//! zeros when dropped.

pub mod aead;
mod aes;
pub mod drbg;
pub mod hash;
pub mod hkdf;

pub use hash::{hmac, Digest, HashAlg, Transcript};
pub use hkdf::{hkdf_expand_label, Secret};
