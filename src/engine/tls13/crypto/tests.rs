//! Known-answer tests from RFC 8448 ("Example Handshake Traces for TLS
//! 1.3"): §3 "Simple 1-RTT Handshake" (TLS_AES_128_GCM_SHA256, x25519) and
//! the PSK values of §4 "Resumed 0-RTT Handshake".
//!
//! The hex strings are copied verbatim from the RFC's text, with its
//! spacing; each names the trace step it comes from. Message and record
//! bytes are double-checked by the trace itself: the transcript hashes over
//! the messages, and the AEAD tags over the records, only match if every
//! byte was copied right.

use super::aead::RecordProtection;
use super::key_schedule::{binder, derive_secret, finished_verify_data, resumption_psk, KeySchedule};
use crate::engine::crypto::hash::{HashAlg, Transcript};
use crate::engine::crypto::tests::hex;
use crate::engine::crypto::{hkdf_expand_label, Secret};
use super::kx::{EphemeralSecret, NamedGroup};
use super::suite::CipherSuite;

fn secret(text: &str) -> Secret {
    Secret::from_slice(&hex(text)).unwrap()
}

// The §3 messages, public keys and records are shared with the codec's
// tests and the whole-client replay (tests/fixtures/rfc8448.rs).
use crate::engine::tls13::codec::tests::vectors::{
    CLIENT_APP_RECORD_3 as CLIENT_APP_RECORD, CLIENT_FINISHED_RECORD_3 as CLIENT_FINISHED_RECORD,
    CLIENT_HELLO_3 as CLIENT_HELLO, CLIENT_X25519_PRIVATE_3 as CLIENT_X25519_PRIVATE,
    CLIENT_X25519_PUBLIC_3 as CLIENT_X25519_PUBLIC, RESUMPTION_PSK_4 as RESUMPTION_PSK,
    SERVER_APP_RECORD_3 as SERVER_APP_RECORD, SERVER_AP_IV_3 as SERVER_AP_IV, SERVER_AP_KEY_3 as SERVER_AP_KEY,
    SERVER_HANDSHAKE_RECORD_3 as SERVER_HANDSHAKE_RECORD, SERVER_HELLO_3 as SERVER_HELLO,
    SERVER_X25519_PUBLIC_3 as SERVER_X25519_PUBLIC,
};

const HANDSHAKE: u8 = 22;
const APPLICATION_DATA: u8 = 23;

// ---- RFC 8448 §3, Simple 1-RTT Handshake -------------------------------

/// {server} extract secret "early": secret (32 octets)
const EARLY_SECRET: &str = "33 ad 0a 1c 60 7e c0 3b 09 e6 cd 98 93 68 0c
      e2 10 ad f3 00 aa 1f 26 60 e1 b2 2e 10 f1 70 f9 2a";
/// {server} derive secret for handshake "tls13 derived": expanded (32 octets)
const DERIVED_FOR_HANDSHAKE: &str = "6f 26 15 a1 08 c7 02 c5 67 8f 54 fc 9d ba
      b6 97 16 c0 76 18 9c 48 25 0c eb ea c3 57 6c 36 11 ba";
/// {server} extract secret "handshake": IKM (32 octets), the x25519 shared secret
const ECDHE_SHARED: &str = "8b d4 05 4f b5 5b 9d 63 fd fb ac f9 f0 4b 9f 0d
      35 e6 d6 3f 53 75 63 ef d4 62 72 90 0f 89 49 2d";
/// {server} extract secret "handshake": secret (32 octets)
const HANDSHAKE_SECRET: &str = "1d c8 26 e9 36 06 aa 6f dc 0a ad c1 2f 74 1b
      01 04 6a a6 b9 9f 69 1e d2 21 a9 f0 ca 04 3f be ac";
/// {server} derive secret "tls13 c hs traffic": hash (32 octets), over ClientHello..ServerHello
const HELLO_HASH: &str = "86 0c 06 ed c0 78 58 ee 8e 78 f0 e7 42 8c 58 ed
      d6 b4 3f 2c a3 e6 e9 5f 02 ed 06 3c f0 e1 ca d8";
/// {server} derive secret "tls13 c hs traffic": expanded (32 octets)
const CLIENT_HS_TRAFFIC: &str = "b3 ed db 12 6e 06 7f 35 a7 80 b3 ab f4 5e
      2d 8f 3b 1a 95 07 38 f5 2e 96 00 74 6a 0e 27 a5 5a 21";
