//! Arithmetic modulo p = 2^256 - 2^224 + 2^192 + 2^96 - 1 on 13-bit limbs.
//!
//! An element is 20 limbs of 13 bits, little-endian (260 bits of room).
//! A product of two limbs fits 26 bits, so a column of 20 products fits a
//! u32 without any carry handling: every multiplication is a 32×32→32
//! `mull` on LX106, never a call to `__muldi3`. The layout, the reduction
//! and the bounds below follow BearSSL's `ec_p256_m15.c` (Thomas Pornin,
//! MIT licence).
//!
//! Invariant of every [`Fe`]: each limb is below 2^13, so the value is
//! below 2^260. [`Fe::mul`], [`Fe::square`] and [`Fe::reduce`] return values
//! below 2p; only [`Fe::reduce_final`] and [`Fe::to_bytes`] give the
//! canonical one. Limbs are stored as u16 (half the stack of u32) and
//! widened in registers.

/// Limbs per element.
pub(super) const LIMBS: usize = 20;
const MASK: u32 = 0x1fff;

/// A field element (see the module's invariant).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Fe(pub(super) [u16; LIMBS]);

/// p in limbs.
pub(super) const P: [u16; LIMBS] = [
    0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x1fff, 0x001f, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0400, 0x0000, 0x0000, 0x1ff8, 0x1fff, 0x01ff,
];

/// The curve's b coefficient in limbs.
pub(super) const B: Fe = Fe([
    0x004b, 0x1e93, 0x0f89, 0x1c78, 0x03bc, 0x187b, 0x114e, 0x1619, 0x1d06, 0x0328, 0x01af, 0x0d31,
    0x1557, 0x15de, 0x1ecf, 0x127c, 0x0a3a, 0x0ec5, 0x118d, 0x00b5,
]);

/// Repeats `$body` with `$i` a constant for each listed index: the rtls
/// crate is built at opt-level z, where LLVM keeps loops (their index
/// arithmetic costs more than the limb arithmetic inside) and calls memset
/// and memcpy for small arrays.
macro_rules! unroll {
    ($i:ident in [$($n:literal)*] $body:block) => {
        $( {
            #[allow(non_upper_case_globals)]
            const $i: usize = $n;
            $body
        } )*
    };
}

/// [`unroll`] over the 20 limbs.
macro_rules! for_each_limb {
    ($i:ident $body:block) => {
        unroll!($i in [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19] $body)
    };
}

/// The element Σ e(i)·2^(13i), carried to 13-bit limbs, where `e` (with
/// `$i` the limb index, a constant) is a signed combination of limbs whose
/// total is non-negative and below 2^260: callers add a multiple of p
/// before subtracting. Unrolled, in one pass (see [`unroll`]); used in
/// small functions only (see [`Fe::add`]).
macro_rules! combine {
    ($i:ident => $e:expr) => {{
        let mut out = [0u16; LIMBS];
        let mut cc = 0u32;
        for_each_limb!($i {
            let z = ($e).wrapping_add(cc);
            out[$i] = (z & 0x1fff) as u16;
            cc = ((z as i32) >> 13) as u32;
        });
        // The total is below 2^260: nothing carries out.
        debug_assert_eq!(cc, 0);
        Fe(out)
    }};
}

/// Emits `$t[k] = Σ a[i]·b[k-i]` for each listed column k, fully unrolled
/// (see [`unroll`]). The conditions are constants, so only the live
/// products remain.
macro_rules! product_columns {
    ($t:ident, $a:ident, $b:ident, [$($k:literal)*], $is:tt) => {
        $( product_columns!(@column $t, $a, $b, $k, $is); )*
    };
    (@column $t:ident, $a:ident, $b:ident, $k:literal, [$($i:literal)*]) => {
        $t[$k] = 0 $( + (if $i <= $k && $k < $i + LIMBS {
            $a[$i] as u32 * $b[($k + LIMBS - $i) % LIMBS] as u32
        } else {
            0
        }) )*;
    };
}

/// As [`product_columns`] for a square: each cross product once, doubled,
/// plus the middle square.
macro_rules! square_columns {
    ($t:ident, $a:ident, [$($k:literal)*], $is:tt) => {
        $( square_columns!(@column $t, $a, $k, $is); )*
    };
    (@column $t:ident, $a:ident, $k:literal, [$($i:literal)*]) => {
        $t[$k] = 2 * (0 $( + (if 2 * $i < $k && $k < $i + LIMBS {
            $a[$i] as u32 * $a[($k + LIMBS - $i) % LIMBS] as u32
        } else {
            0
        }) )*) + if $k % 2 == 0 && $k / 2 < LIMBS {
            $a[($k / 2) % LIMBS] as u32 * $a[($k / 2) % LIMBS] as u32
        } else {
            0
        };
    };
}

