//! TLS SignatureScheme values (RFC 8446 §4.2.3) that rtls signs or
//! verifies with.

/// A TLS SignatureScheme rtls knows; [`SignatureScheme::wire`] is its
/// code point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u16)]
pub enum SignatureScheme {
    /// ecdsa_secp256r1_sha256.
    EcdsaSecp256r1Sha256 = 0x0403,
    /// ecdsa_secp384r1_sha384.
    EcdsaSecp384r1Sha384 = 0x0503,
    /// ed25519.
    Ed25519 = 0x0807,
    /// rsa_pss_rsae_sha256 (with the `rsa` feature).
    RsaPssRsaeSha256 = 0x0804,
    /// rsa_pss_rsae_sha384 (with the `rsa` feature).
    RsaPssRsaeSha384 = 0x0805,
    /// rsa_pss_rsae_sha512 (with the `rsa` feature).
    RsaPssRsaeSha512 = 0x0806,
    /// rsa_pkcs1_sha256: only for signatures in certificates, never in a
    /// TLS 1.3 CertificateVerify.
    RsaPkcs1Sha256 = 0x0401,
    /// rsa_pkcs1_sha384 (certificates only).
    RsaPkcs1Sha384 = 0x0501,
    /// rsa_pkcs1_sha512 (certificates only).
    RsaPkcs1Sha512 = 0x0601,
}

impl SignatureScheme {
    /// The RSA-PSS schemes an RSA (rsaEncryption) key signs with.
    pub const RSA_PSS_RSAE: [SignatureScheme; 3] =
        [Self::RsaPssRsaeSha256, Self::RsaPssRsaeSha384, Self::RsaPssRsaeSha512];

    /// The code point on the wire.
    pub const fn wire(self) -> u16 {
        self as u16
    }

    /// The scheme with code point `wire`, if rtls knows it.
    pub fn from_wire(wire: u16) -> Option<Self> {
        Some(match wire {
            0x0403 => Self::EcdsaSecp256r1Sha256,
            0x0503 => Self::EcdsaSecp384r1Sha384,
            0x0807 => Self::Ed25519,
            0x0804 => Self::RsaPssRsaeSha256,
            0x0805 => Self::RsaPssRsaeSha384,
            0x0806 => Self::RsaPssRsaeSha512,
            0x0401 => Self::RsaPkcs1Sha256,
            0x0501 => Self::RsaPkcs1Sha384,
            0x0601 => Self::RsaPkcs1Sha512,
            _ => return None,
        })
    }

    /// Its RFC 8446 name.
    pub fn name(self) -> &'static str {
        match self {
            Self::EcdsaSecp256r1Sha256 => "ecdsa_secp256r1_sha256",
            Self::EcdsaSecp384r1Sha384 => "ecdsa_secp384r1_sha384",
            Self::Ed25519 => "ed25519",
            Self::RsaPssRsaeSha256 => "rsa_pss_rsae_sha256",
            Self::RsaPssRsaeSha384 => "rsa_pss_rsae_sha384",
            Self::RsaPssRsaeSha512 => "rsa_pss_rsae_sha512",
            Self::RsaPkcs1Sha256 => "rsa_pkcs1_sha256",
            Self::RsaPkcs1Sha384 => "rsa_pkcs1_sha384",
            Self::RsaPkcs1Sha512 => "rsa_pkcs1_sha512",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SignatureScheme;

    #[test]
    fn wire_values_round_trip() {
        for wire in 0..=u16::MAX {
            if let Some(scheme) = SignatureScheme::from_wire(wire) {
                assert_eq!(scheme.wire(), wire, "{scheme:?}");
            }
        }
        assert_eq!(SignatureScheme::from_wire(0x0403), Some(SignatureScheme::EcdsaSecp256r1Sha256));
        assert_eq!(SignatureScheme::from_wire(0x0808), None);
        assert_eq!(SignatureScheme::RsaPssRsaeSha512.name(), "rsa_pss_rsae_sha512");
    }
}
