//! X25519 by x25519-dalek and P-256 ECDHE by the p256 crate.

use rand_core::CryptoRngCore;

use crate::engine::crypto::hkdf::Secret;
use crate::engine::crypto::provider::{KeyExchange, MAX_PUBLIC_KEY_LEN};
use crate::engine::error::Error;

/// X25519.
pub struct X25519;

impl KeyExchange for X25519 {
    /// `StaticSecret`, so that `diffie_hellman` can borrow it.
    type Secret = x25519_dalek::StaticSecret;

    fn generate(rng: &mut impl CryptoRngCore) -> Self::Secret {
        x25519_dalek::StaticSecret::random_from_rng(rng)
    }
    fn from_bytes(bytes: &[u8]) -> Option<Self::Secret> {
        let scalar: [u8; 32] = bytes.try_into().ok()?;
        Some(scalar.into())
    }

    #[inline(never)]
    fn public_key(secret: &Self::Secret, out: &mut [u8; MAX_PUBLIC_KEY_LEN]) -> usize {
        let public = x25519_dalek::PublicKey::from(secret);
        out[..32].copy_from_slice(public.as_bytes());
        32
    }

    #[inline(never)]
    fn diffie_hellman(secret: &Self::Secret, peer: &[u8]) -> Result<Secret, Error> {
        let peer: [u8; 32] = peer.try_into().map_err(|_| Error::Malformed)?;
        let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(peer));
        if !shared.was_contributory() {
            return Err(Error::Malformed);
        }
        Secret::from_slice(shared.as_bytes()).ok_or(Error::Internal)
    }
}

/// ECDHE on P-256. Its scalar multiplication keeps a table of 16
/// projective points (`primeorder`), a large frame on 64-bit and 32-bit
/// targets alike: out of line, so that X25519 does not pay for it.
pub struct Secp256r1;

impl KeyExchange for Secp256r1 {
    type Secret = p256::SecretKey;

    fn generate(rng: &mut impl CryptoRngCore) -> Self::Secret {
        p256::SecretKey::random(rng)
    }
    fn from_bytes(bytes: &[u8]) -> Option<Self::Secret> {
        p256::SecretKey::from_slice(bytes).ok()
    }

    #[inline(never)]
    fn public_key(secret: &Self::Secret, out: &mut [u8; MAX_PUBLIC_KEY_LEN]) -> usize {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        let point = secret.public_key().to_encoded_point(false);
        let bytes = point.as_bytes();
        out[..bytes.len()].copy_from_slice(bytes);
        bytes.len()
    }

    #[inline(never)]
    fn diffie_hellman(secret: &Self::Secret, peer: &[u8]) -> Result<Secret, Error> {
        // TLS 1.3 only allows the uncompressed form (RFC 8446 §4.2.8.2).
        if peer.len() != 65 || peer[0] != 0x04 {
            return Err(Error::Malformed);
        }
        // Checks that the point is on the curve.
        let public = p256::PublicKey::from_sec1_bytes(peer).map_err(|_| Error::Malformed)?;
        let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
        Secret::from_slice(shared.raw_secret_bytes()).ok_or(Error::Internal)
    }
}
