//! Client authentication: signing the client's CertificateVerify
//! (RFC 8446 §4.4.3). Verification of the server's signature is
//! [`x509::verify_tls13_signature`](crate::engine::x509::verify_tls13_signature).
//!
//! One variant per key type of [`PrivateKey`]. P-256, P-384 and Ed25519
//! keys each have one TLS 1.3 scheme: ecdsa_secp256r1_sha256 (0x0403),
//! ecdsa_secp384r1_sha384 (0x0503, DER output of at most 104 bytes),
//! ed25519 (0x0807, a raw 64-byte signature). An RSA key (feature `rsa`)
//! signs with RSASSA-PSS under one of rsa_pss_rsae_sha256/384/512
//! (0x0804-0x0806), the one the server lists first: a signature as long as
//! the modulus, up to 512 bytes. A new key type makes the matches below
//! fail to compile until it is covered. Each signing function is out of
//! line, so a handshake pays for the stack of its own key type only.

use core::fmt;

use rand_core::CryptoRngCore;

use crate::engine::crypto::provider::{Ecdsa, Ed25519 as _};
use crate::engine::crypto::{EcdsaP256, EcdsaP384, Ed25519, SignatureScheme};
use crate::engine::error::Error;
use crate::engine::x509::{PrivateKey, RsaPrivateKey};

/// Size of a buffer that holds any signature [`ClientSigner::sign`]
/// makes: a DER ECDSA P-384 signature (2 + 2 × 51 bytes), or with the
/// feature `rsa` an RSA-4096 signature.
#[cfg(all(test, not(feature = "rsa")))]
pub const MAX_SIGNATURE_LEN: usize = 104;
/// Size of a buffer that holds any signature [`ClientSigner::sign`]
/// makes: a DER ECDSA P-384 signature (2 + 2 × 51 bytes), or with the
/// feature `rsa` an RSA-4096 signature.
#[cfg(all(test, feature = "rsa"))]
pub const MAX_SIGNATURE_LEN: usize = 512;

/// A client private key for CertificateVerify, with the scheme it signs
/// under. An EC or Ed25519 key is overwritten with zeros when dropped; an
/// RSA key stays borrowed from its owner. `Debug` does not show keys. Only
/// the secret scalar of an EC key is kept: ECDSA signing needs no public
/// key, and deriving one costs a scalar multiplication (as much as the
/// signature itself). Ed25519 signing does need it: it is derived from the
/// seed at each signature.
pub enum ClientSigner<'k> {
    /// ECDSA on P-256 with SHA-256 (ecdsa_secp256r1_sha256).
    P256(<EcdsaP256 as Ecdsa>::SigningKey),
    /// ECDSA on P-384 with SHA-384 (ecdsa_secp384r1_sha384).
    P384(<EcdsaP384 as Ecdsa>::SigningKey),
    /// Ed25519 (RFC 8032 PureEdDSA), from its 32-byte seed.
    Ed25519([u8; 32]),
    /// RSASSA-PSS (feature `rsa`) under this rsa_pss_rsae_* scheme.
    Rsa(RsaPrivateKey<'k>, SignatureScheme),
}

impl<'k> ClientSigner<'k> {
    /// The signer for `key` under `scheme` (from [`Self::choose_scheme`]).
    /// `Err(Error::Internal)` if the key cannot sign with that scheme, or is
    /// not a valid scalar (parsed keys always are).
    pub fn new(key: &PrivateKey<'k>, scheme: SignatureScheme) -> Result<Self, Error> {
        let signer = match key {
            PrivateKey::P256(scalar) => EcdsaP256::signing_key(scalar).map(ClientSigner::P256),
            PrivateKey::P384(scalar) => EcdsaP384::signing_key(scalar).map(ClientSigner::P384),
            PrivateKey::Ed25519(seed) => Some(ClientSigner::Ed25519(*seed)),
            PrivateKey::Rsa(key) => {
                SignatureScheme::RSA_PSS_RSAE.contains(&scheme).then_some(ClientSigner::Rsa(*key, scheme))
            }
        };
        signer.filter(|signer| signer.scheme() == scheme).ok_or(Error::Internal)
    }

