//! ECDSA on P-256 with this module's point multiplications; the arithmetic
//! modulo n (inversions, s) and the RFC 6979 nonce come from the p256,
//! ecdsa and rfc6979 crates, exactly as `ecdsa::hazmat` uses them, so
//! signatures are byte-identical to the p256 crate's.

use p256::ecdsa::Signature;
use p256::elliptic_curve::ops::{Invert, Reduce};
use p256::elliptic_curve::PrimeField;
use p256::{NistP256, NonZeroScalar, Scalar, U256};
use zeroize::Zeroize;

use super::ORDER;

/// The x coordinate of an uncompressed point, reduced modulo n.
fn x_mod_n(x: &[u8]) -> Scalar {
    let mut bytes = p256::FieldBytes::default();
    bytes.copy_from_slice(x);
    <Scalar as Reduce<U256>>::reduce_bytes(&bytes)
}

/// Signs the SHA-256 digest `z` with secret `d`, deterministically (RFC
/// 6979 with SHA-256, no additional data): the signature
/// `ecdsa::hazmat::SignPrimitive::try_sign_prehashed_rfc6979::<Sha256>`
/// gives. `None` only for a zero r or s (negligibly rare).
pub fn sign_prehashed(d: &NonZeroScalar, z: &[u8; 32]) -> Option<Signature> {
    let z_bytes = p256::FieldBytes::from(*z);
    let k_bytes =
        rfc6979::generate_k::<sha2::Sha256, _>(&d.to_repr(), &ORDER.into(), &z_bytes, &[]);
    let mut k_array: [u8; 32] = k_bytes.into();
    // generate_k only returns values in 1..n.
    let k = Option::<Scalar>::from(Scalar::from_repr(k_bytes))?;
    let k_inv = Option::<Scalar>::from(k.invert())?;
    let big_r = super::mul_base(&k_array);
    k_array.zeroize();
    let r = x_mod_n(&big_r?[1..33]);
    let z = <Scalar as Reduce<U256>>::reduce_bytes(&z_bytes);
    let s = k_inv * (z + r * d.as_ref());
    Signature::from_scalars(r, s).ok()
}

/// Verifies the fixed-size signature (r || s, 64 bytes) over the message
/// digest `prehash` (truncated or padded to 32 bytes as ECDSA does) with the
/// SEC1 public key `point`: what `p256::ecdsa::VerifyingKey::from_sec1_bytes`
/// and `verify_prehash` accept, with the point multiplications done here.
pub fn verify_prehashed(point: &[u8], prehash: &[u8], signature: &[u8]) -> bool {
    let Ok(field) = ecdsa::hazmat::bits2field::<NistP256>(prehash) else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(signature) else {
        return false;
    };
    let Some(q) = uncompressed(point) else {
        return false;
    };
    let (r, s) = signature.split_scalars();
    let z = <Scalar as Reduce<U256>>::reduce_bytes(&field);
    let s_inv = *s.invert_vartime();
    let u1 = z * s_inv;
    let u2 = *r * s_inv;
    match super::mul_double_x(&u1.to_repr().into(), &u2.to_repr().into(), &q) {
        Some(x) => x_mod_n(&x) == *r,
        None => false,
    }
}

/// The uncompressed form of a SEC1 point. A compressed one (rare in
/// certificates) is decompressed by the p256 crate, which also validates
/// it; uncompressed ones are validated by [`super::mul_double_x`].
fn uncompressed(point: &[u8]) -> Option<[u8; 65]> {
    if let Ok(uncompressed) = <[u8; 65]>::try_from(point) {
        return Some(uncompressed);
    }
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let public = p256::PublicKey::from_sec1_bytes(point).ok()?;
    public.to_encoded_point(false).as_bytes().try_into().ok()
}
