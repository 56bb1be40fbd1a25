//! Arithmetic modulo a curve's group order n, for ECDSA: 15-bit words
//! (little-endian), each in a u32 ([`Word`]), Montgomery multiplication,
//! inversion by Fermat, after BearSSL's `i15` code (Thomas Pornin, MIT
//! licence). A word product fits 30 bits, so every multiplication is a
//! 32×32→32 `mull` on LX106. For any number of words up to [`MAX_WORDS`]
//! (18 for P-256's n, 26 for P-384's): R = 2^(15·words) must exceed 2n
//! (n's top word below 2^14), so that sums and Montgomery products below
//! 2n never carry out of the top word. The work is done once for both curves, on word slices in buffers
//! of the larger size; the functions generic over the curve's array type
//! are thin wrappers that copy in and out.
//! Everything is constant time in the values
//! but [`invert_vartime`] (for public values); only the exponent of [`pow`]
//! (always n - 2, public) steers branches.

use super::Limbs;

/// A 15-bit word of a value modulo n, stored in a whole 32-bit word: the
/// ESP8266 build keeps rtls' read-only data in flash, which allows only
/// 32-bit loads, so it rewrites every sub-word load (`l16ui`, `l8ui`) as a
/// word load, a shift and a mask (`boards/lx106/forcel32.py`), which in a
/// Montgomery product's inner loop would cost more than the product.
pub(crate) type Word = u32;

const MASK: u32 = 0x7fff;
/// Words of the largest modulus (P-384's n): the size of scratch buffers.
const MAX_WORDS: usize = 26;
/// A value in the first words of a scratch buffer.
type Buf = [Word; MAX_WORDS];

/// The first `out`'s length words of `buf` as the curve's array.
fn from_buf<Wd: Limbs<Word>>(buf: &Buf) -> Wd {
    let mut out = Wd::ZERO;
    let len = out.as_ref().len();
    out.as_mut().copy_from_slice(&buf[..len]);
    out
}

/// A group order and its Montgomery constants.
pub(crate) struct Modulus<Wd> {
    /// n in words.
    pub(crate) n: Wd,
    /// -1/n mod 2^15.
    pub(crate) n0i: u32,
    /// R² mod n, R = 2^(15·words): multiplying by it enters Montgomery
    /// form.
    pub(crate) r2: Wd,
}

/// Big-endian bytes as words (which have room for every bit).
pub(super) fn decode<Wd: Limbs<Word>>(bytes: &[u8]) -> Wd {
    let mut words = Wd::ZERO;
    super::be_to_words(bytes, words.as_mut(), 15);
    words
}

/// Words into big-endian bytes filling `out` (the value must fit).
pub(super) fn encode(words: &[Word], out: &mut [u8]) {
    super::words_to_be(words, out, 15);
}

/// 1 if a < b, else 0 (same length).
pub(super) fn less_than(a: &[Word], b: &[Word]) -> u32 {
    let mut borrow = 0u32;
    for (&x, &y) in a.iter().zip(b) {
        borrow = x.wrapping_sub(y).wrapping_sub(borrow) >> 31;
    }
    borrow
}

/// 1 if a is zero, else 0.
pub(super) fn is_zero(a: &[Word]) -> u32 {
    let bits = a.iter().fold(0u32, |bits, &w| bits | w);
    1 ^ ((bits | bits.wrapping_neg()) >> 31)
}

/// a + (b & mask), word by word (mask all ones or zero); returns the carry
/// out of the top word.
fn add(a: &mut [Word], b: &[Word], mask: u32) -> u32 {
    let mut carry = 0u32;
    for (x, &y) in a.iter_mut().zip(b) {
        let s = *x + (y & mask) + carry;
        *x = s & MASK;
        carry = s >> 15;
    }
    carry
}

/// a - (b & mask), word by word (mask all ones or zero); returns the
/// borrow out of the top word.
fn sub(a: &mut [Word], b: &[Word], mask: u32) -> u32 {
    let mut borrow = 0u32;
    for (x, &y) in a.iter_mut().zip(b) {
        let d = x.wrapping_sub(y & mask).wrapping_sub(borrow);
        *x = d & MASK;
        borrow = d >> 31;
    }
    borrow
}

/// a - n when a ≥ n, for a value below 2n.
pub(super) fn reduce_once(a: &mut [Word], n: &[Word]) {
    sub(a, n, (less_than(a, n) ^ 1).wrapping_neg());
}

/// a + b mod n, into a, for a and b below n.
pub(super) fn add_mod(a: &mut [Word], b: &[Word], n: &[Word]) {
    // Below 2n < R: nothing carries out.
    let carry = add(a, b, !0);
    debug_assert_eq!(carry, 0);
    reduce_once(a, n);
}

/// x·y/R mod n for x, y below n. After each word of x the running value d
/// stays below 2n (d' = (d + x_i·y + f·n)/2^15 < (2n + 2·2^15·n)/2^15),
/// so it fits the words (2n < R) and one final subtraction reduces it.
pub(super) fn montymul<Wd: Limbs<Word>>(x: &Wd, y: &Wd, m: &Modulus<Wd>) -> Wd {
    from_buf(&monty(x.as_ref(), y.as_ref(), m.n.as_ref(), m.n0i))
}

