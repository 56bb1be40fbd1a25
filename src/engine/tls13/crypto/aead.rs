//! Record protection (RFC 8446 §5.2-5.4): AEAD with the per-record nonce,
//! the inner content type and padding.
//!
//! Only the key bytes are kept (52 bytes per direction); the AEAD instance,
//! and for AES its expanded key schedule (many times the key), is rebuilt
//! for each record in a frame of its own. That costs a key expansion per record, small next to the
//! encryption of the record itself, and keeps the connection state small.

use core::fmt;

use zeroize::Zeroize;

use super::suite::CipherSuite;
use crate::engine::crypto::aead::{NONCE_LEN, TAG_LEN};
use crate::engine::crypto::{hkdf_expand_label, Secret};
use crate::engine::error::Error;

/// Length of a TLS record header.
pub const HEADER_LEN: usize = 5;
/// Longest TLSInnerPlaintext content (RFC 8446 §5.1): 2^14 bytes.
pub const MAX_PLAINTEXT_LEN: usize = 1 << 14;
/// Longest TLSCiphertext body (RFC 8446 §5.2): 2^14 + 256 bytes.
pub const MAX_CIPHERTEXT_LEN: usize = (1 << 14) + 256;
/// Record type of every protected record (`application_data`).
pub const CONTENT_TYPE_APPLICATION_DATA: u8 = 23;

/// Length of the per-record nonce and of the static IV.
const IV_LEN: usize = NONCE_LEN;

/// One direction's record protection: AEAD key, static IV and sequence
/// number. Key and IV are overwritten with zeros when dropped.
pub struct RecordProtection {
    suite: CipherSuite,
    /// The first `suite.key_len()` bytes are the key.
    key: [u8; 32],
    iv: [u8; IV_LEN],
    sequence: u64,
}

impl RecordProtection {
    /// Length of the AEAD tag (the same for every suite).
    pub const TAG_LEN: usize = TAG_LEN;

    /// The traffic keys of `traffic_secret` (RFC 8446 §7.3):
    /// HKDF-Expand-Label(secret, "key", "", key_length) and
    /// HKDF-Expand-Label(secret, "iv", "", 12), sequence number 0.
    pub fn new(suite: CipherSuite, traffic_secret: &Secret) -> Self {
        let mut protection = RecordProtection {
            suite,
            key: [0; 32],
            iv: [0; IV_LEN],
            sequence: 0,
        };
        let alg = suite.hash();
        let secret = traffic_secret.as_bytes();
        // Short constant labels and outputs: never an error.
        let _ = hkdf_expand_label(
            alg,
            secret,
            b"key",
            &[],
            &mut protection.key[..suite.key_len()],
        );
        let _ = hkdf_expand_label(alg, secret, b"iv", &[], &mut protection.iv);
        protection
    }

    /// The sequence number of the next record.
    #[cfg(test)]
    pub fn sequence_number(&self) -> u64 {
        self.sequence
    }

    /// Length of the protected record [`seal`](Self::seal) makes of
    /// `plaintext_len` bytes with `padding` zero bytes: header, plaintext,
    /// content type, padding and tag.
    #[cfg(any(test, feature = "internals"))]
    pub const fn record_len(plaintext_len: usize, padding: usize) -> usize {
        HEADER_LEN + plaintext_len + 1 + padding + Self::TAG_LEN
    }

