//! The cryptography under the TLS 1.3 engine and X.509: hashes, HMAC and
//! HKDF, the AEADs, the connection's random number generator, the
//! elliptic curves behind one interface ([`provider`]: key exchange,
//! signing and verification on bytes), and the RSA arithmetic (feature
//! `rsa`).
//!
//! The curves have two implementations, picked here at compile time:
//! the RustCrypto p256/p384 and dalek crates (`rustcrypto`, fast on 64-bit
//! hosts) and [`ec_narrow`] (feature `narrow-ec`, which takes precedence:
//! for CPUs without a 32x32->64 multiply, such as the LX106). The rest of
//! the engine names only [`Provider`].
//!
//! Everything is `no_std` without allocation; secrets are overwritten with
//! zeros when dropped.

#[cfg(not(any(feature = "rustcrypto-ec", feature = "narrow-ec")))]
compile_error!("the engine needs its elliptic curves: enable the feature rustcrypto-ec (a default) or narrow-ec");

pub mod aead;
mod aes;
pub mod drbg;
mod ecdsa_der;
// P-256, P-384, X25519 and Ed25519 on 13-bit limbs for 32x32->32
// multipliers (LX106), with the feature `narrow-ec`; its tests run on every
// build.
#[cfg(any(test, feature = "narrow-ec"))]
#[cfg_attr(not(feature = "narrow-ec"), allow(dead_code))]
pub mod ec_narrow;
pub mod hash;
pub mod hkdf;
pub mod provider;
// RSA verification and signing (feature `rsa`); keys are parsed in X.509.
#[cfg(feature = "rsa")]
pub mod rsa;
mod scheme;
#[cfg(test)]
pub(crate) mod tests;
// Unused (and left out) when narrow-ec is on too.
#[cfg(all(feature = "rustcrypto-ec", not(feature = "narrow-ec")))]
mod rustcrypto;

pub use scheme::SignatureScheme;

/// The curves' implementation this build uses.
#[cfg(feature = "narrow-ec")]
pub type Provider = ec_narrow::provider::Narrow;
/// The curves' implementation this build uses.
#[cfg(not(feature = "narrow-ec"))]
pub type Provider = rustcrypto::RustCrypto;

/// The provider's X25519 key exchange.
pub type X25519 = <Provider as provider::CryptoProvider>::X25519;
/// The provider's P-256 key exchange.
pub type Secp256r1 = <Provider as provider::CryptoProvider>::Secp256r1;
/// The provider's ECDSA on P-256.
pub type EcdsaP256 = <Provider as provider::CryptoProvider>::EcdsaP256;
/// The provider's ECDSA on P-384.
pub type EcdsaP384 = <Provider as provider::CryptoProvider>::EcdsaP384;
/// The provider's Ed25519.
pub type Ed25519 = <Provider as provider::CryptoProvider>::Ed25519;

pub use hash::HashAlg;
pub use hkdf::{hkdf_expand_label, Secret};
