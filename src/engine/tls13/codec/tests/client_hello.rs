//! ClientHello encoding: every option, the PSK binder layout, parameter
//! checks, small buffers.

use super::super::extension as ext;
use super::super::*;
use super::support::*;

const RANDOM: [u8; 32] = [0x11; 32];
const SESSION_ID: [u8; 32] = [0x22; 32];
const KEY: [u8; 32] = [0x33; 32];
const TICKET: [u8; 40] = [0x44; 40];

fn full_params<'a>(
    key_shares: &'a [(u16, &'a [u8])],
    alpn: &'a [&'a [u8]],
) -> ClientHelloParams<'a> {
    ClientHelloParams {
        random: &RANDOM,
        legacy_session_id: &SESSION_ID,
        cipher_suites: &[0x1301, 0x1303],
        supported_groups: &[0x001d, 0x0017],
        key_shares,
        signature_schemes: &[0x0403, 0x0804, 0x0807],
        server_name: Some("example.com"),
        alpn,
        max_fragment_length: Some(2),
        record_size_limit: Some(4097),
        cookie: Some(&[9, 8, 7]),
        psk_key_exchange_modes: &[1],
        psk: Some(PskOffer {
            identity: &TICKET,
            obfuscated_ticket_age: 0x0102_0304,
            binder_len: 48,
        }),
    }
}

fn encode_params(p: &ClientHelloParams) -> Result<(Vec<u8>, ClientHelloLayout), CodecError> {
    let mut buf = vec![0u8; 4096];
    let mut w = Writer::new(&mut buf);
    let layout = encode_client_hello(p, &mut w)?;
    Ok((w.written().to_vec(), layout))
}

#[test]
fn every_extension_in_order() {
    let shares = [(0x001d, &KEY[..])];
    let alpn: [&[u8]; 2] = [b"h2", b"http/1.1"];
    let (msg, _) = encode_params(&full_params(&shares, &alpn)).unwrap();
    let ch = parse_client_hello(&msg);
    assert_eq!(ch.legacy_version, 0x0303);
    assert_eq!(ch.random, RANDOM);
    assert_eq!(ch.session_id, SESSION_ID);
    assert_eq!(ch.cipher_suites, [0x13, 0x01, 0x13, 0x03]);
    assert_eq!(ch.compression, [0]);
    let codes: Vec<u16> = ch.extensions.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        codes,
        [
            ext::SERVER_NAME,
            ext::MAX_FRAGMENT_LENGTH,
            ext::SUPPORTED_GROUPS,
            ext::KEY_SHARE,
            ext::SUPPORTED_VERSIONS,
            ext::SIGNATURE_ALGORITHMS,
            ext::ALPN,
            ext::COOKIE,
            ext::PSK_KEY_EXCHANGE_MODES,
            ext::RECORD_SIZE_LIMIT,
            ext::PRE_SHARED_KEY,
        ]
    );
    let data = |code| {
        ch.extensions
            .iter()
            .find(|(c, _)| *c == code)
            .unwrap()
            .1
            .to_vec()
    };
    assert_eq!(
        data(ext::SERVER_NAME),
        hex("00 0e 00 00 0b 65 78 61 6d 70 6c 65 2e 63 6f 6d")
    );
    assert_eq!(data(ext::MAX_FRAGMENT_LENGTH), [2]);
    assert_eq!(data(ext::SUPPORTED_GROUPS), hex("00 04 00 1d 00 17"));
    let mut share = hex("00 24 00 1d 00 20");
    share.extend(KEY);
    assert_eq!(data(ext::KEY_SHARE), share);
    assert_eq!(data(ext::SUPPORTED_VERSIONS), hex("02 03 04"));
    assert_eq!(
        data(ext::SIGNATURE_ALGORITHMS),
        hex("00 06 04 03 08 04 08 07")
    );
    assert_eq!(
        data(ext::ALPN),
        hex("00 0c 02 68 32 08 68 74 74 70 2f 31 2e 31")
    );
    assert_eq!(data(ext::COOKIE), hex("00 03 09 08 07"));
    assert_eq!(data(ext::PSK_KEY_EXCHANGE_MODES), hex("01 01"));
    assert_eq!(data(ext::RECORD_SIZE_LIMIT), hex("10 01"));
}

#[test]
fn minimal_has_no_optional_extensions() {
    let p = ClientHelloParams {
        random: &RANDOM,
        legacy_session_id: &[],
        cipher_suites: &[0x1301],
        supported_groups: &[0x001d],
        key_shares: &[],
        signature_schemes: &[0x0403],
        server_name: None,
        alpn: &[],
        max_fragment_length: None,
        record_size_limit: None,
        cookie: None,
        psk_key_exchange_modes: &[],
        psk: None,
    };
    let (msg, layout) = encode_params(&p).unwrap();
    assert_eq!(
        layout,
        ClientHelloLayout {
            len: msg.len(),
            binders_offset: None
        }
    );
    let ch = parse_client_hello(&msg);
    let codes: Vec<u16> = ch.extensions.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        codes,
        [
            ext::SUPPORTED_GROUPS,
            ext::KEY_SHARE,
            ext::SUPPORTED_VERSIONS,
            ext::SIGNATURE_ALGORITHMS
        ]
    );
    // An empty key_share list (the server's HelloRetryRequest picks).
    assert_eq!(ch.extensions[1].1, [0, 0]);
}

