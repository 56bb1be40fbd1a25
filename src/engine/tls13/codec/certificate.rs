//! The Certificate message (RFC 8446 §4.4.2): parsing the server's,
//! encoding the client's.

use super::extension::{check_placement, Context, Extensions};
use super::handshake::{write_handshake, CERTIFICATE};
use super::{CodecError, Reader, Writer};

/// Reads one `CertificateEntry`: non-empty `cert_data`, then an extension
/// block (checked, then ignored). Returns the certificate.
fn read_entry<'a>(r: &mut Reader<'a>) -> Result<&'a [u8], CodecError> {
    let cert = r.vec24()?.rest();
    if cert.is_empty() {
        return Err(CodecError::Decode);
    }
    for item in Extensions::read(r)? {
        let (code, _) = item?;
        check_placement(code, Context::Certificate, true)?;
    }
    Ok(cert)
}

/// The head of a Certificate message taken in parts as it arrives (see
/// [`parse_certificate_head`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificateHead<'a> {
    /// `certificate_request_context`.
    pub context: &'a [u8],
    /// Length of `certificate_list`, whose entries follow the head.
    pub list_len: usize,
}

/// The length of a Certificate message's head at the start of `message`
/// (handshake header, request context, `certificate_list` length), if all
/// of it is there.
pub fn certificate_head_len(message: &[u8]) -> Option<usize> {
    let len = 4 + 1 + usize::from(*message.get(4)?) + 3;
    (message.len() >= len).then_some(len)
}

/// Parses a Certificate message's head (as [`certificate_head_len`]
/// delimited it), checking that the list fills the rest of the message.
pub fn parse_certificate_head(head: &[u8]) -> Result<CertificateHead<'_>, CodecError> {
    let mut r = Reader::new(head);
    r.u8()?;
    let body_len = r.u24()? as usize;
    let context = r.vec8()?.rest();
    let list_len = r.u24()? as usize;
    r.finish()?;
    if 1 + context.len() + 3 + list_len != body_len {
        return Err(CodecError::Decode);
    }
    Ok(CertificateHead { context, list_len })
}

/// The length of the `CertificateEntry` at the start of `data`, if all of
/// it is there.
pub fn certificate_entry_len(data: &[u8]) -> Option<usize> {
    let mut r = Reader::new(data);
    let cert_len = r.u24().ok()? as usize;
    r.take(cert_len).ok()?;
    let extensions_len = usize::from(r.u16().ok()?);
    let len = 3 + cert_len + 2 + extensions_len;
    (data.len() >= len).then_some(len)
}

/// Parses one whole `CertificateEntry` (as [`certificate_entry_len`]
/// delimited it) and returns its certificate: framing, non-empty
/// certificate, and the entry's extensions (no duplicate; `status_request`
/// and `signed_certificate_timestamp` tolerated and ignored; another known
/// one `IllegalParameter`; an unknown one, never asked for,
/// `UnsupportedExtension`).
pub fn parse_certificate_entry(entry: &[u8]) -> Result<&[u8], CodecError> {
    let mut r = Reader::new(entry);
    let cert = read_entry(&mut r)?;
    r.finish()?;
    Ok(cert)
}

/// Encodes the client's Certificate message (header included): request
/// context, then the chain of DER certificates (end-entity first), each
/// with an empty extension block. An empty chain is a valid answer to a
/// CertificateRequest.
pub fn encode_certificate<'a>(
    w: &mut Writer,
    context: &[u8],
    chain: impl Iterator<Item = &'a [u8]>,
) -> Result<(), CodecError> {
    write_handshake(w, CERTIFICATE, |w| {
        w.vec8(|w| w.bytes(context));
        w.vec24(|w| {
            for cert in chain {
                if cert.is_empty() {
                    // `cert_data` may not be empty: not encodable.
                    w.fail();
                    return;
                }
                w.vec24(|w| w.bytes(cert));
                w.u16(0);
            }
        });
    });
    w.status()
}
