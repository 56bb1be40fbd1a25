//! A resumable session (RFC 8446 §4.6.1, §2.2): what a NewSessionTicket
//! leaves the client, as a self-contained byte string the application can
//! keep (in RAM, or in flash across an ESP8266 deep sleep) and hand to the
//! next connection.
//!
//! A session is bound to the server it came from (RFC 8446 §4.6.1: a
//! client resumes only where the new server name is valid for the original
//! session's certificate): to the server name it was made for, to how that
//! server was authenticated (verified against which trust anchors, by
//! which external PSK identity, or not at all). A connection offers a
//! session only when its own [`Binding`] is the same; any other session
//! gets a full handshake.
//!
//! Format, version 3, big-endian: `3`, suite (u16), key exchange group
//! (u16, 0 for none), binding (32 bytes), issued_at (i64 unix seconds),
//! lifetime (u32 s), age_add (u32), psk length (u8), psk, ticket length
//! (u16), ticket. Versions 1 (no group, no binding) and 2 (no binding) are
//! still read, and never offered. It holds a secret: treat it like a key.

use super::config::Config;
use crate::engine::crypto::hash::{hmac_parts, HashAlg, MAX_HASH_LEN};
use super::crypto::kx::NamedGroup;
use super::crypto::suite::CipherSuite;
use crate::engine::error::Error;

const VERSION: u8 = 3;
/// Bytes of a session besides its psk and ticket.
pub const OVERHEAD: usize = 1 + 2 + 2 + BINDING_LEN + 8 + 4 + 4 + 1 + 2;
/// Length of a [`Binding`].
pub const BINDING_LEN: usize = 32;

/// What a session is bound to: an HMAC-SHA-256 (keyed with a fixed label)
/// over the server name and the server's authentication, so equal bindings
/// mean equal inputs.
pub type Binding = [u8; BINDING_LEN];

// How the server of a connection is authenticated, in its binding.
const UNAUTHENTICATED: u8 = 0;
const CERTIFICATE: u8 = 1;
const EXTERNAL_PSK: u8 = 2;
/// A certificate, the commonName fallback switched off.
const CERTIFICATE_WITHOUT_COMMON_NAME: u8 = 3;

/// The binding of the sessions a connection with `config` makes and may
/// resume: its server name, and the external PSK identity, or the SHA-256
/// of the trust anchors and whether a commonName may match, or neither (no
/// verification).
pub fn binding_of(config: &Config) -> Binding {
    let name = config.server_name.unwrap_or("").as_bytes();
    let name_len = (name.len() as u16).to_be_bytes();
    let anchors_digest;
    let (kind, authenticator): (u8, &[u8]) = match (config.external_psk, config.trust_anchors) {
        (Some((identity, _)), _) => (EXTERNAL_PSK, identity),
        (None, Some(anchors)) => {
            anchors_digest = HashAlg::Sha256.hash(anchors);
            let kind = if config.hostname_checks_common_name { CERTIFICATE } else { CERTIFICATE_WITHOUT_COMMON_NAME };
            (kind, anchors_digest.as_bytes())
        }
        (None, None) => (UNAUTHENTICATED, &[]),
    };
    let mut mac = [0u8; MAX_HASH_LEN];
    hmac_parts(HashAlg::Sha256, b"rtls session binding", &[&name_len, name, &[kind], authenticator], &mut mac);
    let mut binding = [0u8; BINDING_LEN];
    binding.copy_from_slice(&mac[..BINDING_LEN]);
    binding
}

/// A session, borrowed from its encoding or from a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session<'a> {
    /// The suite of the connection that issued it (its hash binds the PSK).
    pub suite: CipherSuite,
    /// The key exchange group that connection's server chose, so that a
    /// resumption offers its key share first (no HelloRetryRequest from a
    /// server without the board's first group). `None` if unknown.
    pub group: Option<NamedGroup>,
    /// What the session is bound to; `None` for sessions saved before
    /// rtls bound them (versions 1 and 2), which are never offered.
    pub binding: Option<&'a Binding>,
    /// When the ticket arrived (seconds since the unix epoch).
    pub issued_at: i64,
    /// `ticket_lifetime` in seconds.
    pub lifetime: u32,
    /// `ticket_age_add`.
    pub age_add: u32,
    /// The resumption PSK derived for this ticket.
    pub psk: &'a [u8],
    /// The ticket: the PSK identity to offer.
    pub ticket: &'a [u8],
}

