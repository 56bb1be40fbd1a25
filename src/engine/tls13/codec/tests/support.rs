//! Test helpers: hex decoding, a tiny PRNG, message builders and a
//! test-only ClientHello parser (the client never parses ClientHellos).

pub(crate) use crate::engine::crypto::tests::hex;

use super::super::{
    certificate_entry_len, certificate_head_len, parse_certificate_entry, parse_certificate_head, CodecError, Reader,
    Writer, CERTIFICATE,
};

/// Splits one complete handshake message (header included, nothing after
/// it) into (type, body); `Decode` if the header's length does not match.
pub fn parse_handshake(msg: &[u8]) -> Result<(u8, &[u8]), CodecError> {
    let mut r = Reader::new(msg);
    let msg_type = r.u8()?;
    let body = r.vec24()?.rest();
    r.finish()?;
    Ok((msg_type, body))
}

/// A Certificate body taken apart as the client takes it, with the
/// streaming functions: the head, then entry by entry. Returns the request
/// context and the certificates.
pub fn parse_certificate(body: &[u8]) -> Result<(Vec<u8>, Vec<Vec<u8>>), CodecError> {
    let len = u32::try_from(body.len()).map_err(|_| CodecError::Decode)?;
    let mut msg = vec![CERTIFICATE];
    msg.extend_from_slice(&len.to_be_bytes()[1..]);
    msg.extend_from_slice(body);
    let head_len = certificate_head_len(&msg).ok_or(CodecError::Decode)?;
    let head = parse_certificate_head(&msg[..head_len])?;
    let mut rest = &msg[head_len..];
    let mut certificates = Vec::new();
    while !rest.is_empty() {
        let entry_len = certificate_entry_len(rest).ok_or(CodecError::Decode)?;
        certificates.push(parse_certificate_entry(&rest[..entry_len])?.to_vec());
        rest = &rest[entry_len..];
    }
    Ok((head.context.to_vec(), certificates))
}

/// The body of a complete handshake message (its 4-byte header removed),
/// checking the header's type and length.
pub fn body(msg: &[u8], msg_type: u8) -> &[u8] {
    let (t, body) = parse_handshake(msg).expect("handshake framing");
    assert_eq!(t, msg_type);
    body
}

/// Runs `f` on a writer into a large buffer and returns the bytes,
/// checking that everything fitted.
pub fn encode(f: impl FnOnce(&mut Writer<'_>)) -> Vec<u8> {
    let mut buf = vec![0u8; 1 << 17];
    let mut w = Writer::new(&mut buf);
    f(&mut w);
    w.status().expect("encode");
    w.written().to_vec()
}

/// An extension block's bytes (with its u16 length) from (type, data).
pub fn ext_block(exts: &[(u16, &[u8])]) -> Vec<u8> {
    encode(|w| {
        w.vec16(|w| {
            for (code, data) in exts {
                w.u16(*code);
                w.vec16(|w| w.bytes(data));
            }
        })
    })
}

/// A ServerHello body with the given fields and extensions.
pub fn server_hello_body(
    version: u16,
    random: &[u8; 32],
    compression: u8,
    exts: &[(u16, &[u8])],
) -> Vec<u8> {
    let mut b = encode(|w| {
        w.u16(version);
        w.bytes(random);
        w.vec8(|_| {});
        w.u16(0x1301);
        w.u8(compression);
    });
    b.extend(ext_block(exts));
    b
}

/// A xorshift64 PRNG: deterministic, good enough to mutate messages.
pub struct Rng(u64);

impl Rng {
    /// A generator from a non-zero seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A value in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A ClientHello taken apart: the fixed fields and the extensions in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedClientHello<'a> {
    pub legacy_version: u16,
    pub random: &'a [u8],
    pub session_id: &'a [u8],
    pub cipher_suites: &'a [u8],
    pub compression: &'a [u8],
    pub extensions: Vec<(u16, &'a [u8])>,
}

/// Parses a complete ClientHello message (header included), strictly.
pub fn parse_client_hello(msg: &[u8]) -> ParsedClientHello<'_> {
    let body = body(msg, super::super::CLIENT_HELLO);
    let mut r = Reader::new(body);
    let legacy_version = r.u16().unwrap();
    let random = r.take(32).unwrap();
    let session_id = r.vec8().unwrap().rest();
    let cipher_suites = r.vec16().unwrap().rest();
    let compression = r.vec8().unwrap().rest();
    let mut exts = r.vec16().unwrap();
    r.finish().unwrap();
    let mut extensions = Vec::new();
    while !exts.is_empty() {
        let code = exts.u16().unwrap();
        let data = exts.vec16().unwrap().rest();
        extensions.push((code, data));
    }
    ParsedClientHello {
        legacy_version,
        random,
        session_id,
        cipher_suites,
        compression,
        extensions,
    }
}

/// Encodes a parsed ClientHello again, keeping only the extensions `keep`
/// accepts, in their order.
pub fn reencode_client_hello(ch: &ParsedClientHello, keep: impl Fn(u16) -> bool) -> Vec<u8> {
    encode(|w| {
        super::super::write_handshake(w, super::super::CLIENT_HELLO, |w| {
            w.u16(ch.legacy_version);
            w.bytes(ch.random);
            w.vec8(|w| w.bytes(ch.session_id));
            w.vec16(|w| w.bytes(ch.cipher_suites));
            w.vec8(|w| w.bytes(ch.compression));
            w.vec16(|w| {
                for (code, data) in ch.extensions.iter().filter(|(c, _)| keep(*c)) {
                    w.u16(*code);
                    w.vec16(|w| w.bytes(data));
                }
            });
        })
    })
}

/// An `OfferedPsks` taken apart.
pub struct OfferedPsks<'a> {
    /// (identity, obfuscated_ticket_age) pairs.
    pub identities: Vec<(&'a [u8], u32)>,
    /// The binders.
    pub binders: Vec<&'a [u8]>,
    /// Offset of the binders list within the extension data.
    pub binders_at: usize,
}

/// Parses a `pre_shared_key` extension's data (ClientHello form).
pub fn parse_offered_psks(data: &[u8]) -> OfferedPsks<'_> {
    let mut r = Reader::new(data);
    let mut ids = r.vec16().unwrap();
    let binders_at = data.len() - r.len();
    let mut binders = r.vec16().unwrap();
    r.finish().unwrap();
    let mut identities = Vec::new();
    while !ids.is_empty() {
        identities.push((ids.vec16().unwrap().rest(), ids.u32().unwrap()));
    }
    let mut list = Vec::new();
    while !binders.is_empty() {
        list.push(binders.vec8().unwrap().rest());
    }
    OfferedPsks {
        identities,
        binders: list,
        binders_at,
    }
}
