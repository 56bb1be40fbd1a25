//! Hashes: the two TLS 1.3 hash functions (and SHA-512 for RSA signatures),
//! the handshake transcript and HMAC.

use core::fmt;

use sha2::digest::{FixedOutputReset, Output};
use sha2::{Digest as _, Sha256, Sha384};
use zeroize::Zeroize;

use crate::engine::error::Error;

/// Longest hash output of the cipher suites' hashes (SHA-384): the bound
/// of a [`Digest`], an HMAC and a key schedule
/// [`Secret`](super::hkdf::Secret).
pub const MAX_HASH_LEN: usize = 48;

/// Longest output of any [`HashAlg`], the bound of the digest a signature
/// is made over: SHA-512's with the feature `rsa`, SHA-384's without.
#[cfg(feature = "rsa")]
pub const MAX_SIGNATURE_HASH_LEN: usize = 64;
/// Longest output of any [`HashAlg`], the bound of the digest a signature
/// is made over: SHA-512's with the feature `rsa`, SHA-384's without.
#[cfg(not(feature = "rsa"))]
pub const MAX_SIGNATURE_HASH_LEN: usize = MAX_HASH_LEN;

/// A hash function: of the TLS 1.3 key schedule and transcript (SHA-256,
/// SHA-384), and of the signatures rtls verifies or makes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HashAlg {
    /// SHA-256 (32-byte output).
    Sha256,
    /// SHA-384 (48-byte output).
    Sha384,
    /// SHA-512 (64-byte output), for RSA signatures only (feature `rsa`).
    /// No cipher suite uses it: the transcript, [`HashAlg::hash`] and HMAC
    /// (so HKDF) give empty outputs for it, which match no peer's value.
    #[cfg(feature = "rsa")]
    Sha512,
}

impl HashAlg {
    /// Output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            #[cfg(feature = "rsa")]
            HashAlg::Sha512 => 64,
        }
    }

    /// The hash of `data`, as a [`Digest`]; empty for SHA-512, which does
    /// not fit one (see [`HashAlg::digest`]).
    pub fn hash(self, data: &[u8]) -> Digest {
        match self {
            HashAlg::Sha256 => finish(Sha256::new().chain_update(data)),
            HashAlg::Sha384 => finish(Sha384::new().chain_update(data)),
            #[cfg(feature = "rsa")]
            HashAlg::Sha512 => Digest::EMPTY,
        }
    }

    /// Hashes `data` into `out` and returns the digest (a prefix of `out`):
    /// the digest a signature is made over.
    pub fn digest<'o>(self, data: &[u8], out: &'o mut [u8; MAX_SIGNATURE_HASH_LEN]) -> &'o [u8] {
        self.digest_parts(&[data], out)
    }

    /// Hashes the concatenation of `parts` into `out` and returns the digest
    /// (a prefix of `out`).
    pub fn digest_parts<'o>(self, parts: &[&[u8]], out: &'o mut [u8; MAX_SIGNATURE_HASH_LEN]) -> &'o [u8] {
        fn run<D: sha2::Digest>(parts: &[&[u8]], out: &mut [u8]) {
            let mut hasher = D::new();
            for part in parts {
                hasher.update(part);
            }
            out.copy_from_slice(&hasher.finalize());
        }
        let out = &mut out[..self.output_len()];
        match self {
            HashAlg::Sha256 => run::<Sha256>(parts, out),
            HashAlg::Sha384 => run::<Sha384>(parts, out),
            #[cfg(feature = "rsa")]
            HashAlg::Sha512 => run::<sha2::Sha512>(parts, out),
        }
        out
    }
}

/// A hash or MAC output of up to 48 bytes: a transcript hash, a Finished
/// `verify_data` or a PSK binder. It is not secret (it is not zeroized);
/// secrets are [`Secret`](super::hkdf::Secret)s.
///
/// `==` compares in constant time, as does [`Digest::ct_eq`], so a received
/// `verify_data` or binder can be checked against the expected one with
/// either.
#[derive(Clone)]
pub struct Digest {
    bytes: [u8; MAX_HASH_LEN],
    len: u8,
}

impl Digest {
    /// No bytes: what [`Transcript::current`] gives without a hash.
    const EMPTY: Digest = Digest {
        bytes: [0; MAX_HASH_LEN],
        len: 0,
    };

