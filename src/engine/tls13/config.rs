//! What a connection is told before its handshake.

use heapless::Vec;

use super::crypto::kx::NamedGroup;
use super::crypto::suite::CipherSuite;
use crate::engine::board;
use crate::engine::crypto::SignatureScheme;
use crate::engine::x509::PrivateKey;

/// Most cipher suites a configuration lists (every suite the engine has).
pub const SUITES_MAX: usize = CipherSuite::ALL.len();
/// Most groups a configuration lists (every group the engine has).
pub const GROUPS_MAX: usize = NamedGroup::ALL.len();

/// Cipher suites in the board's order of preference (see [`board`]).
pub const DEFAULT_SUITES: [CipherSuite; board::SUITES.len()] = suites_from_codes(board::SUITES);

/// Groups in the board's order of preference (see [`board`]): the first
/// gets a key share in the ClientHello, the others are listed for a
/// HelloRetryRequest.
pub const DEFAULT_GROUPS: [NamedGroup; board::GROUPS.len()] = groups_from_codes(board::GROUPS);

/// The suites with these IANA codes; an unknown or repeated code is a
/// build error (this runs at compile time).
const fn suites_from_codes<const N: usize>(codes: [u16; N]) -> [CipherSuite; N] {
    assert!(N > 0 && N <= SUITES_MAX, "board SUITES: one to three suites");
    let mut suites = [CipherSuite::Aes128GcmSha256; N];
    let mut i = 0;
    while i < N {
        let mut j = 0;
        while j < i {
            assert!(codes[j] != codes[i], "board SUITES: a suite is listed twice");
            j += 1;
        }
        suites[i] = match CipherSuite::from_code(codes[i]) {
            Some(suite) => suite,
            None => panic!("board SUITES: not a TLS 1.3 suite this engine has"),
        };
        i += 1;
    }
    suites
}

/// The groups with these IANA codes; an unknown or repeated code is a
/// build error (this runs at compile time).
const fn groups_from_codes<const N: usize>(codes: [u16; N]) -> [NamedGroup; N] {
    assert!(N > 0 && N <= GROUPS_MAX, "board GROUPS: one or two groups");
    let mut groups = [NamedGroup::X25519; N];
    let mut i = 0;
    while i < N {
        let mut j = 0;
        while j < i {
            assert!(codes[j] != codes[i], "board GROUPS: a group is listed twice");
            j += 1;
        }
        groups[i] = match NamedGroup::from_code(codes[i]) {
            Some(group) => group,
            None => panic!("board GROUPS: not a group this engine has"),
        };
        i += 1;
    }
    groups
}

/// Signature schemes the verifier checks, in the order offered, each with
/// whether this build has it: ECDSA P-256/P-384 with SHA-2; Ed25519 with the
/// `ed25519` feature; with the `rsa` feature RSA-PSS, and PKCS#1 v1.5 for
/// certificate signatures only (signature_algorithms also covers the chain,
/// RFC 8446 §4.2.3).
const SCHEMES: [(SignatureScheme, bool); 9] = [
    (SignatureScheme::EcdsaSecp256r1Sha256, true),
    (SignatureScheme::EcdsaSecp384r1Sha384, true),
    (SignatureScheme::Ed25519, cfg!(feature = "ed25519")),
    (SignatureScheme::RsaPssRsaeSha256, cfg!(feature = "rsa")),
    (SignatureScheme::RsaPssRsaeSha384, cfg!(feature = "rsa")),
    (SignatureScheme::RsaPssRsaeSha512, cfg!(feature = "rsa")),
    (SignatureScheme::RsaPkcs1Sha256, cfg!(feature = "rsa")),
    (SignatureScheme::RsaPkcs1Sha384, cfg!(feature = "rsa")),
    (SignatureScheme::RsaPkcs1Sha512, cfg!(feature = "rsa")),
];

/// How many of [`SCHEMES`] this build has.
const SCHEMES_BUILT: usize = {
    let (mut count, mut i) = (0, 0);
    while i < SCHEMES.len() {
        count += SCHEMES[i].1 as usize;
        i += 1;
    }
    count
};

/// The signature_algorithms offered: the schemes of [`SCHEMES`] this build
/// verifies, in order.
pub const SIGNATURE_SCHEMES: [u16; SCHEMES_BUILT] = {
    let mut schemes = [0u16; SCHEMES_BUILT];
    let (mut next, mut i) = (0, 0);
    while i < SCHEMES.len() {
        if SCHEMES[i].1 {
            schemes[next] = SCHEMES[i].0.wire();
            next += 1;
        }
        i += 1;
    }
    schemes
};

