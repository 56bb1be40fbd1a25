//! Cryptography of the TLS 1.3 engine: the key schedule (RFC 8446 §7),
//! record protection (§5), the cipher suites, ephemeral key exchange
//! (X25519, P-256) and client signatures. The primitives under them
//! (hashes, HMAC, HKDF, the AEADs, the random number generator and the
//! curves) are in [`crate::engine::crypto`].
//!
//! Everything is `no_std` without allocation, with enum dispatch over the
//! algorithms (no generics over suites, to keep code size down). Secrets
//! are [`Secret`]s, [`RecordProtection`] keys, [`kx::EphemeralSecret`]s and
//! [`sign::ClientSigner`]s, all overwritten with zeros when dropped. MACs
//! ([`Digest`](crate::engine::crypto::hash::Digest)) compare in constant time.
//!
//! Stack: the largest frames here are the per-record AEAD call, which
//! builds its cipher in a frame of its own (see [`aead`]), then hashing and
//! HMAC; the curve arithmetic of the providers needs more, in frames of
//! its own (see [`kx`]).

pub mod aead;
pub mod key_schedule;
pub mod kx;
pub mod sign;
pub mod suite;

#[cfg(test)]
pub(crate) mod tests;

pub use kx::NamedGroup;
pub use suite::CipherSuite;

// For the tests, and the fuzz targets that play the server.
#[cfg(any(test, feature = "internals"))]
pub use {
    aead::RecordProtection,
    crate::engine::crypto::{HashAlg, Secret},
    key_schedule::next_traffic_secret,
};
