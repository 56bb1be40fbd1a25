//! RSA signature verification (RFC 8017), behind the cargo feature `rsa`.
//!
//! - Keys: rsaEncryption SubjectPublicKeyInfo (RSAPublicKey with NULL
//!   parameters), moduli of 2048 to 4096 bits, odd public exponents from 3
//!   to 2^32 - 1. Other sizes and larger exponents are
//!   [`CertError::UnsupportedAlgorithm`]. id-RSASSA-PSS keys (a key bound to
//!   PSS by its SubjectPublicKeyInfo) are not supported either: the CA/Browser
//!   Forum does not allow them, and using them in TLS would need the
//!   rsa_pss_pss_* schemes.
//! - Certificate signatures: sha256/384/512WithRSAEncryption (PKCS#1 v1.5)
//!   and id-RSASSA-PSS with SHA-256/384/512, MGF1 with the same hash and any
//!   salt length.
//! - TLS 1.3 CertificateVerify: rsa_pss_rsae_sha256/384/512 (salt as long as
//!   the hash, RFC 8446 4.2.3); see [`verify_tls13_pss`].
//!
//! The arithmetic is the crate's own ([`bignum`]): crypto-bigint's
//! exponentiation keeps a window table of 16 values on the stack, frames
//! far beyond a small device's stack. Here a verification needs, below the
//! path search, `verify_pss` or `verify_pkcs1` (the 512-byte encoded
//! message), then `bignum::pow_mod` (four 512-byte numbers) and `mont_mul`:
//! less than a P-384 ECDSA verification needs (`make lx106` prints the
//! frames of the deepest path).

mod bignum;
mod private;

pub use private::{RsaPrivateKey, SignError as RsaSignError};

use super::der::{self, tag, Reader};
use super::error::CertError;
use super::oid;
use super::signature::{Hash, SignatureAlgorithm, SubjectPublicKey, MAX_HASH_LEN};

/// Smallest accepted modulus, in bits.
pub(crate) const MIN_MODULUS_BITS: usize = 2048;
/// Largest accepted modulus, in bits.
pub(crate) const MAX_MODULUS_BITS: usize = 4096;
/// Largest accepted modulus, in bytes.
pub(crate) const MAX_MODULUS_LEN: usize = MAX_MODULUS_BITS / 8;

/// The DER tag of NULL.
const NULL: u8 = tag::NULL;

/// An RSA public key borrowed from a certificate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RsaKey<'a> {
    /// Big-endian, without leading zeros.
    modulus: &'a [u8],
    exponent: u32,
}

impl<'a> RsaKey<'a> {
    /// Parses an RSAPublicKey (RFC 8017 A.1.1), the subjectPublicKey of an
    /// rsaEncryption key, and checks it is usable.
    pub(crate) fn parse(rsa_public_key: &'a [u8]) -> Result<Self, CertError> {
        let malformed = |_| CertError::Malformed;
        let sequence = der::single(rsa_public_key, tag::SEQUENCE).map_err(malformed)?;
        let mut reader = Reader::new(sequence.value);
        let modulus = der::unsigned_magnitude(reader.read(tag::INTEGER).map_err(malformed)?)
            .map_err(malformed)?;
        let exponent = der::unsigned_magnitude(reader.read(tag::INTEGER).map_err(malformed)?)
            .map_err(malformed)?;
        reader.finish().map_err(malformed)?;

        let &[first, ..] = modulus else {
            return Err(CertError::Malformed);
        };
        let bits = 8 * modulus.len() - first.leading_zeros() as usize;
        if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) {
            return Err(CertError::UnsupportedAlgorithm);
        }
        if exponent.len() > 4 {
            return Err(CertError::UnsupportedAlgorithm);
        }
        let exponent = exponent
            .iter()
            .fold(0u32, |value, &byte| (value << 8) | u32::from(byte));
        // An even modulus or exponent, or e = 1, is not an RSA key.
        if modulus[modulus.len() - 1] & 1 == 0 || exponent & 1 == 0 || exponent < 3 {
            return Err(CertError::Malformed);
        }
        Ok(RsaKey { modulus, exponent })
    }

    /// The modulus length in bits.
    fn bits(&self) -> usize {
        // Parsed keys have no leading zero byte.
        8 * self.modulus.len()
            - self
                .modulus
                .first()
                .map_or(8, |b| b.leading_zeros() as usize)
    }
}

/// An RSA public key copied out of a certificate (as in
/// [`PublicKey`](super::PublicKey)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RsaPublicKey {
    modulus: heapless::Vec<u8, MAX_MODULUS_LEN, u16>,
    exponent: u32,
}

