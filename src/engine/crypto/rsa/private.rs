//! RSA private-key operations: RSASSA-PSS signatures (RFC 8017 8.1.1)
//! for the rsa_pss_rsae_* schemes, on a key given as its integers
//! ([`PrivateKeyParts`]; X.509 parses and checks them).
//!
//! The private operation (RSASP1) uses the CRT values and base blinding,
//! with crypto-bigint's constant-time Montgomery arithmetic
//! ([`DynResidue`]: multiplication, exponentiation with a fixed window over
//! every exponent bit, inversion by a fixed number of steps). What its timing
//! can show is sizes only: the moduli's limb counts (the key size) and the
//! primes' bit lengths (half the modulus' for every usual key). Each result
//! is checked with the public exponent before it leaves (a fault in the
//! computation could otherwise give the factors away: Boneh, DeMillo and
//! Lipton). The secret values this module holds (the primes and CRT
//! values as integers, residues modulo the primes, the blinding factor and
//! the intermediate results) are overwritten when done; the copies
//! crypto-bigint makes in its own frames (it passes values by value) stay
//! on the stack until later calls overwrite them.
//!
//! Stack: the arithmetic runs in fixed-size integers of the key's size class
//! (2048, 3072 or 4096 bits; primes of half that): for a 4096-bit key,
//! residues of 256 bytes (primes) and 512 bytes (the modulus) that each
//! carry a copy of their modulus' parameters, and crypto-bigint's const
//! functions pass such values by value: the modulus' parameter set-up and
//! its inversion take the most, and a handshake that signs needs many
//! times a board's stack (measured by tests/engine/peer.rs'
//! `stack_high_water_with_rsa_client_keys`; figures in README.md, Engine).
//! Each step of [`crt`] is a function of its own, so their frames never add
//! up, and the signing entry point is never inlined. That is why the
//! feature `rsa` is for hosts (the unix build), not boards.

use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{Limb, NonZero, RandomMod, Uint, Word, U1024, U1536, U2048, U3072, U4096};
use rand_core::CryptoRngCore;
use zeroize::Zeroize;

use super::pss::pss_encode;
use super::{bignum, bit_length, MAX_MODULUS_LEN};
use crate::engine::crypto::hash::{HashAlg, MAX_SIGNATURE_HASH_LEN};

/// Why an RSA signature could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignError {
    /// Not an rsa_pss_rsae_* scheme.
    UnsupportedScheme,
    /// `out` is shorter than the modulus.
    BufferTooSmall,
    /// The result did not verify with the public key (a fault, or a key
    /// whose CRT values do not belong to it), or the blinding factor was
    /// not invertible: nothing was written.
    Failed,
}

/// The fields of an RSAPrivateKey: big-endian magnitudes without leading
/// zero bytes, and the public exponent.
#[derive(Clone, Copy)]
pub struct PrivateKeyParts<'a> {
    /// The modulus.
    pub n: &'a [u8],
    /// The public exponent.
    pub e: u32,
    /// The private exponent.
    pub d: &'a [u8],
    /// The first prime.
    pub p: &'a [u8],
    /// The second prime.
    pub q: &'a [u8],
    /// d mod (p - 1).
    pub dp: &'a [u8],
    /// d mod (q - 1).
    pub dq: &'a [u8],
    /// q^-1 mod p.
    pub qinv: &'a [u8],
}

/// RSASSA-PSS-SIGN (RFC 8017 8.1.1) of `message` with `hash`, MGF1 on
/// the same hash and a random salt as long as the hash (the
/// rsa_pss_rsae_* schemes, RFC 8446 4.2.3), into `out`; returns the
/// signature length, the modulus' byte length. The salt and the
/// blinding factor come from `rng`. `parts` must be a key's that X.509's
/// parser checked (`x509::RsaPrivateKey`).
///
/// Never inlined: its frames (see the module notes) stay out of every
/// other path's.
#[inline(never)]
pub fn sign_pss<R: CryptoRngCore>(
    parts: &PrivateKeyParts<'_>,
    hash: HashAlg,
    message: &[u8],
    rng: &mut R,
    out: &mut [u8],
) -> Result<usize, SignError> {
    let k = parts.n.len();
    let out = out.get_mut(..k).ok_or(SignError::BufferTooSmall)?;
    let mut m_hash = [0u8; MAX_SIGNATURE_HASH_LEN];
    let m_hash = hash.digest(message, &mut m_hash);
    let mut salt = [0u8; MAX_SIGNATURE_HASH_LEN];
    let salt = &mut salt[..hash.output_len()];
    rng.fill_bytes(salt);
    // EM is public (the signature reveals it), and so is the salt.
    let mut em = [0u8; MAX_MODULUS_LEN];
    let em = &mut em[..k];
    // emBits = modBits - 1.
    let Some(em_bits) = bit_length(parts.n).checked_sub(1) else {
        return Err(SignError::Failed);
    };
    if !pss_encode(em, em_bits, hash, m_hash, salt) {
        return Err(SignError::Failed);
    }
    let signed = private_operation(parts, em, rng, out);
    // The fault check: s^e mod n must give EM back.
    let mut check = [0u8; MAX_MODULUS_LEN];
    let check = &mut check[..k];
    if signed.is_err() || !bignum::pow_mod(parts.n, out, parts.e, check) || check != em {
        out.fill(0);
        return Err(SignError::Failed);
    }
    Ok(k)
}