/// {server} derive secret "tls13 s hs traffic": expanded (32 octets)
pub(crate) const SERVER_HS_TRAFFIC: &str = "b6 7b 7d 69 0c c1 6c 4e 75 e5 42 13 cb 2d
      37 b4 e9 c9 12 bc de d9 10 5d 42 be fd 59 d3 91 ad 38";
/// {server} extract secret "master": secret (32 octets)
const MASTER_SECRET: &str = "18 df 06 84 3d 13 a0 8b f2 a4 49 84 4c 5f 8a
      47 80 01 bc 4d 4c 62 79 84 d5 a4 1d a8 d0 40 29 19";

/// {server} derive write traffic keys for handshake data: key expanded (16 octets)
const SERVER_HS_KEY: &str = "3f ce 51 60 09 c2 17 27 d0 f2 e4 e8 6e
      e4 03 bc";
/// {server} derive write traffic keys for handshake data: iv expanded (12 octets)
const SERVER_HS_IV: &str = "5d 31 3e b2 67 12 76 ee 13 00 0b 30";
/// {server} calculate finished "tls13 finished": finished (32 octets)
const SERVER_FINISHED: &str = "9b 9b 14 1d 90 63 37 fb d2 cb dc e7 1d f4
      de da 4a b4 2c 30 95 72 cb 7f ff ee 54 54 b7 8f 07 18";


/// {server} derive secret "tls13 c ap traffic": hash (32 octets), over ClientHello..server Finished
const SERVER_FINISHED_HASH: &str = "96 08 10 2a 0f 1c cc 6d b6 25 0b 7b 7e 41 7b 1a
      00 0e aa da 3d aa e4 77 7a 76 86 c9 ff 83 df 13";
/// {server} derive secret "tls13 c ap traffic": expanded (32 octets)
const CLIENT_AP_TRAFFIC: &str = "9e 40 64 6c e7 9a 7f 9d c0 5a f8 88 9b ce
      65 52 87 5a fa 0b 06 df 00 87 f7 92 eb b7 c1 75 04 a5";
/// {server} derive secret "tls13 s ap traffic": expanded (32 octets)
pub(crate) const SERVER_AP_TRAFFIC: &str = "a1 1a f9 f0 55 31 f8 56 ad 47 11 6b 45 a9
      50 32 82 04 b4 f4 4b fb 6b 3a 4b 4f 1f 3f cb 63 16 43";
/// {server} derive secret "tls13 exp master": expanded (32 octets)
const EXPORTER_MASTER: &str = "fe 22 f8 81 17 6e da 18 eb 8f 44 52 9e 67
      92 c5 0c 9a 3f 89 45 2f 68 d8 ae 31 1b 43 09 d3 cf 50";

/// {server} derive read traffic keys for handshake data: key expanded (16 octets)
const CLIENT_HS_KEY: &str = "db fa a6 93 d1 76 2c 5b 66 6a f5 d9 50
      25 8d 01";
/// {server} derive read traffic keys for handshake data: iv expanded (12 octets)
const CLIENT_HS_IV: &str = "5b d3 c7 1b 83 6e 0b 76 bb 73 26 5f";
/// {client} calculate finished "tls13 finished": finished (32 octets)
const CLIENT_FINISHED: &str = "a8 ec 43 6d 67 76 34 ae 52 5a c1 fc eb e1
      1a 03 9e c1 76 94 fa c6 e9 85 27 b6 42 f2 ed d5 ce 61";
/// {client} derive write traffic keys for application data: key expanded (16 octets)
const CLIENT_AP_KEY: &str = "17 42 2d da 59 6e d5 d9 ac d8 90 e3 c6
      3f 50 51";
/// {client} derive write traffic keys for application data: iv expanded (12 octets)
const CLIENT_AP_IV: &str = "5b 78 92 3d ee 08 57 90 33 e5 23 d9";
/// {client} derive secret "tls13 res master": hash (32 octets), over ClientHello..client Finished
const CLIENT_FINISHED_HASH: &str = "20 91 45 a9 6e e8 e2 a1 22 ff 81 00 47 cc 95 26
      84 65 8d 60 49 e8 64 29 42 6d b8 7c 54 ad 14 3d";
/// {client} derive secret "tls13 res master": expanded (32 octets)
const RESUMPTION_MASTER: &str = "7d f2 35 f2 03 1d 2a 05 12 87 d0 2b 02 41
      b0 bf da f8 6c c8 56 23 1f 2d 5a ba 46 c4 34 ec 19 6c";

// ---- RFC 8448 §4, Resumed 0-RTT Handshake ------------------------------

