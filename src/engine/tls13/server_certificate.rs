//! The server's Certificate message (RFC 8446 §4.4.2) taken in parts as it
//! arrives: its head, then one `CertificateEntry` at a time. Each
//! certificate is verified by the streaming [`ChainVerifier`] and then
//! dropped, so a chain longer than the reassembly buffer still verifies
//! when records are small (max_fragment_length 512): only one certificate
//! at a time has to fit.

use super::codec;
use super::config::Config;
use crate::engine::error::Error;
use crate::engine::x509::{ChainVerifier, PublicKey, ServerName, PENDING_SIGNATURE_MAX};

/// Where the server's Certificate message is being read.
pub struct ServerCertificate {
    /// `certificate_list` bytes still to come.
    list_remaining: usize,
    /// Entries taken so far.
    entries: usize,
    verifier: ChainVerifier,
}

/// Where a taken certificate entry's results go.
pub struct EntryStores<'s> {
    /// Room for the leaf's DER (for getpeercert()) and its length once kept.
    pub peer_cert: &'s mut [u8],
    pub peer_cert_len: &'s mut usize,
    /// The leaf's public key, once verified far enough to be kept.
    pub server_key: &'s mut Option<PublicKey>,
    /// Where a certificate's signature waits for its issuer.
    pub pending_signature: &'s mut [u8; PENDING_SIGNATURE_MAX],
}

impl ServerCertificate {
    /// Starts from the message's head (as `codec::certificate_head_len`
    /// delimited it). A server sends no request context and at least one
    /// certificate.
    pub fn start(head: &[u8]) -> Result<Self, Error> {
        let head = codec::parse_certificate_head(head).map_err(|e| e.to_error())?;
        if !head.context.is_empty() {
            return Err(Error::IllegalParameter);
        }
        if head.list_len == 0 {
            return Err(Error::ServerNotAuthenticated);
        }
        Ok(ServerCertificate {
            list_remaining: head.list_len,
            entries: 0,
            verifier: ChainVerifier::new(),
        })
    }

    /// The length of the entry at the start of `data`, once all of it is
    /// there; an error as soon as its declared length overruns the list.
    pub fn next_entry_len(&self, data: &[u8]) -> Result<Option<usize>, Error> {
        if let [a, b, c, ..] = *data {
            let cert_len = usize::from(a) << 16 | usize::from(b) << 8 | usize::from(c);
            // The certificate and its extension block's length.
            if 3 + cert_len + 2 > self.list_remaining {
                return Err(Error::Malformed);
            }
        }
        match codec::certificate_entry_len(data) {
            Some(len) if len > self.list_remaining => Err(Error::Malformed),
            found => Ok(found),
        }
    }

    /// After a validity error (`Expired`, `NotYetValid`): the notAfter or
    /// notBefore of the certificate it is about.
    pub fn validity_bound(&self) -> i64 {
        self.verifier.validity_bound()
    }

    /// Takes one whole entry: keeps the leaf, verifies it against `config`'s
    /// trust anchors (when it has any), and returns whether this was the
    /// last entry, after which the chain's verdict is in.
    pub fn take_entry(&mut self, entry: &[u8], config: &Config<'_>, stores: EntryStores<'_>) -> Result<bool, Error> {
        let der = codec::parse_certificate_entry(entry).map_err(|e| e.to_error())?;
        self.list_remaining = self.list_remaining.checked_sub(entry.len()).ok_or(Error::Malformed)?;
        self.entries += 1;
        let anchors = config.trust_anchors;
        if self.entries == 1 {
            // A leaf too large to keep is still verified; getpeercert() then gives None.
            *stores.peer_cert_len = match stores.peer_cert.get_mut(..der.len()) {
                Some(room) => {
                    room.copy_from_slice(der);
                    der.len()
                }
                None => 0,
            };
            if let Some(anchors) = anchors {
                let server_name = config.server_name.map(|host| ServerName {
                    host,
                    common_name_fallback: config.hostname_checks_common_name,
                });
                self.verifier
                    .leaf(der, anchors, server_name, config.now, stores.pending_signature, stores.server_key)
                    .map_err(Error::Certificate)?;
            }
        } else if let Some(anchors) = anchors {
            let leaf = stores.peer_cert.get(..*stores.peer_cert_len).filter(|leaf| !leaf.is_empty());
            self.verifier
                .next(der, anchors, leaf, config.now, stores.pending_signature)
                .map_err(Error::Certificate)?;
        }
        let last = self.list_remaining == 0;
        if last && anchors.is_some() {
            self.verifier.finish().map_err(Error::Certificate)?;
        }
        Ok(last)
    }
}
