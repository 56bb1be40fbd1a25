//! AES in the modes of MicroPython's `cryptolib.aes`: ECB, CBC and CTR,
//! with its rules (those of MicroPython 1.25's `extmod/modcryptolib.c`):
//! - keys of 16 or 32 bytes (AES-128, AES-256; not 24);
//! - CBC and CTR need a 16-byte IV (CTR: the first counter block); ECB
//!   checks one it is given and ignores it;
//! - ECB and CBC take whole blocks; CTR any length, the keystream going on
//!   where the last call stopped, as CBC's chain does;
//! - an object encrypts or decrypts, whichever its first call did: a call
//!   the other way is refused. (CTR decrypts by encrypting, yet keeps the
//!   rule too.)
//!
//! Only the key bytes are kept; the key is expanded again for each call,
//! in a frame of its own, which keeps the object small on a board's heap.

mod block;
#[cfg(test)]
mod tests;

use block::{BlockCipher, Key};

/// Bytes in an AES block.
pub const BLOCK_LEN: usize = 16;

/// A block mode, numbered as PEP 272 numbers them (and cryptolib with it).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    Ecb,
    Cbc,
    Ctr,
}

impl Mode {
    /// The mode numbered `code`: 1 ECB, 2 CBC, 6 CTR.
    pub fn from_code(code: isize) -> Option<Mode> {
        match code {
            1 => Some(Mode::Ecb),
            2 => Some(Mode::Cbc),
            6 => Some(Mode::Ctr),
            _ => None,
        }
    }
}

/// Which way a call goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Direction {
    Encrypt,
    Decrypt,
}

/// Why cryptolib refuses an object or a call.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Error {
    /// The mode number is not 1, 2 or 6.
    Mode,
    /// The key is not 16 or 32 bytes.
    Key,
    /// An IV that is not 16 bytes, or none for CBC or CTR.
    Iv,
    /// ECB or CBC input that is not whole blocks.
    BlockSize,
    /// The output buffer is shorter than the input.
    OutputTooSmall,
    /// A decryption after an encryption, or the reverse.
    MixedDirections,
}

impl Error {
    /// MicroPython's text for it, word for word: code written for the
    /// stock firmware's cryptolib may compare it (MicroPython's own CTR
    /// test checks for "mode").
    pub fn message(self) -> &'static str {
        match self {
            Error::Mode => "mode",
            Error::Key => "key",
            Error::Iv => "IV",
            Error::BlockSize => "blksize % 16",
            Error::OutputTooSmall => "output too small",
            Error::MixedDirections => "can't encrypt & decrypt",
        }
    }
}

/// A `cryptolib.aes` object's state: the key, the mode, the chain (CBC)
/// or counter (CTR), and the direction its first call fixed.
pub struct Cipher {
    key: Key,
    mode: Mode,
    direction: Option<Direction>,
    /// CBC: the block the next one is chained to (the IV at first). CTR:
    /// the counter block of the next keystream block, big-endian. ECB:
    /// zeros.
    chain: [u8; BLOCK_LEN],
    /// CTR: the keystream block being used.
    keystream: [u8; BLOCK_LEN],
    /// CTR: bytes of `keystream` used; 0 when the next byte needs a new
    /// block (so it is computed only once a byte needs it).
    used: u8,
}

impl Cipher {
    /// A cipher of `key` in `mode`, with `iv` (None when not given), after
    /// cryptolib's checks in its order: key, then IV.
    pub fn new(key: &[u8], mode: Mode, iv: Option<&[u8]>) -> Result<Cipher, Error> {
        let key = Key::from_slice(key).ok_or(Error::Key)?;
        let mut chain = match iv {
            Some(iv) => <[u8; BLOCK_LEN]>::try_from(iv).map_err(|_| Error::Iv)?,
            None if mode != Mode::Ecb => return Err(Error::Iv),
            None => [0; BLOCK_LEN],
        };
        if mode == Mode::Ecb {
            // Checked, not used: ECB's chain stays all zeros (Run::apply).
            chain = [0; BLOCK_LEN];
        }
        Ok(Cipher {
            key,
            mode,
            direction: None,
            chain,
            keystream: [0; BLOCK_LEN],
            used: 0,
        })
    }

    /// Checks the length of a call's input: ECB and CBC take whole blocks.
    pub fn check_length(&self, len: usize) -> Result<(), Error> {
        if self.mode != Mode::Ctr && !len.is_multiple_of(BLOCK_LEN) {
            return Err(Error::BlockSize);
        }
        Ok(())
    }

    /// Starts a call going `direction`: the first call fixes the object's
    /// direction, a later call the other way is refused. Nothing is
    /// changed when it is.
    pub fn begin(&mut self, direction: Direction) -> Result<Run<'_>, Error> {
        match self.direction {
            Some(fixed) if fixed != direction => Err(Error::MixedDirections),
            _ => {
                self.direction = Some(direction);
                Ok(Run { cipher: self, direction })
            }
        }
    }
}

/// A call [`Cipher::begin`] accepted.
pub struct Run<'a> {
    cipher: &'a mut Cipher,
    direction: Direction,
}

impl Run<'_> {
    /// Encrypts or decrypts `buf` in place (a length
    /// [`Cipher::check_length`] accepted), going on from the last call's
    /// chain or keystream.
    pub fn apply(self, buf: &mut [u8]) {
        let Run { cipher: state, direction } = self;
        let aes = BlockCipher::new(&state.key);
        if state.mode == Mode::Ctr {
            // Both ways: the input XOR the keystream.
            for byte in buf {
                if state.used == 0 {
                    state.keystream = state.chain;
                    aes.encrypt(&mut state.keystream);
                    increment(&mut state.chain);
                }
                *byte ^= state.keystream[state.used as usize % BLOCK_LEN];
                state.used = (state.used + 1) % BLOCK_LEN as u8;
            }
            return;
        }
        // ECB is CBC whose chain stays all zeros (see Cipher::new): one
        // loop for both keeps the code small.
        let cbc = state.mode == Mode::Cbc;
        for block in buf.as_chunks_mut::<BLOCK_LEN>().0 {
            match direction {
                Direction::Encrypt => {
                    xor(block, &state.chain);
                    aes.encrypt(block);
                    if cbc {
                        state.chain = *block;
                    }
                }
                Direction::Decrypt => {
                    let input = *block;
                    aes.decrypt(block);
                    xor(block, &state.chain);
                    if cbc {
                        state.chain = input;
                    }
                }
            }
        }
    }
}

/// `block ^= mask`.
fn xor(block: &mut [u8; BLOCK_LEN], mask: &[u8; BLOCK_LEN]) {
    block.iter_mut().zip(mask).for_each(|(b, m)| *b ^= m);
}

/// Adds one to a 128-bit big-endian counter, wrapping around.
fn increment(counter: &mut [u8; BLOCK_LEN]) {
    for byte in counter.iter_mut().rev() {
        *byte = byte.wrapping_add(1);
        if *byte != 0 {
            break;
        }
    }
}
