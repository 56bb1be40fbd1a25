//! The TLS engine: no MicroPython types, no allocation.

#[cfg(feature = "embedded-tls")]
pub mod embedded;
pub mod board;
pub mod error;
// P-256 on 13-bit limbs for 32x32->32 multipliers (LX106); its tests run
// on every build.
#[cfg(any(test, feature = "narrow-p256"))]
pub mod p256_narrow;
pub mod tls13;
pub mod transport;
pub mod x509;
