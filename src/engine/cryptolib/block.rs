//! One AES block at a time, either way, for a 16- or 32-byte key: the
//! `aes` crate's ciphers, whose single key schedule serves encryption and
//! decryption alike (its 32-bit code is the one record protection uses, so
//! a board links the key schedule and the encryption once).

use aes_gcm::aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use aes_gcm::aes::{Aes128, Aes256};

use super::BLOCK_LEN;

/// An AES key of either size.
#[derive(Clone, Copy)]
pub enum Key {
    Aes128([u8; 16]),
    Aes256([u8; 32]),
}

impl Key {
    /// A 16- or 32-byte key; `None` for other lengths.
    pub fn from_slice(key: &[u8]) -> Option<Key> {
        match key.len() {
            16 => key.try_into().ok().map(Key::Aes128),
            32 => key.try_into().ok().map(Key::Aes256),
            _ => None,
        }
    }
}

/// An expanded AES key of either size.
// Lives only in the frame of one call, sized for AES-256.
#[allow(clippy::large_enum_variant)]
pub enum BlockCipher {
    Aes128(Aes128),
    Aes256(Aes256),
}

impl BlockCipher {
    /// The key schedule of `key`.
    pub fn new(key: &Key) -> Self {
        match key {
            Key::Aes128(key) => BlockCipher::Aes128(Aes128::new(key.into())),
            Key::Aes256(key) => BlockCipher::Aes256(Aes256::new(key.into())),
        }
    }

    /// Encrypts `block` in place.
    pub fn encrypt(&self, block: &mut [u8; BLOCK_LEN]) {
        match self {
            BlockCipher::Aes128(cipher) => cipher.encrypt_block(block.into()),
            BlockCipher::Aes256(cipher) => cipher.encrypt_block(block.into()),
        }
    }

    /// Decrypts `block` in place.
    pub fn decrypt(&self, block: &mut [u8; BLOCK_LEN]) {
        match self {
            BlockCipher::Aes128(cipher) => cipher.decrypt_block(block.into()),
            BlockCipher::Aes256(cipher) => cipher.decrypt_block(block.into()),
        }
    }
}
