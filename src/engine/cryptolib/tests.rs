//! The modes against NIST SP 800-38A's vectors and against the RustCrypto
//! `aes`, `cbc` and `ctr` crates; cryptolib's rules and error texts.

use aes_gcm::aes::cipher::{BlockDecryptMut, BlockEncrypt, BlockEncryptMut, KeyInit, KeyIvInit, StreamCipher};
use aes_gcm::aes::{Aes128, Aes256};

use super::{Cipher, Direction, Error, Mode, BLOCK_LEN};
use crate::engine::crypto::tests::hex;

/// SP 800-38A's plaintext: four blocks, for every mode and key.
const PLAINTEXT: &str = "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
                         30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";
const KEY_128: &str = "2b7e151628aed2a6abf7158809cf4f3c";
const KEY_256: &str = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
const CBC_IV: &str = "000102030405060708090a0b0c0d0e0f";
const CTR_COUNTER: &str = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

/// SP 800-38A F.1.1, F.1.5, F.2.1, F.2.5, F.5.1, F.5.5: mode, key, IV,
/// ciphertext.
const VECTORS: [(Mode, &str, &str, &str); 6] = [
    (Mode::Ecb, KEY_128, "", "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf
                              43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4"),
    (Mode::Ecb, KEY_256, "", "f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870
                              b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7"),
    (Mode::Cbc, KEY_128, CBC_IV, "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
                                  73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7"),
    (Mode::Cbc, KEY_256, CBC_IV, "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d
                                  39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b"),
    (Mode::Ctr, KEY_128, CTR_COUNTER, "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff
                                       5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee"),
    (Mode::Ctr, KEY_256, CTR_COUNTER, "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5
                                       2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6"),
];

fn cipher(mode: Mode, key: &[u8], iv: &[u8]) -> Cipher {
    Cipher::new(key, mode, (!iv.is_empty()).then_some(iv)).unwrap()
}

/// `data` through one object, one call per piece of `pieces` lengths
/// (the last piece takes the rest).
fn run(mut cipher: Cipher, direction: Direction, data: &[u8], pieces: &[usize]) -> Vec<u8> {
    let mut out = data.to_vec();
    let mut rest = &mut out[..];
    for &len in pieces {
        let (piece, tail) = rest.split_at_mut(len.min(rest.len()));
        cipher.check_length(piece.len()).unwrap();
        cipher.begin(direction).unwrap().apply(piece);
        rest = tail;
    }
    cipher.check_length(rest.len()).unwrap();
    cipher.begin(direction).unwrap().apply(rest);
    out
}

#[test]
fn nist_sp800_38a() {
    let plaintext = hex(PLAINTEXT);
    for (mode, key, iv, ciphertext) in VECTORS {
        let (key, iv, ciphertext) = (hex(key), hex(iv), hex(ciphertext));
        let name = format!("{mode:?} AES-{}", key.len() * 8);
        assert_eq!(run(cipher(mode, &key, &iv), Direction::Encrypt, &plaintext, &[]), ciphertext, "{name} encrypt");
        assert_eq!(run(cipher(mode, &key, &iv), Direction::Decrypt, &ciphertext, &[]), plaintext, "{name} decrypt");
        // A block per call: the chain and the counter go on between calls.
        let blocks = [BLOCK_LEN; 3];
        assert_eq!(run(cipher(mode, &key, &iv), Direction::Encrypt, &plaintext, &blocks), ciphertext, "{name} by blocks");
        assert_eq!(run(cipher(mode, &key, &iv), Direction::Decrypt, &ciphertext, &blocks), plaintext, "{name} by blocks");
    }
}

/// Test data: `len` bytes that differ from block to block.
fn data(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

#[test]
fn ecb_matches_the_aes_crate() {
    for key in [data(16, 1), data(32, 2)] {
        let plaintext = data(5 * BLOCK_LEN, 3);
        let mut expected = plaintext.clone();
        for block in expected.chunks_mut(BLOCK_LEN) {
            match key.len() {
                16 => Aes128::new_from_slice(&key).unwrap().encrypt_block(block.into()),
                _ => Aes256::new_from_slice(&key).unwrap().encrypt_block(block.into()),
            }
        }
        let ciphertext = run(cipher(Mode::Ecb, &key, &[]), Direction::Encrypt, &plaintext, &[32]);
        assert_eq!(ciphertext, expected);
        assert_eq!(run(cipher(Mode::Ecb, &key, &[]), Direction::Decrypt, &ciphertext, &[16, 48]), plaintext);
    }
}

#[test]
fn cbc_matches_the_cbc_crate() {
    let iv = data(16, 4);
    for key in [data(16, 5), data(32, 6)] {
        let plaintext = data(6 * BLOCK_LEN, 7);
        let mut expected = plaintext.clone();
        match key.len() {
            16 => encrypt_cbc(cbc::Encryptor::<Aes128>::new_from_slices(&key, &iv).unwrap(), &mut expected),
            _ => encrypt_cbc(cbc::Encryptor::<Aes256>::new_from_slices(&key, &iv).unwrap(), &mut expected),
        }
        for pieces in [&[][..], &[16, 32], &[0, 48, 16]] {
            let ciphertext = run(cipher(Mode::Cbc, &key, &iv), Direction::Encrypt, &plaintext, pieces);
            assert_eq!(ciphertext, expected, "pieces {pieces:?}");
            assert_eq!(run(cipher(Mode::Cbc, &key, &iv), Direction::Decrypt, &ciphertext, pieces), plaintext);
        }
        let mut decrypted = expected.clone();
        match key.len() {
            16 => decrypt_cbc(cbc::Decryptor::<Aes128>::new_from_slices(&key, &iv).unwrap(), &mut decrypted),
            _ => decrypt_cbc(cbc::Decryptor::<Aes256>::new_from_slices(&key, &iv).unwrap(), &mut decrypted),
        }
        assert_eq!(decrypted, plaintext);
    }
}

fn encrypt_cbc(mut encryptor: impl BlockEncryptMut, buf: &mut [u8]) {
    buf.chunks_mut(BLOCK_LEN).for_each(|block| encryptor.encrypt_block_mut(block.into()));
}

fn decrypt_cbc(mut decryptor: impl BlockDecryptMut, buf: &mut [u8]) {
    buf.chunks_mut(BLOCK_LEN).for_each(|block| decryptor.decrypt_block_mut(block.into()));
}

#[test]
fn ctr_matches_the_ctr_crate() {
    // The last counter wraps the whole 128 bits around, as the ctr crate's
    // Ctr128BE (and mbedTLS's CTR, behind MicroPython's cryptolib) do.
    let mut near_wrap = [0xff; 16];
    near_wrap[15] = 0xfe;
    for key in [data(16, 8), data(32, 9)] {
        for iv in [data(16, 10), near_wrap.to_vec()] {
            let plaintext = data(100, 11);
            let mut expected = plaintext.clone();
            match key.len() {
                16 => ctr::Ctr128BE::<Aes128>::new_from_slices(&key, &iv).unwrap().apply_keystream(&mut expected),
                _ => ctr::Ctr128BE::<Aes256>::new_from_slices(&key, &iv).unwrap().apply_keystream(&mut expected),
            }
            // Calls ending inside a block, on its edge, and empty ones.
            for pieces in [&[][..], &[1], &[1, 15, 16, 17], &[0, 5, 0, 32, 3], &[99]] {
                for direction in [Direction::Encrypt, Direction::Decrypt] {
                    assert_eq!(run(cipher(Mode::Ctr, &key, &iv), direction, &plaintext, pieces), expected, "pieces {pieces:?}");
                }
            }
        }
    }
}

#[test]
fn modes_by_number() {
    assert_eq!(Mode::from_code(1), Some(Mode::Ecb));
    assert_eq!(Mode::from_code(2), Some(Mode::Cbc));
    assert_eq!(Mode::from_code(6), Some(Mode::Ctr));
    for code in [-1, 0, 3, 4, 5, 7, 257] {
        assert_eq!(Mode::from_code(code), None, "mode {code}");
    }
}

#[test]
fn keys_and_ivs() {
    let iv = [0; 17];
    for len in [0, 15, 17, 24, 31, 33] {
        for mode in [Mode::Ecb, Mode::Cbc, Mode::Ctr] {
            // The key is checked first (so a bad IV is not reported).
            assert_eq!(Cipher::new(&[0; 33][..len], mode, Some(&iv[..5])).err(), Some(Error::Key), "key of {len}");
        }
    }
    for key in [&[0; 16][..], &[0; 32]] {
        for mode in [Mode::Ecb, Mode::Cbc, Mode::Ctr] {
            for len in [0, 8, 15, 17] {
                assert_eq!(Cipher::new(key, mode, Some(&iv[..len])).err(), Some(Error::Iv), "IV of {len}");
            }
            assert!(Cipher::new(key, mode, Some(&iv[..16])).is_ok());
        }
        assert!(Cipher::new(key, Mode::Ecb, None).is_ok());
        assert_eq!(Cipher::new(key, Mode::Cbc, None).err(), Some(Error::Iv));
        assert_eq!(Cipher::new(key, Mode::Ctr, None).err(), Some(Error::Iv));
    }
    // ECB ignores the IV it checked.
    let plaintext = data(32, 12);
    let key = data(16, 13);
    assert_eq!(
        run(cipher(Mode::Ecb, &key, &data(16, 14)), Direction::Encrypt, &plaintext, &[]),
        run(cipher(Mode::Ecb, &key, &[]), Direction::Encrypt, &plaintext, &[])
    );
}

#[test]
fn whole_blocks_for_ecb_and_cbc() {
    for mode in [Mode::Ecb, Mode::Cbc] {
        let cipher = cipher(mode, &[0; 16], &[0; 16]);
        for len in [1, 15, 17, 31, 33] {
            assert_eq!(cipher.check_length(len), Err(Error::BlockSize), "{mode:?} {len}");
        }
        for len in [0, 16, 32, 4096] {
            assert_eq!(cipher.check_length(len), Ok(()), "{mode:?} {len}");
        }
    }
    let ctr = cipher(Mode::Ctr, &[0; 16], &[0; 16]);
    for len in [0, 1, 15, 17] {
        assert_eq!(ctr.check_length(len), Ok(()));
    }
}

#[test]
fn one_direction_per_object() {
    let key = data(16, 15);
    let iv = data(16, 16);
    let plaintext = data(48, 17);
    for mode in [Mode::Ecb, Mode::Cbc, Mode::Ctr] {
        for (first, other) in [(Direction::Encrypt, Direction::Decrypt), (Direction::Decrypt, Direction::Encrypt)] {
            let mut split = cipher(mode, &key, &iv);
            let mut out = plaintext.clone();
            // Even an empty call fixes the direction.
            split.begin(first).unwrap().apply(&mut []);
            assert_eq!(split.begin(other).err(), Some(Error::MixedDirections), "{mode:?}");
            // Refused mid-chain (CTR: mid-block).
            let part = if mode == Mode::Ctr { 5 } else { BLOCK_LEN };
            split.begin(first).unwrap().apply(&mut out[..part]);
            assert_eq!(split.begin(other).err(), Some(Error::MixedDirections), "{mode:?}");
            split.begin(first).unwrap().apply(&mut out[part..]);
            // The refused calls left the chain and counter as they were.
            assert_eq!(out, run(cipher(mode, &key, &iv), first, &plaintext, &[]), "{mode:?}");
        }
    }
}

#[test]
fn micropython_error_texts() {
    let texts = [
        (Error::Mode, "mode"),
        (Error::Key, "key"),
        (Error::Iv, "IV"),
        (Error::BlockSize, "blksize % 16"),
        (Error::OutputTooSmall, "output too small"),
        (Error::MixedDirections, "can't encrypt & decrypt"),
    ];
    for (error, text) in texts {
        assert_eq!(error.message(), text);
    }
}
