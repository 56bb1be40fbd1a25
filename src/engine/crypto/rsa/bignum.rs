//! Modular exponentiation with a public exponent, for RSA verification.
//!
//! Montgomery multiplication (CIOS: the reduction interleaved with the
//! product, HAC 14.36) over limb slices of the modulus' own length, so one
//! routine serves every key size, and a 2048-bit key costs a quarter of a
//! 4096-bit one. Everything is variable time: only public values (keys,
//! signatures) pass through here.
//!
//! Stack: four buffers of [`MAX_LIMBS`] limbs (the modulus, the base, the
//! accumulator and a product), 2 KiB for 4096-bit support; no tables.

use super::MAX_MODULUS_LEN;

#[cfg(target_pointer_width = "64")]
type Limb = u64;
#[cfg(target_pointer_width = "64")]
type Wide = u128;
#[cfg(not(target_pointer_width = "64"))]
type Limb = u32;
#[cfg(not(target_pointer_width = "64"))]
type Wide = u64;

/// Bits in a limb.
const LIMB_BITS: usize = Limb::BITS as usize;
/// Bytes in a limb.
const LIMB_BYTES: usize = LIMB_BITS / 8;
/// Limbs of the largest modulus.
const MAX_LIMBS: usize = MAX_MODULUS_LEN / LIMB_BYTES;

/// Computes `base^exponent mod modulus` into `out`, all big-endian, `out`
/// as long as `modulus`. Returns `false`, leaving `out` unspecified, unless
/// the modulus is odd, greater than 1 and at most [`MAX_MODULUS_LEN`] bytes,
/// `base` is less than it, `exponent` is not 0 and `out` has the right length.
///
/// Never inlined: its 2 KiB of locals stay out of the callers' frames.
#[inline(never)]
pub(super) fn pow_mod(modulus: &[u8], base: &[u8], exponent: u32, out: &mut [u8]) -> bool {
    let len = modulus.len().div_ceil(LIMB_BYTES);
    if len == 0
        || len > MAX_LIMBS
        || base.len() > len * LIMB_BYTES
        || out.len() != modulus.len()
        || exponent == 0
    {
        return false;
    }
    let mut n = [0; MAX_LIMBS];
    let n = &mut n[..len];
    from_be_bytes(modulus, n);
    let mut x = [0; MAX_LIMBS];
    let x = &mut x[..len];
    from_be_bytes(base, x);
    let bits = bit_length(n);
    if n[0] & 1 == 0 || bits < 2 || !less_than(x, n) {
        return false;
    }
    let n: &[Limb] = n;
    let n0 = neg_inverse(n[0]);
    let mut a = [0; MAX_LIMBS];
    let mut b = [0; MAX_LIMBS];
    let mut acc = &mut a[..len];
    let mut tmp = &mut b[..len];

    // R = 2^(LIMB_BITS * len). acc = R mod n (the Montgomery form of 1):
    // 2^(bits - 1) is below n (n is odd), doubled up to R.
    acc[(bits - 1) / LIMB_BITS] = 1 << ((bits - 1) % LIMB_BITS);
    for _ in bits - 1..LIMB_BITS * len {
        double_mod(acc, n);
    }
    // acc = R^2 mod n, the Montgomery form of 2^(LIMB_BITS * len): square
    // and double over the bits of that exponent (at most 13 squarings)
    // instead of thousands of doublings.
    let r_bits = LIMB_BITS * len;
    for bit in (0..usize::BITS - r_bits.leading_zeros()).rev() {
        mont_mul(tmp, acc, acc, n, n0);
        core::mem::swap(&mut acc, &mut tmp);
        if (r_bits >> bit) & 1 == 1 {
            double_mod(acc, n);
        }
    }
    // x in Montgomery form: x * R^2 / R.
    mont_mul(tmp, x, acc, n, n0);
    x.copy_from_slice(tmp);

    // Left-to-right square and multiply from the top bit of the exponent.
    acc.copy_from_slice(x);
    for bit in (0..u32::BITS - 1 - exponent.leading_zeros()).rev() {
        mont_mul(tmp, acc, acc, n, n0);
        core::mem::swap(&mut acc, &mut tmp);
        if (exponent >> bit) & 1 == 1 {
            mont_mul(tmp, acc, x, n, n0);
            core::mem::swap(&mut acc, &mut tmp);
        }
    }
    // Out of Montgomery form: acc * 1 / R.
    x.fill(0);
    x[0] = 1;
    mont_mul(tmp, acc, x, n, n0);
    to_be_bytes(tmp, out);
    true
}