    /// A copy of `bytes`, or `None` if longer than [`MAX_HASH_LEN`].
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let mut digest = Digest {
            bytes: [0; MAX_HASH_LEN],
            len: 0,
        };
        digest.bytes.get_mut(..bytes.len())?.copy_from_slice(bytes);
        digest.len = bytes.len() as u8;
        Some(digest)
    }

    /// The digest `write` puts at the start of its buffer, `write`
    /// returning the length (a hash's or a MAC's, at most 48 bytes).
    fn written_by(write: impl FnOnce(&mut [u8; MAX_HASH_LEN]) -> usize) -> Self {
        let mut digest = Digest {
            bytes: [0; MAX_HASH_LEN],
            len: 0,
        };
        digest.len = write(&mut digest.bytes) as u8;
        digest
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether the digest is empty (never for a real hash).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `other` holds the same bytes, compared in constant time (the
    /// time depends on the lengths only).
    pub fn ct_eq(&self, other: &[u8]) -> bool {
        ct_eq(self.as_bytes(), other)
    }
}

impl AsRef<[u8]> for Digest {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl PartialEq for Digest {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other.as_bytes())
    }
}

impl Eq for Digest {}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Digest(")?;
        for byte in self.as_bytes() {
            write!(f, "{byte:02x}")?;
        }
        f.write_str(")")
    }
}

/// Compares two byte strings in constant time (for equal lengths; the
/// lengths themselves are not secret).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut difference = 0u8;
    for (x, y) in a.iter().zip(b) {
        difference |= x ^ y;
    }
    // Keeps the compiler from turning the loop into an early-exit compare.
    core::hint::black_box(difference) == 0
}

/// What the transcript is hashing with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hashing {
    /// The suite is not known yet: both hashes are kept.
    Both,
    /// After [`Transcript::select`].
    Only(HashAlg),
    /// `select` was called again with another hash: the dropped hash missed
    /// messages, so no hash is available any more.
    Broken,
}

/// The running handshake transcript (RFC 8446 §4.4.1).
///
/// Before the cipher suite is known (ClientHello, HelloRetryRequest) it
/// hashes with both SHA-256 and SHA-384; [`select`](Self::select) then keeps
/// the suite's hash. The state is the two hash states; messages are never
/// buffered.
#[derive(Clone)]
pub struct Transcript {
    sha256: Sha256,
    sha384: Sha384,
    hashing: Hashing,
}

impl Default for Transcript {
    fn default() -> Self {
        Self::new()
    }
}

impl Transcript {
    /// An empty transcript, hashing with both hashes until [`select`](Self::select).
    pub fn new() -> Self {
        Transcript {
            sha256: Sha256::new(),
            sha384: Sha384::new(),
            hashing: Hashing::Both,
        }
    }

    /// Appends handshake message bytes (with their 4-byte headers, as sent).
    pub fn update(&mut self, data: &[u8]) {
        match self.hashing {
            Hashing::Both => {
                self.sha256.update(data);
                self.sha384.update(data);
            }
            Hashing::Only(HashAlg::Sha256) => self.sha256.update(data),
            Hashing::Only(HashAlg::Sha384) => self.sha384.update(data),
            #[cfg(feature = "rsa")]
            Hashing::Only(HashAlg::Sha512) => {}
            Hashing::Broken => {}
        }
    }

    /// Keeps only `alg` from now on (once the server has chosen the suite).
    /// Selecting the same hash again does nothing; selecting the other one
    /// afterwards is a caller bug and makes every later hash
    /// `Err(Error::Internal)`.
    pub fn select(&mut self, alg: HashAlg) {
        self.hashing = match self.hashing {
            Hashing::Both => Hashing::Only(alg),
            Hashing::Only(selected) if selected == alg => Hashing::Only(alg),
            Hashing::Only(_) | Hashing::Broken => Hashing::Broken,
        };
    }

    /// The selected hash, if [`select`](Self::select) was called (once).
    pub fn selected(&self) -> Option<HashAlg> {
        match self.hashing {
            Hashing::Only(alg) => Some(alg),
            Hashing::Both | Hashing::Broken => None,
        }
    }

    /// Transcript-Hash of everything so far, with the selected hash.
    ///
    /// Without a selected hash (before [`select`](Self::select), or after a
    /// second `select` with the other hash) this is an *empty* digest: every
    /// value derived from it then disagrees with the peer's, so the
    /// handshake fails instead of going on with a guessed hash. Use
    /// [`try_current`](Self::try_current) to get an error instead, and
    /// [`hash_with_suffix`](Self::hash_with_suffix) before the suite is
    /// known.
    pub fn current(&self) -> Digest {
        self.try_current().unwrap_or(Digest::EMPTY)
    }

