//! Signature verification: certificate signatures and TLS 1.3 CertificateVerify.
//!
//! Only ECDSA on P-256 and P-384 is implemented. An RSA verifier would be
//! added as new [`SignatureAlgorithm`] and key variants behind a cargo
//! feature; until then such certificates parse but verifying with them yields
//! [`CertError::UnsupportedAlgorithm`].

use sha2::{Digest, Sha256, Sha384};
use signature::hazmat::PrehashVerifier;

use super::der::{self, tag, Reader};
use super::error::CertError;
use super::oid;

/// An elliptic curve whose keys this module can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Curve {
    /// NIST P-256 (secp256r1, prime256v1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
}

impl Curve {
    /// The curve named by a namedCurve OID (contents octets), if supported.
    pub(crate) fn from_oid(curve_oid: &[u8]) -> Option<Curve> {
        match curve_oid {
            oid::PRIME256V1 => Some(Curve::P256),
            oid::SECP384R1 => Some(Curve::P384),
            _ => None,
        }
    }

    /// Length of a scalar or coordinate in bytes.
    pub(crate) const fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }
}

/// The signature algorithm of a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignatureAlgorithm {
    /// ecdsa-with-SHA256.
    EcdsaSha256,
    /// ecdsa-with-SHA384.
    EcdsaSha384,
    /// Anything else (RSA, EdDSA, ...): parses, but cannot be verified.
    Unsupported,
}

impl SignatureAlgorithm {
    /// Decodes the contents of an AlgorithmIdentifier SEQUENCE.
    pub(crate) fn parse(algorithm_identifier: &[u8]) -> der::Result<Self> {
        let mut reader = Reader::new(algorithm_identifier);
        let algorithm = reader.read(tag::OID)?;
        let known = match algorithm {
            oid::ECDSA_WITH_SHA256 => SignatureAlgorithm::EcdsaSha256,
            oid::ECDSA_WITH_SHA384 => SignatureAlgorithm::EcdsaSha384,
            // Other algorithms carry parameters we do not interpret (e.g. NULL
            // for RSA, a SEQUENCE for RSA-PSS); just check they are one element.
            _ => {
                if !reader.is_empty() {
                    reader.read_tlv()?;
                }
                reader.finish()?;
                return Ok(SignatureAlgorithm::Unsupported);
            }
        };
        // RFC 5758: the ECDSA algorithm identifiers have absent parameters.
        reader.finish()?;
        Ok(known)
    }
}

/// The hash functions the supported signatures use.
#[derive(Debug, Clone, Copy)]
enum Hash {
    Sha256,
    Sha384,
}

impl Hash {
    /// Hashes `data` into `out` and returns the digest (a prefix of `out`).
    fn digest<'o>(self, data: &[u8], out: &'o mut [u8; 48]) -> &'o [u8] {
        match self {
            Hash::Sha256 => {
                out[..32].copy_from_slice(&Sha256::digest(data));
                &out[..32]
            }
            Hash::Sha384 => {
                out.copy_from_slice(&Sha384::digest(data));
                &out[..]
            }
        }
    }
}

/// A subject public key as found in a certificate (borrowed from it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SubjectPublicKey<'a> {
    /// The curve of an EC key; `None` for keys we cannot use (RSA, other curves).
    pub(crate) curve: Option<Curve>,
    /// The subjectPublicKey BIT STRING contents (a SEC1 point for EC keys).
    pub(crate) key: &'a [u8],
}

/// Verifies `signature` (as found in a certificate) over `signed_data` with
/// the issuer's key.
pub(crate) fn verify_signed_data(
    issuer_key: &SubjectPublicKey<'_>,
    algorithm: SignatureAlgorithm,
    signed_data: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    let hash = match algorithm {
        SignatureAlgorithm::EcdsaSha256 => Hash::Sha256,
        SignatureAlgorithm::EcdsaSha384 => Hash::Sha384,
        SignatureAlgorithm::Unsupported => return Err(CertError::UnsupportedAlgorithm),
    };
    let curve = issuer_key.curve.ok_or(CertError::UnsupportedAlgorithm)?;
    let mut digest = [0u8; 48];
    let prehash = hash.digest(signed_data, &mut digest);
    verify_ecdsa(curve, issuer_key.key, prehash, signature)
}

