//! The TLS 1.3 key schedule (RFC 8446 §7.1): HKDF-Expand-Label,
//! Derive-Secret, the early / handshake / master secrets and the values
//! derived from them.
//!
//! HKDF-Extract and HKDF-Expand-Label are in [`crate::engine::crypto::hkdf`].

use crate::engine::crypto::hash::{hmac, Digest, HashAlg, MAX_SIGNATURE_HASH_LEN};
use crate::engine::crypto::hkdf::{expand_label_secret, extract};
use crate::engine::crypto::hkdf::Secret;

/// Derive-Secret(secret, label, messages) (RFC 8446 §7.1), given the
/// transcript hash of the messages. `label` is without the "tls13 " prefix.
pub fn derive_secret(
    alg: HashAlg,
    secret: &Secret,
    label: &[u8],
    transcript_hash: &[u8],
) -> Secret {
    expand_label_secret(alg, secret, label, transcript_hash)
}

/// Derive-Secret(secret, "derived", ""): the salt of the next extraction.
fn derived(alg: HashAlg, secret: &Secret) -> Secret {
    derive_secret(alg, secret, b"derived", alg.hash(&[]).as_bytes())
}

/// The string of `Hash.length` zero bytes used as IKM when there is no
/// (EC)DHE or PSK input; as long as any [`HashAlg`]'s output (SHA-512's
/// too, which no suite uses), so that no hash indexes past it.
const ZEROS: [u8; MAX_SIGNATURE_HASH_LEN] = [0; MAX_SIGNATURE_HASH_LEN];

/// Where the key schedule is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stage {
    Early,
    Handshake,
    Master,
}

/// The main secrets of RFC 8446 §7.1, advanced in place: early secret ->
/// handshake secret -> master secret. Each stage's methods are meant for
/// that stage only (checked with `debug_assert!`; in release builds a call
/// at the wrong stage derives from the current secret, which only yields
/// values the peer will not agree with).
///
/// Holds a single 48-byte secret (zeroized on drop): 52 bytes in all.
pub struct KeySchedule {
    alg: HashAlg,
    stage: Stage,
    secret: Secret,
}

impl KeySchedule {
    /// The early secret: HKDF-Extract(0, PSK), with a string of zeros as
    /// PSK when there is none.
    pub fn new(alg: HashAlg, psk: Option<&[u8]>) -> Self {
        let zeros = &ZEROS[..alg.output_len()];
        KeySchedule {
            alg,
            stage: Stage::Early,
            secret: extract(alg, zeros, psk.unwrap_or(zeros)),
        }
    }

    /// The current main secret (early, handshake or master secret).
    #[cfg(test)]
    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The PSK binder key, from the early secret: "res binder" for a
    /// resumption PSK, "ext binder" for an external one.
    pub fn binder_key(&self, resumption: bool) -> Secret {
        debug_assert_eq!(self.stage, Stage::Early);
        let label: &[u8] = if resumption {
            b"res binder"
        } else {
            b"ext binder"
        };
        derive_secret(self.alg, &self.secret, label, self.alg.hash(&[]).as_bytes())
    }

    /// Early secret -> handshake secret: HKDF-Extract(Derive-Secret(.,
    /// "derived", ""), (EC)DHE shared secret), with zeros for a PSK-only
    /// handshake (`None`).
    pub fn enter_handshake(&mut self, ecdhe: Option<&[u8]>) {
        debug_assert_eq!(self.stage, Stage::Early);
        let salt = derived(self.alg, &self.secret);
        let ikm = ecdhe.unwrap_or(&ZEROS[..self.alg.output_len()]);
        self.secret = extract(self.alg, salt.as_bytes(), ikm);
        self.stage = Stage::Handshake;
    }

    /// (client, server) handshake traffic secrets, "c hs traffic" and
    /// "s hs traffic", over ClientHello..ServerHello.
    pub fn handshake_traffic_secrets(&self, transcript_hash: &[u8]) -> (Secret, Secret) {
        debug_assert_eq!(self.stage, Stage::Handshake);
        (
            derive_secret(self.alg, &self.secret, b"c hs traffic", transcript_hash),
            derive_secret(self.alg, &self.secret, b"s hs traffic", transcript_hash),
        )
    }

