//! Checks against the p256 crate (field elements, points, ECDSA) on
//! deterministic pseudo-random inputs, and the edge cases.

use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::elliptic_curve::{Field, PrimeField};
use p256::{FieldElement, ProjectivePoint, Scalar};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

use super::field::{Fe, LIMBS};
use super::point::{Affine, Jacobian};
use super::table::{pack, COMB, COMB_SPACING};
use super::{ecdh, mul_base, mul_double_x, ORDER};

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn bytes32(rng: &mut ChaCha20Rng) -> [u8; 32] {
    let mut b = [0u8; 32];
    rng.fill_bytes(&mut b);
    b
}

/// A random scalar in 1..n, as bytes.
fn scalar(rng: &mut ChaCha20Rng) -> [u8; 32] {
    loop {
        let b = bytes32(rng);
        if let Some(s) = Option::<Scalar>::from(Scalar::from_repr(b.into())) {
            if !bool::from(s.is_zero()) {
                return b;
            }
        }
    }
}

fn to_scalar(b: &[u8; 32]) -> Scalar {
    Option::from(Scalar::from_repr((*b).into())).unwrap()
}

fn reference_mul(point: &ProjectivePoint, k: &[u8; 32]) -> [u8; 65] {
    let encoded = (*point * to_scalar(k)).to_affine().to_encoded_point(false);
    encoded.as_bytes().try_into().unwrap()
}

fn generator() -> [u8; 65] {
    ProjectivePoint::GENERATOR
        .to_affine()
        .to_encoded_point(false)
        .as_bytes()
        .try_into()
        .unwrap()
}

/// n - 1 and n as bytes.
fn order_minus(d: u8) -> [u8; 32] {
    let mut b = ORDER;
    b[31] -= d;
    b
}

/// p as bytes.
const P_BYTES: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
];

// --- field ---------------------------------------------------------------

fn fe_reference(b: &[u8; 32]) -> FieldElement {
    Option::from(FieldElement::from_bytes(&(*b).into())).unwrap()
}

/// A random field element below p, as bytes.
fn field_bytes(rng: &mut ChaCha20Rng) -> [u8; 32] {
    loop {
        let b = bytes32(rng);
        if Fe::from_bytes(&b).1 {
            return b;
        }
    }
}

#[test]
fn field_ops_match_the_p256_crate() {
    let mut rng = rng(1);
    for round in 0..200 {
        let (a, b) = (field_bytes(&mut rng), field_bytes(&mut rng));
        let (fa, fb) = (Fe::from_bytes(&a).0, Fe::from_bytes(&b).0);
        let (ra, rb) = (fe_reference(&a), fe_reference(&b));
        assert_eq!(fa.to_bytes(), a);
        assert_eq!(
            fa.mul(&fb).to_bytes(),
            <[u8; 32]>::from((ra * rb).to_bytes()),
            "mul {round}"
        );
        assert_eq!(
            fa.square().to_bytes(),
            <[u8; 32]>::from(ra.square().to_bytes())
        );
        assert_eq!(fa.neg().to_bytes(), <[u8; 32]>::from((-ra).to_bytes()));
        if round < 10 {
            let inverse = Option::<FieldElement>::from(ra.invert()).unwrap();
            assert_eq!(fa.invert().to_bytes(), <[u8; 32]>::from(inverse.to_bytes()));
        }
    }
}

#[test]
fn field_extremes() {
    // The largest value the invariant allows: every limb 0x1fff, 2^260 - 1,
    // which is 16·2^256 - 1 with 2^256 mod p = 2^224 - 2^192 - 2^96 + 1.
    let top = Fe([0x1fff; LIMBS]);
    let two256 = {
        let mut b = [0u8; 32];
        b[4..8].copy_from_slice(&[0xff, 0xff, 0xff, 0xfe]);
        b[8..20].copy_from_slice(&[0xff; 12]);
        b[31] = 1;
        fe_reference(&b)
    };
    let mut sixteen = [0u8; 32];
    sixteen[31] = 16;
    let top_ref = two256 * fe_reference(&sixteen) - FieldElement::ONE;
    let mut reduced = top;
    reduced.reduce();
    assert_eq!(reduced.to_bytes(), <[u8; 32]>::from(top_ref.to_bytes()));
    let square = <[u8; 32]>::from(top_ref.square().to_bytes());
    assert_eq!(top.mul(&top).to_bytes(), square);
    assert_eq!(top.square().to_bytes(), square);
    // p itself and values at or above p are not reduced encodings.
    assert!(!Fe::from_bytes(&P_BYTES).1);
    assert_eq!(Fe::from_bytes(&P_BYTES).0.is_zero(), 1);
    assert!(!Fe::from_bytes(&[0xff; 32]).1);
    let mut below = P_BYTES;
    below[31] -= 1;
    assert!(Fe::from_bytes(&below).1);
    assert_eq!(Fe::ZERO.invert().is_zero(), 1);
    assert_eq!(Fe::ONE.invert().to_bytes(), Fe::ONE.to_bytes());
}