    /// Encrypts a record in place.
    ///
    /// `record` holds 5 header bytes, written here, then `plaintext_len`
    /// bytes of plaintext at `record[5..]`. The inner content type and
    /// `padding` zero bytes are appended, encrypted with the header
    /// (`23 03 03`, ciphertext length) as additional data, and the tag
    /// appended. Returns the total record length,
    /// [`record_len`](Self::record_len)`(plaintext_len, padding)`.
    ///
    /// `Err(Error::Internal)` if `record` is too small, the inner plaintext
    /// would exceed 2^14 + 1 bytes, or the sequence number would wrap.
    pub fn seal(
        &mut self,
        content_type: u8,
        record: &mut [u8],
        plaintext_len: usize,
        padding: usize,
    ) -> Result<usize, Error> {
        let inner_len = plaintext_len
            .checked_add(1)
            .and_then(|len| len.checked_add(padding))
            .filter(|&len| len <= MAX_PLAINTEXT_LEN + 1)
            .ok_or(Error::Internal)?;
        let body_len = inner_len + Self::TAG_LEN;
        let total = HEADER_LEN + body_len;
        let record = record.get_mut(..total).ok_or(Error::Internal)?;
        if self.sequence == u64::MAX {
            return Err(Error::Internal);
        }

        let (header, body) = record.split_at_mut(HEADER_LEN);
        let [length_high, length_low] = (body_len as u16).to_be_bytes();
        header.copy_from_slice(&[CONTENT_TYPE_APPLICATION_DATA, 3, 3, length_high, length_low]);
        let (inner, tag) = body.split_at_mut(inner_len);
        inner[plaintext_len] = content_type;
        inner[plaintext_len + 1..].fill(0);

        let nonce = self.nonce();
        let mut tag_out = [0u8; Self::TAG_LEN];
        let key = &self.key[..self.suite.key_len()];
        self.suite.aead().seal(key, &nonce, header, inner, &mut tag_out).map_err(|()| Error::Internal)?;
        tag.copy_from_slice(&tag_out);
        self.sequence += 1;
        Ok(total)
    }

    /// Decrypts the body of one protected record in place. `header` is the
    /// record's 5-byte header, the additional data.
    ///
    /// Returns the inner content type and the plaintext length: the
    /// plaintext is `body[..len]`, padding removed.
    ///
    /// Errors: a body longer than 2^14 + 256 bytes or an inner plaintext
    /// longer than 2^14 + 1 bytes gives `Error::RecordOverflow`; a body
    /// shorter than the tag or a tag that does not verify gives
    /// `Error::BadRecordMac`; an all-zero plaintext (no content type) gives
    /// `Error::Malformed`; an exhausted sequence number gives
    /// `Error::Internal`.
    pub fn open(
        &mut self,
        header: &[u8; HEADER_LEN],
        body: &mut [u8],
    ) -> Result<(u8, usize), Error> {
        if body.len() > MAX_CIPHERTEXT_LEN {
            return Err(Error::RecordOverflow);
        }
        let inner_len = body
            .len()
            .checked_sub(Self::TAG_LEN)
            .ok_or(Error::BadRecordMac)?;
        if self.sequence == u64::MAX {
            return Err(Error::Internal);
        }
        let (inner, tag) = body.split_at_mut(inner_len);
        let mut tag_in = [0u8; Self::TAG_LEN];
        tag_in.copy_from_slice(tag);

        let nonce = self.nonce();
        let key = &self.key[..self.suite.key_len()];
        self.suite.aead().open(key, &nonce, header, inner, &tag_in).map_err(|()| Error::BadRecordMac)?;
        self.sequence += 1;

        if inner_len > MAX_PLAINTEXT_LEN + 1 {
            return Err(Error::RecordOverflow);
        }
        // The content type is the last non-zero byte; zeros after it are
        // padding.
        let end = inner
            .iter()
            .rposition(|&byte| byte != 0)
            .ok_or(Error::Malformed)?;
        Ok((inner[end], end))
    }

    /// The per-record nonce (RFC 8446 §5.3): the static IV XOR the
    /// sequence number, big-endian, left-padded to 12 bytes.
    fn nonce(&self) -> [u8; IV_LEN] {
        let mut nonce = self.iv;
        for (byte, sequence_byte) in nonce[IV_LEN - 8..]
            .iter_mut()
            .zip(self.sequence.to_be_bytes())
        {
            *byte ^= sequence_byte;
        }
        nonce
    }

    /// Sets the sequence number (to start at a record of a published trace).
    #[cfg(test)]
    pub(crate) fn with_sequence(mut self, sequence: u64) -> Self {
        self.sequence = sequence;
        self
    }

    /// The key and IV, for checks against published traffic keys.
    #[cfg(test)]
    pub(crate) fn key_and_iv(&self) -> (&[u8], &[u8]) {
        (&self.key[..self.suite.key_len()], &self.iv)
    }
}