/// Verifies a DER `ECDSA-Sig-Value` over a message digest. ECDSA allows any
/// digest size: a longer one is truncated, a shorter one used as is (e.g.
/// SHA-384 with a P-256 key, SHA-256 with a P-384 key).
fn verify_ecdsa(
    curve: Curve,
    point: &[u8],
    prehash: &[u8],
    der_signature: &[u8],
) -> Result<(), CertError> {
    match curve {
        Curve::P256 => verify_p256(point, prehash, der_signature),
        Curve::P384 => verify_p384(point, prehash, der_signature),
    }
}

// One function per curve, never inlined, so that verifying on P-256 does not
// pay for the (larger) P-384 locals in its stack frame.

#[inline(never)]
fn verify_p256(point: &[u8], prehash: &[u8], der_signature: &[u8]) -> Result<(), CertError> {
    let bad = |_| CertError::BadSignature;
    let mut fixed = [0u8; 96];
    let fixed = fixed_signature(Curve::P256, der_signature, &mut fixed)?;
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(bad)?;
    let signature = p256::ecdsa::Signature::from_slice(fixed).map_err(bad)?;
    key.verify_prehash(prehash, &signature).map_err(bad)
}

#[inline(never)]
fn verify_p384(point: &[u8], prehash: &[u8], der_signature: &[u8]) -> Result<(), CertError> {
    let bad = |_| CertError::BadSignature;
    let mut fixed = [0u8; 96];
    let fixed = fixed_signature(Curve::P384, der_signature, &mut fixed)?;
    let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(bad)?;
    let signature = p384::ecdsa::Signature::from_slice(fixed).map_err(bad)?;
    key.verify_prehash(prehash, &signature).map_err(bad)
}

/// Converts a DER `SEQUENCE { r INTEGER, s INTEGER }` into the fixed-size
/// `r || s` form the curve crates take, written into `out`.
fn fixed_signature<'o>(
    curve: Curve,
    der_signature: &[u8],
    out: &'o mut [u8; 96],
) -> Result<&'o [u8], CertError> {
    let malformed = |_| CertError::BadSignature;
    let mut reader = Reader::new(
        der::single(der_signature, tag::SEQUENCE)
            .map_err(malformed)?
            .value,
    );
    let r = der::unsigned_magnitude(reader.read(tag::INTEGER).map_err(malformed)?)
        .map_err(malformed)?;
    let s = der::unsigned_magnitude(reader.read(tag::INTEGER).map_err(malformed)?)
        .map_err(malformed)?;
    reader.finish().map_err(malformed)?;
    let n = curve.field_len();
    if r.len() > n || s.len() > n {
        return Err(CertError::BadSignature);
    }
    let (r_out, s_out) = out[..2 * n].split_at_mut(n);
    r_out[n - r.len()..].copy_from_slice(r);
    s_out[n - s.len()..].copy_from_slice(s);
    Ok(&out[..2 * n])
}

/// A server's public key, copied out of its certificate (the certificate
/// buffer is reused before CertificateVerify arrives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    curve: Curve,
    point: heapless::Vec<u8, 97>,
}

impl PublicKey {
    /// Copies a certificate's key, checking it is a valid point on a
    /// supported curve.
    pub(crate) fn from_subject_public_key(key: &SubjectPublicKey<'_>) -> Result<Self, CertError> {
        let curve = key.curve.ok_or(CertError::UnsupportedAlgorithm)?;
        let valid = match curve {
            Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(key.key).is_ok(),
            Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(key.key).is_ok(),
        };
        if !valid {
            return Err(CertError::Malformed);
        }
        let point = heapless::Vec::from_slice(key.key).map_err(|_| CertError::Malformed)?;
        Ok(PublicKey { curve, point })
    }

    /// The key's curve.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// The key as a SEC1 encoded point (as it appeared in the certificate).
    pub fn sec1_bytes(&self) -> &[u8] {
        &self.point
    }
}

/// TLS SignatureScheme ecdsa_secp256r1_sha256.
pub const ECDSA_SECP256R1_SHA256: u16 = 0x0403;
/// TLS SignatureScheme ecdsa_secp384r1_sha384.
pub const ECDSA_SECP384R1_SHA384: u16 = 0x0503;

