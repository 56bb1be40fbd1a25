//! Alert messages (RFC 8446 §6): level, description.

use super::{CodecError, Reader};

/// Alert level `warning` (only `close_notify` and `user_canceled` are sent
/// with it in TLS 1.3).
pub const LEVEL_WARNING: u8 = 1;
/// Alert level `fatal`.
pub const LEVEL_FATAL: u8 = 2;

/// `close_notify`.
pub const CLOSE_NOTIFY: u8 = 0;
/// `unexpected_message`.
pub const UNEXPECTED_MESSAGE: u8 = 10;
/// `bad_record_mac`.
pub const BAD_RECORD_MAC: u8 = 20;
/// `record_overflow`.
pub const RECORD_OVERFLOW: u8 = 22;
/// `handshake_failure`.
pub const HANDSHAKE_FAILURE: u8 = 40;
/// `bad_certificate`.
pub const BAD_CERTIFICATE: u8 = 42;
/// `unsupported_certificate`.
pub const UNSUPPORTED_CERTIFICATE: u8 = 43;
/// `certificate_revoked`.
pub const CERTIFICATE_REVOKED: u8 = 44;
/// `certificate_expired`.
pub const CERTIFICATE_EXPIRED: u8 = 45;
/// `certificate_unknown`.
pub const CERTIFICATE_UNKNOWN: u8 = 46;
/// `illegal_parameter`.
pub const ILLEGAL_PARAMETER: u8 = 47;
/// `unknown_ca`.
pub const UNKNOWN_CA: u8 = 48;
/// `access_denied`.
pub const ACCESS_DENIED: u8 = 49;
/// `decode_error`.
pub const DECODE_ERROR: u8 = 50;
/// `decrypt_error`.
pub const DECRYPT_ERROR: u8 = 51;
/// `protocol_version`.
pub const PROTOCOL_VERSION: u8 = 70;
/// `insufficient_security`.
pub const INSUFFICIENT_SECURITY: u8 = 71;
/// `internal_error`.
pub const INTERNAL_ERROR: u8 = 80;
/// `inappropriate_fallback`.
pub const INAPPROPRIATE_FALLBACK: u8 = 86;
/// `user_canceled`.
pub const USER_CANCELED: u8 = 90;
/// `missing_extension`.
pub const MISSING_EXTENSION: u8 = 109;
/// `unsupported_extension`.
pub const UNSUPPORTED_EXTENSION: u8 = 110;
/// `unrecognized_name`.
pub const UNRECOGNIZED_NAME: u8 = 112;
/// `bad_certificate_status_response`.
pub const BAD_CERTIFICATE_STATUS_RESPONSE: u8 = 113;
/// `unknown_psk_identity`.
pub const UNKNOWN_PSK_IDENTITY: u8 = 115;
/// `certificate_required`.
pub const CERTIFICATE_REQUIRED: u8 = 116;
/// `no_application_protocol`.
pub const NO_APPLICATION_PROTOCOL: u8 = 120;

/// The two bytes of an alert record's plaintext.
pub fn encode_alert(level: u8, description: u8) -> [u8; 2] {
    [level, description]
}

/// Parses an alert record's plaintext into (level, description). Exactly
/// two bytes, else [`CodecError::Decode`]; the values are not judged here
/// (TLS 1.3 ignores the level of all but `close_notify`/`user_canceled`).
pub fn parse_alert(body: &[u8]) -> Result<(u8, u8), CodecError> {
    let mut r = Reader::new(body);
    let level = r.u8()?;
    let description = r.u8()?;
    r.finish()?;
    Ok((level, description))
}
