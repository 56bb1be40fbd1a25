//! The record guard that watches the byte stream under embedded-tls.

use core::cell::Cell;

use embedded_io::ErrorKind;

use crate::engine::error::Error;
use crate::engine::transport::Transport;

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
    /// A record the guard rejected, or a flight it refused to send.
    pub verdict: Option<Error>,
    /// The last socket error.
    pub socket_errno: Option<i32>,
    /// Whether that socket error hit a read between two records, where
    /// embedded-tls has nothing half-read and the connection can go on.
    pub errno_at_record_boundary: bool,
    /// The peer closed the stream.
    pub eof: bool,
    /// Set by the verifier once the server's Certificate and
    /// CertificateVerify are both verified.
    pub server_authenticated: bool,
}

impl GuardReport {
    /// What went wrong, most specific first: a rejected record, then a
    /// socket error.
    pub fn failure(&self) -> Option<Error> {
        self.verdict.or(self.socket_errno.map(Error::Socket))
    }
}

/// Record framing of one direction of the stream: where each 5-byte header
/// starts, so the content type of every record is known.
#[derive(Clone, Copy, Default)]
struct Framing {
    header: [u8; 5],
    header_len: usize,
    body_remaining: usize,
}

impl Framing {
    fn at_boundary(&self) -> bool {
        self.header_len == 0 && self.body_remaining == 0
    }

    fn content_type(&self) -> u8 {
        self.header[0]
    }

    /// Consumes header bytes from `data`; returns how many were taken and
    /// whether a header was completed by them.
    fn take_header(&mut self, data: &[u8]) -> (usize, bool) {
        let take = (5 - self.header_len).min(data.len());
        self.header[self.header_len..self.header_len + take].copy_from_slice(&data[..take]);
        self.header_len += take;
        if self.header_len < 5 {
            return (take, false);
        }
        self.header_len = 0;
        self.body_remaining = usize::from(u16::from_be_bytes([self.header[3], self.header[4]]));
        (take, true)
    }

    /// Consumes body bytes from `data`; returns how many were taken.
    fn take_body(&mut self, data: &[u8]) -> usize {
        let take = self.body_remaining.min(data.len());
        self.body_remaining -= take;
        take
    }

    /// Advances over `data`, telling `record_starts` the content type of
    /// each record that begins in it.
    fn advance(&mut self, data: &[u8], mut record_starts: impl FnMut(u8)) {
        let mut rest = data;
        while let Some(&first) = rest.first() {
            let taken = if self.body_remaining > 0 {
                self.take_body(rest)
            } else {
                if self.header_len == 0 {
                    record_starts(first);
                }
                self.take_header(rest).0
            };
            rest = &rest[taken..];
        }
    }
}

/// Wraps a [`Transport`] and watches the records in both directions, for
/// what embedded-tls does not check itself:
/// - incoming garbage, oversized records and protected records too short to
///   hold a tag are stopped with a precise error (embedded-tls misreports or
///   panics on some of them);
/// - with `require_server_auth`, no protected record (the client's second
///   flight: Certificate, CertificateVerify, Finished) leaves before the
///   server has been authenticated, so a server that skips its Certificate
///   never sees a client Finished (notes/embedded-tls.md, hole 1).
pub struct RecordGuard<'a, T> {
    inner: T,
    incoming: Framing,
    outgoing: Framing,
    require_server_auth: bool,
    report: &'a Cell<GuardReport>,
}

impl<'a, T: Transport> RecordGuard<'a, T> {
    /// Starts watching `inner` at a record boundary, publishing to `report`.
    pub fn new(inner: T, require_server_auth: bool, report: &'a Cell<GuardReport>) -> Self {
        Self { inner, incoming: Framing::default(), outgoing: Framing::default(), require_server_auth, report }
    }

    fn update(&self, change: impl FnOnce(&mut GuardReport)) {
        let mut report = self.report.get();
        change(&mut report);
        self.report.set(report);
    }

