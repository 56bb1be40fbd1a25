//! The engine: TLS 1.3, X.509 and cryptolib's AES modes. No MicroPython types, no allocation.

#[cfg(feature = "embedded-tls")]
pub mod embedded;
pub mod board;
pub mod clock;
// Hashes, HMAC, HKDF, AEADs, the random number generator and the curves,
// under tls13 and x509.
pub mod crypto;
// AES in ECB, CBC and CTR modes for the `cryptolib` module.
pub mod cryptolib;
pub mod error;
pub mod tls13;
pub mod transport;
pub mod x509;
