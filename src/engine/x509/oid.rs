//! Object identifiers, as the contents octets of their DER encoding, so they
//! are compared with a plain byte comparison.

/// ecdsa-with-SHA256, 1.2.840.10045.4.3.2.
pub(crate) const ECDSA_WITH_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
/// ecdsa-with-SHA384, 1.2.840.10045.4.3.3.
pub(crate) const ECDSA_WITH_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];

/// id-ecPublicKey, 1.2.840.10045.2.1.
pub(crate) const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// prime256v1 (P-256), 1.2.840.10045.3.1.7.
pub(crate) const PRIME256V1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
/// secp384r1 (P-384), 1.3.132.0.34.
pub(crate) const SECP384R1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// id-Ed25519, 1.3.101.112 (RFC 8410): the key type and, with absent
/// parameters, the signature algorithm.
pub(crate) const ED25519: &[u8] = &[0x2b, 0x65, 0x70];

/// id-at-commonName, 2.5.4.3.
pub(crate) const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
/// emailAddress, 1.2.840.113549.1.9.1 (PKCS #9).
pub(crate) const EMAIL_ADDRESS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01];

/// id-ce-keyUsage, 2.5.29.15.
pub(crate) const KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x0f];
/// id-ce-subjectAltName, 2.5.29.17.
pub(crate) const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
/// id-ce-basicConstraints, 2.5.29.19.
pub(crate) const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];
/// id-ce-nameConstraints, 2.5.29.30.
pub(crate) const NAME_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x1e];
/// id-ce-extKeyUsage, 2.5.29.37.
pub(crate) const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];

/// anyExtendedKeyUsage, 2.5.29.37.0.
pub(crate) const ANY_EXTENDED_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25, 0x00];
/// id-kp-serverAuth, 1.3.6.1.5.5.7.3.1.
pub(crate) const SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];

/// rsaEncryption, 1.2.840.113549.1.1.1.
pub(crate) const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// id-mgf1, 1.2.840.113549.1.1.8.
#[cfg(feature = "rsa")]
pub(crate) const MGF1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];
/// id-RSASSA-PSS, 1.2.840.113549.1.1.10.
#[cfg(feature = "rsa")]
pub(crate) const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
/// sha256WithRSAEncryption, 1.2.840.113549.1.1.11.
#[cfg(feature = "rsa")]
pub(crate) const SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
/// sha384WithRSAEncryption, 1.2.840.113549.1.1.12.
#[cfg(feature = "rsa")]
pub(crate) const SHA384_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
/// sha512WithRSAEncryption, 1.2.840.113549.1.1.13.
#[cfg(feature = "rsa")]
pub(crate) const SHA512_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];

/// id-sha256, 2.16.840.1.101.3.4.2.1.
#[cfg(feature = "rsa")]
pub(crate) const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
/// id-sha384, 2.16.840.1.101.3.4.2.2.
#[cfg(feature = "rsa")]
pub(crate) const SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
/// id-sha512, 2.16.840.1.101.3.4.2.3.
#[cfg(feature = "rsa")]
pub(crate) const SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];
