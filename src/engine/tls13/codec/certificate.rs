//! The Certificate message (RFC 8446 §4.4.2): parsing the server's,
//! encoding the client's.

use super::extension::{check_placement, Context, Extensions};
use super::handshake::{write_handshake, CERTIFICATE};
use super::{CodecError, Reader, Writer};

/// A parsed Certificate message. The whole structure was validated by
/// [`parse_certificate`]; the certificates are DER blobs, not parsed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificateMsg<'a> {
    /// `certificate_request_context` (must be empty from a server; the
    /// state machine checks that).
    pub context: &'a [u8],
    /// The contents of `certificate_list`.
    entries: &'a [u8],
    /// How many entries `entries` holds.
    count: usize,
}

impl<'a> CertificateMsg<'a> {
    /// The DER certificates, end-entity first. Yields an error only if the
    /// list is malformed, which [`parse_certificate`] already excluded.
    pub fn certificates(&self) -> impl Iterator<Item = Result<&'a [u8], CodecError>> + 'a {
        let mut r = Reader::new(self.entries);
        core::iter::from_fn(move || {
            if r.is_empty() {
                return None;
            }
            let entry = read_entry(&mut r);
            if entry.is_err() {
                r = Reader::new(&[]);
            }
            Some(entry)
        })
    }

    /// How many certificates the message holds. An empty list from a
    /// server is the state machine's `decode_error` (RFC 8446 §4.4.2.4).
    pub fn len(&self) -> usize {
        self.count
    }

    /// True if the message holds no certificate.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

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

/// Parses a Certificate body (after the 4-byte header), validating every
/// entry: framing, non-empty certificates, and the entries' extensions
/// (no duplicate; `status_request` and `signed_certificate_timestamp`
/// tolerated and ignored; another known one `IllegalParameter`; an unknown
/// one, never asked for, `UnsupportedExtension`).
pub fn parse_certificate(body: &[u8]) -> Result<CertificateMsg<'_>, CodecError> {
    let mut r = Reader::new(body);
    let context = r.vec8()?.rest();
    let entries = r.vec24()?.rest();
    r.finish()?;
    let mut list = Reader::new(entries);
    let mut count = 0;
    while !list.is_empty() {
        read_entry(&mut list)?;
        count += 1;
    }
    Ok(CertificateMsg {
        context,
        entries,
        count,
    })
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
        w.vec8(|w| w.bytes(context))?;
        w.vec24(|w| {
            for cert in chain {
                if cert.is_empty() {
                    return Err(CodecError::Overflow);
                }
                w.vec24(|w| w.bytes(cert))?;
                w.u16(0)?;
            }
            Ok(())
        })
    })
}
