//! The proof that the server was authenticated, which the client's Finished
//! cannot be built without (after rustls' `HandshakeSignatureValid`). The
//! proof's field is private to this module: the constructors below are the
//! only ways to get one, each after its check.

use super::codec::CertificateVerify;
use super::config::Config;
use crate::engine::error::Error;
use crate::engine::x509::{self, PublicKey};

/// The server proved itself in this handshake, or the configuration asked
/// for no proof (CERT_NONE). Zero-sized, neither `Copy` nor `Clone`.
pub(super) struct ServerAuthenticated(());

impl ServerAuthenticated {
    /// The server's CertificateVerify checked: its signature over
    /// `transcript_hash` (the transcript up to its Certificate) under `key`,
    /// the key of its certificate chain verified to a trust anchor.
    pub(super) fn by_signature(key: &PublicKey, verify: &CertificateVerify<'_>, transcript_hash: &[u8]) -> Result<Self, Error> {
        let mut message = [0u8; x509::CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len = x509::server_certificate_verify_message(transcript_hash, &mut message);
        x509::verify_tls13_signature(key, verify.scheme, &message[..len], verify.signature)?;
        Ok(ServerAuthenticated(()))
    }

    /// The server accepted the offered PSK: only a holder of the key
    /// derives the handshake secrets its Finished is checked with, before
    /// the client's Finished is built.
    pub(super) fn by_psk() -> Self {
        ServerAuthenticated(())
    }

    /// Without trust anchors (CERT_NONE) the configuration asks for no
    /// proof: there is nothing to check the server against. `None` when it
    /// has trust anchors.
    pub(super) fn not_required(config: &Config<'_>) -> Option<Self> {
        config.trust_anchors.is_none().then_some(ServerAuthenticated(()))
    }
}
