//! Writing TLS presentation-language data into a caller's buffer.
//!
//! Nothing is allocated: a [`Writer`] fills a slice it borrows.
//! Length-prefixed vectors are written in place and their prefix is
//! patched afterwards. A write that does not fit is not made: the writer
//! records the overflow and ignores every later write, and
//! [`status`](Writer::status) reports [`CodecError::Overflow`]. The writes
//! themselves return nothing, so that an encoder (the ClientHello's makes
//! dozens) carries no error branch per write and checks the status once
//! at its end. What the buffer holds after an overflow is no valid
//! encoding (a vector open at the time keeps a zero length, one too long
//! for its prefix gets the low bytes of its length): encoders treat
//! overflow as fatal.

use super::CodecError;

/// A cursor that appends to a borrowed slice, with a sticky overflow flag.
#[derive(Debug)]
pub struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
    overflow: bool,
}

impl<'a> Writer<'a> {
    /// A writer that fills `buf` from its start.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Writer {
            buf,
            pos: 0,
            overflow: false,
        }
    }

    /// [`CodecError::Overflow`] if a write did not fit (or [`fail`](Self::fail)
    /// was called) since the writer was made.
    pub fn status(&self) -> Result<(), CodecError> {
        if self.overflow {
            Err(CodecError::Overflow)
        } else {
            Ok(())
        }
    }

    /// Marks the writer failed, as an overflow does: for an encoder that
    /// finds its input cannot be encoded. Later writes are ignored.
    pub fn fail(&mut self) {
        self.overflow = true;
    }

    /// How many bytes have been written.
    pub fn len(&self) -> usize {
        self.pos
    }

    /// True when nothing has been written yet.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.pos == 0
    }

    /// The bytes written so far.
    #[cfg(test)]
    pub fn written(&self) -> &[u8] {
        &self.buf[..self.pos]
    }

    /// The bytes written so far, mutable (e.g. to patch in a PSK binder).
    #[cfg(test)]
    pub fn written_mut(&mut self) -> &mut [u8] {
        &mut self.buf[..self.pos]
    }

    /// Gives back the written part of the buffer with its full lifetime.
    #[cfg(test)]
    pub fn into_written(self) -> &'a mut [u8] {
        let pos = self.pos;
        &mut self.buf[..pos]
    }

    /// Appends raw bytes; if they do not fit, or the writer already
    /// overflowed, writes nothing and records the overflow. Out of line:
    /// every encoder calls it (see [`open_vec`](Self::open_vec)).
    #[inline(never)]
    pub fn bytes(&mut self, b: &[u8]) {
        // `pos <= buf.len()`, so the room cannot underflow.
        if self.overflow || b.len() > self.buf.len() - self.pos {
            self.overflow = true;
            return;
        }
        let end = self.pos + b.len();
        self.buf[self.pos..end].copy_from_slice(b);
        self.pos = end;
    }

    /// Appends a `uint8`.
    pub fn u8(&mut self, v: u8) {
        self.bytes(&[v]);
    }

    /// Appends a big-endian `uint16`.
    pub fn u16(&mut self, v: u16) {
        self.bytes(&v.to_be_bytes());
    }

    /// Appends a big-endian `uint24`; a `v` over 24 bits is an overflow.
    pub fn u24(&mut self, v: u32) {
        if v > 0x00ff_ffff {
            self.overflow = true;
        }
        self.bytes(&v.to_be_bytes()[1..]);
    }

    /// Appends a big-endian `uint32`.
    pub fn u32(&mut self, v: u32) {
        self.bytes(&v.to_be_bytes());
    }

    /// Writes a vector with a 1-byte length prefix whose contents `f`
    /// writes, then patches the prefix.
    pub fn vec8(&mut self, f: impl FnOnce(&mut Writer<'_>)) {
        self.vec(1, f);
    }

    /// Writes a vector with a 2-byte length prefix whose contents `f`
    /// writes, then patches the prefix.
    pub fn vec16(&mut self, f: impl FnOnce(&mut Writer<'_>)) {
        self.vec(2, f);
    }

    /// Writes a vector with a 3-byte length prefix whose contents `f`
    /// writes, then patches the prefix.
    pub fn vec24(&mut self, f: impl FnOnce(&mut Writer<'_>)) {
        self.vec(3, f);
    }

    /// Reserves a `prefix`-byte length, lets `f` write the contents, and
    /// patches the length in (big-endian). Contents too long for the
    /// prefix are an overflow.
    fn vec(&mut self, prefix: usize, f: impl FnOnce(&mut Writer<'_>)) {
        let start = self.open_vec(prefix);
        f(self);
        self.close_vec(start, prefix);
    }

    // The two halves of `vec` stay out of line: `vec` is instantiated for
    // every closure, and on the ESP8266 inlining them into each made the
    // ClientHello encoder alone several KiB.

    /// Writes a zero length of `prefix` bytes; returns where it starts.
    #[inline(never)]
    fn open_vec(&mut self, prefix: usize) -> usize {
        let start = self.pos;
        self.bytes(&[0u8; 3][..prefix]);
        start
    }

    /// Patches the length of the vector opened at `start`; a length that
    /// does not fit in the prefix is an overflow.
    #[inline(never)]
    fn close_vec(&mut self, start: usize, prefix: usize) {
        // After an overflow the prefix may not have been written (`pos`
        // may still be `start`), and nothing more is to be written.
        if self.overflow {
            return;
        }
        // Big-endian, last byte first: whatever of `len` is left over
        // did not fit.
        let mut len = self.pos - start - prefix;
        for b in self.buf[start..start + prefix].iter_mut().rev() {
            *b = len as u8;
            len >>= 8;
        }
        if len != 0 {
            self.overflow = true;
        }
    }
}
