//! Client authentication: signing the client's CertificateVerify
//! (RFC 8446 §4.4.3). Verification of the server's signature is
//! [`x509::verify_tls13_signature`](crate::engine::x509::verify_tls13_signature).
//!
//! One variant per key type of [`PrivateKey`]. When that enum gains P-384
//! or Ed25519 keys, add here a `P384(p384::ecdsa::SigningKey)` variant
//! (scheme 0x0503, DER output of at most 104 bytes, which sized `out`) and
//! an `Ed25519(ed25519_dalek::SigningKey)` variant (scheme 0x0807, a raw
//! 64-byte signature); the matches below then fail to compile until they
//! are covered.

use core::fmt;

use crate::engine::error::Error;
use crate::engine::x509::{PrivateKey, ECDSA_SECP256R1_SHA256};

/// Size of the buffer [`ClientSigner::sign`] writes to: the longest
/// signature of any supported key (a DER ECDSA P-384 signature, 2 + 2 × 51
/// bytes).
pub const MAX_SIGNATURE_LEN: usize = 104;

/// A client private key for CertificateVerify. The key is overwritten with
/// zeros when dropped; `Debug` does not show it. Only the secret scalar is
/// kept: signing needs no public key, and deriving one costs a scalar
/// multiplication (as much as the signature itself).
pub enum ClientSigner {
    /// ECDSA on P-256 with SHA-256 (ecdsa_secp256r1_sha256).
    P256(p256::NonZeroScalar),
}

impl ClientSigner {
    /// The signer for `key`. `Err(Error::Internal)` if the key is not a
    /// valid scalar (parsed keys always are).
    pub fn new(key: &PrivateKey) -> Result<Self, Error> {
        match key {
            PrivateKey::P256(scalar) => Option::from(p256::NonZeroScalar::from_repr((*scalar).into()))
                .map(ClientSigner::P256)
                .ok_or(Error::Internal),
        }
    }

    /// The TLS SignatureScheme `key` signs with (0x0403 for P-256).
    pub fn scheme_for(key: &PrivateKey) -> u16 {
        match key {
            PrivateKey::P256(_) => ECDSA_SECP256R1_SHA256,
        }
    }

    /// The TLS SignatureScheme this key signs with (0x0403 for P-256).
    pub fn scheme(&self) -> u16 {
        match self {
            ClientSigner::P256(_) => ECDSA_SECP256R1_SHA256,
        }
    }

    /// Signs `message` (the whole CertificateVerify input, see
    /// [`client_certificate_verify_message`](crate::engine::x509::client_certificate_verify_message))
    /// into `out`, DER-encoded for ECDSA, and returns the signature length.
    /// ECDSA signatures are deterministic (RFC 6979): no random number
    /// generator is needed.
    pub fn sign(&self, message: &[u8], out: &mut [u8; MAX_SIGNATURE_LEN]) -> Result<usize, Error> {
        match self {
            ClientSigner::P256(key) => sign_p256(key, message, out),
        }
    }
}

impl Drop for ClientSigner {
    fn drop(&mut self) {
        match self {
            ClientSigner::P256(scalar) => zeroize::Zeroize::zeroize(scalar),
        }
    }
}

/// Kept out of line: ECDSA signing needs large frames in the p256 crate.
/// Deterministic (RFC 6979) over SHA-256 of `message`.
#[inline(never)]
fn sign_p256(
    key: &p256::NonZeroScalar,
    message: &[u8],
    out: &mut [u8; MAX_SIGNATURE_LEN],
) -> Result<usize, Error> {
    #[cfg(not(feature = "narrow-p256"))]
    use ecdsa::hazmat::SignPrimitive;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(message);
    #[cfg(feature = "narrow-p256")]
    let signature = crate::engine::p256_narrow::ecdsa::sign_prehashed(key, &digest.into())
        .ok_or(Error::Internal)?;
    #[cfg(not(feature = "narrow-p256"))]
    let (signature, _) = key
        .as_ref()
        .try_sign_prehashed_rfc6979::<sha2::Sha256>(&digest, &[])
        .map_err(|_| Error::Internal)?;
    let (r, s) = signature.split_bytes();
    der_ecdsa_signature(&r, &s, out).ok_or(Error::Internal)
}

