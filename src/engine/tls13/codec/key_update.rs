//! The KeyUpdate message (RFC 8446 §4.6.3).

use super::handshake::{write_handshake, KEY_UPDATE};
use super::{CodecError, Reader, Writer};

/// `update_not_requested`.
const UPDATE_NOT_REQUESTED: u8 = 0;
/// `update_requested`.
const UPDATE_REQUESTED: u8 = 1;

/// Parses a KeyUpdate body (after the 4-byte header): whether the peer
/// asks us to update our sending keys too. A body that is not exactly one
/// byte is `Decode`; a value other than 0 or 1 is `IllegalParameter`.
pub fn parse_key_update(body: &[u8]) -> Result<bool, CodecError> {
    let mut r = Reader::new(body);
    let v = r.u8()?;
    r.finish()?;
    match v {
        UPDATE_NOT_REQUESTED => Ok(false),
        UPDATE_REQUESTED => Ok(true),
        _ => Err(CodecError::IllegalParameter),
    }
}

/// Encodes a KeyUpdate message (header included).
pub fn encode_key_update(w: &mut Writer, update_requested: bool) -> Result<(), CodecError> {
    let v = if update_requested {
        UPDATE_REQUESTED
    } else {
        UPDATE_NOT_REQUESTED
    };
    write_handshake(w, KEY_UPDATE, |w| w.u8(v));
    w.status()
}