impl<'a> Session<'a> {
    /// Writes the session into `out`; `None` if it does not fit or has no
    /// binding.
    pub fn encode(&self, out: &mut [u8]) -> Option<usize> {
        let binding = self.binding?;
        let len = OVERHEAD + self.psk.len() + self.ticket.len();
        let out = out.get_mut(..len)?;
        let psk_len = u8::try_from(self.psk.len()).ok()?;
        let ticket_len = u16::try_from(self.ticket.len()).ok()?;
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            out[at..at + bytes.len()].copy_from_slice(bytes);
            at += bytes.len();
        };
        put(&[VERSION]);
        put(&self.suite.code().to_be_bytes());
        put(&self.group.map_or(0, NamedGroup::code).to_be_bytes());
        put(binding);
        put(&self.issued_at.to_be_bytes());
        put(&self.lifetime.to_be_bytes());
        put(&self.age_add.to_be_bytes());
        put(&[psk_len]);
        put(self.psk);
        put(&ticket_len.to_be_bytes());
        put(self.ticket);
        Some(len)
    }

    /// Reads a session written by [`Session::encode`].
    pub fn decode(data: &'a [u8]) -> Result<Self, Error> {
        let mut rest = data;
        let mut take = |n: usize| -> Result<&'a [u8], Error> {
            let (head, tail) = rest.split_at_checked(n).ok_or(Error::BadConfig)?;
            rest = tail;
            Ok(head)
        };
        let version = take(1)?[0];
        if !(1..=VERSION).contains(&version) {
            return Err(Error::BadConfig);
        }
        let suite = CipherSuite::from_code(u16::from_be_bytes(take(2)?.try_into().map_err(|_| Error::BadConfig)?))
            .ok_or(Error::BadConfig)?;
        // A group this build does not have is only a hint lost.
        let group = match version {
            1 => None,
            _ => NamedGroup::from_code(u16::from_be_bytes(take(2)?.try_into().map_err(|_| Error::BadConfig)?)),
        };
        let binding = match version {
            1 | 2 => None,
            _ => Some(take(BINDING_LEN)?.try_into().map_err(|_| Error::BadConfig)?),
        };
        let issued_at = i64::from_be_bytes(take(8)?.try_into().map_err(|_| Error::BadConfig)?);
        let lifetime = u32::from_be_bytes(take(4)?.try_into().map_err(|_| Error::BadConfig)?);
        let age_add = u32::from_be_bytes(take(4)?.try_into().map_err(|_| Error::BadConfig)?);
        let psk_len = usize::from(take(1)?[0]);
        let psk = take(psk_len)?;
        if psk.len() != suite.hash().output_len() {
            return Err(Error::BadConfig);
        }
        let ticket_len = usize::from(u16::from_be_bytes(take(2)?.try_into().map_err(|_| Error::BadConfig)?));
        let ticket = take(ticket_len)?;
        if ticket.is_empty() || !rest.is_empty() {
            return Err(Error::BadConfig);
        }
        Ok(Session { suite, group, binding, issued_at, lifetime, age_add, psk, ticket })
    }

    /// Whether a connection whose binding is `binding` may offer this
    /// session.
    pub fn is_bound_to(&self, binding: &Binding) -> bool {
        self.binding == Some(binding)
    }

    /// Whether the ticket may still be offered at `now`.
    pub fn is_valid_at(&self, now: i64) -> bool {
        now >= self.issued_at && now - self.issued_at < i64::from(self.lifetime)
    }

    /// The obfuscated ticket age to send at `now` (RFC 8446 §4.2.11.1).
    pub fn obfuscated_age(&self, now: i64) -> u32 {
        let age_ms = (now - self.issued_at).max(0) as u64 * 1000;
        (age_ms as u32).wrapping_add(self.age_add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejections() {
        let session = Session {
            suite: CipherSuite::Aes256GcmSha384,
            group: Some(NamedGroup::Secp256r1),
            binding: Some(&[9; BINDING_LEN]),
            issued_at: 1_800_000_000,
            lifetime: 7200,
            age_add: 0xdead_beef,
            psk: &[7; 48],
            ticket: &[1, 2, 3],
        };
        let mut buf = [0u8; 128];
        let len = session.encode(&mut buf).unwrap();
        assert_eq!(Session::decode(&buf[..len]), Ok(session));
        assert_eq!(Session::decode(&buf[..len - 1]), Err(Error::BadConfig));
        let mut longer = buf;
        longer[len] = 0;
        assert_eq!(Session::decode(&longer[..len + 1]), Err(Error::BadConfig));
        for version in [0, 4] {
            let mut other = buf;
            other[0] = version;
            assert_eq!(Session::decode(&other[..len]), Err(Error::BadConfig));
        }
        assert!(session.encode(&mut [0u8; 20]).is_none());
        assert!(Session { binding: None, ..session }.encode(&mut buf).is_none(), "unbound sessions are not written");
        // No group, and a group this build does not know: both read as none.
        let none = Session { group: None, ..session };
        let len = none.encode(&mut buf).unwrap();
        assert_eq!(&buf[3..5], [0, 0]);
        assert_eq!(Session::decode(&buf[..len]), Ok(none));
        buf[3..5].copy_from_slice(&0x001e_u16.to_be_bytes());
        assert_eq!(Session::decode(&buf[..len]), Ok(none));
    }

    /// Sessions saved by rtls before they were bound (versions 1 and 2)
    /// still read, unbound: never offered.
    #[test]
    fn reads_versions_1_and_2_unbound() {
        let session = Session {
            suite: CipherSuite::Aes128GcmSha256,
            group: None,
            binding: None,
            issued_at: 1_800_000_000,
            lifetime: 7200,
            age_add: 7,
            psk: &[5; 32],
            ticket: &[1, 2, 3],
        };
        let mut version_1 = vec![1, 0x13, 0x01];
        version_1.extend_from_slice(&1_800_000_000_i64.to_be_bytes());
        version_1.extend_from_slice(&7200_u32.to_be_bytes());
        version_1.extend_from_slice(&7_u32.to_be_bytes());
        version_1.push(32);
        version_1.extend_from_slice(&[5; 32]);
        version_1.extend_from_slice(&[0, 3, 1, 2, 3]);
        assert_eq!(Session::decode(&version_1), Ok(session));
        let mut version_2 = version_1.clone();
        version_2[0] = 2;
        version_2.splice(3..3, [0x00, 0x17]);
        let read = Session::decode(&version_2).unwrap();
        assert_eq!(read, Session { group: Some(NamedGroup::Secp256r1), ..session });
        assert!(!read.is_bound_to(&binding_of(&Config::new(0))));
    }

    /// Each input of the binding changes it: the server name, verification
    /// on or off, the trust anchors, the commonName fallback, an external
    /// PSK identity.
    #[test]
    fn binding_covers_name_and_authentication() {
        let config = |name: Option<&'static str>, anchors: Option<&'static [u8]>, identity: Option<&'static [u8]>| {
            let mut config = Config::new(0);
            config.server_name = name;
            config.trust_anchors = anchors;
            config.external_psk = identity.map(|identity| (identity, &b"key"[..]));
            binding_of(&config)
        };
        let without_common_name = {
            let mut config = Config::new(0);
            config.server_name = Some("broker.local");
            config.trust_anchors = Some(b"CA one");
            config.hostname_checks_common_name = false;
            binding_of(&config)
        };
        let verified = config(Some("broker.local"), Some(b"CA one"), None);
        assert_eq!(verified, config(Some("broker.local"), Some(b"CA one"), None));
        let others = [
            config(Some("other.local"), Some(b"CA one"), None),
            config(None, Some(b"CA one"), None),
            config(Some("broker.local"), Some(b"CA two"), None),
            config(Some("broker.local"), None, None),
            config(Some("broker.local"), None, Some(b"device-7")),
            config(Some("broker.local"), None, Some(b"device-8")),
            without_common_name,
        ];
        for (i, other) in others.iter().enumerate() {
            assert_ne!(&verified, other, "input {i}");
            assert!(others[..i].iter().all(|earlier| earlier != other), "input {i}");
        }
        let session = Session {
            suite: CipherSuite::Aes128GcmSha256,
            group: None,
            binding: Some(&verified),
            issued_at: 0,
            lifetime: 60,
            age_add: 0,
            psk: &[0; 32],
            ticket: &[9],
        };
        assert!(session.is_bound_to(&verified));
        assert!(others.iter().all(|other| !session.is_bound_to(other)));
    }

    #[test]
    fn validity_and_age() {
        let session = Session {
            suite: CipherSuite::Aes128GcmSha256,
            group: None,
            binding: None,
            issued_at: 1000,
            lifetime: 60,
            age_add: 5,
            psk: &[0; 32],
            ticket: &[9],
        };
        assert!(session.is_valid_at(1000) && session.is_valid_at(1059));
        assert!(!session.is_valid_at(1060) && !session.is_valid_at(999));
        assert_eq!(session.obfuscated_age(1002), 2005);
    }
}
