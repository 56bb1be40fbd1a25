//! RSA arithmetic (RFC 8017), behind the cargo feature `rsa`: the public
//! operation with PKCS#1 v1.5 and PSS verification, and the private
//! operation with PSS signing ([`private`]). Keys come in as their
//! integers; parsing them from DER is X.509's (`x509/rsa.rs`).
//!
//! The public arithmetic is the crate's own ([`bignum`]): crypto-bigint's
//! exponentiation keeps a window table of 16 values on the stack, frames
//! far beyond a small device's stack. Here a verification needs, below the
//! path search, `verify_pss` or `verify_pkcs1` (the 512-byte encoded
//! message), then `bignum::pow_mod` (four 512-byte numbers) and `mont_mul`:
//! less than a P-384 ECDSA verification needs (`make lx106` prints the
//! frames of the deepest path).

mod bignum;
mod pkcs1;
mod private;
mod pss;

pub use private::{factors_match, sign_pss, PrivateKeyParts, SignError};

use super::hash::HashAlg;

/// Smallest accepted modulus, in bits.
pub const MIN_MODULUS_BITS: usize = 2048;
/// Largest accepted modulus, in bits.
pub const MAX_MODULUS_BITS: usize = 4096;
/// Largest accepted modulus, in bytes.
pub const MAX_MODULUS_LEN: usize = MAX_MODULUS_BITS / 8;

/// An RSA public key: a modulus, big-endian without leading zeros, and a
/// public exponent. Its checks (sizes, odd values) are the parser's.
#[derive(Debug, Clone, Copy)]
pub struct RsaKey<'a> {
    modulus: &'a [u8],
    exponent: u32,
}

impl<'a> RsaKey<'a> {
    /// The key of `modulus` (big-endian, without leading zeros) and
    /// `exponent`.
    pub const fn new(modulus: &'a [u8], exponent: u32) -> Self {
        RsaKey { modulus, exponent }
    }

    /// The modulus, big-endian without leading zeros.
    pub fn modulus(&self) -> &'a [u8] {
        self.modulus
    }

    /// The public exponent.
    pub fn exponent(&self) -> u32 {
        self.exponent
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        // Parsed keys have no leading zero byte.
        8 * self.modulus.len()
            - self
                .modulus
                .first()
                .map_or(8, |b| b.leading_zeros() as usize)
    }
}

/// Why an RSA signature did not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyError {
    /// The modulus is longer than [`MAX_MODULUS_LEN`].
    UnsupportedKey,
    /// The signature is not the key's over this digest (or not as long as
    /// the modulus, or not below it).
    BadSignature,
}

/// RSAVP1 (RFC 8017 5.2.2): `signature^e mod n` into `out`, as many bytes
/// as the modulus. The signature must be exactly that long (8.1.2 and
/// 8.2.2 step 1) and below the modulus.
fn public_operation<'o>(
    key: &RsaKey<'_>,
    signature: &[u8],
    out: &'o mut [u8; MAX_MODULUS_LEN],
) -> Result<&'o mut [u8], VerifyError> {
    let out = out
        .get_mut(..key.modulus.len())
        .ok_or(VerifyError::UnsupportedKey)?;
    if signature.len() != key.modulus.len()
        || !bignum::pow_mod(key.modulus, signature, key.exponent, out)
    {
        return Err(VerifyError::BadSignature);
    }
    Ok(out)
}

/// RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 8.2.2), given the message digest.
#[inline(never)] // its 512-byte buffer stays out of the path search's frame
pub fn verify_pkcs1(
    key: &RsaKey<'_>,
    hash: HashAlg,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let mut buffer = [0u8; MAX_MODULUS_LEN];
    let em = public_operation(key, signature, &mut buffer)?;
    if pkcs1::pkcs1_encoding_matches(em, hash, digest) {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

/// RSASSA-PSS-VERIFY (RFC 8017 8.1.2) with MGF1 on the same hash and a
/// salt of `salt_len` bytes, given the message digest `m_hash`.
#[inline(never)] // its 512-byte buffer stays out of the path search's frame
pub fn verify_pss(
    key: &RsaKey<'_>,
    hash: HashAlg,
    salt_len: u32,
    m_hash: &[u8],
    signature: &[u8],
) -> Result<(), VerifyError> {
    let mut buffer = [0u8; MAX_MODULUS_LEN];
    let em = public_operation(key, signature, &mut buffer)?;
    // emBits = modBits - 1.
    if pss::pss_encoding_matches(em, key.bits() - 1, hash, salt_len, m_hash) {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

/// Number of significant bits of a big-endian magnitude.
pub fn bit_length(value: &[u8]) -> usize {
    match value.iter().position(|&byte| byte != 0) {
        Some(first) => 8 * (value.len() - first) - value[first].leading_zeros() as usize,
        None => 0,
    }
}
