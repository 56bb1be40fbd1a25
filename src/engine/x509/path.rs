//! Server chain verification: building and checking a path from the leaf to a
//! trust anchor, then checking the leaf itself.
//!
//! The path search is an iterative depth-first search with backtracking: at
//! each level the candidate issuers are tried in order (trust anchors first,
//! then the certificates the server sent), and a dead end falls back to the
//! next candidate one level down. Its state is two small arrays of positions,
//! and certificates are re-parsed (zero-copy, cheap) when needed instead of
//! being kept, so stack use does not grow with the depth.

use super::bundle::der_certs;
use super::cert::{
    self, Certificate, Version, KEY_USAGE_DIGITAL_SIGNATURE, KEY_USAGE_KEY_CERT_SIGN,
};
use super::constraints;
use super::der::Reader;
use super::error::CertError;
use super::hostname::{verify_hostname, ServerName};
use super::signature::{verify_signed_data, PublicKey};

/// Longest accepted path, counting the leaf and the trust anchor.
pub(crate) const MAX_PATH_LEN: usize = 8;

/// Most certificate signatures one verification may check. A normal chain
/// needs one per path element; the margin allows a few wrong candidates. It
/// bounds the work (each check is slow on a small CPU) when a server sends
/// many certificates that could issue each other.
pub(crate) const MAX_SIGNATURE_CHECKS: u8 = 16;

/// Verifies a server chain as sent in the TLS Certificate message and returns
/// the leaf's public key.
///
/// `chain[0]` is the leaf; the rest are intermediates in any order, possibly
/// with extras or the root. `anchors` holds the trust anchors as concatenated
/// DER (from [`certs_to_der`](super::certs_to_der)). `server_name` `None`
/// skips the name check. `now` is in seconds since the unix epoch.
///
/// A leaf whose DER equals a trust anchor's is trusted directly (a pinned
/// self-signed server certificate). Otherwise a path to an anchor is needed;
/// then the leaf is checked: validity period, critical extensions, not a CA
/// (unless pinned), purpose, host name, and a usable key, in that order.
///
/// When no path is found, the error reported is the one met deepest in the
/// search (the first one at that depth): a candidate issuer that was
/// rejected gives its reason (`BadSignature`, `IssuerNotCa`, `Expired`, ...),
/// a level without any candidate of the right subject gives `UnknownIssuer`.
/// A v1 leaf that is not itself an anchor is `Malformed` (v1 certificates are
/// only accepted as anchors).
#[cfg(any(test, feature = "internals", feature = "embedded-tls"))]
pub fn verify_server_chain(
    chain: &[&[u8]],
    anchors: &[u8],
    server_name: Option<ServerName<'_>>,
    now: i64,
) -> Result<PublicKey, CertError> {
    search_server_chain(chain, anchors, server_name, now).map_err(|(error, _)| error)
}

/// Why a chain was refused, and the validity bound of the certificate it is
/// about (see `Certificate::validity_bound`; meaningful for `Expired` and
/// `NotYetValid`).
pub(crate) type Refusal = (CertError, i64);

/// [`verify_server_chain`], with the validity bound of a refusal, for the
/// error text.
pub(crate) fn search_server_chain(
    chain: &[&[u8]],
    anchors: &[u8],
    server_name: Option<ServerName<'_>>,
    now: i64,
) -> Result<PublicKey, Refusal> {
    let leaf_der = *chain.first().ok_or((CertError::Malformed, 0))?;
    let pinned = der_certs(anchors).any(|anchor| anchor == leaf_der);
    if !pinned {
        // Also rejects a malformed or v1 leaf.
        let common_names = server_name.is_some_and(|name| name.common_name_fallback);
        PathSearch::new(chain, anchors, now, common_names).run()?;
    }
    // Parsed here rather than before the search (which parses it too): not
    // holding it across the search keeps the stack smaller.
    let leaf = Certificate::parse(leaf_der).map_err(|_| (CertError::Malformed, 0))?;
    check_leaf(&leaf, pinned, server_name, now).map_err(|error| (error, leaf.validity_bound(error)))?;
    PublicKey::from_subject_public_key(&leaf.public_key).map_err(|error| (error, 0))
}

