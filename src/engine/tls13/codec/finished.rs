//! The Finished message (RFC 8446 §4.4.4): its body is the verify_data,
//! which the state machine compares in constant time as it is.

use super::handshake::{write_handshake, FINISHED};
use super::{CodecError, Writer};

/// Encodes a Finished message (header included).
pub fn encode_finished(w: &mut Writer, verify_data: &[u8]) -> Result<(), CodecError> {
    write_handshake(w, FINISHED, |w| w.bytes(verify_data));
    w.status()
}