/// Verifies a TLS 1.3 signature (CertificateVerify) made by `key` with the
/// TLS SignatureScheme `scheme` over `message`; `signature` is DER ECDSA.
///
/// Supported: 0x0403 ecdsa_secp256r1_sha256 and 0x0503
/// ecdsa_secp384r1_sha384. Another scheme gives `UnsupportedAlgorithm`; a
/// supported scheme whose curve is not the key's curve gives `BadSignature`
/// (TLS 1.3 binds the curve to the scheme).
pub fn verify_tls13_signature(
    key: &PublicKey,
    scheme: u16,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    let (curve, hash) = match scheme {
        ECDSA_SECP256R1_SHA256 => (Curve::P256, Hash::Sha256),
        ECDSA_SECP384R1_SHA384 => (Curve::P384, Hash::Sha384),
        _ => return Err(CertError::UnsupportedAlgorithm),
    };
    if curve != key.curve {
        return Err(CertError::BadSignature);
    }
    let mut digest = [0u8; 48];
    let prehash = hash.digest(message, &mut digest);
    verify_ecdsa(curve, &key.point, prehash, signature)
}

/// Size of the buffer the CertificateVerify input is built in: 64 spaces,
/// a 33-byte context string, a zero byte, and a hash of up to 64 bytes.
pub const CERTIFICATE_VERIFY_MESSAGE_MAX: usize = 64 + 33 + 1 + 64;

/// Builds the TLS 1.3 server CertificateVerify input (RFC 8446 4.4.3):
/// 64 x 0x20, "TLS 1.3, server CertificateVerify", 0x00, `transcript_hash`.
/// Returns its length. No TLS 1.3 hash is longer than 64 bytes; a longer
/// `transcript_hash` is truncated to 64 bytes (and so never verifies).
pub fn server_certificate_verify_message(
    transcript_hash: &[u8],
    out: &mut [u8; CERTIFICATE_VERIFY_MESSAGE_MAX],
) -> usize {
    certificate_verify_message(b"TLS 1.3, server CertificateVerify", transcript_hash, out)
}

/// Builds the TLS 1.3 client CertificateVerify input, for client
/// authentication: like [`server_certificate_verify_message`] with the
/// context "TLS 1.3, client CertificateVerify".
pub fn client_certificate_verify_message(
    transcript_hash: &[u8],
    out: &mut [u8; CERTIFICATE_VERIFY_MESSAGE_MAX],
) -> usize {
    certificate_verify_message(b"TLS 1.3, client CertificateVerify", transcript_hash, out)
}