/// The integer sizes a key's arithmetic runs in, from its modulus length.
#[derive(Clone, Copy)]
enum SizeClass {
    Bits2048,
    Bits3072,
    Bits4096,
}

impl SizeClass {
    fn of(modulus: &[u8]) -> SizeClass {
        match modulus.len() {
            0..=256 => SizeClass::Bits2048,
            257..=384 => SizeClass::Bits3072,
            _ => SizeClass::Bits4096,
        }
    }
}

/// RSASP1 (RFC 8017 5.2.1) of `input` (below n, as long as n) into `out`
/// (as long as n): `input^d mod n` by the CRT, blinded with a random `r`
/// (the exponentiations see `input · r^e`, unrelated to `input`; the result
/// is multiplied by `r^-1`). `Err` if `r` was not invertible (it would be a
/// factor of n) or a prime does not fit the size class (parsed keys fit).
fn private_operation<R: CryptoRngCore>(
    parts: &PrivateKeyParts<'_>,
    input: &[u8],
    rng: &mut R,
    out: &mut [u8],
) -> Result<(), SignError> {
    match SizeClass::of(parts.n) {
        SizeClass::Bits2048 => crt::<{ U2048::LIMBS }, { U1024::LIMBS }, R>(parts, input, rng, out),
        SizeClass::Bits3072 => crt::<{ U3072::LIMBS }, { U1536::LIMBS }, R>(parts, input, rng, out),
        SizeClass::Bits4096 => crt::<{ U4096::LIMBS }, { U2048::LIMBS }, R>(parts, input, rng, out),
    }
}

/// Whether p·q = n, in the integers of n's size class (2048, 3072 or
/// 4096 bits); `None` if a prime or n does not fit it.
pub fn factors_match(parts: &PrivateKeyParts<'_>) -> Option<bool> {
    match SizeClass::of(parts.n) {
        SizeClass::Bits2048 => product_is::<{ U2048::LIMBS }, { U1024::LIMBS }>(parts),
        SizeClass::Bits3072 => product_is::<{ U3072::LIMBS }, { U1536::LIMBS }>(parts),
        SizeClass::Bits4096 => product_is::<{ U4096::LIMBS }, { U2048::LIMBS }>(parts),
    }
}

/// Whether p·q = n, in integers of `N` limbs (primes of `P = N / 2`);
/// `None` if a prime or n does not fit.
fn product_is<const N: usize, const P: usize>(parts: &PrivateKeyParts<'_>) -> Option<bool> {
    let (mut p, mut q) = (uint::<P>(parts.p)?, uint::<P>(parts.q)?);
    let n = uint::<N>(parts.n)?;
    let (low, high) = p.mul_wide(&q);
    let product = join::<N, P>(&low, &high);
    p.zeroize();
    q.zeroize();
    Some(product == n)
}

