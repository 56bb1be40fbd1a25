//! X.509 certificate parsing (RFC 5280), zero-copy over the DER input.

use super::constraints::NameConstraints;
use super::der::{self, tag, Reader};
use super::error::CertError;
use super::name;
use super::oid;
use super::signature::{Curve, SignatureAlgorithm, SubjectPublicKey};
use super::time;

/// keyUsage digitalSignature (bit 0).
pub(crate) const KEY_USAGE_DIGITAL_SIGNATURE: u16 = 0x8000;
/// keyUsage keyCertSign (bit 5).
pub(crate) const KEY_USAGE_KEY_CERT_SIGN: u16 = 0x8000 >> 5;

/// GeneralName tag of dNSName (`[2] IMPLICIT IA5String`).
pub(crate) const GENERAL_NAME_DNS: u8 = tag::context_primitive(2);
/// GeneralName tag of iPAddress (`[7] IMPLICIT OCTET STRING`).
pub(crate) const GENERAL_NAME_IP: u8 = tag::context_primitive(7);

/// The certificate format version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// v1: no extensions; accepted only for trust anchors.
    V1,
    /// v3.
    V3,
}

/// The basicConstraints extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BasicConstraints {
    /// cA: the key may sign certificates.
    pub(crate) ca: bool,
    /// pathLenConstraint: most intermediate CAs allowed below this one.
    pub(crate) path_len: Option<u32>,
}

/// A parsed certificate, borrowing every field from its DER encoding.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Certificate<'a> {
    /// The whole tbsCertificate encoding: the bytes the issuer signed.
    pub(crate) tbs: &'a [u8],
    pub(crate) version: Version,
    pub(crate) signature_algorithm: SignatureAlgorithm,
    /// The signatureValue BIT STRING contents.
    pub(crate) signature: &'a [u8],
    /// The whole issuer Name encoding (compared byte for byte).
    pub(crate) issuer: &'a [u8],
    /// The whole subject Name encoding (compared byte for byte).
    pub(crate) subject: &'a [u8],
    /// notBefore, unix seconds.
    pub(crate) not_before: i64,
    /// notAfter, unix seconds.
    pub(crate) not_after: i64,
    pub(crate) public_key: SubjectPublicKey<'a>,
    pub(crate) basic_constraints: Option<BasicConstraints>,
    /// keyUsage flags (see the `KEY_USAGE_*` constants).
    pub(crate) key_usage: Option<u16>,
    /// extKeyUsage: the contents of its SEQUENCE OF OID.
    pub(crate) ext_key_usage: Option<&'a [u8]>,
    /// subjectAltName: the contents of its GeneralNames SEQUENCE.
    pub(crate) subject_alt_name: Option<&'a [u8]>,
    pub(crate) name_constraints: Option<NameConstraints<'a>>,
    /// An extension marked critical that this module does not process.
    pub(crate) unsupported_critical_extension: bool,
}