fn certificate_verify_message(
    context: &[u8; 33],
    transcript_hash: &[u8],
    out: &mut [u8; CERTIFICATE_VERIFY_MESSAGE_MAX],
) -> usize {
    let hash = transcript_hash.get(..64).unwrap_or(transcript_hash);
    let (padding, rest) = out.split_at_mut(64);
    padding.fill(0x20);
    let (context_out, rest) = rest.split_at_mut(33);
    context_out.copy_from_slice(context);
    let (separator, rest) = rest.split_at_mut(1);
    separator[0] = 0;
    rest[..hash.len()].copy_from_slice(hash);
    64 + 33 + 1 + hash.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;

    fn p256_key(signing: &p256::ecdsa::SigningKey) -> PublicKey {
        let point = signing.verifying_key().to_encoded_point(false);
        PublicKey::from_subject_public_key(&SubjectPublicKey {
            curve: Some(Curve::P256),
            key: point.as_bytes(),
        })
        .unwrap()
    }

    #[test]
    fn certificate_verify_layout() {
        let mut out = [0u8; CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len = server_certificate_verify_message(&[0xab; 32], &mut out);
        assert_eq!(len, 130);
        assert!(out[..64].iter().all(|&b| b == 0x20));
        assert_eq!(&out[64..97], b"TLS 1.3, server CertificateVerify");
        assert_eq!(out[97], 0);
        assert!(out[98..130].iter().all(|&b| b == 0xab));
        let len = client_certificate_verify_message(&[0xcd; 48], &mut out);
        assert_eq!(len, 146);
        assert_eq!(&out[64..97], b"TLS 1.3, client CertificateVerify");
        assert_eq!(server_certificate_verify_message(&[1; 80], &mut out), 162);
    }

    #[test]
    fn tls13_signature_schemes() {
        let signing = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
        let key = p256_key(&signing);
        let message = b"signed content";
        let signature: p256::ecdsa::Signature = signing.sign(message);
        let der_signature = signature.to_der();
        let der_signature = der_signature.as_bytes();

        assert_eq!(
            verify_tls13_signature(&key, 0x0403, message, der_signature),
            Ok(())
        );
        assert_eq!(
            verify_tls13_signature(&key, 0x0403, b"other content", der_signature),
            Err(CertError::BadSignature)
        );
        // The scheme's curve must be the key's.
        assert_eq!(
            verify_tls13_signature(&key, 0x0503, message, der_signature),
            Err(CertError::BadSignature)
        );
        // rsa_pss_rsae_sha256, ed25519.
        for scheme in [0x0804, 0x0807] {
            assert_eq!(
                verify_tls13_signature(&key, scheme, message, der_signature),
                Err(CertError::UnsupportedAlgorithm)
            );
        }
        // The fixed-size form is not DER.
        assert_eq!(
            verify_tls13_signature(&key, 0x0403, message, &signature.to_bytes()),
            Err(CertError::BadSignature)
        );
        // Truncated and extended DER.
        for len in 0..der_signature.len() {
            assert!(verify_tls13_signature(&key, 0x0403, message, &der_signature[..len]).is_err());
        }
        let mut long = der_signature.to_vec();
        long.push(0);
        assert!(verify_tls13_signature(&key, 0x0403, message, &long).is_err());
    }

    #[test]
    fn p384_signature_scheme() {
        let signing = p384::ecdsa::SigningKey::from_slice(&[9u8; 48]).unwrap();
        let point = signing.verifying_key().to_encoded_point(false);
        let key = PublicKey::from_subject_public_key(&SubjectPublicKey {
            curve: Some(Curve::P384),
            key: point.as_bytes(),
        })
        .unwrap();
        assert_eq!(key.curve(), Curve::P384);
        assert_eq!(key.sec1_bytes().len(), 97);
        let signature: p384::ecdsa::Signature = signing.sign(b"hello");
        let der_signature = signature.to_der();
        assert_eq!(
            verify_tls13_signature(&key, 0x0503, b"hello", der_signature.as_bytes()),
            Ok(())
        );
        assert_eq!(
            verify_tls13_signature(&key, 0x0403, b"hello", der_signature.as_bytes()),
            Err(CertError::BadSignature)
        );
    }

    #[test]
    fn ecdsa_der_is_strict() {
        let mut out = [0u8; 96];
        // r = 1, s = 2.
        let ok = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02];
        let fixed = fixed_signature(Curve::P256, &ok, &mut out).unwrap();
        assert_eq!(fixed.len(), 64);
        assert_eq!(fixed[31], 1);
        assert_eq!(fixed[63], 2);
        // Negative r, non-minimal r, trailing element, too-long r.
        for bad in [
            &[0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x02][..],
            &[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x02],
            &[0x30, 0x08, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x05, 0x00],
        ] {
            assert_eq!(
                fixed_signature(Curve::P256, bad, &mut out),
                Err(CertError::BadSignature)
            );
        }
        let mut long_r = vec![0x30, 0x26, 0x02, 0x21, 0x01];
        long_r.extend([0u8; 32]);
        long_r.extend([0x02, 0x01, 0x02]);
        assert_eq!(
            fixed_signature(Curve::P256, &long_r, &mut out),
            Err(CertError::BadSignature)
        );
        assert!(fixed_signature(Curve::P384, &long_r, &mut out).is_ok());
    }

    #[test]
    fn rejects_invalid_points() {
        let not_on_curve = [0x04u8; 65];
        assert_eq!(
            PublicKey::from_subject_public_key(&SubjectPublicKey {
                curve: Some(Curve::P256),
                key: &not_on_curve
            }),
            Err(CertError::Malformed)
        );
        assert_eq!(
            PublicKey::from_subject_public_key(&SubjectPublicKey {
                curve: None,
                key: &not_on_curve
            }),
            Err(CertError::UnsupportedAlgorithm)
        );
    }
}
