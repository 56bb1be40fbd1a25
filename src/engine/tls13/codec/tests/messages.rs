//! CertificateRequest, Certificate, CertificateVerify, Finished,
//! NewSessionTicket, KeyUpdate, alerts and the handshake framing.

use super::super::alert::{encode_alert, parse_alert};
use super::super::extension as ext;
use super::super::*;
use super::support::*;
use super::vectors::*;

fn cr_body(context: &[u8], exts: &[(u16, &[u8])]) -> Vec<u8> {
    let mut b = encode(|w| w.vec8(|w| w.bytes(context)));
    b.extend(ext_block(exts));
    b
}

#[test]
fn certificate_request() {
    let body = cr_body(
        b"ctx",
        &[
            (0x1234, b"ignored"),
            (ext::SIGNATURE_ALGORITHMS, &[0, 4, 0x08, 0x04, 0x04, 0x03]),
            (ext::SIGNATURE_ALGORITHMS_CERT, &[0, 2, 0x04, 0x03]),
            (ext::CERTIFICATE_AUTHORITIES, &[0, 3, 0, 1, 0x30]),
            (ext::STATUS_REQUEST, &[]),
            (ext::OID_FILTERS, &[0, 0]),
        ],
    );
    let cr = parse_certificate_request(&body).unwrap();
    assert_eq!(cr.context, b"ctx");
    assert_eq!(cr.schemes().collect::<Vec<_>>(), [0x0804, 0x0403]);
    assert_eq!(cr.signature_schemes_cert, Some(&[0x04, 0x03][..]));
    assert_eq!(cr.certificate_authorities, Some(&[0, 1, 0x30][..]));
}

#[test]
fn certificate_request_rejects() {
    let sa = (ext::SIGNATURE_ALGORITHMS, &[0u8, 2, 0x08, 0x04][..]);
    assert_eq!(
        parse_certificate_request(&cr_body(b"", &[])),
        Err(CodecError::MissingExtension)
    );
    assert_eq!(
        parse_certificate_request(&cr_body(b"", &[(0x1234, b"")])),
        Err(CodecError::MissingExtension)
    );
    assert_eq!(
        parse_certificate_request(&cr_body(b"", &[sa, (ext::KEY_SHARE, b"")])),
        Err(CodecError::IllegalParameter)
    );
    assert_eq!(
        parse_certificate_request(&cr_body(b"", &[sa, sa])),
        Err(CodecError::IllegalParameter)
    );
    for bad in [
        &[0u8, 0][..],
        &[0, 1, 8],
        &[0, 3, 8, 4, 4],
        &[0, 2, 8, 4, 0],
    ] {
        let body = cr_body(b"", &[(ext::SIGNATURE_ALGORITHMS, bad)]);
        assert_eq!(
            parse_certificate_request(&body),
            Err(CodecError::Decode),
            "{bad:?}"
        );
    }
    let mut body = cr_body(b"", &[sa]);
    body.push(0);
    assert_eq!(parse_certificate_request(&body), Err(CodecError::Decode));
}

/// A certificate entry: DER bytes and (type, data) extensions.
type Entry<'a> = (&'a [u8], &'a [(u16, &'a [u8])]);

fn cert_body(context: &[u8], entries: &[Entry]) -> Vec<u8> {
    encode(|w| {
        w.vec8(|w| w.bytes(context));
        w.vec24(|w| {
            for (cert, exts) in entries {
                w.vec24(|w| w.bytes(cert));
                w.bytes(&ext_block(exts));
            }
        });
    })
}

#[test]
fn certificate_chain() {
    let body = cert_body(
        b"",
        &[(b"leaf", &[(ext::STATUS_REQUEST, b"ocsp")]), (b"ca", &[])],
    );
    let (_, certs) = parse_certificate(&body).unwrap();
    assert_eq!(certs, [&b"leaf"[..], b"ca"]);

    let empty_body = cert_body(b"", &[]);
    assert_eq!(parse_certificate(&empty_body), Ok((Vec::new(), Vec::new())));

    // Encoding the client's: context echoed, empty extensions, empty chain allowed.
    let encoded =
        encode(|w| encode_certificate(w, b"ctx", [&b"leaf"[..], b"ca"].into_iter()).unwrap());
    assert_eq!(encoded[..4], [CERTIFICATE, 0, 0, (encoded.len() - 4) as u8]);
    assert_eq!(
        &encoded[4..],
        cert_body(b"ctx", &[(b"leaf", &[]), (b"ca", &[])])
    );
    let none = encode(|w| encode_certificate(w, b"", core::iter::empty()).unwrap());
    assert_eq!(none, [CERTIFICATE, 0, 0, 4, 0, 0, 0, 0]);
}

