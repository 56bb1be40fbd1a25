//! Cryptography for the TLS 1.3 engine.
