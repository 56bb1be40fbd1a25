//! The interface the two curve providers implement: key exchange, signing
//! and verification on bytes, as the TLS and X.509 layers use them.
//!
//! After rustls' `CryptoProvider`, but chosen at compile time (see
//! [`super::Provider`]): every operation is an associated function of a
//! type, so a call is a direct call, and nothing is allocated. Secrets are
//! the providers' own types, zeroed when dropped.

use rand_core::CryptoRngCore;

use super::hkdf::Secret;
use crate::engine::error::Error;

/// Longest key_exchange value of any group (an uncompressed P-256 point).
pub const MAX_PUBLIC_KEY_LEN: usize = 65;

/// The elliptic curves a provider implements, each by a type of its own.
pub trait CryptoProvider {
    /// X25519 key exchange (RFC 7748).
    type X25519: KeyExchange;
    /// ECDHE on P-256 (secp256r1).
    type Secp256r1: KeyExchange;
    /// ECDSA on P-256 with SHA-256.
    type EcdsaP256: Ecdsa;
    /// ECDSA on P-384 with SHA-384.
    type EcdsaP384: Ecdsa;
    /// Ed25519 (RFC 8032 PureEdDSA).
    type Ed25519: Ed25519;
}

/// An ephemeral key exchange for a key_share (RFC 8446 §4.2.8).
pub trait KeyExchange {
    /// A secret scalar, zeroed when dropped.
    type Secret;

    /// A fresh secret from `rng`.
    fn generate(rng: &mut impl CryptoRngCore) -> Self::Secret;

    /// A secret from fixed bytes (a published test vector's private key):
    /// `None` for a wrong length or an invalid scalar.
    fn from_bytes(bytes: &[u8]) -> Option<Self::Secret>;

    /// Writes the key_exchange bytes to the start of `out` and returns
    /// their length.
    fn public_key(secret: &Self::Secret, out: &mut [u8; MAX_PUBLIC_KEY_LEN]) -> usize;

    /// The shared secret with the peer's key_exchange bytes:
    /// `Err(Error::Malformed)` for a value of the wrong length or form, a
    /// point not on the curve, and an all-zero (non-contributory) result.
    fn diffie_hellman(secret: &Self::Secret, peer: &[u8]) -> Result<Secret, Error>;
}

/// ECDSA on one curve with its hash: signatures deterministic (RFC 6979)
/// and DER-encoded, verification of a digest of any length.
pub trait Ecdsa {
    /// A signing key, zeroed when dropped.
    type SigningKey: zeroize::Zeroize;

    /// Whether the big-endian `scalar` is in 1..n (a usable private key).
    fn valid_scalar(scalar: &[u8]) -> bool;

    /// The signing key for the big-endian `scalar`, `None` unless it is in
    /// 1..n.
    fn signing_key(scalar: &[u8]) -> Option<Self::SigningKey>;

    /// Signs the hash of `message` into the start of `out` (DER) and
    /// returns the signature's length; `Err(Error::Internal)` if `out` is
    /// too short.
    fn sign(key: &Self::SigningKey, message: &[u8], out: &mut [u8]) -> Result<usize, Error>;

    /// Whether the fixed-size `r || s` `signature` over `prehash` verifies
    /// with the SEC1 `point`.
    fn verify_prehashed(point: &[u8], prehash: &[u8], signature: &[u8]) -> bool;

    /// Whether `point` is a valid SEC1 public key (uncompressed or
    /// compressed, on the curve, not the identity).
    fn valid_point(point: &[u8]) -> bool;

    /// Whether the SEC1 `point` is the public key of `scalar`:
    /// `Err(KeyError::Scalar)` if the scalar is not in 1..n,
    /// `Err(KeyError::Point)` if the point is not valid.
    fn key_matches(scalar: &[u8], point: &[u8]) -> Result<bool, KeyError>;
}

/// Ed25519 (RFC 8032 PureEdDSA) on its encoded keys and signatures.
pub trait Ed25519 {
    /// Signs `message` with the key of `seed` into the start of `out` (the
    /// raw 64 bytes) and returns 64; `Err(Error::Internal)` if `out` is too
    /// short.
    fn sign(seed: &[u8; 32], message: &[u8], out: &mut [u8]) -> Result<usize, Error>;

    /// Whether `signature` over `message` verifies with the encoded key
    /// `public`, with ed25519-dalek's `verify_strict` checks (cofactorless,
    /// canonical S and R, neither key nor R of small order).
    fn verify(public: &[u8], message: &[u8], signature: &[u8]) -> bool;

    /// `encoded` if it is a public key: the canonical encoding of a point
    /// not of small order.
    fn valid_key(encoded: &[u8]) -> Option<[u8; 32]>;

    /// Whether `public` is the encoded public key of `seed`.
    fn key_matches(seed: &[u8; 32], public: &[u8]) -> bool;
}

/// Why a private scalar and a public point could not be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// The scalar is not in 1..n.
    Scalar,
    /// The point is not a valid public key.
    Point,
}
