//! Checks against the RustCrypto p256 and p384 crates (field elements,
//! points, arithmetic modulo n, ECDSA) on deterministic pseudo-random
//! inputs, and the edge cases. Each check is generic over a [`Reference`]
//! and runs for both curves (`curve` and `modn` hold the checks, this file
//! the per-curve `#[test]`s).

mod curve;
mod modn;

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

use super::Curve;

pub(super) fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

pub(super) fn random_bytes(rng: &mut ChaCha20Rng, len: usize) -> Vec<u8> {
    let mut b = vec![0u8; len];
    rng.fill_bytes(&mut b);
    b
}

/// A curve's RustCrypto implementation, on big-endian byte strings: what
/// the checks compare with.
pub(super) trait Reference {
    /// This module's curve.
    type Curve: Curve;
    /// Scalar and coordinate length.
    const LEN: usize;
    /// p, big-endian.
    const P: &'static [u8];

    /// A random scalar in 1..n.
    fn random_scalar(rng: &mut ChaCha20Rng) -> Vec<u8>;
    /// k·point for a scalar k in 0..n (uncompressed, or `[0]` for the
    /// identity); point None is G.
    fn mul(point: Option<&[u8]>, k: &[u8]) -> Vec<u8>;
    /// u1·G + u2·Q with u1 and u2 reduced modulo n; `[0]` for the
    /// identity.
    fn mul_double(u1: &[u8], u2: &[u8], q: &[u8]) -> Vec<u8>;
    /// The point's compressed form.
    fn compress(point: &[u8]) -> Vec<u8>;
    /// Whether `from_sec1_bytes` accepts the point.
    fn valid_point(point: &[u8]) -> bool;
    /// Field operations on canonical values: a·b, a², -a, 1/a, a + b, and
    /// a square root of a if there is one.
    fn field(a: &[u8], b: &[u8]) -> [Vec<u8>; 5];
    fn field_sqrt(a: &[u8]) -> Option<Vec<u8>>;
    /// Scalar operations modulo n on values below n: a·b, a + b, 1/a (0 for
    /// 0).
    fn scalar(a: &[u8], b: &[u8]) -> [Vec<u8>; 3];
    /// A value of LEN bytes reduced modulo n.
    fn reduce(a: &[u8]) -> Vec<u8>;
    /// RFC 6979 signature r || s of digest z (LEN bytes) with secret d.
    fn sign(d: &[u8], z: &[u8]) -> Vec<u8>;
    /// Whether the crate verifies r || s over a digest with a SEC1 key.
    fn verify(point: &[u8], digest: &[u8], signature: &[u8]) -> bool;
    /// The crate's `SecretKey::random` from this generator.
    fn random_secret(rng: &mut ChaCha20Rng) -> Vec<u8>;

    /// This module's per-curve interface (`ec_narrow::p256`, `::p384`):
    /// `sign_prehashed`, `SecretKey::random`, `SecretKey::from_bytes` with
    /// its public key.
    fn mine_sign(d: &[u8], z: &[u8]) -> Option<Vec<u8>>;
    fn mine_random_secret(rng: &mut ChaCha20Rng) -> Vec<u8>;
    fn mine_secret_public_key(bytes: &[u8]) -> Option<Vec<u8>>;
}