/// Checks what only the leaf needs: being usable by a TLS server for this
/// host. `pinned`: the leaf is itself a trust anchor.
pub(super) fn check_leaf(leaf: &Certificate<'_>, pinned: bool, server_name: Option<ServerName<'_>>, now: i64) -> Result<(), CertError> {
    leaf.check_validity(now)?;
    let is_ca = leaf.basic_constraints.is_some_and(|constraints| constraints.ca);
    // What RFC 5280 allows only in CA certificates (4.2.1.9, 4.2.1.10).
    if !is_ca && leaf.key_usage.is_some_and(|usage| usage & KEY_USAGE_KEY_CERT_SIGN != 0) {
        return Err(CertError::LeafKeyCertSign);
    }
    if !is_ca && leaf.name_constraints.is_some() {
        return Err(CertError::LeafNameConstraints);
    }
    if leaf.unsupported_critical_extension {
        return Err(CertError::UnsupportedCriticalExtension);
    }
    // A CA's key signs certificates, not handshakes. A pinned one is
    // trusted as it is: `openssl req -x509` makes self-signed server
    // certificates CA:TRUE.
    if !pinned && is_ca {
        return Err(CertError::CaAsLeaf);
    }
    // TLS 1.3 servers sign CertificateVerify with the key.
    if leaf
        .key_usage
        .is_some_and(|usage| usage & KEY_USAGE_DIGITAL_SIGNATURE == 0)
    {
        return Err(CertError::NotForServerAuth);
    }
    if leaf
        .ext_key_usage
        .is_some_and(|purposes| !cert::allows_server_auth(purposes))
    {
        return Err(CertError::NotForServerAuth);
    }
    match server_name {
        Some(name) => verify_hostname(leaf, &name),
        None => Ok(()),
    }
}

/// Where the candidate issuers come from, as one sequence of positions:
/// `0..anchors.len()` are byte offsets of certificates in `anchors`, and
/// `anchors.len() + i` is `chain[1 + i]`.
type Position = usize;

/// A candidate issuer found at some position.
struct Candidate<'a> {
    der: &'a [u8],
    is_anchor: bool,
    /// The position after this one.
    next: Position,
}

/// State of the path search.
struct PathSearch<'a> {
    chain: &'a [&'a [u8]],
    anchors: &'a [u8],
    now: i64,
    /// The leaf's commonNames are DNS names for name constraints.
    common_names: bool,
    signature_checks: u8,
    /// Name × subtree comparisons made (see `constraints`).
    name_checks: u16,
    /// The error met deepest in the search so far, with its depth and
    /// validity bound.
    deepest_error: Option<(usize, Refusal)>,
}

