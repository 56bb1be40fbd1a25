//! The record layer (RFC 8446 §5): incoming records are deframed and
//! decrypted in place in the receive buffer; outgoing data is fragmented to
//! the negotiated limit and sealed in place in the send buffer.

use super::crypto::aead::RecordProtection;
use crate::engine::error::Error;

/// TLS content types (RFC 8446 §5.1).
pub const CHANGE_CIPHER_SPEC: u8 = 20;
pub const ALERT: u8 = 21;
pub const HANDSHAKE: u8 = 22;
pub const APPLICATION_DATA: u8 = 23;

/// Record header length.
pub const HEADER_LEN: usize = 5;
/// Largest plaintext fragment (2^14).
pub const MAX_FRAGMENT: usize = 16384;
/// Room a protected record adds to its plaintext: header, inner content
/// type and tag (no padding is sent).
pub const SEAL_OVERHEAD: usize = HEADER_LEN + 1 + RecordProtection::TAG_LEN;
/// How much a peer may add to a plaintext fragment when protecting it
/// (RFC 8446 §5.2: TLSCiphertext.length <= 2^14 + 256).
const PROTECTION_EXPANSION: usize = 256;

/// One record taken from the receive buffer, its body decrypted in place.
#[derive(Clone, Copy, Debug)]
pub struct Record {
    /// The (inner) content type.
    pub content_type: u8,
    /// Where the plaintext lies in the receive buffer.
    pub start: usize,
    /// Plaintext length.
    pub len: usize,
}

/// Receive side: a buffer of bytes from the network, parsed record by
/// record.
pub struct Incoming<'a> {
    buf: &'a mut [u8],
    /// Bytes received so far (`buf[..filled]`).
    filled: usize,
    /// Start of the first record not yet taken.
    next: usize,
    /// Protection of incoming records, once keys exist.
    pub protection: Option<RecordProtection>,
    /// Largest plaintext the peer may send (2^14, or the negotiated limit).
    pub max_plaintext: usize,
}

impl<'a> Incoming<'a> {
    /// Uses `buf` for received records; it must hold one whole record.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Incoming { buf, filled: 0, next: 0, protection: None, max_plaintext: MAX_FRAGMENT }
    }

    /// Moves unparsed bytes to the front so the free space is contiguous.
    /// Only called when no plaintext in the buffer is still needed.
    pub fn compact(&mut self) {
        if self.next > 0 {
            self.buf.copy_within(self.next..self.filled, 0);
            self.filled -= self.next;
            self.next = 0;
        }
    }

    /// Free space for bytes from the network, no more than the record
    /// being received still needs (its header, then its body): a stream
    /// whose blocking read waits to fill what it is given must not wait for
    /// bytes the peer will only send after the client answers.
    pub fn space(&mut self) -> &mut [u8] {
        let available = &self.buf[self.next..self.filled];
        let record_len = match available {
            [_, _, _, high, low, ..] => HEADER_LEN + usize::from(u16::from_be_bytes([*high, *low])),
            _ => HEADER_LEN,
        };
        let end = self.filled + record_len.saturating_sub(available.len()).max(1);
        let end = end.min(self.buf.len());
        &mut self.buf[self.filled..end]
    }

    /// Records that `n` bytes were written into [`Incoming::space`].
    pub fn filled(&mut self, n: usize) {
        self.filled = (self.filled + n).min(self.buf.len());
    }

    /// Whether bytes of an unfinished record are waiting.
    pub fn has_partial_record(&self) -> bool {
        self.next < self.filled
    }

    /// The plaintext of a record taken earlier.
    pub fn plaintext(&self, record: &Record) -> &[u8] {
        &self.buf[record.start..record.start + record.len]
    }

    /// The whole receive buffer, for callers that hold a [`Record`] range.
    pub fn buffer(&self) -> &[u8] {
        self.buf
    }

    /// Takes the next complete record, decrypting it when keys are set;
    /// `None` until one has fully arrived.
    pub fn next_record(&mut self) -> Result<Option<Record>, Error> {
        let available = &self.buf[self.next..self.filled];
        let Some(header) = available.get(..HEADER_LEN) else {
            return Ok(None);
        };
        let header: [u8; HEADER_LEN] = [header[0], header[1], header[2], header[3], header[4]];
        let content_type = header[0];
        let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
        if !matches!(content_type, CHANGE_CIPHER_SPEC | ALERT | HANDSHAKE | APPLICATION_DATA) || header[1] != 3 {
            return Err(Error::Malformed);
        }
        let protected = self.protection.is_some() && content_type == APPLICATION_DATA;
        let limit = if protected { self.max_plaintext + PROTECTION_EXPANSION } else { self.max_plaintext };
        if len > limit || HEADER_LEN + len > self.buf.len() {
            return Err(Error::RecordOverflow);
        }
        // Empty records are only legal as protected application data, and a
        // protected record holds at least a content type and a tag.
        if (len == 0 && !protected) || (protected && len < 1 + RecordProtection::TAG_LEN) {
            return Err(Error::Malformed);
        }
        if available.len() < HEADER_LEN + len {
            return Ok(None);
        }
        let start = self.next + HEADER_LEN;
        self.next = start + len;
        if !protected {
            if content_type == APPLICATION_DATA {
                // Application data before keys exist.
                return Err(Error::UnexpectedMessage);
            }
            return Ok(Some(Record { content_type, start, len }));
        }
        let protection = self.protection.as_mut().ok_or(Error::Internal)?;
        let (inner_type, plain_len) = protection.open(&header, &mut self.buf[start..start + len])?;
        if plain_len > self.max_plaintext {
            return Err(Error::RecordOverflow);
        }
        Ok(Some(Record { content_type: inner_type, start, len: plain_len }))
    }
}