/// A [`Reference`] for `$krate` (p256 or p384), whose curve here is
/// `$mine::$curve`, integers `$uint`, hash `$hash`, field modulus `$p`.
macro_rules! reference {
    ($name:ident, $krate:ident, $mine:ident, $curve:ident, $uint:ty, $hash:ty, $p:expr) => {
        pub(super) struct $name;

        impl $name {
            fn bytes(b: &[u8]) -> $krate::FieldBytes {
                $krate::FieldBytes::clone_from_slice(b)
            }

            fn scalar_of(b: &[u8]) -> $krate::Scalar {
                use $krate::elliptic_curve::PrimeField;
                Option::from($krate::Scalar::from_repr(Self::bytes(b))).expect("scalar below n")
            }

            fn fe(b: &[u8]) -> $krate::FieldElement {
                use $krate::elliptic_curve::PrimeField;
                Option::from($krate::FieldElement::from_repr(Self::bytes(b))).expect("element below p")
            }

            fn point(b: &[u8]) -> $krate::ProjectivePoint {
                $krate::PublicKey::from_sec1_bytes(b).expect("valid point").to_projective()
            }

            fn encode(point: $krate::ProjectivePoint, compress: bool) -> Vec<u8> {
                use $krate::elliptic_curve::sec1::ToEncodedPoint;
                point.to_affine().to_encoded_point(compress).as_bytes().to_vec()
            }
        }

        impl Reference for $name {
            type Curve = crate::engine::crypto::ec_narrow::$mine::$curve;
            const LEN: usize = <<Self::Curve as Curve>::Fe as Field>::BYTES;
            const P: &'static [u8] = $p;

            fn random_scalar(rng: &mut ChaCha20Rng) -> Vec<u8> {
                use $krate::elliptic_curve::PrimeField;
                let scalar: $krate::Scalar = *$krate::NonZeroScalar::random(rng);
                scalar.to_repr().to_vec()
            }

            fn mul(point: Option<&[u8]>, k: &[u8]) -> Vec<u8> {
                let base = point.map_or($krate::ProjectivePoint::GENERATOR, Self::point);
                Self::encode(base * Self::scalar_of(k), false)
            }

            fn mul_double(u1: &[u8], u2: &[u8], q: &[u8]) -> Vec<u8> {
                let (u1, u2) = (Self::reduce(u1), Self::reduce(u2));
                let sum = $krate::ProjectivePoint::GENERATOR * Self::scalar_of(&u1)
                    + Self::point(q) * Self::scalar_of(&u2);
                Self::encode(sum, false)
            }

            fn compress(point: &[u8]) -> Vec<u8> {
                Self::encode(Self::point(point), true)
            }

            fn valid_point(point: &[u8]) -> bool {
                $krate::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()
            }

            fn field(a: &[u8], b: &[u8]) -> [Vec<u8>; 5] {
                use $krate::elliptic_curve::PrimeField;
                let (a, b) = (Self::fe(a), Self::fe(b));
                let inverse = Option::from(a.invert()).unwrap_or($krate::FieldElement::ZERO);
                [a * b, a.square(), -a, inverse, a + b].map(|x| x.to_repr().to_vec())
            }

            fn field_sqrt(a: &[u8]) -> Option<Vec<u8>> {
                use $krate::elliptic_curve::PrimeField;
                Option::<$krate::FieldElement>::from(Self::fe(a).sqrt()).map(|r| r.to_repr().to_vec())
            }

            fn scalar(a: &[u8], b: &[u8]) -> [Vec<u8>; 3] {
                use $krate::elliptic_curve::PrimeField;
                let (a, b) = (Self::scalar_of(a), Self::scalar_of(b));
                let inverse = Option::from(a.invert()).unwrap_or($krate::Scalar::ZERO);
                [a * b, a + b, inverse].map(|x| x.to_repr().to_vec())
            }

            fn reduce(a: &[u8]) -> Vec<u8> {
                use $krate::elliptic_curve::ops::Reduce;
                use $krate::elliptic_curve::PrimeField;
                <$krate::Scalar as Reduce<$uint>>::reduce_bytes(&Self::bytes(a)).to_repr().to_vec()
            }

            fn sign(d: &[u8], z: &[u8]) -> Vec<u8> {
                use ecdsa::hazmat::SignPrimitive;
                let (signature, _) = Self::scalar_of(d)
                    .try_sign_prehashed_rfc6979::<$hash>(&Self::bytes(z), &[])
                    .unwrap();
                signature.to_bytes().to_vec()
            }

            fn verify(point: &[u8], digest: &[u8], signature: &[u8]) -> bool {
                use signature::hazmat::PrehashVerifier;
                let Ok(key) = $krate::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
                    return false;
                };
                let Ok(signature) = $krate::ecdsa::Signature::from_slice(signature) else {
                    return false;
                };
                key.verify_prehash(digest, &signature).is_ok()
            }

            fn random_secret(rng: &mut ChaCha20Rng) -> Vec<u8> {
                $krate::SecretKey::random(rng).to_bytes().to_vec()
            }

            fn mine_sign(d: &[u8], z: &[u8]) -> Option<Vec<u8>> {
                let signature = crate::engine::crypto::ec_narrow::$mine::sign_prehashed(
                    d.try_into().unwrap(),
                    z.try_into().unwrap(),
                );
                signature.map(|s| s.to_vec())
            }

            fn mine_random_secret(rng: &mut ChaCha20Rng) -> Vec<u8> {
                crate::engine::crypto::ec_narrow::$mine::SecretKey::random(rng).as_bytes().to_vec()
            }

            fn mine_secret_public_key(bytes: &[u8]) -> Option<Vec<u8>> {
                let key = crate::engine::crypto::ec_narrow::$mine::SecretKey::from_bytes(bytes)?;
                assert_eq!(key.as_bytes(), bytes);
                Some(key.public_key().to_vec())
            }
        }
    };
}

use super::field::Field;

reference!(
    P256Ref,
    p256,
    p256,
    P256,
    p256::U256,
    sha2::Sha256,
    &[
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ]
);

reference!(
    P384Ref,
    p384,
    p384,
    P384,
    p384::U384,
    sha2::Sha384,
    &[
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff,
        0xff, 0xff, 0xff,
    ]
);

/// Each check for both curves, as `#[test]`s named `<check>_p256` and
/// `<check>_p384`.
macro_rules! both_curves {
    ($($module:ident :: $check:ident),* $(,)?) => {
        mod p256_tests {
            $( #[test] fn $check() { super::$module::$check::<super::P256Ref>(); } )*
        }
        mod p384_tests {
            $( #[test] fn $check() { super::$module::$check::<super::P384Ref>(); } )*
        }
    };
}

both_curves!(
    curve::field_ops_match,
    curve::field_extremes,
    curve::points_decode_like_the_crate,
    curve::mul_base_matches,
    curve::ecdh_matches,
    curve::ecdh_rejects_bad_points,
    curve::mul_double_matches,
    curve::mul_double_exceptional_cases,
    curve::jacobian_double_and_add_agree,
    curve::comb_table_is_computed,
    curve::signatures_equal_the_crate,
    curve::verify_accepts_valid_and_rejects_modified,
    curve::secret_keys_like_the_crate,
    modn::montgomery_matches_the_crate,
    modn::edge_values,
);
