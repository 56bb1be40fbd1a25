//! End-to-end tests of chain verification against the committed fixtures
//! (see tests/fixtures/x509/make.sh).

use super::*;

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../../../tests/fixtures/x509/", $name, ".der")).as_slice()
    };
}

const ROOT: &[u8] = fixture!("root");
const INT: &[u8] = fixture!("int");
const LEAF: &[u8] = fixture!("leaf");
const NOTCA: &[u8] = fixture!("notca");
const LEAF_BY_NOTCA: &[u8] = fixture!("leaf_by_notca");
const INT_DS: &[u8] = fixture!("int_ds");
const LEAF_BY_INT_DS: &[u8] = fixture!("leaf_by_int_ds");
const INT2: &[u8] = fixture!("int2");
const LEAF_BY_INT2: &[u8] = fixture!("leaf_by_int2");
const INT_NC: &[u8] = fixture!("int_nc");
const LEAF_BY_INT_NC: &[u8] = fixture!("leaf_by_int_nc");
const UNRELATED: &[u8] = fixture!("unrelated");
const INT_CROSS: &[u8] = fixture!("int_cross");
const INT_EXPIRED: &[u8] = fixture!("int_expired");
const INT_WRONGKEY: &[u8] = fixture!("int_wrongkey");
const LEAF_CLIENTAUTH: &[u8] = fixture!("leaf_clientauth");
const LEAF_KEYAGREE: &[u8] = fixture!("leaf_keyagree");
const LEAF_CRITEXT: &[u8] = fixture!("leaf_critext");
const LEGACY: &[u8] = fixture!("legacy");
const LEAF_EXPIRED: &[u8] = fixture!("leaf_expired");
const CA384: &[u8] = fixture!("ca384");
const LEAF384: &[u8] = fixture!("leaf384");
const RSA_CA: &[u8] = fixture!("rsa_ca");
const LEAF_RSA_SIGNED: &[u8] = fixture!("leaf_rsa_signed");
const LEAF_RSA_KEY: &[u8] = fixture!("leaf_rsa_key");
const PINNED: &[u8] = fixture!("pinned");
const V1ROOT: &[u8] = fixture!("v1root");
const LEAF_BY_V1: &[u8] = fixture!("leaf_by_v1");
const LONG: [&[u8]; 8] = [
    fixture!("long1"),
    fixture!("long2"),
    fixture!("long3"),
    fixture!("long4"),
    fixture!("long5"),
    fixture!("long6"),
    fixture!("long7"),
    fixture!("long8"),
];
const LEAF_LONG: &[u8] = fixture!("leaf_long");
const LOOPS: [&[u8]; 4] = [
    fixture!("loop1"),
    fixture!("loop2"),
    fixture!("loop3"),
    fixture!("loop4"),
];
const LEAF_LOOP: &[u8] = fixture!("leaf_loop");
const LEAF_KEY_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_pkcs8.pem");

/// 2030-01-01T00:00:00Z: inside every long-lived fixture's validity.
const NOW: i64 = 1_893_456_000;

fn verify(chain: &[&[u8]], anchors: &[&[u8]], host: Option<&str>) -> Result<PublicKey, CertError> {
    verify_server_chain(chain, &anchors.concat(), host, NOW)
}

fn verify_at(chain: &[&[u8]], anchors: &[&[u8]], now: i64) -> Result<PublicKey, CertError> {
    verify_server_chain(chain, &anchors.concat(), Some("localhost"), now)
}

#[test]
fn valid_chain() {
    let key = verify(&[LEAF, INT], &[ROOT], Some("localhost")).unwrap();
    assert_eq!(key.curve(), Curve::P256);
    assert_eq!(key.sec1_bytes().len(), 65);
    // The root may be sent too, and the hostname check may be skipped.
    assert!(verify(&[LEAF, INT, ROOT], &[ROOT], None).is_ok());
    // Anchors among unrelated ones, in any position.
    assert!(verify(
        &[LEAF, INT],
        &[UNRELATED, CA384, RSA_CA, ROOT, PINNED],
        Some("a.example.com")
    )
    .is_ok());
    // The intermediate itself may be the anchor.
    assert!(verify(&[LEAF], &[INT], Some("127.0.0.1")).is_ok());
}

