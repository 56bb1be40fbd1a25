//! ECDSA over any [`Curve`]: the point multiplications of `mul`, the
//! arithmetic modulo n of `modn`. Signing is constant time in the key and
//! the nonce; verifying is variable time (everything is public). The
//! results are the RustCrypto `ecdsa` crate's: `sign_prehashed` and
//! `verify_prehashed` of `ecdsa::hazmat`.

use zeroize::Zeroize;

use super::field::Field;
use crate::engine::crypto::hash::{hmac_parts, HashAlg, MAX_HASH_LEN};
use super::point::Affine;
use super::{modn, mul, scalar_in_range, Curve, Limbs};

/// A big-endian value below 2n (a digest's bits, a coordinate) reduced
/// modulo n: at most one subtraction, since n > 2^(bits - 1) for both
/// curves.
pub(super) fn reduce<C: Curve>(bytes: &[u8]) -> C::Words {
    let mut words: C::Words = modn::decode(bytes);
    modn::reduce_once(words.as_mut(), C::MODULUS.n.as_ref());
    words
}

/// 1/a in Montgomery form: (a·R)^(n-2) = (1/a)·R.
pub(super) fn invert<C: Curve>(a_mont: &C::Words) -> C::Words {
    // n - 2 (n is odd and above 2: the borrow stops in the lowest bytes).
    let mut e = C::ORDER;
    let mut borrow = 2u16;
    for byte in e.as_mut().iter_mut().rev() {
        let d = u16::from(*byte).wrapping_sub(borrow);
        *byte = d as u8;
        borrow = d >> 15;
    }
    modn::pow(a_mont, e.as_ref(), &C::MODULUS)
}

/// a·R mod n (Montgomery form) for a below n.
pub(super) fn to_montgomery<C: Curve>(a: &C::Words) -> C::Words {
    modn::montymul(a, &C::MODULUS.r2, &C::MODULUS)
}

/// The x coordinate of a point reduced modulo n (ECDSA's r).
fn x_mod_n<C: Curve>(point: &Affine<C::Fe>) -> C::Words {
    let mut x = C::Bytes::ZERO;
    point.x.write_bytes(x.as_mut());
    reduce::<C>(x.as_ref())
}

/// The RFC 6979 nonce for secret `d` and digest `z` into `k` (all n's
/// length, as is the output of `hash`: SHA-256 for P-256, SHA-384 for
/// P-384): HMAC-DRBG as the `rfc6979` crate computes it for the `ecdsa`
/// crate (which passes the digest unreduced), with this engine's HMAC,
/// whose frame holds one hash state. Constant time but for the rejection
/// of values not in 1..n (negligibly rare, and the next value is
/// independent).
pub(super) fn nonce<C: Curve>(hash: HashAlg, d: &[u8], z: &[u8], k: &mut [u8]) {
    nonce_below(hash, d, z, k, C::ORDER.as_ref());
}

/// [`nonce`] for the group order `order` (one copy for both curves).
#[inline(never)]
fn nonce_below(hash: HashAlg, d: &[u8], z: &[u8], k: &mut [u8], order: &[u8]) {
    let len = k.len();
    let (mut key, mut v, mut out) = ([0u8; MAX_HASH_LEN], [1u8; MAX_HASH_LEN], [0u8; MAX_HASH_LEN]);
    let (key, v) = (&mut key[..len], &mut v[..len]);
    let update = |key: &mut [u8], v: &mut [u8], parts: &[&[u8]], out: &mut [u8; MAX_HASH_LEN]| {
        // K = HMAC_K(V || parts), V = HMAC_K(V).
        hmac_parts(hash, key, &[&*v, parts[0], parts[1], parts[2]], out);
        key.copy_from_slice(&out[..len]);
        hmac_parts(hash, key, &[&*v], out);
        v.copy_from_slice(&out[..len]);
    };
    update(key, v, &[&[0], d, z], &mut out);
    update(key, v, &[&[1], d, z], &mut out);
    loop {
        hmac_parts(hash, key, &[&*v], &mut out);
        v.copy_from_slice(&out[..len]);
        if scalar_in_range(v, order) == 1 {
            k.copy_from_slice(v);
            break;
        }
        update(key, v, &[&[0], &[], &[]], &mut out);
    }
    for secret in [key, v, &mut out[..]] {
        secret.zeroize();
    }
}

