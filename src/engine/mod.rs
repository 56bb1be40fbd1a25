//! The engine: TLS 1.3, X.509 and cryptolib's AES modes. No MicroPython
//! types, no allocation, no `unsafe`.
//!
//! Its public face is what the binding, the LX106 harness, the fuzz targets
//! and the integration tests need: a connection and its driver, its
//! configuration and sessions, errors, and key and certificate parsing. The
//! modules themselves are the crate's own. The cargo feature `internals`
//! also exposes the parts the fuzz targets and the LX106 harness take apart
//! (the message codec, the key schedule, the curve arithmetic).
#![deny(unsafe_code)]

pub(crate) mod board;
// Dates for error texts, and AES modes: the binding's alone.
#[cfg(any(test, feature = "micropython"))]
pub(crate) mod clock;
// Hashes, HMAC, HKDF, AEADs, the random number generator and the curves,
// under tls13 and x509.
pub(crate) mod crypto;
// AES in ECB, CBC and CTR modes for the `cryptolib` module.
#[cfg(any(test, feature = "micropython"))]
pub(crate) mod cryptolib;
// Without the binding, which runs it, only its own tests do.
#[cfg(feature = "embedded-tls")]
#[cfg_attr(not(feature = "micropython"), allow(dead_code))]
pub(crate) mod embedded;
pub(crate) mod error;
pub(crate) mod tls13;
pub(crate) mod transport;
pub(crate) mod x509;

pub use crypto::SignatureScheme;
pub use error::Error;
pub use tls13::crypto::{CipherSuite, NamedGroup};
pub use tls13::{Blocked, Config, Connection, Layout, Session, SocketDriver};
pub use transport::Transport;
pub use x509::{
    certs_to_der, der_certs, display_name, key_matches_certificate, parse_private_key, CertError, ParseError,
    PrivateKey, ServerName,
};

/// What the fuzz targets and the LX106 harness take apart: not a stable
/// interface, and not built without the cargo feature `internals`.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals {
    /// Handshake messages and extensions, encoded and parsed.
    pub mod codec {
        pub use crate::engine::tls13::codec::*;
    }
    /// The key schedule, record protection and the hash and random number
    /// generator under them.
    pub mod keys {
        pub use crate::engine::crypto::drbg::SeededRng;
        pub use crate::engine::crypto::hash::Transcript;
        pub use crate::engine::tls13::crypto::key_schedule::{finished_verify_data, KeySchedule};
        pub use crate::engine::tls13::crypto::kx::EphemeralSecret;
        pub use crate::engine::tls13::crypto::sign::ClientSigner;
        pub use crate::engine::tls13::crypto::*;
    }
    /// The curve arithmetic of the narrow (32-bit) provider.
    #[cfg(feature = "narrow-ec")]
    pub mod ec_narrow {
        pub use crate::engine::crypto::ec_narrow::*;
    }
    /// Chain and signature verification apart from a handshake.
    pub mod x509 {
        pub use crate::engine::x509::*;
    }
}
