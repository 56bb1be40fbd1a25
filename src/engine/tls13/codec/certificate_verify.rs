//! The CertificateVerify message (RFC 8446 §4.4.3).

use super::handshake::{write_handshake, CERTIFICATE_VERIFY};
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

/// Encodes the client's CertificateVerify message (header included).
pub fn encode_certificate_verify(
    w: &mut Writer,
    scheme: u16,
    signature: &[u8],
) -> Result<(), CodecError> {
    write_handshake(w, CERTIFICATE_VERIFY, |w| {
        w.u16(scheme)?;
        w.vec16(|w| w.bytes(signature))
    })
}