/// Signs the digest `z` (n's length) with secret `d` and nonce `k`, both in
/// 1..n: writes r || s to `sig` (twice n's length), s = (z + r·d)/k mod n.
/// False if d or k is out of range, or r or s is zero. Constant time in d
/// and k; every secret intermediate is zeroed. The point and the scalar
/// work have frames of their own.
#[inline(never)]
pub(super) fn sign<C: Curve>(d: &[u8], k: &[u8], z: &[u8], sig: &mut [u8]) -> bool {
    let len = C::Fe::BYTES;
    if d.len() != len || k.len() != len || z.len() != len || sig.len() != 2 * len {
        return false;
    }
    // r = x(k·G) mod n (the nonce's range is checked with d's, at the end).
    let Some(r) = nonce_x::<C>(k) else {
        return false;
    };
    let s = sign_scalar::<C>(d, k, z, &r);
    let valid = scalar_in_range(d, C::ORDER.as_ref())
        & scalar_in_range(k, C::ORDER.as_ref())
        & (1 ^ modn::is_zero(r.as_ref()))
        & (1 ^ modn::is_zero(s.as_ref()));
    if valid == 0 {
        return false;
    }
    let (r_out, s_out) = sig.split_at_mut(len);
    modn::encode(r.as_ref(), r_out);
    modn::encode(s.as_ref(), s_out);
    true
}

/// x(k·G) mod n, constant time in k (`None` for the point at infinity,
/// which k in 1..n never gives).
#[inline(never)]
fn nonce_x<C: Curve>(k: &[u8]) -> Option<C::Words> {
    mul::mul_base::<C>(k).to_affine().map(|point| x_mod_n::<C>(&point))
}

/// s = (z + r·d)/k mod n, constant time in d and k, secrets zeroed.
#[inline(never)]
fn sign_scalar<C: Curve>(d: &[u8], k: &[u8], z: &[u8], r: &C::Words) -> C::Words {
    let n = &C::MODULUS;
    let mut k_words: C::Words = modn::decode(k);
    let mut k_mont = to_montgomery::<C>(&k_words);
    let mut k_inv_mont = invert::<C>(&k_mont);
    let mut d_words: C::Words = modn::decode(d);
    let mut d_mont = to_montgomery::<C>(&d_words);
    // r·d (Montgomery form of d, so the product is plain), then + z.
    let mut t = modn::montymul(r, &d_mont, n);
    modn::add_mod(t.as_mut(), reduce::<C>(z).as_ref(), n.n.as_ref());
    // s = (1/k)·R·t/R.
    let s = modn::montymul(&k_inv_mont, &t, n);
    for secret in [&mut k_words, &mut k_mont, &mut k_inv_mont, &mut d_words, &mut d_mont, &mut t] {
        secret.as_mut().zeroize();
    }
    s
}

/// Verifies r || s (twice n's length) over the message digest `prehash`
/// with the SEC1 public key `point`. ECDSA's bits2field: a longer digest
/// is truncated to n's length, a shorter one (at least half of it, as the
/// `ecdsa` crate requires) padded on the left. r and s must be in 1..n.
#[inline(never)]
pub(super) fn verify<C: Curve>(point: &[u8], prehash: &[u8], signature: &[u8]) -> bool {
    let len = C::Fe::BYTES;
    if signature.len() != 2 * len || prehash.len() < len / 2 {
        return false;
    }
    let (r, s) = signature.split_at(len);
    if scalar_in_range(r, C::ORDER.as_ref()) & scalar_in_range(s, C::ORDER.as_ref()) == 0 {
        return false;
    }
    let Some(q) = Affine::<C::Fe>::decode(point) else {
        return false;
    };
    let (u1, u2) = verify_scalars::<C>(prehash, r, s);
    match mul::mul_double_vartime::<C>(u1.as_ref(), u2.as_ref(), &q).to_affine() {
        Some(sum) => x_mod_n::<C>(&sum).as_ref() == modn::decode::<C::Words>(r).as_ref(),
        None => false,
    }
}

/// u1 = z/s and u2 = r/s modulo n, z from the digest by bits2field, as
/// big-endian scalars. In a frame of its own.
#[inline(never)]
fn verify_scalars<C: Curve>(prehash: &[u8], r: &[u8], s: &[u8]) -> (C::Bytes, C::Bytes) {
    let n = &C::MODULUS;
    let len = C::Fe::BYTES;
    let mut field = C::Bytes::ZERO;
    let kept = prehash.len().min(len);
    field.as_mut()[len - kept..].copy_from_slice(&prehash[..kept]);
    // w = 1/s (public: the fast variable-time inversion); u1 = z·w and
    // u2 = r·w, with z and r in Montgomery form so that the products are
    // plain.
    let w = modn::invert_vartime(&modn::decode::<C::Words>(s), &n.n);
    let (mut u1, mut u2) = (C::Bytes::ZERO, C::Bytes::ZERO);
    let z = reduce::<C>(field.as_ref());
    modn::encode(modn::montymul(&to_montgomery::<C>(&z), &w, n).as_ref(), u1.as_mut());
    let r = modn::decode::<C::Words>(r);
    modn::encode(modn::montymul(&to_montgomery::<C>(&r), &w, n).as_ref(), u2.as_mut());
    (u1, u2)
}
