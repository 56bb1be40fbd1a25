//! Private keys for TLS client authentication: EC P-256 and P-384 (SEC1 or
//! PKCS#8), Ed25519 (PKCS#8, RFC 8410) and, with the feature `rsa`, RSA
//! (PKCS#1 or PKCS#8), PEM or DER.

use core::fmt;

use super::cert::Certificate;
use crate::engine::crypto::provider::{Ecdsa, Ed25519 as _, KeyError};
use crate::engine::crypto::{EcdsaP256, EcdsaP384, Ed25519};
use super::der::{self, tag, Reader};
use super::error::ParseError;
use super::oid;
use super::pem;
use super::signature::Curve;

#[cfg(feature = "rsa")]
pub use super::rsa::RsaPrivateKey;

/// An RSA private key (feature `rsa`); without the feature this type has no
/// values, and RSA keys are [`ParseError::UnsupportedKey`].
#[cfg(not(feature = "rsa"))]
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RsaPrivateKey<'a> {
    never: core::convert::Infallible,
    der: core::marker::PhantomData<&'a [u8]>,
}

#[cfg(not(feature = "rsa"))]
impl RsaPrivateKey<'_> {
    /// There is no such key to act on.
    pub(crate) fn unreachable(&self) -> ! {
        match self.never {}
    }

    fn matches_public_key(&self, _: &[u8]) -> bool {
        self.unreachable()
    }
}

/// A private key usable for TLS 1.3 client authentication.
///
/// EC and Ed25519 keys are held by value: the key material is overwritten
/// with zeros when the value is dropped. An RSA key (a few KiB with its CRT
/// values) is borrowed from the DER it was parsed from, which its owner
/// keeps alive and overwrites when done (see [`parse_private_key`]).
/// `Debug` does not show key material.
#[derive(Clone, PartialEq, Eq)]
pub enum PrivateKey<'a> {
    /// An EC P-256 secret scalar, big-endian.
    P256([u8; 32]),
    /// An EC P-384 secret scalar, big-endian.
    P384([u8; 48]),
    /// An Ed25519 secret key: the 32-byte seed of RFC 8032.
    Ed25519([u8; 32]),
    /// An RSA key (feature `rsa`), borrowed from its DER `RSAPrivateKey`.
    Rsa(RsaPrivateKey<'a>),
}

impl PrivateKey<'_> {
    /// The same key without a borrow: a copy of an EC or Ed25519 key;
    /// `None` for an RSA key, which borrows its DER.
    pub fn to_static(&self) -> Option<PrivateKey<'static>> {
        match self {
            PrivateKey::P256(scalar) => Some(PrivateKey::P256(*scalar)),
            PrivateKey::P384(scalar) => Some(PrivateKey::P384(*scalar)),
            PrivateKey::Ed25519(seed) => Some(PrivateKey::Ed25519(*seed)),
            PrivateKey::Rsa(_) => None,
        }
    }
}

impl fmt::Debug for PrivateKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PrivateKey::P256(_) => "PrivateKey::P256(..)",
            PrivateKey::P384(_) => "PrivateKey::P384(..)",
            PrivateKey::Ed25519(_) => "PrivateKey::Ed25519(..)",
            PrivateKey::Rsa(_) => "PrivateKey::Rsa(..)",
        })
    }
}

impl Drop for PrivateKey<'_> {
    fn drop(&mut self) {
        match self {
            PrivateKey::P256(scalar) | PrivateKey::Ed25519(scalar) => zeroize(scalar),
            PrivateKey::P384(scalar) => zeroize(scalar),
            // Borrowed: its owner overwrites the DER.
            PrivateKey::Rsa(_) => {}
        }
    }
}

