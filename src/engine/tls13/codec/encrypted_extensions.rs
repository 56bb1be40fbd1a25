//! Parsing EncryptedExtensions (RFC 8446 §4.3.1).

use super::extension::{self as ext, check_placement, Context, Extensions};
use super::{CodecError, Reader};

/// What the server's EncryptedExtensions says. Each field answers an
/// extension of the ClientHello; the state machine checks that it did send
/// that extension (else `unsupported_extension`) and that the value is one
/// it offered (the ALPN name, the max_fragment_length code).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EncryptedExtensions<'a> {
    /// The ALPN protocol the server selected.
    pub alpn: Option<&'a [u8]>,
    /// The RFC 6066 `max_fragment_length` code echoed (1..=4).
    pub max_fragment_length: Option<u8>,
    /// The server's RFC 8449 `record_size_limit` (at least 64).
    pub record_size_limit: Option<u16>,
    /// The server sent an empty `server_name`: it used our SNI.
    pub server_name_acknowledged: bool,
    /// The server sent `early_data`: it accepted 0-RTT data. This client
    /// sends none, so the state machine treats it as unsolicited.
    pub early_data: bool,
}

/// Parses an EncryptedExtensions body (after the 4-byte header).
///
/// Rejects: bad framing or a duplicate; an extension the RFC 8446 §4.2
/// table (with RFC 8449) does not allow in EncryptedExtensions
/// (`IllegalParameter`); an unknown extension, or one allowed there that
/// this client never sends (`use_srtp`, `heartbeat`,
/// `client_certificate_type`, `server_certificate_type`):
/// `UnsupportedExtension`; an ALPN list without exactly one non-empty name
/// (`Decode`); a max_fragment_length code outside 1..=4 or a
/// record_size_limit under 64 (`IllegalParameter`); a non-empty
/// `server_name` or `early_data` (`Decode`). `supported_groups` is
/// checked for syntax and otherwise ignored.
pub fn parse_encrypted_extensions(body: &[u8]) -> Result<EncryptedExtensions<'_>, CodecError> {
    let mut r = Reader::new(body);
    let extensions = Extensions::read(&mut r)?;
    r.finish()?;
    let mut ee = EncryptedExtensions::default();
    for item in extensions {
        let (code, data) = item?;
        check_placement(code, Context::EncryptedExtensions, true)?;
        let mut r = Reader::new(data);
        match code {
            ext::SERVER_NAME => ee.server_name_acknowledged = true,
            ext::EARLY_DATA => ee.early_data = true,
            ext::MAX_FRAGMENT_LENGTH => {
                let code = r.u8()?;
                if !(1..=4).contains(&code) {
                    return Err(CodecError::IllegalParameter);
                }
                ee.max_fragment_length = Some(code);
            }
            ext::RECORD_SIZE_LIMIT => {
                let limit = r.u16()?;
                if limit < 64 {
                    return Err(CodecError::IllegalParameter);
                }
                ee.record_size_limit = Some(limit);
            }
            ext::ALPN => {
                let mut names = r.vec16()?;
                let name = names.vec8()?.rest();
                names.finish()?;
                if name.is_empty() {
                    return Err(CodecError::Decode);
                }
                ee.alpn = Some(name);
            }
            ext::SUPPORTED_GROUPS => {
                let groups = r.vec16()?.rest();
                if groups.is_empty() || groups.len() % 2 != 0 {
                    return Err(CodecError::Decode);
                }
            }
            // Allowed in EncryptedExtensions, but never offered by us.
            _ => return Err(CodecError::UnsupportedExtension),
        }
        r.finish()?;
    }
    Ok(ee)
}
