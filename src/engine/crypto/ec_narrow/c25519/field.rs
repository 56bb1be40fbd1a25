//! Arithmetic modulo p = 2^255 - 19 on 13-bit limbs, for X25519 and
//! Ed25519.
//!
//! An element is 20 limbs of 13 bits, little-endian (260 bits of room, the
//! invariant and bounds of [`Field`]: values below 2^260, results of
//! products below 2p), stored two to a word (`field::LimbPair`). A product
//! of two limbs fits 26 bits, so a column of 20 products fits a u32: every
//! multiplication is a 32×32→32 `mull` on LX106. The reduction folds by
//! 2^260 ≡ 32·19 = 608 (mod p).
//!
//! Products go two rows at a time, each pair of rows written out (as the
//! NIST fields' `add_rows`); a square is three products of half-length
//! (see `square`).

use crate::engine::crypto::ec_narrow::field::{self, Field, LimbPair};

/// Limbs per element.
pub(crate) const LIMBS: usize = 20;
/// Words per element (two limbs each).
pub(crate) const WORDS: usize = LIMBS / 2;
const MASK: u32 = 0x1fff;

/// A field element (see the module's invariant).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fe(pub(crate) [LimbPair; WORDS]);

/// p in limbs.
const P: [LimbPair; WORDS] = field::pack([
    0x1fed, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff,
    0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x00ff,
]);

/// [`unroll`] over the 20 limbs (for the shared `field_common_ops`).
macro_rules! for_each_limb {
    ($i:ident $body:block) => {
        unroll!($i in [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19] $body)
    };
}

/// Half an element's limbs (for squares).
const HALF: usize = LIMBS / 2;

add_rows_fn!(add_rows, WORDS, [0 1 2 3 4 5 6 7 8 9]);
add_rows_fn!(add_rows_half, WORDS / 2, [0 1 2 3 4]);

/// Carries unsigned words to 13 bits each; returns the carry out of the
/// last one.
fn carry(words: &mut [u32]) -> u32 {
    let mut cc = 0;
    for w in words {
        let z = *w + cc;
        *w = z & MASK;
        cc = z >> 13;
    }
    cc
}

/// Reduces a 40-word product (columns below 20·2^26) modulo p to a value
/// below 2p.
#[inline(never)]
fn reduce_product(t: &mut [u32; 2 * LIMBS]) -> Fe {
    // Word i ≥ 20 stands at 2^(13·i) = 2^260·2^(13·(i - 20)) ≡ 608·... :
    // the high words are carried to 13 bits (the product is below 2^520:
    // nothing carries out of the last) and each lands in a low word, which
    // stays below 20·2^26 + 608·2^13 < 2^31.
    let (low, high) = t.split_at_mut(LIMBS);
    let mut cc = 0;
    for (l, &h) in low.iter_mut().zip(high.iter()) {
        let z = h + cc;
        *l += 608 * (z & MASK);
        cc = z >> 13;
    }
    let cc = carry(low);
    // What stands at bit 255 and above (low[19]'s top 5 bits and the
    // carry, below 2^23) comes back as 19 times as much at bit 0; the value
    // is then below 2^255 + 19·2^23 < 2p, carried into the limbs.
    let top = (low[LIMBS - 1] >> 8) | (cc << 5);
    low[LIMBS - 1] &= 0xff;
    low[0] += 19 * top;
    let mut out = [0; WORDS];
    let mut cc = 0;
    for (o, w) in out.iter_mut().zip(low.as_chunks::<2>().0) {
        let z0 = w[0] + cc;
        let z1 = w[1] + (z0 >> 13);
        *o = field::pair(z0 & MASK, z1 & MASK);
        cc = z1 >> 13;
    }
    Fe(out)
}