/// Parses a private key: EC P-256 or P-384 in SEC1 (`EC PRIVATE KEY`) or
/// PKCS#8 (`PRIVATE KEY`), Ed25519 in PKCS#8 (RFC 8410), or with the
/// feature `rsa` RSA in PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8; PEM or DER.
///
/// The key's DER is first put in `scratch` (base64-decoded from PEM, or
/// copied; `scratch.len() >= input.len()` suffices). An EC or Ed25519 key
/// is copied out of it and `scratch` is zeroed again before returning. An
/// RSA key borrows its DER there instead (see `RsaPrivateKey`): the
/// caller keeps `scratch` while the key is used, then zeroes it. On error
/// `scratch` is zeroed.
///
/// In PEM input, blocks that are not private keys (such as the
/// `EC PARAMETERS` block that `openssl ecparam -genkey` writes, or
/// certificates) are skipped and the first private key block is used.
/// Encrypted keys, other curves and other key types (and RSA keys without
/// the feature `rsa`) give `UnsupportedKey`.
pub fn parse_private_key<'s>(input: &[u8], scratch: &'s mut [u8]) -> Result<PrivateKey<'s>, ParseError> {
    if input.first() == Some(&tag::SEQUENCE) {
        let der = scratch.get_mut(..input.len()).ok_or(ParseError::BufferTooSmall)?;
        der.copy_from_slice(input);
        return key_in_scratch(der);
    }
    for block in pem::blocks(input) {
        let block = block?;
        if !block.label.ends_with(b"PRIVATE KEY") {
            continue;
        }
        if block.has_headers() {
            // Legacy "Proc-Type: 4,ENCRYPTED" keys.
            return Err(ParseError::UnsupportedKey);
        }
        let len = match block.decode(scratch) {
            Ok(len) => len,
            Err(error) => {
                // A partial decode may have left key bytes behind.
                zeroize(scratch);
                return Err(error);
            }
        };
        return key_in_scratch(scratch.get_mut(..len).ok_or(ParseError::BufferTooSmall)?);
    }
    Err(ParseError::InvalidPem)
}

/// The key whose DER is `der` (in the caller's scratch): an RSA key borrows
/// it; otherwise the key is copied out and `der` zeroed.
fn key_in_scratch(der: &mut [u8]) -> Result<PrivateKey<'_>, ParseError> {
    if matches!(parse_der_private_key(der), Ok(KeyMaterial::Rsa(_))) {
        // Checked first with a short borrow, to zero `der` if it fails.
        let failed = der_key(der).err();
        if let Some(error) = failed {
            zeroize(der);
            return Err(error);
        }
        return der_key(der);
    }
    let key = der_key(der).map(|key| key.to_static());
    zeroize(der);
    key?.ok_or(ParseError::UnsupportedKey)
}

/// Whether `key` is the private half of the public key in the DER
/// certificate `cert_der` (catches a cert and key given in the wrong pair,
/// before a server rejects the handshake for it). Costs a scalar
/// multiplication for EC and Ed25519 keys (an RSA key is compared by its
/// modulus and public exponent); each key type has its own out-of-line
/// function, so that the P-384 and Ed25519 temporaries stay out of the
/// others' frames.
pub fn key_matches_certificate(key: &PrivateKey<'_>, cert_der: &[u8]) -> Result<bool, ParseError> {
    let cert = Certificate::parse(cert_der).map_err(|_| ParseError::InvalidDer)?;
    let public = &cert.public_key;
    match key {
        PrivateKey::P256(scalar) if public.curve == Some(Curve::P256) => ec_key_matches::<EcdsaP256>(scalar, public.key),
        PrivateKey::P384(scalar) if public.curve == Some(Curve::P384) => ec_key_matches::<EcdsaP384>(scalar, public.key),
        PrivateKey::Ed25519(seed) if cfg!(feature = "ed25519") && public.ed25519 => Ok(Ed25519::key_matches(seed, public.key)),
        PrivateKey::Rsa(key) if rsa_public_key(public) => Ok(key.matches_public_key(public.key)),
        _ => Ok(false),
    }
}

/// Whether a certificate's key is an rsaEncryption key.
fn rsa_public_key(public: &super::signature::SubjectPublicKey<'_>) -> bool {
    #[cfg(feature = "rsa")]
    return public.rsa;
    #[cfg(not(feature = "rsa"))]
    {
        let _ = public;
        false
    }
}

/// Whether the SEC1 `point` is the public key of `scalar`, by the
/// provider's `Ecdsa` of its curve.
fn ec_key_matches<E: Ecdsa>(scalar: &[u8], point: &[u8]) -> Result<bool, ParseError> {
    E::key_matches(scalar, point).map_err(|error| match error {
        KeyError::Scalar => ParseError::UnsupportedKey,
        KeyError::Point => ParseError::InvalidDer,
    })
}

/// Whether the big-endian scalar is in 1..n for `curve` (a usable private
/// key).
fn scalar_in_range(curve: Curve, scalar: &[u8]) -> bool {
    match curve {
        Curve::P256 => EcdsaP256::valid_scalar(scalar),
        Curve::P384 => EcdsaP384::valid_scalar(scalar),
    }
}

