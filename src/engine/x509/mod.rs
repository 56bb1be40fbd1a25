//! X.509 certificates, PEM/DER, private keys and path validation.
//!
//! This is the certificate side of the TLS engine: it turns user input into
//! DER trust anchors and keys, verifies the server's chain (path to an
//! anchor, validity, CA rules, purpose, host name) and its TLS 1.3
//! CertificateVerify signature.
//!
//! Pure `no_std` without allocation, and built for small stacks: parsing is
//! zero-copy over the input slices, certificates are never copied, and the
//! path search keeps only positions (see [`verify_server_chain`]). The TLS
//! engine verifies the chain as it streams in ([`ChainVerifier`]).
//!
//! Supported algorithms: ECDSA with SHA-256/SHA-384 on P-256 and P-384.
//! With the cargo feature `rsa`, also RSA keys of 2048 to 4096 bits:
//! sha256/384/512WithRSAEncryption and RSASSA-PSS in certificates, and
//! rsa_pss_rsae_sha256/384/512 in CertificateVerify (see `rsa.rs`), and RSA
//! client keys, which sign with RSA-PSS (see `rsa/private.rs`). Without it,
//! RSA certificates parse, and yield [`CertError::UnsupportedAlgorithm`]
//! when their key or signature would be needed; RSA private keys are
//! [`ParseError::UnsupportedKey`].

mod bundle;
mod cert;
mod constraints;
mod der;
mod error;
mod hostname;
mod key;
mod name;
mod oid;
mod path;
mod pem;
#[cfg(feature = "rsa")]
mod rsa;
mod signature;
mod stream;
pub(crate) mod time;

#[cfg(test)]
pub(crate) mod tests;

pub use bundle::{certs_to_der, der_certs};
pub use cert::display_name;
pub use error::{CertError, ParseError};
pub use hostname::ServerName;
pub use key::{key_matches_certificate, parse_private_key, PrivateKey, RsaPrivateKey};
// The whole chain at once: for the tests, the fuzz targets and the
// embedded-tls engine (the own engine verifies it as it streams in).
#[cfg(any(test, feature = "internals", feature = "embedded-tls"))]
pub use path::verify_server_chain;
pub(crate) use path::{search_server_chain, Refusal};
pub use stream::{ChainVerifier, PENDING_SIGNATURE_MAX};
pub use signature::{
    client_certificate_verify_message, server_certificate_verify_message, verify_tls13_signature, PublicKey,
    CERTIFICATE_VERIFY_MESSAGE_MAX,
};
#[cfg(test)]
pub use signature::Curve;