#[test]
fn chain_out_of_order_with_extras() {
    assert!(verify(&[LEAF, UNRELATED, ROOT, PINNED, INT], &[ROOT], Some("::1")).is_ok());
    // Duplicates are harmless.
    assert!(verify(&[LEAF, INT, INT, INT], &[ROOT], Some("localhost")).is_ok());
}

#[test]
fn several_candidate_issuers() {
    // Same subject, different key: tried, rejected, then the right one found.
    assert!(verify(&[LEAF, INT_WRONGKEY, INT], &[ROOT], None).is_ok());
    // An expired twin of the intermediate is passed over.
    assert!(verify(&[LEAF, INT_EXPIRED, INT], &[ROOT], None).is_ok());
    // A cross-signed twin whose path is a dead end (its issuer is not
    // trusted) makes the search backtrack to the other one.
    assert!(verify(&[LEAF, INT_CROSS, UNRELATED, INT], &[ROOT], None).is_ok());
    // ... and that dead end works when its own root is trusted.
    assert!(verify(&[LEAF, INT_CROSS], &[UNRELATED], None).is_ok());
    // With only the wrong candidates, their reason is reported.
    assert_eq!(
        verify(&[LEAF, INT_WRONGKEY], &[ROOT], None),
        Err(CertError::BadSignature)
    );
    assert_eq!(
        verify(&[LEAF, INT_EXPIRED], &[ROOT], None),
        Err(CertError::Expired)
    );
    assert_eq!(
        verify(&[LEAF, INT_CROSS, UNRELATED], &[ROOT], None),
        Err(CertError::UnknownIssuer)
    );
}

#[test]
fn unknown_issuer() {
    assert_eq!(
        verify(&[LEAF, INT], &[UNRELATED], None),
        Err(CertError::UnknownIssuer)
    );
    assert_eq!(
        verify(&[LEAF], &[ROOT], None),
        Err(CertError::UnknownIssuer)
    );
    assert_eq!(
        verify(&[LEAF, INT], &[], None),
        Err(CertError::UnknownIssuer)
    );
    assert_eq!(
        verify(&[PINNED], &[ROOT], None),
        Err(CertError::UnknownIssuer)
    );
    // A self-signed root sent by the server is not trusted by being sent.
    assert_eq!(
        verify(&[LEAF, INT, ROOT], &[UNRELATED], None),
        Err(CertError::UnknownIssuer)
    );
    // Broken anchor data is skipped, not fatal.
    let mut anchors = ROOT.to_vec();
    anchors.extend_from_slice(&[0x30, 0x05, 0x01]);
    assert!(verify_server_chain(&[LEAF, INT], &anchors, None, NOW).is_ok());
    assert_eq!(
        verify_server_chain(&[LEAF, INT], &[0x30, 0x05, 0x01], None, NOW),
        Err(CertError::UnknownIssuer)
    );
}

#[test]
fn pinned_self_signed() {
    assert!(verify(&[PINNED], &[PINNED], Some("pinned.example")).is_ok());
    assert!(verify(&[PINNED], &[ROOT, PINNED], None).is_ok());
    assert_eq!(
        verify(&[PINNED], &[PINNED], Some("localhost")),
        Err(CertError::HostnameMismatch)
    );
    // Pinning does not skip the leaf's own checks.
    assert_eq!(
        verify_at(&[PINNED], &[PINNED], 4_102_444_800),
        Err(CertError::Expired)
    );
    // A pinned CA certificate fails the leaf's purpose check (its keyUsage
    // is keyCertSign and cRLSign only).
    assert_eq!(
        verify(&[RSA_CA], &[RSA_CA], None),
        Err(CertError::NotForServerAuth)
    );
}

