//! Encoding and parsing of TLS 1.3 handshake messages (RFC 8446 §4) and
//! alerts (§6).
//!
//! Sans-I/O and allocation-free: parsers borrow from the message body they
//! are given and never panic, whatever the input; encoders write into a
//! caller's buffer through a [`Writer`]. Cipher suites, groups and
//! signature schemes are raw `u16` code points here: the crypto layer owns
//! their meaning. Parsers check syntax and what a message alone allows
//! (extension placement, duplicates, value ranges); checks against what the
//! client offered are the state machine's. Failures are [`CodecError`]s,
//! each with the alert to send.
//!
//! One concern per file: [`reader`], [`writer`] and [`extension`] blocks
//! are the building blocks, [`handshake`] the message framing, then one
//! module per message. The messages' items are re-exported here; extension
//! code points stay in [`extension`] and alert codes in [`alert`].

pub mod alert;
pub mod certificate;
pub mod certificate_request;
pub mod certificate_verify;
pub mod client_hello;
pub mod encrypted_extensions;
pub mod error;
pub mod extension;
pub mod finished;
pub mod handshake;
pub mod key_update;
pub mod new_session_ticket;
pub mod reader;
pub mod server_hello;
pub mod writer;

#[cfg(test)]
pub(crate) mod tests;

pub use certificate::{
    certificate_entry_len, certificate_head_len, encode_certificate, parse_certificate_entry, parse_certificate_head,
};
pub use certificate_request::parse_certificate_request;
pub use certificate_verify::{
    encode_certificate_verify_head, parse_certificate_verify, CertificateVerify, CERTIFICATE_VERIFY_HEAD_LEN,
};
pub use client_hello::{encode_client_hello, write_binder, ClientHelloParams, PskOffer, TLS13};
pub use encrypted_extensions::parse_encrypted_extensions;
pub use error::CodecError;
pub use finished::encode_finished;
pub use handshake::{
    parse_handshake_header, CERTIFICATE, CERTIFICATE_REQUEST, CERTIFICATE_VERIFY, ENCRYPTED_EXTENSIONS, FINISHED,
    HEADER_LEN, KEY_UPDATE, NEW_SESSION_TICKET, SERVER_HELLO,
};
pub use key_update::{encode_key_update, parse_key_update};
pub use new_session_ticket::parse_new_session_ticket;
pub use reader::Reader;
pub use server_hello::{downgrade_sentinel, parse_server_hello, ServerHello};
pub use writer::Writer;

// Besides what the client uses: for the tests, and the fuzz targets that
// play the server.
#[cfg(any(test, feature = "internals"))]
pub use {
    certificate::CertificateHead, client_hello::ClientHelloLayout,
    encrypted_extensions::EncryptedExtensions, handshake::{write_handshake, CLIENT_HELLO},
    new_session_ticket::MAX_TICKET_LIFETIME, server_hello::HRR_RANDOM,
};
