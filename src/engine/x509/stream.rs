//! Server chain verification as the TLS Certificate message streams in:
//! each certificate is checked when it arrives and is then dropped, so a
//! chain never has to be held whole (RFC 8446 §4.4.2: each certificate
//! after the leaf "SHOULD directly certify the one immediately preceding
//! it").
//!
//! Between two certificates only the last one's signature waits: its
//! algorithm, the digest of its signed part, the digest of its issuer's
//! name, and the signature bytes themselves in a caller-provided slot (the
//! engine lends the idle end of its reassembly buffer). A certificate whose
//! subject is not that issuer is skipped as an extra; one that is, but fails
//! (wrong key, not a CA, expired, ...), is skipped too, its reason kept for
//! the error. There is no backtracking: the first certificate that validly
//! issues the waiting one extends the path (the engine falls back to the
//! path search when the whole message is at hand). Trust anchors are tried first
//! at every step, and once one vouches for the path the rest of the
//! message is ignored.
//!
//! What a path must satisfy is the same as for [`verify_server_chain`]
//! (super::verify_server_chain), whose checks this shares, and so are the
//! errors, with one difference: a chain that only verifies out of order is
//! refused (`UnknownIssuer` or the reason met). A CA's name constraints
//! apply to the leaf, which the caller keeps (for getpeercert()) and
//! lends back with each later certificate.

use sha2::{Digest, Sha256};

use super::bundle::der_certs;
use super::cert::{Certificate, Version};
use super::constraints;
use super::error::CertError;
use super::hostname::ServerName;
use super::path::{check_issuer_rules, check_leaf, MAX_PATH_LEN, MAX_SIGNATURE_CHECKS};
use super::signature::{verify_signed_data, verify_signed_digest, PublicKey, SignatureAlgorithm};
use crate::engine::crypto::hash::MAX_SIGNATURE_HASH_LEN;

/// Size of the slot a waiting signature is kept in: an RSA-4096 signature
/// with the `rsa` feature, else a DER ECDSA P-384 signature.
#[cfg(feature = "rsa")]
pub const PENDING_SIGNATURE_MAX: usize = 512;
/// Size of the slot a waiting signature is kept in: an RSA-4096 signature
/// with the `rsa` feature, else a DER ECDSA P-384 signature.
#[cfg(not(feature = "rsa"))]
pub const PENDING_SIGNATURE_MAX: usize = 104;

/// The last certificate on the path, waiting for its issuer. Its signature
/// bytes are in the caller's slot.
struct Pending {
    algorithm: SignatureAlgorithm,
    digest: [u8; MAX_SIGNATURE_HASH_LEN],
    /// SHA-256 of the certificate's issuer name, to recognise the issuer.
    issuer: [u8; 32],
    signature_len: usize,
    /// A certificate with the issuer's name has come (if none comes, the
    /// error is `UnknownIssuer`).
    issuer_seen: bool,
}

impl Pending {
    /// Checks the waiting signature (its bytes in `slot`) with `issuer`'s key.
    fn verify_by(&self, issuer: &Certificate<'_>, slot: &[u8; PENDING_SIGNATURE_MAX]) -> Result<(), CertError> {
        let digest = self.algorithm.hash().map_or(&[][..], |hash| &self.digest[..hash.output_len()]);
        let signature = slot.get(..self.signature_len).ok_or(CertError::BadSignature)?;
        verify_signed_digest(&issuer.public_key, self.algorithm, digest, signature)
    }
}

/// Verifies a server chain one certificate at a time: [`leaf`](Self::leaf)
/// first, then [`next`](Self::next) for every further certificate, then
/// [`finish`](Self::finish).
pub struct ChainVerifier {
    pending: Option<Pending>,
    /// A trust anchor vouches for the path (or the leaf is one).
    trusted: bool,
    /// Certificates on the path so far, the leaf included.
    path_len: usize,
    /// Intermediates on the path so far that count against a
    /// pathLenConstraint (those not self-issued).
    counted: u8,
    /// The leaf's commonNames are DNS names for name constraints.
    common_names: bool,
    /// Name × subtree comparisons made (see `constraints`).
    name_checks: u16,
    signature_checks: u8,
    /// The error met deepest on the way, with its depth: reported when no
    /// path is found.
    deepest_error: Option<(usize, CertError)>,
    /// What the leaf's own checks found: reported once a path is found.
    leaf_error: Option<CertError>,
    /// The validity bound of the certificate each of them is about (see
    /// [`validity_bound`](Self::validity_bound)).
    deepest_bound: i64,
    leaf_bound: i64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    /// A verifier waiting for the leaf.
    pub const fn new() -> Self {
        ChainVerifier {
            pending: None,
            trusted: false,
            path_len: 0,
            counted: 0,
            common_names: false,
            name_checks: 0,
            signature_checks: 0,
            deepest_error: None,
            leaf_error: None,
            deepest_bound: 0,
            leaf_bound: 0,
        }
    }