#[test]
fn issuer_not_ca() {
    // Issued by a CA:FALSE certificate.
    assert_eq!(
        verify(&[LEAF_BY_NOTCA, NOTCA], &[ROOT], None),
        Err(CertError::IssuerNotCa)
    );
    // ... even when that certificate is a trust anchor.
    assert_eq!(
        verify(&[LEAF_BY_NOTCA], &[NOTCA], None),
        Err(CertError::IssuerNotCa)
    );
    // Issued by a CA whose keyUsage lacks keyCertSign.
    assert_eq!(
        verify(&[LEAF_BY_INT_DS, INT_DS], &[ROOT], None),
        Err(CertError::IssuerNotCa)
    );
    // int has pathlen:0, so int2 below it may not issue.
    assert_eq!(
        verify(&[LEAF_BY_INT2, INT2, INT], &[ROOT], None),
        Err(CertError::IssuerNotCa)
    );
    // The constraint applies to anchors too ...
    assert_eq!(
        verify(&[LEAF_BY_INT2, INT2], &[INT], None),
        Err(CertError::IssuerNotCa)
    );
    // ... and does not apply without int in the path.
    assert!(verify(&[LEAF_BY_INT2], &[INT2], None).is_ok());
    // The leaf itself is never checked for CA-ness: a v1 anchor with no
    // extensions may issue, but a v1 certificate may not be an intermediate
    // or a (non-pinned) leaf.
    assert!(verify(&[LEAF_BY_V1], &[V1ROOT], None).is_ok());
    assert!(verify(&[V1ROOT], &[V1ROOT], None).is_ok());
    assert_eq!(
        verify(&[LEAF_BY_V1, V1ROOT], &[ROOT], None),
        Err(CertError::IssuerNotCa)
    );
    assert_eq!(verify(&[V1ROOT], &[ROOT], None), Err(CertError::Malformed));
}

#[test]
fn validity_of_every_certificate() {
    let before_2020 = 1_577_836_799;
    let after_2099 = 4_102_444_800;
    assert_eq!(
        verify_at(&[LEAF, INT], &[ROOT], before_2020),
        Err(CertError::NotYetValid)
    );
    assert_eq!(
        verify_at(&[LEAF, INT], &[ROOT], after_2099),
        Err(CertError::Expired)
    );
    assert!(verify_at(&[LEAF, INT], &[ROOT], 1_577_836_800).is_ok());
    assert!(verify_at(&[LEAF, INT], &[ROOT], 4_102_444_799).is_ok());
    // The expired leaf (2001-2002, UTCTime).
    assert_eq!(
        verify_at(&[LEAF_EXPIRED, INT], &[ROOT], NOW),
        Err(CertError::Expired)
    );
    assert!(verify_at(&[LEAF_EXPIRED, INT], &[ROOT], 1_000_000_000).is_err());
    // An expired intermediate; an anchor past its date.
    assert_eq!(
        verify_at(&[LEAF, INT_EXPIRED], &[ROOT], NOW),
        Err(CertError::Expired)
    );
    assert_eq!(
        verify_at(&[LEAF], &[INT_EXPIRED], NOW),
        Err(CertError::Expired)
    );
}

#[test]
fn leaf_purpose() {
    assert_eq!(
        verify(&[LEAF_CLIENTAUTH, INT], &[ROOT], None),
        Err(CertError::NotForServerAuth)
    );
    assert_eq!(
        verify(&[LEAF_KEYAGREE, INT], &[ROOT], None),
        Err(CertError::NotForServerAuth)
    );
    assert_eq!(
        verify(&[LEAF_CRITEXT, INT], &[ROOT], None),
        Err(CertError::UnsupportedCriticalExtension)
    );
    // A CA with critical nameConstraints, as intermediate or as anchor.
    assert_eq!(
        verify(&[LEAF_BY_INT_NC, INT_NC], &[ROOT], None),
        Err(CertError::UnsupportedCriticalExtension)
    );
    assert_eq!(
        verify(&[LEAF_BY_INT_NC], &[INT_NC], None),
        Err(CertError::UnsupportedCriticalExtension)
    );
}