// --- points ----------------------------------------------------------------

#[test]
fn mul_base_matches_the_p256_crate() {
    let mut rng = rng(2);
    for _ in 0..40 {
        let k = scalar(&mut rng);
        assert_eq!(
            mul_base(&k).unwrap(),
            reference_mul(&ProjectivePoint::GENERATOR, &k)
        );
    }
    // Scalars with long runs of zero and one bits exercise the comb's
    // empty columns and the accumulator's infinity flag.
    let mut one = [0u8; 32];
    one[31] = 1;
    let mut high = [0u8; 32];
    high[0] = 0x80;
    let mut low_row = [0u8; 32];
    low_row[24..].copy_from_slice(&[0xff; 8]);
    for k in [one, high, low_row, order_minus(1), order_minus(2)] {
        assert_eq!(
            mul_base(&k).unwrap(),
            reference_mul(&ProjectivePoint::GENERATOR, &k)
        );
    }
    assert_eq!(mul_base(&one).unwrap(), generator());
    // 0, n and above: rejected.
    assert_eq!(mul_base(&[0; 32]), None);
    assert_eq!(mul_base(&ORDER), None);
    assert_eq!(mul_base(&[0xff; 32]), None);
}

#[test]
fn ecdh_matches_the_p256_crate() {
    let mut rng = rng(3);
    for _ in 0..24 {
        let (k, j) = (scalar(&mut rng), scalar(&mut rng));
        let peer = ProjectivePoint::GENERATOR * to_scalar(&j);
        let peer_bytes: [u8; 65] = peer
            .to_affine()
            .to_encoded_point(false)
            .as_bytes()
            .try_into()
            .unwrap();
        let expect = reference_mul(&peer, &k);
        assert_eq!(ecdh(&k, &peer_bytes).unwrap(), expect[1..33]);
    }
    let mut one = [0u8; 32];
    one[31] = 1;
    let g = generator();
    assert_eq!(ecdh(&one, &g).unwrap(), g[1..33]);
    assert_eq!(
        ecdh(&order_minus(1), &g).unwrap(),
        reference_mul(&ProjectivePoint::GENERATOR, &order_minus(1))[1..33]
    );
    assert_eq!(ecdh(&[0; 32], &g), None);
    assert_eq!(ecdh(&ORDER, &g), None);
}

#[test]
fn ecdh_rejects_bad_points() {
    let mut one = [0u8; 32];
    one[31] = 1;
    let g = generator();
    // Off the curve.
    let mut off = g;
    off[64] ^= 1;
    assert_eq!(ecdh(&one, &off), None);
    // Not uncompressed.
    let mut hybrid = g;
    hybrid[0] = 0x06;
    assert_eq!(ecdh(&one, &hybrid), None);
    // The all-zero "point at infinity" is not on the curve.
    let mut zero = [0u8; 65];
    zero[0] = 4;
    assert_eq!(ecdh(&one, &zero), None);
    // Coordinates at or above p: x + p has the same residue as G's x.
    let mut big_x = g;
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let s = u16::from(g[1 + i]) + u16::from(P_BYTES[i]) + carry;
        big_x[1 + i] = s as u8;
        carry = s >> 8;
    }
    if carry == 0 {
        assert_eq!(ecdh(&one, &big_x), None);
    }
    // x = p (residue 0) is rejected even when y is a valid square root.
    let mut x_is_p = g;
    x_is_p[1..33].copy_from_slice(&P_BYTES);
    assert_eq!(ecdh(&one, &x_is_p), None);
    let mut y_is_p = g;
    y_is_p[33..].copy_from_slice(&P_BYTES);
    assert_eq!(ecdh(&one, &y_is_p), None);
}

