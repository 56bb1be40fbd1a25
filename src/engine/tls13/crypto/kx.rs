//! Ephemeral key exchange for the key_share extension (RFC 8446 §4.2.8):
//! X25519 and secp256r1 (P-256).

use core::fmt;

use rand_core::CryptoRngCore;

use crate::engine::crypto::provider::KeyExchange;
use crate::engine::crypto::{Secp256r1, Secret, X25519};
use crate::engine::error::Error;

pub use crate::engine::crypto::provider::MAX_PUBLIC_KEY_LEN;

/// A key exchange group this engine implements.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NamedGroup {
    /// x25519 (0x001d).
    X25519,
    /// secp256r1, NIST P-256 (0x0017).
    Secp256r1,
}

impl NamedGroup {
    /// Every group, in the engine's order of preference.
    pub const ALL: [NamedGroup; 2] = [NamedGroup::X25519, NamedGroup::Secp256r1];

    /// The group with this TLS code point, if this engine implements it.
    pub const fn from_code(code: u16) -> Option<Self> {
        match code {
            0x001d => Some(NamedGroup::X25519),
            0x0017 => Some(NamedGroup::Secp256r1),
            _ => None,
        }
    }

    /// The group's name in TLS (RFC 8446 §4.2.7).
    pub fn name(self) -> &'static str {
        match self {
            NamedGroup::X25519 => "x25519",
            NamedGroup::Secp256r1 => "secp256r1",
        }
    }

    /// The group with this name: its TLS name, or for P-256 also
    /// `prime256v1` and `P-256`; case-insensitive.
    pub fn from_name(name: &str) -> Option<Self> {
        let is = |other: &str| name.eq_ignore_ascii_case(other);
        if is("x25519") {
            Some(NamedGroup::X25519)
        } else if is("secp256r1") || is("prime256v1") || is("P-256") {
            Some(NamedGroup::Secp256r1)
        } else {
            None
        }
    }

    /// The group's TLS code point.
    pub fn code(self) -> u16 {
        match self {
            NamedGroup::X25519 => 0x001d,
            NamedGroup::Secp256r1 => 0x0017,
        }
    }

    /// Length of the group's key_exchange bytes: 32 for X25519, 65 (an
    /// uncompressed SEC1 point) for P-256.
    pub fn public_key_len(self) -> usize {
        match self {
            NamedGroup::X25519 => 32,
            NamedGroup::Secp256r1 => 65,
        }
    }
}

/// An ephemeral key exchange secret for one key_share. The scalar is
/// overwritten with zeros when dropped; `Debug` does not show it.
pub enum EphemeralSecret {
    /// An X25519 scalar.
    X25519(<X25519 as KeyExchange>::Secret),
    /// A P-256 scalar.
    Secp256r1(<Secp256r1 as KeyExchange>::Secret),
}

impl EphemeralSecret {
    /// A fresh secret for `group` from `rng`.
    pub fn generate(group: NamedGroup, rng: &mut impl CryptoRngCore) -> Self {
        match group {
            NamedGroup::X25519 => EphemeralSecret::X25519(X25519::generate(rng)),
            NamedGroup::Secp256r1 => EphemeralSecret::Secp256r1(Secp256r1::generate(rng)),
        }
    }

    /// A secret from fixed bytes (a published test vector's private key):
    /// `None` for a wrong length or an invalid P-256 scalar.
    pub(crate) fn from_bytes(group: NamedGroup, bytes: &[u8]) -> Option<Self> {
        match group {
            NamedGroup::X25519 => X25519::from_bytes(bytes).map(EphemeralSecret::X25519),
            NamedGroup::Secp256r1 => Secp256r1::from_bytes(bytes).map(EphemeralSecret::Secp256r1),
        }
    }

    /// The secret's group.
    pub fn group(&self) -> NamedGroup {
        match self {
            EphemeralSecret::X25519(_) => NamedGroup::X25519,
            EphemeralSecret::Secp256r1(_) => NamedGroup::Secp256r1,
        }
    }

    /// Writes the key_share key_exchange bytes to the start of `out` and
    /// returns their length: 32 for X25519, 65 (uncompressed SEC1) for
    /// P-256.
    pub fn public_key(&self, out: &mut [u8; MAX_PUBLIC_KEY_LEN]) -> usize {
        match self {
            EphemeralSecret::X25519(secret) => X25519::public_key(secret, out),
            EphemeralSecret::Secp256r1(secret) => Secp256r1::public_key(secret, out),
        }
    }

