//! Macros the field modules share (`p256::field`, `p384::field`, and
//! `c25519::field` for [`field_common_ops`] and its reduction's
//! `combine`). They expand in a field module, whose `LIMBS`, `WORDS`, `P`,
//! `PRIME`, `Fe`, `square_product` and `reduce_product` they use (and
//! `field`'s `LimbPair`, `lo`, `hi` and `pair`). Most of the
//! arithmetic is in `field` (one copy for every field); what stays per
//! NIST field is written out with the field's constants: the rows of a
//! product (fixed offsets, no index arithmetic) and the prime's fold of a
//! product's high words.

/// Folds the words 2·LIMBS - 1 down to LIMBS of `$t` (from the highest)
/// into lower words, by the prime's special form: for each term
/// `(op, lo, shift)`, word i's value x is moved to x·2^(13·(i - lo) +
/// shift), added (`wrapping_add`) or subtracted (`wrapping_sub`): its low
/// bits at `shift` in word i - lo, the rest (arithmetic shift, so x may be
/// negative) in word i - lo + 1. A loop over the words, the terms written
/// out. Words may become negative (signed arithmetic in two's complement);
/// the caller carries.
macro_rules! fold_words {
    ($t:ident, [$(($op:ident, $lo:literal, $shift:literal))*]) => {
        let mask = field::opaque_mask();
        // Two words a step (LIMBS is even): the second often updates words
        // the first just wrote, which then stay in registers.
        for pair in (LIMBS / 2..LIMBS).rev() {
            macro_rules! fold_word {
                ($i:expr) => {
                    let i = $i;
                    let x = $t[i] as i32;
                    $(
                        $t[i - $lo + 1] = $t[i - $lo + 1].$op((x >> (13 - $shift)) as u32);
                        $t[i - $lo] = $t[i - $lo].$op((x << $shift) as u32 & mask);
                    )*
                };
            }
            fold_word!(2 * pair + 1);
            fold_word!(2 * pair);
        }
    };
}

/// A NIST field module's `fn reduce_product`: reduces a 2·LIMBS-word
/// product (columns below 2^31) modulo p to a value below 2p, with the
/// prime's fold terms (see [`fold_words`]); one copy for mul and square.
/// The words to fold (LIMBS - 1 up: that word gives its carry to word
/// LIMBS) are carried to 13 bits first, since the fold needs small words;
/// the lower words stay columns until the carry after the fold. What is
/// then above p's top bit is folded once more (`field::fold_top`). Each
/// field module states why its words stay in range.
macro_rules! reduce_product_fn {
    ($terms:tt) => {
        #[inline(never)]
        fn reduce_product(t: &mut [u32; 2 * LIMBS]) -> Fe {
            t[2 * LIMBS - 1] = field::carry(&mut t[LIMBS - 1..2 * LIMBS - 1]);
            fold_words!(t, $terms);
            let cc = field::carry(&mut t[..LIMBS]);
            field::fold_top(&mut t[..LIMBS], cc, &PRIME);
            from_product(t)
        }
    };
}

/// A field module's `fn product` (and `fn from_product`, which reads a
/// reduced product back as an element): t = a·b in columns (t zero on
/// entry), t[k] = Σ a[i]·b[k - i], two rows at a time (the limbs a[i] and
/// a[i + 1] of a word of a, times b; `$ws` the indexes of b's words): each
/// step loads one word of b (two limbs) and two words of t for four limb
/// products. The pair's row is written out in a function of its own (its
/// addresses then fixed offsets from the arguments), called from a loop
/// over a's words. A column of at most 30 products of 26 bits fits a u32:
/// no carry is needed. Squares go through here too: a dedicated square
/// does half the products but its rows shrink, so it cannot be written out
/// as simply.
macro_rules! field_product {
    ([$($w:literal)*]) => {
        add_rows_fn!(add_rows, WORDS, [$($w)*]);

        /// The limbs t[..LIMBS] (below 2^13) as an element, written out:
        /// built in place in the caller's result (a loop would fill a
        /// local copy first).
        fn from_product(t: &[u32; 2 * LIMBS]) -> Fe {
            Fe([$(field::pair(t[2 * $w], t[2 * $w + 1])),*])
        }

        fn product(a: &[LimbPair; WORDS], b: &[LimbPair; WORDS], t: &mut [u32; 2 * LIMBS]) {
            for (i, &word) in a.iter().enumerate() {
                let row = (&mut t[2 * i..2 * i + LIMBS + 1]).try_into().unwrap();
                add_rows(row, field::lo(word), field::hi(word), b);
            }
        }
    };
}

