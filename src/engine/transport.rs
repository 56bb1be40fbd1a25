//! The byte pipe under a TLS connection, and the record guard that watches it.

use core::cell::Cell;

use embedded_io::ErrorKind;

use super::error::Error;

/// A reliable byte stream (a TCP socket). Implemented by the binding over
/// MicroPython's stream protocol; the engine never sees a socket type.
pub trait Transport {
    /// Reads up to `buf.len()` bytes. `Ok(0)` means the peer closed the
    /// stream; `Err` carries an errno value.
    fn recv(&mut self, buf: &mut [u8]) -> Result<usize, i32>;
    /// Writes some of `buf`, returning how many bytes were taken.
    fn send(&mut self, buf: &[u8]) -> Result<usize, i32>;
}

/// Largest TLSCiphertext.length (RFC 8446 §5.2): 2^14 + 256.
const MAX_CIPHERTEXT: usize = 16384 + 256;
/// Smallest protected record: one content-type byte and the 16-byte tag.
const MIN_PROTECTED: usize = 1 + 16;
/// TLS content types (RFC 8446 §5.1).
const CHANGE_CIPHER_SPEC: u8 = 20;
const ALERT: u8 = 21;
const HANDSHAKE: u8 = 22;
const APPLICATION_DATA: u8 = 23;

/// What the [`RecordGuard`] has observed, readable by the connection's
/// owner while embedded-tls holds the guard itself.
#[derive(Clone, Copy, Default)]
pub struct GuardReport {
    /// Address and length of the last protected record's body in the buffer
    /// embedded-tls read it into (decrypted in place afterwards).
    pub last_protected: Option<(usize, usize)>,
    /// A record the guard rejected.
    pub verdict: Option<Error>,
    /// The last socket error.
    pub socket_errno: Option<i32>,
    /// The peer closed the stream.
    pub eof: bool,
}

impl GuardReport {
    /// What went wrong, most specific first: a rejected record, then a
    /// socket error.
    pub fn failure(&self) -> Option<Error> {
        self.verdict.or(self.socket_errno.map(Error::Socket))
    }
}

/// Wraps a [`Transport`] and checks every record header that passes
/// through before embedded-tls parses it: garbage, oversized records and
/// protected records too short to hold a tag are stopped here with a
/// precise error (embedded-tls would misreport or panic on some of them).
pub struct RecordGuard<'a, T> {
    inner: T,
    header: [u8; 5],
    header_len: usize,
    body_remaining: usize,
    report: &'a Cell<GuardReport>,
}

impl<'a, T: Transport> RecordGuard<'a, T> {
    /// Starts watching `inner` at a record boundary, publishing to `report`.
    pub fn new(inner: T, report: &'a Cell<GuardReport>) -> Self {
        Self { inner, header: [0; 5], header_len: 0, body_remaining: 0, report }
    }

    fn update(&self, change: impl FnOnce(&mut GuardReport)) {
        let mut report = self.report.get();
        change(&mut report);
        self.report.set(report);
    }

    fn check_header(&mut self) -> Result<(), Error> {
        let [content_type, major, _minor, hi, lo] = self.header;
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        if !matches!(content_type, CHANGE_CIPHER_SPEC | ALERT | HANDSHAKE | APPLICATION_DATA)
            || major != 3
        {
            return Err(Error::Malformed);
        }
        if len > MAX_CIPHERTEXT {
            return Err(Error::RecordOverflow);
        }
        if len == 0 || (content_type == APPLICATION_DATA && len < MIN_PROTECTED) {
            return Err(Error::Malformed);
        }
        Ok(())
    }

    /// Advances the record framing over bytes just received into `data`.
    fn observe(&mut self, data: &[u8]) -> Result<(), Error> {
        let mut rest = data;
        while !rest.is_empty() {
            if self.body_remaining == 0 {
                let take = (5 - self.header_len).min(rest.len());
                self.header[self.header_len..self.header_len + take].copy_from_slice(&rest[..take]);
                self.header_len += take;
                rest = &rest[take..];
                if self.header_len == 5 {
                    self.check_header()?;
                    self.header_len = 0;
                    self.body_remaining = usize::from(u16::from_be_bytes([self.header[3], self.header[4]]));
                    if self.header[0] == APPLICATION_DATA {
                        self.update(|r| r.last_protected = None);
                    }
                }
            } else {
                let take = self.body_remaining.min(rest.len());
                if self.header[0] == APPLICATION_DATA {
                    let start = rest.as_ptr() as usize;
                    self.update(|r| {
                        r.last_protected = match r.last_protected {
                            Some((addr, len)) if addr + len == start => Some((addr, len + take)),
                            _ => Some((start, take)),
                        }
                    });
                }
                self.body_remaining -= take;
                rest = &rest[take..];
            }
        }
        Ok(())
    }
}

