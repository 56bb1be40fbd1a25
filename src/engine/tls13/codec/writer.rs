//! Writing TLS presentation-language data into a caller's buffer.
//!
//! Nothing is allocated: a [`Writer`] fills a slice it borrows and fails
//! with [`CodecError::Overflow`] when the slice is full. Length-prefixed
//! vectors are written in place and their prefix is patched afterwards.
//! After an error the bytes written so far are unspecified: encoders treat
//! any error as fatal.

use super::CodecError;

/// A cursor that appends to a borrowed slice.
#[derive(Debug)]
pub struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    /// A writer that fills `buf` from its start.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Writer { buf, pos: 0 }
    }

    /// How many bytes have been written.
    pub fn len(&self) -> usize {
        self.pos
    }

    /// True when nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.pos == 0
    }

    /// The bytes written so far.
    pub fn written(&self) -> &[u8] {
        &self.buf[..self.pos]
    }

    /// The bytes written so far, mutable (e.g. to patch in a PSK binder).
    pub fn written_mut(&mut self) -> &mut [u8] {
        &mut self.buf[..self.pos]
    }

    /// Gives back the written part of the buffer with its full lifetime.
    pub fn into_written(self) -> &'a mut [u8] {
        let pos = self.pos;
        &mut self.buf[..pos]
    }

    /// Appends raw bytes. Out of line: every encoder calls it (see
    /// [`open_vec`](Self::open_vec)).
    #[inline(never)]
    pub fn bytes(&mut self, b: &[u8]) -> Result<(), CodecError> {
        let end = self.pos.checked_add(b.len()).ok_or(CodecError::Overflow)?;
        let dst = self
            .buf
            .get_mut(self.pos..end)
            .ok_or(CodecError::Overflow)?;
        dst.copy_from_slice(b);
        self.pos = end;
        Ok(())
    }

    /// Appends a `uint8`.
    pub fn u8(&mut self, v: u8) -> Result<(), CodecError> {
        self.bytes(&[v])
    }

    /// Appends a big-endian `uint16`.
    pub fn u16(&mut self, v: u16) -> Result<(), CodecError> {
        self.bytes(&v.to_be_bytes())
    }

    /// Appends a big-endian `uint24`; [`CodecError::Overflow`] if `v` does
    /// not fit in 24 bits.
    pub fn u24(&mut self, v: u32) -> Result<(), CodecError> {
        if v > 0x00ff_ffff {
            return Err(CodecError::Overflow);
        }
        self.bytes(&v.to_be_bytes()[1..])
    }

    /// Appends a big-endian `uint32`.
    pub fn u32(&mut self, v: u32) -> Result<(), CodecError> {
        self.bytes(&v.to_be_bytes())
    }

    /// Writes a vector with a 1-byte length prefix whose contents `f`
    /// writes, then patches the prefix.
    pub fn vec8(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<(), CodecError>,
    ) -> Result<(), CodecError> {
        self.vec(1, f)
    }

    /// Writes a vector with a 2-byte length prefix whose contents `f`
    /// writes, then patches the prefix.
    pub fn vec16(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<(), CodecError>,
    ) -> Result<(), CodecError> {
        self.vec(2, f)
    }

    /// Writes a vector with a 3-byte length prefix whose contents `f`
    /// writes, then patches the prefix.
    pub fn vec24(
        &mut self,
        f: impl FnOnce(&mut Writer<'_>) -> Result<(), CodecError>,
    ) -> Result<(), CodecError> {
        self.vec(3, f)
    }

    /// Reserves a `prefix`-byte length, lets `f` write the contents, and
    /// patches the length in (big-endian).
    fn vec(
        &mut self,
        prefix: usize,
        f: impl FnOnce(&mut Writer<'_>) -> Result<(), CodecError>,
    ) -> Result<(), CodecError> {
        let start = self.open_vec(prefix)?;
        f(self)?;
        self.close_vec(start, prefix)
    }

    // The two halves of `vec` stay out of line: `vec` is instantiated for
    // every closure, and on the ESP8266 inlining them into each made the
    // ClientHello encoder alone several KiB.

    /// Writes a zero length of `prefix` bytes; returns where it starts.
    #[inline(never)]
    fn open_vec(&mut self, prefix: usize) -> Result<usize, CodecError> {
        let start = self.pos;
        self.bytes(&[0u8; 3][..prefix])?;
        Ok(start)
    }

    /// Patches the length of the vector opened at `start`.
    #[inline(never)]
    fn close_vec(&mut self, start: usize, prefix: usize) -> Result<(), CodecError> {
        let len = self.pos - start - prefix;
        if len >> (8 * prefix) != 0 {
            return Err(CodecError::Overflow);
        }
        let be = (len as u32).to_be_bytes();
        self.buf[start..start + prefix].copy_from_slice(&be[4 - prefix..]);
        Ok(())
    }
}