#[test]
fn hostname_through_the_chain() {
    assert_eq!(
        verify(&[LEAF, INT], &[ROOT], Some("example.com")),
        Err(CertError::HostnameMismatch)
    );
    assert_eq!(
        verify(&[LEAF, INT], &[ROOT], Some("127.0.0.2")),
        Err(CertError::HostnameMismatch)
    );
    assert!(verify(&[LEGACY, INT], &[ROOT], Some("legacy.example")).is_ok());
    assert_eq!(
        verify(&[LEGACY, INT], &[ROOT], Some("localhost")),
        Err(CertError::HostnameMismatch)
    );
}

#[test]
fn algorithms() {
    // A P-384 CA signing a P-256 leaf with ecdsa-with-SHA384.
    let key = verify(&[LEAF384], &[CA384], Some("p384.example")).unwrap();
    assert_eq!(key.curve(), Curve::P256);
    // RSA signatures cannot be verified.
    assert_eq!(
        verify(&[LEAF_RSA_SIGNED], &[RSA_CA], None),
        Err(CertError::UnsupportedAlgorithm)
    );
    // The RSA CA sent by the server has the right subject but its signature
    // cannot be checked: that is the reason reported.
    assert_eq!(
        verify(&[LEAF_RSA_SIGNED, RSA_CA], &[ROOT], None),
        Err(CertError::UnsupportedAlgorithm)
    );
    // A chain that verifies, ending in a leaf with an RSA key.
    assert_eq!(
        verify(&[LEAF_RSA_KEY, INT], &[ROOT], None),
        Err(CertError::UnsupportedAlgorithm)
    );
    assert_eq!(
        verify(&[LEAF_RSA_KEY], &[LEAF_RSA_KEY], None),
        Err(CertError::UnsupportedAlgorithm)
    );
}

#[test]
fn path_length_limit() {
    // leaf_long <- long8 <- ... <- long1 <- root.
    let mut chain: Vec<&[u8]> = vec![LEAF_LONG];
    chain.extend(LONG.iter().rev());
    // leaf + long8..long3 + anchor long2: 8 certificates, the maximum.
    assert!(verify(&chain, &[LONG[1]], None).is_ok());
    // leaf + long8..long2 + anchor long1: 9 certificates.
    assert_eq!(
        verify(&chain, &[LONG[0]], None),
        Err(CertError::ChainTooLong)
    );
    assert_eq!(verify(&chain, &[ROOT], None), Err(CertError::ChainTooLong));
}

#[test]
fn search_budget() {
    // Four self-signed "Loop CA" certificates sharing one key: each verifies
    // every other, which would make an exhaustive search try 4! orders. The
    // signature budget stops it.
    let mut chain: Vec<&[u8]> = vec![LEAF_LOOP];
    chain.extend(LOOPS);
    assert_eq!(verify(&chain, &[ROOT], None), Err(CertError::ChainTooLong));
    // Any one of them, trusted, is a valid anchor.
    assert!(verify(&chain, &[LOOPS[3]], None).is_ok());
}

#[test]
fn malformed_leaf() {
    assert_eq!(verify(&[], &[ROOT], None), Err(CertError::Malformed));
    assert_eq!(
        verify(&[&LEAF[..LEAF.len() - 1], INT], &[ROOT], None),
        Err(CertError::Malformed)
    );
    assert_eq!(
        verify(&[b"", INT], &[ROOT], None),
        Err(CertError::Malformed)
    );
}

