//! Parsing the ServerHello and the HelloRetryRequest (RFC 8446 §4.1.3,
//! §4.1.4), which share one wire format.

use super::client_hello::LEGACY_VERSION;
use super::extension::{self as ext, check_placement, Context, Extensions};
use super::{CodecError, Reader};

/// The `random` of a HelloRetryRequest: SHA-256("HelloRetryRequest")
/// (RFC 8446 §4.1.3).
pub const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// The first 7 bytes of the downgrade sentinel ("DOWNGRD"), followed by
/// 0x01 (TLS 1.2) or 0x00 (TLS 1.1 and below), RFC 8446 §4.1.3.
const DOWNGRADE_PREFIX: &[u8; 7] = b"DOWNGRD";

/// A parsed ServerHello or HelloRetryRequest. Only what this codec can
/// judge alone has been checked; see [`parse_server_hello`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerHello<'a> {
    /// `random` is the HelloRetryRequest value ([`HRR_RANDOM`]).
    pub is_retry_request: bool,
    /// The server's random.
    pub random: &'a [u8; 32],
    /// `legacy_session_id_echo` (at most 32 bytes).
    pub legacy_session_id_echo: &'a [u8],
    /// The selected cipher suite.
    pub cipher_suite: u16,
    /// `supported_versions.selected_version`. `None` means the server
    /// answered with TLS 1.2 or older: then no other extension was looked
    /// at (the state machine sends `protocol_version`, after checking the
    /// downgrade sentinel, see [`downgrade_sentinel`]).
    pub selected_version: Option<u16>,
    /// `key_share`: in a ServerHello (group, key_exchange); in a
    /// HelloRetryRequest (selected_group, empty).
    pub key_share: Option<(u16, &'a [u8])>,
    /// `cookie` (HelloRetryRequest only).
    pub cookie: Option<&'a [u8]>,
    /// `pre_shared_key.selected_identity` (ServerHello only).
    pub selected_psk: Option<u16>,
}

/// True if the last 8 bytes of a ServerHello random are the TLS 1.3
/// downgrade sentinel (`DOWNGRD` then 0x01 or 0x00): a TLS 1.3 server was
/// made to negotiate an older version (RFC 8446 §4.1.3).
pub fn downgrade_sentinel(random: &[u8; 32]) -> bool {
    random[24..31] == DOWNGRADE_PREFIX[..] && random[31] <= 1
}

/// Parses a ServerHello/HelloRetryRequest body (after the 4-byte header).
///
/// Checked here: the framing (no trailing bytes, every vector within its
/// bounds: [`CodecError::Decode`]); `legacy_version` 0x0303 (older:
/// [`CodecError::ProtocolVersion`], other: `IllegalParameter`); compression
/// method 0 (`IllegalParameter`); no extension twice; only
/// `supported_versions`, `key_share`, `pre_shared_key` in a ServerHello and
/// `supported_versions`, `key_share`, `cookie` in a HelloRetryRequest (a
/// known extension elsewhere: `IllegalParameter`; an unknown one, which we
/// never offered: `UnsupportedExtension`); each extension's syntax.
///
/// Left to the state machine: the version selected, whether the suite,
/// the group and the PSK were offered, the session id echo, the downgrade
/// sentinel, a key_share's presence and length.
pub fn parse_server_hello(body: &[u8]) -> Result<ServerHello<'_>, CodecError> {
    let mut r = Reader::new(body);
    let legacy_version = r.u16()?;
    let random = r.array::<32>()?;
    let session_id = r.vec8()?.rest();
    let cipher_suite = r.u16()?;
    let compression = r.u8()?;
    // A TLS 1.2 ServerHello may end here, without extensions.
    let extensions = if r.is_empty() {
        Extensions::new(&[])
    } else {
        Extensions::read(&mut r)?
    };
    r.finish()?;
    if session_id.len() > 32 {
        return Err(CodecError::Decode);
    }
    if legacy_version < LEGACY_VERSION {
        return Err(CodecError::ProtocolVersion);
    }
    if legacy_version != LEGACY_VERSION || compression != 0 {
        return Err(CodecError::IllegalParameter);
    }
    let mut hello = ServerHello {
        is_retry_request: *random == HRR_RANDOM,
        random,
        legacy_session_id_echo: session_id,
        cipher_suite,
        selected_version: None,
        key_share: None,
        cookie: None,
        selected_psk: None,
    };
    // First pass: framing, duplicates, and which version this is. Without
    // supported_versions this is an older protocol's ServerHello, whose
    // extensions TLS 1.3 rules do not apply to.
    extensions.clone().validate()?;
    let Some(version) = extensions.clone().find(ext::SUPPORTED_VERSIONS)? else {
        return Ok(hello);
    };
    hello.selected_version = Some(exact_u16(version)?);
    let ctx = if hello.is_retry_request {
        Context::HelloRetryRequest
    } else {
        Context::ServerHello
    };
    for item in extensions {
        let (code, data) = item?;
        check_placement(code, ctx, true)?;
        match code {
            ext::KEY_SHARE if hello.is_retry_request => {
                hello.key_share = Some((exact_u16(data)?, &[]));
            }
            ext::KEY_SHARE => hello.key_share = Some(key_share_entry(data)?),
            ext::COOKIE => {
                let mut r = Reader::new(data);
                let cookie = r.vec16()?.rest();
                r.finish()?;
                if cookie.is_empty() {
                    return Err(CodecError::Decode);
                }
                hello.cookie = Some(cookie);
            }
            ext::PRE_SHARED_KEY => hello.selected_psk = Some(exact_u16(data)?),
            // supported_versions was read in the first pass.
            _ => {}
        }
    }
    Ok(hello)
}

/// A `KeyShareEntry` filling all of `data`: group, non-empty key_exchange.
fn key_share_entry(data: &[u8]) -> Result<(u16, &[u8]), CodecError> {
    let mut r = Reader::new(data);
    let group = r.u16()?;
    let key = r.vec16()?.rest();
    r.finish()?;
    if key.is_empty() {
        return Err(CodecError::Decode);
    }
    Ok((group, key))
}

/// Extension data that is exactly one u16.
fn exact_u16(data: &[u8]) -> Result<u16, CodecError> {
    let mut r = Reader::new(data);
    let v = r.u16()?;
    r.finish()?;
    Ok(v)
}
