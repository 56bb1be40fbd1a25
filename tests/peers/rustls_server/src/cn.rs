//! The subject commonName of a DER certificate: just enough DER to log
//! which client certificate the server accepted.

/// (tag, contents, rest) of the DER element at the start of `der`.
fn element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, der) = der.split_first()?;
    let (&first, der) = der.split_first()?;
    let (len, der) = if first < 0x80 {
        (usize::from(first), der)
    } else {
        let n = usize::from(first & 0x7f);
        if n > 2 || der.len() < n {
            return None;
        }
        let len = der[..n].iter().fold(0, |acc, &b| acc << 8 | usize::from(b));
        (len, &der[n..])
    };
    (der.len() >= len).then(|| (tag, &der[..len], &der[len..]))
}

const SEQUENCE: u8 = 0x30;
const VERSION: u8 = 0xa0; // [0] EXPLICIT
const CN_OID: &[u8] = &[0x55, 0x04, 0x03]; // 2.5.4.3

pub fn subject_cn(cert: &[u8]) -> Option<String> {
    let (SEQUENCE, cert, _) = element(cert)? else {
        return None;
    };
    let (SEQUENCE, mut tbs, _) = element(cert)? else {
        return None;
    };
    if tbs.first() == Some(&VERSION) {
        tbs = element(tbs)?.2;
    }
    // serialNumber, signature, issuer, validity, then subject.
    for _ in 0..4 {
        tbs = element(tbs)?.2;
    }
    let (SEQUENCE, mut rdns, _) = element(tbs)? else {
        return None;
    };
    while !rdns.is_empty() {
        let (_set, rdn, rest) = element(rdns)?;
        let (_seq, attribute, _) = element(rdn)?;
        let (_oid, oid, value) = element(attribute)?;
        if oid == CN_OID {
            return String::from_utf8(element(value)?.1.to_vec()).ok();
        }
        rdns = rest;
    }
    None
}
