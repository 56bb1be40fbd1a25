//! What a connection is told before its handshake.

use super::crypto::kx::NamedGroup;
use super::crypto::suite::CipherSuite;
use crate::engine::x509::PrivateKey;

/// Cipher suites in the default order of preference: AES-GCM first (fast
/// where AES is cheap), ChaCha20-Poly1305 for servers that prefer it.
pub const DEFAULT_SUITES: [CipherSuite; 3] =
    [CipherSuite::Aes128GcmSha256, CipherSuite::Chacha20Poly1305Sha256, CipherSuite::Aes256GcmSha384];

/// Groups in the default order of preference: the first gets a key share
/// in the ClientHello, the others are listed for a HelloRetryRequest.
pub const DEFAULT_GROUPS: [NamedGroup; 2] = [NamedGroup::X25519, NamedGroup::Secp256r1];

/// Signature schemes the verifier checks (ECDSA P-256/P-384 with SHA-2).
pub const SIGNATURE_SCHEMES: [u16; 2] = [0x0403, 0x0503];

/// Connection settings; everything borrowed lives as long as the connection.
pub struct Config<'a> {
    /// Sent as SNI (unless an IP literal) and checked against the certificate.
    pub server_name: Option<&'a str>,
    /// Trust anchors as concatenated DER; `None` turns verification off.
    pub trust_anchors: Option<&'a [u8]>,
    /// Client certificate chain as concatenated DER, leaf first.
    pub client_chain: Option<&'a [u8]>,
    /// The client certificate's private key.
    pub client_key: Option<PrivateKey>,
    /// Seconds since the unix epoch, for certificate validity.
    pub now: i64,
    /// Cipher suites to offer, most preferred first.
    pub suites: &'a [CipherSuite],
    /// Key exchange groups to offer, most preferred first.
    pub groups: &'a [NamedGroup],
    /// ALPN protocol names to offer (empty: no ALPN).
    pub alpn: &'a [&'a [u8]],
    /// RFC 6066 max_fragment_length code (1..=4: 512..4096) to request.
    pub max_fragment_length: Option<u8>,
    /// A session from an earlier connection (see [`super::session`]) to
    /// resume; ignored when expired or unparsable.
    pub resumption: Option<&'a [u8]>,
}

impl<'a> Config<'a> {
    /// Defaults: no verification, no client certificate, default suites
    /// and groups, full-size records.
    pub fn new(now: i64) -> Self {
        Config {
            server_name: None,
            trust_anchors: None,
            client_chain: None,
            client_key: None,
            now,
            suites: &DEFAULT_SUITES,
            groups: &DEFAULT_GROUPS,
            alpn: &[],
            max_fragment_length: None,
            resumption: None,
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