#[test]
fn certificate_rejects() {
    assert_eq!(
        parse_certificate(&cert_body(b"", &[(b"", &[])])),
        Err(CodecError::Decode)
    );
    let body = cert_body(b"", &[(b"x", &[(ext::KEY_SHARE, b"")])]);
    assert_eq!(parse_certificate(&body), Err(CodecError::IllegalParameter));
    let body = cert_body(b"", &[(b"x", &[(0x1234, b"")])]);
    assert_eq!(
        parse_certificate(&body),
        Err(CodecError::UnsupportedExtension)
    );
    let dup = [
        (ext::STATUS_REQUEST, &b""[..]),
        (ext::STATUS_REQUEST, &b""[..]),
    ];
    assert_eq!(
        parse_certificate(&cert_body(b"", &[(b"x", &dup)])),
        Err(CodecError::IllegalParameter)
    );
    let mut body = cert_body(b"", &[(b"x", &[])]);
    body.push(0);
    assert_eq!(parse_certificate(&body), Err(CodecError::Decode));
    let msg = hex(CERTIFICATE_3);
    for n in 0..msg.len() - 4 {
        assert!(
            parse_certificate(&msg[4..4 + n]).is_err(),
            "truncation to {n}"
        );
    }
    assert_eq!(
        encode_certificate(
            &mut Writer::new(&mut [0u8; 64]),
            b"",
            [&b""[..]].into_iter()
        ),
        Err(CodecError::Overflow)
    );
}

#[test]
fn certificate_verify_and_finished() {
    assert_eq!(
        parse_certificate_verify(&[4, 3, 0, 2, 0xaa, 0xbb]),
        Ok(CertificateVerify {
            scheme: 0x0403,
            signature: &[0xaa, 0xbb]
        })
    );
    for bad in [
        &[][..],
        &[4],
        &[4, 3],
        &[4, 3, 0],
        &[4, 3, 0, 2, 0xaa],
        &[4, 3, 0, 1, 0xaa, 0xbb],
    ] {
        assert_eq!(
            parse_certificate_verify(bad),
            Err(CodecError::Decode),
            "{bad:?}"
        );
    }
}

fn nst_body(lifetime: u32, ticket: &[u8], exts: &[(u16, &[u8])]) -> Vec<u8> {
    let mut b = encode(|w| {
        w.u32(lifetime);
        w.u32(0xdead_beef);
        w.vec8(|w| w.bytes(&[1, 2]));
        w.vec16(|w| w.bytes(ticket));
    });
    b.extend(ext_block(exts));
    b
}

#[test]
fn new_session_ticket() {
    let body = nst_body(604_800, b"t", &[(0x1234, b"x")]);
    let nst = parse_new_session_ticket(&body).unwrap();
    assert_eq!(nst.lifetime, 604_800);
    assert_eq!(nst.age_add, 0xdead_beef);
    assert_eq!(nst.nonce, [1, 2]);
    assert_eq!(nst.ticket, b"t");
    assert_eq!(nst.max_early_data, None);
    assert_eq!(
        parse_new_session_ticket(&nst_body(604_801, b"t", &[])),
        Err(CodecError::IllegalParameter)
    );
    assert_eq!(
        parse_new_session_ticket(&nst_body(1, b"", &[])),
        Err(CodecError::Decode)
    );
    assert_eq!(
        parse_new_session_ticket(&nst_body(1, b"t", &[(ext::KEY_SHARE, b"")])),
        Err(CodecError::IllegalParameter)
    );
    assert_eq!(
        parse_new_session_ticket(&nst_body(1, b"t", &[(ext::EARLY_DATA, &[0, 0, 4])])),
        Err(CodecError::Decode)
    );
    let dup = [
        (ext::EARLY_DATA, &[0u8, 0, 4, 0][..]),
        (ext::EARLY_DATA, &[0, 0, 4, 0][..]),
    ];
    assert_eq!(
        parse_new_session_ticket(&nst_body(1, b"t", &dup)),
        Err(CodecError::IllegalParameter)
    );
    let msg = hex(NEW_SESSION_TICKET_3);
    for n in 0..msg.len() - 4 {
        assert!(
            parse_new_session_ticket(&msg[4..4 + n]).is_err(),
            "truncation to {n}"
        );
    }
}