impl RsaPublicKey {
    /// A key with an empty modulus, to [`assign`](Self::assign) to.
    pub(crate) const EMPTY: RsaPublicKey = RsaPublicKey {
        modulus: heapless::Vec::new(),
        exponent: 0,
    };

    /// Copies a parsed key into this one, in place.
    pub(crate) fn assign(&mut self, key: &RsaKey<'_>) -> Result<(), CertError> {
        self.modulus.clear();
        self.modulus.extend_from_slice(key.modulus).map_err(|_| CertError::Malformed)?;
        self.exponent = key.exponent;
        Ok(())
    }

    /// The key as [`RsaKey`].
    pub(crate) fn key(&self) -> RsaKey<'_> {
        RsaKey {
            modulus: &self.modulus,
            exponent: self.exponent,
        }
    }

    /// The modulus, big-endian without leading zeros.
    pub(crate) fn modulus(&self) -> &[u8] {
        &self.modulus
    }

    /// The public exponent.
    pub(crate) fn exponent(&self) -> u32 {
        self.exponent
    }
}

/// Decodes an RSA signature AlgorithmIdentifier: `algorithm` is its OID and
/// `parameters` reads the rest. `Ok(None)` if the OID is not an RSA one.
pub(crate) fn parse_signature_algorithm(
    algorithm: &[u8],
    parameters: &mut Reader<'_>,
) -> der::Result<Option<SignatureAlgorithm>> {
    let hash = match algorithm {
        oid::SHA256_WITH_RSA => Hash::Sha256,
        oid::SHA384_WITH_RSA => Hash::Sha384,
        oid::SHA512_WITH_RSA => Hash::Sha512,
        oid::RSASSA_PSS => {
            let pss = parse_pss_parameters(parameters.read(tag::SEQUENCE)?)?;
            parameters.finish()?;
            return Ok(Some(pss));
        }
        _ => return Ok(None),
    };
    // RFC 4055 5: the parameters are NULL; absent ones are accepted too.
    read_null_or_absent(parameters)?;
    parameters.finish()?;
    Ok(Some(SignatureAlgorithm::RsaPkcs1(hash)))
}

/// Whether a SubjectPublicKeyInfo AlgorithmIdentifier (its OID and its
/// parameters) is rsaEncryption with the NULL parameters RFC 3279 requires.
pub(crate) fn is_rsa_encryption(algorithm: &[u8], parameters: &[u8]) -> bool {
    algorithm == oid::RSA_ENCRYPTION && parameters == [NULL, 0]
}

fn read_null_or_absent(reader: &mut Reader<'_>) -> der::Result<()> {
    match reader.read_optional(NULL)? {
        Some([]) | None => Ok(()),
        Some(_) => Err(der::Error),
    }
}

/// Decodes RSASSA-PSS-params (RFC 4055 3.1). Hashes other than
/// SHA-256/384/512 (the default is SHA-1), and an MGF1 hash other than the
/// message hash, give [`SignatureAlgorithm::Unsupported`].
fn parse_pss_parameters(parameters: &[u8]) -> der::Result<SignatureAlgorithm> {
    let mut reader = Reader::new(parameters);
    let hash = match reader.read_optional(tag::context_constructed(0))? {
        Some(explicit) => parse_hash_algorithm(der::single(explicit, tag::SEQUENCE)?.value)?,
        None => None, // SHA-1
    };
    let mgf1_hash = match reader.read_optional(tag::context_constructed(1))? {
        Some(explicit) => {
            let mut mgf = Reader::new(der::single(explicit, tag::SEQUENCE)?.value);
            let id = mgf.read(tag::OID)?;
            let hash_algorithm = mgf.read(tag::SEQUENCE)?;
            mgf.finish()?;
            match id {
                oid::MGF1 => parse_hash_algorithm(hash_algorithm)?,
                _ => None,
            }
        }
        None => None, // MGF1 with SHA-1
    };
    let salt_len = match reader.read_optional(tag::context_constructed(2))? {
        Some(explicit) => der::small_unsigned(der::single(explicit, tag::INTEGER)?.value)?,
        None => 20,
    };
    // trailerField: only trailerFieldBC (1) is defined.
    if let Some(explicit) = reader.read_optional(tag::context_constructed(3))? {
        if der::small_unsigned(der::single(explicit, tag::INTEGER)?.value)? != 1 {
            return Err(der::Error);
        }
    }
    reader.finish()?;
    Ok(match (hash, mgf1_hash) {
        (Some(hash), Some(mgf1_hash)) if hash == mgf1_hash => {
            SignatureAlgorithm::RsaPss { hash, salt_len }
        }
        _ => SignatureAlgorithm::Unsupported,
    })
}

