//! ServerHello / HelloRetryRequest rejections.

use super::super::extension as ext;
use super::super::*;
use super::support::*;
use super::vectors::*;

const RANDOM: [u8; 32] = [7; 32];
const VERSIONS: &[u8] = &[0x03, 0x04];
const SHARE: &[u8] = &[0x00, 0x1d, 0x00, 0x02, 0xaa, 0xbb];

fn parse(body: &[u8]) -> Result<ServerHello<'_>, CodecError> {
    parse_server_hello(body)
}

#[test]
fn minimal_server_hello() {
    let b = server_hello_body(
        0x0303,
        &RANDOM,
        0,
        &[(ext::SUPPORTED_VERSIONS, VERSIONS), (ext::KEY_SHARE, SHARE)],
    );
    let sh = parse(&b).unwrap();
    assert_eq!(sh.key_share, Some((0x001d, &[0xaa, 0xbb][..])));
    let b = server_hello_body(
        0x0303,
        &RANDOM,
        0,
        &[
            (ext::SUPPORTED_VERSIONS, VERSIONS),
            (ext::PRE_SHARED_KEY, &[0, 0]),
        ],
    );
    assert_eq!(parse(&b).unwrap().selected_psk, Some(0));
}

#[test]
fn duplicate_extension() {
    let b = server_hello_body(
        0x0303,
        &RANDOM,
        0,
        &[
            (ext::SUPPORTED_VERSIONS, VERSIONS),
            (ext::KEY_SHARE, SHARE),
            (ext::SUPPORTED_VERSIONS, VERSIONS),
        ],
    );
    assert_eq!(parse(&b), Err(CodecError::IllegalParameter));
    // Also for codes outside the fast bit set.
    let b = server_hello_body(
        0x0303,
        &RANDOM,
        0,
        &[
            (0xff01, &[0]),
            (ext::SUPPORTED_VERSIONS, VERSIONS),
            (0xff01, &[0]),
        ],
    );
    assert_eq!(parse(&b), Err(CodecError::IllegalParameter));
}

#[test]
fn forbidden_and_unknown_extensions() {
    let sv = (ext::SUPPORTED_VERSIONS, VERSIONS);
    // Known, but not allowed in a ServerHello.
    for code in [
        ext::COOKIE,
        ext::SERVER_NAME,
        ext::EARLY_DATA,
        ext::SIGNATURE_ALGORITHMS,
        ext::PADDING,
    ] {
        let b = server_hello_body(0x0303, &RANDOM, 0, &[sv, (code, &[0, 1, 0])]);
        assert_eq!(parse(&b), Err(CodecError::IllegalParameter), "code {code}");
    }
    // Unknown: never offered, so unsolicited.
    for code in [0x1234, 0xff01, 0x0a0a] {
        let b = server_hello_body(0x0303, &RANDOM, 0, &[sv, (code, &[])]);
        assert_eq!(
            parse(&b),
            Err(CodecError::UnsupportedExtension),
            "code {code}"
        );
    }
    // pre_shared_key is not allowed in a HelloRetryRequest.
    let b = server_hello_body(
        0x0303,
        &HRR_RANDOM,
        0,
        &[sv, (ext::PRE_SHARED_KEY, &[0, 0])],
    );
    assert_eq!(parse(&b), Err(CodecError::IllegalParameter));
}

#[test]
fn legacy_version_and_compression() {
    let exts = [(ext::SUPPORTED_VERSIONS, VERSIONS), (ext::KEY_SHARE, SHARE)];
    assert_eq!(
        parse(&server_hello_body(0x0302, &RANDOM, 0, &exts)),
        Err(CodecError::ProtocolVersion)
    );
    assert_eq!(
        parse(&server_hello_body(0x0304, &RANDOM, 0, &exts)),
        Err(CodecError::IllegalParameter)
    );
    assert_eq!(
        parse(&server_hello_body(0x0303, &RANDOM, 1, &exts)),
        Err(CodecError::IllegalParameter)
    );
}

