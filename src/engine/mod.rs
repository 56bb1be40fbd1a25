//! The TLS engine: no MicroPython types, no allocation.

pub mod x509;
