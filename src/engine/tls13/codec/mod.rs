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
//! module per message.

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
mod tests;

pub use error::CodecError;
pub use reader::Reader;
pub use writer::Writer;
