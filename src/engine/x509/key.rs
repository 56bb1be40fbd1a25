//! Private keys for TLS client authentication: SEC1 and PKCS#8, PEM or DER.

use core::fmt;

use super::cert::Certificate;
use super::der::{self, tag, Reader};
use super::error::ParseError;
use super::oid;
use super::pem;
use super::signature::Curve;

/// A private key usable for TLS 1.3 client authentication.
///
/// The key material is overwritten with zeros when the value is dropped, and
/// `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub enum PrivateKey {
    /// An EC P-256 secret scalar, big-endian.
    P256([u8; 32]),
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrivateKey::P256(_) => f.write_str("PrivateKey::P256(..)"),
        }
    }
}

impl Drop for PrivateKey {
    fn drop(&mut self) {
        match self {
            PrivateKey::P256(scalar) => zeroize(scalar),
        }
    }
}

/// Parses an EC P-256 private key: SEC1 (`EC PRIVATE KEY`) or PKCS#8
/// (`PRIVATE KEY`), PEM or DER.
///
/// `scratch` receives the base64-decoded PEM (`scratch.len() >= input.len()`
/// suffices) and is zeroed again before returning. In PEM input, blocks that
/// are not private keys (such as the `EC PARAMETERS` block that
/// `openssl ecparam -genkey` writes, or certificates) are skipped and the
/// first private key block is used. Encrypted keys, non-EC keys and curves
/// other than P-256 give `UnsupportedKey`.
pub fn parse_private_key(input: &[u8], scratch: &mut [u8]) -> Result<PrivateKey, ParseError> {
    if input.first() == Some(&tag::SEQUENCE) {
        return p256_key(input);
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
        let decoded = block.decode(scratch);
        let len = match decoded {
            Ok(len) => len,
            Err(error) => {
                // A partial decode may have left key bytes behind.
                zeroize(scratch);
                return Err(error);
            }
        };
        let der = scratch.get_mut(..len).ok_or(ParseError::BufferTooSmall)?;
        let key = p256_key(der);
        zeroize(der);
        return key;
    }
    Err(ParseError::InvalidPem)
}

/// Decodes a DER key and keeps it only if it is on P-256.
/// Whether `key` is the private half of the public key in the DER
/// certificate `cert_der` (catches a cert and key given in the wrong pair,
/// before a server rejects the handshake for it).
pub fn key_matches_certificate(key: &PrivateKey, cert_der: &[u8]) -> Result<bool, ParseError> {
    let cert = Certificate::parse(cert_der).map_err(|_| ParseError::InvalidDer)?;
    match key {
        PrivateKey::P256(scalar) => {
            if cert.public_key.curve != Some(Curve::P256) {
                return Ok(false);
            }
            let secret = p256::SecretKey::from_bytes(scalar.into()).map_err(|_| ParseError::UnsupportedKey)?;
            let public = p256::PublicKey::from_sec1_bytes(cert.public_key.key).map_err(|_| ParseError::InvalidDer)?;
            Ok(secret.public_key() == public)
        }
    }
}

fn p256_key(der: &[u8]) -> Result<PrivateKey, ParseError> {
    let (curve, scalar) = parse_ec_private_key(der)?;
    if curve != Curve::P256 {
        return Err(ParseError::UnsupportedKey);
    }
    // Some encoders drop leading zero bytes of the scalar.
    let mut bytes = [0u8; 32];
    let start = bytes
        .len()
        .checked_sub(scalar.len())
        .ok_or(ParseError::InvalidDer)?;
    bytes[start..].copy_from_slice(scalar);
    // Rejects zero and values not below the group order.
    if p256::SecretKey::from_bytes(&bytes.into()).is_err() {
        zeroize(&mut bytes);
        return Err(ParseError::InvalidDer);
    }
    Ok(PrivateKey::P256(bytes))
}

/// Decodes a DER EC private key (SEC1 `ECPrivateKey` or PKCS#8
/// `PrivateKeyInfo` wrapping one) into its curve and secret scalar (borrowed
/// from `der`).
pub(crate) fn parse_ec_private_key(der: &[u8]) -> Result<(Curve, &[u8]), ParseError> {
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
    // for OneAsymmetricKey) then an AlgorithmIdentifier. Anything else, such
    // as a PKCS#1 RSA key (version 0 then INTEGERs), is not an EC key.
    match (version, fields.peek_tag()) {
        (1, Some(tag::OCTET_STRING)) => parse_sec1(fields, None),
        (0 | 1, Some(tag::SEQUENCE)) => parse_pkcs8(fields),
        _ => Err(ParseError::UnsupportedKey),
    }
}

/// The rest of a PKCS#8 `PrivateKeyInfo` after its version.
fn parse_pkcs8(mut fields: Reader<'_>) -> Result<(Curve, &[u8]), ParseError> {
    let invalid = |_| ParseError::InvalidDer;
    let mut algorithm = Reader::new(fields.read(tag::SEQUENCE).map_err(invalid)?);
    if algorithm.read(tag::OID).map_err(invalid)? != oid::EC_PUBLIC_KEY {
        return Err(ParseError::UnsupportedKey);
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
    parse_sec1(sec1, Some(curve))
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
    const P384_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/p384_key.pem");
    const RSA_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_key.pem");
    const LEAF_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf.pem");

    fn parse(input: &[u8]) -> Result<PrivateKey, ParseError> {
        let mut scratch = vec![0u8; input.len()];
        let key = parse_private_key(input, &mut scratch);
        assert!(scratch.iter().all(|&b| b == 0), "scratch must be zeroed");
        key
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
    fn unsupported_keys() {
        for input in [
            SEC1_ENC_PEM,
            PKCS8_ENC_PEM,
            PKCS8_ENC_DER,
            P384_PEM,
            RSA_PEM,
        ] {
            assert_eq!(parse(input), Err(ParseError::UnsupportedKey));
        }
        // The P-384 key itself decodes; it is only refused as a TLS key.
        let mut scratch = vec![0u8; P384_PEM.len()];
        let block = pem::blocks(P384_PEM).next().unwrap().unwrap();
        let len = block.decode(&mut scratch).unwrap();
        let (curve, scalar) = parse_ec_private_key(&scratch[..len]).unwrap();
        assert_eq!((curve, scalar.len()), (Curve::P384, 48));
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
        for input in [SEC1_DER, PKCS8_DER, PKCS8_ENC_DER] {
            for len in 0..input.len() {
                assert!(parse(&input[..len]).is_err());
            }
        }
        // (The last byte is the newline after the END line.)
        for len in 0..PKCS8_PEM.len() - 1 {
            assert!(parse(&PKCS8_PEM[..len]).is_err());
        }
    }
}
