//! Parsing NewSessionTicket (RFC 8446 §4.6.1).

use super::extension::{self as ext, check_placement, Context, Extensions};
use super::{CodecError, Reader};

/// The longest ticket lifetime a server may announce: 7 days, in seconds.
pub const MAX_TICKET_LIFETIME: u32 = 604_800;

/// A resumption ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewSessionTicket<'a> {
    /// `ticket_lifetime` in seconds (at most [`MAX_TICKET_LIFETIME`]; 0
    /// means discard the ticket at once).
    pub lifetime: u32,
    /// `ticket_age_add`.
    pub age_add: u32,
    /// `ticket_nonce` (0..=255 bytes), input of the PSK derivation.
    pub nonce: &'a [u8],
    /// The ticket itself (non-empty): the PSK identity to offer.
    pub ticket: &'a [u8],
    /// The `early_data` extension's `max_early_data_size`, if sent.
    pub max_early_data: Option<u32>,
}

/// Parses a NewSessionTicket body (after the 4-byte header). A lifetime
/// over 7 days is `IllegalParameter`; an empty ticket `Decode`; an
/// extension the RFC 8446 §4.2 table does not allow here
/// `IllegalParameter`; unknown extensions are ignored (§4.6.1).
pub fn parse_new_session_ticket(body: &[u8]) -> Result<NewSessionTicket<'_>, CodecError> {
    let mut r = Reader::new(body);
    let lifetime = r.u32()?;
    let age_add = r.u32()?;
    let nonce = r.vec8()?.rest();
    let ticket = r.vec16()?.rest();
    let extensions = Extensions::read(&mut r)?;
    r.finish()?;
    if ticket.is_empty() {
        return Err(CodecError::Decode);
    }
    let mut max_early_data = None;
    for item in extensions {
        let (code, data) = item?;
        if check_placement(code, Context::NewSessionTicket, false)? && code == ext::EARLY_DATA {
            let mut r = Reader::new(data);
            max_early_data = Some(r.u32()?);
            r.finish()?;
        }
    }
    if lifetime > MAX_TICKET_LIFETIME {
        return Err(CodecError::IllegalParameter);
    }
    Ok(NewSessionTicket {
        lifetime,
        age_add,
        nonce,
        ticket,
        max_early_data,
    })
}
