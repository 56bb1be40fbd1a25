//! RFC 8448 §3 ("Simple 1-RTT Handshake") replayed through the whole
//! client: the trace's ClientHello and ephemeral key are injected (the
//! engine's own ClientHello carries different extensions), the server's
//! records are fed in as they appear in the trace, and every record the
//! client produces must equal the trace byte for byte.

use super::codec::tests::vectors::NEW_SESSION_TICKET_3;
use super::config::Config;
use super::connection::{Connection, Layout};
use super::crypto::aead::RecordProtection;
use super::crypto::kx::{EphemeralSecret, NamedGroup};
use crate::engine::crypto::Secret;
use super::crypto::suite::CipherSuite;
use super::crypto::tests::{
    hex, CLIENT_APP_RECORD, CLIENT_FINISHED_RECORD, CLIENT_HELLO, CLIENT_X25519_PRIVATE, RESUMPTION_PSK,
    SERVER_AP_TRAFFIC, SERVER_APP_RECORD, SERVER_HANDSHAKE_RECORD, SERVER_HELLO,
};

/// Feeds records (or any bytes) to the connection, as much at a time as
/// it asks for.
fn feed(connection: &mut Connection<'_>, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        let space = connection.input_space();
        let n = space.len().min(bytes.len());
        space[..n].copy_from_slice(&bytes[..n]);
        connection.input_received(n).unwrap();
        bytes = &bytes[n..];
    }
}

/// Takes everything the connection wants to send.
fn take_output(connection: &mut Connection<'_>) -> Vec<u8> {
    let output = connection.output().to_vec();
    connection.output_sent(output.len());
    output
}

/// The trace's NewSessionTicket (§3 gives its plaintext and the server
/// application keys, sequence number 0), protected as the server did.
fn new_session_ticket_record() -> Vec<u8> {
    let message = hex(NEW_SESSION_TICKET_3);
    let secret = Secret::from_slice(&hex(SERVER_AP_TRAFFIC)).unwrap();
    let mut protection = RecordProtection::new(CipherSuite::Aes128GcmSha256, &secret);
    let mut record = vec![0u8; 5 + message.len() + 1 + 16];
    record[5..5 + message.len()].copy_from_slice(&message);
    let len = protection.seal(22, &mut record, message.len(), 0).unwrap();
    record.truncate(len);
    record
}

#[test]
fn simple_1rtt_handshake_byte_for_byte() {
    let suites = [CipherSuite::Aes128GcmSha256];
    let groups = [NamedGroup::X25519];
    let mut config = Config::new(1_800_000_000);
    // The trace's server certificate is RSA and self-signed: the replay
    // checks the protocol, not the certificate (verification is off).
    config.suites = heapless::Vec::from_slice(&suites).unwrap();
    config.groups = heapless::Vec::from_slice(&groups).unwrap();
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let mut connection = Connection::new(&mut memory, config, [0; 32]).unwrap();

    let client_hello = hex(CLIENT_HELLO);
    let share = EphemeralSecret::from_bytes(NamedGroup::X25519, &hex(CLIENT_X25519_PRIVATE)).unwrap();
    connection.start_with(&client_hello, share).unwrap();
    let first = take_output(&mut connection);
    // The trace's record header says 0x0301 (allowed for a first
    // ClientHello); this client uses 0x0303 for every record.
    assert_eq!(first[..5], [22, 3, 3, 0, 0xc4]);
    assert_eq!(first[5..], client_hello[..]);

    let server_hello = hex(SERVER_HELLO);
    let mut record = vec![22, 3, 3, 0, server_hello.len() as u8];
    record.extend_from_slice(&server_hello);
    feed(&mut connection, &record);
    assert!(take_output(&mut connection).is_empty(), "no ChangeCipherSpec: the trace has an empty session id");

    feed(&mut connection, &hex(SERVER_HANDSHAKE_RECORD));
    assert!(connection.is_connected());
    assert_eq!(take_output(&mut connection), hex(CLIENT_FINISHED_RECORD), "client Finished record");
    assert_eq!(connection.cipher_suite(), Some("TLS_AES_128_GCM_SHA256"));
    assert!(connection.peer_certificate().is_some());

    feed(&mut connection, &new_session_ticket_record());
    let session = connection.session().expect("the ticket is kept");
    assert_eq!(session.psk, &hex(RESUMPTION_PSK)[..], "resumption PSK of the trace");

    let payload: Vec<u8> = (0u8..50).collect();
    assert_eq!(connection.write(&payload).unwrap(), payload.len());
    assert_eq!(take_output(&mut connection), hex(CLIENT_APP_RECORD), "client application data record");

    feed(&mut connection, &hex(SERVER_APP_RECORD));
    let mut received = [0u8; 64];
    let n = connection.read(&mut received).unwrap();
    assert_eq!(&received[..n], &payload[..]);
}