    /// Like [`current`](Self::current), but `Err(Error::Internal)` when no
    /// hash is selected.
    pub fn try_current(&self) -> Result<Digest, Error> {
        let alg = self.selected().ok_or(Error::Internal)?;
        self.hash_with_suffix(alg, &[])
    }

    /// The hash with `alg` of everything so far followed by `suffix`,
    /// without adding `suffix` to the transcript. This is the hash a PSK
    /// binder covers (`suffix` = the ClientHello up to the binders), which
    /// is needed before the suite is selected.
    ///
    /// `Err(Error::Internal)` if `alg` is no longer kept (another hash was
    /// selected).
    pub fn hash_with_suffix(&self, alg: HashAlg, suffix: &[u8]) -> Result<Digest, Error> {
        match (self.hashing, alg) {
            (Hashing::Both | Hashing::Only(HashAlg::Sha256), HashAlg::Sha256) => {
                Ok(finish(self.sha256.clone().chain_update(suffix)))
            }
            (Hashing::Both | Hashing::Only(HashAlg::Sha384), HashAlg::Sha384) => {
                Ok(finish(self.sha384.clone().chain_update(suffix)))
            }
            _ => Err(Error::Internal),
        }
    }

    /// RFC 8446 §4.4.1: on a HelloRetryRequest, replaces what was hashed so
    /// far (ClientHello1) by the synthetic `message_hash` message
    /// `fe 00 00 Hash.length Hash(ClientHello1)`. Call it after ClientHello1
    /// and before adding the HelloRetryRequest. Applies to the selected hash,
    /// or to both if none is selected yet.
    pub fn replace_with_message_hash(&mut self) {
        let (sha256, sha384) = match self.hashing {
            Hashing::Both => (true, true),
            Hashing::Only(HashAlg::Sha256) => (true, false),
            Hashing::Only(HashAlg::Sha384) => (false, true),
            #[cfg(feature = "rsa")]
            Hashing::Only(HashAlg::Sha512) => (false, false),
            Hashing::Broken => (false, false),
        };
        if sha256 {
            message_hash(&mut self.sha256);
        }
        if sha384 {
            message_hash(&mut self.sha384);
        }
    }
}

/// Finalizes a hash state into a [`Digest`], in place (the states are a
/// few hundred bytes: no extra copies).
fn finish<D: sha2::Digest + FixedOutputReset>(mut hasher: D) -> Digest {
    Digest::written_by(|out| finalize_into_reset(&mut hasher, out))
}

/// Replaces the hashed messages by `message_hash` (RFC 8446 §4.4.1).
fn message_hash<D: sha2::Digest + FixedOutputReset>(hasher: &mut D) {
    let mut output = Output::<D>::default();
    sha2::Digest::finalize_into_reset(hasher, &mut output);
    sha2::Digest::update(hasher, [0xfe, 0, 0, output.len() as u8]);
    sha2::Digest::update(hasher, &output);
}

/// HMAC of `data` with `key` (RFC 2104), e.g. a Finished `verify_data`.
pub fn hmac(alg: HashAlg, key: &[u8], data: &[u8]) -> Digest {
    Digest::written_by(|out| hmac_parts(alg, key, &[data], out))
}

/// HMAC of the concatenation of `parts` with `key`, written to the start of
/// `out`; returns the MAC length. The building block of HKDF: writing
/// straight into the caller's buffer lets a secret be produced in its final
/// (zeroized) place.
pub(crate) fn hmac_parts(
    alg: HashAlg,
    key: &[u8],
    parts: &[&[u8]],
    out: &mut [u8; MAX_HASH_LEN],
) -> usize {
    let hasher = match alg {
        HashAlg::Sha256 => Hasher::Sha256(Sha256::new()),
        HashAlg::Sha384 => Hasher::Sha384(Sha384::new()),
        // SHA-512's MAC does not fit: an empty one.
        #[cfg(feature = "rsa")]
        HashAlg::Sha512 => return 0,
    };
    hmac_with(hasher, key, parts, out)
}

/// SHA-256 or SHA-384, chosen at run time: HMAC's code is then one copy for
/// both (the hash functions' own code is per hash either way).
enum Hasher {
    Sha256(Sha256),
    Sha384(Sha384),
}

impl Hasher {
    /// The hash's block length: 64 or 128 bytes.
    fn block_len(&self) -> usize {
        match self {
            Hasher::Sha256(_) => 64,
            Hasher::Sha384(_) => 128,
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha256(hasher) => hasher.update(data),
            Hasher::Sha384(hasher) => hasher.update(data),
        }
    }