#[test]
fn key_update() {
    assert_eq!(parse_key_update(&[0]), Ok(false));
    assert_eq!(parse_key_update(&[1]), Ok(true));
    assert_eq!(parse_key_update(&[2]), Err(CodecError::IllegalParameter));
    assert_eq!(parse_key_update(&[]), Err(CodecError::Decode));
    assert_eq!(parse_key_update(&[0, 0]), Err(CodecError::Decode));
    assert_eq!(
        encode(|w| encode_key_update(w, true).unwrap()),
        [KEY_UPDATE, 0, 0, 1, 1]
    );
    assert_eq!(
        encode(|w| encode_key_update(w, false).unwrap()),
        [KEY_UPDATE, 0, 0, 1, 0]
    );
}

#[test]
fn alerts() {
    assert_eq!(
        encode_alert(alert::LEVEL_FATAL, alert::DECODE_ERROR),
        [2, 50]
    );
    assert_eq!(
        parse_alert(&[1, 0]),
        Ok((alert::LEVEL_WARNING, alert::CLOSE_NOTIFY))
    );
    assert_eq!(parse_alert(&[2]), Err(CodecError::Decode));
    assert_eq!(parse_alert(&[2, 40, 0]), Err(CodecError::Decode));
}

#[test]
fn handshake_framing() {
    assert_eq!(
        parse_handshake_header(&[FINISHED, 0x01, 0x02, 0x03]),
        (FINISHED, 0x010203)
    );
    let msg = encode(|w| write_handshake(w, ENCRYPTED_EXTENSIONS, |w| w.u16(0)));
    assert_eq!(msg, [ENCRYPTED_EXTENSIONS, 0, 0, 2, 0, 0]);
}

/// The streamed form: the head, then entry by entry; incomplete parts are
/// not taken.
#[test]
fn certificate_in_parts() {
    let body = cert_body(
        b"",
        &[(b"leaf", &[(ext::STATUS_REQUEST, b"ocsp")]), (b"ca", &[])],
    );
    let mut msg = vec![CERTIFICATE, 0, 0, body.len() as u8];
    msg.extend_from_slice(&body);
    for n in 0..8 {
        assert_eq!(certificate_head_len(&msg[..n]), None, "{n}");
    }
    let head_len = certificate_head_len(&msg).unwrap();
    assert_eq!(head_len, 8);
    let head = parse_certificate_head(&msg[..head_len]).unwrap();
    assert_eq!(head, CertificateHead { context: b"", list_len: body.len() - 4 });
    let mut rest = &msg[head_len..];
    let mut certs = Vec::new();
    while !rest.is_empty() {
        let len = certificate_entry_len(rest).unwrap();
        for n in 0..len {
            assert_eq!(certificate_entry_len(&rest[..n]), None);
        }
        certs.push(parse_certificate_entry(&rest[..len]).unwrap());
        rest = &rest[len..];
    }
    assert_eq!(certs, [&b"leaf"[..], b"ca"]);
    // A head whose list does not fill the message; an entry with trailing
    // bytes; the checks made on each entry.
    let mut short = msg[..head_len].to_vec();
    short[3] += 1;
    assert_eq!(parse_certificate_head(&short), Err(CodecError::Decode));
    let entry = certificate_entry_len(&msg[head_len..]).unwrap();
    let mut long = msg[head_len..head_len + entry].to_vec();
    long.push(0);
    assert_eq!(parse_certificate_entry(&long), Err(CodecError::Decode));
    let bad = cert_body(b"", &[(b"x", &[(ext::KEY_SHARE, b"")])]);
    assert_eq!(parse_certificate_entry(&bad[4..]), Err(CodecError::IllegalParameter));
}
