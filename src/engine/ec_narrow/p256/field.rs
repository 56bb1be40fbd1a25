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
//! 2^260). Limbs are stored as u16 (half the stack of u32) and widened in
//! registers.

use crate::engine::ec_narrow::field::{Field, ShortField};

/// Limbs per element.
pub(crate) const LIMBS: usize = 20;
const MASK: u32 = 0x1fff;

/// A field element (see the module's invariant).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fe(pub(crate) [u16; LIMBS]);

/// p in limbs.
const P: [u16; LIMBS] = [
    0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x001f, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0400, 0x0000, 0x0000, 0x1ff8, 0x1fff, 0x01ff,
];

/// The curve's b coefficient in limbs.
const B: Fe = Fe([
    0x004b, 0x1e93, 0x0f89, 0x1c78, 0x03bc, 0x187b, 0x114e, 0x1619, 0x1d06, 0x0328, 0x01af, 0x0d31,
    0x1557, 0x15de, 0x1ecf, 0x127c, 0x0a3a, 0x0ec5, 0x118d, 0x00b5,
]);

/// [`unroll`] over the 20 limbs.
macro_rules! for_each_limb {
    ($i:ident $body:block) => {
        unroll!($i in [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19] $body)
    };
}

/// Reduces a 40-word product (columns of at most 2^31) modulo p to a value
/// below 2p.
#[inline(always)]
fn reduce_product(t: &mut [u32; 2 * LIMBS]) -> Fe {
    // Words to 13 bits first: the fold below needs small words.
    t[2 * LIMBS - 1] = carry13!(t, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
                                    20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38]);
    // Folds the words 39 down to 20 (x at bit 13·i = 13·(i - 20) + 4 + 256)
    // into the lower ones: 2^256 ≡ 2^224 - 2^192 - 2^96 + 1 (mod p), so x
    // lands at bit 7 of word i - 3, bit 1 of word i - 5 (subtracted), bit 9
    // of word i - 13 (subtracted) and bit 4 of word i - 20.
    fold_words!(t, [39 38 37 36 35 34 33 32 31 30 29 28 27 26 25 24 23 22 21 20],
               [(wrapping_add, 3, 7) (wrapping_sub, 5, 1) (wrapping_sub, 13, 9) (wrapping_add, 20, 4)]);
    // The fold enlarges words to at most 21 bits with the sign (the worst
    // chain adds a word into itself 7 times), so the carry stays small.
    let cc = carry13!(t, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19]);
    // What is above bit 256 (the carry and bits 256..259) is folded the
    // same way once more; it fits 21 bits, so whole words can be injected.
    let cc = (cc << 4) | (t[19] >> 9);
    // A negative carry may leave a negative value: then p is added once
    // (the value is below p, so the sum stays below 2p).
    let neg = cc >> 31;
    combine!(i => {
        let w = if i == 19 { t[i] & 0x1ff } else { t[i] };
        match i {
            0 => w.wrapping_add(cc).wrapping_sub(neg),
            7 => w.wrapping_sub(cc << 5).wrapping_add(neg << 5),
            14 => w.wrapping_sub(cc << 10).wrapping_add(neg << 10),
            17 => w.wrapping_add(cc << 3).wrapping_sub(neg << 3),
            19 => w.wrapping_add(neg << 9),
            _ => w,
        }
    })
}

impl Fe {
    /// Limb i of self, widened.
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        u32::from(self.0[i])
    }
}

impl Field for Fe {
    const BYTES: usize = 32;

    field_common_ops!();

    field_products!(
        columns,
        [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
         20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38],
        [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19]);

    /// Values below 2^260: what is above bit 256 is folded back once.
    #[inline(never)]
    fn reduce(&mut self) {
        let x = self.at(19) >> 9;
        // x·2^256 ≡ x·(2^224 - 2^192 - 2^96 + 1): limb 17 bit 3, limb 14
        // bit 10, limb 7 bit 5, limb 0.
        *self = combine!(i => {
            let limb = if i == 19 { self.at(i) & 0x1ff } else { self.at(i) };
            match i {
                0 => limb + x,
                7 => limb.wrapping_sub(x << 5),
                14 => limb.wrapping_sub(x << 10),
                17 => limb + (x << 3),
                _ => limb,
            }
        });
    }

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
