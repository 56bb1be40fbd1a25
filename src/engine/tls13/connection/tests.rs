//! The connection's own work, driven by RFC 8448 §3's trace with the
//! server's messages framed anew: handshake messages reassembled however
//! the server splits them into records, and the read keys changed only at
//! a record's end (RFC 8446 §5.1), after ServerHello, the server's
//! Finished and a KeyUpdate.

use super::*;
use crate::engine::tls13::codec::tests::vectors::{
    CERTIFICATE_3, CERTIFICATE_VERIFY_3, CLIENT_FINISHED_RECORD_3, CLIENT_HELLO_3, CLIENT_X25519_PRIVATE_3,
    ENCRYPTED_EXTENSIONS_3, NEW_SESSION_TICKET_3, SERVER_FINISHED_3, SERVER_HANDSHAKE_RECORD_3, SERVER_HELLO_3,
};
use crate::engine::crypto::tests::hex;
use crate::engine::tls13::crypto::tests::{SERVER_AP_TRAFFIC, SERVER_HS_TRAFFIC};
use crate::engine::tls13::crypto::{next_traffic_secret, CipherSuite, HashAlg, RecordProtection, Secret};

/// The trace's suite and group; no certificate verification (the trace's
/// certificate is self-signed RSA).
fn config() -> Config<'static> {
    let mut config = Config::new(1_800_000_000);
    config.suites = heapless::Vec::from_slice(&[CipherSuite::Aes128GcmSha256]).unwrap();
    config.groups = heapless::Vec::from_slice(&[NamedGroup::X25519]).unwrap();
    config
}

/// A connection in `memory` that has sent the trace's ClientHello.
fn started(memory: &mut [u8]) -> Connection<'_> {
    let mut connection = Connection::new(memory, config(), [0; 32]).unwrap();
    connection.start_with(&hex(CLIENT_HELLO_3), NamedGroup::X25519, &hex(CLIENT_X25519_PRIVATE_3)).unwrap();
    connection.output_sent(connection.output().len());
    connection
}

fn memory() -> Vec<u8> {
    vec![0; Layout::for_config(&config()).total()]
}

/// Feeds `bytes` as the socket would, as much at a time as the
/// connection takes.
fn feed(connection: &mut Connection<'_>, mut bytes: &[u8]) -> Result<(), Error> {
    while !bytes.is_empty() {
        let space = connection.input_space();
        assert!(!space.is_empty(), "no room while {} bytes wait", bytes.len());
        let n = space.len().min(bytes.len());
        space[..n].copy_from_slice(&bytes[..n]);
        connection.input_received(n)?;
        bytes = &bytes[n..];
    }
    Ok(())
}

/// A plaintext record of `content_type` holding `body`.
fn plain(content_type: u8, body: &[u8]) -> Vec<u8> {
    let [high, low] = u16::try_from(body.len()).unwrap().to_be_bytes();
    [&[content_type, 3, 3, high, low][..], body].concat()
}

/// A record protected by `protection` (the server's next one).
fn sealed(protection: &mut RecordProtection, content_type: u8, body: &[u8]) -> Vec<u8> {
    let mut record = vec![0u8; RecordProtection::record_len(body.len(), 0)];
    record[5..5 + body.len()].copy_from_slice(body);
    let len = protection.seal(content_type, &mut record, body.len(), 0).unwrap();
    record.truncate(len);
    record
}

/// `body` as plaintext records of `size` bytes (the last one shorter).
fn in_plain_records(content_type: u8, body: &[u8], size: usize) -> Vec<u8> {
    body.chunks(size).flat_map(|chunk| plain(content_type, chunk)).collect()
}

/// The server's protection under `secret` (a trace traffic secret).
fn server_keys(secret: &str) -> RecordProtection {
    RecordProtection::new(CipherSuite::Aes128GcmSha256, &Secret::from_slice(&hex(secret)).unwrap())
}

/// The server's encrypted flight: EncryptedExtensions, Certificate,
/// CertificateVerify and Finished.
fn server_flight() -> Vec<u8> {
    [ENCRYPTED_EXTENSIONS_3, CERTIFICATE_3, CERTIFICATE_VERIFY_3, SERVER_FINISHED_3].map(hex).concat()
}

