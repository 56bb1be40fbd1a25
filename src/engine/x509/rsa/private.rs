//! RSA private keys for TLS client authentication, parsed from DER, and
//! their RSASSA-PSS signatures for the rsa_pss_rsae_* schemes.
//!
//! The key is borrowed: [`RsaPrivateKey`] holds the DER `RSAPrivateKey`
//! (PKCS#1, RFC 8017 A.1.2) in the caller's memory, validated once when
//! parsed and taken apart again at each signature. A 4096-bit key with its
//! CRT values is about 2.3 KiB: kept by value it would grow every
//! connection's configuration, which lives in the connection's memory block.
//!
//! The arithmetic (the CRT private operation, the PSS encoding and the
//! fault check) is [`crate::engine::crypto::rsa::sign_pss`], which says what
//! it needs of the stack: that is why the feature `rsa` is for hosts (the
//! unix build), not boards.

use rand_core::CryptoRngCore;

use super::super::der::{self, tag, Reader};
use super::super::error::ParseError;
use super::super::signature::rsa_pss_rsae_hash;
use super::parse_public_key;
use crate::engine::crypto::rsa::{
    bit_length, factors_match, sign_pss, PrivateKeyParts, SignError, MAX_MODULUS_BITS, MIN_MODULUS_BITS,
};
use crate::engine::crypto::SignatureScheme;

/// An RSA private key borrowed from its DER `RSAPrivateKey` (two primes,
/// 2048 to 4096 bits, a public exponent from 3 to 2^32 - 1), checked when
/// parsed. Equality compares the DER. The DER holds the secret: the caller
/// that owns it overwrites it when the key is no longer used.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RsaPrivateKey<'a> {
    der: &'a [u8],
}

impl<'a> RsaPrivateKey<'a> {
    /// Parses and checks a DER `RSAPrivateKey`: version 0 (two primes;
    /// multi-prime keys are `UnsupportedKey`), every field present, a
    /// modulus of 2048 to 4096 bits (other sizes: `UnsupportedKey`), odd
    /// primes of at most half the size class each, CRT values below their
    /// primes, and p·q = n (`InvalidDer` otherwise).
    pub(crate) fn parse(der: &'a [u8]) -> Result<Self, ParseError> {
        let key = RsaPrivateKey { der };
        let parts = key.parts()?;
        let bits = bit_length(parts.n);
        if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) {
            return Err(ParseError::UnsupportedKey);
        }
        let odd = |value: &[u8]| value.last().is_some_and(|&byte| byte & 1 == 1);
        if !odd(parts.n) || !odd(parts.p) || !odd(parts.q) || parts.e & 1 == 0 || parts.e < 3 {
            return Err(ParseError::InvalidDer);
        }
        let nonzero_below = |value: &[u8], bound: &[u8]| !value.is_empty() && less_than(value, bound);
        if !nonzero_below(parts.d, parts.n)
            || !nonzero_below(parts.dp, parts.p)
            || !nonzero_below(parts.dq, parts.q)
            || !nonzero_below(parts.qinv, parts.p)
        {
            return Err(ParseError::InvalidDer);
        }
        // Primes too long for the size class (very unbalanced keys) are
        // not supported; a product other than n is not a key.
        match factors_match(&parts) {
            None => Err(ParseError::UnsupportedKey),
            Some(false) => Err(ParseError::InvalidDer),
            Some(true) => Ok(key),
        }
    }

    /// The fields (see [`PrivateKeyParts`]); `InvalidDer` if the DER is not an
    /// RSAPrivateKey, `UnsupportedKey` for a multi-prime key or a public
    /// exponent of more than 32 bits.
    pub(crate) fn parts(&self) -> Result<PrivateKeyParts<'a>, ParseError> {
        let invalid = |_| ParseError::InvalidDer;
        let mut fields = Reader::new(der::single(self.der, tag::SEQUENCE).map_err(invalid)?.value);
        match der::small_unsigned(fields.read(tag::INTEGER).map_err(invalid)?).map_err(invalid)? {
            0 => {}
            1 => return Err(ParseError::UnsupportedKey), // otherPrimeInfos follow
            _ => return Err(ParseError::InvalidDer),
        }
        let mut integer = || -> Result<&'a [u8], ParseError> {
            der::unsigned_magnitude(fields.read(tag::INTEGER).map_err(invalid)?).map_err(invalid)
        };
        let n = integer()?;
        let e = integer()?;
        let (d, p, q, dp, dq, qinv) = (integer()?, integer()?, integer()?, integer()?, integer()?, integer()?);
        fields.finish().map_err(invalid)?;
        if e.len() > 4 {
            return Err(ParseError::UnsupportedKey);
        }
        let e = e.iter().fold(0u32, |value, &byte| (value << 8) | u32::from(byte));
        Ok(PrivateKeyParts { n, e, d, p, q, dp, dq, qinv })
    }

    /// The modulus, big-endian without leading zeros.
    pub(crate) fn modulus(&self) -> &'a [u8] {
        self.parts().map_or(&[], |parts| parts.n)
    }

    /// The public exponent.
    pub(crate) fn public_exponent(&self) -> u32 {
        self.parts().map_or(0, |parts| parts.e)
    }

    /// Whether `rsa_public_key` (an RSAPublicKey, as in a certificate) is
    /// this key's public half.
    pub(crate) fn matches_public_key(&self, rsa_public_key: &[u8]) -> bool {
        parse_public_key(rsa_public_key)
            .is_ok_and(|public| public.modulus() == self.modulus() && public.exponent() == self.public_exponent())
    }

    /// A TLS 1.3 CertificateVerify signature under `scheme`,
    /// rsa_pss_rsae_sha256, _sha384 or _sha512: RSASSA-PSS-SIGN (RFC 8017
    /// 8.1.1) of `message` with the scheme's hash, MGF1 on the same hash and
    /// a random salt as long as the hash (RFC 8446 4.2.3), into `out`;
    /// returns the signature length, the modulus' byte length. The salt and
    /// the blinding factor come from `rng`. See
    /// [`crate::engine::crypto::rsa::sign_pss`].
    pub fn sign_tls13<R: CryptoRngCore>(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        rng: &mut R,
        out: &mut [u8],
    ) -> Result<usize, SignError> {
        let hash = rsa_pss_rsae_hash(scheme).ok_or(SignError::UnsupportedScheme)?;
        let parts = self.parts().map_err(|_| SignError::Failed)?;
        sign_pss(&parts, hash, message, rng, out)
    }
}