    /// Handshake secret -> master secret: HKDF-Extract(Derive-Secret(.,
    /// "derived", ""), zeros).
    pub fn enter_master(&mut self) {
        debug_assert_eq!(self.stage, Stage::Handshake);
        let salt = derived(self.alg, &self.secret);
        self.secret = extract(self.alg, salt.as_bytes(), &ZEROS[..self.alg.output_len()]);
        self.stage = Stage::Master;
    }

    /// (client, server) application traffic secrets, "c ap traffic" and
    /// "s ap traffic", over ClientHello..server Finished.
    pub fn application_traffic_secrets(&self, transcript_hash: &[u8]) -> (Secret, Secret) {
        debug_assert_eq!(self.stage, Stage::Master);
        (
            derive_secret(self.alg, &self.secret, b"c ap traffic", transcript_hash),
            derive_secret(self.alg, &self.secret, b"s ap traffic", transcript_hash),
        )
    }

    /// exporter_master_secret ("exp master"), over ClientHello..server
    /// Finished.
    #[cfg(test)]
    pub fn exporter_master_secret(&self, transcript_hash: &[u8]) -> Secret {
        debug_assert_eq!(self.stage, Stage::Master);
        derive_secret(self.alg, &self.secret, b"exp master", transcript_hash)
    }

    /// resumption_master_secret ("res master"), over ClientHello..client
    /// Finished.
    pub fn resumption_master_secret(&self, transcript_hash: &[u8]) -> Secret {
        debug_assert_eq!(self.stage, Stage::Master);
        derive_secret(self.alg, &self.secret, b"res master", transcript_hash)
    }
}

/// A Finished message's `verify_data` (RFC 8446 §4.4.4):
/// HMAC(finished_key, transcript_hash) with finished_key =
/// HKDF-Expand-Label(base_key, "finished", "", Hash.length). `base_key` is
/// the sender's handshake traffic secret.
///
/// Compare a received value with [`Digest::ct_eq`] (constant time).
pub fn finished_verify_data(alg: HashAlg, base_key: &Secret, transcript_hash: &[u8]) -> Digest {
    let finished_key = expand_label_secret(alg, base_key, b"finished", &[]);
    hmac(alg, finished_key.as_bytes(), transcript_hash)
}

/// A PSK binder (RFC 8446 §4.2.11.2): computed like Finished, with the
/// binder key as base key, over the transcript hash up to and including the
/// ClientHello truncated before its binders.
pub fn binder(alg: HashAlg, binder_key: &Secret, truncated_hello_hash: &[u8]) -> Digest {
    finished_verify_data(alg, binder_key, truncated_hello_hash)
}

/// The next application traffic secret of a KeyUpdate (RFC 8446 §7.2):
/// HKDF-Expand-Label(current, "traffic upd", "", Hash.length).
pub fn next_traffic_secret(alg: HashAlg, current: &Secret) -> Secret {
    expand_label_secret(alg, current, b"traffic upd", &[])
}

/// The PSK of a NewSessionTicket (RFC 8446 §4.6.1):
/// HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce,
/// Hash.length).
pub fn resumption_psk(alg: HashAlg, resumption_master: &Secret, ticket_nonce: &[u8]) -> Secret {
    expand_label_secret(alg, resumption_master, b"resumption", ticket_nonce)
}

#[cfg(all(test, feature = "rsa"))]
mod tests {
    use super::*;

    /// SHA-512 (feature `rsa`, signatures only) never indexes past the
    /// key schedule's buffers: every secret is empty.
    #[test]
    fn sha512_gives_empty_secrets() {
        let mut schedule = KeySchedule::new(HashAlg::Sha512, None);
        assert!(schedule.secret().is_empty());
        schedule.enter_handshake(None);
        assert!(schedule.secret().is_empty());
        schedule.enter_master();
        assert!(schedule.secret().is_empty());
        assert!(schedule.application_traffic_secrets(&[0; 64]).0.is_empty());
    }
}
