//! HKDF (RFC 5869) over HMAC, in TLS 1.3's form (RFC 8446 §7.1):
//! HKDF-Extract and HKDF-Expand-Label. The label's info is fed to HMAC
//! piece by piece ([`hmac_parts`]), so no label buffer is built, and every
//! secret is written straight into its zeroized [`Secret`].

use core::fmt;

use zeroize::Zeroize;

use super::hash::{hmac_parts, HashAlg, MAX_HASH_LEN};
use crate::engine::error::Error;

/// Longest label [`hkdf_expand_label`] accepts (without the "tls13 " prefix):
/// the full label is a `opaque label<7..255>`.
pub const MAX_LABEL_LEN: usize = 255 - 6;

/// A secret of up to 48 bytes: a key schedule secret, a traffic secret, a
/// shared secret or a PSK. Overwritten with zeros when dropped; `Debug`
/// does not show it.
#[derive(Clone)]
pub struct Secret {
    bytes: [u8; MAX_HASH_LEN],
    len: u8,
}

impl Secret {
    /// An empty secret, to be written in place.
    pub(crate) const fn empty() -> Self {
        Secret {
            bytes: [0; MAX_HASH_LEN],
            len: 0,
        }
    }

    /// A copy of `bytes` (such as a stored resumption PSK), or `None` if
    /// longer than 48 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let mut secret = Secret::empty();
        secret.bytes.get_mut(..bytes.len())?.copy_from_slice(bytes);
        secret.len = bytes.len() as u8;
        Some(secret)
    }

    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Length in bytes.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether the secret is empty.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The whole buffer, for writing a secret of `len` bytes in place.
    pub(crate) fn buffer(&mut self, len: usize) -> &mut [u8; MAX_HASH_LEN] {
        self.len = len.min(MAX_HASH_LEN) as u8;
        &mut self.bytes
    }
}

impl AsRef<[u8]> for Secret {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.len)
    }
}

