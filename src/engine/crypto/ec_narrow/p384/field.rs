//! Arithmetic modulo p = 2^384 - 2^128 - 2^96 + 2^32 - 1 on 13-bit limbs.
//!
//! An element is 30 limbs of 13 bits, little-endian (390 bits of room, 64p),
//! with `Field`'s invariant and bounds; the layout is P-256's
//! (`p256::field`) with 10 more limbs. A column of 30 limb products stays
//! below 2^31. The reduction uses p's special form:
//! 2^384 ≡ 2^128 + 2^96 - 2^32 + 1 (mod p).
//!
//! The code is laid out as P-256's (see `p256::field`): the shared
//! arithmetic of `field`, a product two rows at a time, the fold of the
//! high words per prime; squares are plain products (15 limbs, half an
//! element, make no pairs of rows for P-256's product of halves).

use crate::engine::crypto::ec_narrow::field::{self, Field, LimbPair, Prime, ShortField};

/// Limbs per element.
pub(crate) const LIMBS: usize = 30;
/// Words per element (two limbs each).
pub(crate) const WORDS: usize = LIMBS / 2;

/// A field element (see the module's invariant).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fe(pub(crate) [LimbPair; WORDS]);

/// p in limbs.
const P: [LimbPair; WORDS] = field::pack([
    0x1fff, 0x1fff, 0x003f, 0x0000, 0x0000, 0x0000, 0x0000, 0x1fe0, 0x1fff, 0x17ff, 0x1fff, 0x1fff,
    0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff,
    0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x007f,
]);

/// The curve's b coefficient in limbs.
const B: Fe = Fe(field::pack([
    0x0aef, 0x1f61, 0x1b74, 0x0b91, 0x12a8, 0x08ce, 0x08bb, 0x11b1, 0x1639, 0x1632, 0x01d6, 0x0027,
    0x08f5, 0x0a04, 0x080c, 0x0822, 0x1e81, 0x0377, 0x0767, 0x1230, 0x02d1, 0x11fc, 0x15af, 0x11c0,
    0x0498, 0x173f, 0x188f, 0x1f4f, 0x1312, 0x0059,
]));

/// p as the shared arithmetic sees it: 2^384 ≡ 2^128 + 2^96 - 2^32 + 1
/// (mod p), terms at limb 9 bit 11, limb 7 bit 5, limb 2 bit 6, limb 0.
const PRIME: Prime = Prime {
    top_bits: 7,
    added: &[(9, 11), (7, 5), (0, 0)],
    subtracted: &[(2, 6)],
};

// reduce_product. The product is below 2^780, so the carry into word 59
// fits 13 bits too. Words 0..28 stay columns below 29·2^26 + 2^23 < 2^31
// with what the fold adds. The fold moves words 59 down to 30 (at bit
// 13·i = 13·(i - 30) + 6 + 384): x·2^384 ≡ x·(2^128 + 2^96 - 2^32 + 1), so
// x lands at bit 4 of word i - 20, bit 11 of word i - 23, bit 12 of word
// i - 28 (subtracted) and bit 6 of word i - 30; words folded into words
// still above 29 are folded again later. A word is folded at most twice
// (59 → 40 → 21), each target receives from at most 8 words: words stay
// below 2^21 with the sign. What is above bit 384 (the carry and bits
// 384..389) is folded once more.
reduce_product_fn!([(wrapping_add, 20, 4) (wrapping_add, 23, 11) (wrapping_sub, 28, 12) (wrapping_add, 30, 6)]);

impl Fe {
    /// x, x^(2^2 - 1), x^(2^30 - 1), x^(2^32 - 1), x^(2^255 - 1): the runs
    /// of ones of p - 2 and (p + 1)/4.
    fn chain(&self) -> [Fe; 5] {
        let x = *self;
        let x2 = x.square().mul(&x);
        let x3 = x2.square().mul(&x);
        let x6 = x3.square_n(3).mul(&x3);
        let x12 = x6.square_n(6).mul(&x6);
        let x15 = x12.square_n(3).mul(&x3);
        let x30 = x15.square_n(15).mul(&x15);
        let x32 = x30.square_n(2).mul(&x2);
        let x60 = x30.square_n(30).mul(&x30);
        let x120 = x60.square_n(60).mul(&x60);
        let x240 = x120.square_n(120).mul(&x120);
        let x255 = x240.square_n(15).mul(&x15);
        [x, x2, x30, x32, x255]
    }
}

field_product!([0 1 2 3 4 5 6 7 8 9 10 11 12 13 14]);

/// t = a² (t zero on entry), as a·a: 15 limbs, a half of an element,
/// make no pairs of rows.
fn square_product(a: &[LimbPair; WORDS], t: &mut [u32; 2 * LIMBS]) {
    product(a, a, t);
}

impl Field for Fe {
    const BYTES: usize = 48;

    field_ops!();

    /// p - 2: 255 ones, a zero, 32 ones, 64 zeros, 30 ones, 0, 1 (383
    /// squarings, 15 multiplications).
    #[inline(never)]
    fn invert(&self) -> Fe {
        let [x, _, x30, x32, x255] = self.chain();
        let t = x255.square_n(33).mul(&x32);
        let t = t.square_n(94).mul(&x30);
        t.square_n(2).mul(&x)
    }
}

impl ShortField for Fe {
    const B: Fe = B;

    /// (p+1)/4 = 2^382 - 2^126 - 2^94 + 2^30: 255 ones, a zero, 32 ones,
    /// 63 zeros, a one, 30 zeros.
    #[inline(never)]
    fn sqrt(&self) -> Fe {
        let [x, _, _, x32, x255] = self.chain();
        let t = x255.square_n(33).mul(&x32);
        let t = t.square_n(64).mul(&x);
        t.square_n(30)
    }
}
