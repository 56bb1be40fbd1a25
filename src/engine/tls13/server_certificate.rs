//! The server's Certificate message (RFC 8446 §4.4.2) taken in parts as it
//! arrives: its head, then one `CertificateEntry` at a time. Each
//! certificate is verified by the streaming [`ChainVerifier`] and then
//! dropped, so a chain longer than the reassembly buffer still verifies
//! when records are small (max_fragment_length 512): only one certificate
//! at a time has to fit. When the streamed verification finds no path
//! and the whole message came in one record, a path search over it decides
//! instead (cargo feature `chain-search`): certificates out of order, or a
//! cross-signed twin leading nowhere before the right one.

use super::codec;
use super::config::Config;
use crate::engine::error::Error;
use crate::engine::x509::{self, CertError, ChainVerifier, PublicKey, ServerName, PENDING_SIGNATURE_MAX};

/// Most certificates of a Certificate message the fallback path search
/// takes (as many as a path may have).
const FALLBACK_CHAIN_MAX: usize = 8;

/// Where the server's Certificate message is being read.
pub struct ServerCertificate {
    /// `certificate_list` bytes in all, and still to come.
    list_len: usize,
    list_remaining: usize,
    /// Entries taken so far.
    entries: usize,
    verifier: ChainVerifier,
}

/// Where a taken certificate entry's results go, and the record it came in.
pub struct EntryAreas<'s> {
    /// Room for the leaf's DER (for getpeercert()) and its length once kept.
    pub peer_cert: &'s mut [u8],
    pub peer_cert_len: &'s mut usize,
    /// The leaf's public key, once verified far enough to be kept.
    pub server_key: &'s mut Option<PublicKey>,
    /// Where a certificate's signature waits for its issuer.
    pub pending_signature: &'s mut [u8; PENDING_SIGNATURE_MAX],
    /// The record the entry was taken from in place, up to its end (see
    /// `ReceiveAreas::source_record`).
    pub source_record: &'s [u8],
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
            list_len: head.list_len,
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
    pub fn take_entry(&mut self, entry: &[u8], config: &Config<'_>, areas: EntryAreas<'_>) -> Result<bool, Error> {
        let der = codec::parse_certificate_entry(entry).map_err(|e| e.to_error())?;
        self.list_remaining = self.list_remaining.checked_sub(entry.len()).ok_or(Error::Malformed)?;
        self.entries += 1;
        let anchors = config.trust_anchors;
        if self.entries == 1 {
            // A leaf too large to keep is still verified; getpeercert() then gives None.
            *areas.peer_cert_len = match areas.peer_cert.get_mut(..der.len()) {
                Some(room) => {
                    room.copy_from_slice(der);
                    der.len()
                }
                None => 0,
            };
            if let Some(anchors) = anchors {
                let name = server_name(config);
                self.verifier
                    .leaf(der, anchors, name, config.now, areas.pending_signature, areas.server_key)
                    .map_err(Error::Certificate)?;
            }
        } else if let Some(anchors) = anchors {
            let leaf = areas.peer_cert.get(..*areas.peer_cert_len).filter(|leaf| !leaf.is_empty());
            self.verifier
                .next(der, anchors, leaf, config.now, areas.pending_signature)
                .map_err(Error::Certificate)?;
        }
        let last = self.list_remaining == 0;
        if let (true, Some(anchors)) = (last, anchors) {
            match self.verifier.finish() {
                // Streamed in order, no path: when the whole message is in
                // one record, a path search over it (cross-signed twins,
                // certificates out of order) decides instead.
                Err(CertError::UnknownIssuer) if cfg!(feature = "chain-search") && areas.source_record.len() >= self.list_len => {
                    let list = &areas.source_record[areas.source_record.len() - self.list_len..];
                    match search(list, anchors, config) {
                        Ok(key) => *areas.server_key = Some(key),
                        Err(refusal) => return Err(Error::Certificate(self.verifier.refused(refusal))),
                    }
                }
                verdict => verdict.map_err(Error::Certificate)?,
            }
        }
        Ok(last)
    }
}

/// The name the leaf must match, as `config` asks.
fn server_name<'a>(config: &Config<'a>) -> Option<ServerName<'a>> {
    config.server_name.map(|host| ServerName { host, common_name_fallback: config.hostname_checks_common_name })
}

/// Verifies the chain in a whole `certificate_list` by the path search
/// (its first [`FALLBACK_CHAIN_MAX`] certificates; every entry parsed
/// already as it streamed in).
#[inline(never)]
fn search(list: &[u8], anchors: &[u8], config: &Config<'_>) -> Result<PublicKey, x509::Refusal> {
    let mut chain: [&[u8]; FALLBACK_CHAIN_MAX] = [&[]; FALLBACK_CHAIN_MAX];
    let mut count = 0;
    let mut rest = list;
    while let (Some(len), Some(slot)) = (codec::certificate_entry_len(rest), chain.get_mut(count)) {
        let (entry, tail) = rest.split_at(len);
        let Ok(der) = codec::parse_certificate_entry(entry) else { break };
        *slot = der;
        count += 1;
        rest = tail;
    }
    x509::search_server_chain(&chain[..count], anchors, server_name(config), config.now)
}
