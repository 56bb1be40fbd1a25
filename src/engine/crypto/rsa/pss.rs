//! EMSA-PSS (RFC 8017 9.1): encoding for signatures, verification of
//! encodings, MGF1.

use crate::engine::crypto::hash::{HashAlg, MAX_SIGNATURE_HASH_LEN};

/// EMSA-PSS-VERIFY (RFC 8017 9.1.2): whether `em` (the RSAVP1 output, as
/// long as the modulus) encodes the message whose digest is `m_hash` in
/// `em_bits` bits. Unmasks `em` in place.
pub(super) fn pss_encoding_matches(
    em: &mut [u8],
    em_bits: usize,
    hash: HashAlg,
    salt_len: u32,
    m_hash: &[u8],
) -> bool {
    let em_len = em_bits.div_ceil(8);
    // The modulus has em_bits + 1 bits. When that is 8k + 1 the encoded
    // message is one byte shorter than the modulus, and that byte is 0.
    if em.len() != (em_bits + 1).div_ceil(8) {
        return false;
    }
    let em = match em.len() - em_len {
        0 => em,
        _ => match em {
            [0, rest @ ..] => rest,
            _ => return false,
        },
    };
    let h_len = hash.output_len();
    let Some(db_len) = em_len.checked_sub(h_len + 1) else {
        return false;
    };
    let Some(padding_len) = usize::try_from(salt_len)
        .ok()
        .and_then(|salt_len| db_len.checked_sub(salt_len))
        .and_then(|rest| rest.checked_sub(1))
    else {
        return false;
    };
    let (masked_db, rest) = em.split_at_mut(db_len);
    let (h, trailer) = rest.split_at(h_len);
    if trailer != [0xbc] {
        return false;
    }
    // The bits above emBits must be zero.
    let top_mask = 0xffu8 >> (8 * em_len - em_bits);
    if masked_db[0] & !top_mask != 0 {
        return false;
    }
    mgf1_xor(hash, h, masked_db);
    masked_db[0] &= top_mask;
    let db = masked_db;
    let (padding, rest) = db.split_at(padding_len);
    let Some((&0x01, salt)) = rest.split_first() else {
        return false;
    };
    if padding.iter().any(|&b| b != 0) {
        return false;
    }
    let mut expected = [0u8; MAX_SIGNATURE_HASH_LEN];
    hash.digest_parts(&[&[0u8; 8], m_hash, salt], &mut expected) == h
}

/// EMSA-PSS-ENCODE (RFC 8017 9.1.1) of the message whose digest is
/// `m_hash`, with `salt` and MGF1 on `hash`, in `em_bits` bits, into all of
/// `em` (as long as the modulus: when that has one byte more than the
/// encoding, the first byte is 0). `false` if `em` is not that long or too
/// short for the hash and salt.
pub(super) fn pss_encode(em: &mut [u8], em_bits: usize, hash: HashAlg, m_hash: &[u8], salt: &[u8]) -> bool {
    let em_len = em_bits.div_ceil(8);
    let h_len = hash.output_len();
    if em.len() != (em_bits + 1).div_ceil(8) || em_len < h_len + salt.len() + 2 {
        return false;
    }
    let (zero, em) = em.split_at_mut(em.len() - em_len);
    zero.fill(0);
    let (db, rest) = em.split_at_mut(em_len - h_len - 1);
    let (h, trailer) = rest.split_at_mut(h_len);
    let mut digest = [0u8; MAX_SIGNATURE_HASH_LEN];
    h.copy_from_slice(hash.digest_parts(&[&[0u8; 8], m_hash, salt], &mut digest));
    trailer[0] = 0xbc;
    // DB = PS (zeros) || 0x01 || salt, masked; the bits above emBits cleared.
    let (padding, rest) = db.split_at_mut(db.len() - salt.len() - 1);
    padding.fill(0);
    rest[0] = 0x01;
    rest[1..].copy_from_slice(salt);
    mgf1_xor(hash, h, db);
    db[0] &= 0xffu8 >> (8 * em_len - em_bits);
    true
}