/// The binder goes where `binders_offset` says: parsing the encoded
/// message's pre_shared_key (the last extension) finds the binder that
/// `write_binder` wrote, and nothing else changed.
#[test]
fn psk_binder_layout() {
    let shares = [(0x001d, &KEY[..])];
    let p = full_params(&shares, &[]);
    let (mut msg, layout) = encode_params(&p).unwrap();
    assert_eq!(layout.len, msg.len());
    let at = layout.binders_offset.unwrap();
    assert_eq!(at, msg.len() - (2 + 1 + 48));
    let before = msg.clone();
    let binder: Vec<u8> = (0..48).collect();
    write_binder(&mut msg, &layout, &binder).unwrap();
    assert_eq!(
        msg[..at],
        before[..at],
        "the truncated ClientHello is unchanged"
    );

    let ch = parse_client_hello(&msg);
    let (code, data) = *ch.extensions.last().unwrap();
    assert_eq!(code, ext::PRE_SHARED_KEY);
    let offered = parse_offered_psks(data);
    assert_eq!(offered.identities, vec![(&TICKET[..], 0x0102_0304)]);
    assert_eq!(offered.binders, vec![&binder[..]]);
    // The extension data ends the message, so its binders list is at `at`.
    assert_eq!(msg.len() - data.len() + offered.binders_at, at);

    // Wrong binder length, or no PSK at all.
    assert_eq!(
        write_binder(&mut msg, &layout, &binder[..32]),
        Err(CodecError::Overflow)
    );
    let no_psk = ClientHelloLayout {
        len: layout.len,
        binders_offset: None,
    };
    assert_eq!(
        write_binder(&mut msg, &no_psk, &binder),
        Err(CodecError::Overflow)
    );
    assert_eq!(
        write_binder(&mut msg[..10], &layout, &binder),
        Err(CodecError::Overflow)
    );
}

/// Offsets count from the message start even if the writer already held
/// bytes (e.g. a record header).
#[test]
fn layout_is_relative_to_the_message() {
    let shares = [(0x001d, &KEY[..])];
    let p = full_params(&shares, &[]);
    let (alone, layout_alone) = encode_params(&p).unwrap();
    let mut buf = vec![0u8; 4096];
    let mut w = Writer::new(&mut buf);
    w.bytes(&[0x16, 3, 1, 0, 0]);
    let layout = encode_client_hello(&p, &mut w).unwrap();
    assert_eq!(layout, layout_alone);
    assert_eq!(&w.written()[5..], &alone[..]);
    let msg = &mut w.written_mut()[5..];
    write_binder(msg, &layout, &[1; 48]).unwrap();
}

#[test]
fn bad_parameters() {
    let shares = [(0x001d, &KEY[..])];
    let ok = full_params(&shares, &[]);
    assert!(encode_params(&ok).is_ok());
    let long_id = [0u8; 33];
    let two_shares = [(0x001d, &KEY[..]), (0x001d, &KEY[..])];
    let foreign_share = [(0x0018, &KEY[..])];
    let empty_share = [(0x001d, &[][..])];
    let empty_alpn: [&[u8]; 1] = [b""];
    let long_alpn = [0u8; 256];
    let long_alpn_list: [&[u8]; 1] = [&long_alpn];
    let cases: Vec<ClientHelloParams> = vec![
        ClientHelloParams {
            legacy_session_id: &long_id,
            ..ok
        },
        ClientHelloParams {
            cipher_suites: &[],
            ..ok
        },
        ClientHelloParams {
            supported_groups: &[],
            ..ok
        },
        ClientHelloParams {
            signature_schemes: &[],
            ..ok
        },
        ClientHelloParams {
            server_name: Some(""),
            ..ok
        },
        ClientHelloParams {
            alpn: &empty_alpn,
            ..ok
        },
        ClientHelloParams {
            alpn: &long_alpn_list,
            ..ok
        },
        ClientHelloParams {
            max_fragment_length: Some(0),
            ..ok
        },
        ClientHelloParams {
            max_fragment_length: Some(5),
            ..ok
        },
        ClientHelloParams {
            record_size_limit: Some(63),
            ..ok
        },
        ClientHelloParams {
            cookie: Some(&[]),
            ..ok
        },
        ClientHelloParams {
            key_shares: &two_shares,
            ..ok
        },
        ClientHelloParams {
            key_shares: &foreign_share,
            ..ok
        },
        ClientHelloParams {
            key_shares: &empty_share,
            ..ok
        },
        ClientHelloParams {
            psk_key_exchange_modes: &[],
            ..ok
        },
        ClientHelloParams {
            psk: Some(PskOffer {
                identity: &[],
                obfuscated_ticket_age: 0,
                binder_len: 32,
            }),
            ..ok
        },
        ClientHelloParams {
            psk: Some(PskOffer {
                identity: &TICKET,
                obfuscated_ticket_age: 0,
                binder_len: 31,
            }),
            ..ok
        },
        ClientHelloParams {
            psk: Some(PskOffer {
                identity: &TICKET,
                obfuscated_ticket_age: 0,
                binder_len: 256,
            }),
            ..ok
        },
    ];
    for (i, p) in cases.iter().enumerate() {
        assert_eq!(
            encode_params(p).err(),
            Some(CodecError::Overflow),
            "case {i}"
        );
    }
}

/// Every buffer shorter than the message fails cleanly.
#[test]
fn every_short_buffer_overflows() {
    let shares = [(0x001d, &KEY[..])];
    let alpn: [&[u8]; 1] = [b"h2"];
    let p = full_params(&shares, &alpn);
    let (msg, _) = encode_params(&p).unwrap();
    let mut buf = vec![0u8; msg.len()];
    for n in 0..msg.len() {
        let mut w = Writer::new(&mut buf[..n]);
        assert_eq!(
            encode_client_hello(&p, &mut w),
            Err(CodecError::Overflow),
            "buffer of {n}"
        );
    }
    let mut w = Writer::new(&mut buf);
    assert!(encode_client_hello(&p, &mut w).is_ok());
}
