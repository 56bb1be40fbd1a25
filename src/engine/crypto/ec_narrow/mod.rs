//! P-256, P-384, X25519 and Ed25519 for CPUs with a 32×32→32 multiplier
//! only (the ESP8266's LX106 has `mull` but no 32×32→64 multiply, so the
//! p256 and p384 crates' and curve25519-dalek's 32-bit backends spend half
//! their time in `__muldi3` calls, and their code is large).
//!
//! - Field elements are 13-bit limbs, stored two to a 32-bit word so that
//!   the ESP8266 build reads them with word loads only (`field`: what both
//!   fields share; `p256::field`: 20 limbs, `p384::field`: 30 limbs, each
//!   with its prime's special reduction), after BearSSL's `ec_p256_m15.c`
//!   by Thomas Pornin (MIT licence).
//! - Points are Jacobian with the a = -3 formulas (`point`); k·G uses a
//!   fixed-base comb of 15 affine points per curve (`mul`, `p256::table`,
//!   `p384::table`), k·P a 2-bit window, u1·G + u2·Q a width-4 NAF sharing
//!   the comb.
//! - Arithmetic modulo the group order n is Montgomery multiplication on
//!   15-bit words (`modn`, after BearSSL's i15); ECDSA (`ecdsa`) signs and
//!   verifies with it, with RFC 6979 nonces over the engine's HMAC, so
//!   signatures are byte-identical to the p256 and p384 crates'.
//! - Curve25519 (`c25519`) shares the field representation and operations
//!   and `modn` (for scalars modulo the group order); its points are its
//!   own (a Montgomery ladder for X25519, Edwards points for Ed25519).
//!
//! Everything specific to a Weierstrass curve is a [`Curve`]; the rest is
//! generic over it.
//! No allocation, no `unsafe`; everything that touches a secret scalar is
//! constant time, and secrets are zeroed after use. The public interface
//! is per curve, on byte arrays: [`p256`], [`p384`], [`c25519`].
//!
//! Used instead of the p256, p384 and dalek crates with the cargo feature
//! `narrow-ec` (the LX106 builds); its tests run on every build.

#[macro_use]
mod macros;
pub mod c25519;
mod ecdsa;
mod field;
mod modn;
mod mul;
pub mod p256;
// P-384 is no key exchange group here: its ECDH and random keys serve the
// tests and the LX106 harness's timings (feature `internals`).
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
pub mod p384;
mod point;
pub mod provider;
#[cfg(test)]
mod tests;

use core::fmt;

use field::{Field, ShortField};
use modn::Modulus;
use point::{Affine, Jacobian};

/// A fixed-size array of limbs or bytes: the sizes a [`Curve`] picks.
pub(crate) trait Limbs<T>: Copy + AsRef<[T]> + AsMut<[T]> {
    /// All zero.
    const ZERO: Self;
}

impl<const N: usize> Limbs<u8> for [u8; N] {
    const ZERO: Self = [0; N];
}

impl<const N: usize> Limbs<u32> for [u32; N] {
    const ZERO: Self = [0; N];
}

/// The odd multiples Q, 3Q, ... that u1·G + u2·Q takes from u2's NAF: 2
/// (width-3 NAF) or 4 (width 4: fewer additions, twice the table).
pub(crate) trait OddMultiples<F>: AsRef<[Jacobian<F>]> + AsMut<[Jacobian<F>]> {
    /// Every entry `p`.
    fn splat(p: Jacobian<F>) -> Self;
}

impl<F: Copy, const K: usize> OddMultiples<F> for [Jacobian<F>; K] {
    fn splat(p: Jacobian<F>) -> Self {
        [p; K]
    }
}

/// A curve y² = x³ - 3x + b of prime order n, with what the generic code
/// needs of it.
pub(crate) trait Curve {
    /// Its field's elements.
    type Fe: ShortField;
    /// A scalar or a coordinate, big-endian ([`Field::BYTES`] long).
    type Bytes: Limbs<u8>;
    /// A value modulo n in 15-bit words ([`modn`]).
    type Words: Limbs<modn::Word>;
    /// NAF digits of a scalar, two a byte: room for 8·BYTES + 4.
    type Naf: Limbs<u8>;
    /// The table of odd multiples for verifying (its length sets the NAF
    /// width: a frame-size choice, see the curves).
    type Odd: OddMultiples<Self::Fe>;
    /// The group order n, big-endian.
    const ORDER: Self::Bytes;
    /// n for [`modn`].
    const MODULUS: Modulus<Self::Words>;
    /// Bits between the comb's 4 teeth (a quarter of n's bits).
    const COMB_SPACING: usize;
    /// Comb entry `idx` (1..=15), Σ 2^(COMB_SPACING·row)·G over the rows
    /// whose bit is set in idx, in affine coordinates as elements' words
    /// (two limbs to a word, x then y; see [`Field::from_words`]).
    fn comb_words(idx: usize) -> &'static [u32];
}

