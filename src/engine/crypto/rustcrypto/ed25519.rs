//! Ed25519 by ed25519-dalek, and its verification on curve25519-dalek's
//! points directly.

use curve25519_dalek::{EdwardsPoint, Scalar};
use sha2::Digest;

use crate::engine::crypto::provider;
use crate::engine::error::Error;

/// Ed25519 (RFC 8032 PureEdDSA).
pub struct Ed25519;

impl provider::Ed25519 for Ed25519 {
    /// Derives the key pair from `seed` (the expanded key is zeroed when
    /// dropped).
    #[inline(never)]
    fn sign(seed: &[u8; 32], message: &[u8], out: &mut [u8]) -> Result<usize, Error> {
        use signature::Signer;
        let out = out.get_mut(..ed25519_dalek::SIGNATURE_LENGTH).ok_or(Error::Internal)?;
        let key = ed25519_dalek::SigningKey::from_bytes(seed);
        let signature = key.try_sign(message).map_err(|_| Error::Internal)?;
        out.copy_from_slice(&signature.to_bytes());
        Ok(ed25519_dalek::SIGNATURE_LENGTH)
    }

    /// RFC 8032 §5.1.7 with the checks of ed25519-dalek's `verify_strict`:
    /// the key must be [`valid_key`](provider::Ed25519::valid_key), R a
    /// point not of small order, S canonical (below the group order), and
    /// `[S]B - [k]A` must encode to R's bytes (so R is canonical too), k
    /// being SHA-512(R || A || message) mod the order.
    ///
    /// Not `verify_strict` itself: its double-scalar multiplication keeps
    /// two 8-point tables and both NAFs in one frame; here two single
    /// multiplications run one after the other, and each decoding step,
    /// the hash and the final comparison have frames of their own too, so
    /// only the points and scalars stay in this one.
    #[inline(never)]
    fn verify(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
        let Ok(signature) = <&[u8; 64]>::try_from(signature) else {
            return false;
        };
        let (r, s) = signature.split_at(32);
        let Some(a) = point(public) else {
            return false;
        };
        if !r_usable(r) {
            return false;
        }
        let Ok(s) = s.try_into() else {
            return false;
        };
        let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(s)) else {
            return false;
        };
        let k = challenge(r, public, message);
        let ka = mul(&a, &k);
        let sb = mul_base(&s);
        difference_encodes_to(&sb, &ka, r)
    }

    fn valid_key(encoded: &[u8]) -> Option<[u8; 32]> {
        key_point(encoded).map(|key| key.to_bytes())
    }

    #[inline(never)]
    fn key_matches(seed: &[u8; 32], public: &[u8]) -> bool {
        ed25519_dalek::SigningKey::from_bytes(seed).verifying_key().as_bytes() == public
    }
}

/// The point of a public key that is `valid_key`.
#[inline(never)]
fn point(public: &[u8]) -> Option<EdwardsPoint> {
    key_point(public).map(|key| key.to_edwards())
}

/// `valid_key` as ed25519-dalek's key.
fn key_point(encoded: &[u8]) -> Option<ed25519_dalek::VerifyingKey> {
    let key = ed25519_dalek::VerifyingKey::from_bytes(encoded.try_into().ok()?).ok()?;
    let canonical = key.to_edwards().compress().as_bytes() == encoded;
    (canonical && !key.is_weak()).then_some(key)
}

/// Whether a signature's R decodes to a point not of small order.
#[inline(never)]
fn r_usable(r: &[u8]) -> bool {
    let point = curve25519_dalek::edwards::CompressedEdwardsY::from_slice(r).ok().and_then(|r| r.decompress());
    point.is_some_and(|point| !point.is_small_order())
}

/// k = SHA-512(R || A || message) mod the group order.
#[inline(never)]
fn challenge(r: &[u8], public: &[u8], message: &[u8]) -> Scalar {
    let mut challenge = sha2::Sha512::new();
    challenge.update(r);
    challenge.update(public);
    challenge.update(message);
    Scalar::from_bytes_mod_order_wide(&challenge.finalize().into())
}

/// Whether `sb - ka` encodes to `r`.
#[inline(never)]
fn difference_encodes_to(sb: &EdwardsPoint, ka: &EdwardsPoint, r: &[u8]) -> bool {
    (sb - ka).compress().as_bytes()[..] == *r
}

/// `[scalar]B`, out of line (see `verify`).
#[inline(never)]
fn mul_base(scalar: &Scalar) -> EdwardsPoint {
    EdwardsPoint::mul_base(scalar)
}

/// `[scalar]point`, out of line (see `verify`).
#[inline(never)]
fn mul(point: &EdwardsPoint, scalar: &Scalar) -> EdwardsPoint {
    point * scalar
}