/// {server} generate resumption secret "tls13 resumption": hash (2 octets), the ticket nonce
const TICKET_NONCE: &str = "00 00";
/// {client} extract secret "early": secret (32 octets)
const PSK_EARLY_SECRET: &str = "9b 21 88 e9 b2 fc 6d 64 d7 1d c3 29 90 0e 20
      bb 41 91 50 00 f6 78 aa 83 9c bb 79 7c b7 d8 33 2c";
/// {client} calculate PSK binder: binder hash (32 octets)
const BINDER_HASH: &str = "63 22 4b 2e 45 73 f2 d3 45 4c a8 4b 9d
      00 9a 04 f6 be 9e 05 71 1a 83 96 47 3a ef a0 1e 92 4a 14";
/// {client} calculate PSK binder: PRK (32 octets), the binder key
const BINDER_KEY: &str = "69 fe 13 1a 3b ba d5 d6 3c 64 ee bc c3 0e 39 5b
      9d 81 07 72 6a 13 d0 74 e3 89 db c8 a4 e4 72 56";
/// {client} calculate PSK binder: finished (32 octets), the binder
const BINDER: &str = "3a dd 4f b2 d8 fd f8 22 a0 ca 3c f7 67 8e
      f5 e8 8d ae 99 01 41 c5 92 4d 57 bb 6f a3 1b 9e 5f 9d";

/// Splits a record into its header and a copy of its body.
fn split(record: &[u8]) -> ([u8; 5], Vec<u8>) {
    (record[..5].try_into().unwrap(), record[5..].to_vec())
}

/// Seals `plaintext` as one record without padding.
fn seal(protection: &mut RecordProtection, content_type: u8, plaintext: &[u8]) -> Vec<u8> {
    let mut record = vec![0u8; RecordProtection::record_len(plaintext.len(), 0)];
    record[5..5 + plaintext.len()].copy_from_slice(plaintext);
    let len = protection
        .seal(content_type, &mut record, plaintext.len(), 0)
        .unwrap();
    assert_eq!(len, record.len());
    record
}

#[test]
fn rfc8448_hkdf_expand_label() {
    // {server} derive write traffic keys for handshake data: key info
    // 00 10 09 74 6c 73 31 33 20 6b 65 79 00, iv info 00 0c 08 74 6c 73 31
    // 33 20 69 76 00.
    let mut key = [0u8; 16];
    hkdf_expand_label(
        HashAlg::Sha256,
        &hex(SERVER_HS_TRAFFIC),
        b"key",
        b"",
        &mut key,
    )
    .unwrap();
    assert_eq!(key[..], hex(SERVER_HS_KEY)[..]);
    let mut iv = [0u8; 12];
    hkdf_expand_label(
        HashAlg::Sha256,
        &hex(SERVER_HS_TRAFFIC),
        b"iv",
        b"",
        &mut iv,
    )
    .unwrap();
    assert_eq!(iv[..], hex(SERVER_HS_IV)[..]);
    // {server} derive secret for handshake "tls13 derived".
    let derived = derive_secret(
        HashAlg::Sha256,
        &secret(EARLY_SECRET),
        b"derived",
        HashAlg::Sha256.hash(b"").as_bytes(),
    );
    assert_eq!(derived.as_bytes(), hex(DERIVED_FOR_HANDSHAKE));
}

