//! End-to-end tests of chain verification against the committed fixtures
//! (see tests/fixtures/x509/make.sh).

use super::*;
use crate::engine::crypto::SignatureScheme;
use crate::engine::error::Error;

// Code points, as a CertificateVerify and signature_algorithms carry them.
const ECDSA_SECP256R1_SHA256: u16 = SignatureScheme::EcdsaSecp256r1Sha256.wire();
const ED25519: u16 = SignatureScheme::Ed25519.wire();
#[cfg(feature = "rsa")]
const RSA_PSS_RSAE_SHA256: u16 = SignatureScheme::RsaPssRsaeSha256.wire();
#[cfg(feature = "rsa")]
const RSA_PSS_RSAE_SHA384: u16 = SignatureScheme::RsaPssRsaeSha384.wire();
#[cfg(feature = "rsa")]
const RSA_PSS_RSAE_SHA512: u16 = SignatureScheme::RsaPssRsaeSha512.wire();
#[cfg(feature = "rsa")]
const RSA_PKCS1_SHA256: u16 = SignatureScheme::RsaPkcs1Sha256.wire();
#[cfg(feature = "rsa")]
const RSA_PKCS1_SHA384: u16 = SignatureScheme::RsaPkcs1Sha384.wire();
#[cfg(feature = "rsa")]
const RSA_PKCS1_SHA512: u16 = SignatureScheme::RsaPkcs1Sha512.wire();

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
// tests/fixtures/x509/make_rsa.sh
const RSA_ROOT4096: &[u8] = fixture!("rsa_root4096");
const RSA_INT2048: &[u8] = fixture!("rsa_int2048");
const RSA_LEAF: &[u8] = fixture!("rsa_leaf");
const RSA_MIX_ROOT: &[u8] = fixture!("rsa_mix_root");
const RSA_MIX_INT: &[u8] = fixture!("rsa_mix_int");
const RSA_MIX_LEAF: &[u8] = fixture!("rsa_mix_leaf");

/// 2030-01-01T00:00:00Z: inside every long-lived fixture's validity.
const NOW: i64 = 1_893_456_000;

/// Runs both verifiers, the path search and the streaming one, which must
/// agree (chains that need the search's backtracking use `verify_search`).
fn verify(chain: &[&[u8]], anchors: &[&[u8]], host: Option<&str>) -> Result<PublicKey, CertError> {
    verify_both(chain, anchors, host, NOW)
}

fn verify_at(chain: &[&[u8]], anchors: &[&[u8]], now: i64) -> Result<PublicKey, CertError> {
    verify_both(chain, anchors, Some("localhost"), now)
}

fn verify_both(chain: &[&[u8]], anchors: &[&[u8]], host: Option<&str>, now: i64) -> Result<PublicKey, CertError> {
    verify_named(chain, anchors, host.map(ServerName::new), now)
}

/// Both verifiers, with `name` as given.
fn verify_named(chain: &[&[u8]], anchors: &[&[u8]], name: Option<ServerName<'_>>, now: i64) -> Result<PublicKey, CertError> {
    let anchors = anchors.concat();
    let searched = verify_server_chain(chain, &anchors, name, now);
    let streamed = stream(chain, &anchors, name, now);
    assert_eq!(searched, streamed, "the chain verifiers disagree");
    searched
}

/// The path search alone.
fn verify_search(chain: &[&[u8]], anchors: &[&[u8]], host: Option<&str>) -> Result<PublicKey, CertError> {
    verify_server_chain(chain, &anchors.concat(), host.map(ServerName::new), NOW)
}

/// Feeds `chain` to a [`ChainVerifier`] one certificate at a time, as the
/// TLS engine does.
fn verify_streaming(chain: &[&[u8]], anchors: &[u8], host: Option<&str>, now: i64) -> Result<PublicKey, CertError> {
    stream(chain, anchors, host.map(ServerName::new), now)
}

fn stream(chain: &[&[u8]], anchors: &[u8], name: Option<ServerName<'_>>, now: i64) -> Result<PublicKey, CertError> {
    let mut verifier = ChainVerifier::new();
    let mut slot = [0u8; PENDING_SIGNATURE_MAX];
    let (leaf, rest) = chain.split_first().ok_or(CertError::Malformed)?;
    let mut key = None;
    verifier.leaf(leaf, anchors, name, now, &mut slot, &mut key)?;
    for cert in rest {
        verifier.next(cert, anchors, Some(leaf), now, &mut slot)?;
    }
    verifier.finish()?;
    Ok(key.expect("a verified leaf has a key"))
}

