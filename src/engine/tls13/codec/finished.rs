//! The Finished message (RFC 8446 §4.4.4): its body is the verify_data.

use super::handshake::{write_handshake, FINISHED};
use super::{CodecError, Writer};

/// Encodes a Finished message (header included).
pub fn encode_finished(w: &mut Writer, verify_data: &[u8]) -> Result<(), CodecError> {
    write_handshake(w, FINISHED, |w| w.bytes(verify_data));
    w.status()
}

/// Returns a Finished body's verify_data. Only an empty body is rejected
/// here ([`CodecError::Decode`]); that the length is the hash length, and
/// the value itself, are the state machine's checks.
pub fn parse_finished(body: &[u8]) -> Result<&[u8], CodecError> {
    if body.is_empty() {
        Err(CodecError::Decode)
    } else {
        Ok(body)
    }
}
