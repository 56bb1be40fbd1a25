//! EncryptedExtensions: what is parsed, what is rejected.

use super::super::extension as ext;
use super::super::*;
use super::support::*;

fn parse(exts: &[(u16, &[u8])]) -> Result<EncryptedExtensions<'static>, CodecError> {
    let block: &'static [u8] = ext_block(exts).leak();
    parse_encrypted_extensions(block)
}

#[test]
fn empty() {
    assert_eq!(parse(&[]), Ok(EncryptedExtensions::default()));
    assert_eq!(parse_encrypted_extensions(&[]), Err(CodecError::Decode));
    assert_eq!(
        parse_encrypted_extensions(&[0, 0, 0]),
        Err(CodecError::Decode)
    );
}

#[test]
fn mfl_rsl_alpn_sni() {
    let ee = parse(&[
        (ext::MAX_FRAGMENT_LENGTH, &[2]),
        (ext::RECORD_SIZE_LIMIT, &[0x04, 0x00]),
        (ext::ALPN, &[0, 3, 2, b'h', b'2']),
        (ext::SERVER_NAME, &[]),
        (ext::SUPPORTED_GROUPS, &[0, 2, 0, 0x1d]),
    ])
    .unwrap();
    assert_eq!(ee.max_fragment_length, Some(2));
    assert_eq!(ee.record_size_limit, Some(1024));
    assert_eq!(ee.alpn, Some(&b"h2"[..]));
    assert!(ee.server_name_acknowledged);
    assert!(!ee.early_data);
    assert!(parse(&[(ext::EARLY_DATA, &[])]).unwrap().early_data);
}

#[test]
fn bad_values() {
    for code in [0u8, 5, 255] {
        assert_eq!(
            parse(&[(ext::MAX_FRAGMENT_LENGTH, &[code])]),
            Err(CodecError::IllegalParameter)
        );
    }
    assert_eq!(
        parse(&[(ext::MAX_FRAGMENT_LENGTH, &[])]),
        Err(CodecError::Decode)
    );
    assert_eq!(
        parse(&[(ext::MAX_FRAGMENT_LENGTH, &[1, 1])]),
        Err(CodecError::Decode)
    );
    assert_eq!(
        parse(&[(ext::RECORD_SIZE_LIMIT, &[0, 63])]),
        Err(CodecError::IllegalParameter)
    );
    assert_eq!(
        parse(&[(ext::RECORD_SIZE_LIMIT, &[0, 64])])
            .unwrap()
            .record_size_limit,
        Some(64)
    );
    assert_eq!(
        parse(&[(ext::RECORD_SIZE_LIMIT, &[0x40])]),
        Err(CodecError::Decode)
    );
    assert_eq!(
        parse(&[(ext::SERVER_NAME, &[0, 0])]),
        Err(CodecError::Decode)
    );
    assert_eq!(parse(&[(ext::EARLY_DATA, &[0])]), Err(CodecError::Decode));
    assert_eq!(
        parse(&[(ext::SUPPORTED_GROUPS, &[0, 1, 0])]),
        Err(CodecError::Decode)
    );
}

#[test]
fn alpn_must_hold_exactly_one_name() {
    let two = [0, 6, 2, b'h', b'2', 2, b'h', b'3'];
    assert_eq!(parse(&[(ext::ALPN, &two)]), Err(CodecError::Decode));
    assert_eq!(parse(&[(ext::ALPN, &[0, 0])]), Err(CodecError::Decode));
    assert_eq!(parse(&[(ext::ALPN, &[0, 1, 0])]), Err(CodecError::Decode));
    assert_eq!(
        parse(&[(ext::ALPN, &[0, 3, 2, b'h'])]),
        Err(CodecError::Decode)
    );
}

#[test]
fn forbidden_unknown_and_unsolicited() {
    for code in [
        ext::KEY_SHARE,
        ext::SUPPORTED_VERSIONS,
        ext::PRE_SHARED_KEY,
        ext::SIGNATURE_ALGORITHMS,
        ext::SIGNATURE_ALGORITHMS_CERT,
        ext::COOKIE,
        ext::STATUS_REQUEST,
        ext::PSK_KEY_EXCHANGE_MODES,
        ext::CERTIFICATE_AUTHORITIES,
    ] {
        assert_eq!(
            parse(&[(code, &[])]),
            Err(CodecError::IllegalParameter),
            "code {code}"
        );
    }
    for code in [
        ext::USE_SRTP,
        ext::HEARTBEAT,
        ext::SERVER_CERTIFICATE_TYPE,
        ext::CLIENT_CERTIFICATE_TYPE,
        0x1234,
        0xff01,
    ] {
        assert_eq!(
            parse(&[(code, &[])]),
            Err(CodecError::UnsupportedExtension),
            "code {code}"
        );
    }
}

#[test]
fn duplicates() {
    let r = parse(&[
        (ext::RECORD_SIZE_LIMIT, &[1, 0]),
        (ext::SERVER_NAME, &[]),
        (ext::RECORD_SIZE_LIMIT, &[1, 0]),
    ]);
    assert_eq!(r, Err(CodecError::IllegalParameter));
}
