//! Extension blocks (RFC 8446 §4.2): code points, iteration with the
//! duplicate check, and which server message each extension may appear in.

use super::{CodecError, Reader};

/// `server_name` (RFC 6066).
pub const SERVER_NAME: u16 = 0;
/// `max_fragment_length` (RFC 6066).
pub const MAX_FRAGMENT_LENGTH: u16 = 1;
/// `status_request` (RFC 6066).
pub const STATUS_REQUEST: u16 = 5;
/// `supported_groups` (RFC 8422, 7919).
pub const SUPPORTED_GROUPS: u16 = 10;
/// `signature_algorithms` (RFC 8446).
pub const SIGNATURE_ALGORITHMS: u16 = 13;
/// `use_srtp` (RFC 5764).
pub const USE_SRTP: u16 = 14;
/// `heartbeat` (RFC 6520).
pub const HEARTBEAT: u16 = 15;
/// `application_layer_protocol_negotiation` (RFC 7301).
pub const ALPN: u16 = 16;
/// `signed_certificate_timestamp` (RFC 6962).
pub const SIGNED_CERTIFICATE_TIMESTAMP: u16 = 18;
/// `client_certificate_type` (RFC 7250).
pub const CLIENT_CERTIFICATE_TYPE: u16 = 19;
/// `server_certificate_type` (RFC 7250).
pub const SERVER_CERTIFICATE_TYPE: u16 = 20;
/// `padding` (RFC 7685).
pub const PADDING: u16 = 21;
/// `record_size_limit` (RFC 8449).
pub const RECORD_SIZE_LIMIT: u16 = 28;
/// `pre_shared_key` (RFC 8446).
pub const PRE_SHARED_KEY: u16 = 41;
/// `early_data` (RFC 8446).
pub const EARLY_DATA: u16 = 42;
/// `supported_versions` (RFC 8446).
pub const SUPPORTED_VERSIONS: u16 = 43;
/// `cookie` (RFC 8446).
pub const COOKIE: u16 = 44;
/// `psk_key_exchange_modes` (RFC 8446).
pub const PSK_KEY_EXCHANGE_MODES: u16 = 45;
/// `certificate_authorities` (RFC 8446).
pub const CERTIFICATE_AUTHORITIES: u16 = 47;
/// `oid_filters` (RFC 8446).
pub const OID_FILTERS: u16 = 48;
/// `post_handshake_auth` (RFC 8446).
pub const POST_HANDSHAKE_AUTH: u16 = 49;
/// `signature_algorithms_cert` (RFC 8446).
pub const SIGNATURE_ALGORITHMS_CERT: u16 = 50;
/// `key_share` (RFC 8446).
pub const KEY_SHARE: u16 = 51;

/// A server message that carries extensions: the columns of the table in
/// RFC 8446 §4.2 that a client reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// ServerHello ("SH").
    ServerHello,
    /// HelloRetryRequest ("HRR").
    HelloRetryRequest,
    /// EncryptedExtensions ("EE").
    EncryptedExtensions,
    /// A CertificateEntry of the server's Certificate ("CT").
    Certificate,
    /// CertificateRequest ("CR").
    CertificateRequest,
    /// NewSessionTicket ("NST").
    NewSessionTicket,
}

/// What the table in RFC 8446 §4.2 says about an extension in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A known extension that may appear in this message.
    Allowed,
    /// A known extension that must not appear here: `illegal_parameter`.
    Forbidden,
    /// An extension this implementation does not know.
    Unknown,
}

const SH: u8 = 1 << 0;
const HRR: u8 = 1 << 1;
const EE: u8 = 1 << 2;
const CT: u8 = 1 << 3;
const CR: u8 = 1 << 4;
const NST: u8 = 1 << 5;

/// The server messages each known extension may appear in (RFC 8446 §4.2,
/// plus RFC 8449 for `record_size_limit`); `None` for unknown ones.
/// Extensions only a ClientHello carries are known with an empty set.
fn allowed_in(code: u16) -> Option<u8> {
    Some(match code {
        SERVER_NAME
        | MAX_FRAGMENT_LENGTH
        | SUPPORTED_GROUPS
        | USE_SRTP
        | HEARTBEAT
        | ALPN
        | CLIENT_CERTIFICATE_TYPE
        | SERVER_CERTIFICATE_TYPE
        | RECORD_SIZE_LIMIT => EE,
        STATUS_REQUEST | SIGNED_CERTIFICATE_TIMESTAMP => CR | CT,
        SIGNATURE_ALGORITHMS | CERTIFICATE_AUTHORITIES | SIGNATURE_ALGORITHMS_CERT => CR,
        OID_FILTERS => CR,
        PRE_SHARED_KEY => SH,
        EARLY_DATA => EE | NST,
        SUPPORTED_VERSIONS | KEY_SHARE => SH | HRR,
        COOKIE => HRR,
        PADDING | PSK_KEY_EXCHANGE_MODES | POST_HANDSHAKE_AUTH => 0,
        _ => return None,
    })
}

