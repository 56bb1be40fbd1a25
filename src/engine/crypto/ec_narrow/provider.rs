//! `ec_narrow` as a [`CryptoProvider`]: thin adapters over the per-curve
//! byte interface, inlined into their callers (the curve functions have
//! frames of their own).

use rand_core::CryptoRngCore;

use super::c25519::{ed25519, x25519};
use super::{p256, p384};
use crate::engine::crypto::ecdsa_der::der_ecdsa_signature;
use crate::engine::crypto::hkdf::Secret;
use crate::engine::crypto::provider::{self, CryptoProvider, Ecdsa, KeyError, KeyExchange, MAX_PUBLIC_KEY_LEN};
use crate::engine::error::Error;

/// `ec_narrow`'s curves as a [`CryptoProvider`].
pub struct Narrow;

impl CryptoProvider for Narrow {
    type X25519 = X25519;
    type Secp256r1 = Secp256r1;
    type EcdsaP256 = EcdsaP256;
    type EcdsaP384 = EcdsaP384;
    type Ed25519 = Ed25519;
}

/// X25519 (`c25519::x25519`).
pub struct X25519;

impl KeyExchange for X25519 {
    type Secret = x25519::SecretKey;

    fn generate(rng: &mut impl CryptoRngCore) -> Self::Secret {
        x25519::SecretKey::random(rng)
    }
    fn from_bytes(bytes: &[u8]) -> Option<Self::Secret> {
        Some(x25519::SecretKey::from_bytes(bytes.try_into().ok()?))
    }

    #[inline(never)]
    fn public_key(secret: &Self::Secret, out: &mut [u8; MAX_PUBLIC_KEY_LEN]) -> usize {
        out[..32].copy_from_slice(&secret.public_key());
        32
    }

    #[inline(never)]
    fn diffie_hellman(secret: &Self::Secret, peer: &[u8]) -> Result<Secret, Error> {
        let peer: &[u8; 32] = peer.try_into().map_err(|_| Error::Malformed)?;
        // None: all zero, a peer point of small order.
        let mut shared = secret.diffie_hellman(peer).ok_or(Error::Malformed)?;
        let secret = Secret::from_slice(&shared).ok_or(Error::Internal);
        zeroize::Zeroize::zeroize(&mut shared);
        secret
    }
}

/// ECDHE on P-256 (`p256`).
pub struct Secp256r1;

impl KeyExchange for Secp256r1 {
    type Secret = p256::SecretKey;

    fn generate(rng: &mut impl CryptoRngCore) -> Self::Secret {
        p256::SecretKey::random(rng)
    }
    fn from_bytes(bytes: &[u8]) -> Option<Self::Secret> {
        p256::SecretKey::from_bytes(bytes)
    }

    #[inline(never)]
    fn public_key(secret: &Self::Secret, out: &mut [u8; MAX_PUBLIC_KEY_LEN]) -> usize {
        let point = secret.public_key();
        out.copy_from_slice(&point);
        point.len()
    }

    #[inline(never)]
    fn diffie_hellman(secret: &Self::Secret, peer: &[u8]) -> Result<Secret, Error> {
        // Uncompressed only (RFC 8446 §4.2.8.2); ecdh checks the point.
        let peer: &[u8; 65] = peer.try_into().map_err(|_| Error::Malformed)?;
        let shared = p256::ecdh(secret.as_bytes(), peer);
        Secret::from_slice(&shared.ok_or(Error::Malformed)?).ok_or(Error::Internal)
    }
}

/// ECDSA on P-256 with SHA-256 (`p256`).
pub struct EcdsaP256;

impl Ecdsa for EcdsaP256 {
    type SigningKey = p256::SecretKey;

    fn valid_scalar(scalar: &[u8]) -> bool {
        p256::SecretKey::from_bytes(scalar).is_some()
    }

