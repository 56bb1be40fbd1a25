//! The RFC 8448 traces: our ClientHello against §3's and §4's, and every
//! server message of §3 (and §5's HelloRetryRequest) parsed.

use super::super::extension as ext;
use super::super::*;
use super::support::*;
use super::vectors::*;

/// renegotiation_info, a TLS 1.2 extension NSS sends; this client does not.
const RENEGOTIATION_INFO: u16 = 0xff01;
/// session_ticket (RFC 5077), TLS 1.2 only; this client does not send it.
const SESSION_TICKET: u16 = 35;

/// §3's signature_algorithms list.
const SCHEMES_3: [u16; 15] = [
    0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402,
    0x0502, 0x0602, 0x0202,
];
/// §3's supported_groups list.
const GROUPS_3: [u16; 9] = [
    0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
];

/// Our encoding of the parameters of a trace's ClientHello.
fn our_client_hello(
    random: &[u8],
    key: &[u8],
    psk: Option<PskOffer>,
) -> (Vec<u8>, ClientHelloLayout) {
    let random: &[u8; 32] = random.try_into().unwrap();
    let key_shares = [(0x001d, key)];
    let params = ClientHelloParams {
        random,
        legacy_session_id: &[],
        cipher_suites: &[0x1301, 0x1303, 0x1302],
        supported_groups: &GROUPS_3,
        key_shares: &key_shares,
        signature_schemes: &SCHEMES_3,
        server_name: Some("server"),
        alpn: &[],
        max_fragment_length: None,
        record_size_limit: Some(0x4001),
        cookie: None,
        psk_key_exchange_modes: &[1],
        psk,
    };
    let mut buf = vec![0u8; 2048];
    let mut w = Writer::new(&mut buf);
    let layout = encode_client_hello(&params, &mut w).unwrap();
    assert_eq!(layout.len, w.len());
    (w.written().to_vec(), layout)
}

/// §3's ClientHello cannot be reproduced byte for byte: NSS also sends
/// renegotiation_info and session_ticket, TLS 1.2 extensions this client
/// leaves out. Our fixed order is otherwise the trace's, so (1) every
/// extension we send equals the trace's, field by field, and (2) the trace
/// with those two extensions removed (lengths re-computed) equals our
/// encoding byte for byte.
#[test]
fn client_hello_matches_section_3() {
    let rfc = hex(CLIENT_HELLO_3);
    assert_eq!(rfc.len(), 196);
    let theirs = parse_client_hello(&rfc);
    let (ours_bytes, layout) = our_client_hello(theirs.random, &hex(CLIENT_X25519_PUBLIC_3), None);
    assert_eq!(layout.binders_offset, None);
    let ours = parse_client_hello(&ours_bytes);

    assert_eq!(ours.legacy_version, theirs.legacy_version);
    assert_eq!(ours.random, theirs.random);
    assert_eq!(ours.session_id, theirs.session_id);
    assert_eq!(ours.cipher_suites, theirs.cipher_suites);
    assert_eq!(ours.compression, theirs.compression);
    let tls12_only = |c: u16| c == RENEGOTIATION_INFO || c == SESSION_TICKET;
    let expected: Vec<_> = theirs
        .extensions
        .iter()
        .filter(|(c, _)| !tls12_only(*c))
        .cloned()
        .collect();
    assert_eq!(ours.extensions, expected);

    let stripped = reencode_client_hello(&theirs, |c| !tls12_only(c));
    assert_eq!(ours_bytes, stripped);
}

/// §4's resumption ClientHello: besides renegotiation_info it has
/// early_data and padding, which this client does not send. With those
/// removed from the trace, our encoding plus the trace's binder (written
/// by `write_binder`) is the trace byte for byte; the binders list is where
/// `binders_offset` says, and the trace's own truncated ClientHello ("prefix
/// (477 octets)") ends at the same distance from the end.
#[test]
fn psk_client_hello_matches_section_4() {
    let rfc = hex(CLIENT_HELLO_4);
    assert_eq!(rfc.len(), 512);
    let theirs = parse_client_hello(&rfc);
    let (_, psk_data) = *theirs.extensions.last().unwrap();
    assert_eq!(theirs.extensions.last().unwrap().0, ext::PRE_SHARED_KEY);
    let offered = parse_offered_psks(psk_data);
    let (identity, age) = offered.identities[0];
    assert_eq!(age, 0xfad6_aacb);
    let binder = hex(PSK_BINDER_4);
    assert_eq!(offered.binders, vec![&binder[..]]);
    // The binder is computed over all but the binders list: 512 - 35 bytes.
    assert_eq!(rfc.len() - (2 + 1 + 32), 477);

    let key = theirs
        .extensions
        .iter()
        .find(|(c, _)| *c == ext::KEY_SHARE)
        .unwrap()
        .1;
    let psk = PskOffer {
        identity,
        obfuscated_ticket_age: age,
        binder_len: 32,
    };
    // Past the list length, the group and the key length.
    let (mut ours, layout) = our_client_hello(theirs.random, &key[6..], Some(psk));
    let at = layout.binders_offset.unwrap();
    assert_eq!(at, layout.len - 35);
    assert!(
        ours[at..].iter().skip(3).all(|b| *b == 0),
        "binder written as zeros"
    );
    write_binder(&mut ours, &layout, &binder).unwrap();

    let dropped = |c: u16| c == RENEGOTIATION_INFO || c == ext::EARLY_DATA || c == ext::PADDING;
    let stripped = reencode_client_hello(&theirs, |c| !dropped(c));
    assert_eq!(ours, stripped);
}