/// Decodes a hash AlgorithmIdentifier (contents); `None` for other hashes.
fn parse_hash_algorithm(algorithm_identifier: &[u8]) -> der::Result<Option<Hash>> {
    let mut reader = Reader::new(algorithm_identifier);
    let id = reader.read(tag::OID)?;
    read_null_or_absent(&mut reader)?;
    reader.finish()?;
    Ok(match id {
        oid::SHA256 => Some(Hash::Sha256),
        oid::SHA384 => Some(Hash::Sha384),
        oid::SHA512 => Some(Hash::Sha512),
        _ => None,
    })
}

/// Verifies an RSA certificate signature (`algorithm` is `RsaPkcs1` or
/// `RsaPss`) over `signed_data` with the issuer's key.
///
/// An EC or Ed25519 issuer key gives `BadSignature` (it cannot have made an
/// RSA signature), an unknown key type `UnsupportedAlgorithm`.
pub(crate) fn verify_signed_digest(
    issuer_key: &SubjectPublicKey<'_>,
    algorithm: SignatureAlgorithm,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    if !issuer_key.rsa {
        return Err(match issuer_key.is_known_type() {
            true => CertError::BadSignature,
            false => CertError::UnsupportedAlgorithm,
        });
    }
    let key = RsaKey::parse(issuer_key.key)?;
    match algorithm {
        SignatureAlgorithm::RsaPkcs1(hash) => verify_pkcs1(&key, hash, digest, signature),
        SignatureAlgorithm::RsaPss { hash, salt_len } => {
            verify_pss(&key, hash, salt_len, digest, signature)
        }
        _ => Err(CertError::UnsupportedAlgorithm),
    }
}

/// Verifies a TLS 1.3 rsa_pss_rsae_* signature: RSASSA-PSS with `hash`,
/// MGF1 with `hash`, and a salt as long as the hash (RFC 8446 4.2.3).
pub(crate) fn verify_tls13_pss(
    key: &RsaPublicKey,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    let mut digest = [0u8; MAX_HASH_LEN];
    let digest = hash.digest(message, &mut digest);
    verify_pss(&key.key(), hash, hash.len() as u32, digest, signature)
}

/// RSAVP1 (RFC 8017 5.2.2): `signature^e mod n` into `out`, as many bytes
/// as the modulus. The signature must be exactly that long (8.1.2 and
/// 8.2.2 step 1) and below the modulus.
fn public_operation<'o>(
    key: &RsaKey<'_>,
    signature: &[u8],
    out: &'o mut [u8; MAX_MODULUS_LEN],
) -> Result<&'o mut [u8], CertError> {
    let out = out
        .get_mut(..key.modulus.len())
        .ok_or(CertError::UnsupportedAlgorithm)?;
    if signature.len() != key.modulus.len()
        || !bignum::pow_mod(key.modulus, signature, key.exponent, out)
    {
        return Err(CertError::BadSignature);
    }
    Ok(out)
}

