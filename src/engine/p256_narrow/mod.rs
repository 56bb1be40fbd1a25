//! P-256 point arithmetic for CPUs with a 32×32→32 multiplier only (the
//! ESP8266's LX106 has `mull` but no 32×32→64 multiply, so the p256
//! crate's 32-bit backend spends half its time in `__muldi3` calls).
//!
//! Field elements are 20 limbs of 13 bits (`field`), points Jacobian
//! (`point`), after BearSSL's `ec_p256_m15.c` by Thomas Pornin (MIT
//! licence); k·G uses a fixed-base comb (`mul`, `table`). No allocation, no
//! `unsafe`; everything that touches a secret scalar is constant time.
//! Work modulo the group order n (inversions, RFC 6979 nonces) stays with
//! the p256 and ecdsa crates: `ecdsa` builds signing and verification from
//! these point multiplications and their `Scalar`.
//!
//! Used instead of the p256 crate's point arithmetic with the cargo feature
//! `narrow-p256` (the LX106 builds); its tests run on every build.

pub mod ecdsa;
mod field;
mod mul;
mod point;
mod table;
#[cfg(test)]
mod tests;

use point::Affine;

/// The group order n, big-endian.
pub const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// 1 if 0 < k < n, else 0, in constant time (a secret scalar's validity
/// is only revealed as a whole).
fn scalar_in_range(k: &[u8; 32]) -> u32 {
    // k - n borrows iff k < n.
    let mut borrow = 0u32;
    let mut bits = 0u32;
    for (&a, &b) in k.iter().zip(&ORDER).rev() {
        let d = u32::from(a).wrapping_sub(u32::from(b)).wrapping_sub(borrow);
        borrow = d >> 31;
        bits |= u32::from(a);
    }
    let nonzero = (bits | bits.wrapping_neg()) >> 31;
    borrow & nonzero
}

/// k·G as an uncompressed SEC1 point (0x04 || x || y), constant time in
/// `k`: the public key of secret `k`, or the R of an ECDSA signature.
/// `None` unless 0 < k < n.
pub fn mul_base(k: &[u8; 32]) -> Option<[u8; 65]> {
    let point = mul::mul_base(k);
    if scalar_in_range(k) == 0 {
        return None;
    }
    point.to_affine().map(|p| p.encode())
}

/// The x coordinate of k·peer (ECDH's shared secret), constant time in `k`.
/// `None` if `peer` is not an uncompressed SEC1 point on the curve with
/// coordinates below p (the identity has no such encoding) or unless
/// 0 < k < n.
pub fn ecdh(k: &[u8; 32], peer: &[u8; 65]) -> Option<[u8; 32]> {
    let peer = Affine::decode(peer)?;
    let point = mul::mul(&peer, k);
    if scalar_in_range(k) == 0 {
        return None;
    }
    point.to_affine().map(|p| p.x.to_bytes())
}

/// The x coordinate of u1·G + u2·Q, or `None` if `q` is not a valid
/// uncompressed point (as for [`ecdh`]) or the sum is the point at
/// infinity. Variable time: for verifying signatures, where all is public.
pub fn mul_double_x(u1: &[u8; 32], u2: &[u8; 32], q: &[u8; 65]) -> Option<[u8; 32]> {
    let q = Affine::decode(q)?;
    let point = mul::mul_double_vartime(u1, u2, &q);
    point.to_affine().map(|p| p.x.to_bytes())
}
