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
//! Stack (frames measured on x86-64 from the release build's assembly): the
//! largest frames here are the per-record AEAD call, which builds its
//! cipher in a frame of its own (AES-GCM about 1.1 KiB on x86-64, where the
//! `aes` crate keeps both its AES-NI and its 64-bit bitsliced key schedule;
//! the 32-bit bitsliced key is 480 bytes, room for AES-256 whichever the
//! key size, so about 600 on a 32-bit MCU; see [`aead`]), then hashing (about 500
//! bytes for a SHA-384 state and its output) and HMAC (488 bytes for
//! SHA-384, 360 for SHA-256). Everything else stays under 400 bytes. The
//! curve arithmetic inside the `p256` crate needs much more (3.3 KiB for
//! its scalar multiplication on x86-64), see [`kx`].

pub mod aead;
mod aes;
pub mod drbg;
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
