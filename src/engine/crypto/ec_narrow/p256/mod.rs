//! NIST P-256 (secp256r1): its field (`field`), comb table (`table`) and
//! constants, and the public interface on byte arrays: key generation,
//! ECDH, point validation, ECDSA with SHA-256 nonces.

mod field;
mod table;

pub(crate) use field::Fe;

use super::modn::{Modulus, Word};
use super::point::Jacobian;
use super::Curve;

/// The curve, for the generic code.
pub(crate) struct P256;

impl Curve for P256 {
    type Fe = Fe;
    type Bytes = [u8; 32];
    type Words = [Word; 18];
    type Naf = [u8; 130];
    // Width-4 NAF: Q, 3Q, 5Q, 7Q (480 bytes; verify's frame stays below
    // 1 KiB).
    type Odd = [Jacobian<Fe>; 4];
    const ORDER: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63,
        0x25, 0x51,
    ];
    const MODULUS: Modulus<[Word; 18]> = Modulus {
        n: [
            0x2551, 0x78c6, 0x2b0b, 0x1dce, 0x684f, 0x62f3, 0x2b69, 0x737d, 0x7fbc, 0x7fff, 0x7fff,
            0x7fff, 0x0fff, 0x0000, 0x4000, 0x7fff, 0x7fff, 0x0001,
        ],
        n0i: 0x3c4f,
        r2: [
            0x2c57, 0x110f, 0x11a5, 0x0bb2, 0x05e0, 0x260f, 0x0ab8, 0x5465, 0x6a9e, 0x320e, 0x1658,
            0x35f6, 0x292b, 0x4909, 0x3f05, 0x541d, 0x55ab, 0x0000,
        ],
    };
    const COMB_SPACING: usize = 64;

    fn comb_words(idx: usize) -> &'static [u32] {
        &table::COMB[idx - 1]
    }
}

super::curve_interface!(P256, 32, 65, 64, crate::engine::crypto::hash::HashAlg::Sha256);