    /// Takes the leaf (the first certificate) and puts its public key in
    /// `key`, to check CertificateVerify with once [`finish`](Self::finish)
    /// succeeded (written in place: with the `rsa` feature a key holds a
    /// modulus of up to 512 bytes, too much to pass around on a small
    /// stack). `anchors`
    /// holds the trust anchors as concatenated DER; `server_name` `None`
    /// skips the name check; `now` is in seconds since the unix epoch. An
    /// error here is final; other findings come from `finish`.
    pub fn leaf(
        &mut self,
        der: &[u8],
        anchors: &[u8],
        server_name: Option<ServerName<'_>>,
        now: i64,
        slot: &mut [u8; PENDING_SIGNATURE_MAX],
        key: &mut Option<PublicKey>,
    ) -> Result<(), CertError> {
        let leaf = Certificate::parse(der).map_err(|_| CertError::Malformed)?;
        self.path_len = 1;
        let pinned = der_certs(anchors).any(|anchor| anchor == der);
        self.common_names = server_name.is_some_and(|name| name.common_name_fallback);
        if pinned {
            self.trusted = true;
        } else if leaf.version == Version::V1 {
            // v1 certificates are only accepted as anchors.
            return Err(CertError::Malformed);
        } else {
            self.extend(&leaf, anchors, Some(der), now, slot)?;
        }
        *key = None;
        let checked = check_leaf(&leaf, pinned, server_name, now).and_then(|()| PublicKey::from_subject_public_key_into(&leaf.public_key, key));
        self.leaf_error = checked.err();
        self.leaf_bound = self.leaf_error.map_or(0, |error| leaf.validity_bound(error));
        Ok(())
    }

    /// Takes the next certificate of the message; `leaf` is the leaf's DER
    /// if it was kept (name constraints need it). An error is final (the
    /// signature budget is spent); other findings come from `finish`.
    pub fn next(
        &mut self,
        der: &[u8],
        anchors: &[u8],
        leaf: Option<&[u8]>,
        now: i64,
        slot: &mut [u8; PENDING_SIGNATURE_MAX],
    ) -> Result<(), CertError> {
        if self.trusted {
            return Ok(());
        }
        let Some(pending) = self.pending.as_mut() else {
            return Ok(());
        };
        let Ok(cert) = Certificate::parse(der) else {
            return Ok(()); // an unparsable extra certificate is just ignored
        };
        if name_digest(cert.subject) != pending.issuer {
            return Ok(());
        }
        pending.issuer_seen = true;
        self.spend_signature_check()?;
        let issuer_depth = self.path_len;
        let checked = match &self.pending {
            Some(pending) => pending.verify_by(&cert, slot),
            None => Err(CertError::Malformed),
        };
        let checked = checked
            .and_then(|()| check_issuer_rules(&cert, false, self.counted, now))
            .and_then(|()| constraints::check_issuer(&cert, leaf, self.common_names, &mut self.name_checks));
        match checked {
            Ok(()) => {
                self.pending = None;
                self.path_len += 1;
                self.counted += u8::from(!cert.is_self_issued());
                self.extend(&cert, anchors, leaf, now, slot)
            }
            Err(error) => {
                self.record(issuer_depth, error, &cert);
                Ok(())
            }
        }
    }

    /// After the last certificate: `Ok` when a trust anchor vouches for the
    /// path and the leaf passed its own checks.
    pub fn finish(&self) -> Result<(), CertError> {
        if !self.trusted {
            let mut deepest = self.deepest_error;
            // Nothing with the waiting certificate's issuer name came.
            let issuer_missing = self.pending.as_ref().is_some_and(|pending| !pending.issuer_seen);
            if issuer_missing && deepest.is_none_or(|(depth, _)| self.path_len > depth) {
                deepest = Some((self.path_len, CertError::UnknownIssuer));
            }
            return Err(deepest.map_or(CertError::UnknownIssuer, |(_, error)| error));
        }
        self.leaf_error.map_or(Ok(()), Err)
    }

