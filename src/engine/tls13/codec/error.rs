//! Why a message could not be encoded or decoded, and the TLS alert that
//! cause calls for.

use super::alert;
use crate::engine::error::Error;

/// A codec failure. Each cause names the alert the state machine sends
/// ([`CodecError::alert`]) and the engine error it reports
/// ([`CodecError::to_error`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodecError {
    /// The bytes do not decode: truncated, trailing bytes, a length that
    /// does not fit its vector (alert `decode_error`).
    Decode,
    /// The message decodes but a field holds a value the protocol forbids,
    /// or an extension appears in a message it is not allowed in (alert
    /// `illegal_parameter`).
    IllegalParameter,
    /// The peer sent an extension this client never asked for (alert
    /// `unsupported_extension`).
    UnsupportedExtension,
    /// A mandatory extension is absent (alert `missing_extension`).
    MissingExtension,
    /// The peer speaks an older protocol version (alert `protocol_version`).
    ProtocolVersion,
    /// Our own output did not fit the caller's buffer, or the caller's
    /// parameters cannot be encoded (an empty or too long vector). An
    /// internal error, never caused by peer data (alert `internal_error`).
    Overflow,
}

impl CodecError {
    /// The engine error this cause is reported as.
    pub fn to_error(self) -> Error {
        match self {
            CodecError::Decode
            | CodecError::IllegalParameter
            | CodecError::UnsupportedExtension
            | CodecError::MissingExtension => Error::Malformed,
            CodecError::ProtocolVersion => Error::NotTls13,
            CodecError::Overflow => Error::Internal,
        }
    }

    /// The TLS alert description to send for this cause (RFC 8446 §6.2).
    pub fn alert(self) -> u8 {
        match self {
            CodecError::Decode => alert::DECODE_ERROR,
            CodecError::IllegalParameter => alert::ILLEGAL_PARAMETER,
            CodecError::UnsupportedExtension => alert::UNSUPPORTED_EXTENSION,
            CodecError::MissingExtension => alert::MISSING_EXTENSION,
            CodecError::ProtocolVersion => alert::PROTOCOL_VERSION,
            CodecError::Overflow => alert::INTERNAL_ERROR,
        }
    }
}

impl From<CodecError> for Error {
    fn from(e: CodecError) -> Error {
        e.to_error()
    }
}