/// The DER DigestInfo up to the digest itself (RFC 8017 9.2 note 1), with
/// the NULL parameters; the form without them is not accepted.
fn digest_info_prefix(hash: Hash) -> &'static [u8] {
    match hash {
        Hash::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        Hash::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        Hash::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

/// RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 8.2.2), given the message digest.
#[inline(never)] // its 512-byte buffer stays out of the path search's frame
fn verify_pkcs1(
    key: &RsaKey<'_>,
    hash: Hash,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    let mut buffer = [0u8; MAX_MODULUS_LEN];
    let em = public_operation(key, signature, &mut buffer)?;
    if pkcs1_encoding_matches(em, hash, digest) {
        Ok(())
    } else {
        Err(CertError::BadSignature)
    }
}

/// Whether `em` is the whole EMSA-PKCS1-v1_5 encoding of `digest`:
/// `0x00 0x01 0xff.. 0x00 DigestInfo`, at least 8 bytes of 0xff.
fn pkcs1_encoding_matches(em: &[u8], hash: Hash, digest: &[u8]) -> bool {
    let prefix = digest_info_prefix(hash);
    let Some(padding_len) = em.len().checked_sub(prefix.len() + digest.len()) else {
        return false;
    };
    let (padding, digest_info) = em.split_at(padding_len);
    let [0x00, 0x01, ff @ .., 0x00] = padding else {
        return false;
    };
    ff.len() >= 8
        && ff.iter().all(|&b| b == 0xff)
        && digest_info[..prefix.len()] == *prefix
        && digest_info[prefix.len()..] == *digest
}

/// RSASSA-PSS-VERIFY (RFC 8017 8.1.2) with MGF1 on the same hash and a
/// salt of `salt_len` bytes, given the message digest `m_hash`.
#[inline(never)] // its 512-byte buffer stays out of the path search's frame
fn verify_pss(
    key: &RsaKey<'_>,
    hash: Hash,
    salt_len: u32,
    m_hash: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    let mut buffer = [0u8; MAX_MODULUS_LEN];
    let em = public_operation(key, signature, &mut buffer)?;
    // emBits = modBits - 1.
    if pss_encoding_matches(em, key.bits() - 1, hash, salt_len, m_hash) {
        Ok(())
    } else {
        Err(CertError::BadSignature)
    }
}

/// EMSA-PSS-VERIFY (RFC 8017 9.1.2): whether `em` (the RSAVP1 output, as
/// long as the modulus) encodes the message whose digest is `m_hash` in
/// `em_bits` bits. Unmasks `em` in place.
fn pss_encoding_matches(
    em: &mut [u8],
    em_bits: usize,
    hash: Hash,
    salt_len: u32,
    m_hash: &[u8],
) -> bool {
    let em_len = em_bits.div_ceil(8);
    // The modulus has em_bits + 1 bits. When that is 8k + 1 the encoded
    // message is one byte shorter than the modulus, and that byte is 0.
    if em.len() != (em_bits + 1).div_ceil(8) {
        return false;
    }
    let em = match em.len() - em_len {
        0 => em,
        _ => match em {
            [0, rest @ ..] => rest,
            _ => return false,
        },
    };
    let h_len = hash.len();
    let Some(db_len) = em_len.checked_sub(h_len + 1) else {
        return false;
    };
    let Some(padding_len) = usize::try_from(salt_len)
        .ok()
        .and_then(|salt_len| db_len.checked_sub(salt_len))
        .and_then(|rest| rest.checked_sub(1))
    else {
        return false;
    };
    let (masked_db, rest) = em.split_at_mut(db_len);
    let (h, trailer) = rest.split_at(h_len);
    if trailer != [0xbc] {
        return false;
    }
    // The bits above emBits must be zero.
    let top_mask = 0xffu8 >> (8 * em_len - em_bits);
    if masked_db[0] & !top_mask != 0 {
        return false;
    }
    mgf1_xor(hash, h, masked_db);
    masked_db[0] &= top_mask;
    let db = masked_db;
    let (padding, rest) = db.split_at(padding_len);
    let Some((&0x01, salt)) = rest.split_first() else {
        return false;
    };
    if padding.iter().any(|&b| b != 0) {
        return false;
    }
    let mut expected = [0u8; MAX_HASH_LEN];
    hash.digest_parts(&[&[0u8; 8], m_hash, salt], &mut expected) == h
}

/// EMSA-PSS-ENCODE (RFC 8017 9.1.1) of the message whose digest is
/// `m_hash`, with `salt` and MGF1 on `hash`, in `em_bits` bits, into all of
/// `em` (as long as the modulus: when that has one byte more than the
/// encoding, the first byte is 0). `false` if `em` is not that long or too
/// short for the hash and salt.
pub(crate) fn pss_encode(em: &mut [u8], em_bits: usize, hash: Hash, m_hash: &[u8], salt: &[u8]) -> bool {
    let em_len = em_bits.div_ceil(8);
    let h_len = hash.len();
    if em.len() != (em_bits + 1).div_ceil(8) || em_len < h_len + salt.len() + 2 {
        return false;
    }
    let (zero, em) = em.split_at_mut(em.len() - em_len);
    zero.fill(0);
    let (db, rest) = em.split_at_mut(em_len - h_len - 1);
    let (h, trailer) = rest.split_at_mut(h_len);
    let mut digest = [0u8; MAX_HASH_LEN];
    h.copy_from_slice(hash.digest_parts(&[&[0u8; 8], m_hash, salt], &mut digest));
    trailer[0] = 0xbc;
    // DB = PS (zeros) || 0x01 || salt, masked; the bits above emBits cleared.
    let (padding, rest) = db.split_at_mut(db.len() - salt.len() - 1);
    padding.fill(0);
    rest[0] = 0x01;
    rest[1..].copy_from_slice(salt);
    mgf1_xor(hash, h, db);
    db[0] &= 0xffu8 >> (8 * em_len - em_bits);
    true
}

/// `out ^= MGF1(seed)` (RFC 8017 B.2.1), as long as `out`.
fn mgf1_xor(hash: Hash, seed: &[u8], out: &mut [u8]) {
    let mut block = [0u8; MAX_HASH_LEN];
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(hash.len())) {
        let mask = hash.digest_parts(&[seed, &counter.to_be_bytes()], &mut block);
        for (byte, mask) in chunk.iter_mut().zip(mask) {
            *byte ^= mask;
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A DER INTEGER of the non-negative big-endian `magnitude`.
    pub(crate) fn integer(magnitude: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        if magnitude.first().is_some_and(|&b| b >= 0x80) {
            body.push(0);
        }
        body.extend_from_slice(magnitude);
        der_encode(tag::INTEGER, &body)
    }

    /// A DER element (short or long length).
    pub(crate) fn der_encode(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match body.len() {
            len @ 0..=0x7f => out.push(len as u8),
            len @ 0x80..=0xff => out.extend([0x81, len as u8]),
            len => out.extend([0x82, (len >> 8) as u8, len as u8]),
        }
        out.extend_from_slice(body);
        out
    }

    fn rsa_public_key(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
        der_encode(
            tag::SEQUENCE,
            &[integer(modulus), integer(exponent)].concat(),
        )
    }

    fn modulus(bits: usize) -> Vec<u8> {
        let mut n = vec![0xffu8; bits.div_ceil(8)];
        n[0] = 0xff >> (8 * n.len() - bits);
        n
    }

    #[test]
    fn key_sizes_and_exponents() {
        let e = [0x01, 0x00, 0x01];
        for bits in [2048, 2049, 3072, 4095, 4096] {
            let der = rsa_public_key(&modulus(bits), &e);
            let key = RsaKey::parse(&der).unwrap();
            assert_eq!(key.bits(), bits);
            assert_eq!(key.exponent, 65537);
        }
        for bits in [512, 1024, 2047, 4097, 8192] {
            assert_eq!(
                RsaKey::parse(&rsa_public_key(&modulus(bits), &e)).unwrap_err(),
                CertError::UnsupportedAlgorithm,
                "{bits}"
            );
        }
        let n = modulus(2048);
        for (exponent, expected) in [
            (&[0x03][..], Ok(3)),
            (&[0xff, 0xff, 0xff, 0xff], Ok(u32::MAX)),
            (
                &[0x01, 0x00, 0x00, 0x00, 0x01],
                Err(CertError::UnsupportedAlgorithm),
            ),
            (&[0x01], Err(CertError::Malformed)),
            (&[0x01, 0x00, 0x00], Err(CertError::Malformed)),
            (&[], Err(CertError::Malformed)),
        ] {
            assert_eq!(
                RsaKey::parse(&rsa_public_key(&n, exponent)).map(|key| key.exponent),
                expected,
                "{exponent:?}"
            );
        }
        // An even modulus; a zero modulus; trailing data; a negative modulus.
        let mut even = n.clone();
        *even.last_mut().unwrap() = 0xfe;
        assert_eq!(
            RsaKey::parse(&rsa_public_key(&even, &e)).unwrap_err(),
            CertError::Malformed
        );
        assert_eq!(
            RsaKey::parse(&rsa_public_key(&[], &e)).unwrap_err(),
            CertError::Malformed
        );
        let mut trailing = rsa_public_key(&n, &e);
        trailing.push(0);
        assert_eq!(RsaKey::parse(&trailing).unwrap_err(), CertError::Malformed);
        let negative = der_encode(
            tag::SEQUENCE,
            &[der_encode(tag::INTEGER, &n), integer(&e)].concat(),
        );
        assert_eq!(RsaKey::parse(&negative).unwrap_err(), CertError::Malformed);
    }

    fn algorithm(der: &[u8]) -> der::Result<Option<SignatureAlgorithm>> {
        let mut reader = Reader::new(der);
        let id = reader.read(tag::OID)?;
        parse_signature_algorithm(id, &mut reader)
    }

    fn oid_tlv(id: &[u8]) -> Vec<u8> {
        der_encode(tag::OID, id)
    }

    fn hash_algorithm(id: &[u8], null: bool) -> Vec<u8> {
        let mut body = oid_tlv(id);
        if null {
            body.extend([NULL, 0]);
        }
        der_encode(tag::SEQUENCE, &body)
    }

    fn explicit(n: u8, body: &[u8]) -> Vec<u8> {
        der_encode(tag::context_constructed(n), body)
    }

    fn pss(fields: &[Vec<u8>]) -> Vec<u8> {
        [
            oid_tlv(oid::RSASSA_PSS),
            der_encode(tag::SEQUENCE, &fields.concat()),
        ]
        .concat()
    }

    fn mgf1(hash: &[u8]) -> Vec<u8> {
        explicit(
            1,
            &der_encode(
                tag::SEQUENCE,
                &[oid_tlv(oid::MGF1), hash_algorithm(hash, true)].concat(),
            ),
        )
    }

    #[test]
    fn signature_algorithm_identifiers() {
        let pkcs1 = |id: &[u8], params: &[u8]| [oid_tlv(id), params.to_vec()].concat();
        assert_eq!(
            algorithm(&pkcs1(oid::SHA256_WITH_RSA, &[NULL, 0])),
            Ok(Some(SignatureAlgorithm::RsaPkcs1(Hash::Sha256)))
        );
        assert_eq!(
            algorithm(&pkcs1(oid::SHA512_WITH_RSA, &[])),
            Ok(Some(SignatureAlgorithm::RsaPkcs1(Hash::Sha512)))
        );
        assert!(algorithm(&pkcs1(oid::SHA384_WITH_RSA, &[NULL, 1, 0])).is_err());
        assert!(algorithm(&pkcs1(oid::SHA384_WITH_RSA, &[0x30, 0])).is_err());
        assert!(algorithm(&pkcs1(oid::SHA384_WITH_RSA, &[NULL, 0, NULL, 0])).is_err());
        assert_eq!(algorithm(&pkcs1(oid::ECDSA_WITH_SHA256, &[])), Ok(None));

        let sha384 = explicit(0, &hash_algorithm(oid::SHA384, false));
        let salt = |n: u8| explicit(2, &integer(&[n]));
        assert_eq!(
            algorithm(&pss(&[sha384.clone(), mgf1(oid::SHA384), salt(48)])),
            Ok(Some(SignatureAlgorithm::RsaPss {
                hash: Hash::Sha384,
                salt_len: 48
            }))
        );
        // Default salt length 20; explicit trailerField 1.
        assert_eq!(
            algorithm(&pss(&[
                sha384.clone(),
                mgf1(oid::SHA384),
                explicit(3, &integer(&[1]))
            ])),
            Ok(Some(SignatureAlgorithm::RsaPss {
                hash: Hash::Sha384,
                salt_len: 20
            }))
        );
        // SHA-1 defaults, a different MGF1 hash, SHA-1 MGF1, another MGF.
        let unsupported = Ok(Some(SignatureAlgorithm::Unsupported));
        assert_eq!(algorithm(&pss(&[])), unsupported);
        assert_eq!(algorithm(&pss(core::slice::from_ref(&sha384))), unsupported);
        assert_eq!(
            algorithm(&pss(&[sha384.clone(), mgf1(oid::SHA256)])),
            unsupported
        );
        let sha1 = [0x2b, 0x0e, 0x03, 0x02, 0x1a];
        assert_eq!(algorithm(&pss(&[sha384.clone(), mgf1(&sha1)])), unsupported);
        let other_mgf = explicit(
            1,
            &der_encode(
                tag::SEQUENCE,
                &[oid_tlv(oid::SHA384), hash_algorithm(oid::SHA384, true)].concat(),
            ),
        );
        assert_eq!(algorithm(&pss(&[sha384.clone(), other_mgf])), unsupported);
        // Malformed: trailerField 2, fields out of order, missing parameters,
        // trailing data.
        assert!(algorithm(&pss(&[sha384.clone(), explicit(3, &integer(&[2]))])).is_err());
        assert!(algorithm(&pss(&[mgf1(oid::SHA384), sha384.clone()])).is_err());
        assert!(algorithm(&oid_tlv(oid::RSASSA_PSS)).is_err());
        let mut trailing = pss(&[sha384, mgf1(oid::SHA384)]);
        trailing.extend([NULL, 0]);
        assert!(algorithm(&trailing).is_err());
    }

    fn pkcs1_em(len: usize, hash: Hash, digest: &[u8]) -> Vec<u8> {
        let prefix = digest_info_prefix(hash);
        let mut em = vec![0x00, 0x01];
        em.resize(len - prefix.len() - digest.len() - 1, 0xff);
        em.push(0x00);
        em.extend_from_slice(prefix);
        em.extend_from_slice(digest);
        em
    }

    #[test]
    fn pkcs1_encoding() {
        for hash in [Hash::Sha256, Hash::Sha384, Hash::Sha512] {
            let digest = vec![0x5a; hash.len()];
            let em = pkcs1_em(256, hash, &digest);
            assert!(pkcs1_encoding_matches(&em, hash, &digest));
            // Every byte matters: the header, the padding, the separator,
            // the DigestInfo and the digest.
            for at in [
                0,
                1,
                2,
                100,
                255 - digest.len() - 19,
                256 - digest.len() - 10,
                255,
            ] {
                let mut bad = em.clone();
                bad[at] ^= 0x01;
                assert!(!pkcs1_encoding_matches(&bad, hash, &digest), "{at}");
            }
            // Another hash's DigestInfo with a digest of the same length
            // is impossible; another hash is refused.
            let other = if hash == Hash::Sha256 {
                Hash::Sha384
            } else {
                Hash::Sha256
            };
            assert!(!pkcs1_encoding_matches(
                &em,
                other,
                &vec![0x5a; other.len()]
            ));
        }
        // The shortest padding (8 bytes of 0xff), one byte less, too short.
        let digest = [1u8; 32];
        let shortest = 11 + 19 + 32;
        assert!(pkcs1_encoding_matches(
            &pkcs1_em(shortest, Hash::Sha256, &digest),
            Hash::Sha256,
            &digest
        ));
        let mut short = pkcs1_em(shortest, Hash::Sha256, &digest);
        short.remove(2);
        assert!(!pkcs1_encoding_matches(&short, Hash::Sha256, &digest));
        assert!(!pkcs1_encoding_matches(&[0, 1, 0], Hash::Sha256, &digest));
        assert!(!pkcs1_encoding_matches(&[], Hash::Sha256, &digest));
    }

    /// EMSA-PSS-ENCODE (RFC 8017 9.1.1), into as many bytes as a modulus of
    /// `em_bits + 1` bits.
    fn pss_em(em_bits: usize, hash: Hash, salt: &[u8], message: &[u8]) -> Vec<u8> {
        let mut m_hash = [0u8; MAX_HASH_LEN];
        let m_hash = hash.digest(message, &mut m_hash);
        let mut em = vec![0xa5; (em_bits + 1).div_ceil(8)];
        assert!(pss_encode(&mut em, em_bits, hash, m_hash, salt));
        em
    }

    #[test]
    fn pss_encoding() {
        let message = b"message";
        for (em_bits, hash, salt_len) in [
            (2047, Hash::Sha256, 32),
            (2048, Hash::Sha256, 32), // a 2049-bit modulus: emLen = k - 1
            (2049, Hash::Sha384, 48),
            (4095, Hash::Sha512, 64),
            (2047, Hash::Sha256, 0),
            (2047, Hash::Sha384, 20),
            (2047, Hash::Sha512, 2047 / 8 - 64 - 2), // the longest salt
        ] {
            let salt: Vec<u8> = (0..salt_len as u8).collect();
            let em = pss_em(em_bits, hash, &salt, message);
            let check = |em: &[u8], salt_len: u32, message: &[u8]| {
                let mut digest = [0u8; MAX_HASH_LEN];
                let digest = hash.digest(message, &mut digest);
                pss_encoding_matches(&mut em.to_vec(), em_bits, hash, salt_len, digest)
            };
            assert!(
                check(&em, salt_len, message),
                "{em_bits} {hash:?} {salt_len}"
            );
            assert!(!check(&em, salt_len, b"other"));
            assert!(!check(&em, salt_len + 1, message));
            if salt_len > 0 {
                assert!(!check(&em, salt_len - 1, message));
            }
            assert!(!check(&em, u32::MAX, message));
            // Any flipped bit: in the masked DB, in H, in the trailer, in the
            // top bits or the leading byte that must be zero.
            for at in [0, 1, em.len() / 2, em.len() - 2, em.len() - 1] {
                for mask in [0x01, 0x80] {
                    let mut bad = em.clone();
                    bad[at] ^= mask;
                    assert!(!check(&bad, salt_len, message), "{em_bits} {at} {mask}");
                }
            }
            // Wrong lengths.
            assert!(!check(&em[1..], salt_len, message));
            assert!(!check(&[&[0][..], &em].concat(), salt_len, message));
            // Another hash.
            let other = if hash == Hash::Sha256 {
                Hash::Sha512
            } else {
                Hash::Sha256
            };
            let mut digest = [0u8; MAX_HASH_LEN];
            let digest = other.digest(message, &mut digest);
            assert!(!pss_encoding_matches(
                &mut em.clone(),
                em_bits,
                other,
                salt_len,
                digest
            ));
        }
        // Encodings that do not fit: the longest salt plus one; a buffer
        // not as long as the modulus.
        let mut em = vec![0u8; 256];
        let longest = 256 - 64 - 2;
        assert!(pss_encode(&mut em, 2047, Hash::Sha512, &[1; 64], &vec![2; longest]));
        assert!(!pss_encode(&mut em, 2047, Hash::Sha512, &[1; 64], &vec![2; longest + 1]));
        assert!(!pss_encode(&mut em[..255], 2047, Hash::Sha256, &[1; 32], &[2; 32]));
        assert!(!pss_encode(&mut em, 2048 + 8, Hash::Sha256, &[1; 32], &[2; 32]));
        // Degenerate sizes do not panic.
        for em_bits in 0..80 {
            for len in 0..12 {
                let mut em = vec![0xbc; len];
                assert!(!pss_encoding_matches(
                    &mut em,
                    em_bits,
                    Hash::Sha256,
                    0,
                    b""
                ));
            }
        }
    }

    /// RFC 8448 section 3: the server's CertificateVerify, rsa_pss_rsae_sha256
    /// by an RSA-1024 key (too small for [`RsaKey::parse`], so taken apart
    /// here): a known-answer test independent of the openssl fixtures.
    #[test]
    fn rfc8448_certificate_verify() {
        use crate::engine::tls13::codec::tests::vectors::{
            CERTIFICATE_3, CERTIFICATE_VERIFY_3, CLIENT_HELLO_3, ENCRYPTED_EXTENSIONS_3,
            SERVER_HELLO_3,
        };
        use crate::engine::crypto::tests::hex;
        use sha2::{Digest, Sha256};

        let certificate_message = hex(CERTIFICATE_3);
        // Header (4), empty context (1), list length (3), entry length (3).
        let cert =
            super::super::cert::Certificate::parse(&certificate_message[11..11 + 0x1b0]).unwrap();
        assert!(cert.public_key.rsa);
        assert_eq!(
            RsaKey::parse(cert.public_key.key).unwrap_err(),
            CertError::UnsupportedAlgorithm
        );
        let mut fields = Reader::new(
            der::single(cert.public_key.key, tag::SEQUENCE)
                .unwrap()
                .value,
        );
        let modulus = der::unsigned_magnitude(fields.read(tag::INTEGER).unwrap()).unwrap();
        assert_eq!(modulus.len(), 128);
        let key = RsaKey {
            modulus,
            exponent: 65537,
        };

        let mut transcript = Sha256::new();
        for message in [
            CLIENT_HELLO_3,
            SERVER_HELLO_3,
            ENCRYPTED_EXTENSIONS_3,
            CERTIFICATE_3,
        ] {
            transcript.update(hex(message));
        }
        let mut content = [0u8; super::super::CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len =
            super::super::server_certificate_verify_message(&transcript.finalize(), &mut content);
        let verify = hex(CERTIFICATE_VERIFY_3);
        // Header (4), scheme 0x0804 (2), signature length (2).
        assert_eq!(verify[4..8], [0x08, 0x04, 0x00, 0x80]);
        let signature = &verify[8..];
        let sha256 = |data: &[u8]| {
            let mut digest = [0u8; MAX_HASH_LEN];
            Hash::Sha256.digest(data, &mut digest);
            digest
        };
        let (whole, short) = (sha256(&content[..len]), sha256(&content[..len - 1]));
        assert_eq!(
            verify_pss(&key, Hash::Sha256, 32, &whole[..32], signature),
            Ok(())
        );
        assert_eq!(
            verify_pss(&key, Hash::Sha256, 32, &short[..32], signature),
            Err(CertError::BadSignature)
        );
        assert_eq!(
            verify_pss(&key, Hash::Sha256, 20, &whole[..32], signature),
            Err(CertError::BadSignature)
        );
        // The certificate's own sha256WithRSAEncryption self-signature.
        assert_eq!(
            verify_pkcs1(&key, Hash::Sha256, &sha256(cert.tbs)[..32], cert.signature),
            Ok(())
        );
    }

    #[test]
    fn spki_algorithm() {
        assert!(is_rsa_encryption(oid::RSA_ENCRYPTION, &[NULL, 0]));
        assert!(!is_rsa_encryption(oid::RSA_ENCRYPTION, &[]));
        assert!(!is_rsa_encryption(oid::RSASSA_PSS, &[NULL, 0]));
    }
}