/// `out = a * b / R mod n` for `a`, `b` below `n` (all of one length, `out`
/// distinct from the inputs); `n0 = -n^-1 mod 2^LIMB_BITS`.
fn mont_mul(out: &mut [Limb], a: &[Limb], b: &[Limb], n: &[Limb], n0: Limb) {
    let len = n.len();
    // Equal lengths, stated once, so the loops below need no bounds checks.
    let (out, a, b) = (&mut out[..len], &a[..len], &b[..len]);
    out.fill(0);
    // The running value t is out[..len] plus `top`; it stays below 2n.
    let mut top: Limb = 0;
    for &b_i in b {
        // t += a * b_i
        let mut carry = 0;
        for (t, &a_j) in out.iter_mut().zip(a) {
            (*t, carry) = mac(*t, a_j, b_i, carry);
        }
        let (sum, overflow) = top.overflowing_add(carry);
        top = sum;
        let top2 = Limb::from(overflow);
        // t = (t + m * n) / 2^LIMB_BITS, with m chosen to clear the low limb.
        let m = out[0].wrapping_mul(n0);
        let (_, mut carry) = mac(out[0], m, n[0], 0);
        for j in 1..len {
            (out[j - 1], carry) = mac(out[j], m, n[j], carry);
        }
        let (sum, overflow) = top.overflowing_add(carry);
        out[len - 1] = sum;
        top = top2 + Limb::from(overflow);
    }
    if top != 0 || !less_than(out, n) {
        sub_assign(out, n);
    }
}

/// `t + a * b + carry` as (low limb, high limb); cannot overflow.
#[inline(always)]
fn mac(t: Limb, a: Limb, b: Limb, carry: Limb) -> (Limb, Limb) {
    let wide = Wide::from(t) + Wide::from(a) * Wide::from(b) + Wide::from(carry);
    (wide as Limb, (wide >> LIMB_BITS) as Limb)
}

/// `x = 2x mod n`, for `x` below `n`.
fn double_mod(x: &mut [Limb], n: &[Limb]) {
    let mut carry = 0;
    for limb in x.iter_mut() {
        let next = *limb >> (LIMB_BITS - 1);
        *limb = (*limb << 1) | carry;
        carry = next;
    }
    if carry != 0 || !less_than(x, n) {
        sub_assign(x, n);
    }
}

/// `x -= n`, wrapping.
fn sub_assign(x: &mut [Limb], n: &[Limb]) {
    let mut borrow = false;
    for (limb, &subtrahend) in x.iter_mut().zip(n) {
        let (difference, borrow1) = limb.overflowing_sub(subtrahend);
        let (difference, borrow2) = difference.overflowing_sub(Limb::from(borrow));
        *limb = difference;
        borrow = borrow1 || borrow2;
    }
}

