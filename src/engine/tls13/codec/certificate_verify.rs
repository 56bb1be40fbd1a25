//! The CertificateVerify message (RFC 8446 §4.4.3).

use super::handshake::CERTIFICATE_VERIFY;
use super::{CodecError, Reader, Writer};

/// A parsed CertificateVerify: which scheme, and the signature bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificateVerify<'a> {
    /// The `SignatureScheme` code point.
    pub scheme: u16,
    /// The signature (its format is the scheme's).
    pub signature: &'a [u8],
}

/// Parses a CertificateVerify body (after the 4-byte header). Whether the
/// scheme was offered is the state machine's check.
pub fn parse_certificate_verify(body: &[u8]) -> Result<CertificateVerify<'_>, CodecError> {
    let mut r = Reader::new(body);
    let scheme = r.u16()?;
    let signature = r.vec16()?.rest();
    r.finish()?;
    Ok(CertificateVerify { scheme, signature })
}

/// Bytes before the signature in a CertificateVerify message: the
/// handshake header (4), the scheme (2) and the signature's length (2).
pub const CERTIFICATE_VERIFY_HEAD_LEN: usize = 8;

/// Completes the client's CertificateVerify message in `buf`, whose
/// signature (`signature_len` bytes) is already in place after
/// [`CERTIFICATE_VERIFY_HEAD_LEN`] bytes (a signature made there needs no
/// buffer of its own): writes the bytes before it and returns the message
/// length.
pub fn encode_certificate_verify_head(buf: &mut [u8], scheme: u16, signature_len: usize) -> Result<usize, CodecError> {
    let len = CERTIFICATE_VERIFY_HEAD_LEN + signature_len;
    let signature_len = u16::try_from(signature_len).map_err(|_| CodecError::Overflow)?;
    if buf.len() < len {
        return Err(CodecError::Overflow);
    }
    let mut w = Writer::new(&mut buf[..CERTIFICATE_VERIFY_HEAD_LEN]);
    w.u8(CERTIFICATE_VERIFY);
    w.u24(u32::from(signature_len) + 4);
    w.u16(scheme);
    w.u16(signature_len);
    w.status()?;
    Ok(len)
}