/// The whole §3 key schedule, driven by the transcript of the trace's
/// messages, with the x25519 shared secret computed from the client's key.
#[test]
fn rfc8448_simple_1rtt_key_schedule() {
    let alg = CipherSuite::Aes128GcmSha256.hash();

    // Key exchange.
    let client_key =
        EphemeralSecret::from_bytes(NamedGroup::X25519, &hex(CLIENT_X25519_PRIVATE)).unwrap();
    let mut public = [0u8; 65];
    assert_eq!(client_key.public_key(&mut public), 32);
    assert_eq!(public[..32], hex(CLIENT_X25519_PUBLIC)[..]);
    let shared = client_key
        .diffie_hellman(&hex(SERVER_X25519_PUBLIC))
        .unwrap();
    assert_eq!(shared.as_bytes(), hex(ECDHE_SHARED));

    // Transcript: both hashes until the ServerHello picks the suite.
    let mut transcript = Transcript::new();
    transcript.update(&hex(CLIENT_HELLO));
    transcript.select(alg);
    transcript.update(&hex(SERVER_HELLO));
    let hello_hash = transcript.current();
    assert!(hello_hash.ct_eq(&hex(HELLO_HASH)));

    let mut schedule = KeySchedule::new(alg, None);
    assert_eq!(schedule.secret().as_bytes(), hex(EARLY_SECRET));
    schedule.enter_handshake(Some(shared.as_bytes()));
    assert_eq!(schedule.secret().as_bytes(), hex(HANDSHAKE_SECRET));
    let (client_hs, server_hs) = schedule.handshake_traffic_secrets(hello_hash.as_bytes());
    assert_eq!(client_hs.as_bytes(), hex(CLIENT_HS_TRAFFIC));
    assert_eq!(server_hs.as_bytes(), hex(SERVER_HS_TRAFFIC));
    schedule.enter_master();
    assert_eq!(schedule.secret().as_bytes(), hex(MASTER_SECRET));

    // The server's flight, decrypted, continues the transcript.
    let mut server_hs_keys = RecordProtection::new(CipherSuite::Aes128GcmSha256, &server_hs);
    assert_eq!(server_hs_keys.key_and_iv().0, hex(SERVER_HS_KEY));
    assert_eq!(server_hs_keys.key_and_iv().1, hex(SERVER_HS_IV));
    let (header, mut body) = split(&hex(SERVER_HANDSHAKE_RECORD));
    let (content_type, len) = server_hs_keys.open(&header, &mut body).unwrap();
    assert_eq!((content_type, len), (HANDSHAKE, 657));
    let flight = &body[..len];
    // EncryptedExtensions (40) + Certificate (445) + CertificateVerify (136),
    // then Finished (36).
    assert_eq!(flight[..4], [0x08, 0x00, 0x00, 0x24]);
    let (before_finished, finished) = flight.split_at(40 + 445 + 136);
    assert_eq!(finished[..4], [0x14, 0x00, 0x00, 0x20]);
    transcript.update(before_finished);
    let server_verify_data = finished_verify_data(alg, &server_hs, transcript.current().as_bytes());
    assert!(server_verify_data.ct_eq(&hex(SERVER_FINISHED)));
    assert!(server_verify_data.ct_eq(&finished[4..]));
    transcript.update(finished);
    let server_finished_hash = transcript.current();
    assert!(server_finished_hash.ct_eq(&hex(SERVER_FINISHED_HASH)));

    let (client_ap, server_ap) =
        schedule.application_traffic_secrets(server_finished_hash.as_bytes());
    assert_eq!(client_ap.as_bytes(), hex(CLIENT_AP_TRAFFIC));
    assert_eq!(server_ap.as_bytes(), hex(SERVER_AP_TRAFFIC));
    assert_eq!(
        schedule
            .exporter_master_secret(server_finished_hash.as_bytes())
            .as_bytes(),
        hex(EXPORTER_MASTER)
    );

    // The client's Finished.
    let client_verify_data = finished_verify_data(alg, &client_hs, server_finished_hash.as_bytes());
    assert!(client_verify_data.ct_eq(&hex(CLIENT_FINISHED)));
    let mut client_finished = vec![0x14, 0x00, 0x00, 0x20];
    client_finished.extend_from_slice(client_verify_data.as_bytes());
    transcript.update(&client_finished);
    let client_finished_hash = transcript.current();
    assert!(client_finished_hash.ct_eq(&hex(CLIENT_FINISHED_HASH)));
    assert_eq!(
        schedule
            .resumption_master_secret(client_finished_hash.as_bytes())
            .as_bytes(),
        hex(RESUMPTION_MASTER)
    );

    // Traffic keys.
    let client_hs_keys = RecordProtection::new(CipherSuite::Aes128GcmSha256, &client_hs);
    assert_eq!(client_hs_keys.key_and_iv().0, hex(CLIENT_HS_KEY));
    assert_eq!(client_hs_keys.key_and_iv().1, hex(CLIENT_HS_IV));
    let client_ap_keys = RecordProtection::new(CipherSuite::Aes128GcmSha256, &client_ap);
    assert_eq!(client_ap_keys.key_and_iv().0, hex(CLIENT_AP_KEY));
    assert_eq!(client_ap_keys.key_and_iv().1, hex(CLIENT_AP_IV));
    let server_ap_keys = RecordProtection::new(CipherSuite::Aes128GcmSha256, &server_ap);
    assert_eq!(server_ap_keys.key_and_iv().0, hex(SERVER_AP_KEY));
    assert_eq!(server_ap_keys.key_and_iv().1, hex(SERVER_AP_IV));
}