/// The CRT private operation in integers of `N` limbs (n) and `P = N / 2`
/// limbs (the primes). See [`private_operation`].
///
/// Each step is a function of its own, never inlined, that sets up the
/// parameters of its modulus itself: their residues (each carrying a copy
/// of the parameters, 2.5 KiB for a 4096-bit n) and exponentiation tables
/// never share the stack with the other steps'. Only integers pass between
/// them.
#[inline(never)]
fn crt<const N: usize, const P: usize, R: CryptoRngCore>(
    parts: &PrivateKeyParts<'_>,
    input: &[u8],
    rng: &mut R,
    out: &mut [u8],
) -> Result<(), SignError> {
    debug_assert_eq!(N, 2 * P);
    let fits = |value: &[u8], limbs: usize| value.len() <= limbs * Limb::BYTES;
    if ![parts.p, parts.q, parts.dp, parts.dq, parts.qinv].iter().all(|value| fits(value, P))
        || !fits(parts.n, N)
        || input.len() > parts.n.len()
        || out.len() != parts.n.len()
    {
        return Err(SignError::Failed);
    }
    let n = uint::<N>(parts.n).ok_or(SignError::Failed)?;
    let (mut c, mut r_inverse) = blind::<N, R>(&n, parts.e, input, rng)?;
    let mut s_p = half_exponentiation::<N, P>(&c, parts.p, parts.dp);
    let mut s_q = half_exponentiation::<N, P>(&c, parts.q, parts.dq);
    c.zeroize();
    let mut s = recombine::<N, P>(parts, &s_p, &s_q);
    s_p.zeroize();
    s_q.zeroize();
    let mut signature = multiply_mod::<N>(&n, &s, &r_inverse);
    s.zeroize();
    r_inverse.zeroize();
    write_be(&signature, out);
    signature.zeroize();
    Ok(())
}

/// The blinding: a random `r` below n; returns `input · r^e mod n` and
/// `r^-1 mod n` (which exists unless r shares a factor with n: never, in
/// practice; `Err` then).
fn blind<const N: usize, R: CryptoRngCore>(
    n: &Uint<N>,
    e: u32,
    input: &[u8],
    rng: &mut R,
) -> Result<(Uint<N>, Uint<N>), SignError> {
    let modulus = Option::from(NonZero::new(*n)).ok_or(SignError::Failed)?;
    let mut r = Uint::<N>::random_mod(rng, &modulus);
    let inverse = inverse_mod(n, &r);
    let blinded = uint::<N>(input).map(|input| times_power(n, &input, &r, e));
    r.zeroize();
    match (blinded, inverse) {
        (Some(blinded), Some(inverse)) => Ok((blinded, inverse)),
        (mut blinded, mut inverse) => {
            blinded.zeroize();
            inverse.zeroize();
            Err(SignError::Failed)
        }
    }
}

/// `x^-1 mod n`, if it exists (constant time in `x`).
#[inline(never)]
fn inverse_mod<const N: usize>(n: &Uint<N>, x: &Uint<N>) -> Option<Uint<N>> {
    let mut residue = DynResidue::new(x, DynResidueParams::new(n));
    let (mut inverse, invertible) = residue.invert();
    let mut result = inverse.retrieve();
    residue.zeroize();
    inverse.zeroize();
    if bool::from(invertible) {
        Some(result)
    } else {
        result.zeroize();
        None
    }
}

/// `x · r^e mod n`, `r^e` by square and multiply over the bits of the
/// public exponent `e` (no window table, unlike `pow`).
#[inline(never)]
fn times_power<const N: usize>(n: &Uint<N>, x: &Uint<N>, r: &Uint<N>, e: u32) -> Uint<N> {
    let params = DynResidueParams::new(n);
    let mut base = DynResidue::new(r, params);
    let mut power = base;
    for bit in (0..u32::BITS - 1 - e.leading_zeros()).rev() {
        power = power.square();
        if (e >> bit) & 1 == 1 {
            power *= base;
        }
    }
    base.zeroize();
    let mut product = DynResidue::new(x, params) * power;
    power.zeroize();
    let result = product.retrieve();
    product.zeroize();
    result
}

/// `a · b mod n` (the unblinding).
#[inline(never)]
fn multiply_mod<const N: usize>(n: &Uint<N>, a: &Uint<N>, b: &Uint<N>) -> Uint<N> {
    let params = DynResidueParams::new(n);
    let mut residues = [DynResidue::new(a, params), DynResidue::new(b, params)];
    let [a, b] = &residues;
    let mut product = a * b;
    let result = product.retrieve();
    product.zeroize();
    residues.zeroize();
    result
}