impl<'a> PathSearch<'a> {
    fn new(chain: &'a [&'a [u8]], anchors: &'a [u8], now: i64, common_names: bool) -> Self {
        PathSearch {
            chain,
            anchors,
            now,
            common_names,
            signature_checks: 0,
            name_checks: 0,
            deepest_error: None,
        }
    }

    /// Searches for a path from `chain[0]` to a trust anchor.
    fn run(&mut self) -> Result<(), Refusal> {
        self.search().map_err(|error| (error, 0))?.map_or(Ok(()), Err)
    }

    /// [`run`](Self::run): `Ok(None)` when a path is found, `Ok(Some)` with
    /// the deepest refusal when none is, `Err` when the search must stop.
    fn search(&mut self) -> Result<Option<Refusal>, CertError> {
        // path[d]: position of the certificate at depth d (the leaf, depth 0,
        // is not a candidate and has no position). cursor[d]: the next
        // candidate to try as the issuer of the certificate at depth d.
        let mut path: [Position; MAX_PATH_LEN] = [0; MAX_PATH_LEN];
        let mut cursor: [Position; MAX_PATH_LEN] = [0; MAX_PATH_LEN];
        // counted[d]: the intermediates at depths 1..=d that count against
        // a pathLenConstraint (those not self-issued, RFC 5280 4.2.1.9).
        let mut counted = [0u8; MAX_PATH_LEN];
        let mut depth = 0;
        loop {
            let child_der = if depth == 0 {
                self.chain.first().copied()
            } else {
                path.get(depth)
                    .and_then(|&at| self.candidate_at(at))
                    .map(|c| c.der)
            };
            // Everything on the path was parsed before, so this cannot fail.
            let child = child_der
                .and_then(|der| Certificate::parse(der).ok())
                .ok_or(CertError::Malformed)?;
            // v1 certificates are only accepted as anchors (intermediates are
            // refused in `check_can_issue`).
            if depth == 0 && child.version == Version::V1 {
                return Err(CertError::Malformed);
            }
            let below = match depth.checked_sub(1) {
                None => 0,
                Some(parent) => counted.get(parent).copied().unwrap_or(0) + u8::from(!child.is_self_issued()),
            };
            *counted.get_mut(depth).ok_or(CertError::ChainTooLong)? = below;
            let used = path.get(1..=depth).unwrap_or(&[]);
            let cursor_here = cursor.get_mut(depth).ok_or(CertError::ChainTooLong)?;
            match self.next_issuer(&child, depth + 1, below, used, cursor_here)? {
                Some((_, true)) => return Ok(None),
                Some((position, false)) => {
                    depth += 1;
                    *path.get_mut(depth).ok_or(CertError::ChainTooLong)? = position;
                    *cursor.get_mut(depth).ok_or(CertError::ChainTooLong)? = 0;
                }
                None if depth == 0 => {
                    return Ok(Some(self.deepest_error.map_or((CertError::UnknownIssuer, 0), |(_, refusal)| refusal)))
                }
                None => depth -= 1,
            }
        }
    }

    /// Finds the next acceptable issuer of `child` from `*cursor` on, for
    /// depth `issuer_depth`, with `below` intermediates counting against
    /// its pathLenConstraint; returns its position and whether it is an
    /// anchor, or `None` when the candidates are exhausted.
    fn next_issuer(
        &mut self,
        child: &Certificate<'_>,
        issuer_depth: usize,
        below: u8,
        used: &[Position],
        cursor: &mut Position,
    ) -> Result<Option<(Position, bool)>, CertError> {
        let mut subject_matched = false;
        while let Some(candidate) = self.candidate_at(*cursor) {
            let position = *cursor;
            *cursor = candidate.next;
            // A certificate may appear only once in a path (this also stops
            // loops). Anchors end the path, so they are never on it.
            if !candidate.is_anchor && used.contains(&position) {
                continue;
            }
            let Ok(issuer) = Certificate::parse(candidate.der) else {
                continue; // an unparsable extra certificate is just ignored
            };
            if issuer.subject != child.issuer {
                continue;
            }
            subject_matched = true;
            // A non-anchor here needs at least one more certificate above it.
            if !candidate.is_anchor && issuer_depth + 2 > MAX_PATH_LEN {
                self.record(issuer_depth, CertError::ChainTooLong, &issuer);
                continue;
            }
            if self.signature_checks >= MAX_SIGNATURE_CHECKS {
                return Err(CertError::ChainTooLong);
            }
            match self.check_issuer(child, &issuer, candidate.is_anchor, below) {
                Ok(()) => return Ok(Some((position, candidate.is_anchor))),
                Err(error) => self.record(issuer_depth, error, &issuer),
            }
        }
        if !subject_matched {
            self.record(issuer_depth, CertError::UnknownIssuer, child);
        }
        Ok(None)
    }

    /// Checks that `issuer`, with `below` counted intermediates under it,
    /// validly issued `child`.
    fn check_issuer(
        &mut self,
        child: &Certificate<'_>,
        issuer: &Certificate<'_>,
        is_anchor: bool,
        below: u8,
    ) -> Result<(), CertError> {
        self.signature_checks += 1;
        verify_signed_data(
            &issuer.public_key,
            child.signature_algorithm,
            child.tbs,
            child.signature,
        )?;
        check_issuer_rules(issuer, is_anchor, below, self.now)?;
        constraints::check_issuer(issuer, self.chain.first().copied(), self.common_names, &mut self.name_checks)
    }

    /// Remembers `error`, found checking `cert`, if it is the deepest so far.
    fn record(&mut self, depth: usize, error: CertError, cert: &Certificate<'_>) {
        if self
            .deepest_error
            .is_none_or(|(deepest, _)| depth > deepest)
        {
            self.deepest_error = Some((depth, (error, cert.validity_bound(error))));
        }
    }

    /// The candidate issuer at `position`, if any.
    fn candidate_at(&self, position: Position) -> Option<Candidate<'a>> {
        if let Some(rest) = self.anchors.get(position..).filter(|rest| !rest.is_empty()) {
            // A broken anchor list ends where it breaks; go on with the chain.
            if let Ok(anchor) = Reader::new(rest).read_tlv() {
                return Some(Candidate {
                    der: anchor.raw,
                    is_anchor: true,
                    next: position + anchor.raw.len(),
                });
            }
        }
        let index = position.saturating_sub(self.anchors.len());
        let der = self.chain.get(index + 1)?;
        Some(Candidate {
            der,
            is_anchor: false,
            next: self.anchors.len() + index + 1,
        })
    }
}