impl<'a> Certificate<'a> {
    /// Parses `der`, which must be exactly one certificate.
    pub(crate) fn parse(der: &'a [u8]) -> der::Result<Self> {
        let mut certificate = Reader::new(der::single(der, tag::SEQUENCE)?.value);
        let tbs = certificate.read_element(tag::SEQUENCE)?;
        let outer_algorithm = certificate.read_element(tag::SEQUENCE)?;
        let signature = der::bit_string_bytes(certificate.read(tag::BIT_STRING)?)?;
        certificate.finish()?;

        let mut fields = Reader::new(tbs.value);
        let version = match fields.read_optional(tag::context_constructed(0))? {
            // DER omits the DEFAULT v1; v2 (1) is not accepted.
            None => Version::V1,
            Some(explicit) => match der::single(explicit, tag::INTEGER)?.value {
                [2] => Version::V3,
                _ => return Err(der::Error),
            },
        };
        der::check_integer(fields.read(tag::INTEGER)?)?; // serialNumber
        let inner_algorithm = fields.read_element(tag::SEQUENCE)?;
        // RFC 5280 4.1.1.2: both algorithm fields must be the same.
        if inner_algorithm.raw != outer_algorithm.raw {
            return Err(der::Error);
        }
        let signature_algorithm = SignatureAlgorithm::parse(inner_algorithm.value)?;
        let issuer = fields.read_element(tag::SEQUENCE)?;
        name::validate(issuer.value)?;

        let mut validity = Reader::new(fields.read(tag::SEQUENCE)?);
        let not_before = read_time(&mut validity)?;
        let not_after = read_time(&mut validity)?;
        validity.finish()?;

        let subject = fields.read_element(tag::SEQUENCE)?;
        name::validate(subject.value)?;
        let public_key = parse_subject_public_key_info(fields.read(tag::SEQUENCE)?)?;

        let mut cert = Certificate {
            tbs: tbs.raw,
            version,
            signature_algorithm,
            signature,
            issuer: issuer.raw,
            subject: subject.raw,
            not_before,
            not_after,
            public_key,
            basic_constraints: None,
            key_usage: None,
            ext_key_usage: None,
            subject_alt_name: None,
            name_constraints: None,
            unsupported_critical_extension: false,
        };
        if version == Version::V3 {
            // issuerUniqueID and subjectUniqueID: obsolete, skipped.
            fields.read_optional(tag::context_primitive(1))?;
            fields.read_optional(tag::context_primitive(2))?;
            if let Some(explicit) = fields.read_optional(tag::context_constructed(3))? {
                cert.parse_extensions(der::single(explicit, tag::SEQUENCE)?.value)?;
            }
        }
        fields.finish()?;
        Ok(cert)
    }

    fn parse_extensions(&mut self, extensions: &'a [u8]) -> der::Result<()> {
        let mut reader = Reader::new(extensions);
        if reader.is_empty() {
            return Err(der::Error); // SIZE (1..MAX)
        }
        while !reader.is_empty() {
            let mut extension = Reader::new(reader.read(tag::SEQUENCE)?);
            let id = extension.read(tag::OID)?;
            let critical = match extension.read_optional(tag::BOOLEAN)? {
                Some(value) => der::boolean(value)?,
                None => false,
            };
            let value = extension.read(tag::OCTET_STRING)?;
            extension.finish()?;
            match id {
                oid::BASIC_CONSTRAINTS => {
                    set_once(&mut self.basic_constraints, parse_basic_constraints(value)?)?
                }
                oid::KEY_USAGE => {
                    let flags = der::bit_string_flags(der::single(value, tag::BIT_STRING)?.value)?;
                    set_once(&mut self.key_usage, flags)?
                }
                oid::EXT_KEY_USAGE => {
                    set_once(&mut self.ext_key_usage, parse_ext_key_usage(value)?)?
                }
                oid::SUBJECT_ALT_NAME => {
                    set_once(&mut self.subject_alt_name, parse_general_names(value)?)?
                }
                oid::NAME_CONSTRAINTS => {
                    set_once(&mut self.name_constraints, NameConstraints::parse(value)?)?
                }
                _ => self.unsupported_critical_extension |= critical,
            }
        }
        Ok(())
    }

    /// Checks the validity period against `now` (unix seconds; both bounds
    /// inclusive, as in RFC 5280).
    pub(crate) fn check_validity(&self, now: i64) -> Result<(), CertError> {
        if now < self.not_before {
            Err(CertError::NotYetValid)
        } else if now > self.not_after {
            Err(CertError::Expired)
        } else {
            Ok(())
        }
    }

    /// The bound a validity `error` from [`check_validity`](Self::check_validity)
    /// is about: notBefore for `NotYetValid`, else notAfter.
    pub(crate) fn validity_bound(&self, error: CertError) -> i64 {
        if error == CertError::NotYetValid {
            self.not_before
        } else {
            self.not_after
        }
    }

    /// The subjectAltName entries with the given GeneralName tag (contents
    /// octets). Empty when there is no subjectAltName.
    pub(crate) fn alt_names(&self, general_name_tag: u8) -> impl Iterator<Item = &'a [u8]> {
        let mut reader = Reader::new(self.subject_alt_name.unwrap_or(&[]));
        core::iter::from_fn(move || reader.read_tlv().ok())
            .filter(move |name| name.tag == general_name_tag)
            .map(|name| name.value)
    }

    /// Whether the issuer and subject names are the same (RFC 5280 6.1:
    /// self-issued, such as a CA's certificate for its own new key).
    pub(crate) fn is_self_issued(&self) -> bool {
        self.subject == self.issuer
    }

    /// The subject's commonName values.
    pub(crate) fn common_names(&self) -> name::Attributes<'a> {
        // The subject was validated as a SEQUENCE by `parse`.
        let value = der::single(self.subject, tag::SEQUENCE).map(|tlv| tlv.value);
        name::common_names(value.unwrap_or(&[]))
    }
}