/// `c^d mod prime` for the `N`-limb `c` (any value below 2^(N limbs)).
/// The prime's parameters and the residues are overwritten when done.
#[inline(never)]
fn half_exponentiation<const N: usize, const P: usize>(c: &Uint<N>, prime: &[u8], d: &[u8]) -> Uint<P> {
    let mut prime = uint::<P>(prime).unwrap_or(Uint::ONE);
    let mut params = DynResidueParams::new(&prime);
    // The exponent is below the prime: as many bits as the prime (which
    // the parameters' computation shows anyway: half the modulus' for
    // usual keys).
    let bits = prime.bits_vartime();
    prime.zeroize();
    let blank = DynResidue::zero(DynResidueParams::<P>::new(&Uint::ONE));
    let mut reduced = reduce::<N, P>(c, &params, &blank);
    let mut exponent = uint::<P>(d).unwrap_or(Uint::ZERO);
    let mut power = reduced.pow_bounded_exp(&exponent, bits);
    exponent.zeroize();
    let result = power.retrieve();
    wipe(&mut reduced, blank);
    wipe(&mut power, blank);
    wipe(&mut params, *blank.params());
    result
}

/// `c` modulo the prime of `params`, for the `N`-limb `c`: by Montgomery
/// arithmetic, as `c_low + c_high · R mod prime` with `R = 2^(P limbs)`,
/// with no division by the secret prime. Its residues are overwritten with
/// `blank` when done.
#[inline(never)]
fn reduce<const N: usize, const P: usize>(
    c: &Uint<N>,
    params: &DynResidueParams<P>,
    blank: &DynResidue<P>,
) -> DynResidue<P> {
    let (mut low, mut high) = split::<N, P>(c);
    // One's Montgomery form is R mod prime: as a residue, the value R.
    let mut one = DynResidue::one(*params);
    let mut residues = [
        DynResidue::new(&low, *params),
        DynResidue::new(&high, *params),
        DynResidue::new(one.as_montgomery(), *params),
    ];
    low.zeroize();
    high.zeroize();
    let [low_residue, high_residue, big_r] = &residues;
    let reduced = low_residue + high_residue * big_r;
    for residue in residues.iter_mut().chain([&mut one]) {
        wipe(residue, *blank);
    }
    reduced
}

/// Garner's recombination: `s = s_q + q · (qInv · (s_p - s_q) mod p)`,
/// below n.
#[inline(never)]
fn recombine<const N: usize, const P: usize>(parts: &PrivateKeyParts<'_>, s_p: &Uint<P>, s_q: &Uint<P>) -> Uint<N> {
    let mut p = uint::<P>(parts.p).unwrap_or(Uint::ONE);
    let mut params = DynResidueParams::new(&p);
    p.zeroize();
    let blank = DynResidue::zero(DynResidueParams::<P>::new(&Uint::ONE));
    let mut qinv = uint::<P>(parts.qinv).unwrap_or(Uint::ZERO);
    // s_q may be above p (q > p): a residue takes any value below R.
    let mut residues = [DynResidue::new(s_p, params), DynResidue::new(s_q, params), DynResidue::new(&qinv, params)];
    qinv.zeroize();
    let [a, b, inverse] = &residues;
    let mut h_residue = (a - b) * inverse;
    let mut h = h_residue.retrieve();
    for residue in residues.iter_mut().chain([&mut h_residue]) {
        wipe(residue, blank);
    }
    wipe(&mut params, *blank.params());
    let mut q = uint::<P>(parts.q).unwrap_or(Uint::ZERO);
    let (mut low, mut high) = q.mul_wide(&h);
    let mut s_q_wide = s_q.resize::<N>();
    let s = join::<N, P>(&low, &high).wrapping_add(&s_q_wide);
    for secret in [&mut q, &mut h, &mut low, &mut high] {
        secret.zeroize();
    }
    s_q_wide.zeroize();
    s
}

/// Overwrites a value that holds secrets with `blank` (for crypto-bigint's
/// types whose fields are private); `black_box` keeps the store from being
/// removed as dead (best effort, as [`Zeroize`] without `unsafe`).
fn wipe<T>(secret: &mut T, blank: T) {
    *secret = blank;
    core::hint::black_box(secret);
}

/// A big-endian magnitude as an `L`-limb integer; `None` if it is longer.
fn uint<const L: usize>(bytes: &[u8]) -> Option<Uint<L>> {
    if bytes.len() > L * Limb::BYTES {
        return None;
    }
    let mut words = [0 as Word; L];
    for (i, &byte) in bytes.iter().rev().enumerate() {
        words[i / Limb::BYTES] |= Word::from(byte) << (8 * (i % Limb::BYTES));
    }
    let value = Uint::from_words(words);
    words.zeroize();
    Some(value)
}

/// Writes `value` big-endian into all of `out` (its low bytes).
fn write_be<const L: usize>(value: &Uint<L>, out: &mut [u8]) {
    let words = value.as_words();
    for (i, byte) in out.iter_mut().rev().enumerate() {
        *byte = words.get(i / Limb::BYTES).map_or(0, |word| (word >> (8 * (i % Limb::BYTES))) as u8);
    }
}

