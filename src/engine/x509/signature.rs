//! Signature verification: certificate signatures and TLS 1.3 CertificateVerify.
//!
//! ECDSA on P-256 and P-384 and Ed25519 (RFC 8410, RFC 8446's ed25519)
//! always; RSA (PKCS#1 v1.5 and PSS, see
//! `rsa.rs`) with the cargo feature `rsa`. Without it, RSA
//! certificates parse but verifying with them yields
//! [`CertError::UnsupportedAlgorithm`].

use crate::engine::crypto::provider::{Ecdsa as _, Ed25519 as _};
use crate::engine::crypto::hash::{HashAlg, MAX_SIGNATURE_HASH_LEN};
use crate::engine::crypto::{EcdsaP256, EcdsaP384, Ed25519, SignatureScheme};
use crate::engine::error::Error;
use super::der::{self, tag, Reader};
use super::error::CertError;
use super::oid;
#[cfg(feature = "rsa")]
use super::rsa;

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
    /// id-Ed25519 (PureEdDSA over the whole signed data).
    Ed25519,
    /// sha256/384/512WithRSAEncryption (RSASSA-PKCS1-v1_5).
    #[cfg(feature = "rsa")]
    RsaPkcs1(HashAlg),
    /// id-RSASSA-PSS with this hash for the message and MGF1, and this salt
    /// length.
    #[cfg(feature = "rsa")]
    RsaPss { hash: HashAlg, salt_len: u32 },
    /// Anything else (RSA without the `rsa` feature, Ed448, ...): parses,
    /// but cannot be verified.
    Unsupported,
}

impl SignatureAlgorithm {
    /// The hash the signed data is digested with; `None` when unsupported,
    /// and for Ed25519, which signs the data itself.
    pub(crate) fn hash(self) -> Option<HashAlg> {
        match self {
            SignatureAlgorithm::EcdsaSha256 => Some(HashAlg::Sha256),
            SignatureAlgorithm::EcdsaSha384 => Some(HashAlg::Sha384),
            #[cfg(feature = "rsa")]
            SignatureAlgorithm::RsaPkcs1(hash) | SignatureAlgorithm::RsaPss { hash, .. } => Some(hash),
            // PureEdDSA hashes the data itself (after the signer's key).
            SignatureAlgorithm::Ed25519 | SignatureAlgorithm::Unsupported => None,
        }
    }

    /// Decodes the contents of an AlgorithmIdentifier SEQUENCE.
    pub(crate) fn parse(algorithm_identifier: &[u8]) -> der::Result<Self> {
        let mut reader = Reader::new(algorithm_identifier);
        let algorithm = reader.read(tag::OID)?;
        #[cfg(feature = "rsa")]
        if let Some(rsa) = rsa::parse_signature_algorithm(algorithm, &mut reader)? {
            return Ok(rsa);
        }
        let known = match algorithm {
            oid::ECDSA_WITH_SHA256 => SignatureAlgorithm::EcdsaSha256,
            oid::ECDSA_WITH_SHA384 => SignatureAlgorithm::EcdsaSha384,
            oid::ED25519 => SignatureAlgorithm::Ed25519,
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
        // RFC 5758 and RFC 8410: the ECDSA and Ed25519 algorithm identifiers
        // have absent parameters.
        reader.finish()?;
        Ok(known)
    }
}

/// A subject public key as found in a certificate (borrowed from it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SubjectPublicKey<'a> {
    /// The curve of an EC key; `None` for other keys (RSA, other curves).
    pub(crate) curve: Option<Curve>,
    /// Whether this is an Ed25519 key (then `key` should be 32 bytes).
    pub(crate) ed25519: bool,
    /// Whether this is an rsaEncryption key (then `key` is an RSAPublicKey).
    #[cfg(feature = "rsa")]
    pub(crate) rsa: bool,
    /// The subjectPublicKey BIT STRING contents (a SEC1 point for EC keys,
    /// the encoded point for Ed25519).
    pub(crate) key: &'a [u8],
}

