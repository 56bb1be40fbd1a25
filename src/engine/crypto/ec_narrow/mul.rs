//! Scalar multiplications: k·G (fixed-base comb, constant time), k·P (2-bit
//! window, constant time) and u1·G + u2·Q (variable time, for verifying).
//! Scalars are big-endian bytes of any length (the curve's).

use super::field::Field;
use super::point::{Affine, Jacobian};
use super::{Curve, Limbs, OddMultiples};

/// Bit `i` (0 = least significant) of a big-endian scalar.
#[inline(always)]
fn bit(scalar: &[u8], i: usize) -> u32 {
    u32::from(scalar[scalar.len() - 1 - i / 8] >> (i % 8)) & 1
}

/// 1 if a == b, else 0, without a branch.
#[inline(always)]
fn eq(a: u32, b: u32) -> u32 {
    let d = a ^ b;
    1 ^ ((d | d.wrapping_neg()) >> 31)
}

/// Comb entry `idx` (1..=15).
fn comb_entry<C: Curve>(idx: usize) -> Affine<C::Fe> {
    let words = C::comb_words(idx);
    let (x, y) = words.split_at(words.len() / 2);
    Affine {
        x: C::Fe::from_words(x),
        y: C::Fe::from_words(y),
    }
}

/// The comb column at bit `j`: bits j, j+s, j+2s, j+3s of the scalar
/// (s = the comb spacing) as the 4-bit index of the table entry to add.
#[inline(always)]
fn comb_index<C: Curve>(scalar: &[u8], j: usize) -> u32 {
    (0..4).fold(0, |idx, row| idx | bit(scalar, j + row * C::COMB_SPACING) << row)
}

/// The comb entry `idx` (1..=15) read in constant time: every entry is
/// read and masked, word by word (two limbs a word, as elements are
/// stored). For idx = 0 the result is (0, 0), unused.
#[inline(never)]
fn comb_lookup<C: Curve>(idx: u32) -> Affine<C::Fe> {
    let mut acc = [0u32; 2 * MAX_COMB_WORDS];
    let len = C::comb_words(1).len();
    for k in 1..=15u32 {
        select_words(&mut acc[..len], C::comb_words(k as usize), eq(idx, k).wrapping_neg());
    }
    let (x, y) = acc[..len].split_at(len / 2);
    Affine {
        x: C::Fe::from_words(x),
        y: C::Fe::from_words(y),
    }
}

/// Words of a coordinate in the largest comb table (P-384's 30 limbs).
const MAX_COMB_WORDS: usize = 15;

/// acc |= words & mask, word by word (mask all ones or zero).
fn select_words(acc: &mut [u32], words: &[u32], mask: u32) {
    for (a, &w) in acc.iter_mut().zip(words) {
        *a |= w & mask;
    }
}

/// k·G for 0 < k < n, constant time in k: a comb with 4 teeth s bits
/// apart (s = a quarter of the scalar's bits: s doublings and s mixed
/// additions). With k < n no addition meets an equal or opposite point:
/// before column j the accumulator holds c·G with
/// c = Σ_row 2^(s·row)·⌊k_row / 2^j⌋ ≤ k < n, and adding the column gives
/// 2c + t ≤ k, so 2c ≠ ±t unless both are 0 (handled by the flags).
#[inline(never)]
pub(super) fn mul_base<C: Curve>(k: &[u8]) -> Jacobian<C::Fe> {
    let mut q = Jacobian::INFINITY;
    // 1 while q is still the point at infinity.
    let mut q_inf = 1u32;
    for j in (0..C::COMB_SPACING).rev() {
        q.double();
        let idx = comb_index::<C>(k, j);
        let nonzero = 1 ^ eq(idx, 0);
        add_digit(&mut q, &mut q_inf, &comb_lookup::<C>(idx), nonzero);
    }
    q
}

/// k·P for 0 < k < n and P on the curve, constant time in k: 2-bit
/// windows over P, 2P, 3P (BearSSL's p256_mul), the table in affine
/// coordinates (one inversion for 2P and 3P together) so that each window
/// costs a mixed addition (8 multiplications, 3 squarings) rather than a
/// full one (12 and 4). As in [`mul_base`], the accumulator c·P before a
/// window and the window's t·P never meet as equal or opposite points
/// because 4c + t is a prefix of k < n; P is of prime order, so 2P and 3P
/// are finite and 2P ≠ ±P.
#[inline(never)]
pub(super) fn mul<F: Field>(p: &Affine<F>, k: &[u8]) -> Jacobian<F> {
    let [a2, a3] = double_triple(p);
    let mut q = Jacobian::INFINITY;
    let mut q_inf = 1u32;
    for byte in k {
        for shift in [6u32, 4, 2, 0] {
            q.double();
            q.double();
            let bits = u32::from(*byte >> shift) & 3;
            let nonzero = 1 ^ eq(bits, 0);
            let mut t = *p;
            t.x.select(&a2.x, eq(bits, 2));
            t.y.select(&a2.y, eq(bits, 2));
            t.x.select(&a3.x, eq(bits, 3));
            t.y.select(&a3.y, eq(bits, 3));
            add_digit(&mut q, &mut q_inf, &t, nonzero);
        }
    }
    q
}