/// The `N`-limb integer `low + high · 2^(P limbs)`.
fn join<const N: usize, const P: usize>(low: &Uint<P>, high: &Uint<P>) -> Uint<N> {
    let mut words = [0 as Word; N];
    words[..P].copy_from_slice(low.as_words());
    words[P..2 * P].copy_from_slice(high.as_words());
    let value = Uint::from_words(words);
    words.zeroize();
    value
}

/// The low and high `P`-limb halves of an `N`-limb integer.
fn split<const N: usize, const P: usize>(value: &Uint<N>) -> (Uint<P>, Uint<P>) {
    let (mut low, mut high) = ([0 as Word; P], [0 as Word; P]);
    low.copy_from_slice(&value.as_words()[..P]);
    high.copy_from_slice(&value.as_words()[P..2 * P]);
    let halves = (Uint::from_words(low), Uint::from_words(high));
    low.zeroize();
    high.zeroize();
    halves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::crypto::drbg::SeededRng;

    /// A 512-bit key (rsa_key_bits.py 512): too small to parse, enough for
    /// the arithmetic, which runs it in the 2048-bit size class.
    const SMALL: [&str; 8] = [
        "bc4f0b09578eea3eb72f017667e2d59f44cdf66ca781531a46db07e559726257c2240def07c594da381a3a4f5098f82df4cd364698c34e83f4c4a320fe6fc555",
        "010001",
        "02e4b807b1b7b973b33edea7e21ac32b8a541bd8398eac2738357f5e8fcc4924874ad1bd306576827de95ea5b0caabcdda1682b8f4460ac0b92f29bca5364b01",
        "eea1f8dd18c0149999538168e30802d1f38ab8f009a84115c5e7611675923841",
        "ca0378fa00a6b35cbb48bdb7080a5308a5e704b82e3fa74b1ddc42da3ee72815",
        "93b38549b42c0f9412a6f10e6e9762c778aa80557264c60427fe52c587f7fd01",
        "7dd00bd827efaa65667eb728f6e8f72dbba5555b1ff2a4ce339aaa482244f4c1",
        "5a59f9fa42fc4c3863610cbb98ce53c1fbe02336fa3782b7d4fcd6bc3b55c87d",
    ];
    /// (0x1234567890abcdef << 200)^d mod n, by Python's pow.
    const SMALL_EXPECTED: &str = "ba3797fd14f9afcc9baf73b1b63d8ba5de73d8f53738ecc1e35407fa51889c8e724458889a64fe66ecab32763705ef6a85fd5529f983e246f5bc81d75bd852a8";

    const LEAF_KEY_PKCS1_DER: &[u8] = include_bytes!("../../../../tests/fixtures/x509/rsa_leaf_key_pkcs1.der");

    /// The fields of a DER RSAPrivateKey (a fixture's; keys are parsed and
    /// checked in X.509): short and long lengths, leading zeros stripped.
    fn fixture_parts(der: &[u8]) -> PrivateKeyParts<'_> {
        fn element(input: &[u8], tag: u8) -> (&[u8], &[u8]) {
            assert_eq!(input[0], tag);
            let (len, header) = match input[1] {
                short @ 0..=0x7f => (usize::from(short), 2),
                long => {
                    let count = usize::from(long & 0x7f);
                    (input[2..2 + count].iter().fold(0, |len, &byte| len << 8 | usize::from(byte)), 2 + count)
                }
            };
            input[header..].split_at(len)
        }
        let (mut fields, _) = element(der, 0x30);
        let mut integers = [&[][..]; 9];
        for integer in &mut integers {
            let (value, rest) = element(fields, 0x02);
            *integer = &value[value.iter().position(|&byte| byte != 0).unwrap_or(value.len())..];
            fields = rest;
        }
        let [_version, n, e, d, p, q, dp, dq, qinv] = integers;
        let e = e.iter().fold(0, |value, &byte| value << 8 | u32::from(byte));
        PrivateKeyParts { n, e, d, p, q, dp, dq, qinv }
    }

    fn unhex(hex: &str) -> Vec<u8> {
        (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
    }

    /// `input^d mod n` the plain way: no CRT, no blinding.
    fn without_crt(parts: &PrivateKeyParts<'_>, input: &[u8]) -> Vec<u8> {
        const L: usize = U4096::LIMBS;
        let params = DynResidueParams::new(&uint::<L>(parts.n).unwrap());
        let power = DynResidue::new(&uint::<L>(input).unwrap(), params)
            .pow_bounded_exp(&uint::<L>(parts.d).unwrap(), 8 * parts.d.len());
        let mut out = vec![0u8; parts.n.len()];
        write_be(&power.retrieve(), &mut out);
        out
    }

    fn with_crt(parts: &PrivateKeyParts<'_>, input: &[u8], seed: u8) -> Result<Vec<u8>, SignError> {
        let mut out = vec![0u8; parts.n.len()];
        private_operation(parts, input, &mut SeededRng::new([seed; 32]), &mut out)?;
        Ok(out)
    }

    #[test]
    fn crt_with_blinding_equals_the_plain_exponentiation() {
        let small: Vec<Vec<u8>> = SMALL.iter().map(|hex| unhex(hex)).collect();
        let small = PrivateKeyParts {
            n: &small[0],
            e: 65537,
            d: &small[2],
            p: &small[3],
            q: &small[4],
            dp: &small[5],
            dq: &small[6],
            qinv: &small[7],
        };
        let mut input = vec![0u8; 64];
        input[64 - 25 - 8..64 - 25].copy_from_slice(&0x1234567890abcdef_u64.to_be_bytes());
        let expected = unhex(SMALL_EXPECTED);
        assert_eq!(without_crt(&small, &input), expected);
        // Whatever the blinding factor.
        for seed in 0..4 {
            assert_eq!(with_crt(&small, &input, seed), Ok(expected.clone()), "seed {seed}");
        }
        // The fixture's 2048-bit key, on inputs of every size.
        let parts = fixture_parts(LEAF_KEY_PKCS1_DER);
        for input in [&[0u8][..], &[1], &[2; 100], &[0x7f; 256], &parts.n[..255]] {
            let mut padded = vec![0u8; 256 - input.len()];
            padded.extend_from_slice(input);
            assert_eq!(with_crt(&parts, &padded, 9), Ok(without_crt(&parts, &padded)));
        }
        // An input longer than the modulus.
        assert_eq!(with_crt(&parts, &[1; 257], 9), Err(SignError::Failed));
    }

    /// A generator of zeros only.
    struct Zeros;

    impl rand_core::RngCore for Zeros {
        fn next_u32(&mut self) -> u32 {
            0
        }
        fn next_u64(&mut self) -> u64 {
            0
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            dest.fill(0);
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            dest.fill(0);
            Ok(())
        }
    }

    impl rand_core::CryptoRng for Zeros {}

    #[test]
    fn the_blinding_factor_comes_from_the_generator() {
        // r = 0 has no inverse: the operation is refused rather than made
        // unblinded.
        let parts = fixture_parts(LEAF_KEY_PKCS1_DER);
        let mut out = [0u8; 256];
        assert_eq!(private_operation(&parts, &[5], &mut Zeros, &mut out), Err(SignError::Failed));
        assert_eq!(sign_pss(&parts, HashAlg::Sha256, b"message", &mut Zeros, &mut out), Err(SignError::Failed));
        assert!(out.iter().all(|&b| b == 0));
    }

    #[test]
    fn a_wrong_result_is_never_sent() {
        // dP of another key (it passes the parser's checks: it is below p)
        // makes a wrong signature: the check with e refuses it.
        let mut der = LEAF_KEY_PKCS1_DER.to_vec();
        let dp = fixture_parts(LEAF_KEY_PKCS1_DER).dp;
        let at = dp.as_ptr() as usize - LEAF_KEY_PKCS1_DER.as_ptr() as usize + dp.len() / 2;
        der[at] ^= 0x10;
        let mut out = [0x55u8; 256];
        let mut rng = SeededRng::new([1; 32]);
        assert_eq!(sign_pss(&fixture_parts(&der), HashAlg::Sha256, b"message", &mut rng, &mut out), Err(SignError::Failed));
        assert!(out.iter().all(|&b| b == 0), "nothing of the faulty result is left");
        // The untouched key signs; short buffers do not.
        let parts = fixture_parts(LEAF_KEY_PKCS1_DER);
        assert_eq!(sign_pss(&parts, HashAlg::Sha256, b"message", &mut rng, &mut out), Ok(256));
        assert_eq!(sign_pss(&parts, HashAlg::Sha256, b"message", &mut rng, &mut out[..255]), Err(SignError::BufferTooSmall));
    }
}