/// Where `code` stands in message `ctx`.
pub fn placement(code: u16, ctx: Context) -> Placement {
    let bit = match ctx {
        Context::ServerHello => SH,
        Context::HelloRetryRequest => HRR,
        Context::EncryptedExtensions => EE,
        Context::Certificate => CT,
        Context::CertificateRequest => CR,
        Context::NewSessionTicket => NST,
    };
    match allowed_in(code) {
        None => Placement::Unknown,
        Some(set) if set & bit != 0 => Placement::Allowed,
        Some(_) => Placement::Forbidden,
    }
}

/// Checks `code` against the table for `ctx`: a forbidden one is
/// [`CodecError::IllegalParameter`]; an unknown one is
/// [`CodecError::UnsupportedExtension`] when `unknown_is_unsolicited` (a
/// response to our ClientHello, which only sends known extensions), else
/// tolerated. Returns whether the caller should look at the extension.
pub fn check_placement(
    code: u16,
    ctx: Context,
    unknown_is_unsolicited: bool,
) -> Result<bool, CodecError> {
    match placement(code, ctx) {
        Placement::Allowed => Ok(true),
        Placement::Forbidden => Err(CodecError::IllegalParameter),
        Placement::Unknown if unknown_is_unsolicited => Err(CodecError::UnsupportedExtension),
        Placement::Unknown => Ok(false),
    }
}

/// Iterates over an extension block's `(type, extension_data)` pairs,
/// checking the framing ([`CodecError::Decode`]) and that no type appears
/// twice ([`CodecError::IllegalParameter`]: RFC 8446 §4.2 names no alert;
/// OpenSSL and BoringSSL send `illegal_parameter`). Stops after the first
/// error.
#[derive(Debug, Clone)]
pub struct Extensions<'a> {
    block: &'a [u8],
    r: Reader<'a>,
    seen: u64,
    failed: bool,
}

impl<'a> Extensions<'a> {
    /// Iterates over `block`, the contents of an `extensions<..>` vector
    /// (without its length prefix).
    pub fn new(block: &'a [u8]) -> Self {
        Extensions {
            block,
            r: Reader::new(block),
            seen: 0,
            failed: false,
        }
    }

    /// Reads an `Extension extensions<..2^16-1>` vector from `r`.
    pub fn read(r: &mut Reader<'a>) -> Result<Self, CodecError> {
        Ok(Extensions::new(r.vec16()?.rest()))
    }

    /// Walks the whole block once: framing and duplicates only.
    pub fn validate(self) -> Result<(), CodecError> {
        for ext in self {
            ext?;
        }
        Ok(())
    }

    /// Finds the data of extension `code` (the block is validated on the
    /// way, up to the extension).
    pub fn find(self, code: u16) -> Result<Option<&'a [u8]>, CodecError> {
        for ext in self {
            let (t, data) = ext?;
            if t == code {
                return Ok(Some(data));
            }
        }
        Ok(None)
    }

    /// True if `code` occurs in the block before byte offset `end`.
    /// Codes below 64 are tracked in a bit set; others (rare: GREASE,
    /// `renegotiation_info`, ...) are looked for by rescanning.
    fn seen_before(&mut self, code: u16, end: usize) -> bool {
        if code < 64 {
            let bit = 1u64 << code;
            let dup = self.seen & bit != 0;
            self.seen |= bit;
            return dup;
        }
        let mut r = Reader::new(&self.block[..end]);
        while let (Ok(t), Ok(_)) = (r.u16(), r.vec16()) {
            if t == code {
                return true;
            }
        }
        false
    }

    fn next_ext(&mut self) -> Result<(u16, &'a [u8]), CodecError> {
        let start = self.block.len() - self.r.len();
        let code = self.r.u16()?;
        let data = self.r.vec16()?.rest();
        if self.seen_before(code, start) {
            return Err(CodecError::IllegalParameter);
        }
        Ok((code, data))
    }
}

impl<'a> Iterator for Extensions<'a> {
    type Item = Result<(u16, &'a [u8]), CodecError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.r.is_empty() {
            return None;
        }
        let item = self.next_ext();
        self.failed = item.is_err();
        Some(item)
    }
}