#[test]
fn session_id_longer_than_32() {
    let mut b = server_hello_body(0x0303, &RANDOM, 0, &[(ext::SUPPORTED_VERSIONS, VERSIONS)]);
    // Rebuild with a 33-byte session id.
    let tail = b.split_off(35); // after version, random, empty session id
    b.pop();
    b.push(33);
    b.extend([0u8; 33]);
    b.extend(tail);
    assert_eq!(parse(&b), Err(CodecError::Decode));
}

#[test]
fn malformed_extension_data() {
    let sv = (ext::SUPPORTED_VERSIONS, VERSIONS);
    let bad_sh: [&[u8]; 4] = [
        &[0x00, 0x1d, 0x00, 0x00],
        &[0x00, 0x1d, 0x00, 0x02, 0xaa],
        &[0x00, 0x1d],
        &[0x00, 0x1d, 0x00, 0x01, 0xaa, 0xbb],
    ];
    for data in bad_sh {
        let b = server_hello_body(0x0303, &RANDOM, 0, &[sv, (ext::KEY_SHARE, data)]);
        assert_eq!(parse(&b), Err(CodecError::Decode), "{data:?}");
    }
    // HRR key_share is exactly a group.
    let b = server_hello_body(0x0303, &HRR_RANDOM, 0, &[sv, (ext::KEY_SHARE, SHARE)]);
    assert_eq!(parse(&b), Err(CodecError::Decode));
    // Empty cookie; cookie with a trailing byte.
    for data in [&[0u8, 0][..], &[0, 1, 9, 9]] {
        let b = server_hello_body(0x0303, &HRR_RANDOM, 0, &[sv, (ext::COOKIE, data)]);
        assert_eq!(parse(&b), Err(CodecError::Decode));
    }
    // supported_versions with 3 bytes.
    let b = server_hello_body(0x0303, &RANDOM, 0, &[(ext::SUPPORTED_VERSIONS, &[3, 4, 0])]);
    assert_eq!(parse(&b), Err(CodecError::Decode));
}

/// Without supported_versions the server chose TLS 1.2 or older: the
/// message parses, with `selected_version` None, and its (TLS 1.2)
/// extensions are not judged by TLS 1.3 rules.
#[test]
fn tls12_server_hello() {
    let mut random = RANDOM;
    random[24..].copy_from_slice(b"DOWNGRD\x01");
    let b = server_hello_body(0x0303, &random, 0, &[(0xff01, &[0]), (11, &[1, 0])]);
    let sh = parse(&b).unwrap();
    assert_eq!(sh.selected_version, None);
    assert!(downgrade_sentinel(sh.random));
    random[31] = 0;
    assert!(downgrade_sentinel(&random));
    random[31] = 2;
    assert!(!downgrade_sentinel(&random));
    // ...but still framed correctly and without duplicates.
    let b = server_hello_body(0x0303, &RANDOM, 0, &[(0xff01, &[0]), (0xff01, &[0])]);
    assert_eq!(parse(&b), Err(CodecError::IllegalParameter));
}

/// Every truncation of valid messages fails. The one exception is a cut
/// right after the compression method: that is exactly an extension-less
/// TLS 1.2 ServerHello, which parses with `selected_version` None (the
/// state machine refuses it as not TLS 1.3).
#[test]
fn every_truncation_fails() {
    for vector in [SERVER_HELLO_3, HELLO_RETRY_REQUEST_5] {
        let msg = hex(vector);
        let body = &msg[4..];
        for n in 0..body.len() {
            match parse(&body[..n]) {
                Err(_) => {}
                Ok(sh) => {
                    assert_eq!(n, 2 + 32 + 1 + 2 + 1, "truncation to {n} parsed");
                    assert_eq!(sh.selected_version, None);
                }
            }
        }
    }
}

#[test]
fn trailing_bytes() {
    let mut msg = hex(SERVER_HELLO_3);
    msg.push(0);
    assert_eq!(parse(&msg[4..]), Err(CodecError::Decode));
    // A longer extension block length than the bytes there.
    let mut msg = hex(SERVER_HELLO_3);
    msg[4 + 2 + 32 + 1 + 2 + 1 + 1] += 1;
    assert_eq!(parse(&msg[4..]), Err(CodecError::Decode));
}