/// Checks what makes `issuer` a valid issuer apart from the signature, with
/// `below` intermediates under it in the path that are not self-issued: a
/// CA whose pathLenConstraint allows them, with no
/// critical extension it does not understand, issuing for TLS servers,
/// valid at `now`.
pub(super) fn check_issuer_rules(
    issuer: &Certificate<'_>,
    is_anchor: bool,
    below: u8,
    now: i64,
) -> Result<(), CertError> {
    check_can_issue(issuer, is_anchor, below)?;
    if issuer.unsupported_critical_extension {
        return Err(CertError::UnsupportedCriticalExtension);
    }
    // A CA's extKeyUsage bounds every certificate below it, as browsers,
    // Go and webpki read it (RFC 5280 leaves EKU in CAs to policy). Anchors
    // too: a CA for e-mail only vouches for no server.
    if issuer
        .ext_key_usage
        .is_some_and(|purposes| !cert::allows_server_auth(purposes))
    {
        return Err(CertError::IssuerNotForServerAuth);
    }
    issuer.check_validity(now)
}

/// Checks that `issuer` may issue certificates, with `below` intermediate
/// CAs that are not self-issued under it in the path.
fn check_can_issue(
    issuer: &Certificate<'_>,
    is_anchor: bool,
    below: u8,
) -> Result<(), CertError> {
    // RFC 5280 4.1.2.6: a CA's subject MUST be a non-empty name (an empty
    // SEQUENCE is the two bytes 30 00).
    if issuer.subject.len() <= 2 {
        return Err(CertError::IssuerEmptySubject);
    }
    if issuer.version == Version::V1 {
        // v1 certificates predate basicConstraints; some old roots are v1, and
        // being configured as an anchor is what makes them CAs.
        return if is_anchor {
            Ok(())
        } else {
            Err(CertError::IssuerNotCa)
        };
    }
    let constraints = issuer.basic_constraints.ok_or(CertError::IssuerNotCa)?;
    if !constraints.ca {
        return Err(CertError::IssuerNotCa);
    }
    if issuer
        .key_usage
        .is_some_and(|usage| usage & KEY_USAGE_KEY_CERT_SIGN == 0)
    {
        return Err(CertError::IssuerNotCa);
    }
    // Each CA's limit holds on its own: a larger pathLenConstraint further
    // down cannot lift it.
    if constraints.path_len.is_some_and(|max| u32::from(below) > max) {
        return Err(CertError::IssuerNotCa);
    }
    Ok(())
}
