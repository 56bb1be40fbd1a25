//! RSA keys and signatures in X.509 and TLS 1.3 (RFC 8017), behind the cargo
//! feature `rsa`.
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
//! The arithmetic is in [`crate::engine::crypto::rsa`]; here are the keys'
//! and algorithms' DER forms, and what X.509 and TLS 1.3 verify with them.

mod private;

pub use private::RsaPrivateKey;

use super::der::{self, tag, Reader};
use super::error::CertError;
use super::oid;
use super::signature::{SignatureAlgorithm, SubjectPublicKey};
use crate::engine::crypto::hash::{HashAlg, MAX_SIGNATURE_HASH_LEN};
use crate::engine::crypto::rsa::{
    verify_pkcs1, verify_pss, RsaKey, VerifyError, MAX_MODULUS_BITS, MAX_MODULUS_LEN, MIN_MODULUS_BITS,
};

/// The DER tag of NULL.
const NULL: u8 = tag::NULL;

/// Parses an RSAPublicKey (RFC 8017 A.1.1), the subjectPublicKey of an
/// rsaEncryption key, and checks it is usable.
pub(crate) fn parse_public_key(rsa_public_key: &[u8]) -> Result<RsaKey<'_>, CertError> {
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
    Ok(RsaKey::new(modulus, exponent))
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
        self.modulus.extend_from_slice(key.modulus()).map_err(|_| CertError::Malformed)?;
        self.exponent = key.exponent();
        Ok(())
    }

    /// The key as [`RsaKey`].
    pub(crate) fn key(&self) -> RsaKey<'_> {
        RsaKey::new(&self.modulus, self.exponent)
    }

    /// The modulus, big-endian without leading zeros.
    #[cfg(test)]
    pub(crate) fn modulus(&self) -> &[u8] {
        &self.modulus
    }

    /// The public exponent.
    #[cfg(test)]
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
        oid::SHA256_WITH_RSA => HashAlg::Sha256,
        oid::SHA384_WITH_RSA => HashAlg::Sha384,
        oid::SHA512_WITH_RSA => HashAlg::Sha512,
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
fn parse_hash_algorithm(algorithm_identifier: &[u8]) -> der::Result<Option<HashAlg>> {
    let mut reader = Reader::new(algorithm_identifier);
    let id = reader.read(tag::OID)?;
    read_null_or_absent(&mut reader)?;
    reader.finish()?;
    Ok(match id {
        oid::SHA256 => Some(HashAlg::Sha256),
        oid::SHA384 => Some(HashAlg::Sha384),
        oid::SHA512 => Some(HashAlg::Sha512),
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
    let key = parse_public_key(issuer_key.key)?;
    match algorithm {
        SignatureAlgorithm::RsaPkcs1(hash) => verify_pkcs1(&key, hash, digest, signature).map_err(cert_error),
        SignatureAlgorithm::RsaPss { hash, salt_len } => {
            verify_pss(&key, hash, salt_len, digest, signature).map_err(cert_error)
        }
        _ => Err(CertError::UnsupportedAlgorithm),
    }
}

/// Verifies a TLS 1.3 rsa_pss_rsae_* signature: RSASSA-PSS with `hash`,
/// MGF1 with `hash`, and a salt as long as the hash (RFC 8446 4.2.3).
pub(crate) fn verify_tls13_pss(
    key: &RsaPublicKey,
    hash: HashAlg,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    let mut digest = [0u8; MAX_SIGNATURE_HASH_LEN];
    let digest = hash.digest(message, &mut digest);
    verify_pss(&key.key(), hash, hash.output_len() as u32, digest, signature).map_err(cert_error)
}

/// A verification's failure as a certificate error.
fn cert_error(error: VerifyError) -> CertError {
    match error {
        VerifyError::UnsupportedKey => CertError::UnsupportedAlgorithm,
        VerifyError::BadSignature => CertError::BadSignature,
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
            let key = parse_public_key(&der).unwrap();
            assert_eq!(key.bits(), bits);
            assert_eq!(key.exponent(), 65537);
        }
        for bits in [512, 1024, 2047, 4097, 8192] {
            assert_eq!(
                parse_public_key(&rsa_public_key(&modulus(bits), &e)).unwrap_err(),
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
                parse_public_key(&rsa_public_key(&n, exponent)).map(|key| key.exponent()),
                expected,
                "{exponent:?}"
            );
        }
        // An even modulus; a zero modulus; trailing data; a negative modulus.
        let mut even = n.clone();
        *even.last_mut().unwrap() = 0xfe;
        assert_eq!(
            parse_public_key(&rsa_public_key(&even, &e)).unwrap_err(),
            CertError::Malformed
        );
        assert_eq!(
            parse_public_key(&rsa_public_key(&[], &e)).unwrap_err(),
            CertError::Malformed
        );
        let mut trailing = rsa_public_key(&n, &e);
        trailing.push(0);
        assert_eq!(parse_public_key(&trailing).unwrap_err(), CertError::Malformed);
        let negative = der_encode(
            tag::SEQUENCE,
            &[der_encode(tag::INTEGER, &n), integer(&e)].concat(),
        );
        assert_eq!(parse_public_key(&negative).unwrap_err(), CertError::Malformed);
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
            Ok(Some(SignatureAlgorithm::RsaPkcs1(HashAlg::Sha256)))
        );
        assert_eq!(
            algorithm(&pkcs1(oid::SHA512_WITH_RSA, &[])),
            Ok(Some(SignatureAlgorithm::RsaPkcs1(HashAlg::Sha512)))
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
                hash: HashAlg::Sha384,
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
                hash: HashAlg::Sha384,
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
            parse_public_key(cert.public_key.key).unwrap_err(),
            CertError::UnsupportedAlgorithm
        );
        let mut fields = Reader::new(
            der::single(cert.public_key.key, tag::SEQUENCE)
                .unwrap()
                .value,
        );
        let modulus = der::unsigned_magnitude(fields.read(tag::INTEGER).unwrap()).unwrap();
        assert_eq!(modulus.len(), 128);
        let key = RsaKey::new(modulus, 65537);

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
            let mut digest = [0u8; MAX_SIGNATURE_HASH_LEN];
            HashAlg::Sha256.digest(data, &mut digest);
            digest
        };
        let (whole, short) = (sha256(&content[..len]), sha256(&content[..len - 1]));
        assert_eq!(
            verify_pss(&key, HashAlg::Sha256, 32, &whole[..32], signature),
            Ok(())
        );
        assert_eq!(
            verify_pss(&key, HashAlg::Sha256, 32, &short[..32], signature),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            verify_pss(&key, HashAlg::Sha256, 20, &whole[..32], signature),
            Err(VerifyError::BadSignature)
        );
        // The certificate's own sha256WithRSAEncryption self-signature.
        assert_eq!(
            verify_pkcs1(&key, HashAlg::Sha256, &sha256(cert.tbs)[..32], cert.signature),
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