#[test]
fn mutated_chains_never_panic() {
    let anchors = ROOT.to_vec();
    for len in 0..LEAF.len() {
        assert!(
            verify_server_chain(&[&LEAF[..len], INT], &anchors, Some("localhost"), NOW).is_err()
        );
        // A truncated intermediate is an unusable candidate.
        assert_eq!(
            verify_server_chain(&[LEAF, &INT[..len.min(INT.len() - 1)]], &anchors, None, NOW),
            Err(CertError::UnknownIssuer)
        );
        assert!(
            verify_server_chain(&[LEAF, INT], &ROOT[..len.min(ROOT.len() - 1)], None, NOW).is_err()
        );
    }
    // Flipping bits: anything that still parses must fail the signature (or
    // another) check. Full verification costs two signature checks, so only
    // a spread of positions is verified; every position is parsed.
    for (which, der) in [LEAF, INT, ROOT].into_iter().enumerate() {
        let mut mutated = der.to_vec();
        for i in (0..der.len()).step_by(7) {
            for mask in [0x01, 0x80] {
                mutated[i] ^= mask;
                let mut chain = [LEAF, INT];
                let mut anchors = ROOT;
                match which {
                    0 => chain[0] = &mutated,
                    1 => chain[1] = &mutated,
                    _ => anchors = &mutated,
                }
                let result = verify_server_chain(&chain, anchors, Some("localhost"), NOW);
                // An anchor's own signature is never checked, so changes to
                // it outside the subject and key can go unnoticed.
                if which < 2 {
                    assert!(result.is_err(), "certificate {which}, byte {i}");
                }
                mutated[i] ^= mask;
            }
        }
    }
}

#[test]
fn certificate_verify_round_trip() {
    use p256::ecdsa::signature::Signer;

    let mut scratch = vec![0u8; LEAF_KEY_PEM.len()];
    let PrivateKey::P256(secret) = parse_private_key(LEAF_KEY_PEM, &mut scratch).unwrap();
    let signing_key = p256::ecdsa::SigningKey::from_slice(&secret).unwrap();

    let server_key = verify(&[LEAF, INT], &[ROOT], Some("localhost")).unwrap();
    assert_eq!(
        server_key.sec1_bytes(),
        signing_key
            .verifying_key()
            .to_encoded_point(false)
            .as_bytes()
    );

    let transcript_hash = [0x5a; 32];
    let mut message = [0u8; CERTIFICATE_VERIFY_MESSAGE_MAX];
    let len = server_certificate_verify_message(&transcript_hash, &mut message);
    let signature: p256::ecdsa::Signature = signing_key.sign(&message[..len]);
    let signature = signature.to_der();

    assert_eq!(
        verify_tls13_signature(
            &server_key,
            ECDSA_SECP256R1_SHA256,
            &message[..len],
            signature.as_bytes()
        ),
        Ok(())
    );
    // A different transcript, or the client context, does not verify.
    let len2 = server_certificate_verify_message(&[0x5b; 32], &mut message);
    assert_eq!(
        verify_tls13_signature(
            &server_key,
            ECDSA_SECP256R1_SHA256,
            &message[..len2],
            signature.as_bytes()
        ),
        Err(CertError::BadSignature)
    );
    let len3 = client_certificate_verify_message(&transcript_hash, &mut message);
    assert_eq!(
        verify_tls13_signature(
            &server_key,
            ECDSA_SECP256R1_SHA256,
            &message[..len3],
            signature.as_bytes()
        ),
        Err(CertError::BadSignature)
    );
    // Another server's key does not verify it either.
    let other = verify(&[PINNED], &[PINNED], None).unwrap();
    let len = server_certificate_verify_message(&transcript_hash, &mut message);
    assert_eq!(
        verify_tls13_signature(
            &other,
            ECDSA_SECP256R1_SHA256,
            &message[..len],
            signature.as_bytes()
        ),
        Err(CertError::BadSignature)
    );
}

#[test]
fn key_matches_its_certificate_only() {
    let mut scratch = vec![0u8; LEAF_KEY_PEM.len()];
    let key = parse_private_key(LEAF_KEY_PEM, &mut scratch).unwrap();
    assert_eq!(key_matches_certificate(&key, LEAF), Ok(true));
    assert_eq!(key_matches_certificate(&key, INT), Ok(false));
    assert_eq!(key_matches_certificate(&key, LEAF_RSA_KEY), Ok(false));
    assert_eq!(key_matches_certificate(&key, b"\x30\x03\x02\x01\x00"), Err(ParseError::InvalidDer));
}
