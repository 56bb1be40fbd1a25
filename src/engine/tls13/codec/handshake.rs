//! Handshake message framing (RFC 8446 §4): a type byte, a 24-bit length
//! and the body.

use super::Writer;

/// `client_hello`.
pub const CLIENT_HELLO: u8 = 1;
/// `server_hello` (also carries a HelloRetryRequest).
pub const SERVER_HELLO: u8 = 2;
/// `new_session_ticket`.
pub const NEW_SESSION_TICKET: u8 = 4;
/// `encrypted_extensions`.
pub const ENCRYPTED_EXTENSIONS: u8 = 8;
/// `certificate`.
pub const CERTIFICATE: u8 = 11;
/// `certificate_request`.
pub const CERTIFICATE_REQUEST: u8 = 13;
/// `certificate_verify`.
pub const CERTIFICATE_VERIFY: u8 = 15;
/// `finished`.
pub const FINISHED: u8 = 20;
/// `key_update`.
pub const KEY_UPDATE: u8 = 24;

/// Length of a handshake message header.
pub const HEADER_LEN: usize = 4;

/// Writes a handshake message: type, u24 length, body written by `f`.
/// Whether it fitted is the writer's [`status`](Writer::status).
pub fn write_handshake(w: &mut Writer, msg_type: u8, f: impl FnOnce(&mut Writer<'_>)) {
    w.u8(msg_type);
    w.vec24(f);
}

/// Parses a handshake header: (type, body length).
pub fn parse_handshake_header(h: &[u8; 4]) -> (u8, usize) {
    let len = u32::from_be_bytes([0, h[1], h[2], h[3]]) as usize;
    (h[0], len)
}
