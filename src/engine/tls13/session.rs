//! A resumable session (RFC 8446 §4.6.1, §2.2): what a NewSessionTicket
//! leaves the client, as a self-contained byte string the application can
//! keep (in RAM, or in flash across an ESP8266 deep sleep) and hand to the
//! next connection.
//!
//! Format, version 2, big-endian: `2`, suite (u16), key exchange group
//! (u16, 0 for none), issued_at (i64 unix seconds), lifetime (u32 s),
//! age_add (u32), psk length (u8), psk, ticket length (u16), ticket.
//! Version 1 (no group) is still read. It holds a secret: treat it like a
//! key.

use super::crypto::kx::NamedGroup;
use super::crypto::suite::CipherSuite;
use crate::engine::error::Error;

const VERSION: u8 = 2;
/// Bytes of a session besides its psk and ticket.
pub const OVERHEAD: usize = 1 + 2 + 2 + 8 + 4 + 4 + 1 + 2;

/// A session, borrowed from its encoding or from a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session<'a> {
    /// The suite of the connection that issued it (its hash binds the PSK).
    pub suite: CipherSuite,
    /// The key exchange group that connection's server chose, so that a
    /// resumption offers its key share first (no HelloRetryRequest from a
    /// server without the board's first group). `None` if unknown.
    pub group: Option<NamedGroup>,
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
    /// Writes the session into `out`; `None` if it does not fit.
    pub fn encode(&self, out: &mut [u8]) -> Option<usize> {
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
        Ok(Session { suite, group, issued_at, lifetime, age_add, psk, ticket })
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
        for version in [0, 3] {
            let mut other = buf;
            other[0] = version;
            assert_eq!(Session::decode(&other[..len]), Err(Error::BadConfig));
        }
        assert!(session.encode(&mut [0u8; 20]).is_none());
        // No group, and a group this build does not know: both read as none.
        let none = Session { group: None, ..session };
        let len = none.encode(&mut buf).unwrap();
        assert_eq!(&buf[3..5], [0, 0]);
        assert_eq!(Session::decode(&buf[..len]), Ok(none));
        buf[3..5].copy_from_slice(&0x001e_u16.to_be_bytes());
        assert_eq!(Session::decode(&buf[..len]), Ok(none));
    }

    /// Sessions saved by rtls before the group was kept (version 1) still
    /// resume.
    #[test]
    fn reads_version_1() {
        let session = Session {
            suite: CipherSuite::Aes128GcmSha256,
            group: None,
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
    }

    #[test]
    fn validity_and_age() {
        let session = Session {
            suite: CipherSuite::Aes128GcmSha256,
            group: None,
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