/// `fn $name(row, a0, a1, b)`: row[j] += a0·b[j] + a1·b[j - 1] for b of
/// `$words` words (`$ws` their indexes; twice as many limbs) and row of
/// 2·`$words` + 1 columns: two rows of a product, written out.
macro_rules! add_rows_fn {
    ($name:ident, $words:expr, [$($w:literal)*]) => {
        #[inline(never)]
        fn $name(row: &mut [u32; 2 * $words + 1], a0: u32, a1: u32, b: &[LimbPair; $words]) {
            // b[j - 1], which a1 meets in column j.
            let mut prev = 0u32;
            $( {
                let (b0, b1) = (field::lo(b[$w]), field::hi(b[$w]));
                row[2 * $w] += a0 * b0 + a1 * prev;
                row[2 * $w + 1] += a0 * b1 + a1 * b0;
                prev = b1;
            } )*
            row[2 * $words] += a1 * prev;
        }
    };
}

/// The items of a field's `impl Field for Fe` but for the products and the
/// reduction (also `c25519::field`'s): each a call of the shared
/// arithmetic in `field` with the field's p (`P`). The ones that need a
/// scratch buffer are out of line (one copy per field rather than one per
/// call site); the point formulas keep only pointers to their operands.
macro_rules! field_common_ops {
    () => {
        const ZERO: Fe = Fe([0; WORDS]);
        const ONE: Fe = {
            let mut one = [0; WORDS];
            one[0] = crate::engine::crypto::ec_narrow::field::pair(1, 0);
            Fe(one)
        };

        fn from_bytes(bytes: &[u8]) -> (Fe, bool) {
            let mut limbs = [0; LIMBS];
            crate::engine::crypto::ec_narrow::be_to_words(bytes, &mut limbs, 13);
            let mut words = [0; WORDS];
            crate::engine::crypto::ec_narrow::field::repack(&limbs, &mut words);
            let mut fe = Fe(words);
            // Values not below p lose p in reduce_final.
            let was_reduced = fe.reduce_final() == 0;
            (Fe(words), was_reduced)
        }

        fn write_bytes(&self, out: &mut [u8]) {
            let mut words = [0; WORDS];
            crate::engine::crypto::ec_narrow::field::canonical(&self.0, &P, &mut words);
            let mut limbs = [0; LIMBS];
            crate::engine::crypto::ec_narrow::field::unpack(&words, &mut limbs);
            crate::engine::crypto::ec_narrow::words_to_be(&limbs, out, 13);
        }

        fn from_words(words: &[crate::engine::crypto::ec_narrow::field::LimbPair]) -> Fe {
            Fe(words.try_into().unwrap())
        }

        #[inline(never)]
        fn lin(&mut self, ka: u32, b: &Fe, kb: u32, kp: u32) {
            crate::engine::crypto::ec_narrow::field::combine(&mut self.0, ka, &b.0, kb, kp, &P);
        }

        #[inline(never)]
        fn scale(&mut self, k: u32) {
            crate::engine::crypto::ec_narrow::field::combine(&mut self.0, k, &P, 0, 0, &P);
        }

        fn reduce_final(&mut self) -> u32 {
            crate::engine::crypto::ec_narrow::field::reduce_final(&mut self.0, &P)
        }

        fn select(&mut self, other: &Fe, flag: u32) {
            crate::engine::crypto::ec_narrow::field::select(&mut self.0, &other.0, flag);
        }

        fn is_zero(&self) -> u32 {
            crate::engine::crypto::ec_narrow::field::canonical(&self.0, &P, &mut [0; WORDS])
        }

        fn is_odd(&self) -> u32 {
            let mut words = [0; WORDS];
            crate::engine::crypto::ec_narrow::field::canonical(&self.0, &P, &mut words);
            words[0] & 1
        }
    };
}

/// The items of a NIST field's `impl Field for Fe`: [`field_common_ops`]
/// and mul, square and reduce, through the field module's `product`
/// (`square_product`), `reduce_product` and `PRIME`.
macro_rules! field_ops {
    () => {
        field_common_ops!();

        #[inline(never)]
        fn mul(&self, b: &Fe) -> Fe {
            let mut t = [0u32; 2 * LIMBS];
            product(&self.0, &b.0, &mut t);
            reduce_product(&mut t)
        }

        #[inline(never)]
        fn square(&self) -> Fe {
            let mut t = [0u32; 2 * LIMBS];
            square_product(&self.0, &mut t);
            reduce_product(&mut t)
        }

        fn reduce(&mut self) {
            field::reduce(&mut self.0, &PRIME);
        }
    };
}

// For `c25519::field`'s reduction (its products and reduction are its
// own; see there).

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
        let mut out = [0; WORDS];
        let mut cc = 0u32;
        for_each_limb!($i {
            let z = ($e).wrapping_add(cc);
            out[$i / 2] |= (z & MASK) << (16 * ($i % 2));
            cc = ((z as i32) >> 13) as u32;
        });
        // The total is in range: nothing carries out.
        debug_assert_eq!(cc, 0);
        Fe(out)
    }};
}