#[test]
fn mul_double_matches_the_p256_crate() {
    let mut rng = rng(4);
    for round in 0..24 {
        let (u1, u2, j) = (bytes32(&mut rng), scalar(&mut rng), scalar(&mut rng));
        // Any 256-bit u1 (the comb covers all bits).
        let u1 = if round % 2 == 0 { u1 } else { scalar(&mut rng) };
        let q = ProjectivePoint::GENERATOR * to_scalar(&j);
        let q_bytes: [u8; 65] = q
            .to_affine()
            .to_encoded_point(false)
            .as_bytes()
            .try_into()
            .unwrap();
        let u1_mod =
            <Scalar as p256::elliptic_curve::ops::Reduce<p256::U256>>::reduce_bytes(&u1.into());
        let expect = (ProjectivePoint::GENERATOR * u1_mod + q * to_scalar(&u2)).to_affine();
        let expect = expect.to_encoded_point(false);
        assert_eq!(
            mul_double_x(&u1, &u2, &q_bytes).unwrap(),
            expect.as_bytes()[1..33],
            "{round}"
        );
    }
}

#[test]
fn mul_double_exceptional_cases() {
    let g = generator();
    let mut one = [0u8; 32];
    one[31] = 1;
    let mut two = [0u8; 32];
    two[31] = 2;
    let x2g = reference_mul(&ProjectivePoint::GENERATOR, &two);
    let x3g = {
        let mut three = [0u8; 32];
        three[31] = 3;
        reference_mul(&ProjectivePoint::GENERATOR, &three)
    };
    // G + G: the addition meets an equal point.
    assert_eq!(mul_double_x(&one, &one, &g).unwrap(), x2g[1..33]);
    // G + (n-1)·G = infinity.
    assert_eq!(mul_double_x(&one, &order_minus(1), &g), None);
    // 0·G + 1·Q and 1·G + 0·Q; 0 + 0 is infinity.
    assert_eq!(mul_double_x(&[0; 32], &one, &g).unwrap(), g[1..33]);
    assert_eq!(mul_double_x(&one, &[0; 32], &x2g).unwrap(), g[1..33]);
    assert_eq!(mul_double_x(&[0; 32], &[0; 32], &g), None);
    // 1·G + 1·(2G) = 3G; a bad point is rejected.
    assert_eq!(mul_double_x(&one, &one, &x2g).unwrap(), x3g[1..33]);
    let mut off = g;
    off[40] ^= 4;
    assert_eq!(mul_double_x(&one, &one, &off), None);
    // u1·G + u2·(-G) with u1 = u2 is infinity, with u1 = u2 + 1 is G.
    let mut neg_g = g;
    let y = Fe::from_bytes(g[33..].try_into().unwrap())
        .0
        .neg()
        .to_bytes();
    neg_g[33..].copy_from_slice(&y);
    let mut rng = rng(5);
    let k = scalar(&mut rng);
    assert_eq!(mul_double_x(&k, &k, &neg_g), None);
    let mut k1 = k;
    k1[31] = k1[31].wrapping_add(1);
    if k1[31] != 0 {
        assert_eq!(mul_double_x(&k1, &k, &neg_g).unwrap(), g[1..33]);
    }
}

#[test]
fn jacobian_double_and_add_agree() {
    let g = Affine::decode(&generator()).unwrap();
    let mut twice = Jacobian::from(&g);
    twice.double();
    let mut sum = Jacobian::from(&g);
    sum.add_affine_vartime(&g);
    assert_eq!(
        twice.to_affine().unwrap().encode(),
        sum.to_affine().unwrap().encode()
    );
    // Infinity doubles to infinity; add of opposite points is infinity
    // with r != 0.
    let mut inf = Jacobian::INFINITY;
    inf.double();
    assert_eq!(inf.is_infinity(), 1);
    assert!(inf.to_affine().is_none());
    let mut opposite = Jacobian::from(&g);
    assert_eq!(opposite.add(&Jacobian::from(&g).neg()), 1);
    assert_eq!(opposite.is_infinity(), 1);
    let mut same = Jacobian::from(&g);
    assert_eq!(same.add(&Jacobian::from(&g)), 0);
    assert_eq!(same.is_infinity(), 1);
}

#[test]
fn comb_table_is_computed() {
    // Entry idx = Σ over idx's bits of 2^(64·row)·G.
    let g = Affine::decode(&generator()).unwrap();
    let mut rows = [Jacobian::from(&g); 4];
    for row in 1..4 {
        rows[row] = rows[row - 1];
        for _ in 0..COMB_SPACING {
            rows[row].double();
        }
    }
    let mut computed = [[0u32; LIMBS]; 15];
    for (idx, entry) in (1..16).zip(computed.iter_mut()) {
        let mut sum = Jacobian::INFINITY;
        for (row, point) in rows.iter().enumerate() {
            if idx >> row & 1 == 1 {
                sum.add_vartime(point);
            }
        }
        *entry = pack(&sum.to_affine().unwrap());
    }
    if computed != COMB {
        for entry in &computed {
            println!("    [");
            for chunk in entry.chunks(5) {
                let words: Vec<String> = chunk.iter().map(|w| format!("0x{w:08x}")).collect();
                println!("        {},", words.join(", "));
            }
            println!("    ],");
        }
        panic!("COMB differs from the computed table (printed above)");
    }
}