/// Send side: sealed records waiting to be written to the network.
pub struct Outgoing<'a> {
    buf: &'a mut [u8],
    /// Pending output is `buf[sent..end]`.
    sent: usize,
    end: usize,
    /// Where [`Outgoing::stage`] put the plaintext room.
    staged_at: usize,
    /// Protection of outgoing records, once keys exist.
    pub protection: Option<RecordProtection>,
    /// Largest plaintext fragment to send (2^14, or the negotiated limit).
    pub max_plaintext: usize,
}

impl<'a> Outgoing<'a> {
    /// Uses `buf` to build records.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Outgoing { buf, sent: 0, end: 0, staged_at: 0, protection: None, max_plaintext: MAX_FRAGMENT }
    }

    /// Bytes waiting to be sent.
    pub fn pending(&self) -> &[u8] {
        &self.buf[self.sent..self.end]
    }

    /// Records that `n` pending bytes were sent.
    pub fn sent(&mut self, n: usize) {
        self.sent = (self.sent + n).min(self.end);
        if self.sent == self.end {
            self.sent = 0;
            self.end = 0;
        }
    }

    /// Gives the room for plaintext to be sealed by the next
    /// [`Outgoing::seal`]: after the pending output, leaving space for the
    /// overhead of every record it may become, so sealing front to back
    /// never overwrites plaintext still to be sealed.
    pub fn stage(&mut self) -> &mut [u8] {
        let free = self.buf.len() - self.end;
        let records = free.div_ceil(self.max_plaintext + SEAL_OVERHEAD).max(1);
        self.staged_at = (self.end + records * SEAL_OVERHEAD).min(self.buf.len());
        &mut self.buf[self.staged_at..]
    }

    /// Turns the first `len` bytes of the staged plaintext into records of
    /// `content_type`, protected when keys are set, after the pending output.
    pub fn seal(&mut self, content_type: u8, len: usize) -> Result<(), Error> {
        let staged = self.staged_at;
        if staged < self.end || staged + len > self.buf.len() {
            return Err(Error::Internal);
        }
        let mut done = 0;
        loop {
            let fragment = (len - done).min(self.max_plaintext);
            let out = self.end;
            self.buf.copy_within(staged + done..staged + done + fragment, out + HEADER_LEN);
            let record_len = match self.protection.as_mut() {
                Some(protection) => protection.seal(content_type, &mut self.buf[out..], fragment, 0)?,
                None => {
                    let [hi, lo] = (fragment as u16).to_be_bytes();
                    self.buf[out..out + HEADER_LEN].copy_from_slice(&[content_type, 3, 3, hi, lo]);
                    HEADER_LEN + fragment
                }
            };
            self.end += record_len;
            done += fragment;
            if done >= len {
                self.staged_at = 0;
                return Ok(());
            }
        }
    }

    /// Appends one record holding `data` (small: alerts, KeyUpdate).
    pub fn send(&mut self, content_type: u8, data: &[u8]) -> Result<(), Error> {
        self.stage().get_mut(..data.len()).ok_or(Error::Internal)?.copy_from_slice(data);
        self.seal(content_type, data.len())
    }

    /// Appends a plaintext ChangeCipherSpec record (middlebox compatibility,
    /// RFC 8446 §D.4), whatever the protection state. Not between
    /// [`Outgoing::stage`] and [`Outgoing::seal`].
    pub fn send_change_cipher_spec(&mut self) -> Result<(), Error> {
        let record = [CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1];
        let out = self.buf.get_mut(self.end..self.end + record.len()).ok_or(Error::Internal)?;
        out.copy_from_slice(&record);
        self.end += record.len();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaintext_records_are_fragmented_to_the_limit() {
        let mut buf = [0u8; 128];
        let mut out = Outgoing::new(&mut buf);
        out.max_plaintext = 10;
        let data: [u8; 25] = core::array::from_fn(|i| i as u8);
        out.stage()[..25].copy_from_slice(&data);
        out.seal(HANDSHAKE, 25).unwrap();
        let pending = out.pending();
        assert_eq!(pending.len(), 25 + 3 * HEADER_LEN);
        assert_eq!(&pending[..5], &[HANDSHAKE, 3, 3, 0, 10]);
        assert_eq!(&pending[5..15], &data[..10]);
        assert_eq!(&pending[15..20], &[HANDSHAKE, 3, 3, 0, 10]);
        assert_eq!(&pending[20..30], &data[10..20]);
        assert_eq!(&pending[30..35], &[HANDSHAKE, 3, 3, 0, 5]);
        assert_eq!(&pending[35..], &data[20..]);
    }

    /// Writes `data` into `inc` as the network would, through `space()`.
    fn receive(inc: &mut Incoming, mut data: &[u8]) {
        while !data.is_empty() {
            let space = inc.space();
            let n = space.len().min(data.len());
            space[..n].copy_from_slice(&data[..n]);
            inc.filled(n);
            data = &data[n..];
        }
    }

    /// The receive space asks for the header, then exactly the rest of the
    /// record: never bytes the peer has not yet reason to send.
    #[test]
    fn incoming_asks_for_no_more_than_the_record_needs() {
        let mut buf = [0u8; 64];
        let mut inc = Incoming::new(&mut buf);
        assert_eq!(inc.space().len(), HEADER_LEN);
        receive(&mut inc, &[HANDSHAKE, 3]);
        assert_eq!(inc.space().len(), 3);
        receive(&mut inc, &[3, 0, 10]);
        assert_eq!(inc.space().len(), 10);
        receive(&mut inc, &[1, 2, 3]);
        assert_eq!(inc.space().len(), 7);
        receive(&mut inc, &[0; 7]);
        assert_eq!(inc.next_record().unwrap().unwrap().len, 10);
        inc.compact();
        assert_eq!(inc.space().len(), HEADER_LEN, "the next record's header");
    }

    #[test]
    fn incoming_waits_for_whole_records_and_rejects_oversize() {
        let mut buf = [0u8; 32];
        let mut inc = Incoming::new(&mut buf);
        receive(&mut inc, &[HANDSHAKE, 3, 3]);
        assert!(inc.next_record().unwrap().is_none());
        receive(&mut inc, &[0, 2, 7, 8]);
        let record = inc.next_record().unwrap().unwrap();
        assert_eq!(inc.plaintext(&record), &[7, 8]);
        assert!(inc.next_record().unwrap().is_none());

        let mut buf = [0u8; 32];
        let mut inc = Incoming::new(&mut buf);
        receive(&mut inc, &[HANDSHAKE, 3, 3, 0, 40]);
        assert_eq!(inc.next_record().unwrap_err(), Error::RecordOverflow);
    }

    #[test]
    fn garbage_and_early_application_data_are_rejected() {
        let mut buf = [0u8; 32];
        let mut inc = Incoming::new(&mut buf);
        receive(&mut inc, b"HTTP/");
        assert_eq!(inc.next_record().unwrap_err(), Error::Malformed);

        let mut buf = [0u8; 32];
        let mut inc = Incoming::new(&mut buf);
        receive(&mut inc, &[APPLICATION_DATA, 3, 3, 0, 1, 0]);
        assert_eq!(inc.next_record().unwrap_err(), Error::UnexpectedMessage);
    }
}
