//! The AEADs of the TLS 1.3 suites: AES-GCM (128- and 256-bit keys) and
//! ChaCha20-Poly1305, sealing and opening in place with a detached tag.
//!
//! Only key bytes come in: the cipher instance, and for AES its expanded
//! key schedule, is built for each call in a frame of its own (see
//! [`crypt`]), so that no caller keeps one.

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::ChaCha20Poly1305;

use super::aes::Aes;

/// Length of a nonce (the same for every algorithm).
pub const NONCE_LEN: usize = 12;
/// Length of a tag (the same for every algorithm).
pub const TAG_LEN: usize = 16;

/// An AEAD algorithm.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Aead {
    /// AES-GCM with a 16- or 32-byte key.
    AesGcm,
    /// ChaCha20-Poly1305 (RFC 8439).
    ChaCha20Poly1305,
}

impl Aead {
    /// Encrypts `buffer` in place under `key` and `nonce` with the
    /// additional data `aad`, and writes the tag to `tag`. `Err(())` for a
    /// key of the wrong length.
    #[inline]
    pub fn seal(
        self,
        key: &[u8],
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buffer: &mut [u8],
        tag: &mut [u8; TAG_LEN],
    ) -> Result<(), ()> {
        match self {
            Aead::AesGcm => crypt::<AesGcm>(key, nonce, aad, buffer, Tag::Seal(tag)),
            Aead::ChaCha20Poly1305 => crypt::<ChaCha20Poly1305>(key, nonce, aad, buffer, Tag::Seal(tag)),
        }
    }

    /// Checks `tag` over `buffer` and `aad` and decrypts `buffer` in place.
    /// `Err(())` for a tag that does not verify (then `buffer` is left
    /// unspecified) or a key of the wrong length.
    #[inline]
    pub fn open(
        self,
        key: &[u8],
        nonce: &[u8; NONCE_LEN],
        aad: &[u8],
        buffer: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<(), ()> {
        match self {
            Aead::AesGcm => crypt::<AesGcm>(key, nonce, aad, buffer, Tag::Open(tag)),
            Aead::ChaCha20Poly1305 => crypt::<ChaCha20Poly1305>(key, nonce, aad, buffer, Tag::Open(tag)),
        }
    }
}

/// The tag: written when sealing, checked when opening.
enum Tag<'a> {
    Seal(&'a mut [u8; TAG_LEN]),
    Open(&'a [u8; TAG_LEN]),
}

/// AES-GCM with 12-byte nonces over either AES key size.
type AesGcm = aes_gcm::AesGcm<Aes, U12>;

/// An AEAD built from a key of its length.
trait RecordAead: AeadInPlace + Sized {
    fn from_key(key: &[u8]) -> Option<Self>;
}

impl RecordAead for AesGcm {
    fn from_key(key: &[u8]) -> Option<Self> {
        Aes::new(key).map(Self::from)
    }
}

impl RecordAead for ChaCha20Poly1305 {
    fn from_key(key: &[u8]) -> Option<Self> {
        Self::new_from_slice(key).ok()
    }
}

/// Builds the AEAD `A` from `key` and seals or opens `buffer` in place. One
/// instantiation per algorithm family (AES-GCM of both key sizes shares
/// one), never inlined, so that each frame holds a single cipher instance.
#[inline(never)]
fn crypt<A: RecordAead>(
    key: &[u8],
    nonce: &[u8; NONCE_LEN],
    aad: &[u8],
    buffer: &mut [u8],
    tag: Tag<'_>,
) -> Result<(), ()> {
    let cipher = A::from_key(key).ok_or(())?;
    // All three AEADs have 12-byte nonces and 16-byte tags.
    let nonce = aes_gcm::Nonce::<A::NonceSize>::from_exact_iter(nonce.iter().copied()).ok_or(())?;
    match tag {
        Tag::Seal(out) => {
            let computed = cipher
                .encrypt_in_place_detached(&nonce, aad, buffer)
                .map_err(|_| ())?;
            if computed.len() != out.len() {
                return Err(());
            }
            out.copy_from_slice(&computed);
            Ok(())
        }
        Tag::Open(expected) => {
            let expected =
                aes_gcm::aead::Tag::<A>::from_exact_iter(expected.iter().copied()).ok_or(())?;
            cipher
                .decrypt_in_place_detached(&nonce, aad, buffer, &expected)
                .map_err(|_| ())
        }
    }
}