impl SubjectPublicKey<'_> {
    /// Whether the key is of a type this module can verify with (and so
    /// cannot have made a signature of another type).
    pub(crate) fn is_known_type(&self) -> bool {
        #[cfg(feature = "rsa")]
        if self.rsa {
            return true;
        }
        self.curve.is_some() || self.ed25519
    }
}

/// Verifies `signature` (as found in a certificate) over `signed_data` with
/// the issuer's key.
pub(crate) fn verify_signed_data(
    issuer_key: &SubjectPublicKey<'_>,
    algorithm: SignatureAlgorithm,
    signed_data: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    if algorithm == SignatureAlgorithm::Ed25519 {
        return match issuer_key.ed25519 {
            true if cfg!(feature = "ed25519") => verify_ed25519(issuer_key.key, signed_data, signature),
            false if issuer_key.is_known_type() => Err(CertError::BadSignature),
            _ => Err(CertError::UnsupportedAlgorithm),
        };
    }
    let hash = algorithm.hash().ok_or(CertError::UnsupportedAlgorithm)?;
    let mut digest = [0u8; MAX_SIGNATURE_HASH_LEN];
    let digest = hash.digest(signed_data, &mut digest);
    verify_signed_digest(issuer_key, algorithm, digest, signature)
}

/// Verifies `signature` (as found in a certificate) with the issuer's key,
/// given the digest of the signed data under `algorithm`'s hash: the
/// streaming verifier keeps only that digest while it waits for the issuer.
/// Ed25519 (PureEdDSA) signs the data itself, with the issuer's key hashed
/// in before it: no digest can stand for it, so it gives
/// `UnsupportedAlgorithm` here (see [`verify_signed_data`]).
pub(crate) fn verify_signed_digest(
    issuer_key: &SubjectPublicKey<'_>,
    algorithm: SignatureAlgorithm,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), CertError> {
    match algorithm {
        SignatureAlgorithm::EcdsaSha256 | SignatureAlgorithm::EcdsaSha384 => {}
        #[cfg(feature = "rsa")]
        SignatureAlgorithm::RsaPkcs1(_) | SignatureAlgorithm::RsaPss { .. } => {
            return rsa::verify_signed_digest(issuer_key, algorithm, digest, signature)
        }
        SignatureAlgorithm::Ed25519 | SignatureAlgorithm::Unsupported => return Err(CertError::UnsupportedAlgorithm),
    }
    // An RSA or Ed25519 key cannot have made an ECDSA signature.
    if issuer_key.is_known_type() && issuer_key.curve.is_none() {
        return Err(CertError::BadSignature);
    }
    let curve = issuer_key.curve.ok_or(CertError::UnsupportedAlgorithm)?;
    verify_ecdsa(curve, issuer_key.key, digest, signature)
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
    let mut fixed = [0u8; 96];
    let fixed = fixed_signature(Curve::P256, der_signature, &mut fixed)?;
    EcdsaP256::verify_prehashed(point, prehash, fixed)
        .then_some(())
        .ok_or(CertError::BadSignature)
}

#[inline(never)]
fn verify_p384(point: &[u8], prehash: &[u8], der_signature: &[u8]) -> Result<(), CertError> {
    let mut fixed = [0u8; 96];
    let fixed = fixed_signature(Curve::P384, der_signature, &mut fixed)?;
    EcdsaP384::verify_prehashed(point, prehash, fixed)
        .then_some(())
        .ok_or(CertError::BadSignature)
}

/// Verifies an Ed25519 signature (RFC 8032 §5.1.7, PureEdDSA) over
/// `message` with the encoded public key `public`, with the checks of
/// ed25519-dalek's `verify_strict` (see the provider's `Ed25519::verify`).
/// Never inlined, as the ECDSA functions.
#[inline(never)]
fn verify_ed25519(public: &[u8], message: &[u8], signature: &[u8]) -> Result<(), CertError> {
    Ed25519::verify(public, message, signature)
        .then_some(())
        .ok_or(CertError::BadSignature)
}