    /// The TLS SignatureScheme `key` signs with when the server accepts
    /// them all (rsa_pss_rsae_sha256 for RSA).
    pub fn scheme_for(key: &PrivateKey<'_>) -> SignatureScheme {
        match key {
            PrivateKey::P256(_) => SignatureScheme::EcdsaSecp256r1Sha256,
            PrivateKey::P384(_) => SignatureScheme::EcdsaSecp384r1Sha384,
            PrivateKey::Ed25519(_) => SignatureScheme::Ed25519,
            PrivateKey::Rsa(_) => SignatureScheme::RsaPssRsaeSha256,
        }
    }

    /// The scheme to sign with for `key` among the server's `accepted`
    /// schemes (its CertificateRequest's signature_algorithms, as code
    /// points), or `Err(scheme)` with the scheme the key needs if it is not
    /// there (for RSA keys, rsa_pss_rsae_sha256 stands for the three
    /// rsa_pss_rsae schemes). An RSA
    /// key takes the first rsa_pss_rsae_* scheme in the server's list,
    /// which is in the server's order of preference (RFC 8446 §4.2.3); the
    /// hash costs little next to the private-key operation, whichever it is.
    pub fn choose_scheme(
        key: &PrivateKey<'_>,
        mut accepted: impl Iterator<Item = u16>,
    ) -> Result<SignatureScheme, SignatureScheme> {
        let found = match key {
            PrivateKey::Rsa(_) => accepted
                .filter_map(SignatureScheme::from_wire)
                .find(|offered| SignatureScheme::RSA_PSS_RSAE.contains(offered)),
            _ => {
                let scheme = Self::scheme_for(key);
                accepted.any(|offered| offered == scheme.wire()).then_some(scheme)
            }
        };
        found.ok_or(Self::scheme_for(key))
    }

    /// The TLS SignatureScheme this signer signs with.
    pub fn scheme(&self) -> SignatureScheme {
        match self {
            ClientSigner::P256(_) => SignatureScheme::EcdsaSecp256r1Sha256,
            ClientSigner::P384(_) => SignatureScheme::EcdsaSecp384r1Sha384,
            ClientSigner::Ed25519(_) => SignatureScheme::Ed25519,
            ClientSigner::Rsa(_, scheme) => *scheme,
        }
    }

    /// Signs `message` (the whole CertificateVerify input, see
    /// [`client_certificate_verify_message`](crate::engine::x509::client_certificate_verify_message))
    /// into the start of `out` (DER-encoded for ECDSA) and returns the
    /// signature length (`MAX_SIGNATURE_LEN` bytes always suffice).
    /// ECDSA (RFC 6979) and Ed25519 signatures are deterministic and leave
    /// `rng` alone; RSA-PSS draws its salt and blinding factor from it.
    pub fn sign<R: CryptoRngCore>(&self, message: &[u8], rng: &mut R, out: &mut [u8]) -> Result<usize, Error> {
        match self {
            ClientSigner::P256(key) => EcdsaP256::sign(key, message, out),
            ClientSigner::P384(key) => EcdsaP384::sign(key, message, out),
            ClientSigner::Ed25519(seed) if cfg!(feature = "ed25519") => Ed25519::sign(seed, message, out),
            // Never made: keys of a build without Ed25519 are refused.
            ClientSigner::Ed25519(_) => Err(Error::Internal),
            ClientSigner::Rsa(key, scheme) => sign_rsa(key, *scheme, message, rng, out),
        }
    }
}

impl Drop for ClientSigner<'_> {
    fn drop(&mut self) {
        match self {
            ClientSigner::P256(scalar) => zeroize::Zeroize::zeroize(scalar),
            ClientSigner::P384(scalar) => zeroize::Zeroize::zeroize(scalar),
            ClientSigner::Ed25519(seed) => zeroize::Zeroize::zeroize(seed),
            // Borrowed: its owner overwrites the key.
            ClientSigner::Rsa(..) => {}
        }
    }
}