impl core::fmt::Debug for RsaPrivateKey<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("RsaPrivateKey(..)")
    }
}

/// Whether the magnitude `a` is below `b` (variable time: for the checks
/// when parsing, whose verdicts are public).
fn less_than(a: &[u8], b: &[u8]) -> bool {
    let strip = |value: &[u8]| -> usize { value.iter().position(|&byte| byte != 0).unwrap_or(value.len()) };
    let (a, b) = (&a[strip(a)..], &b[strip(b)..]);
    (a.len(), a) < (b.len(), b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::crypto::drbg::SeededRng;

    const LEAF_KEY_PKCS1_DER: &[u8] = include_bytes!("../../../../tests/fixtures/x509/rsa_leaf_key_pkcs1.der");

    #[test]
    fn sign_tls13_signs_with_the_schemes_hash_and_the_checked_key() {
        // dP of another key passes the parser's checks (it is below p) but
        // makes a wrong signature: sign_pss's check with e refuses it.
        let mut der = LEAF_KEY_PKCS1_DER.to_vec();
        let dp = RsaPrivateKey::parse(LEAF_KEY_PKCS1_DER).unwrap().parts().unwrap().dp;
        let at = dp.as_ptr() as usize - LEAF_KEY_PKCS1_DER.as_ptr() as usize + dp.len() / 2;
        der[at] ^= 0x10;
        let key = RsaPrivateKey::parse(&der).unwrap();
        let mut out = [0x55u8; 256];
        let mut rng = SeededRng::new([1; 32]);
        assert_eq!(key.sign_tls13(SignatureScheme::RsaPssRsaeSha256, b"message", &mut rng, &mut out), Err(SignError::Failed));
        assert!(out.iter().all(|&b| b == 0), "nothing of the faulty result is left");
        // The untouched key signs; other schemes do not.
        let key = RsaPrivateKey::parse(LEAF_KEY_PKCS1_DER).unwrap();
        assert_eq!(key.sign_tls13(SignatureScheme::RsaPssRsaeSha256, b"message", &mut rng, &mut out), Ok(256));
        assert_eq!(key.sign_tls13(SignatureScheme::EcdsaSecp256r1Sha256, b"message", &mut rng, &mut out), Err(SignError::UnsupportedScheme));
    }
}
