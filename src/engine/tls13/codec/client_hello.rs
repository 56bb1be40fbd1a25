//! Encoding the ClientHello (RFC 8446 §4.1.2) and patching in its PSK
//! binder (§4.2.11.2).
//!
//! Extensions are written in a fixed order, chosen to follow the traces of
//! RFC 8448 (whose client is NSS): `server_name`, `max_fragment_length`,
//! `supported_groups`, `key_share`, `supported_versions`,
//! `signature_algorithms`, `application_layer_protocol_negotiation`,
//! `cookie`, `psk_key_exchange_modes`, `record_size_limit`,
//! `pre_shared_key` (always last, as §4.2.11 requires).

use super::extension as ext;
use super::handshake::{write_handshake, CLIENT_HELLO};
use super::{CodecError, Reader, Writer};

/// `legacy_version` of every TLS 1.3 ClientHello and ServerHello.
pub const LEGACY_VERSION: u16 = 0x0303;
/// The TLS 1.3 version number, as carried in `supported_versions`.
pub const TLS13: u16 = 0x0304;

/// One PSK (a resumption ticket) offered in `pre_shared_key`.
#[derive(Debug, Clone, Copy)]
pub struct PskOffer<'a> {
    /// The identity: the ticket as the server sent it.
    pub identity: &'a [u8],
    /// The ticket age in milliseconds plus the ticket's `ticket_age_add`,
    /// modulo 2^32 (RFC 8446 §4.2.11.1).
    pub obfuscated_ticket_age: u32,
    /// Length of the binder: the output length of the PSK's hash (32..=255).
    pub binder_len: usize,
}

/// Everything a ClientHello says. Code points (suites, groups, signature
/// schemes) are raw `u16`s; the crypto layer owns their meaning.
#[derive(Debug, Clone, Copy)]
pub struct ClientHelloParams<'a> {
    /// The 32 random bytes.
    pub random: &'a [u8; 32],
    /// 32 random bytes (middlebox compatibility mode) or empty.
    pub legacy_session_id: &'a [u8],
    /// The offered cipher suites, most preferred first (non-empty).
    pub cipher_suites: &'a [u16],
    /// `supported_groups`, most preferred first (non-empty).
    pub supported_groups: &'a [u16],
    /// `key_share`: (group, key_exchange) pairs, each group also in
    /// `supported_groups` and none twice. May be empty, to let a
    /// HelloRetryRequest choose the group.
    pub key_shares: &'a [(u16, &'a [u8])],
    /// `signature_algorithms` (non-empty).
    pub signature_schemes: &'a [u16],
    /// SNI `host_name`, without a trailing dot; the caller leaves it out
    /// for IP literals.
    pub server_name: Option<&'a str>,
    /// ALPN protocol names (each non-empty); empty = no extension.
    pub alpn: &'a [&'a [u8]],
    /// RFC 6066 `max_fragment_length` code 1..=4 (2^9..2^12 bytes).
    pub max_fragment_length: Option<u8>,
    /// RFC 8449 `record_size_limit` (at least 64).
    pub record_size_limit: Option<u16>,
    /// The cookie of a HelloRetryRequest, echoed (non-empty).
    pub cookie: Option<&'a [u8]>,
    /// `psk_key_exchange_modes` (e.g. `[1]` for psk_dhe_ke); empty = no
    /// extension. Required when `psk` is given.
    pub psk_key_exchange_modes: &'a [u8],
    /// `pre_shared_key`, written last with a zeroed binder.
    pub psk: Option<PskOffer<'a>>,
}

/// Where the parts of an encoded ClientHello are. Offsets count from the
/// first byte of the message (its handshake header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientHelloLayout {
    /// Length of the whole message, header included.
    pub len: usize,
    /// With a PSK: where the binders list (its u16 length) starts. The
    /// "truncated ClientHello" the binder is computed over is
    /// `message[..binders_offset]`.
    pub binders_offset: Option<usize>,
}

/// Encodes the whole ClientHello handshake message (header included) into
/// `w`: legacy_version 0x0303, compression `[0]`, `supported_versions`
/// `[0x0304]`, and the extensions of `params` in the order given in the
/// module documentation. With a PSK the binder bytes are written as zeros;
/// compute the binder over the truncated message and call [`write_binder`].
///
/// [`CodecError::Overflow`] if `w` is too small or `params` cannot be
/// encoded (an empty mandatory list, a vector too long, a key share for a
/// group not in `supported_groups`, a PSK without key exchange modes...).
pub fn encode_client_hello(
    params: &ClientHelloParams,
    w: &mut Writer,
) -> Result<ClientHelloLayout, CodecError> {
    check_params(params)?;
    let start = w.len();
    let mut binders_offset = None;
    write_handshake(w, CLIENT_HELLO, |w| {
        w.u16(LEGACY_VERSION);
        w.bytes(params.random);
        w.vec8(|w| w.bytes(params.legacy_session_id));
        w.vec16(|w| u16_list(w, params.cipher_suites));
        w.vec8(|w| w.u8(0));
        w.vec16(|w| write_extensions(params, w, start, &mut binders_offset));
    });
    w.status()?;
    Ok(ClientHelloLayout {
        len: w.len() - start,
        binders_offset,
    })
}