#[test]
fn server_hello_section_3() {
    let msg = hex(SERVER_HELLO_3);
    assert_eq!(msg.len(), 90);
    let sh = parse_server_hello(body(&msg, SERVER_HELLO)).unwrap();
    assert!(!sh.is_retry_request);
    assert_eq!(sh.random[..4], [0xa6, 0xaf, 0x06, 0xa4]);
    assert!(!downgrade_sentinel(sh.random));
    assert_eq!(sh.legacy_session_id_echo, b"");
    assert_eq!(sh.cipher_suite, 0x1301);
    assert_eq!(sh.selected_version, Some(TLS13));
    assert_eq!(
        sh.key_share,
        Some((0x001d, &hex(SERVER_X25519_PUBLIC_3)[..]))
    );
    assert_eq!(sh.cookie, None);
    assert_eq!(sh.selected_psk, None);
}

#[test]
fn hello_retry_request_section_5() {
    let msg = hex(HELLO_RETRY_REQUEST_5);
    assert_eq!(msg.len(), 176);
    let hrr = parse_server_hello(body(&msg, SERVER_HELLO)).unwrap();
    assert!(hrr.is_retry_request);
    assert_eq!(*hrr.random, HRR_RANDOM);
    assert_eq!(hrr.cipher_suite, 0x1301);
    assert_eq!(hrr.selected_version, Some(TLS13));
    assert_eq!(hrr.key_share, Some((0x0017, &[][..])));
    let cookie = hrr.cookie.unwrap();
    assert_eq!(cookie.len(), 0x72);
    assert_eq!(cookie[..4], [0x71, 0xdc, 0xd0, 0x4b]);
    assert_eq!(cookie[0x72 - 4..], [0xf0, 0xf9, 0x34, 0xb0]);
    assert_eq!(hrr.selected_psk, None);
}

#[test]
fn encrypted_extensions_section_3() {
    let msg = hex(ENCRYPTED_EXTENSIONS_3);
    assert_eq!(msg.len(), 40);
    let ee = parse_encrypted_extensions(body(&msg, ENCRYPTED_EXTENSIONS)).unwrap();
    assert_eq!(
        ee,
        EncryptedExtensions {
            alpn: None,
            max_fragment_length: None,
            record_size_limit: Some(0x4001),
            server_name_acknowledged: true,
            early_data: false,
        }
    );
}

#[test]
fn certificate_section_3() {
    let msg = hex(CERTIFICATE_3);
    assert_eq!(msg.len(), 445);
    let (context, certs) = parse_certificate(body(&msg, CERTIFICATE)).unwrap();
    assert_eq!(context, b"");
    assert_eq!(certs.len(), 1);
    assert_eq!(certs[0].len(), 0x1b0);
    assert_eq!(certs[0][..4], [0x30, 0x82, 0x01, 0xac]);
    // Our encoder, given the same chain, produces the trace's message.
    let encoded = encode(|w| encode_certificate(w, b"", certs.iter().map(Vec::as_slice)).unwrap());
    assert_eq!(encoded, msg);
}

#[test]
fn certificate_verify_section_3() {
    let msg = hex(CERTIFICATE_VERIFY_3);
    assert_eq!(msg.len(), 136);
    let cv = parse_certificate_verify(body(&msg, CERTIFICATE_VERIFY)).unwrap();
    assert_eq!(cv.scheme, 0x0804); // rsa_pss_rsae_sha256
    assert_eq!(cv.signature.len(), 0x80);
    assert_eq!(cv.signature[..3], [0x5a, 0x74, 0x7c]);
    // The message around a signature already in place.
    let mut in_place = vec![0u8; CERTIFICATE_VERIFY_HEAD_LEN + cv.signature.len()];
    in_place[CERTIFICATE_VERIFY_HEAD_LEN..].copy_from_slice(cv.signature);
    assert_eq!(encode_certificate_verify_head(&mut in_place, cv.scheme, cv.signature.len()), Ok(msg.len()));
    assert_eq!(in_place, msg);
    assert_eq!(encode_certificate_verify_head(&mut in_place[..135], cv.scheme, 0x80), Err(CodecError::Overflow));
    assert_eq!(encode_certificate_verify_head(&mut in_place, cv.scheme, 0x10000), Err(CodecError::Overflow));
}

#[test]
fn finished_section_3() {
    for vector in [SERVER_FINISHED_3, CLIENT_FINISHED_3] {
        let msg = hex(vector);
        assert_eq!(msg.len(), 36);
        let verify_data = body(&msg, FINISHED);
        assert_eq!(verify_data.len(), 32);
        assert_eq!(encode(|w| encode_finished(w, verify_data).unwrap()), msg);
    }
}

#[test]
fn new_session_ticket_section_3() {
    let msg = hex(NEW_SESSION_TICKET_3);
    assert_eq!(msg.len(), 205);
    let nst = parse_new_session_ticket(body(&msg, NEW_SESSION_TICKET)).unwrap();
    assert_eq!(nst.lifetime, 30);
    assert_eq!(nst.age_add, 0xfad6_aac5);
    assert_eq!(nst.nonce, [0, 0]);
    assert_eq!(nst.ticket.len(), 0xb2);
    assert_eq!(nst.ticket[..4], [0x2c, 0x03, 0x5d, 0x82]);
    assert_eq!(nst.max_early_data, Some(0x400));
    // §4 offers this very ticket as its PSK identity.
    let ch = hex(CLIENT_HELLO_4);
    let parsed = parse_client_hello(&ch);
    let offered = parse_offered_psks(parsed.extensions.last().unwrap().1);
    assert_eq!(offered.identities[0].0, nst.ticket);
}