/// An Ed25519 public key if `encoded` is one: 32 bytes that are the
/// canonical encoding (y below p, RFC 8032 §5.1.3) of a point not of small
/// order.
fn ed25519_key(encoded: &[u8]) -> Option<[u8; 32]> {
    Ed25519::valid_key(encoded)
}

/// Whether `point` is a valid SEC1 public key on `curve` (uncompressed or
/// compressed, on the curve, not the identity). Out of line, as the
/// verifications.
#[inline(never)]
pub(crate) fn valid_point(curve: Curve, point: &[u8]) -> bool {
    match curve {
        Curve::P256 => EcdsaP256::valid_point(point),
        Curve::P384 => EcdsaP384::valid_point(point),
    }
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
///
/// An EC point (at most 97 bytes), an Ed25519 key (32 bytes), or with the
/// `rsa` feature an RSA modulus
/// of up to 512 bytes and its exponent, which then make the type's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    kind: KeyKind,
}

// No allocator to box the large variant: the enum is as large as an RSA key
// when the `rsa` feature is on, and as an EC point otherwise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
enum KeyKind {
    Ec {
        curve: Curve,
        point: heapless::Vec<u8, 97>,
    },
    Ed25519([u8; 32]),
    #[cfg(feature = "rsa")]
    Rsa(rsa::RsaPublicKey),
}

impl PublicKey {
    /// Copies a certificate's key, checking it is a valid point on a
    /// supported curve, a valid Ed25519 key (not of small order), or
    /// (feature `rsa`) a usable RSA key. Never inlined,
    /// so that the copy's temporaries stay out of the path search's frame.
    #[inline(never)]
    pub(crate) fn from_subject_public_key(key: &SubjectPublicKey<'_>) -> Result<Self, CertError> {
        let mut slot = None;
        Self::from_subject_public_key_into(key, &mut slot)?;
        slot.ok_or(CertError::Malformed)
    }

    /// As [`from_subject_public_key`](Self::from_subject_public_key), into
    /// `slot`: the key is built in place rather than in a temporary.
    #[inline(never)]
    pub(crate) fn from_subject_public_key_into(key: &SubjectPublicKey<'_>, slot: &mut Option<Self>) -> Result<(), CertError> {
        *slot = None;
        #[cfg(feature = "rsa")]
        if key.rsa {
            let parsed = rsa::parse_public_key(key.key)?;
            let copy = slot.insert(PublicKey {
                kind: KeyKind::Rsa(rsa::RsaPublicKey::EMPTY),
            });
            if let KeyKind::Rsa(rsa) = &mut copy.kind {
                rsa.assign(&parsed)?;
            }
            return Ok(());
        }
        if cfg!(feature = "ed25519") && key.ed25519 {
            let encoded = ed25519_key(key.key).ok_or(CertError::Malformed)?;
            *slot = Some(PublicKey {
                kind: KeyKind::Ed25519(encoded),
            });
            return Ok(());
        }
        let curve = key.curve.ok_or(CertError::UnsupportedAlgorithm)?;
        if !valid_point(curve, key.key) {
            return Err(CertError::Malformed);
        }
        let point = heapless::Vec::from_slice(key.key).map_err(|_| CertError::Malformed)?;
        *slot = Some(PublicKey {
            kind: KeyKind::Ec { curve, point },
        });
        Ok(())
    }

    /// An EC key's curve and SEC1 point.
    fn ec(&self) -> Option<(Curve, &[u8])> {
        match &self.kind {
            KeyKind::Ec { curve, point } => Some((*curve, point)),
            _ => None,
        }
    }

    /// An Ed25519 key's encoded point (RFC 8032); `None` for other keys.
    pub fn ed25519_bytes(&self) -> Option<&[u8; 32]> {
        match &self.kind {
            KeyKind::Ed25519(key) => Some(key),
            _ => None,
        }
    }

    /// The curve of an EC key; `None` for an RSA or Ed25519 key.
    #[cfg(test)]
    pub fn curve(&self) -> Option<Curve> {
        self.ec().map(|(curve, _)| curve)
    }

