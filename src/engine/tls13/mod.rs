//! The project's own TLS 1.3 client engine (RFC 8446): sans-I/O, `no_std`,
//! no allocation, all per-connection state in one caller-provided block.
//!
//! - [`connection`]: the sans-I/O connection (bytes in, bytes out).
//! - [`driver`]: runs a connection over a socket-like transport.
//! - [`handshake`]: the client state machine.
//! - [`server_certificate`]: the server's Certificate message, verified as it streams in.
//! - `server_authenticated`: the proof the client's Finished needs that the server was authenticated.
//! - [`record`]: record framing, protection and fragmentation.
//! - [`crypto`]: key schedule, record protection, key exchange, signing.
//! - [`codec`]: handshake messages and extensions, encoded and parsed.

pub mod codec;
pub mod config;
pub mod connection;
pub mod crypto;
pub mod driver;
pub mod handshake;
pub mod record;
mod server_authenticated;
pub mod server_certificate;
pub mod session;

pub use config::Config;
pub use connection::{Connection, Layout};
pub use driver::{Blocked, SocketDriver};
pub use session::Session;
