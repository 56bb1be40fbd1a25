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

pub use alert::{encode_alert, parse_alert};
pub use certificate::{
    certificate_entry_len, certificate_head_len, encode_certificate, parse_certificate, parse_certificate_entry,
    parse_certificate_head, CertificateHead, CertificateMsg,
};
pub use certificate_request::{parse_certificate_request, CertificateRequest};
pub use certificate_verify::{
    encode_certificate_verify, encode_certificate_verify_head, parse_certificate_verify, CertificateVerify,
    CERTIFICATE_VERIFY_HEAD_LEN,
};
pub use client_hello::{
    encode_client_hello, write_binder, ClientHelloLayout, ClientHelloParams, PskOffer,
    LEGACY_VERSION, TLS13,
};
pub use encrypted_extensions::{parse_encrypted_extensions, EncryptedExtensions};
pub use error::CodecError;
pub use finished::{encode_finished, parse_finished};
pub use handshake::{
    parse_handshake, parse_handshake_header, write_handshake, CERTIFICATE, CERTIFICATE_REQUEST,
    CERTIFICATE_VERIFY, CLIENT_HELLO, ENCRYPTED_EXTENSIONS, END_OF_EARLY_DATA, FINISHED,
    HEADER_LEN, KEY_UPDATE, MESSAGE_HASH, NEW_SESSION_TICKET, SERVER_HELLO,
};
pub use key_update::{encode_key_update, parse_key_update};
pub use new_session_ticket::{parse_new_session_ticket, NewSessionTicket, MAX_TICKET_LIFETIME};
pub use reader::Reader;
pub use server_hello::{downgrade_sentinel, parse_server_hello, ServerHello, HRR_RANDOM};
pub use writer::Writer;