impl Drop for RecordProtection {
    fn drop(&mut self) {
        self.key.zeroize();
        self.iv.zeroize();
    }
}

impl fmt::Debug for RecordProtection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordProtection")
            .field("suite", &self.suite)
            .field("sequence", &self.sequence)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::crypto::aead::Aead;

    const HANDSHAKE: u8 = 22;

    fn pair(suite: CipherSuite) -> (RecordProtection, RecordProtection) {
        let secret = Secret::from_slice(&[0x5a; 48][..suite.hash().output_len()]).unwrap();
        (
            RecordProtection::new(suite, &secret),
            RecordProtection::new(suite, &secret),
        )
    }

    /// Seals `plaintext` with `padding` and returns the record.
    fn seal(sender: &mut RecordProtection, plaintext: &[u8], padding: usize) -> Vec<u8> {
        let mut record = vec![0xee; RecordProtection::record_len(plaintext.len(), padding) + 3];
        record[5..5 + plaintext.len()].copy_from_slice(plaintext);
        let len = sender
            .seal(HANDSHAKE, &mut record, plaintext.len(), padding)
            .unwrap();
        assert_eq!(len, RecordProtection::record_len(plaintext.len(), padding));
        record.truncate(len);
        record
    }

    fn open(receiver: &mut RecordProtection, record: &[u8]) -> Result<(u8, Vec<u8>), Error> {
        let header: [u8; 5] = record[..5].try_into().unwrap();
        let mut body = record[5..].to_vec();
        let (content_type, len) = receiver.open(&header, &mut body)?;
        Ok((content_type, body[..len].to_vec()))
    }

    #[test]
    fn round_trips() {
        for suite in CipherSuite::ALL {
            let (mut sender, mut receiver) = pair(suite);
            let message = b"GET / HTTP/1.1\r\n\r\n";
            for padding in [0, 1, 100] {
                let record = seal(&mut sender, message, padding);
                assert_eq!(&record[..3], &[23, 3, 3]);
                assert_eq!(
                    usize::from(u16::from_be_bytes([record[3], record[4]])),
                    record.len() - 5
                );
                assert_eq!(
                    open(&mut receiver, &record),
                    Ok((HANDSHAKE, message.to_vec()))
                );
            }
            // Empty content with a type is allowed (application data).
            let record = seal(&mut sender, b"", 3);
            assert_eq!(open(&mut receiver, &record), Ok((HANDSHAKE, vec![])));
            assert_eq!(sender.sequence_number(), 4);
            assert_eq!(receiver.sequence_number(), 4);
        }
    }

    #[test]
    fn sequence_number_changes_the_nonce() {
        for suite in CipherSuite::ALL {
            let (mut sender, _) = pair(suite);
            let first = seal(&mut sender, b"same plaintext", 0);
            let second = seal(&mut sender, b"same plaintext", 0);
            assert_eq!(first[..5], second[..5]);
            assert_ne!(first[5..], second[5..]);
            // Out of order: the second record does not open first.
            let (_, mut receiver) = pair(suite);
            assert_eq!(open(&mut receiver, &second), Err(Error::BadRecordMac));
        }
    }

    #[test]
    fn tampering_is_detected() {
        for suite in CipherSuite::ALL {
            let (mut sender, _) = pair(suite);
            let record = seal(&mut sender, b"attack at dawn", 0);
            for position in [2, 4, 5, record.len() - 17, record.len() - 1] {
                let (_, mut receiver) = pair(suite);
                let mut tampered = record.clone();
                tampered[position] ^= 1;
                assert_eq!(
                    open(&mut receiver, &tampered),
                    Err(Error::BadRecordMac),
                    "{suite:?}, byte {position}"
                );
            }
            // A body shorter than a tag.
            let (_, mut receiver) = pair(suite);
            assert_eq!(
                receiver.open(&[23, 3, 3, 0, 15], &mut [0; 15]),
                Err(Error::BadRecordMac)
            );
            // Another key.
            let other = Secret::from_slice(&[1; 48][..suite.hash().output_len()]).unwrap();
            let mut receiver = RecordProtection::new(suite, &other);
            assert_eq!(open(&mut receiver, &record), Err(Error::BadRecordMac));
        }
    }

    #[test]
    fn all_zero_plaintext_is_malformed() {
        for suite in CipherSuite::ALL {
            let (mut sender, mut receiver) = pair(suite);
            // Content type 0 and padding: nothing but zeros inside.
            let mut record = vec![0u8; RecordProtection::record_len(0, 5)];
            sender.seal(0, &mut record, 0, 5).unwrap();
            assert_eq!(open(&mut receiver, &record), Err(Error::Malformed));
            // Nothing at all inside: only the tag.
            let mut record = vec![0u8; RecordProtection::record_len(0, 0)];
            sender.seal(0, &mut record, 0, 0).unwrap();
            let (_, mut receiver) = pair(suite);
            receiver.sequence = 1;
            assert_eq!(open(&mut receiver, &record), Err(Error::Malformed));
        }
    }

    #[test]
    fn limits() {
        let (mut sender, mut receiver) = pair(CipherSuite::Aes128GcmSha256);
        // Too small a buffer.
        let mut record = [0u8; 5 + 10 + 1 + 15];
        assert_eq!(
            sender.seal(HANDSHAKE, &mut record, 10, 0),
            Err(Error::Internal)
        );
        assert_eq!(sender.sequence_number(), 0);
        // Inner plaintext over 2^14 + 1 bytes.
        let mut big = vec![0u8; RecordProtection::record_len(MAX_PLAINTEXT_LEN, 1)];
        assert_eq!(
            sender.seal(HANDSHAKE, &mut big, MAX_PLAINTEXT_LEN, 1),
            Err(Error::Internal)
        );
        assert_eq!(
            sender.seal(HANDSHAKE, &mut big, usize::MAX, 1),
            Err(Error::Internal)
        );
        let len = sender
            .seal(HANDSHAKE, &mut big, MAX_PLAINTEXT_LEN, 0)
            .unwrap();
        assert_eq!(
            open(&mut receiver, &big[..len]).unwrap().1.len(),
            MAX_PLAINTEXT_LEN
        );
        // A peer's record with more than 2^14 + 1 bytes inside (seal refuses
        // to make one): content type then zeros.
        let inner_len = MAX_PLAINTEXT_LEN + 2;
        let body_len = inner_len + RecordProtection::TAG_LEN;
        let header = [23, 3, 3, (body_len >> 8) as u8, body_len as u8];
        let mut body = vec![0u8; body_len];
        body[0] = HANDSHAKE;
        let (inner, tag) = body.split_at_mut(inner_len);
        let mut tag_out = [0u8; 16];
        let nonce = sender.nonce();
        Aead::AesGcm.seal(&sender.key[..16], &nonce, &header, inner, &mut tag_out).unwrap();
        tag.copy_from_slice(&tag_out);
        assert_eq!(
            receiver.open(&header, &mut body),
            Err(Error::RecordOverflow)
        );
        let mut huge = vec![0u8; MAX_CIPHERTEXT_LEN + 1];
        assert_eq!(
            receiver.open(&[23, 3, 3, 0x41, 1], &mut huge),
            Err(Error::RecordOverflow)
        );
        // The sequence number never wraps.
        sender.sequence = u64::MAX;
        let mut record = [0u8; 64];
        assert_eq!(
            sender.seal(HANDSHAKE, &mut record, 1, 0),
            Err(Error::Internal)
        );
        receiver.sequence = u64::MAX;
        assert_eq!(
            receiver.open(&[23, 3, 3, 0, 17], &mut [0; 17]),
            Err(Error::Internal)
        );
    }

    #[test]
    fn nonce_layout() {
        let (mut protection, _) = pair(CipherSuite::Chacha20Poly1305Sha256);
        protection.iv = [0xff; 12];
        protection.sequence = 0x0102_0304_0506_0708;
        assert_eq!(
            protection.nonce(),
            [0xff, 0xff, 0xff, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8, 0xf7]
        );
        assert_eq!(
            format!("{protection:?}"),
            "RecordProtection { suite: Chacha20Poly1305Sha256, sequence: 72623859790382856, .. }"
        );
    }
}