/// Whether `a < b` (same length, least significant limb first).
fn less_than(a: &[Limb], b: &[Limb]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// Number of significant bits.
fn bit_length(x: &[Limb]) -> usize {
    match x.iter().rposition(|&limb| limb != 0) {
        Some(top) => top * LIMB_BITS + (LIMB_BITS - x[top].leading_zeros() as usize),
        None => 0,
    }
}

/// `-n0^-1 mod 2^LIMB_BITS` for odd `n0`, by Newton's iteration (each step
/// doubles the correct low bits; `n0` is its own inverse modulo 8).
fn neg_inverse(n0: Limb) -> Limb {
    let mut inverse = n0;
    for _ in 0..5 {
        inverse = inverse.wrapping_mul((2 as Limb).wrapping_sub(n0.wrapping_mul(inverse)));
    }
    inverse.wrapping_neg()
}

/// Big-endian bytes into limbs (least significant first); `bytes` fits.
fn from_be_bytes(bytes: &[u8], limbs: &mut [Limb]) {
    limbs.fill(0);
    for (i, &byte) in bytes.iter().rev().enumerate() {
        limbs[i / LIMB_BYTES] |= Limb::from(byte) << (8 * (i % LIMB_BYTES));
    }
}

/// The low `out.len()` bytes of `limbs`, big-endian.
fn to_be_bytes(limbs: &[Limb], out: &mut [u8]) {
    for (i, byte) in out.iter_mut().rev().enumerate() {
        *byte = (limbs[i / LIMB_BYTES] >> (8 * (i % LIMB_BYTES))) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*, enough for test inputs.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: u128) -> u128 {
            ((u128::from(self.next()) << 64) | u128::from(self.next())) % n
        }
    }

    /// a * b mod n by doubling and adding, for n < 2^127.
    fn mul_mod_ref(a: u128, mut b: u128, n: u128) -> u128 {
        let (mut a, mut result) = (a % n, 0);
        while b != 0 {
            if b & 1 == 1 {
                result = (result + a) % n;
            }
            a = (a + a) % n;
            b >>= 1;
        }
        result
    }

    fn pow_mod_ref(base: u128, exponent: u32, n: u128) -> u128 {
        let mut result = 1 % n;
        for bit in (0..32).rev() {
            result = mul_mod_ref(result, result, n);
            if (exponent >> bit) & 1 == 1 {
                result = mul_mod_ref(result, base, n);
            }
        }
        result
    }

    fn bytes(value: u128, len: usize) -> Vec<u8> {
        value.to_be_bytes()[16 - len..].to_vec()
    }

    #[test]
    fn matches_reference_on_small_moduli() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        // Moduli of 1 to 16 bytes (1 or 2 limbs on 64-bit targets, up to 4
        // on 32-bit ones), some with a nearly empty top limb.
        for round in 0..3000 {
            let len = 1 + round % 16;
            let bits = 8 * len - (rng.next() % 8) as usize;
            let bits = bits.min(127);
            let mut n = rng.below(1u128 << bits) | (1u128 << (bits - 1)) | 1;
            if n == 1 {
                n = 3;
            }
            let base = rng.below(n);
            let exponent = match round % 4 {
                0 => 65537,
                1 => 3,
                2 => u32::MAX,
                _ => (rng.next() as u32) | 1,
            };
            let mut out = vec![0u8; len];
            assert!(pow_mod(
                &bytes(n, len),
                &bytes(base, len),
                exponent,
                &mut out
            ));
            assert_eq!(
                out,
                bytes(pow_mod_ref(base, exponent, n), len),
                "n={n} base={base} e={exponent}"
            );
        }
    }

    #[test]
    fn edge_values() {
        let n = bytes(0xffff_ffff_ffff_ffc5, 8); // the largest 64-bit prime
        let mut out = [0u8; 8];
        // 0, 1 and n - 1 as the base; exponent 1.
        for (base, exponent, expected) in [
            (0u128, 65537, 0u128),
            (1, 65537, 1),
            (0xffff_ffff_ffff_ffc4, 65537, 0xffff_ffff_ffff_ffc4),
            (0xffff_ffff_ffff_ffc4, 2, 1),
            (12345, 1, 12345),
        ] {
            assert!(pow_mod(&n, &bytes(base, 8), exponent, &mut out));
            assert_eq!(out.to_vec(), bytes(expected, 8));
        }
        // Shorter base input is zero-extended.
        assert!(pow_mod(&n, &[2], 10, &mut out));
        assert_eq!(out.to_vec(), bytes(1024, 8));
    }

    #[test]
    fn rejects_bad_inputs() {
        let mut out = [0u8; 2];
        // Even modulus, modulus 1, base = n, base > n, exponent 0, wrong out length.
        assert!(!pow_mod(&[0x01, 0x00], &[0x05], 3, &mut out));
        assert!(!pow_mod(&[0x00, 0x01], &[0x00], 3, &mut out));
        assert!(!pow_mod(&[0x01, 0x01], &[0x01, 0x01], 3, &mut out));
        assert!(!pow_mod(&[0x01, 0x01], &[0xff, 0xff], 3, &mut out));
        assert!(!pow_mod(&[0x01, 0x01], &[0x05], 0, &mut out));
        assert!(!pow_mod(&[0x01, 0x01], &[0x05], 3, &mut out[..1]));
        assert!(!pow_mod(&[], &[], 3, &mut []));
        assert!(!pow_mod(
            &[0xff; MAX_MODULUS_LEN + 1],
            &[1],
            3,
            &mut [0; MAX_MODULUS_LEN + 1]
        ));
        assert!(pow_mod(&[0x01, 0x01], &[0x05], 3, &mut out));
        assert_eq!(out, [0x00, 125]);
    }

    #[test]
    fn helpers() {
        for n0 in [1 as Limb, 3, 0xffff_fff1, Limb::MAX, 0x8000_0001] {
            assert_eq!(n0.wrapping_mul(neg_inverse(n0)), Limb::MAX, "{n0}");
        }
        let mut limbs = [0 as Limb; 3];
        let input: Vec<u8> = (1..=(2 * LIMB_BYTES + 1) as u8).collect();
        from_be_bytes(&input, &mut limbs);
        assert_eq!(limbs[2], 1);
        let mut back = vec![0u8; input.len()];
        to_be_bytes(&limbs, &mut back);
        assert_eq!(back, input);
        assert_eq!(bit_length(&limbs), 2 * LIMB_BITS + 1);
        assert_eq!(bit_length(&[0, 0]), 0);
    }
}
