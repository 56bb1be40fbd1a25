//! The byte pipe under a TLS connection.

/// A reliable byte stream (a TCP socket). Implemented by the binding over
/// MicroPython's stream protocol; the engine never sees a socket type.
pub trait Transport {
    /// Reads up to `buf.len()` bytes. `Ok(0)` means the peer closed the
    /// stream; `Err` carries an errno value.
    fn recv(&mut self, buf: &mut [u8]) -> Result<usize, i32>;
    /// Writes some of `buf`, returning how many bytes were taken.
    fn send(&mut self, buf: &[u8]) -> Result<usize, i32>;
}
