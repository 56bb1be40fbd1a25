//! Bounds-checked reading of TLS presentation-language data (RFC 8446 §3).
//!
//! Every accessor checks the remaining length first and returns
//! [`CodecError::Decode`] when the input is short; nothing here can panic,
//! whatever the input.

use super::CodecError;

/// A cursor over a byte slice. Sub-vectors are returned as readers of their
/// own, borrowing the same input.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    /// A reader over all of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    /// The bytes not read yet, without consuming them.
    #[cfg(test)]
    pub fn remaining(&self) -> &'a [u8] {
        self.data
    }

    /// How many bytes are left.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Consumes the next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        if n > self.data.len() {
            return Err(CodecError::Decode);
        }
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        Ok(head)
    }

    /// Consumes exactly `N` bytes as an array reference.
    pub fn array<const N: usize>(&mut self) -> Result<&'a [u8; N], CodecError> {
        self.take(N)?.try_into().map_err(|_| CodecError::Decode)
    }

    /// Reads a `uint8`.
    pub fn u8(&mut self) -> Result<u8, CodecError> {
        Ok(self.take(1)?[0])
    }

    /// Reads a big-endian `uint16`.
    pub fn u16(&mut self) -> Result<u16, CodecError> {
        let b = self.array::<2>()?;
        Ok(u16::from_be_bytes(*b))
    }

    /// Reads a big-endian `uint24`.
    pub fn u24(&mut self) -> Result<u32, CodecError> {
        let b = self.array::<3>()?;
        Ok(u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }

    /// Reads a big-endian `uint32`.
    pub fn u32(&mut self) -> Result<u32, CodecError> {
        let b = self.array::<4>()?;
        Ok(u32::from_be_bytes(*b))
    }

    /// Reads a vector with a 1-byte length prefix; returns its contents.
    pub fn vec8(&mut self) -> Result<Reader<'a>, CodecError> {
        let n = self.u8()? as usize;
        self.take(n).map(Reader::new)
    }

    /// Reads a vector with a 2-byte length prefix; returns its contents.
    pub fn vec16(&mut self) -> Result<Reader<'a>, CodecError> {
        let n = self.u16()? as usize;
        self.take(n).map(Reader::new)
    }

    /// Reads a vector with a 3-byte length prefix; returns its contents.
    pub fn vec24(&mut self) -> Result<Reader<'a>, CodecError> {
        let n = self.u24()? as usize;
        self.take(n).map(Reader::new)
    }

    /// Consumes and returns everything that is left.
    pub fn rest(&mut self) -> &'a [u8] {
        core::mem::take(&mut self.data)
    }

    /// [`CodecError::Decode`] if any byte is left unread.
    pub fn finish(&self) -> Result<(), CodecError> {
        if self.data.is_empty() {
            Ok(())
        } else {
            Err(CodecError::Decode)
        }
    }
}
