//! EMSA-PKCS1-v1_5 (RFC 8017 9.2), for verification: certificates signed
//! with sha256/384/512WithRSAEncryption.

use crate::engine::crypto::hash::HashAlg;

/// The DER DigestInfo up to the digest itself (RFC 8017 9.2 note 1), with
/// the NULL parameters; the form without them is not accepted.
fn digest_info_prefix(hash: HashAlg) -> &'static [u8] {
    match hash {
        HashAlg::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        HashAlg::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        HashAlg::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

/// Whether `em` is the whole EMSA-PKCS1-v1_5 encoding of `digest`:
/// `0x00 0x01 0xff.. 0x00 DigestInfo`, at least 8 bytes of 0xff.
pub(super) fn pkcs1_encoding_matches(em: &[u8], hash: HashAlg, digest: &[u8]) -> bool {
    let prefix = digest_info_prefix(hash);
    let Some(padding_len) = em.len().checked_sub(prefix.len() + digest.len()) else {
        return false;
    };
    let (padding, digest_info) = em.split_at(padding_len);
    let [0x00, 0x01, ff @ .., 0x00] = padding else {
        return false;
    };
    ff.len() >= 8
        && ff.iter().all(|&b| b == 0xff)
        && digest_info[..prefix.len()] == *prefix
        && digest_info[prefix.len()..] == *digest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkcs1_em(len: usize, hash: HashAlg, digest: &[u8]) -> Vec<u8> {
        let prefix = digest_info_prefix(hash);
        let mut em = vec![0x00, 0x01];
        em.resize(len - prefix.len() - digest.len() - 1, 0xff);
        em.push(0x00);
        em.extend_from_slice(prefix);
        em.extend_from_slice(digest);
        em
    }

    #[test]
    fn pkcs1_encoding() {
        for hash in [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512] {
            let digest = vec![0x5a; hash.output_len()];
            let em = pkcs1_em(256, hash, &digest);
            assert!(pkcs1_encoding_matches(&em, hash, &digest));
            // Every byte matters: the header, the padding, the separator,
            // the DigestInfo and the digest.
            for at in [
                0,
                1,
                2,
                100,
                255 - digest.len() - 19,
                256 - digest.len() - 10,
                255,
            ] {
                let mut bad = em.clone();
                bad[at] ^= 0x01;
                assert!(!pkcs1_encoding_matches(&bad, hash, &digest), "{at}");
            }
            // Another hash's DigestInfo with a digest of the same length
            // is impossible; another hash is refused.
            let other = if hash == HashAlg::Sha256 {
                HashAlg::Sha384
            } else {
                HashAlg::Sha256
            };
            assert!(!pkcs1_encoding_matches(
                &em,
                other,
                &vec![0x5a; other.output_len()]
            ));
        }
        // The shortest padding (8 bytes of 0xff), one byte less, too short.
        let digest = [1u8; 32];
        let shortest = 11 + 19 + 32;
        assert!(pkcs1_encoding_matches(
            &pkcs1_em(shortest, HashAlg::Sha256, &digest),
            HashAlg::Sha256,
            &digest
        ));
        let mut short = pkcs1_em(shortest, HashAlg::Sha256, &digest);
        short.remove(2);
        assert!(!pkcs1_encoding_matches(&short, HashAlg::Sha256, &digest));
        assert!(!pkcs1_encoding_matches(&[0, 1, 0], HashAlg::Sha256, &digest));
        assert!(!pkcs1_encoding_matches(&[], HashAlg::Sha256, &digest));
    }
}