    /// After [`finish`](Self::finish) failed with `Expired` or
    /// `NotYetValid`: the notAfter or notBefore (unix seconds) of the
    /// certificate it is about, for the error text (a clock that was never
    /// set shows as a date in 1970 or 2000 next to it).
    pub fn validity_bound(&self) -> i64 {
        if self.trusted {
            self.leaf_bound
        } else {
            self.deepest_bound
        }
    }

    /// Puts `child`, now the last certificate on the path, either under a
    /// trust anchor that issued it or in the waiting slot; `leaf` as for
    /// [`next`](Self::next).
    fn extend(
        &mut self,
        child: &Certificate<'_>,
        anchors: &[u8],
        leaf: Option<&[u8]>,
        now: i64,
        slot: &mut [u8; PENDING_SIGNATURE_MAX],
    ) -> Result<(), CertError> {
        let issuer_depth = self.path_len;
        let mut issuer_seen = false;
        for anchor_der in der_certs(anchors) {
            let Ok(anchor) = Certificate::parse(anchor_der) else {
                continue;
            };
            if anchor.subject != child.issuer {
                continue;
            }
            issuer_seen = true;
            self.spend_signature_check()?;
            let checked = verify_signed_data(&anchor.public_key, child.signature_algorithm, child.tbs, child.signature)
                .and_then(|()| check_issuer_rules(&anchor, true, self.counted, now))
                .and_then(|()| constraints::check_issuer(&anchor, leaf, self.common_names, &mut self.name_checks));
            match checked {
                Ok(()) => {
                    self.trusted = true;
                    return Ok(());
                }
                Err(error) => self.record(issuer_depth, error, &anchor),
            }
        }
        // A certificate from the server needs at least one more above it.
        if issuer_depth + 2 > MAX_PATH_LEN {
            self.record(issuer_depth, CertError::ChainTooLong, child);
            return Ok(());
        }
        let hash = child.signature_algorithm.hash();
        // An Ed25519 signature has no digest to wait with (it needs the
        // signed data): it waits all the same, so that the error is
        // UnknownIssuer if no issuer comes, UnsupportedAlgorithm if one does.
        if hash.is_none() && child.signature_algorithm != SignatureAlgorithm::Ed25519 {
            self.record(issuer_depth, CertError::UnsupportedAlgorithm, child);
            return Ok(());
        }
        let Some(signature_slot) = slot.get_mut(..child.signature.len()) else {
            // Longer than any signature of a supported key.
            self.record(issuer_depth, CertError::BadSignature, child);
            return Ok(());
        };
        signature_slot.copy_from_slice(child.signature);
        let mut digest = [0u8; MAX_SIGNATURE_HASH_LEN];
        if let Some(hash) = hash {
            hash.digest(child.tbs, &mut digest);
        }
        self.pending = Some(Pending {
            algorithm: child.signature_algorithm,
            digest,
            issuer: name_digest(child.issuer),
            signature_len: child.signature.len(),
            issuer_seen,
        });
        Ok(())
    }

    /// Takes the verdict of another verification of the same chain (a path
    /// search over the whole message) as this one's, for
    /// [`validity_bound`](Self::validity_bound); returns its error.
    pub(crate) fn refused(&mut self, (error, bound): super::path::Refusal) -> CertError {
        self.deepest_error = Some((self.path_len, error));
        self.deepest_bound = bound;
        error
    }

    /// Counts one signature check against the budget.
    fn spend_signature_check(&mut self) -> Result<(), CertError> {
        if self.signature_checks >= MAX_SIGNATURE_CHECKS {
            return Err(CertError::ChainTooLong);
        }
        self.signature_checks += 1;
        Ok(())
    }

    /// Remembers `error`, found checking `cert`, if it is the deepest so far.
    fn record(&mut self, depth: usize, error: CertError, cert: &Certificate<'_>) {
        if self.deepest_error.is_none_or(|(deepest, _)| depth > deepest) {
            self.deepest_error = Some((depth, error));
            self.deepest_bound = cert.validity_bound(error);
        }
    }
}

/// SHA-256 of a DER Name: issuer and subject names are compared as bytes,
/// as the path search does, but only the digest is kept.
fn name_digest(name: &[u8]) -> [u8; 32] {
    Sha256::digest(name).into()
}
