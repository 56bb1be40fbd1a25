//! Parsing CertificateRequest (RFC 8446 §4.3.2).

use super::extension::{self as ext, check_placement, Context, Extensions};
use super::{CodecError, Reader};

/// A server's request for a client certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CertificateRequest<'a> {
    /// `certificate_request_context`, echoed in our Certificate (empty
    /// during the handshake; the state machine checks that).
    pub context: &'a [u8],
    /// The `signature_algorithms` list: raw big-endian u16 values, a
    /// non-empty even number of bytes. See [`CertificateRequest::schemes`].
    pub signature_schemes: &'a [u8],
    /// The `signature_algorithms_cert` list, same format, if sent.
    pub signature_schemes_cert: Option<&'a [u8]>,
    /// The `certificate_authorities` extension's `authorities` vector
    /// contents (DER DistinguishedNames, each with a u16 length), if sent.
    pub certificate_authorities: Option<&'a [u8]>,
}

impl CertificateRequest<'_> {
    /// The signature schemes the server accepts, in its order.
    pub fn schemes(&self) -> impl Iterator<Item = u16> + '_ {
        self.signature_schemes
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
    }
}

/// Parses a CertificateRequest body (after the 4-byte header).
///
/// `signature_algorithms` is required ([`CodecError::MissingExtension`]).
/// Extensions the RFC 8446 §4.2 table does not allow here are
/// `IllegalParameter`; unknown ones are ignored, as §4.3.2 requires, and so
/// are `status_request`, `signed_certificate_timestamp` and `oid_filters`.
pub fn parse_certificate_request(body: &[u8]) -> Result<CertificateRequest<'_>, CodecError> {
    let mut r = Reader::new(body);
    let context = r.vec8()?.rest();
    let extensions = Extensions::read(&mut r)?;
    r.finish()?;
    let mut schemes = None;
    let mut schemes_cert = None;
    let mut authorities = None;
    for item in extensions {
        let (code, data) = item?;
        if !check_placement(code, Context::CertificateRequest, false)? {
            continue;
        }
        match code {
            ext::SIGNATURE_ALGORITHMS => schemes = Some(scheme_list(data)?),
            ext::SIGNATURE_ALGORITHMS_CERT => schemes_cert = Some(scheme_list(data)?),
            ext::CERTIFICATE_AUTHORITIES => {
                let mut r = Reader::new(data);
                let list = r.vec16()?.rest();
                r.finish()?;
                if list.is_empty() {
                    return Err(CodecError::Decode);
                }
                authorities = Some(list);
            }
            _ => {}
        }
    }
    Ok(CertificateRequest {
        context,
        signature_schemes: schemes.ok_or(CodecError::MissingExtension)?,
        signature_schemes_cert: schemes_cert,
        certificate_authorities: authorities,
    })
}

/// A `SignatureScheme supported_signature_algorithms<2..2^16-2>` vector
/// filling all of `data`.
fn scheme_list(data: &[u8]) -> Result<&[u8], CodecError> {
    let mut r = Reader::new(data);
    let list = r.vec16()?.rest();
    r.finish()?;
    if list.is_empty() || list.len() % 2 != 0 {
        return Err(CodecError::Decode);
    }
    Ok(list)
}