/// Stores an extension value, rejecting a second instance (RFC 5280 4.2).
fn set_once<T>(slot: &mut Option<T>, value: T) -> der::Result<()> {
    if slot.is_some() {
        return Err(der::Error);
    }
    *slot = Some(value);
    Ok(())
}

fn read_time(reader: &mut Reader<'_>) -> der::Result<i64> {
    let tlv = reader.read_tlv()?;
    time::parse_time(tlv.tag, tlv.value)
}

/// Parses the contents of a SubjectPublicKeyInfo SEQUENCE. P-256/P-384 EC
/// keys set `curve`, Ed25519 keys `ed25519` and, with the `rsa` feature,
/// rsaEncryption keys `rsa`; other keys parse with none of them: they are
/// only an error if they are actually needed. An RSA key's RSAPublicKey is
/// only decoded then, too.
fn parse_subject_public_key_info(spki: &[u8]) -> der::Result<SubjectPublicKey<'_>> {
    let mut reader = Reader::new(spki);
    let mut algorithm = Reader::new(reader.read(tag::SEQUENCE)?);
    let key = der::bit_string_bytes(reader.read(tag::BIT_STRING)?)?;
    reader.finish()?;

    let algorithm_id = algorithm.read(tag::OID)?;
    let curve = if algorithm_id == oid::EC_PUBLIC_KEY {
        // ECParameters is a CHOICE; only namedCurve is usable.
        match algorithm.read_optional(tag::OID)? {
            Some(named_curve) => Curve::from_oid(named_curve),
            None => None,
        }
    } else {
        None
    };
    // Parameters: not used, except that rsaEncryption's must be NULL and
    // Ed25519's absent.
    let parameters = if algorithm.is_empty() {
        &[][..]
    } else {
        algorithm.read_tlv()?.raw
    };
    algorithm.finish()?;
    Ok(SubjectPublicKey {
        curve,
        // RFC 8410 §3: the parameters are absent. Without the feature an
        // Ed25519 key is of an unsupported type, as any other.
        ed25519: cfg!(feature = "ed25519") && algorithm_id == oid::ED25519 && parameters.is_empty(),
        #[cfg(feature = "rsa")]
        rsa: super::rsa::is_rsa_encryption(algorithm_id, parameters),
        key,
    })
}

fn parse_basic_constraints(value: &[u8]) -> der::Result<BasicConstraints> {
    let mut reader = Reader::new(der::single(value, tag::SEQUENCE)?.value);
    let ca = match reader.read_optional(tag::BOOLEAN)? {
        Some(flag) => der::boolean(flag)?,
        None => false,
    };
    let path_len = match reader.read_optional(tag::INTEGER)? {
        Some(integer) => Some(der::small_unsigned(integer)?),
        None => None,
    };
    reader.finish()?;
    Ok(BasicConstraints { ca, path_len })
}

/// Validates `SEQUENCE SIZE (1..MAX) OF KeyPurposeId` and returns its contents.
fn parse_ext_key_usage(value: &[u8]) -> der::Result<&[u8]> {
    let purposes = der::single(value, tag::SEQUENCE)?.value;
    let mut reader = Reader::new(purposes);
    if reader.is_empty() {
        return Err(der::Error);
    }
    while !reader.is_empty() {
        reader.read(tag::OID)?;
    }
    Ok(purposes)
}

/// Validates `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` and
/// returns its contents.
fn parse_general_names(value: &[u8]) -> der::Result<&[u8]> {
    let names = der::single(value, tag::SEQUENCE)?.value;
    let mut reader = Reader::new(names);
    if reader.is_empty() {
        return Err(der::Error);
    }
    while !reader.is_empty() {
        let name = reader.read_tlv()?;
        // Every GeneralName alternative is context-specific.
        if name.tag & 0xc0 != 0x80 {
            return Err(der::Error);
        }
    }
    Ok(names)
}