    fn check_header(header: [u8; 5]) -> Result<(), Error> {
        let [content_type, major, _minor, hi, lo] = header;
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

    /// Advances the incoming framing over bytes just received into `data`.
    fn observe_incoming(&mut self, data: &[u8]) -> Result<(), Error> {
        let mut rest = data;
        while !rest.is_empty() {
            if self.incoming.body_remaining == 0 {
                let (taken, complete) = self.incoming.take_header(rest);
                rest = &rest[taken..];
                if complete {
                    Self::check_header(self.incoming.header)?;
                    if self.incoming.content_type() == APPLICATION_DATA {
                        self.update(|r| r.last_protected = None);
                    }
                }
            } else {
                let start = rest.as_ptr() as usize;
                let taken = self.incoming.take_body(rest);
                if self.incoming.content_type() == APPLICATION_DATA {
                    self.update(|r| {
                        r.last_protected = match r.last_protected {
                            Some((addr, len)) if addr + len == start => Some((addr, len + taken)),
                            _ => Some((start, taken)),
                        }
                    });
                }
                rest = &rest[taken..];
            }
        }
        Ok(())
    }

    /// Whether sending `data` would start a protected record while the
    /// server is not (yet) authenticated and has to be.
    fn sends_protected_too_early(&self, data: &[u8]) -> bool {
        if !self.require_server_auth || self.report.get().server_authenticated {
            return false;
        }
        let mut protected = false;
        let mut framing = self.outgoing;
        framing.advance(data, |content_type| protected |= content_type == APPLICATION_DATA);
        protected
    }

    fn socket_error(&self, errno: i32) -> ErrorKind {
        let at_boundary = self.incoming.at_boundary();
        self.update(|r| {
            r.socket_errno = Some(errno);
            r.errno_at_record_boundary = at_boundary;
        });
        errno_kind(errno)
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
            Ok(n) => match self.observe_incoming(&buf[..n]) {
                Ok(()) => Ok(n),
                Err(e) => {
                    self.update(|r| r.verdict = Some(e));
                    Err(ErrorKind::InvalidData)
                }
            },
            Err(errno) => Err(self.socket_error(errno)),
        }
    }
}

impl<T: Transport> embedded_io::Write for RecordGuard<'_, T> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        if self.sends_protected_too_early(buf) {
            self.update(|r| r.verdict = Some(Error::ServerNotAuthenticated));
            return Err(ErrorKind::PermissionDenied);
        }
        match self.inner.send(buf) {
            Ok(n) => {
                self.outgoing.advance(&buf[..n], |_| {});
                Ok(n)
            }
            Err(errno) => Err(self.socket_error(errno)),
        }
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
        let mut guard = RecordGuard::new(Script(bytes), false, &report);
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
    fn protected_records_wait_for_server_authentication() {
        use embedded_io::Write;
        let report = Cell::new(GuardReport::default());
        let mut guard = RecordGuard::new(Script(&[]), true, &report);
        assert!(guard.write(&[22, 3, 1, 0, 1, 0]).is_ok());
        assert!(guard.write(&[23, 3, 3, 0, 17]).is_err());
        assert_eq!(report.get().verdict, Some(Error::ServerNotAuthenticated));

        let report = Cell::new(GuardReport { server_authenticated: true, ..GuardReport::default() });
        let mut guard = RecordGuard::new(Script(&[]), true, &report);
        assert!(guard.write(&[23, 3, 3, 0, 17]).is_ok());
    }

    #[test]
    fn body_bytes_that_look_like_headers_are_not_records() {
        use embedded_io::Write;
        let report = Cell::new(GuardReport::default());
        let mut guard = RecordGuard::new(Script(&[]), true, &report);
        // A handshake record whose body starts with 23: not a protected record.
        assert!(guard.write(&[22, 3, 1, 0, 3]).is_ok());
        assert!(guard.write(&[23, 23, 23]).is_ok());
        assert!(guard.write(&[23]).is_err());
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
