//! Matching the server's certificate against the expected name (RFC 6125 /
//! RFC 9525).
//!
//! - An IPv4 or IPv6 literal matches only iPAddress subjectAltName entries.
//! - A DNS name matches dNSName entries, case-insensitively (ASCII), with a
//!   trailing dot on the host name ignored. A wildcard is only allowed as the
//!   entire left-most label and must be followed by at least two labels.
//! - Only a certificate without any subjectAltName falls back to the
//!   subject's commonName values, and only if [`ServerName`] allows it.

use super::cert::{Certificate, GENERAL_NAME_DNS, GENERAL_NAME_IP};
use super::error::CertError;

/// The name the server's certificate must be valid for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerName<'a> {
    /// A DNS name or an IPv4/IPv6 literal.
    pub host: &'a str,
    /// A DNS name may match the subject's commonName of a leaf without any
    /// subjectAltName (legacy, as CPython's
    /// `SSLContext.hostname_checks_common_name`).
    pub common_name_fallback: bool,
}

impl<'a> ServerName<'a> {
    /// `host`, with the commonName fallback allowed (the default).
    pub const fn new(host: &'a str) -> Self {
        ServerName { host, common_name_fallback: true }
    }
}

/// Checks that `cert` is valid for `name`.
pub(crate) fn verify_hostname(cert: &Certificate<'_>, name: &ServerName<'_>) -> Result<(), CertError> {
    let hostname = name.host;
    let matched = match parse_ip(hostname.as_bytes()) {
        Some(ip) => cert
            .alt_names(GENERAL_NAME_IP)
            .any(|entry| entry == ip.as_bytes()),
        None => {
            let host = hostname.as_bytes();
            let host = host.strip_suffix(b".").unwrap_or(host);
            if !is_valid_host(host) {
                false
            } else if cert.subject_alt_name.is_some() {
                cert.alt_names(GENERAL_NAME_DNS)
                    .any(|pattern| dns_name_matches(pattern, host))
            } else {
                name.common_name_fallback && cert.common_names().any(|pattern| dns_name_matches(pattern, host))
            }
        }
    };
    if matched {
        Ok(())
    } else {
        Err(CertError::HostnameMismatch)
    }
}

/// A host name worth matching: non-empty labels, and no `*` (which could
/// otherwise compare equal to a wildcard pattern byte for byte).
fn is_valid_host(host: &[u8]) -> bool {
    !host.is_empty()
        && !host.contains(&b'*')
        && host.split(|&b| b == b'.').all(|label| !label.is_empty())
}

/// Whether a dNSName (or commonName) `pattern` matches `host` (already
/// stripped of its trailing dot).
fn dns_name_matches(pattern: &[u8], host: &[u8]) -> bool {
    let Some(suffix) = pattern.strip_prefix(b"*.") else {
        // Any other `*` (e.g. `f*.example.com`) is a partial-label wildcard:
        // never honoured. The host has no `*`, so a plain compare is enough.
        return pattern.eq_ignore_ascii_case(host);
    };
    // `*.com` must not match everything in `.com`: at least two labels after
    // the wildcard, none of them empty or wild.
    let mut labels = suffix.split(|&b| b == b'.');
    let well_formed = labels.all(|label| !label.is_empty() && !label.contains(&b'*'));
    if !well_formed || !suffix.contains(&b'.') {
        return false;
    }
    // The wildcard stands for exactly one non-empty label.
    match host.iter().position(|&b| b == b'.') {
        Some(dot) if dot > 0 => host
            .get(dot + 1..)
            .is_some_and(|host_suffix| host_suffix.eq_ignore_ascii_case(suffix)),
        _ => false,
    }
}

/// An IP address literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IpAddress {
    V4([u8; 4]),
    V6([u8; 16]),
}

impl IpAddress {
    /// The network-order bytes, as in an iPAddress GeneralName.
    fn as_bytes(&self) -> &[u8] {
        match self {
            IpAddress::V4(bytes) => bytes,
            IpAddress::V6(bytes) => bytes,
        }
    }
}

fn parse_ip(text: &[u8]) -> Option<IpAddress> {
    if let Some(v4) = parse_ipv4(text) {
        return Some(IpAddress::V4(v4));
    }
    parse_ipv6(text).map(IpAddress::V6)
}

