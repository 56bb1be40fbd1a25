//! A bounded, deterministic mutation fuzz loop: valid messages, mutated
//! with a xorshift PRNG, fed to every parser. Nothing may panic, and what
//! parses must be usable (accessors do not fail after a successful parse).

use super::super::extension as ext;
use super::super::*;
use super::support::*;
use super::vectors::*;

const ITERATIONS: usize = 20_000;

/// Valid message bodies (no handshake header) to start from.
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = [
        SERVER_HELLO_3,
        HELLO_RETRY_REQUEST_5,
        ENCRYPTED_EXTENSIONS_3,
        CERTIFICATE_3,
        CERTIFICATE_VERIFY_3,
        SERVER_FINISHED_3,
        NEW_SESSION_TICKET_3,
    ]
    .iter()
    .map(|v| hex(v)[4..].to_vec())
    .collect();
    seeds.push(ext_block(&[
        (ext::ALPN, &[0, 3, 2, b'h', b'2']),
        (ext::MAX_FRAGMENT_LENGTH, &[1]),
        (ext::RECORD_SIZE_LIMIT, &[0x40, 0x01]),
        (ext::EARLY_DATA, &[]),
    ]));
    let mut cr = vec![0u8];
    cr.extend(ext_block(&[
        (ext::SIGNATURE_ALGORITHMS, &[0, 4, 8, 4, 4, 3]),
        (ext::CERTIFICATE_AUTHORITIES, &[0, 3, 0, 1, 0x30]),
        (0xff01, &[0]),
    ]));
    seeds.push(cr);
    let mut cert = vec![0u8, 0, 0, 14];
    cert.extend([0, 0, 2, 0x30, 0x00]);
    cert.extend(ext_block(&[(ext::STATUS_REQUEST, &[1, 2])]));
    cert.extend([0, 0, 1, 0x30, 0, 0]);
    seeds.push(cert);
    seeds.push(server_hello_body(
        0x0303,
        &[5; 32],
        0,
        &[(0xff01, &[0]), (11, &[1, 0])],
    ));
    seeds.push(vec![1]);
    seeds.push(vec![2, 40]);
    seeds
}

/// Changes `msg` in one random way.
fn mutate(rng: &mut Rng, msg: &mut Vec<u8>) {
    if msg.is_empty() {
        msg.push(rng.next() as u8);
        return;
    }
    let at = rng.below(msg.len());
    match rng.below(7) {
        0 => msg[at] = rng.next() as u8,
        1 => msg[at] ^= 1 << rng.below(8),
        2 => msg[at] = msg[at].wrapping_add(1),
        3 => msg[at] = msg[at].wrapping_sub(1),
        4 => msg.truncate(at),
        5 => msg.insert(at, rng.next() as u8),
        _ => {
            msg.remove(at);
        }
    }
}

/// Runs every parser on `body` and uses what parses.
fn parse_all(body: &[u8]) {
    if let Ok(sh) = parse_server_hello(body) {
        let _ = downgrade_sentinel(sh.random);
        assert!(sh.legacy_session_id_echo.len() <= 32);
    }
    if let Ok(ee) = parse_encrypted_extensions(body) {
        assert!(ee.alpn.is_none_or(|a| !a.is_empty()));
    }
    if let Ok(cr) = parse_certificate_request(body) {
        assert_eq!(cr.schemes().count() * 2, cr.signature_schemes.len());
    }
    if let Ok((_, certificates)) = parse_certificate(body) {
        assert!(certificates.iter().all(|c| !c.is_empty()));
    }
    let _ = parse_certificate_verify(body);
    if let Ok(nst) = parse_new_session_ticket(body) {
        assert!(nst.lifetime <= MAX_TICKET_LIFETIME && !nst.ticket.is_empty());
    }
    let _ = parse_key_update(body);
    let _ = alert::parse_alert(body);
    for e in ext::Extensions::new(body) {
        if e.is_err() {
            break;
        }
    }
}

#[test]
fn mutated_messages_never_panic() {
    let seeds = seeds();
    for s in &seeds {
        parse_all(s);
    }
    let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
    for i in 0..ITERATIONS {
        let mut msg = seeds[i % seeds.len()].clone();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut rng, &mut msg);
        }
        parse_all(&msg);
    }
}

/// Random bytes, of every short length.
#[test]
fn random_inputs_never_panic() {
    let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
    for len in 0..64 {
        for _ in 0..50 {
            let msg: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            parse_all(&msg);
        }
    }
}