/// Folds the words 39 down to 20 (at bit 13·i ≥ 256) into the lower ones:
/// 2^256 ≡ 2^224 - 2^192 - 2^96 + 1 (mod p), and each of those powers of
/// two lands at a fixed limb and bit offset. Words may become negative
/// (signed arithmetic in two's complement); the caller carries.
macro_rules! fold_high {
    ($t:ident, [$($i:literal)*]) => {
        $({
            let x = $t[$i] as i32;
            $t[$i - 2] = $t[$i - 2].wrapping_add((x >> 6) as u32);
            $t[$i - 3] = $t[$i - 3].wrapping_add((x << 7) as u32 & MASK);
            $t[$i - 4] = $t[$i - 4].wrapping_sub((x >> 12) as u32);
            $t[$i - 5] = $t[$i - 5].wrapping_sub((x << 1) as u32 & MASK);
            $t[$i - 12] = $t[$i - 12].wrapping_sub((x >> 4) as u32);
            $t[$i - 13] = $t[$i - 13].wrapping_sub((x << 9) as u32 & MASK);
            $t[$i - 19] = $t[$i - 19].wrapping_add((x >> 9) as u32);
            $t[$i - 20] = $t[$i - 20].wrapping_add((x << 4) as u32 & MASK);
        })*
    };
}

/// Carries the listed signed words (two's complement in u32) of `$w` to 13
/// bits each; evaluates to the signed carry out of the last one.
macro_rules! carry13 {
    ($w:ident, [$($n:literal)*]) => {{
        let mut cc = 0u32;
        unroll!(i in [$($n)*] {
            let z = $w[i].wrapping_add(cc);
            $w[i] = z & MASK;
            cc = ((z as i32) >> 13) as u32;
        });
        cc
    }};
}

