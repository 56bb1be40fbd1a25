//! The X.509 / PEM / private key side: what a user passes as `cadata`,
//! `cafile`, `certfile` and `keyfile`, and what a server sends as its chain.
//!
//! Input: PEM or DER, one or several certificates or a private key (the
//! seeds are the fixtures of tests/fixtures/x509). It goes through
//! `certs_to_der` (into a buffer as large as the input, as documented, and
//! into a small one), the resulting certificates are verified as a server
//! chain against the fixture anchors and against themselves, and the input
//! is also parsed as a private key and as raw concatenated DER.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtls::engine::internals::x509::{self, certs_to_der, der_certs, parse_private_key, ServerName};
use rtls_fuzz::{NOW, ROOT, SERVER_NAME};

const CA384: &[u8] = include_bytes!("../../tests/fixtures/x509/ca384.der");
const V1ROOT: &[u8] = include_bytes!("../../tests/fixtures/x509/v1root.der");
const LEAF: &[u8] = include_bytes!("../../tests/fixtures/x509/leaf.der");

/// Most certificates a server chain may have (as in the handshake).
const CHAIN_MAX: usize = 8;

fuzz_target!(|data: &[u8]| {
    let anchors = [ROOT, CA384, V1ROOT].concat();

    let mut der = vec![0u8; data.len()];
    if let Ok(n) = certs_to_der(data, &mut der) {
        assert!(n <= der.len());
        let der = &der[..n];
        let chain: Vec<&[u8]> = der_certs(der).take(CHAIN_MAX).collect();
        assert!(!chain.is_empty() || der.is_empty());
        if !chain.is_empty() {
            let _ = x509::verify_server_chain(&chain, &anchors, Some(ServerName::new(SERVER_NAME)), NOW);
            let _ = x509::verify_server_chain(&chain, &anchors, None, 0);
            // Its own certificates as the anchors (pinned, self-issued, loops),
            // by address, and by name without the commonName fallback.
            let _ = x509::verify_server_chain(&chain, der, Some(ServerName::new("127.0.0.1")), NOW);
            let no_cn = ServerName { host: SERVER_NAME, common_name_fallback: false };
            let _ = x509::verify_server_chain(&chain, der, Some(no_cn), NOW);
            let _ = x509::display_name(chain[0]);
        }
        // The same conversion into too small a buffer fails cleanly.
        let mut small = [0u8; 200];
        if let Ok(m) = certs_to_der(data, &mut small) {
            assert_eq!(&small[..m], der);
        }
    }

    let mut scratch = vec![0u8; data.len()];
    if let Ok(key) = parse_private_key(data, &mut scratch) {
        let _ = x509::key_matches_certificate(&key, LEAF);
    }
    assert!(scratch.iter().all(|&b| b == 0), "parse_private_key left key material in scratch");

    // Raw input as a chain, unconverted.
    let chain: Vec<&[u8]> = der_certs(data).take(CHAIN_MAX).collect();
    if !chain.is_empty() {
        let _ = x509::verify_server_chain(&chain, ROOT, Some(ServerName::new(SERVER_NAME)), NOW);
        for cert in &chain {
            let _ = x509::key_matches_certificate(&x509::PrivateKey::P256([1; 32]), cert);
        }
    }
});