/// A dotted quad of decimal octets. Leading zeros are rejected: some
/// resolvers read them as octal, so their meaning is ambiguous.
fn parse_ipv4(text: &[u8]) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut parts = text.split(|&b| b == b'.');
    for byte in out.iter_mut() {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || (part.len() > 1 && part.first() == Some(&b'0')) {
            return None;
        }
        let mut value: u16 = 0;
        for &digit in part {
            if !digit.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u16::from(digit - b'0');
        }
        *byte = u8::try_from(value).ok()?;
    }
    if parts.next().is_some() {
        return None;
    }
    Some(out)
}

/// An IPv6 address in RFC 4291 text form: eight groups of up to four hex
/// digits, at most one `::` standing for one or more zero groups, and
/// optionally a dotted quad as the last 32 bits.
fn parse_ipv6(text: &[u8]) -> Option<[u8; 16]> {
    let (head, tail) = match text.windows(2).position(|pair| pair == b"::") {
        Some(at) => (text.get(..at)?, Some(text.get(at + 2..)?)),
        None => (text, None),
    };
    let mut head_groups = [0u16; 8];
    let mut tail_groups = [0u16; 8];
    let head_count = parse_groups(head, tail.is_none(), &mut head_groups)?;
    let tail_count = match tail {
        Some(tail) => parse_groups(tail, true, &mut tail_groups)?,
        None => 0,
    };
    let total = head_count + tail_count;
    let complete = if tail.is_some() {
        total <= 7
    } else {
        total == 8
    };
    if !complete {
        return None;
    }
    let mut groups = [0u16; 8];
    groups[..head_count].copy_from_slice(&head_groups[..head_count]);
    groups[8 - tail_count..].copy_from_slice(&tail_groups[..tail_count]);
    let mut out = [0u8; 16];
    for (pair, group) in out.chunks_exact_mut(2).zip(groups) {
        pair.copy_from_slice(&group.to_be_bytes());
    }
    Some(out)
}

