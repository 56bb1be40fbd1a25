//! X25519 (RFC 7748 §5): the Montgomery ladder on u coordinates, constant
//! time in the scalar.

use super::field::Fe;
use crate::engine::crypto::ec_narrow::field::Field;

/// (A - 2)/4 = 121665 for the ladder's doubling.
const A24: u32 = 121_665;

/// The u coordinate of the base point.
pub const BASE: [u8; 32] = {
    let mut base = [0u8; 32];
    base[0] = 9;
    base
};

/// Swaps a and b when `flag` is 1 (0: unchanged), in constant time.
fn cswap(a: &mut Fe, b: &mut Fe, flag: u32) {
    let old = *a;
    a.select(b, flag);
    b.select(&old, flag);
}

/// X25519(k, u): the u coordinate of [clamp(k)]·u as 32 little-endian
/// bytes, constant time in `k`. The top bit of `u` is ignored and u may be
/// non-canonical (RFC 7748 §5). All zero for a u of small order: the
/// caller refuses that (RFC 8446 §7.4.2).
#[inline(never)]
pub fn x25519(k: &[u8; 32], u: &[u8; 32]) -> [u8; 32] {
    let mut scalar = *k;
    scalar[0] &= 248;
    scalar[31] = (scalar[31] & 127) | 64;
    let (x1, _) = Fe::from_le(u);
    let (mut x2, mut z2, mut x3, mut z3) = (Fe::ONE, Fe::ZERO, x1, Fe::ONE);
    let mut swap = 0u32;
    // Every value below stays under 2^260 (Field's invariant): products are
    // below 2p, sums and differences of two of them below 4p.
    for t in (0..255).rev() {
        let bit = u32::from(scalar[t / 8] >> (t % 8)) & 1;
        swap ^= bit;
        cswap(&mut x2, &mut x3, swap);
        cswap(&mut z2, &mut z3, swap);
        swap = bit;
        let a = x2.add(&z2);
        let aa = a.square();
        let b = x2.sub(&z2, 1, 2);
        let bb = b.square();
        let e = aa.sub(&bb, 1, 2);
        let c = x3.add(&z3);
        let d = x3.sub(&z3, 1, 2);
        let da = d.mul(&a);
        let cb = c.mul(&b);
        x3 = da.add(&cb).square();
        z3 = x1.mul(&da.sub(&cb, 1, 2).square());
        x2 = aa.mul(&bb);
        z2 = e.mul(&aa.add(&e.mul_small(A24)));
    }
    cswap(&mut x2, &mut x3, swap);
    cswap(&mut z2, &mut z3, swap);
    let out = x2.mul(&z2.invert()).to_le();
    for secret in [&mut x2, &mut z2, &mut x3, &mut z3] {
        zeroize::Zeroize::zeroize(secret);
    }
    zeroize::Zeroize::zeroize(&mut scalar);
    out
}

/// A secret X25519 scalar (32 bytes as drawn: clamped when used), zeroed
/// when dropped, not shown by `Debug`.
#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    /// 32 bytes from `rng` (the draws of x25519-dalek's
    /// `StaticSecret::random_from_rng`).
    pub fn random(rng: &mut impl rand_core::CryptoRngCore) -> SecretKey {
        let mut key = SecretKey([0; 32]);
        rng.fill_bytes(&mut key.0);
        key
    }

    /// The scalar with these bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> SecretKey {
        SecretKey(bytes)
    }

    /// The public key X25519(k, 9).
    pub fn public_key(&self) -> [u8; 32] {
        x25519(&self.0, &BASE)
    }

    /// The shared secret X25519(k, peer): `None` when it is all zero (a
    /// peer point of small order, RFC 7748 §6.1).
    pub fn diffie_hellman(&self, peer: &[u8; 32]) -> Option<[u8; 32]> {
        let shared = x25519(&self.0, peer);
        let bits = shared.iter().fold(0u8, |bits, &b| bits | b);
        (bits != 0).then_some(shared)
    }
}

impl Drop for SecretKey {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl core::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}
