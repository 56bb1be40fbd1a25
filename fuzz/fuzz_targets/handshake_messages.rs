//! The handshake message parsers the client runs, called directly: for the
//! messages a server sends encrypted (EncryptedExtensions, Certificate,
//! CertificateRequest, CertificateVerify, NewSessionTicket, KeyUpdate),
//! which the `receive` target cannot reach with mutated input because it
//! cannot forge the record protection, plus ServerHello and alerts. A
//! Finished has no parser: the client compares its body as it is.
//!
//! Input: a stream of handshake messages as on the wire (type, 24-bit
//! length, body), such as a decrypted server flight (the seeds are made by
//! `capture/` from real `openssl s_server` flights), framed as the client
//! frames them. A message of a type without a parser goes to the parser
//! `type % 8` picks, so every parser sees every input shape. A
//! Certificate is taken apart as it streams in (head, then entry by entry)
//! and its chain verified, and a CertificateVerify's signature checked, as
//! the client does.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rtls::engine::internals::codec;
use rtls::engine::internals::x509::{self, PublicKey};
use rtls_fuzz::{NOW, ROOT, SERVER_NAME};

const INT: &[u8] = include_bytes!("../../tests/fixtures/x509/int.der");
const LEAF: &[u8] = include_bytes!("../../tests/fixtures/x509/leaf.der");

/// The fixture leaf's key, to check CertificateVerify signatures with.
fn leaf_key() -> &'static PublicKey {
    static KEY: OnceLock<PublicKey> = OnceLock::new();
    KEY.get_or_init(|| x509::verify_server_chain(&[LEAF, INT], ROOT, Some(x509::ServerName::new(SERVER_NAME)), NOW).expect("fixture chain"))
}

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    while let Some(header) = rest.first_chunk() {
        let (msg_type, body_len) = codec::parse_handshake_header(header);
        // A truncated last message still goes to its parser (as the body it has).
        let (message, tail) = rest.split_at((codec::HEADER_LEN + body_len).min(rest.len()));
        parse(msg_type, &message[codec::HEADER_LEN..], message);
        rest = tail;
    }
});

fn parse(msg_type: u8, body: &[u8], message: &[u8]) {
    let parser = match msg_type {
        codec::SERVER_HELLO => 0,
        codec::ENCRYPTED_EXTENSIONS => 1,
        codec::CERTIFICATE => 2,
        codec::CERTIFICATE_REQUEST => 3,
        codec::CERTIFICATE_VERIFY => 4,
        codec::NEW_SESSION_TICKET => 5,
        codec::KEY_UPDATE => 6,
        codec::FINISHED => return,
        other => other % 8,
    };
    match parser {
        0 => {
            if let Ok(hello) = codec::parse_server_hello(body) {
                let _ = codec::downgrade_sentinel(hello.random);
                assert_eq!(hello.is_retry_request, *hello.random == codec::HRR_RANDOM);
                assert!(hello.legacy_session_id_echo.len() <= 32);
            }
        }
        1 => {
            let _ = codec::parse_encrypted_extensions(body);
        }
        2 => {
            let chain = certificates_streamed(message);
            if !chain.is_empty() {
                let _ = x509::verify_server_chain(&chain, ROOT, Some(x509::ServerName::new(SERVER_NAME)), NOW);
                let _ = x509::display_name(chain[0]);
            }
        }
        3 => {
            if let Ok(request) = codec::parse_certificate_request(body) {
                let _ = request.schemes().count();
            }
        }
        4 => {
            if let Ok(verify) = codec::parse_certificate_verify(body) {
                // A transcript hash of the right length for SHA-256.
                let mut signed = [0u8; x509::CERTIFICATE_VERIFY_MESSAGE_MAX];
                let len = x509::server_certificate_verify_message(&message[..32.min(message.len())], &mut signed);
                let _ = x509::verify_tls13_signature(leaf_key(), verify.scheme, &signed[..len], verify.signature);
            }
        }
        5 => {
            if let Ok(ticket) = codec::parse_new_session_ticket(body) {
                assert!(ticket.lifetime <= codec::MAX_TICKET_LIFETIME);
            }
        }
        6 => {
            let _ = codec::parse_key_update(body);
        }
        _ => {
            let _ = codec::alert::parse_alert(body);
            let mut extensions = codec::Reader::new(body);
            if let Ok(block) = codec::extension::Extensions::read(&mut extensions) {
                let _ = block.clone().find(0x002b);
                let _ = block.validate();
            }
        }
    }
}

/// The certificates of a Certificate message (header included), taken
/// apart as the client takes them while they stream in: the head, then
/// entry by entry, up to the first part that is incomplete or refused.
fn certificates_streamed(message: &[u8]) -> Vec<&[u8]> {
    let mut chain = Vec::new();
    let Some(head_len) = codec::certificate_head_len(message) else {
        return chain;
    };
    let Ok(head) = codec::parse_certificate_head(&message[..head_len]) else {
        return chain;
    };
    let mut rest = &message[head_len..];
    rest = &rest[..head.list_len.min(rest.len())];
    while let Some(entry_len) = codec::certificate_entry_len(rest) {
        match codec::parse_certificate_entry(&rest[..entry_len]) {
            Ok(cert) if chain.len() < 8 => chain.push(cert),
            _ => break,
        }
        rest = &rest[entry_len..];
    }
    chain
}