/// Parses `:`-separated hex groups into `groups`, returning how many there
/// were. If `may_end_with_ipv4`, the last group may be a dotted quad (two
/// groups). An empty `text` is zero groups.
fn parse_groups(text: &[u8], may_end_with_ipv4: bool, groups: &mut [u16; 8]) -> Option<usize> {
    if text.is_empty() {
        return Some(0);
    }
    let mut count = 0;
    let mut parts = text.split(|&b| b == b':').peekable();
    while let Some(part) = parts.next() {
        let is_last = parts.peek().is_none();
        if is_last && may_end_with_ipv4 && part.contains(&b'.') {
            let [a, b, c, d] = parse_ipv4(part)?;
            *groups.get_mut(count)? = u16::from_be_bytes([a, b]);
            *groups.get_mut(count + 1)? = u16::from_be_bytes([c, d]);
            count += 2;
            continue;
        }
        if part.is_empty() || part.len() > 4 {
            return None;
        }
        let mut value: u16 = 0;
        for &digit in part {
            value = value << 4 | char::from(digit).to_digit(16)? as u16;
        }
        *groups.get_mut(count)? = value;
        count += 1;
    }
    Some(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAF: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf.der");
    const LEGACY: &[u8] = include_bytes!("../../../tests/fixtures/x509/legacy.der");
    const SAN_AND_CN: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_by_notca.der");

    fn check(der: &[u8], host: &str) -> bool {
        verify_hostname(&Certificate::parse(der).unwrap(), &ServerName::new(host)).is_ok()
    }

    #[test]
    fn leaf_matrix() {
        // SAN: DNS:localhost, DNS:*.example.com, IP:127.0.0.1, IP:::1.
        for good in [
            "localhost",
            "LOCALHOST",
            "localhost.",
            "a.example.com",
            "WWW.Example.COM",
            "www.example.com.",
            "xn--bcher-kva.example.com",
            "127.0.0.1",
            "::1",
            "0:0:0:0:0:0:0:1",
            "0000::0001",
        ] {
            assert!(check(LEAF, good), "{good} should match");
        }
        for bad in [
            "example.com",
            "a.b.example.com",
            ".example.com",
            "*.example.com",
            "a.example.com..",
            "localhost..",
            "localhost.localdomain",
            "local",
            "",
            ".",
            "127.0.0.2",
            "::2",
            "::",
            "127.000.0.1",
            "::ffff:127.0.0.1",
            "127.0.0.1.",
        ] {
            assert!(!check(LEAF, bad), "{bad:?} should not match");
        }
    }

    #[test]
    fn common_name_only_without_san() {
        assert!(check(LEGACY, "legacy.example"));
        // Switched off, a leaf without SAN matches nothing.
        let no_fallback = |der, host| {
            let name = ServerName { host, common_name_fallback: false };
            verify_hostname(&Certificate::parse(der).unwrap(), &name).is_ok()
        };
        assert!(!no_fallback(LEGACY, "legacy.example"));
        assert!(no_fallback(SAN_AND_CN, "leaf.example"));
        assert!(check(LEGACY, "Legacy.Example."));
        assert!(!check(LEGACY, "other.example"));
        // IP literals never use the commonName.
        assert!(!check(LEGACY, "127.0.0.1"));
        // CN=localhost, SAN DNS:leaf.example: with a SAN present the CN is
        // never consulted.
        assert!(check(SAN_AND_CN, "leaf.example"));
        assert!(!check(SAN_AND_CN, "localhost"));
    }

    #[test]
    fn wildcard_rules() {
        let m = |pattern: &str, host: &str| dns_name_matches(pattern.as_bytes(), host.as_bytes());
        assert!(m("*.example.com", "a.example.com"));
        assert!(m("*.EXAMPLE.com", "a.example.COM"));
        assert!(m("*.co.uk", "example.co.uk"));
        assert!(!m("*.example.com", "example.com"));
        assert!(!m("*.example.com", "a.b.example.com"));
        assert!(!m("*.com", "example.com"));
        assert!(!m("*", "example"));
        assert!(!m("*.", "example."));
        assert!(!m("*.example..com", "a.example..com"));
        assert!(!m("*.*.example.com", "a.b.example.com"));
        assert!(!m("f*.example.com", "foo.example.com"));
        assert!(!m("*oo.example.com", "foo.example.com"));
        assert!(!m("a.*.example.com", "a.b.example.com"));
        assert!(!m("xn--*.example.com", "xn--a.example.com"));
        assert!(!m("**.example.com", "a.example.com"));
        assert!(m("exact.example", "EXACT.example"));
        assert!(!m("exact.example", "exact.example.org"));
    }

    #[test]
    fn ip_literals() {
        assert_eq!(parse_ipv4(b"192.168.1.254"), Some([192, 168, 1, 254]));
        assert_eq!(parse_ipv4(b"0.0.0.0"), Some([0; 4]));
        for bad in [
            "256.0.0.1",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            "01.2.3.4",
            "1.2.3.4 ",
            "a.b.c.d",
            "1.2.3.+4",
        ] {
            assert_eq!(parse_ipv4(bad.as_bytes()), None, "{bad}");
        }
        let v6 = |s: &str| parse_ipv6(s.as_bytes());
        let mut loopback = [0u8; 16];
        loopback[15] = 1;
        assert_eq!(v6("::1"), Some(loopback));
        assert_eq!(v6("::"), Some([0; 16]));
        assert_eq!(
            v6("2001:db8::8a2e:370:7334"),
            Some([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34])
        );
        assert_eq!(v6("2001:DB8:0:0:0:0:0:1"), v6("2001:db8::1"));
        assert_eq!(v6("fe80::"), v6("fe80:0:0:0:0:0:0:0"));
        assert_eq!(
            v6("::ffff:192.0.2.1"),
            Some([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1])
        );
        assert_eq!(v6("1:2:3:4:5:6:7::"), v6("1:2:3:4:5:6:7:0"));
        assert_eq!(
            v6("1:2:3:4:5:6:1.2.3.4").map(|a| a[12..].to_vec()),
            Some(vec![1, 2, 3, 4])
        );
        for bad in [
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:8::",
            "::1::",
            ":::",
            "1:::2",
            ":1:2:3:4:5:6:7",
            "1:2:3:4:5:6:7:",
            "12345::",
            "g::",
            "::1.2.3.4:5",
            "1.2.3.4::",
            "::+1",
            "",
            ":",
            "fe80::1%eth0",
        ] {
            assert_eq!(v6(bad), None, "{bad}");
        }
    }
}
