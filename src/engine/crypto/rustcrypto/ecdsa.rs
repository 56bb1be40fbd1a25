//! ECDSA by the p256 and p384 crates. Signing and verifying need large
//! frames: each function is out of line, one per curve.

use signature::hazmat::PrehashVerifier;

use crate::engine::crypto::ecdsa_der::der_ecdsa_signature;
use crate::engine::crypto::provider::{Ecdsa, KeyError};
use crate::engine::error::Error;

/// ECDSA on P-256 with SHA-256.
pub struct P256;

impl Ecdsa for P256 {
    type SigningKey = p256::NonZeroScalar;

    fn valid_scalar(scalar: &[u8]) -> bool {
        p256::SecretKey::from_slice(scalar).is_ok()
    }

    fn signing_key(scalar: &[u8]) -> Option<Self::SigningKey> {
        let scalar: &[u8; 32] = scalar.try_into().ok()?;
        Option::from(p256::NonZeroScalar::from_repr((*scalar).into()))
    }

    #[inline(never)]
    fn sign(key: &Self::SigningKey, message: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        use ecdsa::hazmat::SignPrimitive;
        use sha2::Digest;
        let digest = sha2::Sha256::digest(message);
        let (signature, _) = key
            .as_ref()
            .try_sign_prehashed_rfc6979::<sha2::Sha256>(&digest, &[])
            .map_err(|_| Error::Internal)?;
        let (r, s) = signature.split_bytes();
        der_ecdsa_signature(&r, &s, out).ok_or(Error::Internal)
    }

    #[inline]
    fn verify_prehashed(point: &[u8], prehash: &[u8], signature: &[u8]) -> bool {
        let Ok(key) = p256::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
            return false;
        };
        let Ok(signature) = p256::ecdsa::Signature::from_slice(signature) else {
            return false;
        };
        key.verify_prehash(prehash, &signature).is_ok()
    }

    #[inline]
    fn valid_point(point: &[u8]) -> bool {
        p256::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()
    }

    #[inline(never)]
    fn key_matches(scalar: &[u8], point: &[u8]) -> Result<bool, KeyError> {
        let secret = p256::SecretKey::from_slice(scalar).map_err(|_| KeyError::Scalar)?;
        let public = p256::PublicKey::from_sec1_bytes(point).map_err(|_| KeyError::Point)?;
        Ok(secret.public_key() == public)
    }
}

/// ECDSA on P-384 with SHA-384.
pub struct P384;

impl Ecdsa for P384 {
    type SigningKey = p384::NonZeroScalar;

    fn valid_scalar(scalar: &[u8]) -> bool {
        p384::SecretKey::from_slice(scalar).is_ok()
    }

    fn signing_key(scalar: &[u8]) -> Option<Self::SigningKey> {
        let scalar: &[u8; 48] = scalar.try_into().ok()?;
        Option::from(p384::NonZeroScalar::from_repr(*p384::FieldBytes::from_slice(scalar)))
    }

    /// In two out-of-line steps: the RFC 6979 nonce (an HMAC-DRBG over
    /// SHA-384), then the signature with it (a P-384 scalar multiplication
    /// with a large table), so that the two never share a frame.
    #[inline(never)]
    fn sign(key: &Self::SigningKey, message: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        use sha2::Digest;
        let digest: p384::FieldBytes = sha2::Sha384::digest(message);
        let nonce = p384_nonce(key, &digest)?;
        p384_sign_with(key, &nonce, &digest, out)
    }

    #[inline]
    fn verify_prehashed(point: &[u8], prehash: &[u8], signature: &[u8]) -> bool {
        let Ok(key) = p384::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
            return false;
        };
        let Ok(signature) = p384::ecdsa::Signature::from_slice(signature) else {
            return false;
        };
        key.verify_prehash(prehash, &signature).is_ok()
    }

    #[inline]
    fn valid_point(point: &[u8]) -> bool {
        p384::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()
    }

    #[inline(never)]
    fn key_matches(scalar: &[u8], point: &[u8]) -> Result<bool, KeyError> {
        let secret = p384::SecretKey::from_slice(scalar).map_err(|_| KeyError::Scalar)?;
        let public = p384::PublicKey::from_sec1_bytes(point).map_err(|_| KeyError::Point)?;
        Ok(secret.public_key() == public)
    }
}

/// The RFC 6979 nonce k for `key` and `digest` (§3.2, with SHA-384), as
/// ecdsa's `try_sign_prehashed_rfc6979` computes it.
#[inline(never)]
fn p384_nonce(key: &p384::NonZeroScalar, digest: &p384::FieldBytes) -> Result<p384::Scalar, Error> {
    use ecdsa::elliptic_curve::ff::PrimeField;
    use ecdsa::elliptic_curve::{Curve, FieldBytesEncoding};
    let order = p384::NistP384::ORDER.encode_field_bytes();
    let k = rfc6979::generate_k::<sha2::Sha384, _>(&key.to_repr(), &order, digest, &[]);
    Option::from(p384::Scalar::from_repr(k)).ok_or(Error::Internal)
}

#[inline(never)]
fn p384_sign_with(
    key: &p384::NonZeroScalar,
    nonce: &p384::Scalar,
    digest: &p384::FieldBytes,
    out: &mut [u8],
) -> Result<usize, Error> {
    use ecdsa::hazmat::SignPrimitive;
    let (signature, _) = key.as_ref().try_sign_prehashed(*nonce, digest).map_err(|_| Error::Internal)?;
    let (r, s) = signature.split_bytes();
    der_ecdsa_signature(&r, &s, out).ok_or(Error::Internal)
}
