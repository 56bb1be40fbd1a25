//! Macros the field modules share (`p256::field`, `p384::field`, and for
//! the linear operations `c25519::field`). They expand in a field module,
//! whose `LIMBS`, `MASK`, `P`, `Fe` and `for_each_limb!` (the list of its
//! limb indexes) they use.
//!
//! Everything is unrolled (`c25519::field` loops over its products, for
//! size): the rtls crate is built at opt-level z, where LLVM keeps loops
//! (their index arithmetic costs more than the limb arithmetic inside) and
//! calls memset and memcpy for small arrays.

/// Repeats `$body` with `$i` a constant for each listed index.
macro_rules! unroll {
    ($i:ident in [$($n:literal)*] $body:block) => {
        $( {
            #[allow(non_upper_case_globals)]
            const $i: usize = $n;
            $body
        } )*
    };
}

/// The element Σ e(i)·2^(13i), carried to 13-bit limbs, where `e` (with
/// `$i` the limb index, a constant) is a signed combination of limbs whose
/// total is non-negative and below 2^(13·LIMBS): callers add a multiple of
/// p before subtracting. Unrolled, in one pass; used in small functions
/// only (see `Field::add`).
macro_rules! combine {
    ($i:ident => $e:expr) => {{
        let mut out = [0u16; LIMBS];
        let mut cc = 0u32;
        for_each_limb!($i {
            let z = ($e).wrapping_add(cc);
            out[$i] = (z & MASK) as u16;
            cc = ((z as i32) >> 13) as u32;
        });
        // The total is in range: nothing carries out.
        debug_assert_eq!(cc, 0);
        Fe(out)
    }};
}

/// Emits `$t[k] = Σ a[i]·b[k-i]` for each listed column k, fully unrolled.
/// The conditions are constants, so only the live products remain.
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

/// `fn mul` and `fn square` of a field's `impl Field`, reduced by the field
/// module's `reduce_product`, over the product columns `$ks` (0 to
/// 2·LIMBS - 2) and limbs `$is` (0 to LIMBS - 1):
/// - `columns`: both fully unrolled, column by column (square computes each
///   cross product once: about half the limb products of mul);
/// - `rows`: square as with `columns`, mul row by row (a limb of a times b
///   into the columns from the row's index: fixed offsets from one base),
///   each row of LIMBS products unrolled: a twentieth of the code, about a
///   quarter slower.
macro_rules! field_products {
    (columns, $ks:tt, $is:tt) => {
        #[inline(never)]
        fn mul(&self, b: &Fe) -> Fe {
            let (a, b) = (&self.0, &b.0);
            let mut t = [0u32; 2 * LIMBS];
            product_columns!(t, a, b, $ks, $is);
            reduce_product(&mut t)
        }

        field_products!(@square $ks, $is);
    };
    (rows, $ks:tt, $is:tt) => {
        #[inline(never)]
        fn mul(&self, b: &Fe) -> Fe {
            let (a, b) = (&self.0, &b.0);
            let mut t = [0u32; 2 * LIMBS];
            for (i, &ai) in a.iter().enumerate() {
                let ai = u32::from(ai);
                let row: &mut [u32; LIMBS] = (&mut t[i..i + LIMBS]).try_into().unwrap();
                unroll!(j in $is {
                    row[j] += ai * u32::from(b[j]);
                });
            }
            reduce_product(&mut t)
        }

        field_products!(@square $ks, $is);
    };
    (@square $ks:tt, $is:tt) => {
        #[inline(never)]
        fn square(&self) -> Fe {
            let a = &self.0;
            let mut t = [0u32; 2 * LIMBS];
            square_columns!(t, a, $ks, $is);
            reduce_product(&mut t)
        }
    };
}

/// Folds each listed word x of `$t` (from the highest) into lower words,
/// by the prime's special form: for each term `(op, lo, shift)`,
/// x·2^(13·(i - lo) + shift) is added (`wrapping_add`) or subtracted
/// (`wrapping_sub`): its low bits at `shift` in word i - lo, the rest
/// (arithmetic shift, so x may be negative) in word i - lo + 1. Words may
/// become negative (signed arithmetic in two's complement); the caller
/// carries.
macro_rules! fold_words {
    ($t:ident, [$($i:literal)*], $terms:tt) => {
        $( fold_words!(@word $t, $i, $terms); )*
    };
    (@word $t:ident, $i:literal, [$(($op:ident, $lo:literal, $shift:literal))*]) => {{
        let x = $t[$i] as i32;
        $(
            $t[$i - $lo + 1] = $t[$i - $lo + 1].$op((x >> (13 - $shift)) as u32);
            $t[$i - $lo] = $t[$i - $lo].$op((x << $shift) as u32 & MASK);
        )*
    }};
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

/// The operations both fields implement the same way, as items of their
/// `impl Field for Fe`: zero and one, byte conversions, the linear operations, the
/// constant-time reduction, selection and tests. Each is a small function
/// of its own: the point formulas then keep only pointers to their
/// operands. (Unrolled into a caller with a frame above 510 bytes, the u16
/// accesses, whose offsets reach 510, make LLVM's Xtensa backend abort:
/// "Cannot scavenge register without an emergency spill slot".)
macro_rules! field_common_ops {
    () => {
        const ZERO: Fe = Fe([0; LIMBS]);
        const ONE: Fe = {
            let mut one = [0u16; LIMBS];
            one[0] = 1;
            Fe(one)
        };

        fn from_bytes(bytes: &[u8]) -> (Fe, bool) {
            let mut limbs = [0u16; LIMBS];
            crate::engine::ec_narrow::be_to_words(bytes, &mut limbs, 13);
            let mut fe = Fe(limbs);
            // Values not below p lose p in reduce_final.
            let was_reduced = fe.reduce_final() == 0;
            (Fe(limbs), was_reduced)
        }

        fn write_bytes(&self, out: &mut [u8]) {
            let mut fe = *self;
            fe.reduce_final();
            crate::engine::ec_narrow::words_to_be(&fe.0, out, 13);
        }

        fn unpack(words: &[u32]) -> Fe {
            let mut limbs = [0u16; LIMBS];
            for (pair, &word) in limbs.chunks_exact_mut(2).zip(words) {
                pair[0] = word as u16;
                pair[1] = (word >> 16) as u16;
            }
            Fe(limbs)
        }

        #[inline(never)]
        fn add(&self, b: &Fe) -> Fe {
            combine!(i => self.at(i) + b.at(i))
        }

        #[inline(never)]
        fn times(&self, k: u32) -> Fe {
            combine!(i => k * self.at(i))
        }

        #[inline(never)]
        fn sub(&self, b: &Fe, kb: u32, kp: u32) -> Fe {
            combine!(i => (self.at(i) + kp * u32::from(P[i])).wrapping_sub(kb * b.at(i)))
        }

        #[inline(never)]
        fn reduce_final(&mut self) -> u32 {
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

        #[inline(never)]
        fn select(&mut self, other: &Fe, flag: u32) {
            let mask = (flag as u16).wrapping_neg();
            for_each_limb!(i {
                self.0[i] ^= mask & (self.0[i] ^ other.0[i]);
            });
        }

        #[inline(never)]
        fn is_zero(&self) -> u32 {
            let mut fe = *self;
            fe.reduce_final();
            let mut bits = 0u32;
            for_each_limb!(i {
                bits |= fe.at(i);
            });
            1 ^ ((bits | bits.wrapping_neg()) >> 31)
        }

        fn is_odd(&self) -> u32 {
            let mut fe = *self;
            fe.reduce_final();
            fe.at(0) & 1
        }
    };
}