#[test]
fn valid_chain() {
    let key = verify(&[LEAF, INT], &[ROOT], Some("localhost")).unwrap();
    assert_eq!(key.curve(), Some(Curve::P256));
    assert_eq!(key.sec1_bytes().map(<[u8]>::len), Some(65));
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
    assert!(verify_search(&[LEAF, INT_CROSS, UNRELATED, INT], &[ROOT], None).is_ok());
    // The streaming verifier does not backtrack: the twin it took first
    // leads to an untrusted root.
    assert_eq!(
        verify_streaming(&[LEAF, INT_CROSS, UNRELATED, INT], ROOT, None, NOW),
        Err(CertError::UnknownIssuer)
    );
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

/// The streaming verifier's error and the validity bound it reports, as
/// the TLS engine puts them in the error text.
fn streaming_failure(chain: &[&[u8]], anchors: &[&[u8]], now: i64) -> (CertError, i64) {
    let anchors = anchors.concat();
    let mut verifier = ChainVerifier::new();
    let mut slot = [0u8; PENDING_SIGNATURE_MAX];
    let mut key = None;
    verifier.leaf(chain[0], &anchors, Some(ServerName::new("localhost")), now, &mut slot, &mut key).unwrap();
    for cert in &chain[1..] {
        verifier.next(cert, &anchors, Some(chain[0]), now, &mut slot).unwrap();
    }
    (verifier.finish().unwrap_err(), verifier.validity_bound())
}

#[test]
fn validity_errors_give_the_bound_of_the_certificate_they_are_about() {
    let since_2020 = 1_577_836_800;
    let leaf_expired_until = 1_041_379_199; // 2002-12-31 23:59:59
    let int_expired_until = 1_009_843_199; // 2001-12-31 23:59:59
    // Before every certificate: the first one found (the intermediate,
    // checked as the leaf's issuer) is the deepest.
    assert_eq!(streaming_failure(&[LEAF, INT], &[ROOT], 0), (CertError::NotYetValid, since_2020));
    // The leaf alone expired (the path is trusted), an intermediate alone,
    // an anchor.
    assert_eq!(streaming_failure(&[LEAF_EXPIRED, INT], &[ROOT], NOW), (CertError::Expired, leaf_expired_until));
    assert_eq!(streaming_failure(&[LEAF, INT_EXPIRED], &[ROOT], NOW), (CertError::Expired, int_expired_until));
    assert_eq!(streaming_failure(&[LEAF], &[INT_EXPIRED], NOW), (CertError::Expired, int_expired_until));
    // In 2001 the leaf is valid and the intermediate not yet.
    assert_eq!(streaming_failure(&[LEAF_EXPIRED, INT], &[ROOT], 1_000_000_000), (CertError::NotYetValid, since_2020));
    // A pinned certificate past its notAfter.
    assert_eq!(streaming_failure(&[PINNED], &[PINNED], 4_102_444_800), (CertError::Expired, 4_102_444_799));
    // The path search gives the same (the engine reports them when its
    // fallback search decides).
    let searched = |chain: &[&[u8]], anchor: &[u8], now| {
        search_server_chain(chain, anchor, Some(ServerName::new("localhost")), now).unwrap_err()
    };
    assert_eq!(searched(&[LEAF, INT], ROOT, 0), (CertError::NotYetValid, since_2020));
    assert_eq!(searched(&[LEAF_EXPIRED, INT], ROOT, NOW), (CertError::Expired, leaf_expired_until));
    assert_eq!(searched(&[LEAF, INT_EXPIRED], ROOT, NOW), (CertError::Expired, int_expired_until));
    assert_eq!(searched(&[LEAF], INT_EXPIRED, NOW), (CertError::Expired, int_expired_until));
    // A streamed verification that takes the search's refusal reports it,
    // and its bound.
    let mut verifier = ChainVerifier::new();
    let (mut slot, mut key) = ([0u8; PENDING_SIGNATURE_MAX], None);
    verifier.leaf(LEAF, ROOT, None, NOW, &mut slot, &mut key).unwrap();
    assert_eq!(verifier.finish(), Err(CertError::UnknownIssuer));
    assert_eq!(verifier.refused((CertError::Expired, int_expired_until)), CertError::Expired);
    assert_eq!((verifier.finish(), verifier.validity_bound()), (Err(CertError::Expired), int_expired_until));
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
    // A CA permitting example.com only, as intermediate or as anchor,
    // above a leaf for leaf.example (more in name_constraints).
    let outside = Err(if cfg!(feature = "name-constraints") {
        CertError::NameConstraintViolation
    } else {
        CertError::NameConstraintsUnchecked
    });
    assert_eq!(verify(&[LEAF_BY_INT_NC, INT_NC], &[ROOT], None), outside);
    assert_eq!(verify(&[LEAF_BY_INT_NC], &[INT_NC], None), outside);
}

/// tests/fixtures/x509/make_eku.py: a CA's extKeyUsage binds the chain
/// below it.
#[test]
fn eku_through_the_chain() {
    let root = fixture!("eku_root");
    let leaf = fixture!("eku_leaf");
    let (for_email, for_servers) = (fixture!("eku_int_email"), fixture!("eku_int_server"));
    assert!(verify(&[leaf, for_servers], &[root], Some("localhost")).is_ok());
    assert_eq!(verify(&[leaf, for_email], &[root], None), Err(CertError::IssuerNotForServerAuth));
    // The e-mail twin is passed over for the other one, in both verifiers.
    assert!(verify(&[leaf, for_email, for_servers], &[root], None).is_ok());
    // anyExtendedKeyUsage allows servers.
    assert!(verify(&[fixture!("eku_leaf_by_any"), fixture!("eku_int_any")], &[root], None).is_ok());
    // Two levels up, with a CA without extKeyUsage in between; and as an
    // anchor.
    let (upper, lower) = (fixture!("eku_int_upper"), fixture!("eku_int_lower"));
    let leaf_by_lower = fixture!("eku_leaf_by_lower");
    assert_eq!(verify(&[leaf_by_lower, lower, upper], &[root], None), Err(CertError::IssuerNotForServerAuth));
    assert_eq!(verify(&[leaf_by_lower, lower], &[upper], None), Err(CertError::IssuerNotForServerAuth));
    assert!(verify(&[leaf_by_lower], &[lower], None).is_ok());
    assert_eq!(verify(&[leaf], &[for_email], None), Err(CertError::IssuerNotForServerAuth));
    assert_eq!(
        verify(&[fixture!("eku_leaf_by_root_email")], &[fixture!("eku_root_email")], None),
        Err(CertError::IssuerNotForServerAuth)
    );
}

/// tests/fixtures/x509/make_profile.py: a CA certificate is no server's
/// own, unless pinned.
#[test]
fn ca_as_leaf() {
    let root = fixture!("profile_root");
    let ca_leaf = fixture!("profile_ca_leaf");
    assert_eq!(verify(&[ca_leaf], &[root], Some("localhost")), Err(CertError::CaAsLeaf));
    assert!(verify(&[ca_leaf], &[ca_leaf, root], Some("localhost")).is_ok());
    // As `openssl req -x509` makes them: self-signed and CA:TRUE, trusted
    // by pinning only.
    let self_signed = fixture!("profile_self_signed_ca");
    assert!(verify(&[self_signed], &[self_signed], Some("localhost")).is_ok());
    assert_eq!(verify(&[self_signed], &[root], Some("localhost")), Err(CertError::UnknownIssuer));
}

/// tests/fixtures/x509/make_profile.py: the README's decisions on what
/// RFC 5280 forbids. Refused where it says MUST about what a certificate
/// may do or be; accepted, as webpki does, where it only asks CAs for an
/// encoding rtls reads either way.
#[test]
fn profile_decisions() {
    let root = fixture!("profile_root");
    let chain = |leaf: &[u8], anchor: &[u8]| verify(&[leaf], &[anchor], Some("localhost"));
    // keyCertSign without being a CA: with CA:FALSE, without
    // basicConstraints; pinned or not.
    for leaf in [fixture!("profile_leaf_keycertsign"), fixture!("profile_leaf_nobc_keycertsign")] {
        assert_eq!(chain(leaf, root), Err(CertError::LeafKeyCertSign));
        assert_eq!(chain(leaf, leaf), Err(CertError::LeafKeyCertSign));
    }
    // basicConstraints not critical in a root, in an intermediate.
    assert!(chain(fixture!("profile_leaf_by_ncbc_root"), fixture!("profile_ncbc_root")).is_ok());
    assert!(verify(&[fixture!("profile_leaf_by_ncbc_int"), fixture!("profile_ncbc_int")], &[root], None).is_ok());
    // A CA with an empty subject, as the anchor or sent by the server.
    let empty_root = fixture!("profile_empty_root");
    assert_eq!(chain(fixture!("profile_leaf_by_empty_root"), empty_root), Err(CertError::IssuerEmptySubject));
    assert_eq!(
        verify(&[fixture!("profile_leaf_by_empty_int"), fixture!("profile_empty_int")], &[root], None),
        Err(CertError::IssuerEmptySubject)
    );
    // `_` in a dNSName: matched as any other byte.
    let underscore = fixture!("profile_leaf_underscore");
    assert!(verify(&[underscore], &[root], Some("_acme.example")).is_ok());
    assert!(verify(&[underscore], &[root], Some("FOO_bar.example")).is_ok());
    assert_eq!(verify(&[underscore], &[root], Some("acme.example")), Err(CertError::HostnameMismatch));
    // authorityInfoAccess: a malformed one is not read; a critical one is
    // not processed.
    assert!(chain(fixture!("profile_leaf_bad_aia"), root).is_ok());
    assert_eq!(chain(fixture!("profile_leaf_critical_aia"), root), Err(CertError::UnsupportedCriticalExtension));
    // nameConstraints in a non-CA, critical or not.
    assert_eq!(chain(fixture!("profile_leaf_nc"), root), Err(CertError::LeafNameConstraints));
    assert_eq!(chain(fixture!("profile_leaf_nc_critical"), root), Err(CertError::LeafNameConstraints));
}

/// What the `name-constraints` feature decides: with it, constraints are
/// checked (the tests below); without it (the NodeMCU board), a CA with
/// any is refused as not checked, whatever the names. `make test` also
/// runs this test in a build without the feature.
#[test]
fn name_constraints_feature_decides_support() {
    let root = fixture!("nc_dns_root");
    let (inside, outside) = (verify(&[fixture!("nc_dns_exact")], &[root], None), verify(&[fixture!("nc_dns_outside")], &[root], None));
    if cfg!(feature = "name-constraints") {
        assert!(inside.is_ok());
        assert_eq!(outside, Err(CertError::NameConstraintViolation));
    } else {
        assert_eq!((inside, outside), (Err(CertError::NameConstraintsUnchecked), Err(CertError::NameConstraintsUnchecked)));
    }
    // A CA without constraints is unaffected either way.
    assert!(verify(&[LEAF, INT], &[ROOT], Some("localhost")).is_ok());
}

/// tests/fixtures/x509/make_nc.py: name constraints of each form, in
/// anchors and intermediates.
#[cfg(feature = "name-constraints")]
#[test]
fn name_constraints() {
    let under = |anchor: &[u8], leaf: &[u8]| verify(&[leaf], &[anchor], None);
    let violation = Err(CertError::NameConstraintViolation);
    // dNSName, permitted.
    let dns_root = fixture!("nc_dns_root");
    assert!(under(dns_root, fixture!("nc_dns_exact")).is_ok());
    assert!(under(dns_root, fixture!("nc_dns_deeper")).is_ok());
    assert_eq!(under(dns_root, fixture!("nc_dns_outside")), violation);
    assert_eq!(under(dns_root, fixture!("nc_dns_suffix_only")), violation);
    // A constraint on DNS names says nothing of IP addresses.
    assert!(under(dns_root, fixture!("nc_dns_ip_only")).is_ok());
    // Non-critical, in an intermediate.
    let (root, dns_int) = (fixture!("nc_root"), fixture!("nc_dns_int"));
    assert_eq!(verify(&[fixture!("nc_dns_int_outside"), dns_int], &[root], None), violation);
    assert!(verify(&[fixture!("nc_dns_int_inside"), dns_int], &[root], None).is_ok());
    // dNSName, excluded; a wildcard that could stand for an excluded name.
    let excluding = fixture!("nc_dns_excluded_root");
    assert!(under(excluding, fixture!("nc_excl_good")).is_ok());
    assert_eq!(under(excluding, fixture!("nc_excl_bad")), violation);
    assert_eq!(under(excluding, fixture!("nc_excl_wildcard")), violation);
    // iPAddress, v4 and v6, permitted and excluded.
    let ip_root = fixture!("nc_ip_root");
    assert!(verify(&[fixture!("nc_ip_inside")], &[ip_root], Some("10.1.2.3")).is_ok());
    assert_eq!(under(ip_root, fixture!("nc_ip_outside")), violation);
    assert_eq!(under(ip_root, fixture!("nc_ip6_outside")), violation);
    assert_eq!(under(ip_root, fixture!("nc_ip_excluded")), violation);
    // directoryName: the subject, and directoryName SAN entries.
    let dir_root = fixture!("nc_dir_root");
    assert!(verify(&[fixture!("nc_dir_inside")], &[dir_root], Some("localhost")).is_ok());
    assert_eq!(under(dir_root, fixture!("nc_dir_outside")), violation);
    assert_eq!(under(dir_root, fixture!("nc_dir_excluded")), violation);
    assert_eq!(under(dir_root, fixture!("nc_dir_san_outside")), violation);
    // rfc822Name: a domain (not its host itself), a mailbox; the subject's
    // emailAddress when there is no SAN.
    let mail_root = fixture!("nc_mail_root");
    assert!(under(mail_root, fixture!("nc_mail_inside")).is_ok());
    assert_eq!(under(mail_root, fixture!("nc_mail_host_itself")), violation);
    assert_eq!(under(mail_root, fixture!("nc_mail_other_mailbox")), violation);
    assert_eq!(under(mail_root, fixture!("nc_mail_subject")), violation);
    // A URI under a URI constraint cannot be checked: refused; without a
    // URI, the constraint does not matter.
    let uri_root = fixture!("nc_uri_root");
    assert_eq!(under(uri_root, fixture!("nc_uri_name")), violation);
    assert!(under(uri_root, fixture!("nc_uri_none")).is_ok());
}

/// Where the commonName fallback applies, commonNames are DNS names to
/// name constraints; where it does not, they are not names at all.
#[cfg(feature = "name-constraints")]
#[test]
fn name_constraints_and_common_names() {
    let dns_root = fixture!("nc_dns_root");
    let (inside, outside) = (fixture!("nc_cn_inside"), fixture!("nc_cn_outside"));
    assert!(verify(&[inside], &[dns_root], Some("www.example.com")).is_ok());
    assert_eq!(verify(&[outside], &[dns_root], Some("evil.org")), Err(CertError::NameConstraintViolation));
    let strict = Some(ServerName { host: "evil.org", common_name_fallback: false });
    assert_eq!(verify_named(&[outside], &[dns_root], strict, NOW), Err(CertError::HostnameMismatch));
}

/// The work cap, and the leaf the streaming verifier needs.
#[cfg(feature = "name-constraints")]
#[test]
fn name_constraints_work_is_bounded() {
    let (root, int, leaf) = (fixture!("nc_many_root"), fixture!("nc_many_int"), fixture!("nc_many_names"));
    // 64 names and a subject against 40 subtrees: 2600 comparisons per CA.
    assert!(verify(&[leaf, int], &[int], Some("h7.example.com")).is_ok());
    assert!(verify(&[leaf, int], &[int, root], Some("h7.example.com")).is_ok());
    assert_eq!(verify(&[leaf, int], &[root], None), Err(CertError::NameConstraintsTooComplex));
    // Streaming without the leaf (too large to keep): an intermediate's
    // constraints cannot be checked.
    let streamed = |leaf_kept: Option<&[u8]>| {
        let (leaf, anchors) = (fixture!("nc_dns_int_inside"), fixture!("nc_root"));
        let mut verifier = ChainVerifier::new();
        let mut slot = [0u8; PENDING_SIGNATURE_MAX];
        let mut key = None;
        verifier.leaf(leaf, anchors, None, NOW, &mut slot, &mut key).unwrap();
        verifier.next(fixture!("nc_dns_int"), anchors, leaf_kept.map(|_| leaf), NOW, &mut slot).unwrap();
        verifier.finish()
    };
    assert_eq!(streamed(None), Err(CertError::NameConstraintsUnchecked));
    assert_eq!(streamed(Some(&[])), Ok(()));
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
    // The commonName fallback switched off: the same leaf (no SAN) matches
    // nothing; a leaf with a SAN is unaffected.
    let strict = |host| Some(ServerName { host, common_name_fallback: false });
    assert_eq!(verify_named(&[LEGACY, INT], &[ROOT], strict("legacy.example"), NOW), Err(CertError::HostnameMismatch));
    assert!(verify_named(&[LEAF, INT], &[ROOT], strict("localhost"), NOW).is_ok());
}

#[test]
fn algorithms() {
    // A P-384 CA signing a P-256 leaf with ecdsa-with-SHA384.
    let key = verify(&[LEAF384], &[CA384], Some("p384.example")).unwrap();
    assert_eq!(key.curve(), Some(Curve::P256));
}

/// Without the `rsa` feature, RSA keys and signatures are refused when needed.
#[cfg(not(feature = "rsa"))]
#[test]
fn rsa_unsupported() {
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
    // The chains of make_rsa.sh.
    assert_eq!(
        verify(&[RSA_LEAF, RSA_INT2048], &[RSA_ROOT4096], Some("localhost")),
        Err(CertError::UnsupportedAlgorithm)
    );
    assert_eq!(
        verify(&[RSA_MIX_LEAF, RSA_MIX_INT], &[RSA_MIX_ROOT], None),
        Err(CertError::UnsupportedAlgorithm)
    );
}

/// tests/fixtures/x509/make_pathlen.py: RFC 5280 4.2.1.9.
#[test]
fn path_length_constraints() {
    // A root with pathLen 0 above a self-issued certificate (its new key):
    // that one does not count, the intermediate below it does.
    let root0 = fixture!("pathlen_root0");
    let rollover = fixture!("pathlen_rollover");
    assert!(verify(&[fixture!("pathlen_leaf_by_rollover"), rollover], &[root0], Some("localhost")).is_ok());
    let counted = fixture!("pathlen_int_by_rollover");
    assert_eq!(
        verify(&[fixture!("pathlen_leaf_by_counted"), counted, rollover], &[root0], None),
        Err(CertError::IssuerNotCa)
    );
    assert!(verify(&[fixture!("pathlen_leaf_by_counted"), counted], &[rollover], None).is_ok());
    // A root with pathLen 1 above one with pathLen 5: one intermediate,
    // not two.
    let (root1, generous) = (fixture!("pathlen_root1"), fixture!("pathlen_int5"));
    assert!(verify(&[fixture!("pathlen_leaf_by_int5"), generous], &[root1], None).is_ok());
    let second = fixture!("pathlen_int_by_int5");
    assert_eq!(
        verify(&[fixture!("pathlen_leaf_by_second"), second, generous], &[root1], None),
        Err(CertError::IssuerNotCa)
    );
    assert!(verify(&[fixture!("pathlen_leaf_by_second"), second], &[generous], None).is_ok());
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
    assert_eq!(verify_search(&chain, &[ROOT], None), Err(CertError::ChainTooLong));
    // Streaming has no search to stop: it walks the message once.
    assert_eq!(
        verify_streaming(&chain, ROOT, None, NOW),
        Err(CertError::UnknownIssuer)
    );
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
            verify_server_chain(&[&LEAF[..len], INT], &anchors, Some(ServerName::new("localhost")), NOW).is_err()
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
                let result = verify_server_chain(&chain, anchors, Some(ServerName::new("localhost")), NOW);
                let streamed = verify_streaming(&chain, anchors, Some("localhost"), NOW);
                // An anchor's own signature is never checked, so changes to
                // it outside the subject and key can go unnoticed.
                if which < 2 {
                    assert!(result.is_err(), "certificate {which}, byte {i}");
                    assert!(streamed.is_err(), "streamed: certificate {which}, byte {i}");
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
    let Ok(PrivateKey::P256(secret)) = parse_private_key(LEAF_KEY_PEM, &mut scratch) else {
        panic!("the leaf key is a P-256 key");
    };
    let signing_key = p256::ecdsa::SigningKey::from_slice(&secret).unwrap();

    let server_key = verify(&[LEAF, INT], &[ROOT], Some("localhost")).unwrap();
    assert_eq!(
        server_key.sec1_bytes(),
        Some(
            signing_key
                .verifying_key()
                .to_encoded_point(false)
                .as_bytes()
        )
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
        Err(Error::CertificateVerifyInvalid)
    );
    let len3 = client_certificate_verify_message(&transcript_hash, &mut message);
    assert_eq!(
        verify_tls13_signature(
            &server_key,
            ECDSA_SECP256R1_SHA256,
            &message[..len3],
            signature.as_bytes()
        ),
        Err(Error::CertificateVerifyInvalid)
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
        Err(Error::CertificateVerifyInvalid)
    );
}

/// The server key is kept in the connection state: an EC point, or with the
/// `rsa` feature an RSA modulus of up to 512 bytes, and little else.
#[test]
fn public_key_size() {
    let limit = if cfg!(feature = "rsa") {
        512 + 16
    } else {
        97 + 24
    };
    assert!(core::mem::size_of::<PublicKey>() <= limit);
    assert_eq!(
        core::mem::size_of::<Option<PublicKey>>(),
        core::mem::size_of::<PublicKey>()
    );
}

#[test]
fn key_matches_its_certificate_only() {
    let mut scratch = vec![0u8; LEAF_KEY_PEM.len()];
    let key = parse_private_key(LEAF_KEY_PEM, &mut scratch).unwrap();
    assert_eq!(key_matches_certificate(&key, LEAF), Ok(true));
    assert_eq!(key_matches_certificate(&key, INT), Ok(false));
    assert_eq!(key_matches_certificate(&key, LEAF_RSA_KEY), Ok(false));
    assert_eq!(
        key_matches_certificate(&key, b"\x30\x03\x02\x01\x00"),
        Err(ParseError::InvalidDer)
    );
}

/// The outcome of a step that needs the `ed25519` feature: with it, what
/// the step gives (it must succeed); without it, `None` once the step is
/// seen to meet `refusal`, the documented one (the test stops there, as a
/// build without Ed25519 does).
pub(crate) fn ed25519_step<T, E: core::fmt::Debug + PartialEq>(result: Result<T, E>, refusal: E) -> Option<T> {
    match cfg!(feature = "ed25519") {
        true => Some(result.unwrap_or_else(|error| panic!("{error:?}"))),
        false => {
            assert_eq!(result.err(), Some(refusal), "refused without the ed25519 feature");
            None
        }
    }
}

/// Ed25519 chains and keys: the fixtures of tests/fixtures/x509/make_keys.sh.
mod ed25519 {
    use super::super::cert::Certificate;
    use super::super::signature::{verify_signed_data, SignatureAlgorithm};
    use super::*;

    const ED_ROOT: &[u8] = fixture!("ed25519_root");
    const ED_LEAF: &[u8] = fixture!("ed25519_leaf");
    const EC_ROOT: &[u8] = fixture!("ed25519_ecroot");
    const ED_LEAF_BY_EC: &[u8] = fixture!("ed25519_leaf_by_ec");
    const EC_LEAF_BY_ED: &[u8] = fixture!("ed25519_ec_leaf");
    /// An Ed25519 intermediate under EC_ROOT, and a leaf it signed.
    const ED_INT: &[u8] = fixture!("ed25519_int");
    const ED_LEAF_BY_INT: &[u8] = fixture!("ed25519_leaf_by_int");
    const ED_KEY_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/ed25519_key.pem");
    const P384_KEY_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/p384_key.pem");
    /// openssl's Ed25519 signature with ED_KEY_PEM over CV_MESSAGE.
    const CV_SIGNATURE: &[u8] = include_bytes!("../../../tests/fixtures/x509/ed25519_cv.sig");
    /// A server CertificateVerify input, transcript hash 32 bytes 0x42.
    const CV_MESSAGE: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_cv_message.bin");

    fn key(pem: &[u8]) -> PrivateKey<'static> {
        parse_private_key(pem, &mut vec![0u8; pem.len()]).unwrap().to_static().unwrap()
    }

    /// How a build without the `ed25519` feature refuses an Ed25519 chain.
    const UNSUPPORTED: CertError = CertError::UnsupportedAlgorithm;

    /// What the `ed25519` feature decides: with it, Ed25519 chains, keys
    /// and CertificateVerify work (the other tests here); without it, each
    /// is refused as unsupported and ed25519 is not offered. `make test`
    /// also runs this test in a build without the feature.
    #[test]
    fn ed25519_feature_decides_support() {
        let on = cfg!(feature = "ed25519");
        // All Ed25519; an Ed25519 leaf key under a P-256 CA; a P-256 leaf
        // signed by an Ed25519 CA.
        for (chain, anchor) in [(ED_LEAF, ED_ROOT), (ED_LEAF_BY_EC, EC_ROOT), (EC_LEAF_BY_ED, ED_ROOT)] {
            let result = verify(&[chain], &[anchor], Some("localhost"));
            match on {
                true => assert!(result.is_ok(), "{result:?}"),
                false => assert_eq!(result, Err(CertError::UnsupportedAlgorithm)),
            }
        }
        let mut scratch = vec![0u8; ED_KEY_PEM.len()];
        let parsed = parse_private_key(ED_KEY_PEM, &mut scratch);
        match on {
            true => assert!(matches!(parsed, Ok(PrivateKey::Ed25519(_)))),
            false => assert_eq!(parsed.err(), Some(ParseError::UnsupportedKey)),
        }
        assert_eq!(crate::engine::tls13::config::SIGNATURE_SCHEMES.contains(&ED25519), on);
        // An ed25519 CertificateVerify: checked against the key's type with
        // the feature, an unsupported scheme without.
        let ec_key = verify(&[LEAF, INT], &[ROOT], None).unwrap();
        let expected = if on { Error::CertificateVerifySchemeMismatch } else { Error::IllegalParameter };
        assert_eq!(verify_tls13_signature(&ec_key, ED25519, CV_MESSAGE, CV_SIGNATURE), Err(expected));
    }

    #[test]
    fn ed25519_chains() {
        // Ed25519 all the way; an Ed25519 leaf under a P-256 CA; a P-256
        // leaf under an Ed25519 CA.
        let Some(leaf_key) = ed25519_step(verify(&[ED_LEAF], &[ED_ROOT], Some("localhost")), UNSUPPORTED) else {
            return;
        };
        let spki_key = Certificate::parse(ED_LEAF).unwrap().public_key.key;
        assert_eq!(leaf_key.ed25519_bytes().map(|key| &key[..]), Some(spki_key));
        assert_eq!((leaf_key.curve(), leaf_key.sec1_bytes()), (None, None));
        let by_ec = verify(&[ED_LEAF_BY_EC], &[EC_ROOT], Some("localhost")).unwrap();
        assert_eq!(by_ec, leaf_key, "the same Ed25519 key");
        let ec_leaf = verify(&[EC_LEAF_BY_ED], &[ED_ROOT], Some("localhost")).unwrap();
        assert_eq!((ec_leaf.curve(), ec_leaf.ed25519_bytes()), (Some(Curve::P256), None));
        // Under the wrong anchor.
        assert_eq!(verify(&[ED_LEAF], &[EC_ROOT], None), Err(CertError::UnknownIssuer));
        assert_eq!(verify(&[ED_LEAF], &[ROOT], None), Err(CertError::UnknownIssuer));
    }

    #[test]
    fn ed25519_signature_by_an_intermediate() {
        // The path search, with the whole chain at hand, verifies it.
        let search = verify_search(&[ED_LEAF_BY_INT, ED_INT], &[EC_ROOT], Some("localhost"));
        let Some(key) = ed25519_step(search, UNSUPPORTED) else {
            return;
        };
        assert_eq!(key, verify(&[ED_LEAF], &[ED_ROOT], None).unwrap(), "the Ed25519 key");
        // Streaming, the leaf's signature cannot wait for the intermediate:
        // it needs the signed data, and only a digest waits.
        assert_eq!(
            verify_streaming(&[ED_LEAF_BY_INT, ED_INT], EC_ROOT, Some("localhost"), NOW),
            Err(CertError::UnsupportedAlgorithm)
        );
        // With the intermediate as a trust anchor, both verify it.
        assert_eq!(verify(&[ED_LEAF_BY_INT], &[ED_INT], Some("localhost")).unwrap(), key);
    }

    #[test]
    fn ed25519_signature_checks() {
        let issuer = Certificate::parse(ED_ROOT).unwrap().public_key;
        let ec_issuer = Certificate::parse(EC_ROOT).unwrap().public_key;
        let leaf = Certificate::parse(ED_LEAF).unwrap();
        let ec_signed = Certificate::parse(ED_LEAF_BY_EC).unwrap();
        // Without the feature, an Ed25519 key is no key the verifier knows.
        assert!(issuer.ed25519 == cfg!(feature = "ed25519") && issuer.curve.is_none());
        assert_eq!(leaf.signature_algorithm, SignatureAlgorithm::Ed25519);
        let verified = verify_signed_data(&issuer, leaf.signature_algorithm, leaf.tbs, leaf.signature);
        if ed25519_step(verified, UNSUPPORTED).is_none() {
            return;
        }
        // Each bit of the signature and of the signed data counts.
        for i in 0..leaf.signature.len() {
            let mut signature = leaf.signature.to_vec();
            signature[i] ^= 0x01;
            assert_eq!(
                verify_signed_data(&issuer, leaf.signature_algorithm, leaf.tbs, &signature),
                Err(CertError::BadSignature),
                "signature byte {i}"
            );
        }
        let mut tbs = leaf.tbs.to_vec();
        tbs[40] ^= 0x80;
        assert_eq!(
            verify_signed_data(&issuer, leaf.signature_algorithm, &tbs, leaf.signature),
            Err(CertError::BadSignature)
        );
        // 63 or 65 bytes are no Ed25519 signature.
        assert_eq!(
            verify_signed_data(&issuer, leaf.signature_algorithm, leaf.tbs, &leaf.signature[..63]),
            Err(CertError::BadSignature)
        );
        assert_eq!(
            verify_signed_data(&issuer, leaf.signature_algorithm, leaf.tbs, &[leaf.signature, &[0]].concat()),
            Err(CertError::BadSignature)
        );
        // An EC key cannot have made an Ed25519 signature, nor an Ed25519
        // key an ECDSA one.
        assert_eq!(
            verify_signed_data(&ec_issuer, leaf.signature_algorithm, leaf.tbs, leaf.signature),
            Err(CertError::BadSignature)
        );
        assert_eq!(
            verify_signed_data(&issuer, ec_signed.signature_algorithm, ec_signed.tbs, ec_signed.signature),
            Err(CertError::BadSignature)
        );
        // A tampered signature in a chain.
        let mut tampered = ED_LEAF.to_vec();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(verify(&[&tampered], &[ED_ROOT], None), Err(CertError::BadSignature));
    }

    #[test]
    fn openssl_ed25519_certificate_verify() {
        let Some(key) = ed25519_step(verify(&[ED_LEAF], &[ED_ROOT], None), UNSUPPORTED) else {
            return;
        };
        let mut message = [0u8; CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len = server_certificate_verify_message(&[0x42; 32], &mut message);
        assert_eq!(&message[..len], CV_MESSAGE);
        assert_eq!(verify_tls13_signature(&key, ED25519, CV_MESSAGE, CV_SIGNATURE), Ok(()));
        // The client context, a changed signature, other lengths.
        let len = client_certificate_verify_message(&[0x42; 32], &mut message);
        assert_eq!(
            verify_tls13_signature(&key, ED25519, &message[..len], CV_SIGNATURE),
            Err(Error::CertificateVerifyInvalid)
        );
        let mut signature = CV_SIGNATURE.to_vec();
        signature[10] ^= 4;
        assert_eq!(verify_tls13_signature(&key, ED25519, CV_MESSAGE, &signature), Err(Error::CertificateVerifyInvalid));
        assert_eq!(verify_tls13_signature(&key, ED25519, CV_MESSAGE, &CV_SIGNATURE[..63]), Err(Error::CertificateVerifyInvalid));
        // (A malleated S: see signature.rs' ed25519_verification_agrees_with_verify_strict.)
        // Another scheme with an Ed25519 key; ed25519 with an EC key.
        assert_eq!(
            verify_tls13_signature(&key, ECDSA_SECP256R1_SHA256, CV_MESSAGE, CV_SIGNATURE),
            Err(Error::CertificateVerifySchemeMismatch)
        );
        let ec_key = verify(&[LEAF, INT], &[ROOT], None).unwrap();
        assert_eq!(verify_tls13_signature(&ec_key, ED25519, CV_MESSAGE, CV_SIGNATURE), Err(Error::CertificateVerifySchemeMismatch));
    }

    #[test]
    fn keys_match_their_certificates_only() {
        let p384 = key(P384_KEY_PEM);
        assert_eq!(key_matches_certificate(&p384, CA384), Ok(true));
        // LEAF384 is a P-256 key signed by CA384.
        assert_eq!(key_matches_certificate(&p384, LEAF384), Ok(false));
        assert_eq!(key_matches_certificate(&p384, ED_LEAF), Ok(false));
        let p256 = key(LEAF_KEY_PEM);
        assert_eq!(key_matches_certificate(&p256, ED_LEAF), Ok(false));
        assert_eq!(key_matches_certificate(&p256, CA384), Ok(false));
        let mut scratch = vec![0u8; ED_KEY_PEM.len()];
        let parsed = parse_private_key(ED_KEY_PEM, &mut scratch);
        let Some(ed) = ed25519_step(parsed, ParseError::UnsupportedKey) else {
            return;
        };
        assert_eq!(key_matches_certificate(&ed, ED_LEAF), Ok(true));
        assert_eq!(key_matches_certificate(&ed, ED_LEAF_BY_EC), Ok(true));
        assert_eq!(key_matches_certificate(&ed, ED_ROOT), Ok(false));
        assert_eq!(key_matches_certificate(&ed, LEAF), Ok(false));
    }
}

/// With the `rsa` feature: the fixtures of tests/fixtures/x509/make_rsa.sh.
#[cfg(feature = "rsa")]
mod rsa {
    use super::*;

    const RSA_LEAF_EC: &[u8] = fixture!("rsa_leaf_ec");
    const RSA_LEAF_SHA384: &[u8] = fixture!("rsa_leaf_sha384");
    const RSA_LEAF_SHA512: &[u8] = fixture!("rsa_leaf_sha512");
    const RSA_LEAF_PSS: &[u8] = fixture!("rsa_leaf_pss");
    const RSA_LEAF_PSS384: &[u8] = fixture!("rsa_leaf_pss384");
    const RSA_LEAF3072: &[u8] = fixture!("rsa_leaf3072");
    const RSA_LEAF4096: &[u8] = fixture!("rsa_leaf4096");
    const RSA_LEAF2049: &[u8] = fixture!("rsa_leaf2049");
    const RSA_LEAF_E3: &[u8] = fixture!("rsa_leaf_e3");
    const RSA_CA1024: &[u8] = fixture!("rsa_ca1024");
    const RSA_LEAF_BY1024: &[u8] = fixture!("rsa_leaf_by1024");
    const RSA_LEAF1024: &[u8] = fixture!("rsa_leaf1024");

    macro_rules! signature {
        ($name:literal) => {
            include_bytes!(concat!("../../../tests/fixtures/x509/", $name, ".sig")).as_slice()
        };
    }

    /// The leaf key of a chain that verifies.
    fn leaf_key(chain: &[&[u8]], anchor: &[u8]) -> PublicKey {
        verify(chain, &[anchor], Some("localhost")).unwrap()
    }

    #[test]
    fn lets_encrypt_shape() {
        // RSA-4096 root -> RSA-2048 intermediate -> RSA-2048 leaf, all
        // sha256WithRSAEncryption.
        let key = leaf_key(&[RSA_LEAF, RSA_INT2048], RSA_ROOT4096);
        assert_eq!(key.curve(), None);
        assert_eq!(key.sec1_bytes(), None);
        assert_eq!(key.rsa_modulus().map(<[u8]>::len), Some(256));
        assert_eq!(key.rsa_exponent(), Some(65537));
        // ... or a P-256 leaf; the root sent along; the IP address SAN.
        let key = verify(
            &[RSA_LEAF_EC, RSA_INT2048, RSA_ROOT4096],
            &[RSA_ROOT4096],
            Some("127.0.0.1"),
        )
        .unwrap();
        assert_eq!(key.curve(), Some(Curve::P256));
        assert_eq!(key.rsa_modulus(), None);
        // Among other anchors, and with the intermediate as the anchor.
        assert!(verify(
            &[RSA_LEAF, RSA_INT2048],
            &[ROOT, RSA_CA, RSA_ROOT4096],
            None
        )
        .is_ok());
        assert!(verify(&[RSA_LEAF], &[RSA_INT2048], None).is_ok());
        // The usual rules still apply.
        assert_eq!(
            verify(
                &[RSA_LEAF, RSA_INT2048],
                &[RSA_ROOT4096],
                Some("example.com")
            ),
            Err(CertError::HostnameMismatch)
        );
        assert_eq!(
            verify(&[RSA_LEAF, RSA_INT2048], &[ROOT], None),
            Err(CertError::UnknownIssuer)
        );
        assert_eq!(
            verify_server_chain(&[RSA_LEAF, RSA_INT2048], RSA_ROOT4096, None, 4_102_444_800),
            Err(CertError::Expired)
        );
    }

    #[test]
    fn the_old_rsa_fixtures_verify() {
        // make.sh's RSA-2048 CA signing a P-256 leaf, and an RSA leaf key
        // under the ECDSA chain.
        assert!(verify(&[LEAF_RSA_SIGNED], &[RSA_CA], None).is_ok());
        let key = verify(&[LEAF_RSA_KEY, INT], &[ROOT], None).unwrap();
        assert_eq!(key.rsa_exponent(), Some(65537));
        assert_eq!(
            verify(&[LEAF_RSA_SIGNED, RSA_CA], &[ROOT], None),
            Err(CertError::UnknownIssuer)
        );
    }

    #[test]
    fn signature_algorithms_and_key_sizes() {
        for (leaf, modulus_len) in [
            (RSA_LEAF_SHA384, 256),
            (RSA_LEAF_SHA512, 256),
            (RSA_LEAF_PSS, 256),
            (RSA_LEAF_PSS384, 256),
            (RSA_LEAF3072, 384),
            (RSA_LEAF2049, 257),
            (RSA_LEAF_E3, 256),
        ] {
            let key = leaf_key(&[leaf, RSA_INT2048], RSA_ROOT4096);
            assert_eq!(key.rsa_modulus().map(<[u8]>::len), Some(modulus_len));
        }
        assert_eq!(
            leaf_key(&[RSA_LEAF_E3, RSA_INT2048], RSA_ROOT4096).rsa_exponent(),
            Some(3)
        );
        // An RSA-4096 leaf signed by the RSA-4096 root with sha512WithRSAEncryption.
        let key = leaf_key(&[RSA_LEAF4096], RSA_ROOT4096);
        assert_eq!(key.rsa_modulus().map(<[u8]>::len), Some(512));
    }

    /// tests/fixtures/x509/make_profile.py: a 2049-bit root's signature
    /// (RFC 5280 and RFC 8017 allow any modulus size; see profile_decisions).
    #[test]
    fn modulus_not_a_multiple_of_8_bits() {
        use super::super::der::{self, tag, Reader};
        let root = fixture!("profile_rsa2049_root");
        let key = super::super::cert::Certificate::parse(root).unwrap().public_key;
        let mut rsa_key = Reader::new(der::single(key.key, tag::SEQUENCE).unwrap().value);
        let modulus = der::unsigned_magnitude(rsa_key.read(tag::INTEGER).unwrap()).unwrap();
        assert_eq!((modulus.len(), modulus[0]), (257, 1), "a 2049-bit modulus");
        assert!(verify(&[fixture!("profile_leaf_by_rsa2049")], &[root], Some("localhost")).is_ok());
    }

    #[test]
    fn mixed_chains() {
        // P-256 root -(ecdsa-with-SHA384)-> RSA-2048 intermediate
        // -(sha256WithRSAEncryption)-> P-256 leaf.
        let key = leaf_key(&[RSA_MIX_LEAF, RSA_MIX_INT], RSA_MIX_ROOT);
        assert_eq!(key.curve(), Some(Curve::P256));
        assert!(verify(&[RSA_MIX_LEAF], &[RSA_MIX_INT], None).is_ok());
    }

    /// Re-encodes a certificate with `patch` applied to its DER (lengths
    /// unchanged).
    fn patched(der: &[u8], patch: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
        let mut copy = der.to_vec();
        patch(&mut copy);
        copy
    }

    /// Replaces every occurrence of `from` with `to` (same length).
    fn replace_all(der: &mut [u8], from: &[u8], to: &[u8]) -> usize {
        let mut count = 0;
        let mut i = 0;
        while i + from.len() <= der.len() {
            if &der[i..i + from.len()] == from {
                der[i..i + from.len()].copy_from_slice(to);
                count += 1;
                i += from.len();
            } else {
                i += 1;
            }
        }
        count
    }

    #[test]
    fn tampered_signatures() {
        let chain_with = |leaf: &[u8]| verify(&[leaf, RSA_INT2048], &[RSA_ROOT4096], None);
        for leaf in [
            RSA_LEAF,
            RSA_LEAF_SHA512,
            RSA_LEAF_PSS,
            RSA_LEAF_PSS384,
            RSA_LEAF2049,
        ] {
            // A flipped bit at each end of the signature, in the signed data,
            // a signature of zeros, one of n - 1 bytes (0xff..): all bad.
            let len = leaf.len();
            for at in [len - 1, len - 128, len - 255] {
                let tampered = patched(leaf, |der| der[at] ^= 0x01);
                assert_eq!(chain_with(&tampered), Err(CertError::BadSignature), "{at}");
            }
            let in_tbs = patched(leaf, |der| der[200] ^= 0x01);
            assert!(chain_with(&in_tbs).is_err());
            let zeros = patched(leaf, |der| der[len - 256..].fill(0));
            assert_eq!(chain_with(&zeros), Err(CertError::BadSignature));
            let ones = patched(leaf, |der| der[len - 256..].fill(0xff));
            assert_eq!(chain_with(&ones), Err(CertError::BadSignature));
        }
        // The root's signature on the intermediate (RSA-4096 verifying).
        let int = patched(RSA_INT2048, |der| {
            let at = der.len() - 10;
            der[at] ^= 0x80;
        });
        assert_eq!(
            verify(&[RSA_LEAF, &int], &[RSA_ROOT4096], None),
            Err(CertError::BadSignature)
        );
    }

    const SHA256_WITH_RSA: [u8; 9] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];

    #[test]
    fn wrong_hash_oid() {
        // The leaf's sha256WithRSAEncryption (inner and outer) claimed as
        // sha384WithRSAEncryption or sha512WithRSAEncryption: the signature
        // does not verify (the whole DigestInfo is compared).
        let mut sha384 = SHA256_WITH_RSA;
        sha384[8] = 0x0c;
        let mut sha512 = SHA256_WITH_RSA;
        sha512[8] = 0x0d;
        for claimed in [sha384, sha512] {
            let leaf = patched(RSA_LEAF, |der| {
                assert_eq!(replace_all(der, &SHA256_WITH_RSA, &claimed), 2)
            });
            assert_eq!(
                verify(&[&leaf, RSA_INT2048], &[RSA_ROOT4096], None),
                Err(CertError::BadSignature)
            );
        }
        // sha1WithRSAEncryption (1.2.840.113549.1.1.5) is not supported.
        let mut sha1 = SHA256_WITH_RSA;
        sha1[8] = 0x05;
        let leaf = patched(RSA_LEAF, |der| {
            assert_eq!(replace_all(der, &SHA256_WITH_RSA, &sha1), 2)
        });
        assert_eq!(
            verify(&[&leaf, RSA_INT2048], &[RSA_ROOT4096], None),
            Err(CertError::UnsupportedAlgorithm)
        );
        // A PSS signature claimed with another hash: the DER encodings of
        // the SHA-256 OIDs inside the parameters changed to SHA-512.
        let sha256 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
        let mut sha512_oid = sha256;
        sha512_oid[8] = 0x03;
        let leaf = patched(RSA_LEAF_PSS, |der| {
            assert_eq!(replace_all(der, &sha256, &sha512_oid), 4)
        });
        assert_eq!(
            verify(&[&leaf, RSA_INT2048], &[RSA_ROOT4096], None),
            Err(CertError::BadSignature)
        );
    }

    #[test]
    fn key_type_mismatch() {
        use super::super::cert::Certificate;
        use super::super::signature::{verify_signed_data, SignatureAlgorithm};
        let rsa_issuer = Certificate::parse(RSA_INT2048).unwrap().public_key;
        let ec_issuer = Certificate::parse(INT).unwrap().public_key;
        let rsa_signed = Certificate::parse(RSA_LEAF).unwrap();
        let ec_signed = Certificate::parse(LEAF).unwrap();
        let check = |issuer, signed: &Certificate<'_>, algorithm| {
            verify_signed_data(issuer, algorithm, signed.tbs, signed.signature)
        };
        assert_eq!(
            check(&rsa_issuer, &rsa_signed, rsa_signed.signature_algorithm),
            Ok(())
        );
        assert_eq!(
            check(&ec_issuer, &ec_signed, ec_signed.signature_algorithm),
            Ok(())
        );
        // An RSA key cannot have made an ECDSA signature, nor an EC key an
        // RSA one.
        assert_eq!(
            check(&rsa_issuer, &ec_signed, SignatureAlgorithm::EcdsaSha256),
            Err(CertError::BadSignature)
        );
        assert_eq!(
            check(&ec_issuer, &rsa_signed, rsa_signed.signature_algorithm),
            Err(CertError::BadSignature)
        );
        // Nor an Ed25519 key an RSA one, nor an RSA key an Ed25519 one.
        let ed_issuer = Certificate::parse(fixture!("ed25519_root")).unwrap().public_key;
        let ed_signed = Certificate::parse(fixture!("ed25519_leaf")).unwrap();
        assert_eq!(
            check(&ed_issuer, &rsa_signed, rsa_signed.signature_algorithm),
            Err(CertError::BadSignature)
        );
        assert_eq!(
            check(&rsa_issuer, &ed_signed, ed_signed.signature_algorithm),
            Err(CertError::BadSignature)
        );
        // A key of unknown type (here: rsaEncryption without its NULL).
        let mut unknown = rsa_issuer;
        unknown.rsa = false;
        assert_eq!(
            check(&unknown, &rsa_signed, rsa_signed.signature_algorithm),
            Err(CertError::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn small_and_large_keys() {
        // A 1024-bit CA: its signature is not checked.
        assert_eq!(
            verify(&[RSA_LEAF_BY1024], &[RSA_CA1024], None),
            Err(CertError::UnsupportedAlgorithm)
        );
        // A 1024-bit leaf key under a good chain.
        assert_eq!(
            verify(&[RSA_LEAF1024, RSA_INT2048], &[RSA_ROOT4096], None),
            Err(CertError::UnsupportedAlgorithm)
        );
        // Pinned as an anchor, still refused.
        assert_eq!(
            verify(&[RSA_LEAF1024], &[RSA_LEAF1024], None),
            Err(CertError::UnsupportedAlgorithm)
        );
    }

    const CV_MESSAGE: &[u8] = include_bytes!("../../../tests/fixtures/x509/rsa_cv_message.bin");

    fn cv_message() -> Vec<u8> {
        let mut message = [0u8; CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len = server_certificate_verify_message(&[0x42; 32], &mut message);
        assert_eq!(&message[..len], CV_MESSAGE);
        message[..len].to_vec()
    }

    #[test]
    fn certificate_verify_rsa_pss() {
        let message = cv_message();
        let key = leaf_key(&[RSA_LEAF, RSA_INT2048], RSA_ROOT4096);
        for (scheme, signature) in [
            (RSA_PSS_RSAE_SHA256, signature!("rsa_cv_pss256")),
            (RSA_PSS_RSAE_SHA384, signature!("rsa_cv_pss384")),
            (RSA_PSS_RSAE_SHA512, signature!("rsa_cv_pss512")),
        ] {
            assert_eq!(
                verify_tls13_signature(&key, scheme, &message, signature),
                Ok(())
            );
            // Another scheme's hash, another message, a flipped bit.
            let other = if scheme == RSA_PSS_RSAE_SHA256 {
                RSA_PSS_RSAE_SHA384
            } else {
                RSA_PSS_RSAE_SHA256
            };
            assert_eq!(
                verify_tls13_signature(&key, other, &message, signature),
                Err(Error::CertificateVerifyInvalid)
            );
            assert_eq!(
                verify_tls13_signature(&key, scheme, &message[1..], signature),
                Err(Error::CertificateVerifyInvalid)
            );
            let mut flipped = signature.to_vec();
            flipped[100] ^= 0x10;
            assert_eq!(
                verify_tls13_signature(&key, scheme, &message, &flipped),
                Err(Error::CertificateVerifyInvalid)
            );
            // Truncated, extended (also with a leading zero), empty.
            assert_eq!(
                verify_tls13_signature(&key, scheme, &message, &signature[1..]),
                Err(Error::CertificateVerifyInvalid)
            );
            let mut long = vec![0];
            long.extend_from_slice(signature);
            assert_eq!(
                verify_tls13_signature(&key, scheme, &message, &long),
                Err(Error::CertificateVerifyInvalid)
            );
            assert_eq!(
                verify_tls13_signature(&key, scheme, &message, &[]),
                Err(Error::CertificateVerifyInvalid)
            );
            // An ECDSA scheme with the RSA key.
            assert_eq!(
                verify_tls13_signature(&key, ECDSA_SECP256R1_SHA256, &message, signature),
                Err(Error::CertificateVerifySchemeMismatch)
            );
        }
        // The signature must be below the modulus.
        let modulus = key.rsa_modulus().unwrap();
        assert_eq!(
            verify_tls13_signature(&key, RSA_PSS_RSAE_SHA256, &message, modulus),
            Err(Error::CertificateVerifyInvalid)
        );
        // Other key sizes and exponents.
        for (leaf, signature, scheme) in [
            (
                RSA_LEAF3072,
                signature!("rsa_cv3072_pss384"),
                RSA_PSS_RSAE_SHA384,
            ),
            (
                RSA_LEAF2049,
                signature!("rsa_cv2049_pss256"),
                RSA_PSS_RSAE_SHA256,
            ),
            (
                RSA_LEAF_E3,
                signature!("rsa_cv_e3_pss256"),
                RSA_PSS_RSAE_SHA256,
            ),
        ] {
            let key = leaf_key(&[leaf, RSA_INT2048], RSA_ROOT4096);
            assert_eq!(
                verify_tls13_signature(&key, scheme, &message, signature),
                Ok(())
            );
            // Not by another key of the same size.
            let other = leaf_key(&[RSA_LEAF, RSA_INT2048], RSA_ROOT4096);
            assert_eq!(
                verify_tls13_signature(&other, scheme, &message, signature),
                Err(Error::CertificateVerifyInvalid)
            );
        }
        let key4096 = leaf_key(&[RSA_LEAF4096], RSA_ROOT4096);
        assert_eq!(
            verify_tls13_signature(
                &key4096,
                RSA_PSS_RSAE_SHA256,
                &message,
                signature!("rsa_cv4096_pss256")
            ),
            Ok(())
        );
    }

    #[test]
    fn certificate_verify_refuses_what_tls13_forbids() {
        let message = cv_message();
        let key = leaf_key(&[RSA_LEAF, RSA_INT2048], RSA_ROOT4096);
        // PKCS#1 v1.5 (a valid signature): not a CertificateVerify scheme.
        let pkcs1 = signature!("rsa_cv_pkcs1_256");
        for scheme in [RSA_PKCS1_SHA256, RSA_PKCS1_SHA384, RSA_PKCS1_SHA512] {
            assert_eq!(
                verify_tls13_signature(&key, scheme, &message, pkcs1),
                Err(Error::IllegalParameter)
            );
        }
        assert_eq!(
            verify_tls13_signature(&key, RSA_PSS_RSAE_SHA256, &message, pkcs1),
            Err(Error::CertificateVerifyInvalid)
        );
        // PSS with a 20-byte salt, and with MGF1-SHA-256 under SHA-384.
        assert_eq!(
            verify_tls13_signature(
                &key,
                RSA_PSS_RSAE_SHA256,
                &message,
                signature!("rsa_cv_pss256_salt20")
            ),
            Err(Error::CertificateVerifyInvalid)
        );
        assert_eq!(
            verify_tls13_signature(
                &key,
                RSA_PSS_RSAE_SHA384,
                &message,
                signature!("rsa_cv_pss384_mgf256")
            ),
            Err(Error::CertificateVerifyInvalid)
        );
        // rsa_pss_pss_sha256 (a PSS-only key): not supported; ed25519 is,
        // but not with an RSA key.
        assert_eq!(
            verify_tls13_signature(&key, 0x0809, &message, signature!("rsa_cv_pss256")),
            Err(Error::IllegalParameter)
        );
        assert_eq!(
            verify_tls13_signature(&key, ED25519, &message, &signature!("rsa_cv_pss256")[..64]),
            Err(Error::CertificateVerifySchemeMismatch)
        );
        // An RSA scheme with an EC key.
        let ec_key = verify(&[LEAF, INT], &[ROOT], None).unwrap();
        assert_eq!(
            verify_tls13_signature(
                &ec_key,
                RSA_PSS_RSAE_SHA256,
                &message,
                signature!("rsa_cv_pss256")
            ),
            Err(Error::CertificateVerifySchemeMismatch)
        );
    }

    #[test]
    fn truncations_and_flips_never_panic() {
        let message = cv_message();
        let key = leaf_key(&[RSA_LEAF2049, RSA_INT2048], RSA_ROOT4096);
        let signature = signature!("rsa_cv2049_pss256");
        let mut flipped = signature.to_vec();
        for i in 0..flipped.len() {
            flipped[i] ^= 0x80;
            assert!(verify_tls13_signature(&key, RSA_PSS_RSAE_SHA256, &message, &flipped).is_err());
            flipped[i] ^= 0x80;
        }
        for der in [RSA_LEAF_PSS, RSA_LEAF2049, RSA_INT2048] {
            for len in 0..der.len() {
                assert!(verify(&[&der[..len], RSA_INT2048], &[RSA_ROOT4096], None).is_err());
            }
        }
    }
}
