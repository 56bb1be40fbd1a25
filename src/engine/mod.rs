//! The TLS engine: no MicroPython types, no allocation.

#[cfg(feature = "embedded-tls")]
pub mod embedded;
pub mod board;
pub mod error;
pub mod tls13;
pub mod transport;
pub mod x509;