/// The server's protected handshake flight: opened above in the key
/// schedule test, here re-sealed byte for byte.
#[test]
fn rfc8448_server_handshake_record_round_trip() {
    let server_hs = secret(SERVER_HS_TRAFFIC);
    let record = hex(SERVER_HANDSHAKE_RECORD);
    assert_eq!(record.len(), 679);
    let mut opener = RecordProtection::new(CipherSuite::Aes128GcmSha256, &server_hs);
    let (header, mut body) = split(&record);
    let (content_type, len) = opener.open(&header, &mut body).unwrap();
    assert_eq!(content_type, HANDSHAKE);
    assert_eq!(opener.sequence_number(), 1);

    let mut sealer = RecordProtection::new(CipherSuite::Aes128GcmSha256, &server_hs);
    assert_eq!(seal(&mut sealer, HANDSHAKE, &body[..len]), record);
    assert_eq!(sealer.sequence_number(), 1);
}

/// The client's Finished record: sealed from the Finished message, byte for
/// byte, and opened back.
#[test]
fn rfc8448_client_finished_record() {
    let client_hs = secret(CLIENT_HS_TRAFFIC);
    let mut finished = vec![0x14, 0x00, 0x00, 0x20];
    finished.extend_from_slice(&hex(CLIENT_FINISHED));
    let mut sealer = RecordProtection::new(CipherSuite::Aes128GcmSha256, &client_hs);
    let record = seal(&mut sealer, HANDSHAKE, &finished);
    assert_eq!(record, hex(CLIENT_FINISHED_RECORD));

    let mut opener = RecordProtection::new(CipherSuite::Aes128GcmSha256, &client_hs);
    let (header, mut body) = split(&record);
    let (content_type, len) = opener.open(&header, &mut body).unwrap();
    assert_eq!((content_type, &body[..len]), (HANDSHAKE, &finished[..]));
    // A second copy is a replay: the next sequence number does not match.
    let (header, mut body) = split(&record);
    assert_eq!(
        opener.open(&header, &mut body),
        Err(crate::engine::error::Error::BadRecordMac)
    );
}

/// Application data in both directions; the server's record is its second
/// under these keys (sequence number 1).
#[test]
fn rfc8448_application_data_records() {
    let payload: Vec<u8> = (0u8..=0x31).collect();
    for (traffic_secret, sequence, record) in [
        (CLIENT_AP_TRAFFIC, 0, CLIENT_APP_RECORD),
        (SERVER_AP_TRAFFIC, 1, SERVER_APP_RECORD),
    ] {
        let traffic_secret = secret(traffic_secret);
        let record = hex(record);
        let mut opener = RecordProtection::new(CipherSuite::Aes128GcmSha256, &traffic_secret)
            .with_sequence(sequence);
        let (header, mut body) = split(&record);
        let (content_type, len) = opener.open(&header, &mut body).unwrap();
        assert_eq!(
            (content_type, &body[..len]),
            (APPLICATION_DATA, &payload[..])
        );

        let mut sealer = RecordProtection::new(CipherSuite::Aes128GcmSha256, &traffic_secret)
            .with_sequence(sequence);
        assert_eq!(seal(&mut sealer, APPLICATION_DATA, &payload), record);
    }
}

/// §4: the PSK of the §3 ticket (nonce 00 00), the early secret from it,
/// the resumption binder key and the binder over the truncated
/// ClientHello's hash.
#[test]
fn rfc8448_resumption_psk_and_binder() {
    let alg = HashAlg::Sha256;
    let psk = resumption_psk(alg, &secret(RESUMPTION_MASTER), &hex(TICKET_NONCE));
    assert_eq!(psk.as_bytes(), hex(RESUMPTION_PSK));
    let schedule = KeySchedule::new(alg, Some(psk.as_bytes()));
    assert_eq!(schedule.secret().as_bytes(), hex(PSK_EARLY_SECRET));
    let binder_key = schedule.binder_key(true);
    assert_eq!(binder_key.as_bytes(), hex(BINDER_KEY));
    let value = binder(alg, &binder_key, &hex(BINDER_HASH));
    assert!(value.ct_eq(&hex(BINDER)));
    // An external PSK uses another label.
    assert_ne!(schedule.binder_key(false).as_bytes(), binder_key.as_bytes());
}

/// KeyUpdate: "traffic upd" gives a new secret of the same length, and
/// keys that differ from the old ones.
#[test]
fn next_traffic_secret_differs() {
    use super::key_schedule::next_traffic_secret;
    for suite in CipherSuite::ALL {
        let alg = suite.hash();
        let current = Secret::from_slice(&[3; 48][..alg.output_len()]).unwrap();
        let next = next_traffic_secret(alg, &current);
        assert_eq!(next.len(), alg.output_len());
        assert_ne!(next.as_bytes(), current.as_bytes());
        let mut expected = vec![0u8; alg.output_len()];
        hkdf_expand_label(alg, current.as_bytes(), b"traffic upd", b"", &mut expected).unwrap();
        assert_eq!(next.as_bytes(), expected);
    }
}