/// RSASSA-PSS under `scheme` (out of line itself: see
/// `RsaPrivateKey::sign_tls13`).
#[cfg(feature = "rsa")]
fn sign_rsa<R: CryptoRngCore>(
    key: &RsaPrivateKey<'_>,
    scheme: SignatureScheme,
    message: &[u8],
    rng: &mut R,
    out: &mut [u8],
) -> Result<usize, Error> {
    key.sign_tls13(scheme, message, rng, out).map_err(|_| Error::Internal)
}

#[cfg(not(feature = "rsa"))]
fn sign_rsa<R: CryptoRngCore>(key: &RsaPrivateKey<'_>, _: SignatureScheme, _: &[u8], _: &mut R, _: &mut [u8]) -> Result<usize, Error> {
    key.unreachable()
}

impl fmt::Debug for ClientSigner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClientSigner::P256(_) => "ClientSigner::P256(..)",
            ClientSigner::P384(_) => "ClientSigner::P384(..)",
            ClientSigner::Ed25519(_) => "ClientSigner::Ed25519(..)",
            ClientSigner::Rsa(..) => "ClientSigner::Rsa(..)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::x509::tests::ed25519_step;
    use crate::engine::x509::{
        client_certificate_verify_message, parse_private_key, verify_server_chain,
        verify_tls13_signature, CertError, ParseError, CERTIFICATE_VERIFY_MESSAGE_MAX,
    };

    use crate::engine::crypto::drbg::SeededRng;

    const KEY_PEM: &[u8] = include_bytes!("../../../../tests/fixtures/x509/leaf_pkcs8.pem");
    const CERT: &[u8] = include_bytes!("../../../../tests/fixtures/x509/leaf.der");
    /// Inside the fixtures' validity (2020 to 2099).
    const NOW: i64 = 1_800_000_000;

    #[test]
    fn signature_verifies_with_the_certificate_key() {
        let key = parse(KEY_PEM);
        let signer = ClientSigner::new(&key, SignatureScheme::EcdsaSecp256r1Sha256).unwrap();
        assert_eq!(signer.scheme(), SignatureScheme::EcdsaSecp256r1Sha256);
        assert_eq!(format!("{signer:?}"), "ClientSigner::P256(..)");
        // The certificate pinned as its own trust anchor yields its key.
        let public = verify_server_chain(&[CERT], CERT, None, NOW).unwrap();

        let mut message = [0u8; CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len = client_certificate_verify_message(&[0x3c; 32], &mut message);
        let mut signature = [0u8; MAX_SIGNATURE_LEN];
        let signature_len = signer.sign(&message[..len], &mut rng(), &mut signature).unwrap();
        assert!((8..=72).contains(&signature_len));
        assert_eq!(signature[0], 0x30);
        assert_eq!(
            verify_tls13_signature(
                &public,
                signer.scheme().wire(),
                &message[..len],
                &signature[..signature_len]
            ),
            Ok(())
        );
        // Deterministic, whatever the random number generator.
        let mut again = [0u8; MAX_SIGNATURE_LEN];
        assert_eq!(signer.sign(&message[..len], &mut SeededRng::new([9; 32]), &mut again), Ok(signature_len));
        assert_eq!(again, signature);
        // Over another message, it does not verify.
        message[len - 1] ^= 1;
        assert_eq!(
            verify_tls13_signature(
                &public,
                signer.scheme().wire(),
                &message[..len],
                &signature[..signature_len]
            ),
            Err(Error::CertificateVerifyInvalid)
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
            let signer = ClientSigner::new(&key, SignatureScheme::EcdsaSecp256r1Sha256).unwrap();
            let verifying = *p256::ecdsa::SigningKey::from_bytes(&scalar.into()).unwrap().verifying_key();
            let message = [round; 40];
            let mut out = [0u8; MAX_SIGNATURE_LEN];
            let len = signer.sign(&message, &mut rng(), &mut out).unwrap();
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

    /// A generator for the tests (the signatures of EC and Ed25519 keys
    /// do not depend on it).
    fn rng() -> SeededRng {
        SeededRng::new([0x5e; 32])
    }

    /// A client CertificateVerify input and `key`'s signature over it under
    /// `scheme`, made twice: the same both times unless `randomized`.
    fn sign_client_verify(key: &PrivateKey, scheme: SignatureScheme, randomized: bool) -> (Vec<u8>, Vec<u8>) {
        let signer = ClientSigner::new(key, scheme).unwrap();
        let mut message = [0u8; CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len = client_certificate_verify_message(&[0xa7; 48], &mut message);
        let mut signature = [0u8; MAX_SIGNATURE_LEN];
        let mut rng = rng();
        let signature_len = signer.sign(&message[..len], &mut rng, &mut signature).unwrap();
        let mut again = [0u8; MAX_SIGNATURE_LEN];
        assert_eq!(signer.sign(&message[..len], &mut rng, &mut again), Ok(signature_len));
        assert_eq!(again != signature, randomized, "deterministic unless randomized");
        (message[..len].to_vec(), signature[..signature_len].to_vec())
    }

    /// The key in `pem`, whose scratch (an RSA key's DER) lives on.
    fn parse(pem: &[u8]) -> PrivateKey<'static> {
        parse_private_key(pem, vec![0u8; pem.len()].leak()).unwrap()
    }

    // tests/fixtures/x509/make_keys.sh: each key and its certificate, both
    // issued by ED25519_ROOT.
    const ED25519_ROOT: &[u8] = include_bytes!("../../../../tests/fixtures/x509/ed25519_root.der");
    const P384_KEY: &[u8] = include_bytes!("../../../../tests/fixtures/x509/p384_key_pkcs8.pem");
    const P384_CERT: &[u8] = include_bytes!("../../../../tests/fixtures/x509/p384_leaf.der");
    const ED25519_KEY: &[u8] = include_bytes!("../../../../tests/fixtures/x509/ed25519_key.pem");
    const ED25519_CERT: &[u8] = include_bytes!("../../../../tests/fixtures/x509/ed25519_leaf.der");

    #[test]
    fn p384_and_ed25519_signatures_verify_with_the_certificate_key() {
        let cases = [
            (P384_KEY, P384_CERT, SignatureScheme::EcdsaSecp384r1Sha384, "ClientSigner::P384(..)", PrivateKey::P384([0x11; 48])),
            (ED25519_KEY, ED25519_CERT, SignatureScheme::Ed25519, "ClientSigner::Ed25519(..)", PrivateKey::Ed25519([0x11; 32])),
        ];
        for (pem, cert, scheme, debug, other_key) in cases {
            // Both certificates are issued by an Ed25519 CA.
            let chain = verify_server_chain(&[cert], ED25519_ROOT, None, NOW);
            let Some(public) = ed25519_step(chain, CertError::UnsupportedAlgorithm) else {
                continue;
            };
            let key = parse(pem);
            let signer = ClientSigner::new(&key, scheme).unwrap();
            assert_eq!((signer.scheme(), ClientSigner::scheme_for(&key)), (scheme, scheme));
            assert_eq!(format!("{signer:?}"), debug);
            let (mut message, mut signature) = sign_client_verify(&key, scheme, false);
            match scheme {
                SignatureScheme::Ed25519 => assert_eq!(signature.len(), 64),
                _ => assert!((8..=MAX_SIGNATURE_LEN).contains(&signature.len()) && signature[0] == 0x30),
            }
            assert_eq!(verify_tls13_signature(&public, scheme.wire(), &message, &signature), Ok(()), "{debug}");
            // Not under the P-256 scheme, not tampered, not over another message.
            let mismatch = Err(Error::CertificateVerifySchemeMismatch);
            assert_eq!(verify_tls13_signature(&public, 0x0403, &message, &signature), mismatch);
            let bad = Err(Error::CertificateVerifyInvalid);
            let last = signature.len() - 1;
            signature[last] ^= 1;
            assert_eq!(verify_tls13_signature(&public, scheme.wire(), &message, &signature), bad);
            signature[last] ^= 1;
            message[100] ^= 1;
            assert_eq!(verify_tls13_signature(&public, scheme.wire(), &message, &signature), bad);
            // Another key's signature does not verify with this one.
            let (message, other) = sign_client_verify(&other_key, scheme, false);
            assert_eq!(verify_tls13_signature(&public, scheme.wire(), &message, &other), bad);
        }
    }

    #[test]
    fn many_p384_signatures_verify() {
        // As many_signatures_verify: r and s of every length and high bit.
        let mut scalar = [0u8; 48];
        for round in 0u8..20 {
            scalar[0] = 0x20;
            scalar[47] = round + 1;
            let signer = ClientSigner::new(&PrivateKey::P384(scalar), SignatureScheme::EcdsaSecp384r1Sha384).unwrap();
            let verifying = *p384::ecdsa::SigningKey::from_bytes(&scalar.into()).unwrap().verifying_key();
            let message = [round; 40];
            let mut out = [0u8; MAX_SIGNATURE_LEN];
            let len = signer.sign(&message, &mut rng(), &mut out).unwrap();
            let signature = p384::ecdsa::Signature::from_der(&out[..len]).unwrap();
            use signature::Verifier;
            assert!(verifying.verify(&message, &signature).is_ok());
        }
    }

    fn unhex(hex: &str) -> Vec<u8> {
        (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn p384_rfc6979_vector() {
        // RFC 6979 A.2.6, P-384 with SHA-384, message "sample".
        let x = unhex("6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5");
        let signer = ClientSigner::new(&PrivateKey::P384(x.clone().try_into().unwrap()), SignatureScheme::EcdsaSecp384r1Sha384).unwrap();
        let mut out = [0u8; MAX_SIGNATURE_LEN];
        let len = signer.sign(b"sample", &mut rng(), &mut out).unwrap();
        let signature = p384::ecdsa::Signature::from_der(&out[..len]).unwrap();
        let (r, s) = signature.split_bytes();
        assert_eq!(r[..], unhex("94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46"));
        assert_eq!(s[..], unhex("99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8"));
        // The p384 crate's own (also RFC 6979) signature, over another message.
        use signature::Signer;
        let reference: p384::ecdsa::Signature = p384::ecdsa::SigningKey::from_slice(&x).unwrap().sign(b"test");
        let len = signer.sign(b"test", &mut rng(), &mut out).unwrap();
        assert_eq!(p384::ecdsa::Signature::from_der(&out[..len]).unwrap(), reference);
    }

    #[test]
    fn ed25519_signature_is_openssls() {
        // Ed25519 is deterministic: over the same input, openssl's
        // signature with the same key (tests/fixtures/x509/make_keys.sh).
        let message = include_bytes!("../../../../tests/fixtures/x509/rsa_cv_message.bin");
        let expected = include_bytes!("../../../../tests/fixtures/x509/ed25519_cv.sig");
        let mut scratch = vec![0u8; ED25519_KEY.len()];
        let Some(key) = ed25519_step(parse_private_key(ED25519_KEY, &mut scratch), ParseError::UnsupportedKey) else {
            // Nor does a signer made otherwise sign.
            let signer = ClientSigner::new(&PrivateKey::Ed25519([1; 32]), SignatureScheme::Ed25519).unwrap();
            assert_eq!(signer.sign(message, &mut rng(), &mut [0u8; MAX_SIGNATURE_LEN]), Err(Error::Internal));
            return;
        };
        let signer = ClientSigner::new(&key, SignatureScheme::Ed25519).unwrap();
        let mut out = [0u8; MAX_SIGNATURE_LEN];
        assert_eq!(signer.sign(message, &mut rng(), &mut out), Ok(64));
        // A buffer too short for it.
        assert_eq!(signer.sign(message, &mut rng(), &mut out[..63]), Err(Error::Internal));
        assert_eq!(out[..64], expected[..]);
    }

    #[test]
    fn scheme_from_the_servers_list() {
        let keys = [
            (PrivateKey::P256([1; 32]), SignatureScheme::EcdsaSecp256r1Sha256),
            (PrivateKey::P384([1; 48]), SignatureScheme::EcdsaSecp384r1Sha384),
            (PrivateKey::Ed25519([1; 32]), SignatureScheme::Ed25519),
        ];
        for (key, scheme) in &keys {
            let all = [0x0804, 0x0403, 0x0503, 0x0807];
            assert_eq!(ClientSigner::choose_scheme(key, all.into_iter()), Ok(*scheme));
            let without: Vec<u16> = all.into_iter().filter(|&s| s != scheme.wire()).collect();
            assert_eq!(ClientSigner::choose_scheme(key, without.into_iter()), Err(*scheme));
            assert_eq!(ClientSigner::choose_scheme(key, [].into_iter()), Err(*scheme));
        }
    }

    #[test]
    fn invalid_scalar_or_scheme() {
        use SignatureScheme::{EcdsaSecp256r1Sha256, EcdsaSecp384r1Sha384, RsaPssRsaeSha256};
        assert_eq!(ClientSigner::new(&PrivateKey::P256([0; 32]), EcdsaSecp256r1Sha256).unwrap_err(), Error::Internal);
        assert_eq!(ClientSigner::new(&PrivateKey::P384([0; 48]), EcdsaSecp384r1Sha384).unwrap_err(), Error::Internal);
        assert_eq!(ClientSigner::new(&PrivateKey::P384([0xff; 48]), EcdsaSecp384r1Sha384).unwrap_err(), Error::Internal);
        // A scheme of another key type.
        assert_eq!(ClientSigner::new(&PrivateKey::P256([1; 32]), EcdsaSecp384r1Sha384).unwrap_err(), Error::Internal);
        assert_eq!(ClientSigner::new(&PrivateKey::Ed25519([1; 32]), RsaPssRsaeSha256).unwrap_err(), Error::Internal);
    }

    /// RSA client keys (feature `rsa`): tests/fixtures/x509/make_rsa_client.sh.
    #[cfg(feature = "rsa")]
    mod rsa {
        use super::*;

        const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/x509/");

        /// (key file, certificate pinned as its own anchor, schemes to try).
        use SignatureScheme::{RsaPssRsaeSha256, RsaPssRsaeSha384, RsaPssRsaeSha512};

        const KEYS: [(&str, &[u8], &[SignatureScheme]); 4] = [
            ("rsa_leaf_key.pem", include_bytes!("../../../../tests/fixtures/x509/rsa_leaf.der"), &[RsaPssRsaeSha256, RsaPssRsaeSha384, RsaPssRsaeSha512]),
            ("rsa_client3072.pem", include_bytes!("../../../../tests/fixtures/x509/rsa_client3072_cert.der"), &[RsaPssRsaeSha384]),
            ("rsa_client4096.pem", include_bytes!("../../../../tests/fixtures/x509/rsa_client4096_cert.der"), &[RsaPssRsaeSha512]),
            ("rsa_client2049.pem", include_bytes!("../../../../tests/fixtures/x509/rsa_client2049_cert.der"), &[RsaPssRsaeSha256]),
        ];

        fn key_file(name: &str) -> PrivateKey<'static> {
            parse(&std::fs::read(format!("{FIXTURES}{name}")).unwrap())
        }

        /// Whether `openssl dgst` verifies `signature` over `message` as
        /// RSASSA-PSS under `scheme` (MGF1 with the same hash, salt as long
        /// as the hash) with the key in the fixture `key`.
        fn openssl_verifies(key: &str, scheme: SignatureScheme, message: &[u8], signature: &[u8]) -> bool {
            let digest = match scheme {
                RsaPssRsaeSha256 => "-sha256",
                RsaPssRsaeSha384 => "-sha384",
                _ => "-sha512",
            };
            let dir = std::env::temp_dir().join(format!("rtls-rsa-sign-{}-{:x}-{key}", std::process::id(), scheme.wire()));
            std::fs::create_dir_all(&dir).unwrap();
            let (message_file, signature_file) = (dir.join("message"), dir.join("signature"));
            std::fs::write(&message_file, message).unwrap();
            std::fs::write(&signature_file, signature).unwrap();
            let output = std::process::Command::new("openssl")
                .args(["dgst", digest, "-prverify", &format!("{FIXTURES}{key}")])
                .args(["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest"])
                .arg("-signature")
                .args([&signature_file, &message_file])
                .output()
                .expect("openssl");
            let _ = std::fs::remove_dir_all(&dir);
            output.status.success() && String::from_utf8_lossy(&output.stdout).contains("Verified OK")
        }

        #[test]
        fn pss_signatures_verify_with_rtls_and_openssl() {
            for (name, cert, schemes) in KEYS {
                let key = key_file(name);
                let public = verify_server_chain(&[cert], cert, None, NOW).unwrap();
                let modulus_len = match &key {
                    PrivateKey::Rsa(rsa) => rsa.modulus().len(),
                    _ => unreachable!(),
                };
                for &scheme in schemes {
                    let what = format!("{name} {}", scheme.name());
                    let signer = ClientSigner::new(&key, scheme).unwrap();
                    assert_eq!((signer.scheme(), format!("{signer:?}")), (scheme, "ClientSigner::Rsa(..)".into()));
                    // Random salts: two signatures differ.
                    let (mut message, mut signature) = sign_client_verify(&key, scheme, true);
                    assert_eq!(signature.len(), modulus_len, "{what}");
                    assert_eq!(verify_tls13_signature(&public, scheme.wire(), &message, &signature), Ok(()), "{what}");
                    assert!(openssl_verifies(name, scheme, &message, &signature), "{what}: openssl");
                    // Not under another scheme, not tampered, not over
                    // another message: for rtls and for openssl.
                    let bad = Err(Error::CertificateVerifyInvalid);
                    let other = if scheme == RsaPssRsaeSha256 { RsaPssRsaeSha384 } else { RsaPssRsaeSha256 };
                    assert_eq!(verify_tls13_signature(&public, other.wire(), &message, &signature), bad, "{what}");
                    assert!(!openssl_verifies(name, other, &message, &signature), "{what}: openssl, other hash");
                    signature[modulus_len / 2] ^= 1;
                    assert_eq!(verify_tls13_signature(&public, scheme.wire(), &message, &signature), bad, "{what}");
                    assert!(!openssl_verifies(name, scheme, &message, &signature), "{what}: openssl, tampered");
                    signature[modulus_len / 2] ^= 1;
                    message[100] ^= 1;
                    assert_eq!(verify_tls13_signature(&public, scheme.wire(), &message, &signature), bad, "{what}");
                }
            }
        }

        #[test]
        fn scheme_from_the_servers_list() {
            let key = key_file("rsa_leaf_key_pkcs1.pem");
            // The first rsa_pss_rsae scheme the server lists, in its order.
            for (listed, chosen) in [
                (&[0x0403, 0x0804, 0x0805, 0x0806][..], Ok(RsaPssRsaeSha256)),
                (&[0x0806, 0x0403, 0x0804][..], Ok(RsaPssRsaeSha512)),
                (&[0x0805][..], Ok(RsaPssRsaeSha384)),
                // rsa_pss_pss_* are for PSS-only keys, PKCS#1 v1.5 is not
                // for TLS 1.3 signatures.
                (&[0x0403, 0x0809, 0x080a, 0x0401, 0x0807][..], Err(RsaPssRsaeSha256)),
                (&[][..], Err(RsaPssRsaeSha256)),
            ] {
                assert_eq!(ClientSigner::choose_scheme(&key, listed.iter().copied()), chosen, "{listed:x?}");
            }
            assert_eq!(ClientSigner::scheme_for(&key), RsaPssRsaeSha256);
            // Only the rsa_pss_rsae schemes make a signer.
            use SignatureScheme::{EcdsaSecp256r1Sha256, EcdsaSecp384r1Sha384, Ed25519, RsaPkcs1Sha256};
            for scheme in [EcdsaSecp256r1Sha256, EcdsaSecp384r1Sha384, Ed25519, RsaPkcs1Sha256] {
                assert_eq!(ClientSigner::new(&key, scheme).unwrap_err(), Error::Internal, "{scheme:?}");
            }
            // An output buffer shorter than the modulus.
            let signer = ClientSigner::new(&key, RsaPssRsaeSha256).unwrap();
            let mut out = [0u8; 255];
            assert_eq!(signer.sign(b"message", &mut rng(), &mut out), Err(Error::Internal));
            assert!(out.iter().all(|&b| b == 0));
        }
    }
}