/// A connection through the trace's handshake, the client's Finished
/// taken: the server's application keys are next.
fn connected(memory: &mut [u8]) -> Connection<'_> {
    let mut connection = started(memory);
    feed(&mut connection, &plain(HANDSHAKE, &hex(SERVER_HELLO_3))).unwrap();
    feed(&mut connection, &hex(SERVER_HANDSHAKE_RECORD_3)).unwrap();
    assert!(connection.is_connected());
    connection.output_sent(connection.output().len());
    connection
}

/// Reads what application data waits.
fn read_all(connection: &mut Connection<'_>) -> Vec<u8> {
    let mut buf = [0u8; 256];
    let n = connection.read(&mut buf).unwrap();
    buf[..n].to_vec()
}

#[test]
fn the_flight_framed_as_the_trace_frames_it() {
    // The helpers agree with the trace: one record, sequence number 0.
    let record = sealed(&mut server_keys(SERVER_HS_TRAFFIC), HANDSHAKE, &server_flight());
    assert_eq!(record, hex(SERVER_HANDSHAKE_RECORD_3));
}

#[test]
fn server_hello_reassembled_from_small_records() {
    for size in [1, 2, 5, 38, 89] {
        let mut memory = memory();
        let mut connection = started(&mut memory);
        feed(&mut connection, &in_plain_records(HANDSHAKE, &hex(SERVER_HELLO_3), size)).unwrap();
        assert_eq!(connection.reassembled, 0, "ServerHello whole, records of {size}");
        feed(&mut connection, &hex(SERVER_HANDSHAKE_RECORD_3)).unwrap();
        assert_eq!(connection.output(), hex(CLIENT_FINISHED_RECORD_3), "records of {size}");
    }
}

#[test]
fn encrypted_flight_reassembled_from_records_of_any_size() {
    // Message boundaries fall inside records and records inside messages
    // (and inside the Certificate message's certificate).
    let flight = server_flight();
    for size in [1, 3, 40, 100, 255, 600] {
        let mut memory = memory();
        let mut connection = started(&mut memory);
        feed(&mut connection, &plain(HANDSHAKE, &hex(SERVER_HELLO_3))).unwrap();
        let mut keys = server_keys(SERVER_HS_TRAFFIC);
        let records: Vec<u8> = flight.chunks(size).flat_map(|chunk| sealed(&mut keys, HANDSHAKE, chunk)).collect();
        feed(&mut connection, &records).unwrap();
        assert!(connection.is_connected(), "records of {size}");
        assert_eq!(connection.output(), hex(CLIENT_FINISHED_RECORD_3), "records of {size}");
    }
}

#[test]
fn no_handshake_data_after_server_hello_in_its_record() {
    // The first byte of EncryptedExtensions, in the clear, after the
    // message that changes the read keys.
    let mut memory = memory();
    let mut connection = started(&mut memory);
    let record = plain(HANDSHAKE, &[hex(SERVER_HELLO_3), vec![8]].concat());
    assert_eq!(feed(&mut connection, &record), Err(Error::UnexpectedMessage));
    // Refused for good, with an alert for the server, under the client's
    // handshake keys: one record of 2 bytes, a content type and a tag.
    assert_eq!(connection.input_received(1), Err(Error::UnexpectedMessage));
    assert_eq!(connection.output()[..5], [APPLICATION_DATA, 3, 3, 0, 19]);
    assert_eq!(connection.output().len(), 24);
}

#[test]
fn no_handshake_data_after_the_servers_finished_in_its_record() {
    // The NewSessionTicket belongs under the application keys.
    let mut memory = memory();
    let mut connection = started(&mut memory);
    feed(&mut connection, &plain(HANDSHAKE, &hex(SERVER_HELLO_3))).unwrap();
    let flight = [server_flight(), hex(NEW_SESSION_TICKET_3)].concat();
    let record = sealed(&mut server_keys(SERVER_HS_TRAFFIC), HANDSHAKE, &flight);
    assert_eq!(feed(&mut connection, &record), Err(Error::UnexpectedMessage));
    assert_eq!(connection.write(b"data"), Err(Error::UnexpectedMessage));
}