// --- ECDSA ------------------------------------------------------------------

#[test]
fn signatures_equal_the_ecdsa_crate() {
    use ecdsa::hazmat::SignPrimitive;
    let mut rng = rng(6);
    for _ in 0..12 {
        let d = p256::NonZeroScalar::from_repr(scalar(&mut rng).into()).unwrap();
        let z = bytes32(&mut rng);
        let (expect, _) = d
            .as_ref()
            .try_sign_prehashed_rfc6979::<sha2::Sha256>(&z.into(), &[])
            .unwrap();
        let got = super::ecdsa::sign_prehashed(&d, &z).unwrap();
        assert_eq!(got.to_bytes(), expect.to_bytes());
    }
}

#[test]
fn verify_accepts_valid_and_rejects_modified() {
    use signature::hazmat::PrehashVerifier;
    let mut rng = rng(7);
    for round in 0..8 {
        let d = p256::NonZeroScalar::from_repr(scalar(&mut rng).into()).unwrap();
        let public = p256::PublicKey::from_secret_scalar(&d);
        let point = public.to_encoded_point(false);
        let compressed = public.to_encoded_point(true);
        // Digests of 32 bytes and, once each, shorter and longer.
        let digest_len = [32, 32, 48, 20, 32, 64, 32, 32][round];
        let mut digest = vec![0u8; digest_len];
        rng.fill_bytes(&mut digest);
        let mut field = [0u8; 32];
        let n = digest_len.min(32);
        field[32 - n..].copy_from_slice(&digest[..n]);
        let signature = super::ecdsa::sign_prehashed(&d, &field).unwrap();
        let sig = signature.to_bytes();
        let verify = |point: &[u8], digest: &[u8], sig: &[u8]| {
            super::ecdsa::verify_prehashed(point, digest, sig)
        };
        // The p256 crate agrees that the signature is valid.
        let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point.as_bytes()).unwrap();
        assert!(key.verify_prehash(&digest, &signature).is_ok());
        assert!(verify(point.as_bytes(), &digest, &sig));
        assert!(verify(compressed.as_bytes(), &digest, &sig));
        // Modified digest, r, s, key.
        let mut bad = digest.clone();
        bad[0] ^= 1;
        assert!(!verify(point.as_bytes(), &bad, &sig));
        for at in [0, 31, 32, 63] {
            let mut bad_sig = sig;
            bad_sig[at] ^= 0x10;
            assert!(!verify(point.as_bytes(), &digest, &bad_sig));
        }
        let other = p256::PublicKey::from_secret_scalar(
            &p256::NonZeroScalar::from_repr(scalar(&mut rng).into()).unwrap(),
        );
        assert!(!verify(
            other.to_encoded_point(false).as_bytes(),
            &digest,
            &sig
        ));
        let mut off_curve = point.as_bytes().to_vec();
        off_curve[64] ^= 1;
        assert!(!verify(&off_curve, &digest, &sig));
    }
    // r or s zero or not below n; too short a digest; wrong length.
    let d = p256::NonZeroScalar::from_repr(scalar(&mut rng).into()).unwrap();
    let point = p256::PublicKey::from_secret_scalar(&d).to_encoded_point(false);
    let digest = [7u8; 32];
    let sig = super::ecdsa::sign_prehashed(&d, &digest)
        .unwrap()
        .to_bytes();
    assert!(super::ecdsa::verify_prehashed(
        point.as_bytes(),
        &digest,
        &sig
    ));
    for (offset, value) in [(0, [0u8; 32]), (32, [0u8; 32]), (0, ORDER), (32, ORDER)] {
        let mut bad = sig;
        bad[offset..offset + 32].copy_from_slice(&value);
        assert!(!super::ecdsa::verify_prehashed(
            point.as_bytes(),
            &digest,
            &bad
        ));
    }
    assert!(!super::ecdsa::verify_prehashed(
        point.as_bytes(),
        &digest[..15],
        &sig
    ));
    assert!(!super::ecdsa::verify_prehashed(
        point.as_bytes(),
        &digest,
        &sig[..63]
    ));
    assert!(!super::ecdsa::verify_prehashed(
        &point.as_bytes()[..64],
        &digest,
        &sig
    ));
}
