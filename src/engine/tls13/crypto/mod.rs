//! Cryptography for the TLS 1.3 engine: the transcript hash and HMAC, the
//! key schedule (RFC 8446 §7), record protection (§5), key exchange
//! (X25519, P-256) and client signatures.
//!
//! Everything is `no_std` without allocation, with enum dispatch over the
//! algorithms (no generics over suites, to keep code size down). Secrets
//! are [`Secret`]s, [`RecordProtection`] keys, [`EphemeralSecret`]s and
//! [`ClientSigner`]s, all overwritten with zeros when dropped. MACs
//! ([`Digest`]) compare in constant time.
//!
//! Stack: no function here keeps more than a hash or HMAC state (at most
//! about 300 bytes, SHA-384) and a few 48-byte buffers in its frame, except
//! the per-record AEAD call, which builds its cipher in a frame of its own
//! (see [`aead`]). The P-256 and X25519 arithmetic inside the curve crates
//! needs more (see the crate documentation of `p256`).

pub mod aead;
pub mod hash;
pub mod key_schedule;
pub mod kx;
pub mod sign;
pub mod suite;

#[cfg(test)]
pub(crate) mod tests;

pub use aead::RecordProtection;
pub use hash::{hmac, Digest, HashAlg, Transcript};
pub use key_schedule::{
    binder, derive_secret, finished_verify_data, hkdf_expand_label, next_traffic_secret,
    resumption_psk, KeySchedule, Secret,
};
pub use kx::{EphemeralSecret, NamedGroup};
pub use sign::ClientSigner;
pub use suite::CipherSuite;