/// [`montymul`] on slices (n's length), the result in a scratch buffer.
#[inline(never)]
fn monty(x: &[Word], y: &[Word], n: &[Word], n0i: u32) -> Buf {
    let mut d = [0; MAX_WORDS];
    let len = n.len();
    let out = &mut d[..len];
    for &xu in x {
        // f makes the lowest word of d + xu·y + f·n zero.
        let d0 = out[0] + xu * y[0];
        let f = ((d0 & MASK) * n0i) & MASK;
        let mut r = (d0 + f * n[0]) >> 15;
        // d = (d + xu·y + f·n) / 2^15, word v to v - 1. Each sum is below
        // 2^15 + 2·2^30 + 2^17. Two words a step after an odd one out
        // (opt-level z keeps loops as written); the low 15 bits by shifts
        // (a mask would be a literal load).
        macro_rules! step {
            ($v:expr) => {
                let z = out[$v] + xu * y[$v] + f * n[$v] + r;
                out[$v - 1] = (z << 17) >> 17;
                r = z >> 15;
            };
        }
        let mut v = 1;
        if len.is_multiple_of(2) {
            step!(1);
            v = 2;
        }
        while v < len {
            step!(v);
            step!(v + 1);
            v += 2;
        }
        debug_assert!(r <= MASK);
        out[len - 1] = r;
    }
    reduce_once(out, n);
    d
}

/// 1/a mod n for a below n (0 for 0), in plain form, variable time: the
/// binary extended Euclidean algorithm, for public values only (the s of
/// a signature being verified). Keeps x1·a ≡ u and x2·a ≡ v (mod n) while
/// u and v (from a and n) shrink to 1.
pub(super) fn invert_vartime<Wd: Limbs<Word>>(a: &Wd, n: &Wd) -> Wd {
    from_buf(&invert_vartime_words(a.as_ref(), n.as_ref()))
}

/// [`invert_vartime`] on slices (n's length).
#[inline(never)]
fn invert_vartime_words(a: &[Word], n: &[Word]) -> Buf {
    /// a/2, rounding down.
    fn shift(a: &mut [Word]) {
        for i in 0..a.len() {
            let next = a.get(i + 1).map_or(0, |&w| w & 1);
            a[i] = (a[i] >> 1) | (next << 14);
        }
    }
    /// a/2 mod n: a/2 for an even a, else (a + n)/2 (below n for a below
    /// n).
    fn halve(a: &mut [Word], n: &[Word]) {
        add(a, n, (a[0] & 1).wrapping_neg());
        shift(a);
    }
    /// a - b mod n for a and b below n.
    fn sub_mod(a: &mut [Word], b: &[Word], n: &[Word]) {
        let borrow = sub(a, b, !0);
        add(a, n, borrow.wrapping_neg());
    }
    let len = n.len();
    let is_one = |w: &[Word]| w[0] == 1 && w[1..].iter().all(|&x| x == 0);
    let (mut u, mut v) = ([0; MAX_WORDS], [0; MAX_WORDS]);
    let (mut x1, mut x2) = ([0; MAX_WORDS], [0; MAX_WORDS]);
    u[..len].copy_from_slice(a);
    v[..len].copy_from_slice(n);
    x1[0] = 1;
    if is_zero(a) == 1 {
        return [0; MAX_WORDS];
    }
    let (u, v) = (&mut u[..len], &mut v[..len]);
    loop {
        if is_one(u) {
            return x1;
        }
        if is_one(v) {
            return x2;
        }
        while u[0] & 1 == 0 {
            shift(u);
            halve(&mut x1[..len], n);
        }
        while v[0] & 1 == 0 {
            shift(v);
            halve(&mut x2[..len], n);
        }
        if less_than(u, v) == 1 {
            sub(v, u, !0);
            sub_mod(&mut x2[..len], &x1[..len], n);
        } else {
            sub(u, v, !0);
            sub_mod(&mut x1[..len], &x2[..len], n);
        }
    }
}

/// x^e for x in Montgomery form (x·R gives x^e·R) and a public exponent
/// `e` (big-endian, non-zero): left to right with windows of up to 3 bits
/// over the odd powers x, x³, x⁵, x⁷ (4 bits would save a few percent of
/// the products for a table twice as large, on ECDSA signing's deepest
/// path). The secret x never steers a branch or an address; the table is
/// zeroed before returning.
pub(super) fn pow<Wd: Limbs<Word>>(x: &Wd, e: &[u8], m: &Modulus<Wd>) -> Wd {
    from_buf(&pow_words(x.as_ref(), e, m.n.as_ref(), m.n0i))
}

/// [`pow`] on slices (n's length).
#[inline(never)]
fn pow_words(x: &[Word], e: &[u8], n: &[Word], n0i: u32) -> Buf {
    let len = n.len();
    let mm = |a: &Buf, b: &Buf| monty(&a[..len], &b[..len], n, n0i);
    let bit = |i: usize| (e[e.len() - 1 - i / 8] >> (i % 8)) & 1;
    let mut odd = [[0; MAX_WORDS]; 4];
    odd[0][..len].copy_from_slice(x);
    let mut x2 = mm(&odd[0], &odd[0]);
    for i in 1..4 {
        odd[i] = mm(&odd[i - 1], &x2);
    }
    let mut acc: Option<Buf> = None;
    let mut i = 8 * e.len();
    while i > 0 {
        if bit(i - 1) == 0 {
            acc = acc.map(|a| mm(&a, &a));
            i -= 1;
            continue;
        }
        // The window: bits i-1 down to j, ending with a one.
        let mut j = i.saturating_sub(3);
        while bit(j) == 0 {
            j += 1;
        }
        let w = (j..i).rev().fold(0usize, |w, b| w << 1 | usize::from(bit(b)));
        acc = Some(match acc {
            None => odd[w >> 1],
            Some(mut a) => {
                for _ in j..i {
                    a = mm(&a, &a);
                }
                mm(&a, &odd[w >> 1])
            }
        });
        i = j;
    }
    for entry in odd.iter_mut().chain([&mut x2]) {
        zeroize::Zeroize::zeroize(entry);
    }
    acc.unwrap_or([0; MAX_WORDS])
}