fn errno_kind(errno: i32) -> ErrorKind {
    // Linux/newlib values; both MicroPython ports use them.
    match errno {
        110 => ErrorKind::TimedOut,
        104 => ErrorKind::ConnectionReset,
        32 => ErrorKind::BrokenPipe,
        _ => ErrorKind::Other,
    }
}

impl<T> embedded_io::ErrorType for RecordGuard<'_, T> {
    type Error = ErrorKind;
}

impl<T: Transport> embedded_io::Read for RecordGuard<'_, T> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        if self.report.get().verdict.is_some() {
            return Err(ErrorKind::InvalidData);
        }
        match self.inner.recv(buf) {
            Ok(0) => {
                self.update(|r| r.eof = true);
                Ok(0)
            }
            Ok(n) => match self.observe(&buf[..n]) {
                Ok(()) => Ok(n),
                Err(e) => {
                    self.update(|r| r.verdict = Some(e));
                    Err(ErrorKind::InvalidData)
                }
            },
            Err(errno) => {
                self.update(|r| r.socket_errno = Some(errno));
                Err(errno_kind(errno))
            }
        }
    }
}

impl<T: Transport> embedded_io::Write for RecordGuard<'_, T> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        self.inner.send(buf).map_err(|errno| {
            self.update(|r| r.socket_errno = Some(errno));
            errno_kind(errno)
        })
    }

    fn flush(&mut self) -> Result<(), ErrorKind> {
        Ok(())
    }
}

/// The alert carried by a decrypted TLSInnerPlaintext (content, content
/// type, zero padding; the 16-byte tag still at the end), if it is one.
pub fn alert_in_plaintext(record_body: &[u8]) -> Option<u8> {
    let plain = record_body.get(..record_body.len().checked_sub(16)?)?;
    let type_at = plain.iter().rposition(|&b| b != 0)?;
    match (plain[type_at], type_at) {
        (ALERT, 2) => Some(plain[1]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use embedded_io::Read;

    struct Script<'a>(&'a [u8]);
    impl Transport for Script<'_> {
        fn recv(&mut self, buf: &mut [u8]) -> Result<usize, i32> {
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
        fn send(&mut self, buf: &[u8]) -> Result<usize, i32> {
            Ok(buf.len())
        }
    }

    fn first_failure(bytes: &[u8]) -> Option<Error> {
        let report = Cell::new(GuardReport::default());
        let mut guard = RecordGuard::new(Script(bytes), &report);
        let mut buf = [0u8; 64];
        while let Ok(n) = guard.read(&mut buf[..5]) {
            if n == 0 {
                break;
            }
        }
        report.get().failure()
    }

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(first_failure(b"HTTP/1.1 400 Bad Request"), Some(Error::Malformed));
    }

    #[test]
    fn empty_protected_record_is_malformed() {
        assert_eq!(first_failure(&[23, 3, 3, 0, 0]), Some(Error::Malformed));
        assert_eq!(first_failure(&[23, 3, 3, 0, 16]), Some(Error::Malformed));
    }

    #[test]
    fn oversized_record_overflows() {
        assert_eq!(first_failure(&[23, 3, 3, 0x41, 0x01]), Some(Error::RecordOverflow));
    }

    #[test]
    fn well_framed_records_pass() {
        let mut stream = [0u8; 5 + 2 + 5 + 17];
        stream[..5].copy_from_slice(&[21, 3, 3, 0, 2]);
        stream[5..7].copy_from_slice(&[2, 40]);
        stream[7..12].copy_from_slice(&[23, 3, 3, 0, 17]);
        assert_eq!(first_failure(&stream), None);
    }

    #[test]
    fn alert_found_in_plaintext() {
        let mut body = [0u8; 3 + 4 + 16];
        body[..3].copy_from_slice(&[2, 116, ALERT]);
        assert_eq!(alert_in_plaintext(&body), Some(116));
        body[2] = HANDSHAKE;
        assert_eq!(alert_in_plaintext(&body), None);
        assert_eq!(alert_in_plaintext(&[0u8; 10]), None);
    }
}