/// Whether the extKeyUsage contents allow TLS server authentication.
pub(crate) fn allows_server_auth(ext_key_usage: &[u8]) -> bool {
    let mut reader = Reader::new(ext_key_usage);
    core::iter::from_fn(|| reader.read(tag::OID).ok())
        .any(|purpose| purpose == oid::SERVER_AUTH || purpose == oid::ANY_EXTENDED_KEY_USAGE)
}

/// A name to show for a DER certificate: the subject's first commonName,
/// else the first subjectAltName dNSName. `None` if the certificate does not
/// parse or has neither (or the name is not UTF-8).
pub fn display_name(cert_der: &[u8]) -> Option<&str> {
    let cert = Certificate::parse(cert_der).ok()?;
    let name = match cert.common_names().next() {
        Some(common_name) => common_name,
        None => cert.alt_names(GENERAL_NAME_DNS).next()?,
    };
    core::str::from_utf8(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAF: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf.der");
    const ROOT: &[u8] = include_bytes!("../../../tests/fixtures/x509/root.der");
    const V1: &[u8] = include_bytes!("../../../tests/fixtures/x509/v1root.der");
    const LEGACY: &[u8] = include_bytes!("../../../tests/fixtures/x509/legacy.der");
    const CRITEXT: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_critext.der");
    const RSA_CA: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_ca.der");
    const INT: &[u8] = include_bytes!("../../../tests/fixtures/x509/int.der");
    const CA384: &[u8] = include_bytes!("../../../tests/fixtures/x509/ca384.der");
    const LEAF384: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf384.der");
    const EXPIRED: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_expired.der");

    #[test]
    fn parses_leaf() {
        let cert = Certificate::parse(LEAF).unwrap();
        assert_eq!(cert.version, Version::V3);
        assert_eq!(cert.signature_algorithm, SignatureAlgorithm::EcdsaSha256);
        assert_eq!(cert.not_before, 1_577_836_800); // 2020-01-01, a UTCTime
        assert_eq!(cert.not_after, 4_102_444_799); // 2099-12-31T23:59:59, a GeneralizedTime
        assert_eq!(cert.public_key.curve, Some(Curve::P256));
        assert_eq!(cert.public_key.key.len(), 65);
        assert_eq!(
            cert.basic_constraints,
            Some(BasicConstraints {
                ca: false,
                path_len: None
            })
        );
        assert_eq!(cert.key_usage, Some(KEY_USAGE_DIGITAL_SIGNATURE));
        assert!(allows_server_auth(cert.ext_key_usage.unwrap()));
        let dns: Vec<&[u8]> = cert.alt_names(GENERAL_NAME_DNS).collect();
        assert_eq!(dns, [&b"localhost"[..], &b"*.example.com"[..]]);
        let ips: Vec<&[u8]> = cert.alt_names(GENERAL_NAME_IP).collect();
        assert_eq!(ips.len(), 2);
        assert_eq!(ips[0], [127, 0, 0, 1]);
        assert!(!cert.unsupported_critical_extension);
        assert_eq!(cert.common_names().collect::<Vec<_>>(), [&b"localhost"[..]]);
        assert_eq!(cert.issuer, Certificate::parse(INT).unwrap().subject);
    }

    #[test]
    fn parses_cas_and_odd_certificates() {
        let root = Certificate::parse(ROOT).unwrap();
        assert_eq!(
            root.basic_constraints,
            Some(BasicConstraints {
                ca: true,
                path_len: None
            })
        );
        assert_eq!(root.key_usage, Some(KEY_USAGE_KEY_CERT_SIGN | 0x8000 >> 6));
        assert_eq!(root.issuer, root.subject);
        let int = Certificate::parse(INT).unwrap();
        assert_eq!(
            int.basic_constraints,
            Some(BasicConstraints {
                ca: true,
                path_len: Some(0)
            })
        );

        let v1 = Certificate::parse(V1).unwrap();
        assert_eq!(v1.version, Version::V1);
        assert_eq!(v1.basic_constraints, None);

        assert!(
            Certificate::parse(CRITEXT)
                .unwrap()
                .unsupported_critical_extension
        );
        assert_eq!(Certificate::parse(LEGACY).unwrap().subject_alt_name, None);

        let rsa = Certificate::parse(RSA_CA).unwrap();
        #[cfg(not(feature = "rsa"))]
        assert_eq!(rsa.signature_algorithm, SignatureAlgorithm::Unsupported);
        #[cfg(feature = "rsa")]
        {
            use crate::engine::crypto::hash::HashAlg;
            assert_eq!(
                rsa.signature_algorithm,
                SignatureAlgorithm::RsaPkcs1(HashAlg::Sha256)
            );
            assert!(rsa.public_key.rsa);
            assert!(!Certificate::parse(ROOT).unwrap().public_key.rsa);
        }
        assert_eq!(rsa.public_key.curve, None);

        let ca384 = Certificate::parse(CA384).unwrap();
        assert_eq!(ca384.public_key.curve, Some(Curve::P384));
        assert_eq!(ca384.signature_algorithm, SignatureAlgorithm::EcdsaSha384);
        let leaf384 = Certificate::parse(LEAF384).unwrap();
        assert_eq!(leaf384.public_key.curve, Some(Curve::P256));
        assert_eq!(leaf384.signature_algorithm, SignatureAlgorithm::EcdsaSha384);

        let expired = Certificate::parse(EXPIRED).unwrap();
        assert_eq!(expired.not_before, 978_307_200); // 2001-01-01
        assert_eq!(
            expired.check_validity(978_307_199),
            Err(CertError::NotYetValid)
        );
        assert_eq!(expired.check_validity(978_307_200), Ok(()));
        assert_eq!(expired.check_validity(expired.not_after), Ok(()));
        assert_eq!(
            expired.check_validity(expired.not_after + 1),
            Err(CertError::Expired)
        );
    }

    #[test]
    fn display_names() {
        assert_eq!(display_name(LEAF), Some("localhost"));
        assert_eq!(display_name(LEGACY), Some("legacy.example"));
        assert_eq!(display_name(ROOT), Some("rtls Test Root CA"));
        assert_eq!(display_name(&LEAF[..100]), None);
    }

    #[test]
    fn rejects_trailing_data_and_mismatched_algorithms() {
        let mut trailing = LEAF.to_vec();
        trailing.push(0);
        assert!(Certificate::parse(&trailing).is_err());

        // Change the outer signatureAlgorithm to ecdsa-with-SHA384: it no
        // longer equals the one inside tbsCertificate.
        let cert = Certificate::parse(LEAF).unwrap();
        let tbs_end = 4 + cert.tbs.len();
        let mut altered = LEAF.to_vec();
        assert_eq!(&altered[tbs_end..tbs_end + 4], &[0x30, 0x0a, 0x06, 0x08]);
        altered[tbs_end + 11] = 0x03;
        assert!(Certificate::parse(&altered).is_err());
    }

    /// Re-encodes the leaf with its extensions replaced (`None`: no
    /// extensions field), to test extension parsing without a fixture per
    /// case. Only the parser looks at it, so the stale signature does not matter.
    fn rebuild_leaf(extensions: Option<&[u8]>) -> Vec<u8> {
        let cert = Certificate::parse(LEAF).unwrap();
        let mut fields = Reader::new(der::single(cert.tbs, tag::SEQUENCE).unwrap().value);
        let mut tbs = Vec::new();
        while let Ok(field) = fields.read_tlv() {
            if field.tag != tag::context_constructed(3) {
                tbs.extend_from_slice(field.raw);
            }
        }
        if let Some(extensions) = extensions {
            tbs.extend(encode(
                tag::context_constructed(3),
                &encode(tag::SEQUENCE, extensions),
            ));
        }
        let mut body = encode(tag::SEQUENCE, &tbs);
        body.extend_from_slice(&LEAF[4 + cert.tbs.len()..]);
        encode(tag::SEQUENCE, &body)
    }

    fn with_extensions(extensions: &[u8]) -> Vec<u8> {
        rebuild_leaf(Some(extensions))
    }

    fn encode(tag: u8, value: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match value.len() {
            len @ 0..=0x7f => out.push(len as u8),
            len @ 0x80..=0xff => out.extend([0x81, len as u8]),
            len => out.extend([0x82, (len >> 8) as u8, len as u8]),
        }
        out.extend_from_slice(value);
        out
    }

    fn extension(id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
        let mut body = encode(tag::OID, id);
        if critical {
            body.extend([0x01, 0x01, 0xff]);
        }
        body.extend(encode(tag::OCTET_STRING, value));
        encode(tag::SEQUENCE, &body)
    }

    #[test]
    fn extension_rules() {
        let ca = extension(
            oid::BASIC_CONSTRAINTS,
            true,
            &[0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x03],
        );
        let cert_der = with_extensions(&ca);
        let cert = Certificate::parse(&cert_der).unwrap();
        assert_eq!(
            cert.basic_constraints,
            Some(BasicConstraints {
                ca: true,
                path_len: Some(3)
            })
        );
        assert_eq!(cert.subject_alt_name, None);

        // The same extension twice.
        let twice = [ca.clone(), ca.clone()].concat();
        assert!(Certificate::parse(&with_extensions(&twice)).is_err());
        // An empty extensions SEQUENCE.
        assert!(Certificate::parse(&with_extensions(&[])).is_err());
        // critical = 0x01 is not DER.
        let mut bad_bool = ca.clone();
        let at = bad_bool.iter().position(|&b| b == 0xff).unwrap();
        bad_bool[at] = 0x01;
        assert!(Certificate::parse(&with_extensions(&bad_bool)).is_err());
        // Unknown extensions: ignored unless critical.
        let unknown = [0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x01];
        let quiet = with_extensions(&extension(&unknown, false, &[0x05, 0x00]));
        assert!(
            !Certificate::parse(&quiet)
                .unwrap()
                .unsupported_critical_extension
        );
        let loud = with_extensions(&extension(&unknown, true, &[0x05, 0x00]));
        assert!(
            Certificate::parse(&loud)
                .unwrap()
                .unsupported_critical_extension
        );
        // Empty SAN / EKU, and a SAN entry with a universal tag.
        assert!(Certificate::parse(&with_extensions(&extension(
            oid::SUBJECT_ALT_NAME,
            false,
            &[0x30, 0x00]
        )))
        .is_err());
        assert!(Certificate::parse(&with_extensions(&extension(
            oid::EXT_KEY_USAGE,
            false,
            &[0x30, 0x00]
        )))
        .is_err());
        assert!(Certificate::parse(&with_extensions(&extension(
            oid::SUBJECT_ALT_NAME,
            false,
            &[0x30, 0x03, 0x16, 0x01, b'a']
        )))
        .is_err());
        // A negative pathLenConstraint; trailing bytes inside basicConstraints.
        assert!(Certificate::parse(&with_extensions(&extension(
            oid::BASIC_CONSTRAINTS,
            false,
            &[0x30, 0x03, 0x02, 0x01, 0xff]
        )))
        .is_err());
        assert!(Certificate::parse(&with_extensions(&extension(
            oid::BASIC_CONSTRAINTS,
            false,
            &[0x30, 0x00, 0x00]
        )))
        .is_err());
        // A v3 certificate without extensions is fine.
        let bare = rebuild_leaf(None);
        assert_eq!(Certificate::parse(&bare).unwrap().key_usage, None);
    }

    #[test]
    fn truncations_and_flips_never_panic() {
        for der in [LEAF, ROOT, V1, RSA_CA, CA384] {
            for len in 0..der.len() {
                assert!(Certificate::parse(&der[..len]).is_err());
                let _ = display_name(&der[..len]);
            }
            let mut flipped = der.to_vec();
            for i in 0..der.len() {
                for mask in [0x01, 0x80, 0xff] {
                    flipped[i] ^= mask;
                    if let Ok(cert) = Certificate::parse(&flipped) {
                        let _ = cert.common_names().count();
                        let _ = cert.alt_names(GENERAL_NAME_DNS).count();
                        let _ = cert.ext_key_usage.map(allows_server_auth);
                    }
                    let _ = display_name(&flipped);
                    flipped[i] ^= mask;
                }
            }
        }
    }
}
