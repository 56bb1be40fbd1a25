//! The TLS engine: no MicroPython types, no allocation.

pub mod client;
pub mod error;
pub mod tls13;
pub mod transport;
pub mod x509;