/// Connection settings; everything borrowed lives as long as the connection.
pub struct Config<'a> {
    /// Sent as SNI (unless an IP literal) and checked against the certificate.
    pub server_name: Option<&'a str>,
    /// A leaf without any subjectAltName may match `server_name` on its
    /// subject's commonName (legacy; CPython's name, and its default).
    pub hostname_checks_common_name: bool,
    /// Trust anchors as concatenated DER; `None` turns verification off.
    pub trust_anchors: Option<&'a [u8]>,
    /// Client certificate chain as concatenated DER, leaf first.
    pub client_chain: Option<&'a [u8]>,
    /// The client certificate's private key (an RSA key borrows its DER).
    pub client_key: Option<PrivateKey<'a>>,
    /// Seconds since the unix epoch, for certificate validity.
    pub now: i64,
    /// Cipher suites to offer, most preferred first.
    pub suites: Vec<CipherSuite, SUITES_MAX>,
    /// Key exchange groups to offer, most preferred first.
    pub groups: Vec<NamedGroup, GROUPS_MAX>,
    /// ALPN protocol names to offer, in wire format: each name preceded by
    /// its length byte (empty: no ALPN). See `alpn_names`.
    pub alpn: &'a [u8],
    /// RFC 6066 max_fragment_length code (1..=4: 512..4096) to request.
    pub max_fragment_length: Option<u8>,
    /// A session from an earlier connection (see [`Session`](super::Session)) to
    /// resume; ignored when expired or unparsable.
    pub resumption: Option<&'a [u8]>,
    /// An external pre-shared key (identity, key) to offer instead of a
    /// session; the server is then authenticated by the key alone.
    pub external_psk: Option<(&'a [u8], &'a [u8])>,
    /// With an external PSK, offer psk_ke only (no ECDHE: no forward
    /// secrecy, but no key exchange cost; for peers that require it).
    pub psk_ke: bool,
}

impl<'a> Config<'a> {
    /// Defaults: no verification, no client certificate, the board's
    /// suites, groups and record size.
    pub fn new(now: i64) -> Self {
        Config {
            server_name: None,
            hostname_checks_common_name: true,
            trust_anchors: None,
            client_chain: None,
            client_key: None,
            now,
            suites: Vec::from_array(DEFAULT_SUITES),
            groups: Vec::from_array(DEFAULT_GROUPS),
            alpn: b"",
            max_fragment_length: board::MAX_FRAGMENT_LENGTH,
            resumption: None,
            external_psk: None,
            psk_ke: false,
        }
    }

    /// The largest plaintext fragment both sides will use.
    pub fn fragment_limit(&self) -> usize {
        match self.max_fragment_length {
            Some(code @ 1..=4) => 256 << code,
            _ => super::record::MAX_FRAGMENT,
        }
    }
}

/// The names in a wire-format ALPN list; stops at a malformed entry
/// (callers build the list with [`encode_alpn`]).
pub fn alpn_names(list: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = list;
    core::iter::from_fn(move || {
        let (&len, tail) = rest.split_first()?;
        let (name, tail) = tail.split_at_checked(usize::from(len))?;
        rest = tail;
        (!name.is_empty()).then_some(name)
    })
}

/// Most ALPN names offered.
pub const ALPN_NAMES_MAX: usize = 8;

/// Writes `names` as a wire-format ALPN list into `out`; `None` if a name
/// is empty or longer than 255 bytes, there are too many, or `out` is short.
#[cfg(any(test, feature = "micropython"))]
pub fn encode_alpn<'n>(names: impl Iterator<Item = &'n [u8]>, out: &mut [u8]) -> Option<usize> {
    let mut at = 0;
    for (count, name) in names.enumerate() {
        let len = u8::try_from(name.len()).ok().filter(|&len| len > 0 && count < ALPN_NAMES_MAX)?;
        let entry = out.get_mut(at..at + 1 + name.len())?;
        entry[0] = len;
        entry[1..].copy_from_slice(name);
        at += entry.len();
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpn_lists_round_trip() {
        let mut out = [0u8; 32];
        let len = encode_alpn([&b"mqtt"[..], b"h2"].into_iter(), &mut out).unwrap();
        assert_eq!(&out[..len], b"\x04mqtt\x02h2");
        let names: heapless::Vec<&[u8], 4> = alpn_names(&out[..len]).collect();
        assert_eq!(names.as_slice(), [&b"mqtt"[..], b"h2"]);
        drop(names);
        assert!(encode_alpn([&b""[..]].into_iter(), &mut out).is_none());
        assert!(encode_alpn([&b"abc"[..]].into_iter(), &mut out[..3]).is_none());
        assert_eq!(alpn_names(b"\x05ab").count(), 0);
    }
}