impl Fe {
    /// Limb i of self.
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        field::limb(&self.0, i)
    }

    /// The element with these limbs (for constants).
    pub(crate) const fn from_limbs(limbs: [u32; LIMBS]) -> Fe {
        Fe(field::pack(limbs))
    }

    /// The 32 little-endian bytes of RFC 7748 and RFC 8032 with bit 255
    /// cleared (an X25519 u coordinate masks it; an Ed25519 point encodes
    /// x's sign in it), and whether the value was below p.
    pub(crate) fn from_le(bytes: &[u8; 32]) -> (Fe, bool) {
        let mut be = *bytes;
        be.reverse();
        be[0] &= 0x7f;
        Fe::from_bytes(&be)
    }

    /// The canonical value as 32 little-endian bytes (bit 255 clear).
    pub(crate) fn to_le(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        self.write_bytes(&mut out);
        out.reverse();
        out
    }

    /// self·k for a small k (below 2^17), reduced below 2p: a product
    /// with one row.
    #[inline(never)]
    pub(crate) fn mul_small(&self, k: u32) -> Fe {
        let mut t = [0u32; 2 * LIMBS];
        for (t, &a) in t.as_chunks_mut::<2>().0.iter_mut().zip(self.0.iter()) {
            *t = [k * field::lo(a), k * field::hi(a)];
        }
        reduce_product(&mut t)
    }

    /// x^(2^252 - 3) = x^((p - 5)/8), for square roots (Ed25519's point
    /// decoding).
    #[inline(never)]
    pub(crate) fn pow_p58(&self) -> Fe {
        let (_, z250) = self.chain();
        z250.square_n(2).mul(self)
    }

    /// x^11 and x^(2^250 - 1), shared by [`invert`](Field::invert) and
    /// [`pow_p58`](Self::pow_p58) (ref10's addition chain).
    fn chain(&self) -> (Fe, Fe) {
        let x = *self;
        let x2 = x.square();
        let x9 = x2.square_n(2).mul(&x);
        let x11 = x9.mul(&x2);
        let z5 = x11.square().mul(&x9);
        let z10 = z5.square_n(5).mul(&z5);
        let z20 = z10.square_n(10).mul(&z10);
        let z40 = z20.square_n(20).mul(&z20);
        let z50 = z40.square_n(10).mul(&z10);
        let z100 = z50.square_n(50).mul(&z50);
        let z200 = z100.square_n(100).mul(&z100);
        (x11, z200.square_n(50).mul(&z50))
    }
}

impl zeroize::Zeroize for Fe {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Field for Fe {
    const BYTES: usize = 32;

    field_common_ops!();

    /// Two rows at a time, each pair of rows written out ([`add_rows`]).
    #[inline(never)]
    fn mul(&self, b: &Fe) -> Fe {
        let mut t = [0u32; 2 * LIMBS];
        for (i, &word) in self.0.iter().enumerate() {
            let row = (&mut t[2 * i..2 * i + LIMBS + 1]).try_into().unwrap();
            add_rows(row, field::lo(word), field::hi(word), &b.0);
        }
        reduce_product(&mut t)
    }

    /// From the halves a = lo + hi·2^130: lo², 2·lo·hi and hi², three
    /// products of 10 limbs (300 limb products instead of 400) on
    /// [`add_rows_half`]. The columns are a product's: below 20·2^26.
    #[inline(never)]
    fn square(&self) -> Fe {
        let mut t = [0u32; 2 * LIMBS];
        let (lo, hi) = self.0.as_chunks::<{ WORDS / 2 }>().0.split_at(1);
        let (lo, hi) = (&lo[0], &hi[0]);
        for (k, (a, b, scale)) in [(lo, lo, 1), (lo, hi, 2), (hi, hi, 1)].into_iter().enumerate() {
            for (i, &word) in a.iter().enumerate() {
                let at = HALF * k + 2 * i;
                let row = (&mut t[at..at + HALF + 1]).try_into().unwrap();
                add_rows_half(row, scale * field::lo(word), scale * field::hi(word), b);
            }
        }
        reduce_product(&mut t)
    }

    /// Values below 2^260: what is above bit 255 is folded back once.
    #[inline(never)]
    fn reduce(&mut self) {
        let x = self.at(LIMBS - 1) >> 8;
        *self = combine!(i => {
            match i {
                0 => self.at(i) + 19 * x,
                19 => self.at(i) & 0xff,
                _ => self.at(i),
            }
        });
    }

    /// x^(p - 2) = x^(2^255 - 21): 254 squarings and 11 multiplications.
    #[inline(never)]
    fn invert(&self) -> Fe {
        let (x11, z250) = self.chain();
        z250.square_n(5).mul(&x11)
    }
}