/// Decodes a DER private key into a [`PrivateKey`] (an RSA key borrows `der`).
fn der_key(der: &[u8]) -> Result<PrivateKey<'_>, ParseError> {
    match parse_der_private_key(der)? {
        KeyMaterial::Ec(Curve::P256, scalar) => ec_scalar(scalar, |bytes: &[u8; 32]| {
            scalar_in_range(Curve::P256, bytes).then(|| PrivateKey::P256(*bytes))
        }),
        KeyMaterial::Ec(Curve::P384, scalar) => ec_scalar(scalar, |bytes: &[u8; 48]| {
            scalar_in_range(Curve::P384, bytes).then(|| PrivateKey::P384(*bytes))
        }),
        KeyMaterial::Ed25519(_) if !cfg!(feature = "ed25519") => Err(ParseError::UnsupportedKey),
        KeyMaterial::Ed25519(seed) => {
            let seed: [u8; 32] = seed.try_into().map_err(|_| ParseError::InvalidDer)?;
            Ok(PrivateKey::Ed25519(seed))
        }
        #[cfg(feature = "rsa")]
        KeyMaterial::Rsa(rsa_private_key) => RsaPrivateKey::parse(rsa_private_key).map(PrivateKey::Rsa),
        #[cfg(not(feature = "rsa"))]
        KeyMaterial::Rsa(_) => Err(ParseError::UnsupportedKey),
    }
}

/// Left-pads `scalar` to the curve's length (some encoders drop leading
/// zero bytes) and hands it to `make`, which rejects zero and values not
/// below the group order with `None`.
fn ec_scalar<const N: usize>(
    scalar: &[u8],
    make: impl FnOnce(&[u8; N]) -> Option<PrivateKey<'static>>,
) -> Result<PrivateKey<'static>, ParseError> {
    let mut bytes = [0u8; N];
    let start = N.checked_sub(scalar.len()).ok_or(ParseError::InvalidDer)?;
    bytes[start..].copy_from_slice(scalar);
    let key = make(&bytes).ok_or(ParseError::InvalidDer);
    zeroize(&mut bytes);
    key
}