/// One window of a constant-time multiplication: q + t when the window's
/// digit is nonzero (`nonzero` 1), else q unchanged; `q_inf` (1 while q is
/// the point at infinity, where the addition formula does not apply) is
/// kept up to date. Both results are computed and selected.
#[inline(always)]
fn add_digit<F: Field>(q: &mut Jacobian<F>, q_inf: &mut u32, t: &Affine<F>, nonzero: u32) {
    let mut sum = *q;
    sum.add_affine(t);
    q.select(&Jacobian::from(t), nonzero & *q_inf);
    q.select(&sum, nonzero & (*q_inf ^ 1));
    *q_inf &= nonzero ^ 1;
}

/// 2P and 3P in affine coordinates, with one inversion for both; out of
/// line, so that their Jacobian forms are not in [`mul`]'s frame.
#[inline(never)]
fn double_triple<F: Field>(p: &Affine<F>) -> [Affine<F>; 2] {
    let mut p2 = Jacobian::from(p);
    p2.double();
    let mut p3 = p2;
    p3.add_affine(p);
    // 1/z2 = z3/(z2·z3), 1/z3 = z2/(z2·z3).
    let zi = p2.z.mul(&p3.z).invert();
    [p2.to_affine_with(&zi.mul(&p3.z)), p3.to_affine_with(&zi.mul(&p2.z))]
}

/// Digit `i` of NAF digits stored as two 4-bit two's complement digits a
/// byte (digit i in the low half of byte i/2 when i is even: half the stack
/// of i8s), in -7..=7.
fn naf_digit(digits: &[u8], i: usize) -> i32 {
    let nibble = i32::from(digits[i / 2] >> (4 * (i % 2))) & 15;
    (nibble ^ 8) - 8
}

/// Width-w NAF of a scalar of b bits (w = 3 or 4): digits 0 or odd in
/// -(2^(w-1) - 1)..=2^(w-1) - 1, at least w - 1 zeros after each non-zero
/// one, Σ d_i·2^i = the scalar. b + 1 digits (a carry can reach bit b) and
/// room for the zeros behind the last.
#[inline(never)]
fn wnaf<C: Curve>(k: &[u8], width: usize) -> C::Naf {
    let mut digits = C::Naf::ZERO;
    let out = digits.as_mut();
    let bits = 8 * k.len();
    let bit_at = |i: usize| if i < bits { bit(k, i) } else { 0 };
    let (mut i, mut carry) = (0usize, 0u32);
    while i <= bits {
        if (bit_at(i) + carry) & 1 == 0 {
            carry = (bit_at(i) + carry) >> 1;
            i += 1;
            continue;
        }
        // An odd window value v below 2^w; above 2^(w-1) it becomes
        // v - 2^w and the 2^w moves on as a carry.
        let v = (0..width).fold(carry, |v, j| v + (bit_at(i + j) << j));
        let (digit, next) = if v > 1 << (width - 1) {
            (v as i32 - (1 << width), 1)
        } else {
            (v as i32, 0)
        };
        out[i / 2] |= ((digit as u8) & 15) << (4 * (i % 2));
        carry = next;
        i += width;
    }
    digits
}

/// acc + comb entry `idx` (non-zero), variable time; out of line so that
/// the entry is not in the caller's frame.
#[inline(never)]
fn add_comb_vartime<C: Curve>(acc: &mut Jacobian<C::Fe>, idx: usize) {
    acc.add_affine_vartime(&comb_entry::<C>(idx));
}

/// u1·G + u2·Q, variable time (everything is public when verifying): one
/// pass of b + 1 doublings (b = the scalars' bits) over u2's NAF with the
/// curve's odd multiples of Q (Q, 3Q, 5Q, 7Q: width 4; Q, 3Q: width 3),
/// and in the last s of them (s = the comb spacing) the comb columns of u1
/// (the table that [`mul_base`] uses). Every addition case (infinity,
/// equal, opposite points) is handled, so any scalars of b bits give the
/// right point.
#[inline(never)]
pub(super) fn mul_double_vartime<C: Curve>(
    u1: &[u8],
    u2: &[u8],
    q: &Affine<C::Fe>,
) -> Jacobian<C::Fe> {
    let mut table = C::Odd::splat(Jacobian::from(q));
    let odd = table.as_mut();
    // acc holds 2Q until the main loop.
    let mut acc = odd[0];
    acc.double();
    for i in 1..odd.len() {
        odd[i] = odd[i - 1];
        odd[i].add_vartime(&acc);
    }
    let digits = wnaf::<C>(u2, odd.len().trailing_zeros() as usize + 2);
    acc = Jacobian::INFINITY;
    for i in (0..=8 * u2.len()).rev() {
        if acc.is_infinity() == 0 {
            acc.double();
        }
        let d = naf_digit(digits.as_ref(), i);
        if d != 0 {
            let t = &odd[(d.unsigned_abs() >> 1) as usize];
            if d > 0 {
                acc.add_vartime(t);
            } else {
                // acc - t = -(-acc + t), without a negated copy of t.
                acc.y = acc.y.neg();
                acc.add_vartime(t);
                acc.y = acc.y.neg();
            }
        }
        if i < C::COMB_SPACING {
            let idx = comb_index::<C>(u1, i) as usize;
            if idx != 0 {
                add_comb_vartime::<C>(&mut acc, idx);
            }
        }
    }
    acc
}