    fn signing_key(scalar: &[u8]) -> Option<Self::SigningKey> {
        p256::SecretKey::from_bytes(scalar)
    }

    /// The nonce and the signature are frames of their own.
    #[inline(never)]
    fn sign(key: &Self::SigningKey, message: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(message);
        let signature = p256::sign_prehashed(key.as_bytes(), &digest.into()).ok_or(Error::Internal)?;
        let (r, s) = signature.split_at(32);
        der_ecdsa_signature(r, s, out).ok_or(Error::Internal)
    }

    #[inline]
    fn verify_prehashed(point: &[u8], prehash: &[u8], signature: &[u8]) -> bool {
        p256::verify_prehashed(point, prehash, signature)
    }

    #[inline]
    fn valid_point(point: &[u8]) -> bool {
        p256::decode_point(point).is_some()
    }

    /// The public key k·G against the certificate's point in uncompressed
    /// form (it may be compressed).
    #[inline(never)]
    fn key_matches(scalar: &[u8], point: &[u8]) -> Result<bool, KeyError> {
        let secret = p256::SecretKey::from_bytes(scalar).ok_or(KeyError::Scalar)?;
        let public = p256::decode_point(point).ok_or(KeyError::Point)?;
        Ok(secret.public_key() == public)
    }
}

/// ECDSA on P-384 with SHA-384 (`p384`).
pub struct EcdsaP384;

impl Ecdsa for EcdsaP384 {
    type SigningKey = p384::SecretKey;

    fn valid_scalar(scalar: &[u8]) -> bool {
        p384::SecretKey::from_bytes(scalar).is_some()
    }

    fn signing_key(scalar: &[u8]) -> Option<Self::SigningKey> {
        p384::SecretKey::from_bytes(scalar)
    }

    /// As [`EcdsaP256::sign`].
    #[inline(never)]
    fn sign(key: &Self::SigningKey, message: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        use sha2::Digest;
        let mut digest = [0u8; 48];
        digest.copy_from_slice(&sha2::Sha384::digest(message));
        let signature = p384::sign_prehashed(key.as_bytes(), &digest).ok_or(Error::Internal)?;
        let (r, s) = signature.split_at(48);
        der_ecdsa_signature(r, s, out).ok_or(Error::Internal)
    }

    #[inline]
    fn verify_prehashed(point: &[u8], prehash: &[u8], signature: &[u8]) -> bool {
        p384::verify_prehashed(point, prehash, signature)
    }

    #[inline]
    fn valid_point(point: &[u8]) -> bool {
        p384::decode_point(point).is_some()
    }

    /// As [`EcdsaP256::key_matches`].
    #[inline(never)]
    fn key_matches(scalar: &[u8], point: &[u8]) -> Result<bool, KeyError> {
        let secret = p384::SecretKey::from_bytes(scalar).ok_or(KeyError::Scalar)?;
        let public = p384::decode_point(point).ok_or(KeyError::Point)?;
        Ok(secret.public_key() == public)
    }
}

/// Ed25519 (`c25519::ed25519`), with ed25519-dalek's checks in the same
/// order: the same signatures, the same verdicts.
pub struct Ed25519;

impl provider::Ed25519 for Ed25519 {
    #[inline(never)]
    fn sign(seed: &[u8; 32], message: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        let out = out.get_mut(..64).ok_or(Error::Internal)?;
        out.copy_from_slice(&ed25519::sign(seed, message));
        Ok(64)
    }

    #[inline]
    fn verify(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
        ed25519::verify(public, message, signature)
    }

    fn valid_key(encoded: &[u8]) -> Option<[u8; 32]> {
        let encoded: [u8; 32] = encoded.try_into().ok()?;
        ed25519::valid_key(&encoded).then_some(encoded)
    }

    #[inline(never)]
    fn key_matches(seed: &[u8; 32], public: &[u8]) -> bool {
        ed25519::public_key(seed) == public
    }
}