/// The secret in a DER private key, borrowed from it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum KeyMaterial<'a> {
    /// An EC key's curve and big-endian secret scalar.
    Ec(Curve, &'a [u8]),
    /// An Ed25519 key's seed (the CurvePrivateKey contents).
    Ed25519(&'a [u8]),
    /// An RSA key: its DER `RSAPrivateKey` (PKCS#1), unchecked.
    Rsa(&'a [u8]),
}

/// Decodes a DER private key: SEC1 `ECPrivateKey`, PKCS#1 `RSAPrivateKey`,
/// or PKCS#8 `PrivateKeyInfo` (or `OneAsymmetricKey`) wrapping an
/// `ECPrivateKey`, an Ed25519 `CurvePrivateKey` or an `RSAPrivateKey`.
pub(crate) fn parse_der_private_key(der: &[u8]) -> Result<KeyMaterial<'_>, ParseError> {
    let invalid = |_| ParseError::InvalidDer;
    let mut fields = Reader::new(der::single(der, tag::SEQUENCE).map_err(invalid)?.value);
    // EncryptedPrivateKeyInfo starts with an AlgorithmIdentifier, the
    // unencrypted forms with a version INTEGER.
    if fields.peek_tag() == Some(tag::SEQUENCE) {
        return Err(ParseError::UnsupportedKey);
    }
    let version =
        der::small_unsigned(fields.read(tag::INTEGER).map_err(invalid)?).map_err(invalid)?;
    // SEC1 is version 1 then the key OCTET STRING; PKCS#8 is version 0 (or 1
    // for OneAsymmetricKey) then an AlgorithmIdentifier; PKCS#1 is version 0
    // (two primes; 1 for more) then the modulus INTEGER.
    match (version, fields.peek_tag()) {
        (1, Some(tag::OCTET_STRING)) => parse_sec1(fields, None).map(|(curve, scalar)| KeyMaterial::Ec(curve, scalar)),
        (0 | 1, Some(tag::SEQUENCE)) => parse_pkcs8(fields),
        (0 | 1, Some(tag::INTEGER)) => Ok(KeyMaterial::Rsa(der)),
        _ => Err(ParseError::UnsupportedKey),
    }
}

/// The rest of a PKCS#8 `PrivateKeyInfo` after its version.
fn parse_pkcs8(mut fields: Reader<'_>) -> Result<KeyMaterial<'_>, ParseError> {
    let invalid = |_| ParseError::InvalidDer;
    let mut algorithm = Reader::new(fields.read(tag::SEQUENCE).map_err(invalid)?);
    match algorithm.read(tag::OID).map_err(invalid)? {
        oid::EC_PUBLIC_KEY => {}
        oid::ED25519 => {
            // RFC 8410 §7: absent parameters, then the private key as an
            // OCTET STRING wrapping a 32-byte CurvePrivateKey OCTET STRING.
            algorithm.finish().map_err(invalid)?;
            let inner = fields.read(tag::OCTET_STRING).map_err(invalid)?;
            let seed = der::single(inner, tag::OCTET_STRING).map_err(invalid)?.value;
            if seed.len() != 32 {
                return Err(ParseError::InvalidDer);
            }
            // Optional attributes [0] and publicKey [1] follow; neither is needed.
            return Ok(KeyMaterial::Ed25519(seed));
        }
        oid::RSA_ENCRYPTION => {
            // RFC 8017 A.1: NULL parameters, then the RSAPrivateKey in an
            // OCTET STRING.
            if !algorithm.read(tag::NULL).map_err(invalid)?.is_empty() {
                return Err(ParseError::InvalidDer);
            }
            algorithm.finish().map_err(invalid)?;
            let inner = fields.read(tag::OCTET_STRING).map_err(invalid)?;
            // Optional attributes [0] and publicKey [1] follow; neither is needed.
            return Ok(KeyMaterial::Rsa(inner));
        }
        _ => return Err(ParseError::UnsupportedKey),
    }
    let curve = named_curve(
        algorithm
            .read(tag::OID)
            .map_err(|_| ParseError::UnsupportedKey)?,
    )?;
    algorithm.finish().map_err(invalid)?;
    let inner = fields.read(tag::OCTET_STRING).map_err(invalid)?;
    // Optional attributes [0] and publicKey [1] follow; neither is needed.

    let mut sec1 = Reader::new(der::single(inner, tag::SEQUENCE).map_err(invalid)?.value);
    let version = sec1.read(tag::INTEGER).map_err(invalid)?;
    if version != [1] {
        return Err(ParseError::InvalidDer);
    }
    parse_sec1(sec1, Some(curve)).map(|(curve, scalar)| KeyMaterial::Ec(curve, scalar))
}

/// The rest of a SEC1 `ECPrivateKey` after its version. The curve comes
/// from the PKCS#8 wrapper and/or the `[0]` parameters, which must agree.
fn parse_sec1(
    mut fields: Reader<'_>,
    outer_curve: Option<Curve>,
) -> Result<(Curve, &[u8]), ParseError> {
    let invalid = |_| ParseError::InvalidDer;
    let scalar = fields.read(tag::OCTET_STRING).map_err(invalid)?;
    let parameters = fields
        .read_optional(tag::context_constructed(0))
        .map_err(invalid)?;
    fields
        .read_optional(tag::context_constructed(1))
        .map_err(invalid)?; // the public key
    fields.finish().map_err(invalid)?;
    let inner_curve = match parameters {
        Some(parameters) => {
            // ECParameters: only namedCurve is supported.
            let named =
                der::single(parameters, tag::OID).map_err(|_| ParseError::UnsupportedKey)?;
            Some(named_curve(named.value)?)
        }
        None => None,
    };
    let curve = match (outer_curve, inner_curve) {
        (Some(outer), Some(inner)) if outer != inner => return Err(ParseError::InvalidDer),
        (Some(curve), _) | (None, Some(curve)) => curve,
        // Without parameters the curve is unknown.
        (None, None) => return Err(ParseError::UnsupportedKey),
    };
    if scalar.is_empty() {
        return Err(ParseError::InvalidDer);
    }
    Ok((curve, scalar))
}

fn named_curve(curve_oid: &[u8]) -> Result<Curve, ParseError> {
    Curve::from_oid(curve_oid).ok_or(ParseError::UnsupportedKey)
}

/// Overwrites secret bytes. `black_box` keeps the compiler from removing the
/// stores as dead (best effort, without `unsafe` volatile writes).
fn zeroize(secret: &mut [u8]) {
    secret.fill(0);
    core::hint::black_box(secret);
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC1_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_sec1.pem");
    const SEC1_DER: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_sec1.der");
    const SEC1_ENC_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_sec1_enc.pem");
    const PKCS8_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_pkcs8.pem");
    const PKCS8_DER: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_pkcs8.der");
    const PKCS8_ENC_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_pkcs8_enc.pem");
    const PKCS8_ENC_DER: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_pkcs8_enc.der");
    // tests/fixtures/x509/make_keys.sh: P-384 (the key of ca384.der) and
    // Ed25519 keys in each encoding.
    const P384_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/p384_key.pem");
    const P384_DER: &[u8] = include_bytes!("../../../tests/fixtures/x509/p384_key.der");
    const P384_PKCS8_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/p384_key_pkcs8.pem");
    const P384_PKCS8_DER: &[u8] = include_bytes!("../../../tests/fixtures/x509/p384_key_pkcs8.der");
    const ED25519_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/ed25519_key.pem");
    const ED25519_DER: &[u8] = include_bytes!("../../../tests/fixtures/x509/ed25519_key.der");
    const RSA_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_key.pem");
    const LEAF_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf.pem");

    /// Parses `input`; the scratch of the key returned lives on (an RSA
    /// key borrows it). Checks that a parse that gives no RSA key leaves a
    /// zeroed scratch.
    fn parse(input: &[u8]) -> Result<PrivateKey<'static>, ParseError> {
        let mut scratch = vec![0u8; input.len()];
        let rsa = matches!(parse_private_key(input, &mut scratch), Ok(PrivateKey::Rsa(_)));
        assert!(rsa || scratch.iter().all(|&b| b == 0), "scratch must be zeroed");
        parse_private_key(input, vec![0u8; input.len()].leak())
    }

    #[test]
    fn all_containers_give_the_same_key() {
        let expected = parse(SEC1_DER).unwrap();
        for input in [SEC1_PEM, PKCS8_PEM, PKCS8_DER] {
            assert_eq!(parse(input).unwrap(), expected);
        }
        // A certificate before the key is skipped.
        assert_eq!(parse(&[LEAF_PEM, PKCS8_PEM].concat()).unwrap(), expected);
        // CRLF line endings.
        let crlf = String::from_utf8(SEC1_PEM.to_vec())
            .unwrap()
            .replace('\n', "\r\n");
        assert_eq!(parse(crlf.as_bytes()).unwrap(), expected);
        assert_eq!(format!("{expected:?}"), "PrivateKey::P256(..)");
    }

    #[test]
    fn p384_keys_in_every_container() {
        let expected = parse(P384_DER).unwrap();
        let PrivateKey::P384(scalar) = &expected else {
            panic!("not a P-384 key: {expected:?}");
        };
        // The SEC1 DER holds the scalar after SEQUENCE (long-form length),
        // version 1, OCTET STRING 48.
        assert_eq!(&P384_DER[8..8 + 48], scalar);
        for input in [P384_PEM, P384_PKCS8_PEM, P384_PKCS8_DER] {
            assert_eq!(parse(input).unwrap(), expected);
        }
        assert_eq!(format!("{expected:?}"), "PrivateKey::P384(..)");
        // A short scalar is left-padded to 48 bytes: SEQUENCE { 1,
        // OCTET STRING 01, [0] secp384r1 }.
        let one = [
            0x30, 0x0f, 0x02, 0x01, 0x01, 0x04, 0x01, 0x01, 0xa0, 0x07, 0x06, 0x05, 0x2b, 0x81,
            0x04, 0x00, 0x22,
        ];
        let mut scalar = [0u8; 48];
        scalar[47] = 1;
        assert_eq!(parse(&one), Ok(PrivateKey::P384(scalar)));
        // Zero, the group order and a 49-byte scalar are not keys.
        let mut zero = one;
        zero[7] = 0;
        assert_eq!(parse(&zero), Err(ParseError::InvalidDer));
        let order = crate::engine::crypto::tests::hex(
            "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
        );
        let long = [0xffu8; 49];
        for scalar in [&order[..], &long[..]] {
            let mut der = vec![0x30, 0x0e + scalar.len() as u8, 0x02, 0x01, 0x01, 0x04, scalar.len() as u8];
            der.extend_from_slice(scalar);
            der.extend_from_slice(&one[8..]);
            assert_eq!(parse(&der), Err(ParseError::InvalidDer));
        }
    }

    /// PKCS#8 of an Ed25519 seed (RFC 8410 §7), with `extra` after the
    /// private key and `version`.
    fn ed25519_pkcs8(version: u8, seed: &[u8], extra: &[u8]) -> Vec<u8> {
        let mut body = vec![0x02, 0x01, version, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];
        body.extend_from_slice(&[0x04, seed.len() as u8 + 2, 0x04, seed.len() as u8]);
        body.extend_from_slice(seed);
        body.extend_from_slice(extra);
        let mut der = vec![0x30, body.len() as u8];
        der.extend_from_slice(&body);
        der
    }

    #[test]
    fn ed25519_keys() {
        let step = crate::engine::x509::tests::ed25519_step(parse(ED25519_DER), ParseError::UnsupportedKey);
        let Some(expected) = step else {
            return;
        };
        assert_eq!(parse(ED25519_PEM).unwrap(), expected);
        assert_eq!(format!("{expected:?}"), "PrivateKey::Ed25519(..)");
        // The seed is the last 32 bytes of openssl's PKCS#8.
        let seed: [u8; 32] = ED25519_DER[ED25519_DER.len() - 32..].try_into().unwrap();
        assert_eq!(expected, PrivateKey::Ed25519(seed));
        assert_eq!(ed25519_pkcs8(0, &seed, &[]), ED25519_DER);
        // OneAsymmetricKey (version 1) with the public key [1] after it.
        let mut public = vec![0x81, 0x21, 0x00];
        public.extend_from_slice(&[0x55; 32]);
        assert_eq!(parse(&ed25519_pkcs8(1, &seed, &public)), Ok(PrivateKey::Ed25519(seed)));
        // Wrong seed lengths.
        for len in [0, 31, 33] {
            assert_eq!(parse(&ed25519_pkcs8(0, &vec![7; len], &[])), Err(ParseError::InvalidDer));
        }
        // Ed25519 takes no parameters.
        let mut with_null = ed25519_pkcs8(0, &seed, &[]);
        with_null[1] += 2;
        with_null[6] += 2;
        with_null.splice(12..12, [0x05, 0x00]);
        assert_eq!(parse(&with_null), Err(ParseError::InvalidDer));
        // Ed448 (1.3.101.113) and X25519 (1.3.101.110) are other key types.
        for last_arc in [0x71, 0x6e] {
            let mut other = ed25519_pkcs8(0, &seed, &[]);
            assert_eq!(other[11], 0x70);
            other[11] = last_arc;
            assert_eq!(parse(&other), Err(ParseError::UnsupportedKey));
        }
    }

    #[test]
    fn unsupported_keys() {
        for input in [SEC1_ENC_PEM, PKCS8_ENC_PEM, PKCS8_ENC_DER] {
            assert_eq!(parse(input), Err(ParseError::UnsupportedKey));
        }
        // RSA keys, PKCS#8 and PKCS#1, need the feature `rsa`.
        #[cfg(not(feature = "rsa"))]
        for input in [RSA_PEM, rsa::LEAF_KEY_PKCS1_DER] {
            assert_eq!(parse(input), Err(ParseError::UnsupportedKey));
        }
        // An EC key on another curve (secp256k1, 1.3.132.0.10).
        let k1 = [
            0x30, 0x0f, 0x02, 0x01, 0x01, 0x04, 0x01, 0x01, 0xa0, 0x07, 0x06, 0x05, 0x2b, 0x81,
            0x04, 0x00, 0x0a,
        ];
        assert_eq!(parse(&k1), Err(ParseError::UnsupportedKey));
    }

    #[test]
    fn invalid_keys() {
        assert_eq!(parse(b""), Err(ParseError::InvalidPem));
        assert_eq!(parse(b"just text"), Err(ParseError::InvalidPem));
        assert_eq!(parse(LEAF_PEM), Err(ParseError::InvalidPem));
        let mut bad_base64 = SEC1_PEM.to_vec();
        let at = bad_base64.len() - 40;
        bad_base64[at] = b'#';
        assert_eq!(parse(&bad_base64), Err(ParseError::InvalidPem));
        let mut trailing = SEC1_DER.to_vec();
        trailing.push(0);
        assert_eq!(parse(&trailing), Err(ParseError::InvalidDer));
        // A scratch buffer too small for the key.
        let mut scratch = [0u8; 16];
        assert_eq!(
            parse_private_key(PKCS8_PEM, &mut scratch),
            Err(ParseError::BufferTooSmall)
        );
        assert!(scratch.iter().all(|&b| b == 0));
        // Scalar zero: SEQUENCE { 1, OCTET STRING 00, [0] prime256v1 }.
        let zero = [
            0x30, 0x12, 0x02, 0x01, 0x01, 0x04, 0x01, 0x00, 0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86,
            0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
        ];
        assert_eq!(parse(&zero), Err(ParseError::InvalidDer));
        // A short scalar is left-padded; no curve parameters means unknown curve.
        let one = [
            0x30, 0x12, 0x02, 0x01, 0x01, 0x04, 0x01, 0x01, 0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86,
            0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
        ];
        let mut scalar = [0u8; 32];
        scalar[31] = 1;
        assert_eq!(parse(&one), Ok(PrivateKey::P256(scalar)));
        assert_eq!(
            parse(&[0x30, 0x06, 0x02, 0x01, 0x01, 0x04, 0x01, 0x01]),
            Err(ParseError::UnsupportedKey)
        );
    }

    #[test]
    fn truncations_never_panic() {
        for input in [SEC1_DER, PKCS8_DER, PKCS8_ENC_DER, P384_DER, P384_PKCS8_DER, ED25519_DER] {
            for len in 0..input.len() {
                assert!(parse(&input[..len]).is_err());
            }
        }
        // (The last byte is the newline after the END line.)
        for input in [PKCS8_PEM, ED25519_PEM] {
            for len in 0..input.len() - 1 {
                assert!(parse(&input[..len]).is_err());
            }
        }
    }

    /// RSA keys (feature `rsa`): tests/fixtures/x509/make_rsa_client.sh.
    mod rsa {
        /// make_rsa_client.sh's PKCS#1 DER of make_rsa.sh's RSA-2048 leaf key.
        pub(super) const LEAF_KEY_PKCS1_DER: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_leaf_key_pkcs1.der");

        #[cfg(feature = "rsa")]
        mod with_the_feature {
            use super::super::*;
            use super::*;

            /// make_rsa.sh's RSA-2048 leaf key (of rsa_leaf.der), PKCS#8
            /// PEM, and make_rsa_client.sh's other encodings of it.
            const LEAF_KEY_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_leaf_key.pem");
            const LEAF_KEY_DER: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_leaf_key.der");
            const LEAF_KEY_PKCS1_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_leaf_key_pkcs1.pem");

            const LEAF_CERT: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_leaf.der");
            const CLIENT3072_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_client3072.pem");
            const CLIENT3072_CERT: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_client3072_cert.der");
            const CLIENT4096_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_client4096.pem");
            const CLIENT4096_CERT: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_client4096_cert.der");
            const CLIENT2049_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_client2049.pem");
            const CLIENT2049_CERT: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_client2049_cert.der");
            const KEY1024_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_key1024.pem");
            const KEY3PRIMES_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_key3primes.pem");
            const UNBALANCED_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_key_unbalanced.pem");

            fn rsa(key: &PrivateKey<'static>) -> RsaPrivateKey<'static> {
                match key {
                    PrivateKey::Rsa(key) => *key,
                    other => panic!("not an RSA key: {other:?}"),
                }
            }

            #[test]
            fn rsa_keys_in_every_container() {
                let expected = parse(LEAF_KEY_PKCS1_DER).unwrap();
                assert_eq!(format!("{expected:?}"), "PrivateKey::Rsa(..)");
                assert_eq!(expected.to_static(), None);
                for input in [LEAF_KEY_PEM, LEAF_KEY_DER, LEAF_KEY_PKCS1_PEM] {
                    assert_eq!(parse(input).unwrap(), expected);
                }
                // The PKCS#8 DER wraps the PKCS#1 DER: the key borrows it
                // in the scratch, which is not zeroed.
                let mut scratch = vec![0u8; LEAF_KEY_DER.len()];
                let key = parse_private_key(LEAF_KEY_DER, &mut scratch).unwrap();
                assert_eq!(key, expected);
                drop(key);
                let inner_at = LEAF_KEY_DER.len() - LEAF_KEY_PKCS1_DER.len();
                assert_eq!(&scratch[inner_at..], LEAF_KEY_PKCS1_DER, "the DER stays in the scratch");
                // Sizes; the 2049-bit key's primes are of 1025 and 1024 bits.
                for (pem, bits) in [(CLIENT3072_PEM, 3072), (CLIENT4096_PEM, 4096), (CLIENT2049_PEM, 2049)] {
                    let modulus = rsa(&parse(pem).unwrap()).modulus();
                    assert_eq!(8 * modulus.len() - modulus[0].leading_zeros() as usize, bits);
                }
                assert_eq!(rsa(&expected).public_exponent(), 65537);
                // make.sh's RSA key (PKCS#8 PEM), refused without the feature.
                assert!(matches!(parse(RSA_PEM), Ok(PrivateKey::Rsa(_))));
                // A certificate before the key is skipped.
                let cert_pem = include_bytes!("../../../tests/fixtures/x509/rsa_leaf.pem");
                assert_eq!(parse(&[&cert_pem[..], LEAF_KEY_PKCS1_PEM].concat()).unwrap(), expected);
            }

            #[test]
            fn rsa_key_matches_its_certificate_only() {
                let cases = [
                    (LEAF_KEY_PKCS1_PEM, LEAF_CERT),
                    (CLIENT3072_PEM, CLIENT3072_CERT),
                    (CLIENT4096_PEM, CLIENT4096_CERT),
                    (CLIENT2049_PEM, CLIENT2049_CERT),
                ];
                for (i, (pem, _)) in cases.iter().enumerate() {
                    let key = parse(pem).unwrap();
                    for (j, (_, cert)) in cases.iter().enumerate() {
                        assert_eq!(key_matches_certificate(&key, cert), Ok(i == j), "key {i}, certificate {j}");
                    }
                    // Not an EC certificate; and an EC key is not the RSA one.
                    assert_eq!(key_matches_certificate(&key, include_bytes!("../../../tests/fixtures/x509/leaf.der")), Ok(false));
                }
                assert_eq!(key_matches_certificate(&parse(SEC1_DER).unwrap(), LEAF_CERT), Ok(false));
            }

            #[test]
            fn unsupported_rsa_keys() {
                // 1024 bits; three primes; primes of 1100 and 948 bits.
                for input in [KEY1024_PEM, KEY3PRIMES_PEM, UNBALANCED_PEM] {
                    assert_eq!(parse(input), Err(ParseError::UnsupportedKey));
                }
            }

            use crate::engine::x509::rsa::tests::{der_encode as tlv, integer};

            /// The leaf key's fields (n, e, d, p, q, dP, dQ, qInv), as
            /// magnitudes.
            fn leaf_fields() -> Vec<Vec<u8>> {
                let mut fields = Reader::new(der::single(LEAF_KEY_PKCS1_DER, tag::SEQUENCE).unwrap().value);
                assert_eq!(fields.read(tag::INTEGER).unwrap(), [0]);
                let fields: Vec<Vec<u8>> = (0..8)
                    .map(|_| der::unsigned_magnitude(fields.read(tag::INTEGER).unwrap()).unwrap().to_vec())
                    .collect();
                fields
            }

            /// An RSAPrivateKey of `version` and `fields` (plus `extra`).
            fn rsa_private_key(version: u8, fields: &[Vec<u8>], extra: &[u8]) -> Vec<u8> {
                let mut body = integer(&[version]);
                for field in fields {
                    body.extend(integer(field));
                }
                body.extend_from_slice(extra);
                tlv(tag::SEQUENCE, &body)
            }

            #[test]
            fn malformed_rsa_keys() {
                let fields = leaf_fields();
                assert_eq!(rsa_private_key(0, &fields, &[]), LEAF_KEY_PKCS1_DER);
                let with = |at: usize, value: &[u8]| {
                    let mut changed = fields.clone();
                    changed[at] = value.to_vec();
                    rsa_private_key(0, &changed, &[])
                };
                let plus_one = |at: usize, delta: u8| {
                    let mut value = fields[at].clone();
                    *value.last_mut().unwrap() ^= delta;
                    value
                };
                let (n, p, q) = (0, 3, 4);
                let bad = [
                    // A missing field; a field too many.
                    rsa_private_key(0, &fields[..7], &[]),
                    rsa_private_key(0, &fields, &integer(&[1])),
                    // Even n; e of 1 or even; d zero or not below n.
                    with(n, &plus_one(n, 1)),
                    with(1, &[1]),
                    with(1, &[1, 0, 0]),
                    with(2, &[0]),
                    with(2, &fields[n]),
                    // An even prime; another odd prime, whose product is not n.
                    with(p, &plus_one(p, 1)),
                    with(q, &plus_one(q, 2)),
                    // dP, dQ, qInv zero or not below their prime.
                    with(5, &[0]),
                    with(5, &fields[p]),
                    with(6, &fields[q]),
                    with(7, &[0]),
                    with(7, &fields[p]),
                ];
                for (i, der) in bad.iter().enumerate() {
                    assert_eq!(parse(der), Err(ParseError::InvalidDer), "case {i}");
                }
                // A negative modulus (its high bit set, no zero byte).
                let mut negative = integer(&[0]);
                negative.extend(tlv(tag::INTEGER, &fields[n]));
                for field in &fields[1..] {
                    negative.extend(integer(field));
                }
                assert_eq!(parse(&tlv(tag::SEQUENCE, &negative)), Err(ParseError::InvalidDer));
                // A public exponent longer than 32 bits; an unknown version.
                assert_eq!(parse(&with(1, &[1, 0, 0, 0, 1])), Err(ParseError::UnsupportedKey));
                assert_eq!(parse(&rsa_private_key(2, &fields, &[])), Err(ParseError::UnsupportedKey));
                // PKCS#8 whose rsaEncryption parameters are not NULL.
                let mut pkcs8 = LEAF_KEY_DER.to_vec();
                let null_at = pkcs8.windows(2).position(|w| w == [0x05, 0x00]).unwrap();
                pkcs8[null_at] = 0x04;
                assert_eq!(parse(&pkcs8), Err(ParseError::InvalidDer));
                // The untouched fields still make the key.
                assert!(matches!(parse(&rsa_private_key(0, &fields, &[])), Ok(PrivateKey::Rsa(_))));
            }

            #[test]
            fn rsa_truncations_never_panic() {
                for input in [LEAF_KEY_PKCS1_DER, LEAF_KEY_DER] {
                    for len in 0..input.len() {
                        assert!(parse(&input[..len]).is_err(), "{len}");
                    }
                }
            }
        }
    }
}