/// Reduces a 40-word product (columns of at most 2^31) modulo p to a value
/// below 2p.
#[inline(always)]
fn reduce_product(t: &mut [u32; 2 * LIMBS]) -> Fe {
    // Words to 13 bits first: the fold below needs small words.
    t[2 * LIMBS - 1] = carry13!(t, [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
                                    20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38]);
    fold_high!(t, [39 38 37 36 35 34 33 32 31 30 29 28 27 26 25 24 23 22 21 20]);
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
    /// Zero.
    pub(super) const ZERO: Fe = Fe([0; LIMBS]);
    /// One.
    pub(super) const ONE: Fe = {
        let mut one = [0u16; LIMBS];
        one[0] = 1;
        Fe(one)
    };

    /// The big-endian 32 bytes as an element, and whether they were below
    /// p (else the value is unreduced but still a valid [`Fe`]).
    pub(super) fn from_bytes(bytes: &[u8; 32]) -> (Fe, bool) {
        let mut limbs = [0u16; LIMBS];
        let (mut acc, mut acc_len, mut at) = (0u32, 0u32, 0usize);
        for &byte in bytes.iter().rev() {
            acc |= u32::from(byte) << acc_len;
            acc_len += 8;
            if acc_len >= 13 {
                limbs[at] = (acc & MASK) as u16;
                at += 1;
                acc >>= 13;
                acc_len -= 13;
            }
        }
        limbs[LIMBS - 1] = acc as u16;
        let mut fe = Fe(limbs);
        // Values not below p lose p in reduce_final.
        let was_reduced = fe.reduce_final() == 0;
        (Fe(limbs), was_reduced)
    }

    /// The canonical value as big-endian 32 bytes.
    pub(super) fn to_bytes(&self) -> [u8; 32] {
        let mut fe = *self;
        fe.reduce_final();
        let mut out = [0u8; 32];
        let (mut acc, mut acc_len, mut at) = (0u32, 0u32, 0usize);
        for byte in out.iter_mut().rev() {
            if acc_len < 8 {
                acc |= u32::from(fe.0[at]) << acc_len;
                at += 1;
                acc_len += 13;
            }
            *byte = acc as u8;
            acc >>= 8;
            acc_len -= 8;
        }
        out
    }

    /// self·b mod p (below 2p).
    #[inline(never)]
    pub(super) fn mul(&self, b: &Fe) -> Fe {
        let (a, b) = (&self.0, &b.0);
        let mut t = [0u32; 2 * LIMBS];
        product_columns!(t, a, b,
            [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
             20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38],
            [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19]);
        reduce_product(&mut t)
    }

    /// self² mod p (below 2p): 210 limb products instead of 400.
    #[inline(never)]
    pub(super) fn square(&self) -> Fe {
        let a = &self.0;
        let mut t = [0u32; 2 * LIMBS];
        square_columns!(t, a,
            [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19
             20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38],
            [0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19]);
        reduce_product(&mut t)
    }

    /// self squared `n` times.
    pub(super) fn square_n(&self, n: u32) -> Fe {
        let mut x = *self;
        for _ in 0..n {
            x = x.square();
        }
        x
    }

    /// Limb i of self, widened.
    #[inline(always)]
    pub(super) fn at(&self, i: usize) -> u32 {
        u32::from(self.0[i])
    }

    /// Reduces a value below 2^260 to one below 2p (the "short" reduction:
    /// what is above bit 256 is folded back once).
    #[inline(never)]
    pub(super) fn reduce(&mut self) {
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

    /// Subtracts p from a value below 2p when it is not below p, in
    /// constant time. Returns 1 if it subtracted, else 0.
    #[inline(never)]
    pub(super) fn reduce_final(&mut self) -> u32 {
        let mut t = [0u16; LIMBS];
        let mut cc = 0u32;
        for_each_limb!(i {
            let w = self.at(i).wrapping_sub(u32::from(P[i])).wrapping_sub(cc);
            cc = w >> 31;
            t[i] = (w & MASK) as u16;
        });
        let subtract = cc ^ 1;
        self.select(&Fe(t), subtract);
        subtract
    }

    /// Replaces self with `other` when `flag` is 1 (0: unchanged), in
    /// constant time.
    #[inline(never)]
    pub(super) fn select(&mut self, other: &Fe, flag: u32) {
        let mask = (flag as u16).wrapping_neg();
        for_each_limb!(i {
            self.0[i] ^= mask & (self.0[i] ^ other.0[i]);
        });
    }

    /// 1 if the canonical value is zero, else 0 (constant time).
    #[inline(never)]
    pub(super) fn is_zero(&self) -> u32 {
        let mut fe = *self;
        fe.reduce_final();
        let mut bits = 0u32;
        for_each_limb!(i {
            bits |= fe.at(i);
        });
        1 ^ ((bits | bits.wrapping_neg()) >> 31)
    }

    /// -self, as 2p - self (below 2p for inputs below 2p).
    pub(super) fn neg(&self) -> Fe {
        Fe::ZERO.sub(self, 1, 2).reduced()
    }

    // The linear operations below are small functions of their own: the
    // point formulas then keep only pointers to their operands. Unrolled
    // into a caller with a frame above 510 bytes, the u16 accesses (whose
    // offsets reach 510) make LLVM's Xtensa backend abort ("Cannot
    // scavenge register without an emergency spill slot").

    /// self + b (no reduction: the caller keeps the sum below 2^260).
    #[inline(never)]
    pub(super) fn add(&self, b: &Fe) -> Fe {
        combine!(i => self.at(i) + b.at(i))
    }

    /// k·self for a small k (no reduction, as for [`add`](Self::add)).
    #[inline(never)]
    pub(super) fn times(&self, k: u32) -> Fe {
        combine!(i => k * self.at(i))
    }

    /// self + kp·p - kb·b (no reduction): kp·p must exceed kb·b so that the
    /// result is non-negative, and the sum stay below 2^260.
    #[inline(never)]
    pub(super) fn sub(&self, b: &Fe, kb: u32, kp: u32) -> Fe {
        combine!(i => (self.at(i) + kp * u32::from(P[i])).wrapping_sub(kb * b.at(i)))
    }

    /// self reduced below 2p ([`reduce`](Self::reduce) by value).
    pub(super) fn reduced(mut self) -> Fe {
        self.reduce();
        self
    }

    /// self^(p-2) = 1/self (0 for 0), by Fermat: 255 squarings and 12
    /// multiplications. The exponent's runs of ones are built from
    /// x^(2^k - 1) for k = 2, 3, 6, 12, 15, 30, 32.
    pub(super) fn invert(&self) -> Fe {
        let x = *self;
        let x2 = x.square().mul(&x);
        let x3 = x2.square().mul(&x);
        let x6 = x3.square_n(3).mul(&x3);
        let x12 = x6.square_n(6).mul(&x6);
        let x15 = x12.square_n(3).mul(&x3);
        let x30 = x15.square_n(15).mul(&x15);
        let x32 = x30.square_n(2).mul(&x2);
        // p - 2 = ffffffff 00000001 00000000 00000000 00000000 ffffffff
        //         ffffffff fffffffd (hex, 32-bit groups)
        let t = x32.square_n(32).mul(&x);
        let t = t.square_n(128).mul(&x32);
        let t = t.square_n(32).mul(&x32);
        let t = t.square_n(30).mul(&x30);
        t.square_n(2).mul(&x)
    }
}
