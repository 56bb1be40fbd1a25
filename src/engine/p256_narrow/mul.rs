//! Scalar multiplications: k·G (fixed-base comb, constant time), k·P (2-bit
//! window, constant time) and u1·G + u2·Q (variable time, for verifying).
//! Scalars are 32 bytes, big-endian.

use super::field::Fe;
use super::point::{Affine, Jacobian};
use super::table::{comb_entry, COMB_SPACING};

/// Bit `i` (0 = least significant) of a big-endian scalar.
#[inline(always)]
fn bit(scalar: &[u8; 32], i: usize) -> u32 {
    u32::from(scalar[31 - i / 8] >> (i % 8)) & 1
}

/// 1 if a == b, else 0, without a branch.
#[inline(always)]
fn eq(a: u32, b: u32) -> u32 {
    let d = a ^ b;
    1 ^ ((d | d.wrapping_neg()) >> 31)
}

/// The comb column at bit `j`: bits j, j+64, j+128, j+192 of the scalar
/// as the 4-bit index of the table entry to add.
#[inline(always)]
fn comb_index(scalar: &[u8; 32], j: usize) -> u32 {
    (0..4).fold(0, |idx, row| {
        idx | bit(scalar, j + row * COMB_SPACING) << row
    })
}

/// The comb entry `idx` (1..=15) read in constant time: every entry is
/// read and masked. For idx = 0 the result is (0, 0), unused.
#[inline(never)]
fn comb_lookup(idx: u32) -> Affine {
    let mut acc = Affine {
        x: Fe::ZERO,
        y: Fe::ZERO,
    };
    for k in 1..=15u32 {
        let entry = comb_entry(k as usize);
        let flag = eq(idx, k);
        acc.x.select(&entry.x, flag);
        acc.y.select(&entry.y, flag);
    }
    acc
}

/// k·G for 0 < k < n, constant time in k: a comb with 4 teeth 64 bits
/// apart (64 doublings and 64 mixed additions, BearSSL's window method
/// needs 256 and 64). With k < n no addition meets an equal or opposite
/// point: before column j the accumulator holds c·G with
/// c = Σ_row 2^(64·row)·⌊k_row / 2^j⌋ ≤ k < n, and adding the column
/// gives 2c + t ≤ k, so 2c ≠ ±t unless both are 0 (handled by the flags).
#[inline(never)]
pub(super) fn mul_base(k: &[u8; 32]) -> Jacobian {
    let mut q = Jacobian::INFINITY;
    // 1 while q is still the point at infinity.
    let mut q_inf = 1u32;
    for j in (0..COMB_SPACING).rev() {
        q.double();
        let idx = comb_index(k, j);
        let nonzero = 1 ^ eq(idx, 0);
        let t = comb_lookup(idx);
        let mut sum = q;
        sum.add_affine(&t);
        q.select(&Jacobian::from(&t), nonzero & q_inf);
        q.select(&sum, nonzero & (q_inf ^ 1));
        q_inf &= nonzero ^ 1;
    }
    q
}

/// k·P for 0 < k < n and P on the curve, constant time in k: 2-bit
/// windows over P, 2P, 3P (BearSSL's p256_mul). As in [`mul_base`], the
/// accumulator c·P before a window and the window's t·P never meet as
/// equal or opposite points because 4c + t is a prefix of k < n.
#[inline(never)]
pub(super) fn mul(p: &Affine, k: &[u8; 32]) -> Jacobian {
    let p1 = Jacobian::from(p);
    let mut p2 = p1;
    p2.double();
    let mut p3 = p2;
    p3.add(&p1);
    let mut q = Jacobian::INFINITY;
    let mut q_inf = 1u32;
    for byte in k {
        for shift in [6u32, 4, 2, 0] {
            q.double();
            q.double();
            let bits = u32::from(*byte >> shift) & 3;
            let nonzero = 1 ^ eq(bits, 0);
            let mut t = p1;
            t.select(&p2, eq(bits, 2));
            t.select(&p3, eq(bits, 3));
            let mut sum = q;
            sum.add(&t);
            q.select(&t, nonzero & q_inf);
            q.select(&sum, nonzero & (q_inf ^ 1));
            q_inf &= nonzero ^ 1;
        }
    }
    q
}

/// Width-4 NAF digits, two 4-bit two's complement digits a byte (digit i
/// in the low half of byte i/2 when i is even): half the stack of i8s.
struct Naf([u8; 130]);

impl Naf {
    /// Digit `i`, in -7..=7.
    fn digit(&self, i: usize) -> i32 {
        let nibble = i32::from(self.0[i / 2] >> (4 * (i % 2))) & 15;
        (nibble ^ 8) - 8
    }
}

/// Width-4 NAF of a scalar: digits 0 or odd in -7..=7, at least three
/// zeros after each non-zero one, Σ d_i·2^i = the scalar. 257 digits
/// (a carry can reach bit 256) and room for the zeros behind the last.
#[inline(never)]
fn wnaf4(k: &[u8; 32]) -> Naf {
    let mut digits = Naf([0; 130]);
    let bit_at = |i: usize| if i < 256 { bit(k, i) } else { 0 };
    let (mut i, mut carry) = (0usize, 0u32);
    while i < 257 {
        if (bit_at(i) + carry) & 1 == 0 {
            carry = (bit_at(i) + carry) >> 1;
            i += 1;
            continue;
        }
        // An odd window value w in 1..=15; above 8 it becomes w - 16 and
        // the 16 moves on as a carry.
        let w = (0..4).fold(carry, |w, j| w + (bit_at(i + j) << j));
        let (digit, next) = if w > 8 {
            (w as i32 - 16, 1)
        } else {
            (w as i32, 0)
        };
        digits.0[i / 2] |= ((digit as u8) & 15) << (4 * (i % 2));
        carry = next;
        i += 4;
    }
    digits
}

/// u1·G + u2·Q, variable time (everything is public when verifying):
/// one pass of 257 doublings over u2's width-4 NAF with Q, 3Q, 5Q, 7Q,
/// and in the last 64 of them the comb columns of u1 (the table that
/// [`mul_base`] uses). Every addition case (infinity, equal, opposite
/// points) is handled, so any scalars below 2^256 give the right point.
#[inline(never)]
pub(super) fn mul_double_vartime(u1: &[u8; 32], u2: &[u8; 32], q: &Affine) -> Jacobian {
    let mut odd = [Jacobian::from(q); 4];
    // odd[3] holds 2Q until it is overwritten last.
    odd[3].double();
    for i in 1..4 {
        let q2 = odd[3];
        odd[i] = odd[i - 1];
        odd[i].add_vartime(&q2);
    }
    let digits = wnaf4(u2);
    let mut acc = Jacobian::INFINITY;
    for i in (0..257).rev() {
        if acc.is_infinity() == 0 {
            acc.double();
        }
        let d = digits.digit(i);
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
        if i < COMB_SPACING {
            let idx = comb_index(u1, i) as usize;
            if idx != 0 {
                acc.add_affine_vartime(&comb_entry(idx));
            }
        }
    }
    acc
}
