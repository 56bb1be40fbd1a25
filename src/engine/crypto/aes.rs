//! AES-128 and AES-256 as one block cipher whose key size is chosen at run
//! time, so that GCM, its counter mode and GHASH glue are compiled once for
//! both suites rather than once per key size (less code on the LX106).
//! Only the block encryption itself is per key size.

use aes_gcm::aes::cipher::consts::{U16, U2};
use aes_gcm::aes::cipher::inout::InOut;
use aes_gcm::aes::cipher::{
    Block, BlockBackend, BlockCipher, BlockClosure, BlockEncrypt, BlockSizeUser, KeyInit, ParBlocks, ParBlocksSizeUser,
};
use aes_gcm::aes::{Aes128Enc, Aes256Enc};

/// An AES encryption key schedule of either size.
// Lives only in the frame of one record's encryption, sized for AES-256.
#[allow(clippy::large_enum_variant)]
pub enum Aes {
    Aes128(Aes128Enc),
    Aes256(Aes256Enc),
}

impl Aes {
    /// The key schedule of a 16- or 32-byte key; `None` for other lengths.
    pub fn new(key: &[u8]) -> Option<Self> {
        match key.len() {
            16 => Aes128Enc::new_from_slice(key).ok().map(Aes::Aes128),
            32 => Aes256Enc::new_from_slice(key).ok().map(Aes::Aes256),
            _ => None,
        }
    }
}

impl BlockSizeUser for Aes {
    type BlockSize = U16;
}

impl BlockCipher for Aes {}

impl BlockEncrypt for Aes {
    fn encrypt_with_backend(&self, f: impl BlockClosure<BlockSize = U16>) {
        f.call(&mut Backend(self))
    }
}

/// The backend the modes run their loops over: one type for both key
/// sizes, dispatching each block (or pair of blocks) to the key's cipher.
struct Backend<'a>(&'a Aes);

impl BlockSizeUser for Backend<'_> {
    type BlockSize = U16;
}

impl ParBlocksSizeUser for Backend<'_> {
    /// The batch of the `aes` crate's 32-bit bitsliced code: two blocks per
    /// pass. (Hosts with AES-NI take more at once; two costs them little.)
    type ParBlocksSize = U2;
}

impl BlockBackend for Backend<'_> {
    fn proc_block(&mut self, block: InOut<'_, '_, Block<Self>>) {
        match self.0 {
            Aes::Aes128(cipher) => cipher.encrypt_block_inout(block),
            Aes::Aes256(cipher) => cipher.encrypt_block_inout(block),
        }
    }

    fn proc_par_blocks(&mut self, blocks: InOut<'_, '_, ParBlocks<Self>>) {
        match self.0 {
            Aes::Aes128(cipher) => cipher.encrypt_blocks_inout(blocks.into_buf()),
            Aes::Aes256(cipher) => cipher.encrypt_blocks_inout(blocks.into_buf()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes_gcm::aes::{Aes128, Aes256};

    /// The same blocks as the `aes` crate's own ciphers, one at a time and
    /// in batches, for both key sizes (FIPS-197 appendix C keys).
    #[test]
    fn matches_the_aes_crate() {
        let key: [u8; 32] = core::array::from_fn(|i| i as u8);
        let blocks: [Block<Aes>; 5] = core::array::from_fn(|i| core::array::from_fn::<u8, 16, _>(|j| ((i * 16 + j) as u8).wrapping_mul(0x35)).into());
        for len in [16, 32] {
            let ours = Aes::new(&key[..len]).unwrap();
            let (mut single, mut batch, mut expected) = (blocks, blocks, blocks);
            for block in &mut single {
                ours.encrypt_block(block);
            }
            ours.encrypt_blocks(&mut batch);
            match len {
                16 => Aes128::new_from_slice(&key[..16]).unwrap().encrypt_blocks(&mut expected),
                _ => Aes256::new_from_slice(&key).unwrap().encrypt_blocks(&mut expected),
            }
            assert_eq!(single, expected);
            assert_eq!(batch, expected);
        }
        // FIPS-197 C.1: AES-128 of 00112233...ff under 000102...0f.
        let mut block: Block<Aes> = core::array::from_fn::<u8, 16, _>(|j| j as u8 * 0x11).into();
        Aes::new(&key[..16]).unwrap().encrypt_block(&mut block);
        assert_eq!(block[..], [0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30, 0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a]);
    }

    #[test]
    fn refuses_other_key_lengths() {
        for len in [0, 15, 24, 33] {
            assert!(Aes::new(&[0; 33][..len]).is_none());
        }
    }
}
