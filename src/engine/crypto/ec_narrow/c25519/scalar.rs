//! Scalars modulo the Ed25519 group order l = 2^252 +
//! 27742317777372353535851937790883648493, on `modn`'s 15-bit words (18 of
//! them: R = 2^270 > 2l). Ed25519 scalars are little-endian bytes.

use crate::engine::crypto::ec_narrow::modn::{self, Modulus, Word};

/// A value modulo l in 15-bit words.
pub(super) type Words = [Word; 18];

/// l and its Montgomery constants.
const L: Modulus<Words> = Modulus {
    n: [
        0x53ed, 0x39eb, 0x0c69, 0x4093, 0x4d65, 0x5ef3, 0x77a8, 0x6f7c, 0x0014, 0, 0, 0, 0, 0, 0,
        0, 0x1000, 0,
    ],
    n0i: 0x7e1b,
    r2: [
        0x7901, 0x4f3c, 0x2c99, 0x2ab9, 0x7ffb, 0x05b1, 0x214b, 0x4d15, 0x3ab3, 0x6b8c, 0x1972,
        0x7adf, 0x5217, 0x58e7, 0x773b, 0x04d1, 0x07c3, 0x0000,
    ],
};

/// R mod l: a Montgomery product with it reduces any x below R to x mod l.
const R_MOD_L: Words = [
    0x53ed, 0x1a83, 0x3d0c, 0x5d47, 0x48cc, 0x73c7, 0x000b, 0x3237, 0x042d, 0x7f59, 0x7fff,
    0x7fff, 0x7fff, 0x7fff, 0x7fff, 0x7fff, 0x0fff, 0x0000,
];

/// 2^255·R mod l: a Montgomery product with it gives x·2^255 mod l.
const R_2_255_MOD_L: Words = [
    0x40b6, 0x4222, 0x538a, 0x6f7a, 0x63b0, 0x184e, 0x4806, 0x0984, 0x6b97, 0x1972, 0x7adf,
    0x5217, 0x58e7, 0x773b, 0x04d1, 0x37c3, 0x0823, 0x0000,
];

/// Little-endian bytes as 15-bit words (`out` has room for every bit).
fn le_to_words(bytes: &[u8], out: &mut [Word]) {
    let mut be = [0u8; 64];
    let be = &mut be[..bytes.len()];
    be.copy_from_slice(bytes);
    be.reverse();
    crate::engine::crypto::ec_narrow::be_to_words(be, out, 15);
    zeroize::Zeroize::zeroize(be);
}

/// A value below l as 32 little-endian bytes.
pub(super) fn to_le(words: &Words) -> [u8; 32] {
    let mut out = [0u8; 32];
    modn::encode(words, &mut out);
    out.reverse();
    out
}

/// A 512-bit little-endian value (a SHA-512 hash) mod l, in constant time:
/// h = lo + hi·2^255 with lo below 2^255 (17 words) and hi below 2^257,
/// both below R, so two Montgomery products reduce them.
pub(super) fn reduce_wide(h: &[u8; 64]) -> Words {
    let mut words = [0; 36];
    le_to_words(h, &mut words);
    let mut lo = Words::default();
    let mut hi = Words::default();
    lo[..17].copy_from_slice(&words[..17]);
    hi.copy_from_slice(&words[17..35]);
    let mut out = modn::montymul(&hi, &R_2_255_MOD_L, &L);
    let low = modn::montymul(&lo, &R_MOD_L, &L);
    modn::add_mod(&mut out, &low, &L.n);
    for secret in [&mut lo[..], &mut hi[..], &mut words[..]] {
        zeroize::Zeroize::zeroize(secret);
    }
    out
}

/// The 32 little-endian bytes as words and whether they are below l (S of
/// a signature must be, RFC 8032 §5.1.7).
pub(super) fn from_canonical(bytes: &[u8; 32]) -> Option<Words> {
    let mut words = Words::default();
    le_to_words(bytes, &mut words);
    (modn::less_than(&words, &L.n) == 1).then_some(words)
}

/// r + k·a mod l for r, k below l and any a below 2^256 (a clamped Ed25519
/// secret scalar), in constant time.
pub(super) fn mul_add(r: &Words, k: &Words, a: &[u8; 32]) -> Words {
    let mut a_words = Words::default();
    le_to_words(a, &mut a_words);
    let mut a_mod = modn::montymul(&a_words, &R_MOD_L, &L);
    // k·a/R, then ·R²/R.
    let mut ka = modn::montymul(k, &a_mod, &L);
    let mut out = modn::montymul(&ka, &L.r2, &L);
    modn::add_mod(&mut out, r, &L.n);
    for secret in [&mut a_words, &mut a_mod, &mut ka] {
        zeroize::Zeroize::zeroize(secret);
    }
    out
}
