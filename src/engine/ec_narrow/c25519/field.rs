//! Arithmetic modulo p = 2^255 - 19 on 13-bit limbs, for X25519 and
//! Ed25519.
//!
//! An element is 20 limbs of 13 bits, little-endian (260 bits of room, the
//! invariant and bounds of [`Field`]: values below 2^260, results of
//! products below 2p). A product of two limbs fits 26 bits, so a column of
//! 20 products fits a u32: every multiplication is a 32×32→32 `mull` on
//! LX106. The reduction folds by 2^260 ≡ 32·19 = 608 (mod p).
//!
//! Unlike the NIST fields, products are loops over rows and square is a
//! product with itself: this field serves X25519 and Ed25519, neither of
//! which is hot in a handshake, and flash is the scarce resource on the
//! ESP8266 (see `mul`).

use crate::engine::ec_narrow::field::Field;

/// Limbs per element.
pub(crate) const LIMBS: usize = 20;
const MASK: u32 = 0x1fff;

/// A field element (see the module's invariant).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fe(pub(crate) [u16; LIMBS]);

/// p in limbs.
const P: [u16; LIMBS] = [
    0x1fed, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff,
    0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x00ff,
];

/// [`unroll`] over the 20 limbs (for the shared `field_common_ops`).
macro_rules! for_each_limb {
    ($i:ident $body:block) => {
        unroll!($i in [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19] $body)
    };
}

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
    // To 13-bit words (the product is below 2^520: nothing carries out).
    carry(t);
    // Word i ≥ 20 stands at 2^(13·i) = 2^260·2^(13·(i - 20)) ≡ 608·... :
    // each word lands below 2^13 + 608·2^13 < 2^23.
    let (low, high) = t.split_at_mut(LIMBS);
    for (l, &h) in low.iter_mut().zip(high.iter()) {
        *l += 608 * h;
    }
    let cc = carry(low);
    // What stands at bit 255 and above (low[19]'s top 5 bits and the
    // carry, below 2^11) comes back as 19 times as much at bit 0; the value
    // is then below 2^255 + 19·2^16 < 2p.
    let top = (low[LIMBS - 1] >> 8) | (cc << 5);
    low[LIMBS - 1] &= 0xff;
    low[0] += 19 * top;
    carry(low);
    let mut out = [0u16; LIMBS];
    for (o, &w) in out.iter_mut().zip(low.iter()) {
        *o = w as u16;
    }
    Fe(out)
}

impl Fe {
    /// Limb i of self, widened.
    #[inline(always)]
    fn at(&self, i: usize) -> u32 {
        u32::from(self.0[i])
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

    /// Row by row, each row a loop: a tenth of an unrolled product's code.
    #[inline(never)]
    fn mul(&self, b: &Fe) -> Fe {
        let mut t = [0u32; 2 * LIMBS];
        for (i, &ai) in self.0.iter().enumerate() {
            let ai = u32::from(ai);
            for (tw, &bj) in t[i..i + LIMBS].iter_mut().zip(b.0.iter()) {
                *tw += ai * u32::from(bj);
            }
        }
        reduce_product(&mut t)
    }

    /// The product with itself (a square routine of its own would be
    /// another kilobyte of code for a third of the time).
    fn square(&self) -> Fe {
        self.mul(self)
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