#[test]
fn application_keys_after_the_servers_finished() {
    let mut memory = memory();
    let mut connection = connected(&mut memory);
    let mut keys = server_keys(SERVER_AP_TRAFFIC);
    // A ticket, then data.
    feed(&mut connection, &sealed(&mut keys, HANDSHAKE, &hex(NEW_SESSION_TICKET_3))).unwrap();
    assert!(connection.session().is_some());
    feed(&mut connection, &sealed(&mut keys, APPLICATION_DATA, b"under the application keys")).unwrap();
    assert_eq!(read_all(&mut connection), b"under the application keys");
    // Still under the handshake keys: not accepted.
    let mut memory = self::memory();
    let mut connection = connected(&mut memory);
    let stale = sealed(&mut server_keys(SERVER_HS_TRAFFIC).with_sequence(1), APPLICATION_DATA, b"old keys");
    assert_eq!(feed(&mut connection, &stale), Err(Error::BadRecordMac));
}

#[test]
fn a_ticket_split_over_records_is_kept() {
    let ticket = hex(NEW_SESSION_TICKET_3);
    for split in [1, 4, 100, ticket.len() - 1] {
        let mut memory = memory();
        let mut connection = connected(&mut memory);
        let mut keys = server_keys(SERVER_AP_TRAFFIC);
        feed(&mut connection, &sealed(&mut keys, HANDSHAKE, &ticket[..split])).unwrap();
        assert!(connection.session().is_none());
        feed(&mut connection, &sealed(&mut keys, HANDSHAKE, &ticket[split..])).unwrap();
        assert!(connection.session().is_some(), "ticket split at {split} not kept");
        // A second one, split too, replaces it.
        feed(&mut connection, &sealed(&mut keys, HANDSHAKE, &ticket[..split])).unwrap();
        feed(&mut connection, &sealed(&mut keys, HANDSHAKE, &ticket[split..])).unwrap();
        assert!(connection.session().is_some(), "second ticket split at {split} not kept");
        feed(&mut connection, &sealed(&mut keys, APPLICATION_DATA, b"after the tickets")).unwrap();
        assert_eq!(read_all(&mut connection), b"after the tickets");
    }
}

#[test]
fn no_application_data_inside_a_handshake_message() {
    let mut memory = memory();
    let mut connection = connected(&mut memory);
    let mut keys = server_keys(SERVER_AP_TRAFFIC);
    let ticket = hex(NEW_SESSION_TICKET_3);
    feed(&mut connection, &sealed(&mut keys, HANDSHAKE, &ticket[..100])).unwrap();
    let data = sealed(&mut keys, APPLICATION_DATA, b"between the halves");
    assert_eq!(feed(&mut connection, &data), Err(Error::UnexpectedMessage));
}

#[test]
fn key_update_switches_the_read_keys_at_its_record_end() {
    // KeyUpdate, update_not_requested: nothing to answer.
    const KEY_UPDATE: [u8; 5] = [24, 0, 0, 1, 0];
    let next = next_traffic_secret(HashAlg::Sha256, &Secret::from_slice(&hex(SERVER_AP_TRAFFIC)).unwrap());
    let mut memory = memory();
    let mut connection = connected(&mut memory);
    let mut keys = server_keys(SERVER_AP_TRAFFIC);
    feed(&mut connection, &sealed(&mut keys, HANDSHAKE, &KEY_UPDATE)).unwrap();
    assert!(connection.output().is_empty(), "no KeyUpdate asked for");
    let mut next_keys = RecordProtection::new(CipherSuite::Aes128GcmSha256, &next);
    feed(&mut connection, &sealed(&mut next_keys, APPLICATION_DATA, b"new keys")).unwrap();
    assert_eq!(read_all(&mut connection), b"new keys");
    // The old keys are gone.
    assert_eq!(feed(&mut connection, &sealed(&mut keys, APPLICATION_DATA, b"old keys")), Err(Error::BadRecordMac));
    // A record may not go on after a KeyUpdate.
    let mut memory = self::memory();
    let mut connection = connected(&mut memory);
    let mut keys = server_keys(SERVER_AP_TRAFFIC);
    let record = sealed(&mut keys, HANDSHAKE, &[&KEY_UPDATE[..], &hex(NEW_SESSION_TICKET_3)].concat());
    assert_eq!(feed(&mut connection, &record), Err(Error::UnexpectedMessage));
}
