//! Arithmetic modulo p = 2^256 - 2^224 + 2^192 + 2^96 - 1 on 13-bit limbs.
//!
//! An element is 20 limbs of 13 bits, little-endian (260 bits of room).
//! A product of two limbs fits 26 bits, so a column of 20 products fits a
//! u32 without any carry handling: every multiplication is a 32×32→32
//! `mull` on LX106, never a call to `__muldi3`. The layout, the reduction
//! and the bounds below follow BearSSL's `ec_p256_m15.c` (Thomas Pornin,
//! MIT licence).
//!
//! The invariant and bounds of every element are `Field`'s (values below
//! 2^260). Limbs are stored two to a word (`field::LimbPair`) and taken
//! apart in registers.
//!
//! What is particular to P-256 is here: the product two rows at a time
//! (each pair's row written out: a word of b, loaded once, gives two limbs
//! for four limb products), squares from three products of halves, and the
//! reduction's fold of the product's high words with p's terms. The rest
//! (linear operations, carries, the final fold, constant-time selection
//! and comparison) is `field`'s, shared with P-384. Compared with unrolling
//! everything (as before), a fraction of the code for more instructions
//! per multiplication (README.md, ESP8266: speed was traded for size).

use crate::engine::crypto::ec_narrow::field::{self, Field, LimbPair, Prime, ShortField};

/// Limbs per element.
pub(crate) const LIMBS: usize = 20;
/// Words per element (two limbs each).
pub(crate) const WORDS: usize = LIMBS / 2;

/// A field element (see the module's invariant).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fe(pub(crate) [LimbPair; WORDS]);

/// p in limbs.
const P: [LimbPair; WORDS] = field::pack([
    0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x001f, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0400, 0x0000, 0x0000, 0x1ff8, 0x1fff, 0x01ff,
]);

/// The curve's b coefficient in limbs.
const B: Fe = Fe(field::pack([
    0x004b, 0x1e93, 0x0f89, 0x1c78, 0x03bc, 0x187b, 0x114e, 0x1619, 0x1d06, 0x0328, 0x01af, 0x0d31,
    0x1557, 0x15de, 0x1ecf, 0x127c, 0x0a3a, 0x0ec5, 0x118d, 0x00b5,
]));

/// p as the shared arithmetic sees it: 2^256 ≡ 2^224 - 2^192 - 2^96 + 1
/// (mod p), terms at limb 17 bit 3, limb 14 bit 10, limb 7 bit 5, limb 0.
const PRIME: Prime = Prime {
    top_bits: 9,
    added: &[(17, 3), (0, 0)],
    subtracted: &[(14, 10), (7, 5)],
};

// reduce_product. Words 0..18 stay columns below 19·2^26 < 2^31 with what
// the fold adds. The fold moves words 39 down to 20 (x at bit 13·i =
// 13·(i - 20) + 4 + 256): 2^256 ≡ 2^224 - 2^192 - 2^96 + 1 (mod p), so x
// lands at bit 7 of word i - 3, bit 1 of word i - 5 (subtracted), bit 9 of
// word i - 13 (subtracted) and bit 4 of word i - 20. It enlarges words to
// at most 21 bits with the sign (the worst chain adds a word into itself 7
// times), so the carry stays small; what is above bit 256 (the carry and
// bits 256..259, 21 bits) is folded the same way once more.
reduce_product_fn!([(wrapping_add, 3, 7) (wrapping_sub, 5, 1) (wrapping_sub, 13, 9) (wrapping_add, 20, 4)]);

field_product!([0 1 2 3 4 5 6 7 8 9]);
add_rows_fn!(add_rows_half, 5, [0 1 2 3 4]);

/// t = a² (t zero on entry) with a = l + h·2^130 (ten limbs, five words
/// each): l² + 2lh·2^130 + h²·2^260, three products of halves (300 limb
/// products instead of a·a's 400; each column's sum is a·a's, so it fits a
/// u32).
fn square_product(a: &[LimbPair; WORDS], t: &mut [u32; 2 * LIMBS]) {
    let (l, h) = a.split_at(5);
    let (l, h): (&[LimbPair; 5], &[LimbPair; 5]) = (l.try_into().unwrap(), h.try_into().unwrap());
    for i in 0..5 {
        let (l0, l1) = (field::lo(l[i]), field::hi(l[i]));
        let (h0, h1) = (field::lo(h[i]), field::hi(h[i]));
        let at = 2 * i;
        add_rows_half((&mut t[at..at + 11]).try_into().unwrap(), l0, l1, l);
        add_rows_half((&mut t[10 + at..21 + at]).try_into().unwrap(), 2 * l0, 2 * l1, h);
        add_rows_half((&mut t[20 + at..31 + at]).try_into().unwrap(), h0, h1, h);
    }
}

impl Field for Fe {
    const BYTES: usize = 32;

    field_ops!();

    /// 255 squarings and 12 multiplications. The exponent's runs of ones
    /// are built from x^(2^k - 1) for k = 2, 3, 6, 12, 15, 30, 32.
    #[inline(never)]
    fn invert(&self) -> Fe {
        let (x, x30, x32) = self.chain();
        // p - 2 = ffffffff 00000001 00000000 00000000 00000000 ffffffff
        //         ffffffff fffffffd (hex, 32-bit groups)
        let t = x32.square_n(32).mul(&x);
        let t = t.square_n(128).mul(&x32);
        let t = t.square_n(32).mul(&x32);
        let t = t.square_n(30).mul(&x30);
        t.square_n(2).mul(&x)
    }
}

impl ShortField for Fe {
    const B: Fe = B;

    /// (p+1)/4 = 2^254 - 2^222 + 2^190 + 2^94: 32 ones, then single ones
    /// 32 and 96 bits further, then 94 zeros.
    #[inline(never)]
    fn sqrt(&self) -> Fe {
        let (x, _, x32) = self.chain();
        let t = x32.square_n(32).mul(&x);
        let t = t.square_n(96).mul(&x);
        t.square_n(94)
    }
}

impl Fe {
    /// x, x^(2^30 - 1), x^(2^32 - 1): the runs of ones of p - 2
    /// and (p + 1)/4.
    fn chain(&self) -> (Fe, Fe, Fe) {
        let x = *self;
        let x2 = x.square().mul(&x);
        let x3 = x2.square().mul(&x);
        let x6 = x3.square_n(3).mul(&x3);
        let x12 = x6.square_n(6).mul(&x6);
        let x15 = x12.square_n(3).mul(&x3);
        let x30 = x15.square_n(15).mul(&x15);
        let x32 = x30.square_n(2).mul(&x2);
        (x, x30, x32)
    }
}