    /// An EC key as a SEC1 encoded point (as it appeared in the
    /// certificate); `None` for an RSA or Ed25519 key.
    #[cfg(test)]
    pub fn sec1_bytes(&self) -> Option<&[u8]> {
        self.ec().map(|(_, point)| point)
    }

    /// An RSA key's modulus, big-endian without leading zeros; `None` for
    /// an EC key.
    #[cfg(feature = "rsa")]
    #[cfg(test)]
    pub fn rsa_modulus(&self) -> Option<&[u8]> {
        match &self.kind {
            KeyKind::Rsa(rsa) => Some(rsa.modulus()),
            _ => None,
        }
    }

    /// An RSA key's public exponent; `None` for an EC key.
    #[cfg(feature = "rsa")]
    #[cfg(test)]
    pub fn rsa_exponent(&self) -> Option<u32> {
        match &self.kind {
            KeyKind::Rsa(rsa) => Some(rsa.exponent()),
            _ => None,
        }
    }
}

/// Verifies a TLS 1.3 signature (CertificateVerify) made by `key` with the
/// TLS SignatureScheme `scheme` over `message`.
///
/// Supported: 0x0403 ecdsa_secp256r1_sha256 and 0x0503
/// ecdsa_secp384r1_sha384 (`signature` is DER ECDSA), 0x0807 ed25519 (a
/// 64-byte signature, checked strictly); with the `rsa`
/// feature also 0x0804/0x0805/0x0806 rsa_pss_rsae_sha256/384/512 (PSS, MGF1
/// with the same hash, salt as long as the hash). Another scheme was not
/// offered for CertificateVerify: `IllegalParameter`; this includes the
/// PKCS#1 v1.5 schemes 0x0401/0x0501/0x0601, which RFC 8446 forbids there.
/// A supported scheme that does not fit the key (an RSA scheme with an EC
/// key, an ECDSA scheme with an RSA key or another curve: TLS 1.3 binds the
/// curve to the scheme, ed25519 with a key of another type) gives
/// `CertificateVerifySchemeMismatch`, a signature that does not verify
/// `CertificateVerifyInvalid`: errors about the CertificateVerify, not the
/// certificate chain.
pub fn verify_tls13_signature(
    key: &PublicKey,
    scheme: u16,
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error> {
    let mismatch = Error::CertificateVerifySchemeMismatch;
    let scheme = SignatureScheme::from_wire(scheme).ok_or(Error::IllegalParameter)?;
    let (curve, hash) = match scheme {
        SignatureScheme::EcdsaSecp256r1Sha256 => (Curve::P256, HashAlg::Sha256),
        SignatureScheme::EcdsaSecp384r1Sha384 => (Curve::P384, HashAlg::Sha384),
        SignatureScheme::Ed25519 if cfg!(feature = "ed25519") => {
            let public = key.ed25519_bytes().ok_or(mismatch)?;
            return verify_ed25519(public, message, signature).map_err(cv_invalid);
        }
        #[cfg(feature = "rsa")]
        SignatureScheme::RsaPssRsaeSha256 | SignatureScheme::RsaPssRsaeSha384 | SignatureScheme::RsaPssRsaeSha512 => {
            let hash = rsa_pss_rsae_hash(scheme).ok_or(Error::IllegalParameter)?;
            return match &key.kind {
                KeyKind::Rsa(rsa) => rsa::verify_tls13_pss(rsa, hash, message, signature).map_err(cv_invalid),
                _ => Err(mismatch),
            };
        }
        _ => return Err(Error::IllegalParameter),
    };
    let (key_curve, point) = key.ec().ok_or(mismatch)?;
    if curve != key_curve {
        return Err(mismatch);
    }
    let mut digest = [0u8; MAX_SIGNATURE_HASH_LEN];
    let prehash = hash.digest(message, &mut digest);
    verify_ecdsa(curve, point, prehash, signature).map_err(cv_invalid)
}

/// A CertificateVerify signature that failed to verify, whatever the
/// verifier's reason.
fn cv_invalid(_: CertError) -> Error {
    Error::CertificateVerifyInvalid
}

/// The hash of an rsa_pss_rsae_* scheme (for the message, MGF1 and the
/// salt length alike); `None` for other schemes.
#[cfg(feature = "rsa")]
pub(crate) fn rsa_pss_rsae_hash(scheme: SignatureScheme) -> Option<HashAlg> {
    match scheme {
        SignatureScheme::RsaPssRsaeSha256 => Some(HashAlg::Sha256),
        SignatureScheme::RsaPssRsaeSha384 => Some(HashAlg::Sha384),
        SignatureScheme::RsaPssRsaeSha512 => Some(HashAlg::Sha512),
        _ => None,
    }
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
        PublicKey::from_subject_public_key(&ec_key(Some(Curve::P256), point.as_bytes())).unwrap()
    }

    fn ec_key(curve: Option<Curve>, key: &[u8]) -> SubjectPublicKey<'_> {
        SubjectPublicKey {
            curve,
            ed25519: false,
            #[cfg(feature = "rsa")]
            rsa: false,
            key,
        }
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
            Err(Error::CertificateVerifyInvalid)
        );
        // The scheme's curve must be the key's.
        assert_eq!(
            verify_tls13_signature(&key, 0x0503, message, der_signature),
            Err(Error::CertificateVerifySchemeMismatch)
        );
        // ed448, rsa_pkcs1_sha256; without the `rsa` feature, rsa_pss_rsae_sha256.
        let mut unsupported = vec![0x0808, 0x0401];
        if cfg!(not(feature = "rsa")) {
            unsupported.push(0x0804);
        }
        for scheme in unsupported {
            assert_eq!(
                verify_tls13_signature(&key, scheme, message, der_signature),
                Err(Error::IllegalParameter)
            );
        }
        // Nor does ed25519 (without the `ed25519` feature, a scheme unsupported).
        let ed25519 = if cfg!(feature = "ed25519") { Error::CertificateVerifySchemeMismatch } else { Error::IllegalParameter };
        assert_eq!(verify_tls13_signature(&key, 0x0807, message, &[0; 64]), Err(ed25519));
        // An RSA scheme does not fit an EC key.
        #[cfg(feature = "rsa")]
        assert_eq!(
            verify_tls13_signature(&key, 0x0804, message, der_signature),
            Err(Error::CertificateVerifySchemeMismatch)
        );
        // The fixed-size form is not DER.
        assert_eq!(
            verify_tls13_signature(&key, 0x0403, message, &signature.to_bytes()),
            Err(Error::CertificateVerifyInvalid)
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
        let key = PublicKey::from_subject_public_key(&ec_key(Some(Curve::P384), point.as_bytes()))
            .unwrap();
        assert_eq!(key.curve(), Some(Curve::P384));
        assert_eq!(key.sec1_bytes().map(<[u8]>::len), Some(97));
        let signature: p384::ecdsa::Signature = signing.sign(b"hello");
        let der_signature = signature.to_der();
        assert_eq!(
            verify_tls13_signature(&key, 0x0503, b"hello", der_signature.as_bytes()),
            Ok(())
        );
        assert_eq!(
            verify_tls13_signature(&key, 0x0403, b"hello", der_signature.as_bytes()),
            Err(Error::CertificateVerifySchemeMismatch)
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
    fn ed25519_keys_must_be_usable() {
        let ed = |key| SubjectPublicKey {
            curve: None,
            ed25519: true,
            #[cfg(feature = "rsa")]
            rsa: false,
            key,
        };
        let signing = ed25519_dalek::SigningKey::from_bytes(&[3; 32]);
        let public = signing.verifying_key().to_bytes();
        let step = PublicKey::from_subject_public_key(&ed(&public));
        let Some(key) = crate::engine::x509::tests::ed25519_step(step, CertError::UnsupportedAlgorithm) else {
            return;
        };
        assert_eq!(key.ed25519_bytes(), Some(&public));
        // Wrong lengths; the identity (small order); y >= p (no point).
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let mut not_canonical = [0xffu8; 32];
        not_canonical[31] = 0x7f;
        for bad in [&public[..31], &[public.as_slice(), &[0]].concat(), &identity, &not_canonical] {
            assert_eq!(PublicKey::from_subject_public_key(&ed(bad)), Err(CertError::Malformed), "{bad:02x?}");
        }
        use ed25519_dalek::Signer;
        let signature = signing.sign(b"content").to_bytes();
        assert_eq!(verify_tls13_signature(&key, SignatureScheme::Ed25519.wire(), b"content", &signature), Ok(()));
        assert_eq!(verify_tls13_signature(&key, SignatureScheme::Ed25519.wire(), b"Content", &signature), Err(Error::CertificateVerifyInvalid));
    }

    /// The verifier decides as ed25519-dalek's `verify_strict` on valid,
    /// tampered and malformed signatures.
    #[test]
    fn ed25519_verification_agrees_with_verify_strict() {
        use ed25519_dalek::Signer;
        use rand_core::{RngCore, SeedableRng};
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(8032);
        let strict = |public: &[u8; 32], message: &[u8], signature: &[u8; 64]| {
            ed25519_dalek::VerifyingKey::from_bytes(public)
                .and_then(|key| key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature)))
                .is_ok()
        };
        let mut accepted = 0;
        for round in 0..64 {
            let mut seed = [0u8; 32];
            rng.fill_bytes(&mut seed);
            let signing = ed25519_dalek::SigningKey::from_bytes(&seed);
            let public = signing.verifying_key().to_bytes();
            let mut message = vec![0u8; round * 5];
            rng.fill_bytes(&mut message);
            let mut signature = signing.sign(&message).to_bytes();
            match round % 4 {
                0 => {}
                1 => signature[rng.next_u32() as usize % 64] ^= 1 << (rng.next_u32() % 8),
                2 if !message.is_empty() => message[0] ^= 0x40,
                _ => rng.fill_bytes(&mut signature),
            }
            let ours = verify_ed25519(&public, &message, &signature).is_ok();
            assert_eq!(ours, strict(&public, &message, &signature), "round {round}");
            accepted += usize::from(ours);
        }
        assert!((16..64).contains(&accepted), "{accepted} accepted");

        let signing = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
        let public = signing.verifying_key().to_bytes();
        let signature = signing.sign(b"m").to_bytes();
        // S + L: the same S modulo L, not canonical.
        let mut malleated = signature;
        let order: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let mut carry = 0u16;
        for (byte, add) in malleated[32..].iter_mut().zip(order) {
            let sum = u16::from(*byte) + u16::from(add) + carry;
            *byte = sum as u8;
            carry = sum >> 8;
        }
        // R of small order (the identity) with S = 0: [0]B - [k]A is not
        // the identity, but a small-order R must fail before that counts.
        let mut identity_r = [0u8; 64];
        identity_r[0] = 1;
        // A of small order: the identity, with R = identity and S = 0, for
        // which the equation holds.
        let mut identity_a = [0u8; 32];
        identity_a[0] = 1;
        for (public, signature) in [(&public, &malleated), (&public, &identity_r), (&identity_a, &identity_r)] {
            assert!(!strict(public, b"m", signature));
            assert_eq!(verify_ed25519(public, b"m", signature), Err(CertError::BadSignature));
        }
        assert_eq!(verify_ed25519(&public, b"m", &signature), Ok(()));
    }

    #[test]
    fn rejects_invalid_points() {
        let not_on_curve = [0x04u8; 65];
        assert_eq!(
            PublicKey::from_subject_public_key(&ec_key(Some(Curve::P256), &not_on_curve)),
            Err(CertError::Malformed)
        );
        assert_eq!(
            PublicKey::from_subject_public_key(&ec_key(None, &not_on_curve)),
            Err(CertError::UnsupportedAlgorithm)
        );
    }
}