/// Encodes an ECDSA signature as DER `SEQUENCE { INTEGER r, INTEGER s }`
/// from the big-endian `r` and `s`; `None` if it does not fit in `out`.
fn der_ecdsa_signature(r: &[u8], s: &[u8], out: &mut [u8]) -> Option<usize> {
    // Minimal INTEGER contents: no leading zero bytes except one before a
    // byte with its top bit set (the value is positive).
    fn integer(value: &[u8]) -> (bool, &[u8]) {
        let start = value
            .iter()
            .position(|&byte| byte != 0)
            .unwrap_or(value.len().saturating_sub(1));
        let value = &value[start..];
        (value.first().is_some_and(|&byte| byte & 0x80 != 0), value)
    }
    let (r_pad, r) = integer(r);
    let (s_pad, s) = integer(s);
    let r_len = usize::from(r_pad) + r.len();
    let s_len = usize::from(s_pad) + s.len();
    let content_len = 2 + r_len + 2 + s_len;
    // Short-form lengths only (below 128), which covers P-256 and P-384.
    if content_len > 127 || 2 + content_len > out.len() {
        return None;
    }
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        out[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    put(&[0x30, content_len as u8]);
    for (pad, value, len) in [(r_pad, r, r_len), (s_pad, s, s_len)] {
        put(&[0x02, len as u8]);
        if pad {
            put(&[0]);
        }
        put(value);
    }
    Some(at)
}

impl fmt::Debug for ClientSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientSigner::P256(_) => f.write_str("ClientSigner::P256(..)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::x509::{
        client_certificate_verify_message, parse_private_key, verify_server_chain,
        verify_tls13_signature, CertError, CERTIFICATE_VERIFY_MESSAGE_MAX,
    };

    const KEY_PEM: &[u8] = include_bytes!("../../../../tests/fixtures/x509/leaf_pkcs8.pem");
    const CERT: &[u8] = include_bytes!("../../../../tests/fixtures/x509/leaf.der");
    /// Inside the fixtures' validity (2020 to 2099).
    const NOW: i64 = 1_800_000_000;

    #[test]
    fn signature_verifies_with_the_certificate_key() {
        let mut scratch = vec![0u8; KEY_PEM.len()];
        let key = parse_private_key(KEY_PEM, &mut scratch).unwrap();
        let signer = ClientSigner::new(&key).unwrap();
        assert_eq!(signer.scheme(), 0x0403);
        assert_eq!(format!("{signer:?}"), "ClientSigner::P256(..)");
        // The certificate pinned as its own trust anchor yields its key.
        let public = verify_server_chain(&[CERT], CERT, None, NOW).unwrap();

        let mut message = [0u8; CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len = client_certificate_verify_message(&[0x3c; 32], &mut message);
        let mut signature = [0u8; MAX_SIGNATURE_LEN];
        let signature_len = signer.sign(&message[..len], &mut signature).unwrap();
        assert!((8..=72).contains(&signature_len));
        assert_eq!(signature[0], 0x30);
        assert_eq!(
            verify_tls13_signature(
                &public,
                signer.scheme(),
                &message[..len],
                &signature[..signature_len]
            ),
            Ok(())
        );
        // Deterministic.
        let mut again = [0u8; MAX_SIGNATURE_LEN];
        assert_eq!(signer.sign(&message[..len], &mut again), Ok(signature_len));
        assert_eq!(again, signature);
        // Over another message, it does not verify.
        message[len - 1] ^= 1;
        assert_eq!(
            verify_tls13_signature(
                &public,
                signer.scheme(),
                &message[..len],
                &signature[..signature_len]
            ),
            Err(CertError::BadSignature)
        );
    }

    #[test]
    fn many_signatures_verify() {
        // Random-looking keys and messages: exercises r and s with and
        // without a high bit and, now and then, a leading zero byte.
        let mut scalar = [0u8; 32];
        for round in 0u8..40 {
            scalar[0] = 0x10;
            scalar[31] = round + 1;
            let key = PrivateKey::P256(scalar);
            let signer = ClientSigner::new(&key).unwrap();
            let verifying = *p256::ecdsa::SigningKey::from_bytes(&scalar.into()).unwrap().verifying_key();
            let message = [round; 40];
            let mut out = [0u8; MAX_SIGNATURE_LEN];
            let len = signer.sign(&message, &mut out).unwrap();
            let decoded = decode_der(&out[..len]);
            use signature::Verifier;
            assert!(verifying.verify(&message, &decoded).is_ok());
        }
    }

    /// A strict DER decoder for the test: minimal integers, exact lengths.
    fn decode_der(der: &[u8]) -> p256::ecdsa::Signature {
        assert_eq!(der[0], 0x30);
        assert_eq!(usize::from(der[1]), der.len() - 2);
        let mut rest = &der[2..];
        let mut scalars = [0u8; 64];
        for half in scalars.chunks_mut(32) {
            assert_eq!(rest[0], 0x02);
            let len = usize::from(rest[1]);
            let mut value = &rest[2..2 + len];
            assert!(value[0] & 0x80 == 0, "negative");
            if value[0] == 0 && len > 1 {
                assert!(value[1] & 0x80 != 0, "not minimal");
                value = &value[1..];
            }
            half[32 - value.len()..].copy_from_slice(value);
            rest = &rest[2 + len..];
        }
        assert!(rest.is_empty());
        p256::ecdsa::Signature::from_slice(&scalars).unwrap()
    }

    #[test]
    fn der_encoding() {
        let mut out = [0u8; MAX_SIGNATURE_LEN];
        let len = der_ecdsa_signature(&[0, 0, 0x7f], &[0x80, 1], &mut out).unwrap();
        assert_eq!(
            out[..len],
            [0x30, 0x08, 0x02, 0x01, 0x7f, 0x02, 0x03, 0x00, 0x80, 0x01]
        );
        // Zero is one zero byte.
        let len = der_ecdsa_signature(&[0, 0], &[0], &mut out).unwrap();
        assert_eq!(out[..len], [0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]);
        // The longest P-384 signature fills the buffer exactly.
        assert_eq!(
            der_ecdsa_signature(&[0xff; 48], &[0xff; 48], &mut out),
            Some(104)
        );
        assert_eq!(
            der_ecdsa_signature(&[0xff; 48], &[0xff; 49], &mut out),
            None
        );
        assert_eq!(
            der_ecdsa_signature(&[1; 32], &[1; 32], &mut out[..69]),
            None
        );
    }

    #[test]
    fn invalid_scalar() {
        assert_eq!(
            ClientSigner::new(&PrivateKey::P256([0; 32])).unwrap_err(),
            Error::Internal
        );
    }
}