/// HKDF-Expand-Label (RFC 8446 §7.1): HKDF-Expand of `secret` with the
/// info `HkdfLabel { out.len(), "tls13 " + label, context }`, filling `out`.
///
/// `label` is given without the "tls13 " prefix. `Err(Error::Internal)`
/// (and `out` left unspecified) if `label` is longer than
/// [`MAX_LABEL_LEN`], `context` longer than 255 bytes or `out` longer than
/// 255 hash lengths, and for SHA-512 (RSA signatures only: its blocks do
/// not fit HMAC's output).
pub fn hkdf_expand_label(
    alg: HashAlg,
    secret: &[u8],
    label: &[u8],
    context: &[u8],
    out: &mut [u8],
) -> Result<(), Error> {
    if label.len() > MAX_LABEL_LEN
        || context.len() > 255
        || out.len() > 255 * alg.output_len()
        // Only SHA-512 (feature rsa) is longer.
        || (cfg!(feature = "rsa") && alg.output_len() > MAX_HASH_LEN)
    {
        return Err(Error::Internal);
    }
    let length = (out.len() as u16).to_be_bytes();
    let label_len = [(6 + label.len()) as u8];
    let context_len = [context.len() as u8];
    let info: [&[u8]; 6] = [&length, &label_len, b"tls13 ", label, &context_len, context];

    let hash_len = alg.output_len();
    // T(i) = HMAC(secret, T(i-1) | info | i), T(0) empty.
    let mut block = [0u8; MAX_HASH_LEN];
    let mut previous = 0;
    for (index, chunk) in out.chunks_mut(hash_len).enumerate() {
        let counter = [(index + 1) as u8];
        let (previous_block, _) = block.split_at(previous);
        let parts: [&[u8]; 8] = [
            previous_block,
            info[0],
            info[1],
            info[2],
            info[3],
            info[4],
            info[5],
            &counter,
        ];
        let mut next = [0u8; MAX_HASH_LEN];
        previous = hmac_parts(alg, secret, &parts, &mut next);
        block = next;
        next.zeroize();
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
    block.zeroize();
    Ok(())
}

/// HKDF-Expand-Label of one hash length into a [`Secret`]. Labels longer
/// than [`MAX_LABEL_LEN`] and contexts longer than 255 bytes (never a TLS
/// label or a hash) are cut to those lengths, so this cannot fail. An
/// empty secret for SHA-512, which does not fit one.
pub(crate) fn expand_label_secret(alg: HashAlg, secret: &Secret, label: &[u8], context: &[u8]) -> Secret {
    let label = label.get(..MAX_LABEL_LEN).unwrap_or(label);
    let context = context.get(..255).unwrap_or(context);
    let len = alg.output_len();
    let mut out = Secret::empty();
    // Only SHA-512 (feature rsa) is longer.
    if cfg!(feature = "rsa") && len > MAX_HASH_LEN {
        return out;
    }
    let buffer = out.buffer(len);
    // Within the limits checked above: never an error.
    let _ = hkdf_expand_label(alg, secret.as_bytes(), label, context, &mut buffer[..len]);
    out
}

/// HKDF-Extract(salt, ikm) = HMAC(salt, ikm).
pub(crate) fn extract(alg: HashAlg, salt: &[u8], ikm: &[u8]) -> Secret {
    let mut out = Secret::empty();
    let len = hmac_parts(alg, salt, &[ikm], out.buffer(alg.output_len()));
    out.len = len as u8;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::crypto::hash::hmac;

    #[test]
    fn secret_basics() {
        let secret = Secret::from_slice(&[7; 48]).unwrap();
        assert_eq!(secret.len(), 48);
        assert_eq!(secret.clone().as_bytes(), &[7; 48]);
        assert!(Secret::from_slice(&[7; 49]).is_none());
        assert!(Secret::from_slice(&[]).unwrap().is_empty());
        assert_eq!(format!("{secret:?}"), "Secret(48 bytes)");
    }

    #[test]
    fn expand_label_limits() {
        let mut out = [0u8; 40];
        let label = [b'a'; MAX_LABEL_LEN];
        assert!(hkdf_expand_label(HashAlg::Sha256, &[1; 32], &label, &[], &mut out).is_ok());
        assert_eq!(
            hkdf_expand_label(HashAlg::Sha256, &[1; 32], &[b'a'; 250], &[], &mut out),
            Err(Error::Internal)
        );
        assert_eq!(
            hkdf_expand_label(HashAlg::Sha256, &[1; 32], b"x", &[0; 256], &mut out),
            Err(Error::Internal)
        );
        let mut long = [0u8; 255 * 32 + 1];
        assert_eq!(
            hkdf_expand_label(HashAlg::Sha256, &[1; 32], b"x", &[], &mut long),
            Err(Error::Internal)
        );
        assert!(hkdf_expand_label(HashAlg::Sha256, &[1; 32], b"x", &[], &mut long[1..]).is_ok());
        // A secret's expansion (Derive-Secret's) never fails: an over-long
        // context is cut.
        let secret = Secret::from_slice(&[1; 32]).unwrap();
        assert_eq!(
            expand_label_secret(HashAlg::Sha256, &secret, b"x", &[9; 300]).as_bytes(),
            expand_label_secret(HashAlg::Sha256, &secret, b"x", &[9; 255]).as_bytes()
        );
    }

    /// Multi-block output (100 bytes: 4 SHA-256 or 3 SHA-384 blocks)
    /// against HKDF-Expand written out over HMAC.
    #[test]
    fn expand_matches_plain_hkdf() {
        let secret = [0x42u8; 48];
        for alg in [HashAlg::Sha256, HashAlg::Sha384] {
            let mut out = [0u8; 100];
            hkdf_expand_label(alg, &secret, b"lbl", b"ctx", &mut out).unwrap();
            let mut info = vec![0, 100, 9];
            info.extend_from_slice(b"tls13 lbl");
            info.push(3);
            info.extend_from_slice(b"ctx");
            let mut expected = Vec::new();
            let mut previous = Vec::new();
            let mut counter = 1u8;
            while expected.len() < 100 {
                let mut input = previous.clone();
                input.extend_from_slice(&info);
                input.push(counter);
                previous = hmac(alg, &secret, &input).as_bytes().to_vec();
                expected.extend_from_slice(&previous);
                counter += 1;
            }
            assert_eq!(&out[..], &expected[..100]);
        }
    }

    /// Cross-checks against the `hkdf` crate, with SHA-384.
    #[test]
    fn matches_hkdf_crate() {
        let prk = [0x11u8; 48];
        let hkdf = hkdf::Hkdf::<sha2::Sha384>::from_prk(&prk).unwrap();
        let mut expected = [0u8; 60];
        hkdf.expand_multi_info(&[&[0, 60, 9], b"tls13 abc", &[2], b"xy"], &mut expected)
            .unwrap();
        let mut out = [0u8; 60];
        hkdf_expand_label(HashAlg::Sha384, &prk, b"abc", b"xy", &mut out).unwrap();
        assert_eq!(out, expected);
        let (extracted, _) = hkdf::Hkdf::<sha2::Sha384>::extract(Some(&[0u8; 48]), b"ikm");
        assert_eq!(
            extract(HashAlg::Sha384, &[0; 48], b"ikm").as_bytes(),
            &extracted[..]
        );
        // An empty salt is the same as Hash.length zeros.
        assert_eq!(
            extract(HashAlg::Sha384, &[], b"ikm").as_bytes(),
            &extracted[..]
        );
    }

    /// SHA-512 (feature `rsa`, signatures only) gives no key material and
    /// no panic.
    #[cfg(feature = "rsa")]
    #[test]
    fn sha512_derives_nothing() {
        let secret = Secret::from_slice(&[1; 48]).unwrap();
        let mut out = [0u8; 64];
        assert_eq!(hkdf_expand_label(HashAlg::Sha512, secret.as_bytes(), b"x", &[], &mut out), Err(Error::Internal));
        assert!(expand_label_secret(HashAlg::Sha512, &secret, b"x", &[]).is_empty());
        assert!(extract(HashAlg::Sha512, &[0; 64], b"ikm").is_empty());
    }
}