    /// The shared secret with the server's key_exchange bytes `peer`.
    ///
    /// `Err(Error::Malformed)` for a value of the wrong length, a P-256
    /// point that is not uncompressed, not on the curve or the identity,
    /// and an all-zero X25519 result (a small-order point, RFC 8446 §7.4.2).
    pub fn diffie_hellman(&self, peer: &[u8]) -> Result<Secret, Error> {
        match self {
            EphemeralSecret::X25519(secret) => X25519::diffie_hellman(secret, peer),
            EphemeralSecret::Secp256r1(secret) => Secp256r1::diffie_hellman(secret, peer),
        }
    }
}

impl fmt::Debug for EphemeralSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EphemeralSecret({:?}, ..)", self.group())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn group_names() {
        for group in NamedGroup::ALL {
            assert_eq!(NamedGroup::from_name(group.name()), Some(group));
        }
        assert_eq!(NamedGroup::from_name("P-256"), Some(NamedGroup::Secp256r1));
        assert_eq!(NamedGroup::from_name("prime256v1"), Some(NamedGroup::Secp256r1));
        assert_eq!(NamedGroup::from_name("X25519"), Some(NamedGroup::X25519));
        assert_eq!(NamedGroup::from_name("x448"), None);
        assert_eq!(NamedGroup::from_name("secp384r1"), None);
    }

    use super::*;
    use crate::engine::crypto::tests::hex;
    use rand_chacha::rand_core::SeedableRng;
    use rand_chacha::ChaCha20Rng;

    #[test]
    fn group_codes() {
        for group in NamedGroup::ALL {
            assert_eq!(NamedGroup::from_code(group.code()), Some(group));
        }
        assert_eq!(NamedGroup::from_code(0x0018), None); // secp384r1
        assert_eq!(NamedGroup::from_code(0x001e), None); // x448
    }

    /// RFC 7748 §6.1 (Alice and Bob).
    #[test]
    fn x25519_rfc7748() {
        let alice_private = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        let alice_public = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        let bob_private = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        let bob_public = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        let shared = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

        let alice = EphemeralSecret::from_bytes(NamedGroup::X25519, &alice_private).unwrap();
        let bob = EphemeralSecret::from_bytes(NamedGroup::X25519, &bob_private).unwrap();
        let mut out = [0u8; MAX_PUBLIC_KEY_LEN];
        assert_eq!(alice.public_key(&mut out), 32);
        assert_eq!(out[..32], alice_public[..]);
        assert_eq!(bob.public_key(&mut out), 32);
        assert_eq!(out[..32], bob_public[..]);
        assert_eq!(
            alice.diffie_hellman(&bob_public).unwrap().as_bytes(),
            &shared[..]
        );
        assert_eq!(
            bob.diffie_hellman(&alice_public).unwrap().as_bytes(),
            &shared[..]
        );
        assert_eq!(alice.group(), NamedGroup::X25519);
        assert_eq!(format!("{alice:?}"), "EphemeralSecret(X25519, ..)");
    }

    #[test]
    fn x25519_rejects_bad_points() {
        let mut rng = ChaCha20Rng::seed_from_u64(1);
        let secret = EphemeralSecret::generate(NamedGroup::X25519, &mut rng);
        // Small-order points (RFC 7748 §7; libsodium's blocklist): the
        // result is all zeros.
        let small_order = [
            hex("0000000000000000000000000000000000000000000000000000000000000000"),
            hex("0100000000000000000000000000000000000000000000000000000000000000"),
            hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
            hex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
            hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        ];
        for point in &small_order {
            assert_eq!(secret.diffie_hellman(point).unwrap_err(), Error::Malformed);
        }
        assert_eq!(
            secret.diffie_hellman(&[9; 31]).unwrap_err(),
            Error::Malformed
        );
        assert_eq!(
            secret.diffie_hellman(&[9; 33]).unwrap_err(),
            Error::Malformed
        );
        assert_eq!(secret.diffie_hellman(&[]).unwrap_err(), Error::Malformed);
        // The base point is fine.
        let mut base = [0u8; 32];
        base[0] = 9;
        assert!(secret.diffie_hellman(&base).is_ok());
    }

    #[test]
    fn p256_agreement() {
        let mut rng = ChaCha20Rng::seed_from_u64(2);
        let client = EphemeralSecret::generate(NamedGroup::Secp256r1, &mut rng);
        let server = EphemeralSecret::generate(NamedGroup::Secp256r1, &mut rng);
        let mut client_public = [0u8; MAX_PUBLIC_KEY_LEN];
        let mut server_public = [0u8; MAX_PUBLIC_KEY_LEN];
        assert_eq!(client.public_key(&mut client_public), 65);
        assert_eq!(server.public_key(&mut server_public), 65);
        assert_eq!(client_public[0], 0x04);
        let a = client.diffie_hellman(&server_public).unwrap();
        let b = server.diffie_hellman(&client_public).unwrap();
        assert_eq!(a.as_bytes(), b.as_bytes());
        assert_eq!(a.len(), 32);
        assert_eq!(client.group(), NamedGroup::Secp256r1);
    }

    /// A fixed key pair: private key 1 against the NIST P-256 base point G,
    /// then d = 2 against G (x(2G)) and the point 2G against d = 1. The
    /// coordinates of G and 2G are the published curve constants (SEC 2,
    /// FIPS 186-4 D.1.2.3) and a standard multiple.
    #[test]
    fn p256_fixed_key() {
        let gx = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
        let gy = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
        let g2x = "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978";
        let g2y = "07775510db8ed040293d9ac69f7430dbba7dade63ce982299e04b79d227873d1";
        let g = hex(&format!("04{gx}{gy}"));
        let g2 = hex(&format!("04{g2x}{g2y}"));
        let mut one = [0u8; 32];
        one[31] = 1;
        let mut two = [0u8; 32];
        two[31] = 2;

        let d1 = EphemeralSecret::from_bytes(NamedGroup::Secp256r1, &one).unwrap();
        let d2 = EphemeralSecret::from_bytes(NamedGroup::Secp256r1, &two).unwrap();
        let mut public = [0u8; MAX_PUBLIC_KEY_LEN];
        assert_eq!(d1.public_key(&mut public), 65);
        assert_eq!(public[..], g[..]);
        assert_eq!(d2.public_key(&mut public), 65);
        assert_eq!(public[..], g2[..]);
        assert_eq!(d2.diffie_hellman(&g).unwrap().as_bytes(), &hex(g2x)[..]);
        assert_eq!(d1.diffie_hellman(&g2).unwrap().as_bytes(), &hex(g2x)[..]);
    }

    #[test]
    fn p256_rejects_bad_points() {
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let secret = EphemeralSecret::generate(NamedGroup::Secp256r1, &mut rng);
        let mut good = [0u8; MAX_PUBLIC_KEY_LEN];
        EphemeralSecret::generate(NamedGroup::Secp256r1, &mut rng).public_key(&mut good);
        assert!(secret.diffie_hellman(&good).is_ok());
        // Wrong lengths.
        assert_eq!(
            secret.diffie_hellman(&good[..64]).unwrap_err(),
            Error::Malformed
        );
        assert_eq!(secret.diffie_hellman(&[]).unwrap_err(), Error::Malformed);
        let mut longer = good.to_vec();
        longer.push(0);
        assert_eq!(
            secret.diffie_hellman(&longer).unwrap_err(),
            Error::Malformed
        );
        // Not on the curve: y changed.
        let mut off_curve = good;
        off_curve[64] ^= 1;
        assert_eq!(
            secret.diffie_hellman(&off_curve).unwrap_err(),
            Error::Malformed
        );
        // Compressed form of a valid point, identity, hybrid form.
        let mut compressed = [0u8; 33];
        compressed[0] = 0x02 | (good[64] & 1);
        compressed[1..].copy_from_slice(&good[1..33]);
        assert!(p256::PublicKey::from_sec1_bytes(&compressed).is_ok());
        assert_eq!(
            secret.diffie_hellman(&compressed).unwrap_err(),
            Error::Malformed
        );
        assert_eq!(secret.diffie_hellman(&[0]).unwrap_err(), Error::Malformed);
        let mut hybrid = good;
        hybrid[0] = 0x06 | (good[64] & 1);
        assert_eq!(
            secret.diffie_hellman(&hybrid).unwrap_err(),
            Error::Malformed
        );
        // All zeros with the uncompressed tag: not a point.
        let mut zeros = [0u8; 65];
        zeros[0] = 4;
        assert_eq!(secret.diffie_hellman(&zeros).unwrap_err(), Error::Malformed);
    }

    #[test]
    fn generated_secrets_differ() {
        let mut rng = ChaCha20Rng::seed_from_u64(4);
        for group in NamedGroup::ALL {
            let a = EphemeralSecret::generate(group, &mut rng);
            let b = EphemeralSecret::generate(group, &mut rng);
            let (mut pa, mut pb) = ([0u8; 65], [0u8; 65]);
            let len = a.public_key(&mut pa);
            assert_eq!(len, group.public_key_len());
            assert_eq!(b.public_key(&mut pb), len);
            assert_ne!(pa[..len], pb[..len]);
        }
    }
}
