//! RFC 8448 §3 ("Simple 1-RTT Handshake") replayed through the whole
//! client: the trace's ClientHello and ephemeral key are injected (the
//! engine's own ClientHello carries different extensions), the server's
//! records are fed in as they appear in the trace, and every record the
//! client produces must equal the trace byte for byte.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::Aes128Gcm;
use rtls::engine::{CipherSuite, Config, Connection, Layout, NamedGroup};

// RFC 8448's messages, keys and records, shared with the engine's unit
// tests; this test uses some of them.
#[allow(dead_code)]
#[path = "../fixtures/rfc8448.rs"]
mod vectors;

use vectors::{
    CLIENT_APP_RECORD_3 as CLIENT_APP_RECORD, CLIENT_FINISHED_RECORD_3 as CLIENT_FINISHED_RECORD,
    CLIENT_HELLO_3 as CLIENT_HELLO, CLIENT_X25519_PRIVATE_3 as CLIENT_X25519_PRIVATE,
    NEW_SESSION_TICKET_3, RESUMPTION_PSK_4 as RESUMPTION_PSK, SERVER_APP_RECORD_3 as SERVER_APP_RECORD,
    SERVER_AP_IV_3 as SERVER_AP_IV, SERVER_AP_KEY_3 as SERVER_AP_KEY, SERVER_HANDSHAKE_RECORD_3 as SERVER_HANDSHAKE_RECORD,
    SERVER_HELLO_3 as SERVER_HELLO,
};

/// Decodes hex, ignoring whitespace (the RFC's layout).
fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits.chunks(2).map(|pair| u8::from_str_radix(core::str::from_utf8(pair).unwrap(), 16).unwrap()).collect()
}

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

/// The trace's NewSessionTicket (§3 gives its plaintext and the server's
/// application key and IV; it is the first record under them, sequence
/// number 0, so the nonce is the IV itself), protected as the server did.
fn new_session_ticket_record() -> Vec<u8> {
    let mut body = hex(NEW_SESSION_TICKET_3);
    body.push(22);
    let [high, low] = u16::try_from(body.len() + 16).unwrap().to_be_bytes();
    let header = [23, 3, 3, high, low];
    let cipher = Aes128Gcm::new_from_slice(&hex(SERVER_AP_KEY)).unwrap();
    let tag = cipher.encrypt_in_place_detached(hex(SERVER_AP_IV)[..].into(), &header, &mut body).unwrap();
    [&header[..], &body, &tag].concat()
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
    connection.start_with(&client_hello, NamedGroup::X25519, &hex(CLIENT_X25519_PRIVATE)).unwrap();
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
