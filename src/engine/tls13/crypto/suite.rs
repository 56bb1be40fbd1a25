//! The TLS 1.3 cipher suites (RFC 8446 §B.4) this engine implements.

use crate::engine::crypto::aead::Aead;
use crate::engine::crypto::HashAlg;

/// A TLS 1.3 cipher suite this engine implements.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CipherSuite {
    /// TLS_AES_128_GCM_SHA256 (0x1301).
    Aes128GcmSha256,
    /// TLS_AES_256_GCM_SHA384 (0x1302).
    Aes256GcmSha384,
    /// TLS_CHACHA20_POLY1305_SHA256 (0x1303).
    Chacha20Poly1305Sha256,
}

impl CipherSuite {
    /// Every suite, in the engine's order of preference.
    pub const ALL: [CipherSuite; 3] = [
        CipherSuite::Aes128GcmSha256,
        CipherSuite::Aes256GcmSha384,
        CipherSuite::Chacha20Poly1305Sha256,
    ];

    /// The suite with this TLS code point, if this engine implements it.
    pub const fn from_code(code: u16) -> Option<Self> {
        match code {
            0x1301 => Some(CipherSuite::Aes128GcmSha256),
            0x1302 => Some(CipherSuite::Aes256GcmSha384),
            0x1303 => Some(CipherSuite::Chacha20Poly1305Sha256),
            _ => None,
        }
    }

    /// The suite's TLS code point.
    pub fn code(self) -> u16 {
        match self {
            CipherSuite::Aes128GcmSha256 => 0x1301,
            CipherSuite::Aes256GcmSha384 => 0x1302,
            CipherSuite::Chacha20Poly1305Sha256 => 0x1303,
        }
    }

    /// The suite's IANA name, such as `"TLS_AES_128_GCM_SHA256"`.
    pub fn name(self) -> &'static str {
        match self {
            CipherSuite::Aes128GcmSha256 => "TLS_AES_128_GCM_SHA256",
            CipherSuite::Aes256GcmSha384 => "TLS_AES_256_GCM_SHA384",
            CipherSuite::Chacha20Poly1305Sha256 => "TLS_CHACHA20_POLY1305_SHA256",
        }
    }

    /// The suite with this name: the IANA name (as [`name`](Self::name)
    /// gives it, also OpenSSL's) or mbedTLS's (`TLS1-3-AES-128-GCM-SHA256`).
    pub fn from_name(name: &str) -> Option<Self> {
        let iana = |suite: &CipherSuite| suite.name() == name;
        let mbedtls = |suite: &CipherSuite| {
            let (Some(iana), Some(rest)) = (suite.name().strip_prefix("TLS_"), name.strip_prefix("TLS1-3-")) else {
                return false;
            };
            iana.len() == rest.len() && iana.bytes().zip(rest.bytes()).all(|(a, b)| a == b || (a == b'_' && b == b'-'))
        };
        Self::ALL.into_iter().find(|suite| iana(suite) || mbedtls(suite))
    }

    /// The hash of the suite's key schedule and transcript.
    pub fn hash(self) -> HashAlg {
        match self {
            CipherSuite::Aes128GcmSha256 | CipherSuite::Chacha20Poly1305Sha256 => HashAlg::Sha256,
            CipherSuite::Aes256GcmSha384 => HashAlg::Sha384,
        }
    }

    /// The suite's AEAD algorithm.
    pub fn aead(self) -> Aead {
        match self {
            CipherSuite::Aes128GcmSha256 | CipherSuite::Aes256GcmSha384 => Aead::AesGcm,
            CipherSuite::Chacha20Poly1305Sha256 => Aead::ChaCha20Poly1305,
        }
    }

    /// Length of the suite's AEAD key in bytes.
    pub fn key_len(self) -> usize {
        match self {
            CipherSuite::Aes128GcmSha256 => 16,
            CipherSuite::Aes256GcmSha384 | CipherSuite::Chacha20Poly1305Sha256 => 32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for suite in CipherSuite::ALL {
            assert_eq!(CipherSuite::from_name(suite.name()), Some(suite));
        }
        assert_eq!(CipherSuite::from_name("TLS1-3-CHACHA20-POLY1305-SHA256"), Some(CipherSuite::Chacha20Poly1305Sha256));
        assert_eq!(CipherSuite::from_name("TLS1-3-AES-256-GCM-SHA384"), Some(CipherSuite::Aes256GcmSha384));
        for unknown in ["", "TLS_AES_128_CCM_SHA256", "TLS1-3-AES-128-GCM-SHA384", "TLS1-3_AES_128_GCM_SHA256", "tls_aes_128_gcm_sha256"] {
            assert_eq!(CipherSuite::from_name(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for suite in CipherSuite::ALL {
            assert_eq!(CipherSuite::from_code(suite.code()), Some(suite));
        }
        assert_eq!(CipherSuite::from_code(0x1304), None); // TLS_AES_128_CCM_SHA256
        assert_eq!(CipherSuite::from_code(0x0000), None);
        assert_eq!(
            CipherSuite::Aes256GcmSha384.name(),
            "TLS_AES_256_GCM_SHA384"
        );
        assert_eq!(CipherSuite::Aes256GcmSha384.hash(), HashAlg::Sha384);
        assert_eq!(CipherSuite::Chacha20Poly1305Sha256.hash(), HashAlg::Sha256);
    }
}
