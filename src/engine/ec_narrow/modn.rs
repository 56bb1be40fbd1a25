//! Arithmetic modulo a curve's group order n, for ECDSA: 15-bit words in
//! u16 (little-endian), Montgomery multiplication, inversion by Fermat,
//! after BearSSL's `i15` code (Thomas Pornin, MIT licence). A word product
//! fits 30 bits, so every multiplication is a 32×32→32 `mull` on LX106.
//! Generic over the number of words (18 for P-256's n, 26 for P-384's):
//! R = 2^(15·words) must exceed 2n (n's top word below 2^14), so that
//! sums and Montgomery products below 2n never carry out of the top word.
//! Everything is constant time in the values
//! but [`invert_vartime`] (for public values); only the exponent of [`pow`]
//! (always n - 2, public) steers branches.

use super::Limbs;

const MASK: u32 = 0x7fff;

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
pub(super) fn decode<Wd: Limbs<u16>>(bytes: &[u8]) -> Wd {
    let mut words = Wd::ZERO;
    super::be_to_words(bytes, words.as_mut(), 15);
    words
}

/// Words into big-endian bytes filling `out` (the value must fit).
pub(super) fn encode(words: &[u16], out: &mut [u8]) {
    super::words_to_be(words, out, 15);
}

/// 1 if a < b, else 0 (same length).
pub(super) fn less_than(a: &[u16], b: &[u16]) -> u32 {
    let mut borrow = 0u32;
    for (&x, &y) in a.iter().zip(b) {
        borrow = u32::from(x).wrapping_sub(u32::from(y)).wrapping_sub(borrow) >> 31;
    }
    borrow
}

/// 1 if a is zero, else 0.
pub(super) fn is_zero(a: &[u16]) -> u32 {
    let bits = a.iter().fold(0u32, |bits, &w| bits | u32::from(w));
    1 ^ ((bits | bits.wrapping_neg()) >> 31)
}

/// a + (b & mask), word by word (mask all ones or zero); returns the carry
/// out of the top word.
fn add(a: &mut [u16], b: &[u16], mask: u32) -> u32 {
    let mut carry = 0u32;
    for (x, &y) in a.iter_mut().zip(b) {
        let s = u32::from(*x) + (u32::from(y) & mask) + carry;
        *x = (s & MASK) as u16;
        carry = s >> 15;
    }
    carry
}

/// a - (b & mask), word by word (mask all ones or zero); returns the
/// borrow out of the top word.
fn sub(a: &mut [u16], b: &[u16], mask: u32) -> u32 {
    let mut borrow = 0u32;
    for (x, &y) in a.iter_mut().zip(b) {
        let d = u32::from(*x).wrapping_sub(u32::from(y) & mask).wrapping_sub(borrow);
        *x = (d & MASK) as u16;
        borrow = d >> 31;
    }
    borrow
}

/// a - n when a ≥ n, for a value below 2n.
pub(super) fn reduce_once(a: &mut [u16], n: &[u16]) {
    sub(a, n, (less_than(a, n) ^ 1).wrapping_neg());
}

/// a + b mod n, into a, for a and b below n.
pub(super) fn add_mod(a: &mut [u16], b: &[u16], n: &[u16]) {
    // Below 2n < R: nothing carries out.
    let carry = add(a, b, !0);
    debug_assert_eq!(carry, 0);
    reduce_once(a, n);
}

/// x·y/R mod n for x, y below n. After each word of x the running value d
/// stays below 2n (d' = (d + x_i·y + f·n)/2^15 < (2n + 2·2^15·n)/2^15),
/// so it fits the words (2n < R) and one final subtraction reduces it.
#[inline(never)]
pub(super) fn montymul<Wd: Limbs<u16>>(x: &Wd, y: &Wd, m: &Modulus<Wd>) -> Wd {
    let (x, y, n) = (x.as_ref(), y.as_ref(), m.n.as_ref());
    let mut d = Wd::ZERO;
    let out = d.as_mut();
    let len = n.len();
    for &xu in x {
        let xu = u32::from(xu);
        // f makes the lowest word of d + xu·y + f·n zero.
        let d0 = u32::from(out[0]) + xu * u32::from(y[0]);
        let f = ((d0 & MASK) * m.n0i) & MASK;
        let mut r = (d0 + f * u32::from(n[0])) >> 15;
        // d = (d + xu·y + f·n) / 2^15, word v to v - 1. Each sum is below
        // 2^15 + 2·2^30 + 2^17. Two words a step after an odd one out
        // (opt-level z keeps loops as written); the low 15 bits by shifts
        // (a mask would be a literal load).
        macro_rules! step {
            ($v:expr) => {
                let z = u32::from(out[$v]) + xu * u32::from(y[$v]) + f * u32::from(n[$v]) + r;
                out[$v - 1] = ((z << 17) >> 17) as u16;
                r = z >> 15;
            };
        }
        let mut v = 1;
        if len % 2 == 0 {
            step!(1);
            v = 2;
        }
        while v < len {
            step!(v);
            step!(v + 1);
            v += 2;
        }
        debug_assert!(r <= MASK);
        out[len - 1] = r as u16;
    }
    reduce_once(out, n);
    d
}