/// A secret scalar in 1..n, big-endian (an ECDSA key or an ephemeral ECDH
/// key); overwritten with zeros when dropped, not shown by `Debug`.
/// Constructors per curve: `p256::SecretKey`, `p384::SecretKey`.
#[derive(Clone)]
pub struct SecretKey<const N: usize>([u8; N]);

impl<const N: usize> SecretKey<N> {
    /// The scalar's bytes.
    pub fn as_bytes(&self) -> &[u8; N] {
        &self.0
    }
}

impl<const N: usize> zeroize::Zeroize for SecretKey<N> {
    /// Zero (no longer a valid key).
    fn zeroize(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl<const N: usize> Drop for SecretKey<N> {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(self);
    }
}

impl<const N: usize> fmt::Debug for SecretKey<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// Big-endian bytes into little-endian words of `bits` bits each (13 for
/// field elements, 15 for values modulo n); `words` has room for every bit
/// and starts zeroed.
fn be_to_words(bytes: &[u8], words: &mut [u32], bits: u32) {
    let (mut acc, mut acc_len, mut at) = (0u32, 0u32, 0usize);
    for &byte in bytes.iter().rev() {
        acc |= u32::from(byte) << acc_len;
        acc_len += 8;
        if acc_len >= bits {
            words[at] = acc & ((1 << bits) - 1);
            at += 1;
            acc >>= bits;
            acc_len -= bits;
        }
    }
    if acc_len > 0 {
        words[at] = acc;
    }
}

/// Little-endian words of `bits` bits into big-endian bytes filling `out`
/// (the value must fit).
fn words_to_be(words: &[u32], out: &mut [u8], bits: u32) {
    let (mut acc, mut acc_len, mut at) = (0u32, 0u32, 0usize);
    for byte in out.iter_mut().rev() {
        if acc_len < 8 {
            acc |= words[at] << acc_len;
            at += 1;
            acc_len += bits;
        }
        *byte = acc as u8;
        acc >>= 8;
        acc_len -= 8;
    }
}

/// 1 if 0 < k < n (big-endian, as long as n), else 0, in constant time (a
/// secret scalar's validity is only revealed as a whole).
fn scalar_in_range(k: &[u8], order: &[u8]) -> u32 {
    // k - n borrows iff k < n.
    let mut borrow = 0u32;
    let mut bits = 0u32;
    for (&a, &b) in k.iter().zip(order).rev() {
        let d = u32::from(a).wrapping_sub(u32::from(b)).wrapping_sub(borrow);
        borrow = d >> 31;
        bits |= u32::from(a);
    }
    let nonzero = (bits | bits.wrapping_neg()) >> 31;
    borrow & nonzero & u32::from(k.len() == order.len())
}

/// k·G as an uncompressed SEC1 point into `out`, constant time in `k`:
/// false unless 0 < k < n.
fn mul_base<C: Curve>(k: &[u8], out: &mut [u8]) -> bool {
    if k.len() != C::Fe::BYTES {
        return false;
    }
    let point = mul::mul_base::<C>(k);
    if scalar_in_range(k, C::ORDER.as_ref()) == 0 {
        return false;
    }
    point.to_affine().map(|p| p.encode(out)).is_some()
}

/// The x coordinate of k·peer into `out`, constant time in `k`: false if
/// `peer` is not a valid uncompressed point, or unless 0 < k < n.
fn ecdh<C: Curve>(k: &[u8], peer: &[u8], out: &mut [u8]) -> bool {
    if peer.first() != Some(&0x04) || k.len() != C::Fe::BYTES {
        return false;
    }
    let Some(peer) = Affine::<C::Fe>::decode(peer) else {
        return false;
    };
    let point = mul::mul(&peer, k);
    if scalar_in_range(k, C::ORDER.as_ref()) == 0 {
        return false;
    }
    point.to_affine().map(|p| p.x.write_bytes(out)).is_some()
}

/// A valid SEC1 point (see [`Affine::decode`]) in uncompressed form into
/// `out`.
fn decode_point<C: Curve>(sec1: &[u8], out: &mut [u8]) -> bool {
    Affine::<C::Fe>::decode(sec1).map(|p| p.encode(out)).is_some()
}

/// The public interface of a curve module on byte arrays: its [`Curve`]
/// `$curve`, scalars of `$n` bytes, points of `$point` bytes, signatures
/// of `$sig` bytes, RFC 6979 nonces with `$hash` (a `HashAlg`).
macro_rules! curve_interface {
    ($curve:ident, $n:literal, $point:literal, $sig:literal, $hash:expr) => {
        /// The group order n, big-endian.
        pub const ORDER: [u8; $n] = <$curve as crate::engine::crypto::ec_narrow::Curve>::ORDER;

        /// A secret scalar of this curve (see the generic type).
        pub type SecretKey = crate::engine::crypto::ec_narrow::SecretKey<$n>;

        impl SecretKey {
            /// The key with these big-endian bytes: `None` unless they are
            /// exactly n's length and 0 < k < n (checked in constant time).
            pub fn from_bytes(bytes: &[u8]) -> Option<SecretKey> {
                let bytes: [u8; $n] = bytes.try_into().ok()?;
                let key = crate::engine::crypto::ec_narrow::SecretKey(bytes);
                (crate::engine::crypto::ec_narrow::scalar_in_range(&key.0, &ORDER) == 1).then_some(key)
            }

            /// A uniformly random key, by rejection sampling (the same
            /// draws as the RustCrypto crates' `SecretKey::random`).
            pub fn random(rng: &mut impl rand_core::CryptoRngCore) -> SecretKey {
                let mut key = crate::engine::crypto::ec_narrow::SecretKey([0; $n]);
                loop {
                    rng.fill_bytes(&mut key.0);
                    if crate::engine::crypto::ec_narrow::scalar_in_range(&key.0, &ORDER) == 1 {
                        return key;
                    }
                }
            }

            /// The public key k·G, uncompressed (constant time).
            pub fn public_key(&self) -> [u8; $point] {
                // A SecretKey is always in 1..n.
                mul_base(&self.0).unwrap_or([0; $point])
            }
        }

        /// k·G as an uncompressed SEC1 point, constant time in `k`: the
        /// public key of secret `k`, or the R of an ECDSA signature. `None`
        /// unless 0 < k < n.
        pub fn mul_base(k: &[u8; $n]) -> Option<[u8; $point]> {
            let mut out = [0u8; $point];
            crate::engine::crypto::ec_narrow::mul_base::<$curve>(k, &mut out).then_some(out)
        }

        /// The x coordinate of k·peer (ECDH's shared secret), constant time
        /// in `k`. `None` if `peer` is not an uncompressed SEC1 point on the
        /// curve with coordinates below p (the identity has no such
        /// encoding) or unless 0 < k < n.
        pub fn ecdh(k: &[u8; $n], peer: &[u8; $point]) -> Option<[u8; $n]> {
            let mut out = [0u8; $n];
            crate::engine::crypto::ec_narrow::ecdh::<$curve>(k, peer, &mut out).then_some(out)
        }

        /// The uncompressed form of a SEC1 point, uncompressed or
        /// compressed: `None` unless its coordinates are below p and it is
        /// on the curve (what the RustCrypto crates' `from_sec1_bytes`
        /// accepts, bar the rare compact form).
        pub fn decode_point(sec1: &[u8]) -> Option<[u8; $point]> {
            let mut out = [0u8; $point];
            crate::engine::crypto::ec_narrow::decode_point::<$curve>(sec1, &mut out).then_some(out)
        }

        /// Signs the digest `z` (already truncated or padded to n's length,
        /// as ECDSA's bits2field does) with secret `d`, deterministically
        /// (RFC 6979 with the curve's hash, no additional data): r || s, the
        /// signature the RustCrypto crates'
        /// `try_sign_prehashed_rfc6979` give. `None` unless 0 < d < n, and
        /// for a zero r or s (negligibly rare).
        pub fn sign_prehashed(d: &[u8; $n], z: &[u8; $n]) -> Option<[u8; $sig]> {
            let mut k = [0u8; $n];
            crate::engine::crypto::ec_narrow::ecdsa::nonce::<$curve>($hash, d, z, &mut k);
            let mut sig = [0u8; $sig];
            let ok = crate::engine::crypto::ec_narrow::ecdsa::sign::<$curve>(d, &k, z, &mut sig);
            zeroize::Zeroize::zeroize(&mut k);
            ok.then_some(sig)
        }

        /// Verifies the fixed-size signature r || s over the message digest
        /// `prehash` (truncated or padded to n's length as ECDSA does; at
        /// least half as long) with the SEC1 public key `point`
        /// (uncompressed or compressed): what the RustCrypto crates'
        /// `VerifyingKey::from_sec1_bytes` and `verify_prehash` accept.
        pub fn verify_prehashed(point: &[u8], prehash: &[u8], signature: &[u8]) -> bool {
            crate::engine::crypto::ec_narrow::ecdsa::verify::<$curve>(point, prehash, signature)
        }
    };
}
use curve_interface;
