//! ECDSA signatures in DER (`ECDSA-Sig-Value`, RFC 3279 §2.2.3), as TLS
//! 1.3's CertificateVerify carries them: what both providers sign into.

/// Encodes an ECDSA signature as DER `SEQUENCE { INTEGER r, INTEGER s }`
/// from the big-endian `r` and `s`; `None` if it does not fit in `out`.
pub(crate) fn der_ecdsa_signature(r: &[u8], s: &[u8], out: &mut [u8]) -> Option<usize> {
    // Minimal INTEGER contents: no leading zero bytes except one before a
    // byte with its top bit set (the value is positive).
    fn integer(value: &[u8]) -> (bool, &[u8]) {
        let start = value
            .iter()
            .position(|&byte| byte != 0)
            .unwrap_or(value.len().saturating_sub(1));
        let value = &value[start..];
        (value.first().is_some_and(|&byte| byte & 0x80 != 0), value)
    }
    let (r_pad, r) = integer(r);
    let (s_pad, s) = integer(s);
    let r_len = usize::from(r_pad) + r.len();
    let s_len = usize::from(s_pad) + s.len();
    let content_len = 2 + r_len + 2 + s_len;
    // Short-form lengths only (below 128), which covers P-256 and P-384.
    if content_len > 127 || 2 + content_len > out.len() {
        return None;
    }
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        out[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    put(&[0x30, content_len as u8]);
    for (pad, value, len) in [(r_pad, r, r_len), (s_pad, s, s_len)] {
        put(&[0x02, len as u8]);
        if pad {
            put(&[0]);
        }
        put(value);
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_encoding() {
        let mut out = [0u8; 104];
        let len = der_ecdsa_signature(&[0, 0, 0x7f], &[0x80, 1], &mut out).unwrap();
        assert_eq!(
            out[..len],
            [0x30, 0x08, 0x02, 0x01, 0x7f, 0x02, 0x03, 0x00, 0x80, 0x01]
        );
        // Zero is one zero byte.
        let len = der_ecdsa_signature(&[0, 0], &[0], &mut out).unwrap();
        assert_eq!(out[..len], [0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]);
        // The longest P-384 signature fills the buffer exactly.
        assert_eq!(
            der_ecdsa_signature(&[0xff; 48], &[0xff; 48], &mut out),
            Some(104)
        );
        assert_eq!(
            der_ecdsa_signature(&[0xff; 48], &[0xff; 49], &mut out),
            None
        );
        assert_eq!(
            der_ecdsa_signature(&[1; 32], &[1; 32], &mut out[..69]),
            None
        );
    }
}
