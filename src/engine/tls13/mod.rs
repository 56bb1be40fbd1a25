//! The project's own TLS 1.3 client engine (RFC 8446): sans-I/O, `no_std`,
//! no allocation, all per-connection state in one caller-provided block.
//!
//! - [`crypto`]: key schedule, record protection, key exchange, signing.
//! - [`codec`]: handshake messages and extensions, encoded and parsed.

pub mod codec;
pub mod crypto;