/// Writes `binder` into the zeroed binder of an encoded ClientHello.
/// `message` starts at the message's header (as the offsets of `layout`
/// do). [`CodecError::Overflow`] if the message has no PSK or the binder's
/// length is not the one reserved.
pub fn write_binder(
    message: &mut [u8],
    layout: &ClientHelloLayout,
    binder: &[u8],
) -> Result<(), CodecError> {
    let off = layout.binders_offset.ok_or(CodecError::Overflow)?;
    let binders = message
        .get_mut(off..layout.len)
        .ok_or(CodecError::Overflow)?;
    let mut r = Reader::new(binders);
    let list_len = r.u16().map_err(|_| CodecError::Overflow)? as usize;
    let binder_len = r.u8().map_err(|_| CodecError::Overflow)? as usize;
    if binder_len != binder.len() || list_len != binder_len + 1 || r.len() != binder_len {
        return Err(CodecError::Overflow);
    }
    binders[3..].copy_from_slice(binder);
    Ok(())
}

/// The checks that the vector lengths alone do not catch.
fn check_params(p: &ClientHelloParams) -> Result<(), CodecError> {
    let bad = p.legacy_session_id.len() > 32
        || p.cipher_suites.is_empty()
        || p.supported_groups.is_empty()
        || p.signature_schemes.is_empty()
        || p.server_name.is_some_and(str::is_empty)
        || p.alpn.iter().any(|name| name.is_empty())
        || p.max_fragment_length.is_some_and(|c| !(1..=4).contains(&c))
        || p.record_size_limit.is_some_and(|l| l < 64)
        || p.cookie.is_some_and(<[u8]>::is_empty)
        || p.key_shares.iter().enumerate().any(|(i, (group, key))| {
            key.is_empty()
                || !p.supported_groups.contains(group)
                || p.key_shares[..i].iter().any(|(g, _)| g == group)
        })
        || p.psk.is_some_and(|psk| {
            psk.identity.is_empty()
                || !(32..=255).contains(&psk.binder_len)
                || p.psk_key_exchange_modes.is_empty()
        });
    if bad {
        Err(CodecError::Overflow)
    } else {
        Ok(())
    }
}

/// Writes the extension list's contents (see the module documentation for
/// the order). `start` is where the message began in `w`.
fn write_extensions(
    p: &ClientHelloParams,
    w: &mut Writer,
    start: usize,
    binders_offset: &mut Option<usize>,
) {
    if let Some(name) = p.server_name {
        extension(w, ext::SERVER_NAME, |w| {
            w.vec16(|w| {
                w.u8(0); // name_type host_name
                w.vec16(|w| w.bytes(name.as_bytes()))
            })
        });
    }
    if let Some(code) = p.max_fragment_length {
        extension(w, ext::MAX_FRAGMENT_LENGTH, |w| w.u8(code));
    }
    extension(w, ext::SUPPORTED_GROUPS, |w| {
        w.vec16(|w| u16_list(w, p.supported_groups))
    });
    extension(w, ext::KEY_SHARE, |w| {
        w.vec16(|w| {
            for (group, key) in p.key_shares {
                w.u16(*group);
                w.vec16(|w| w.bytes(key));
            }
        })
    });
    extension(w, ext::SUPPORTED_VERSIONS, |w| w.vec8(|w| w.u16(TLS13)));
    extension(w, ext::SIGNATURE_ALGORITHMS, |w| {
        w.vec16(|w| u16_list(w, p.signature_schemes))
    });
    if !p.alpn.is_empty() {
        extension(w, ext::ALPN, |w| {
            w.vec16(|w| {
                for name in p.alpn {
                    w.vec8(|w| w.bytes(name));
                }
            })
        });
    }
    if let Some(cookie) = p.cookie {
        extension(w, ext::COOKIE, |w| w.vec16(|w| w.bytes(cookie)));
    }
    if !p.psk_key_exchange_modes.is_empty() {
        extension(w, ext::PSK_KEY_EXCHANGE_MODES, |w| {
            w.vec8(|w| w.bytes(p.psk_key_exchange_modes))
        });
    }
    if let Some(limit) = p.record_size_limit {
        extension(w, ext::RECORD_SIZE_LIMIT, |w| w.u16(limit));
    }
    if let Some(psk) = &p.psk {
        extension(w, ext::PRE_SHARED_KEY, |w| {
            // OfferedPsks: identities, then binders.
            w.vec16(|w| {
                w.vec16(|w| w.bytes(psk.identity));
                w.u32(psk.obfuscated_ticket_age);
            });
            *binders_offset = Some(w.len() - start);
            w.vec16(|w| {
                w.vec8(|w| {
                    for _ in 0..psk.binder_len {
                        w.u8(0);
                    }
                })
            })
        });
    }
}

/// Writes one extension: its type, then its data (written by `f`) with a
/// u16 length.
fn extension(w: &mut Writer, code: u16, f: impl FnOnce(&mut Writer<'_>)) {
    w.u16(code);
    w.vec16(f);
}

/// Writes a list of u16 values (without a length).
fn u16_list(w: &mut Writer, list: &[u16]) {
    for v in list {
        w.u16(*v);
    }
}
