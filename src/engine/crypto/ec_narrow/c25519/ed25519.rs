//! Ed25519 (RFC 8032 §5.1, PureEdDSA with SHA-512): key derivation and
//! signing (constant time in the secret seed), and verification with the
//! checks of ed25519-dalek's `verify_strict` (variable time: everything is
//! public).

use sha2::{Digest, Sha512};

use super::edwards::Point;
use super::scalar;

/// The clamped secret scalar a and the nonce prefix of a seed (RFC 8032
/// §5.1.5), zeroed when dropped.
struct Expanded {
    hash: [u8; 64],
}

impl Expanded {
    fn new(seed: &[u8; 32]) -> Expanded {
        let mut hash: [u8; 64] = Sha512::digest(seed).into();
        hash[0] &= 248;
        hash[31] = (hash[31] & 127) | 64;
        Expanded { hash }
    }

    /// a, little-endian (below 2^255).
    fn scalar(&self) -> &[u8; 32] {
        self.hash[..32].try_into().unwrap_or(&[0; 32])
    }

    /// The prefix hashed with the message for the nonce.
    fn prefix(&self) -> &[u8] {
        &self.hash[32..]
    }

    /// A = [a]B, encoded.
    fn public_key(&self) -> [u8; 32] {
        Point::mul_base(self.scalar()).encode()
    }
}

impl Drop for Expanded {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.hash);
    }
}

/// SHA-512 of the parts mod l.
fn hash_mod_l(parts: &[&[u8]]) -> scalar::Words {
    let mut hasher = Sha512::new();
    for part in parts {
        hasher.update(part);
    }
    let mut hash: [u8; 64] = hasher.finalize().into();
    let words = scalar::reduce_wide(&hash);
    zeroize::Zeroize::zeroize(&mut hash);
    words
}

/// The public key of a 32-byte secret seed (ed25519-dalek's
/// `SigningKey::from_bytes(seed).verifying_key()`).
#[inline(never)]
pub fn public_key(seed: &[u8; 32]) -> [u8; 32] {
    Expanded::new(seed).public_key()
}

/// The signature R || S of `message` with the key of `seed`: byte for byte
/// ed25519-dalek's (RFC 8032 signatures are deterministic).
#[inline(never)]
pub fn sign(seed: &[u8; 32], message: &[u8]) -> [u8; 64] {
    let expanded = Expanded::new(seed);
    let public = expanded.public_key();
    // r = H(prefix || M) mod l, R = [r]B, k = H(R || A || M) mod l,
    // S = r + k·a mod l.
    let mut r = hash_mod_l(&[expanded.prefix(), message]);
    let mut r_bytes = scalar::to_le(&r);
    let big_r = Point::mul_base(&r_bytes).encode();
    let k = hash_mod_l(&[&big_r, &public, message]);
    let s = scalar::mul_add(&r, &k, expanded.scalar());
    zeroize::Zeroize::zeroize(&mut r);
    zeroize::Zeroize::zeroize(&mut r_bytes);
    let mut signature = [0u8; 64];
    signature[..32].copy_from_slice(&big_r);
    signature[32..].copy_from_slice(&scalar::to_le(&s));
    signature
}

/// The point of an encoded public key if it is a usable one: the canonical
/// encoding (y below p, RFC 8032 §5.1.3) of a point not of small order
/// (ed25519-dalek's `VerifyingKey::from_bytes`, re-encoding equal to the
/// input, and not `is_weak`).
#[inline(never)]
fn key_point(encoded: &[u8; 32]) -> Option<Point> {
    let (point, canonical) = Point::decode(encoded)?;
    (canonical && !point.is_small_order()).then_some(point)
}

/// Whether `encoded` is a usable Ed25519 public key (see [`verify`]).
pub fn valid_key(encoded: &[u8]) -> bool {
    encoded.try_into().ok().and_then(key_point).is_some()
}

/// Whether a signature's R decodes to a point not of small order (an
/// encoding need not be canonical here: R's bytes are compared below).
#[inline(never)]
fn r_usable(r: &[u8; 32]) -> bool {
    Point::decode(r).is_some_and(|(point, _)| !point.is_small_order())
}

/// Verifies `signature` (R || S) over `message` with the encoded key
/// `public`, with the checks of ed25519-dalek's `verify_strict`: the key
/// must be [`valid_key`], R a point not of small order, S below l, and
/// `[S]B - [k]A` must encode to R's bytes (so R is canonical too), k being
/// SHA-512(R || A || message) mod l. Cofactorless, as `verify_strict`.
#[inline(never)]
pub fn verify(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(public), Ok(signature)) = (<&[u8; 32]>::try_from(public), <&[u8; 64]>::try_from(signature)) else {
        return false;
    };
    let (r, s) = signature.split_at(32);
    let (r, s): (&[u8; 32], &[u8; 32]) = (r.try_into().unwrap_or(&[0; 32]), s.try_into().unwrap_or(&[0; 32]));
    let Some(a) = key_point(public) else {
        return false;
    };
    if !r_usable(r) || scalar::from_canonical(s).is_none() {
        return false;
    }
    let k = scalar::to_le(&hash_mod_l(&[r, public, message]));
    a.neg().mul_double_vartime(&k, s).encode() == *r
}

/// [`r_usable`] for the tests.
#[cfg(test)]
pub(super) fn tests_r_usable(r: &[u8; 32]) -> bool {
    r_usable(r)
}