    /// Writes the hash to the start of `out`, returns its length, and
    /// starts over.
    fn finalize_into_reset(&mut self, out: &mut [u8; MAX_HASH_LEN]) -> usize {
        match self {
            Hasher::Sha256(hasher) => finalize_into_reset(hasher, out),
            Hasher::Sha384(hasher) => finalize_into_reset(hasher, out),
        }
    }
}

/// [`Hasher::finalize_into_reset`] for one hash; out of line, so that its
/// output buffer is not in HMAC's frame.
#[inline(never)]
fn finalize_into_reset<D: sha2::Digest + FixedOutputReset>(hasher: &mut D, out: &mut [u8; MAX_HASH_LEN]) -> usize {
    let mut output = Output::<D>::default();
    sha2::Digest::finalize_into_reset(hasher, &mut output);
    let len = output.len().min(MAX_HASH_LEN);
    out[..len].copy_from_slice(&output[..len]);
    output.zeroize();
    len
}

/// HMAC (RFC 2104) over one hash state that is reset and reused for the
/// inner and the outer hash. Written out rather than taken from the `hmac`
/// crate, whose by-value states took several times the stack; here a
/// frame holds one hash state, one block and one output. The padded key and the inner hash are zeroized afterwards.
/// Never inlined: one copy for both hashes ([`Hasher`]).
#[inline(never)]
fn hmac_with(mut hasher: Hasher, key: &[u8], parts: &[&[u8]], out: &mut [u8; MAX_HASH_LEN]) -> usize {
    const IPAD: u8 = 0x36;
    const OPAD: u8 = 0x5c;
    let mut block = [0u8; 128];
    let mut hash = [0u8; MAX_HASH_LEN];
    let (pad, _) = block.split_at_mut(hasher.block_len());
    // A key longer than a block is replaced by its hash.
    if key.len() > pad.len() {
        hasher.update(key);
        let len = hasher.finalize_into_reset(&mut hash);
        pad[..len].copy_from_slice(&hash[..len]);
    } else {
        pad[..key.len()].copy_from_slice(key);
    }
    for byte in pad.iter_mut() {
        *byte ^= IPAD;
    }
    hasher.update(pad);
    for part in parts {
        hasher.update(part);
    }
    let len = hasher.finalize_into_reset(&mut hash);
    for byte in pad.iter_mut() {
        *byte ^= IPAD ^ OPAD;
    }
    hasher.update(pad);
    hasher.update(&hash[..len]);
    hasher.finalize_into_reset(out);
    block.zeroize();
    hash.zeroize();
    len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::crypto::tests::hex;

    #[test]
    fn empty_hashes() {
        assert_eq!(
            HashAlg::Sha256.hash(b"").as_bytes(),
            hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
        assert_eq!(HashAlg::Sha384.hash(b"").len(), 48);
        let transcript = Transcript::new();
        assert_eq!(
            transcript.hash_with_suffix(HashAlg::Sha256, b"").unwrap(),
            HashAlg::Sha256.hash(b"")
        );
    }

    /// RFC 4231 test case 2 (HMAC-SHA-256 and HMAC-SHA-384).
    #[test]
    fn hmac_rfc4231() {
        let data = b"what do ya want for nothing?";
        assert_eq!(
            hmac(HashAlg::Sha256, b"Jefe", data).as_bytes(),
            hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        );
        assert_eq!(
            hmac(HashAlg::Sha384, b"Jefe", data).as_bytes(),
            hex(
                "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e\
                 8e2240ca5e69e2c78b3239ecfab21649"
            )
        );
    }

    /// RFC 4231 test case 6: a key longer than the block is hashed first.
    #[test]
    fn hmac_rfc4231_long_key() {
        let key = [0xaa; 131];
        let data = b"Test Using Larger Than Block-Size Key - Hash Key First";
        assert_eq!(
            hmac(HashAlg::Sha256, &key, data).as_bytes(),
            hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        );
        assert_eq!(
            hmac(HashAlg::Sha384, &key, data).as_bytes(),
            hex(
                "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6\
                 0c2ef6ab4030fe8296248df163f44952"
            )
        );
    }

    /// Against the `hmac` crate, around the block sizes (64 and 128).
    #[test]
    fn hmac_matches_hmac_crate() {
        use hmac::{Hmac, Mac};
        let data = [0x5au8; 300];
        for key_len in [0, 1, 32, 63, 64, 65, 127, 128, 129, 200] {
            let key: Vec<u8> = (0..key_len).map(|i| i as u8).collect();
            for data_len in [0, 1, 55, 56, 64, 111, 112, 128, 300] {
                let data = &data[..data_len];
                let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
                mac.update(data);
                assert_eq!(
                    hmac(HashAlg::Sha256, &key, data).as_bytes(),
                    &mac.finalize().into_bytes()[..]
                );
                let mut mac = Hmac::<Sha384>::new_from_slice(&key).unwrap();
                mac.update(data);
                assert_eq!(
                    hmac(HashAlg::Sha384, &key, data).as_bytes(),
                    &mac.finalize().into_bytes()[..]
                );
            }
        }
        // Parts are concatenated.
        let mut out = [0u8; MAX_HASH_LEN];
        let len = hmac_parts(HashAlg::Sha384, b"k", &[b"ab", b"", b"c"], &mut out);
        assert_eq!(&out[..len], hmac(HashAlg::Sha384, b"k", b"abc").as_bytes());
    }

    #[test]
    fn digest_comparison() {
        let a = HashAlg::Sha256.hash(b"a");
        let b = HashAlg::Sha256.hash(b"b");
        assert_eq!(a, a.clone());
        assert_ne!(a, b);
        assert!(a.ct_eq(a.as_bytes()));
        assert!(!a.ct_eq(&a.as_bytes()[..31]));
        assert!(!a.ct_eq(b.as_bytes()));
        assert_eq!(Digest::from_slice(&[1; 48]).unwrap().len(), 48);
        assert!(Digest::from_slice(&[1; 49]).is_none());
        assert!(format!("{a:?}").starts_with("Digest(ca978112"));
    }

    #[test]
    fn transcript_keeps_both_hashes_until_selected() {
        let mut transcript = Transcript::new();
        transcript.update(b"client");
        transcript.update(b"hello");
        assert_eq!(transcript.try_current(), Err(Error::Internal));
        assert!(transcript.current().is_empty());
        for alg in [HashAlg::Sha256, HashAlg::Sha384] {
            assert_eq!(
                transcript.hash_with_suffix(alg, b"!").unwrap(),
                alg.hash(b"clienthello!")
            );
        }
        transcript.select(HashAlg::Sha384);
        transcript.update(b" server");
        assert_eq!(
            transcript.current(),
            HashAlg::Sha384.hash(b"clienthello server")
        );
        assert_eq!(
            transcript.hash_with_suffix(HashAlg::Sha256, b""),
            Err(Error::Internal)
        );
        transcript.select(HashAlg::Sha384);
        assert!(transcript.try_current().is_ok());
        // Changing the hash afterwards is a caller bug.
        transcript.select(HashAlg::Sha256);
        assert_eq!(transcript.try_current(), Err(Error::Internal));
        assert!(transcript.current().is_empty());
        transcript.update(b"more");
        assert_eq!(transcript.selected(), None);
    }

    #[test]
    fn message_hash_after_hello_retry_request() {
        for alg in [HashAlg::Sha256, HashAlg::Sha384] {
            // Selected before the replacement, or after it.
            for select_first in [true, false] {
                let mut transcript = Transcript::new();
                transcript.update(b"ClientHello1");
                if select_first {
                    transcript.select(alg);
                }
                transcript.replace_with_message_hash();
                transcript.select(alg);
                transcript.update(b"HRR");
                let inner = alg.hash(b"ClientHello1");
                let mut expected = vec![0xfe, 0, 0, inner.len() as u8];
                expected.extend_from_slice(inner.as_bytes());
                expected.extend_from_slice(b"HRR");
                assert_eq!(transcript.current(), alg.hash(&expected));
            }
        }
    }

    /// SHA-512 (feature `rsa`) digests signed data; the key schedule's
    /// functions give empty outputs for it, never a panic.
    #[cfg(feature = "rsa")]
    #[test]
    fn sha512_is_for_signatures_only() {
        let mut out = [0u8; MAX_SIGNATURE_HASH_LEN];
        assert_eq!(
            HashAlg::Sha512.digest_parts(&[b"a", b"", b"bc"], &mut out),
            hex(
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
                 2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
            )
        );
        assert_eq!(HashAlg::Sha512.output_len(), 64);
        assert!(HashAlg::Sha512.hash(b"abc").is_empty());
        assert!(hmac(HashAlg::Sha512, b"key", b"abc").is_empty());
        let mut transcript = Transcript::new();
        transcript.update(b"ClientHello");
        transcript.select(HashAlg::Sha512);
        transcript.replace_with_message_hash();
        transcript.update(b"abc");
        assert_eq!(transcript.try_current(), Err(Error::Internal));
        assert!(transcript.current().is_empty());
    }
}