/// `out ^= MGF1(seed)` (RFC 8017 B.2.1), as long as `out`.
fn mgf1_xor(hash: HashAlg, seed: &[u8], out: &mut [u8]) {
    let mut block = [0u8; MAX_SIGNATURE_HASH_LEN];
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(hash.output_len())) {
        let mask = hash.digest_parts(&[seed, &counter.to_be_bytes()], &mut block);
        for (byte, mask) in chunk.iter_mut().zip(mask) {
            *byte ^= mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// EMSA-PSS-ENCODE (RFC 8017 9.1.1), into as many bytes as a modulus of
    /// `em_bits + 1` bits.
    fn pss_em(em_bits: usize, hash: HashAlg, salt: &[u8], message: &[u8]) -> Vec<u8> {
        let mut m_hash = [0u8; MAX_SIGNATURE_HASH_LEN];
        let m_hash = hash.digest(message, &mut m_hash);
        let mut em = vec![0xa5; (em_bits + 1).div_ceil(8)];
        assert!(pss_encode(&mut em, em_bits, hash, m_hash, salt));
        em
    }

    #[test]
    fn pss_encoding() {
        let message = b"message";
        for (em_bits, hash, salt_len) in [
            (2047, HashAlg::Sha256, 32),
            (2048, HashAlg::Sha256, 32), // a 2049-bit modulus: emLen = k - 1
            (2049, HashAlg::Sha384, 48),
            (4095, HashAlg::Sha512, 64),
            (2047, HashAlg::Sha256, 0),
            (2047, HashAlg::Sha384, 20),
            (2047, HashAlg::Sha512, 2047 / 8 - 64 - 2), // the longest salt
        ] {
            let salt: Vec<u8> = (0..salt_len as u8).collect();
            let em = pss_em(em_bits, hash, &salt, message);
            let check = |em: &[u8], salt_len: u32, message: &[u8]| {
                let mut digest = [0u8; MAX_SIGNATURE_HASH_LEN];
                let digest = hash.digest(message, &mut digest);
                pss_encoding_matches(&mut em.to_vec(), em_bits, hash, salt_len, digest)
            };
            assert!(
                check(&em, salt_len, message),
                "{em_bits} {hash:?} {salt_len}"
            );
            assert!(!check(&em, salt_len, b"other"));
            assert!(!check(&em, salt_len + 1, message));
            if salt_len > 0 {
                assert!(!check(&em, salt_len - 1, message));
            }
            assert!(!check(&em, u32::MAX, message));
            // Any flipped bit: in the masked DB, in H, in the trailer, in the
            // top bits or the leading byte that must be zero.
            for at in [0, 1, em.len() / 2, em.len() - 2, em.len() - 1] {
                for mask in [0x01, 0x80] {
                    let mut bad = em.clone();
                    bad[at] ^= mask;
                    assert!(!check(&bad, salt_len, message), "{em_bits} {at} {mask}");
                }
            }
            // Wrong lengths.
            assert!(!check(&em[1..], salt_len, message));
            assert!(!check(&[&[0][..], &em].concat(), salt_len, message));
            // Another hash.
            let other = if hash == HashAlg::Sha256 {
                HashAlg::Sha512
            } else {
                HashAlg::Sha256
            };
            let mut digest = [0u8; MAX_SIGNATURE_HASH_LEN];
            let digest = other.digest(message, &mut digest);
            assert!(!pss_encoding_matches(
                &mut em.clone(),
                em_bits,
                other,
                salt_len,
                digest
            ));
        }
        // Encodings that do not fit: the longest salt plus one; a buffer
        // not as long as the modulus.
        let mut em = vec![0u8; 256];
        let longest = 256 - 64 - 2;
        assert!(pss_encode(&mut em, 2047, HashAlg::Sha512, &[1; 64], &vec![2; longest]));
        assert!(!pss_encode(&mut em, 2047, HashAlg::Sha512, &[1; 64], &vec![2; longest + 1]));
        assert!(!pss_encode(&mut em[..255], 2047, HashAlg::Sha256, &[1; 32], &[2; 32]));
        assert!(!pss_encode(&mut em, 2048 + 8, HashAlg::Sha256, &[1; 32], &[2; 32]));
        // Degenerate sizes do not panic.
        for em_bits in 0..80 {
            for len in 0..12 {
                let mut em = vec![0xbc; len];
                assert!(!pss_encoding_matches(
                    &mut em,
                    em_bits,
                    HashAlg::Sha256,
                    0,
                    b""
                ));
            }
        }
    }
}