/// 1/a mod n for a below n (0 for 0), in plain form, variable time: the
/// binary extended Euclidean algorithm, for public values only (the s of
/// a signature being verified). Keeps x1·a ≡ u and x2·a ≡ v (mod n) while
/// u and v (from a and n) shrink to 1.
#[inline(never)]
pub(super) fn invert_vartime<Wd: Limbs<u16>>(a: &Wd, n: &Wd) -> Wd {
    /// a/2, rounding down.
    fn shift(a: &mut [u16]) {
        for i in 0..a.len() {
            let next = a.get(i + 1).map_or(0, |&w| w & 1);
            a[i] = (a[i] >> 1) | (next << 14);
        }
    }
    /// a/2 mod n: a/2 for an even a, else (a + n)/2 (below n for a below
    /// n).
    fn halve(a: &mut [u16], n: &[u16]) {
        add(a, n, u32::from(a[0] & 1).wrapping_neg());
        shift(a);
    }
    /// a - b mod n for a and b below n.
    fn sub_mod(a: &mut [u16], b: &[u16], n: &[u16]) {
        let borrow = sub(a, b, !0);
        add(a, n, borrow.wrapping_neg());
    }
    let is_one = |w: &Wd| w.as_ref()[0] == 1 && w.as_ref()[1..].iter().all(|&x| x == 0);
    let (mut u, mut v) = (*a, *n);
    let (mut x1, mut x2) = (Wd::ZERO, Wd::ZERO);
    x1.as_mut()[0] = 1;
    if is_zero(a.as_ref()) == 1 {
        return Wd::ZERO;
    }
    loop {
        if is_one(&u) {
            return x1;
        }
        if is_one(&v) {
            return x2;
        }
        while u.as_ref()[0] & 1 == 0 {
            shift(u.as_mut());
            halve(x1.as_mut(), n.as_ref());
        }
        while v.as_ref()[0] & 1 == 0 {
            shift(v.as_mut());
            halve(x2.as_mut(), n.as_ref());
        }
        if less_than(u.as_ref(), v.as_ref()) == 1 {
            sub(v.as_mut(), u.as_ref(), !0);
            sub_mod(x2.as_mut(), x1.as_ref(), n.as_ref());
        } else {
            sub(u.as_mut(), v.as_ref(), !0);
            sub_mod(x1.as_mut(), x2.as_ref(), n.as_ref());
        }
    }
}

/// x^e for x in Montgomery form (x·R gives x^e·R) and a public exponent
/// `e` (big-endian, non-zero): left to right with windows of up to 4 bits
/// over the odd powers x, x³, ..., x¹⁵. The secret x never steers a branch
/// or an address; the table is zeroed before returning.
#[inline(never)]
pub(super) fn pow<Wd: Limbs<u16>>(x: &Wd, e: &[u8], m: &Modulus<Wd>) -> Wd {
    let bit = |i: usize| (e[e.len() - 1 - i / 8] >> (i % 8)) & 1;
    let mut odd = [*x; 8];
    let mut x2 = montymul(x, x, m);
    for i in 1..8 {
        odd[i] = montymul(&odd[i - 1], &x2, m);
    }
    let mut acc: Option<Wd> = None;
    let mut i = 8 * e.len();
    while i > 0 {
        if bit(i - 1) == 0 {
            acc = acc.map(|a| montymul(&a, &a, m));
            i -= 1;
            continue;
        }
        // The window: bits i-1 down to j, ending with a one.
        let mut j = i.saturating_sub(4);
        while bit(j) == 0 {
            j += 1;
        }
        let w = (j..i).rev().fold(0usize, |w, b| w << 1 | usize::from(bit(b)));
        acc = Some(match acc {
            None => odd[w >> 1],
            Some(mut a) => {
                for _ in j..i {
                    a = montymul(&a, &a, m);
                }
                montymul(&a, &odd[w >> 1], m)
            }
        });
        i = j;
    }
    for entry in odd.iter_mut().chain([&mut x2]) {
        zeroize::Zeroize::zeroize(entry.as_mut());
    }
    acc.unwrap_or(Wd::ZERO)
}
