//! Field, point and ECDSA checks, generic over the curve.

use super::{random_bytes, rng, Reference};
use crate::engine::crypto::ec_narrow::field::{Field, ShortField};
use crate::engine::crypto::ec_narrow::point::{Affine, Jacobian};
use crate::engine::crypto::ec_narrow::{ecdsa, mul, Curve};

type Fe<R> = <<R as Reference>::Curve as Curve>::Fe;

fn fe<R: Reference>(b: &[u8]) -> Fe<R> {
    Fe::<R>::from_bytes(b).0
}

fn bytes<R: Reference>(fe: &Fe<R>) -> Vec<u8> {
    let mut out = vec![0; R::LEN];
    fe.write_bytes(&mut out);
    out
}

/// A random element below p.
fn field_element<R: Reference>(rng: &mut rand_chacha::ChaCha20Rng) -> Vec<u8> {
    loop {
        let b = random_bytes(rng, R::LEN);
        if Fe::<R>::from_bytes(&b).1 {
            return b;
        }
    }
}

fn order<R: Reference>() -> Vec<u8> {
    R::Curve::ORDER.as_ref().to_vec()
}

/// n - d.
fn order_minus<R: Reference>(d: u8) -> Vec<u8> {
    let mut b = order::<R>();
    *b.last_mut().unwrap() -= d;
    b
}

/// The scalar v.
fn small<R: Reference>(v: u8) -> Vec<u8> {
    let mut b = vec![0; R::LEN];
    b[R::LEN - 1] = v;
    b
}

fn generator<R: Reference>() -> Vec<u8> {
    R::mul(None, &small::<R>(1))
}

fn decode<R: Reference>(sec1: &[u8]) -> Option<Affine<Fe<R>>> {
    Affine::decode(sec1)
}

fn encode<R: Reference>(point: &Affine<Fe<R>>) -> Vec<u8> {
    let mut out = vec![0; 2 * R::LEN + 1];
    point.encode(&mut out);
    out
}

fn mine_mul_base<R: Reference>(k: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0; 2 * R::LEN + 1];
    crate::engine::crypto::ec_narrow::mul_base::<R::Curve>(k, &mut out).then_some(out)
}

fn mine_ecdh<R: Reference>(k: &[u8], peer: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0; R::LEN];
    crate::engine::crypto::ec_narrow::ecdh::<R::Curve>(k, peer, &mut out).then_some(out)
}

/// u1·G + u2·Q, uncompressed, or `None` for infinity or a bad Q.
fn mine_mul_double<R: Reference>(u1: &[u8], u2: &[u8], q: &[u8]) -> Option<Vec<u8>> {
    let q = decode::<R>(q)?;
    let sum = mul::mul_double_vartime::<R::Curve>(u1, u2, &q).to_affine()?;
    Some(encode::<R>(&sum))
}

fn mine_verify<R: Reference>(point: &[u8], digest: &[u8], signature: &[u8]) -> bool {
    ecdsa::verify::<R::Curve>(point, digest, signature)
}

/// v + p as LEN bytes, if it fits.
fn plus_p<R: Reference>(v: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![0u8; R::LEN];
    let mut carry = 0u16;
    for i in (0..R::LEN).rev() {
        let s = u16::from(v[i]) + u16::from(R::P[i]) + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    (carry == 0).then_some(out)
}

// --- field -------------------------------------------------------------------

pub(super) fn field_ops_match<R: Reference>() {
    let mut rng = rng(1);
    for round in 0..200 {
        let (a, b) = (field_element::<R>(&mut rng), field_element::<R>(&mut rng));
        let (fa, fb) = (fe::<R>(&a), fe::<R>(&b));
        let [product, square, negated, inverse, sum] = R::field(&a, &b);
        assert_eq!(bytes::<R>(&fa), a);
        assert_eq!(bytes::<R>(&fa.mul(&fb)), product, "mul {round}");
        assert_eq!(bytes::<R>(&fa.square()), square, "square {round}");
        assert_eq!(bytes::<R>(&fa.neg()), negated);
        assert_eq!(bytes::<R>(&fa.add(&fb)), sum);
        assert_eq!(fa.is_odd(), u32::from(a[R::LEN - 1] & 1));
        // Unreduced operands (below 2p) from earlier products.
        let [twice, ..] = R::field(&product, &square);
        assert_eq!(bytes::<R>(&fa.mul(&fb).mul(&fa.square())), twice);
        if round < 10 {
            assert_eq!(bytes::<R>(&fa.invert()), inverse);
        }
        if round < 20 {
            // A square root where the crate finds one, none elsewhere.
            let root = fa.sqrt();
            match R::field_sqrt(&a) {
                Some(expect) => {
                    assert_eq!(bytes::<R>(&root.square()), a, "sqrt {round}");
                    let mine = bytes::<R>(&root);
                    // The crate's root or its negative.
                    assert!(mine == expect || mine == R::field(&expect, &b)[2]);
                }
                None => assert_ne!(bytes::<R>(&root.square()), a),
            }
        }
    }
}

pub(super) fn field_extremes<R: Reference>() {
    // The largest value the invariant allows: every limb 0x1fff,
    // 2^(13·limbs) - 1; the crate's is 2^(13·limbs) by doubling, minus 1.
    let limbs = (8 * R::LEN).div_ceil(13);
    let top = Fe::<R>::from_words(&vec![0x1fff_1fff; limbs / 2]);
    let mut power = small::<R>(1);
    for _ in 0..13 * limbs {
        power = R::field(&power, &power)[4].clone();
    }
    let mut p_minus_1 = R::P.to_vec();
    *p_minus_1.last_mut().unwrap() -= 1;
    let top_ref = R::field(&power, &p_minus_1)[4].clone();
    assert_eq!(bytes::<R>(&top.reduced()), top_ref);
    let [_, square, ..] = R::field(&top_ref, &top_ref);
    assert_eq!(bytes::<R>(&top.mul(&top)), square);
    assert_eq!(bytes::<R>(&top.square()), square);
    assert_eq!(bytes::<R>(&top.times(1).reduced().mul(&top)), square);
    // p itself and values at or above p are not reduced encodings.
    assert!(!Fe::<R>::from_bytes(R::P).1);
    assert_eq!(fe::<R>(R::P).is_zero(), 1);
    assert!(!Fe::<R>::from_bytes(&vec![0xff; R::LEN]).1);
    assert!(Fe::<R>::from_bytes(&p_minus_1).1);
    assert_eq!(bytes::<R>(&fe::<R>(&p_minus_1).neg()), small::<R>(1));
    assert_eq!(Fe::<R>::ZERO.invert().is_zero(), 1);
    assert_eq!(bytes::<R>(&Fe::<R>::ONE.invert()), small::<R>(1));
    assert_eq!(bytes::<R>(&Fe::<R>::ZERO.sqrt()), small::<R>(0));
    assert_eq!(Fe::<R>::ZERO.neg().is_zero(), 1);
}

// --- points --------------------------------------------------------------------

pub(super) fn points_decode_like_the_crate<R: Reference>() {
    let mut rng = rng(8);
    for _ in 0..12 {
        let point = R::mul(None, &R::random_scalar(&mut rng));
        let compressed = R::compress(&point);
        assert_eq!(encode::<R>(&decode::<R>(&point).unwrap()), point);
        assert_eq!(encode::<R>(&decode::<R>(&compressed).unwrap()), point);
        // The other root: the opposite point.
        let mut other = compressed.clone();
        other[0] ^= 1;
        let opposite = encode::<R>(&decode::<R>(&other).unwrap());
        assert_eq!(opposite[1..=R::LEN], point[1..=R::LEN]);
        assert_ne!(opposite, point);
        // Altered encodings: this module and the crate agree on each.
        let mut cases = vec![
            point[..point.len() - 1].to_vec(),
            compressed[..R::LEN].to_vec(),
            [point.clone(), vec![0]].concat(),
            vec![0],
            vec![],
        ];
        for at in [1, R::LEN, R::LEN + 1, 2 * R::LEN] {
            let mut bad = point.clone();
            bad[at] ^= 1;
            cases.push(bad);
        }
        for at in [1, R::LEN] {
            let mut bad = compressed.clone();
            bad[at] ^= 1;
            cases.push(bad);
        }
        for case in &cases {
            assert_eq!(decode::<R>(case).is_some(), R::valid_point(case), "{case:02x?}");
        }
        // Hybrid and compact forms are refused.
        for tag in [0x05, 0x06, 0x07] {
            let mut bad = point.clone();
            bad[0] = tag;
            assert!(decode::<R>(&bad).is_none());
            let mut bad = compressed.clone();
            bad[0] = tag;
            assert!(decode::<R>(&bad).is_none());
        }
    }
    // Coordinates at or above p, and zeros.
    let g = generator::<R>();
    let mut x_is_p = g.clone();
    x_is_p[1..=R::LEN].copy_from_slice(R::P);
    let mut y_is_p = g.clone();
    y_is_p[R::LEN + 1..].copy_from_slice(R::P);
    let mut compressed_p = vec![0x02];
    compressed_p.extend_from_slice(R::P);
    let mut zero = vec![0u8; 2 * R::LEN + 1];
    zero[0] = 4;
    let mut cases = vec![x_is_p, y_is_p, compressed_p, zero];
    if let Some(big_x) = plus_p::<R>(&g[1..=R::LEN]) {
        let mut bad = g.clone();
        bad[1..=R::LEN].copy_from_slice(&big_x);
        cases.push(bad);
    }
    for case in &cases {
        assert!(decode::<R>(case).is_none());
        assert!(!R::valid_point(case));
    }
}

pub(super) fn mul_base_matches<R: Reference>() {
    let mut rng = rng(2);
    for _ in 0..24 {
        let k = R::random_scalar(&mut rng);
        assert_eq!(mine_mul_base::<R>(&k).unwrap(), R::mul(None, &k));
    }
    // Scalars with long runs of zero and one bits exercise the comb's empty
    // columns and the accumulator's infinity flag.
    let mut high = small::<R>(0);
    high[0] = 0x80;
    let mut low_row = small::<R>(0);
    let row = R::LEN / 4;
    low_row[R::LEN - row..].fill(0xff);
    for k in [small::<R>(1), high, low_row, order_minus::<R>(1), order_minus::<R>(2)] {
        assert_eq!(mine_mul_base::<R>(&k).unwrap(), R::mul(None, &k));
    }
    assert_eq!(mine_mul_base::<R>(&small::<R>(1)).unwrap(), generator::<R>());
    // 0, n and above: rejected.
    assert_eq!(mine_mul_base::<R>(&small::<R>(0)), None);
    assert_eq!(mine_mul_base::<R>(&order::<R>()), None);
    assert_eq!(mine_mul_base::<R>(&vec![0xff; R::LEN]), None);
    assert_eq!(mine_mul_base::<R>(&small::<R>(1)[1..]), None);
}

pub(super) fn ecdh_matches<R: Reference>() {
    let mut rng = rng(3);
    for _ in 0..12 {
        let (k, j) = (R::random_scalar(&mut rng), R::random_scalar(&mut rng));
        let peer = R::mul(None, &j);
        let expect = R::mul(Some(&peer), &k);
        assert_eq!(mine_ecdh::<R>(&k, &peer).unwrap(), expect[1..=R::LEN]);
    }
    let g = generator::<R>();
    assert_eq!(mine_ecdh::<R>(&small::<R>(1), &g).unwrap(), g[1..=R::LEN]);
    assert_eq!(
        mine_ecdh::<R>(&order_minus::<R>(1), &g).unwrap(),
        R::mul(None, &order_minus::<R>(1))[1..=R::LEN]
    );
    assert_eq!(mine_ecdh::<R>(&small::<R>(0), &g), None);
    assert_eq!(mine_ecdh::<R>(&order::<R>(), &g), None);
}

pub(super) fn ecdh_rejects_bad_points<R: Reference>() {
    let one = small::<R>(1);
    let g = generator::<R>();
    // Off the curve.
    let mut off = g.clone();
    off[2 * R::LEN] ^= 1;
    assert_eq!(mine_ecdh::<R>(&one, &off), None);
    // Not uncompressed (ECDH in TLS takes that form only).
    let mut hybrid = g.clone();
    hybrid[0] = 0x06;
    assert_eq!(mine_ecdh::<R>(&one, &hybrid), None);
    assert_eq!(mine_ecdh::<R>(&one, &R::compress(&g)), None);
    // The all-zero "point at infinity" is not on the curve.
    let mut zero = vec![0u8; 2 * R::LEN + 1];
    zero[0] = 4;
    assert_eq!(mine_ecdh::<R>(&one, &zero), None);
    // Coordinates at or above p.
    if let Some(big_x) = plus_p::<R>(&g[1..=R::LEN]) {
        let mut bad = g.clone();
        bad[1..=R::LEN].copy_from_slice(&big_x);
        assert_eq!(mine_ecdh::<R>(&one, &bad), None);
    }
    let mut x_is_p = g.clone();
    x_is_p[1..=R::LEN].copy_from_slice(R::P);
    assert_eq!(mine_ecdh::<R>(&one, &x_is_p), None);
    let mut y_is_p = g.clone();
    y_is_p[R::LEN + 1..].copy_from_slice(R::P);
    assert_eq!(mine_ecdh::<R>(&one, &y_is_p), None);
}

pub(super) fn mul_double_matches<R: Reference>() {
    let mut rng = rng(4);
    for round in 0..16 {
        let (u2, j) = (R::random_scalar(&mut rng), R::random_scalar(&mut rng));
        // Any u1 of the scalars' length (the comb covers all bits).
        let u1 = if round % 2 == 0 {
            random_bytes(&mut rng, R::LEN)
        } else {
            R::random_scalar(&mut rng)
        };
        let q = R::mul(None, &j);
        assert_eq!(
            mine_mul_double::<R>(&u1, &u2, &q).unwrap(),
            R::mul_double(&u1, &u2, &q),
            "{round}"
        );
    }
}

pub(super) fn mul_double_exceptional_cases<R: Reference>() {
    let g = generator::<R>();
    let (zero, one) = (small::<R>(0), small::<R>(1));
    let x2g = R::mul(None, &small::<R>(2));
    let x3g = R::mul(None, &small::<R>(3));
    // G + G: the addition meets an equal point.
    assert_eq!(mine_mul_double::<R>(&one, &one, &g).unwrap(), x2g);
    // G + (n-1)·G = infinity.
    assert_eq!(mine_mul_double::<R>(&one, &order_minus::<R>(1), &g), None);
    // 0·G + 1·Q and 1·G + 0·Q; 0 + 0 is infinity.
    assert_eq!(mine_mul_double::<R>(&zero, &one, &g).unwrap(), g);
    assert_eq!(mine_mul_double::<R>(&one, &zero, &x2g).unwrap(), g);
    assert_eq!(mine_mul_double::<R>(&zero, &zero, &g), None);
    // 1·G + 1·(2G) = 3G; a bad point is rejected.
    assert_eq!(mine_mul_double::<R>(&one, &one, &x2g).unwrap(), x3g);
    let mut off = g.clone();
    off[R::LEN + 8] ^= 4;
    assert_eq!(mine_mul_double::<R>(&one, &one, &off), None);
    // u1·G + u2·(-G) with u1 = u2 is infinity, with u1 = u2 + 1 is G.
    let neg_g = encode::<R>(&{
        let mut p = decode::<R>(&g).unwrap();
        p.y = p.y.neg();
        p
    });
    let mut rng = rng(5);
    let k = R::random_scalar(&mut rng);
    assert_eq!(mine_mul_double::<R>(&k, &k, &neg_g), None);
    let mut k1 = k.clone();
    let last = R::LEN - 1;
    k1[last] = k1[last].wrapping_add(1);
    if k1[last] != 0 {
        assert_eq!(mine_mul_double::<R>(&k1, &k, &neg_g).unwrap(), g);
    }
}

pub(super) fn jacobian_double_and_add_agree<R: Reference>() {
    let g = decode::<R>(&generator::<R>()).unwrap();
    let mut twice = Jacobian::from(&g);
    twice.double();
    let mut sum = Jacobian::from(&g);
    sum.add_affine_vartime(&g);
    assert_eq!(
        encode::<R>(&twice.to_affine().unwrap()),
        encode::<R>(&sum.to_affine().unwrap())
    );
    assert_eq!(
        encode::<R>(&twice.to_affine().unwrap()),
        R::mul(None, &small::<R>(2))
    );
    // Infinity doubles to infinity; add of opposite points is infinity
    // with r != 0.
    let mut inf = Jacobian::<Fe<R>>::INFINITY;
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

pub(super) fn comb_table_is_computed<R: Reference>() {
    // Entry idx = Σ over idx's bits of 2^(spacing·row)·G.
    let spacing = R::Curve::COMB_SPACING;
    let g = decode::<R>(&generator::<R>()).unwrap();
    let mut rows = [Jacobian::from(&g); 4];
    for row in 1..4 {
        rows[row] = rows[row - 1];
        for _ in 0..spacing {
            rows[row].double();
        }
    }
    let limbs = (8 * R::LEN).div_ceil(13);
    let mut differs = false;
    let mut printed = String::new();
    for idx in 1..16 {
        let mut sum = Jacobian::INFINITY;
        for (row, point) in rows.iter().enumerate() {
            if idx >> row & 1 == 1 {
                sum.add_vartime(point);
            }
        }
        let sum = sum.to_affine().unwrap();
        let mut words = Vec::new();
        for coordinate in [&sum.x, &sum.y] {
            let mut limb_values = vec![0u32; limbs];
            crate::engine::crypto::ec_narrow::be_to_words(&bytes::<R>(coordinate), &mut limb_values, 13);
            words.extend(limb_values.chunks(2).map(|p| p[0] | p[1] << 16));
        }
        differs |= words != R::Curve::comb_words(idx);
        printed += "    [\n";
        for chunk in words.chunks(6) {
            let line: Vec<String> = chunk.iter().map(|w| format!("0x{w:08x}")).collect();
            printed += &format!("        {},\n", line.join(", "));
        }
        printed += "    ],\n";
    }
    assert!(!differs, "the comb table differs from the computed one:\n{printed}");
}

// --- ECDSA -----------------------------------------------------------------------

pub(super) fn signatures_equal_the_crate<R: Reference>() {
    let mut rng = rng(6);
    let mut cases = Vec::new();
    for _ in 0..12 {
        cases.push((R::random_scalar(&mut rng), random_bytes(&mut rng, R::LEN)));
    }
    // Digests at or above n, keys at the ends of the range.
    cases.push((small::<R>(1), vec![0xff; R::LEN]));
    cases.push((order_minus::<R>(1), order::<R>()));
    cases.push((order_minus::<R>(1), small::<R>(0)));
    for (d, z) in &cases {
        assert_eq!(R::mine_sign(d, z).unwrap(), R::sign(d, z));
    }
    // Keys out of range.
    let z = small::<R>(7);
    for d in [small::<R>(0), order::<R>(), vec![0xff; R::LEN]] {
        assert_eq!(R::mine_sign(&d, &z), None);
    }
}

pub(super) fn verify_accepts_valid_and_rejects_modified<R: Reference>() {
    let mut rng = rng(7);
    let len = R::LEN;
    // Digests as long as n, shorter (down to half, and below) and longer.
    let lengths = [len, len, len + 16, len / 2, len / 2 - 1, 64, len - 4, len];
    for digest_len in lengths {
        let d = R::random_scalar(&mut rng);
        let point = R::mul(None, &d);
        let compressed = R::compress(&point);
        let digest = random_bytes(&mut rng, digest_len);
        let mut field = vec![0u8; len];
        let kept = digest_len.min(len);
        field[len - kept..].copy_from_slice(&digest[..kept]);
        let sig = R::mine_sign(&d, &field).unwrap();
        let usable = digest_len >= len / 2;
        assert_eq!(R::verify(&point, &digest, &sig), usable);
        assert_eq!(mine_verify::<R>(&point, &digest, &sig), usable);
        assert_eq!(mine_verify::<R>(&compressed, &digest, &sig), usable);
        if !usable {
            continue;
        }
        // Modified digest, r, s, key: rejected by both.
        let mut bad = digest.clone();
        bad[0] ^= 1;
        let mut cases = vec![(point.clone(), bad, sig.clone())];
        for at in [0, len - 1, len, 2 * len - 1] {
            let mut bad_sig = sig.clone();
            bad_sig[at] ^= 0x10;
            cases.push((point.clone(), digest.clone(), bad_sig));
        }
        let other = R::mul(None, &R::random_scalar(&mut rng));
        cases.push((other, digest.clone(), sig.clone()));
        let mut off_curve = point.clone();
        off_curve[2 * len] ^= 1;
        cases.push((off_curve, digest.clone(), sig.clone()));
        for (point, digest, sig) in &cases {
            assert!(!mine_verify::<R>(point, digest, sig));
            assert!(!R::verify(point, digest, sig));
        }
    }
    // r or s zero or not below n; (s, r) swapped; infinity and zero keys;
    // wrong lengths.
    let d = R::random_scalar(&mut rng);
    let point = R::mul(None, &d);
    let digest = vec![7u8; len];
    let sig = R::mine_sign(&d, &digest).unwrap();
    assert!(mine_verify::<R>(&point, &digest, &sig));
    let mut bad_sigs = vec![[&sig[len..], &sig[..len]].concat(), sig[..2 * len - 1].to_vec()];
    for (offset, value) in [(0, small::<R>(0)), (len, small::<R>(0)), (0, order::<R>()), (len, order::<R>())] {
        let mut bad = sig.clone();
        bad[offset..offset + len].copy_from_slice(&value);
        bad_sigs.push(bad);
    }
    for bad in &bad_sigs {
        assert!(!mine_verify::<R>(&point, &digest, bad));
        assert!(!R::verify(&point, &digest, bad));
    }
    let mut zero_key = vec![0u8; 2 * len + 1];
    zero_key[0] = 4;
    for key in [vec![0u8], zero_key, point[..2 * len].to_vec()] {
        assert!(!mine_verify::<R>(&key, &digest, &sig));
    }
    assert!(!mine_verify::<R>(&point, &digest[..len / 2 - 1], &sig));
}

pub(super) fn secret_keys_like_the_crate<R: Reference>() {
    let (mut a, mut b) = (rng(9), rng(9));
    for _ in 0..8 {
        let key = R::mine_random_secret(&mut a);
        assert_eq!(key, R::random_secret(&mut b));
        assert_eq!(R::mine_secret_public_key(&key).unwrap(), R::mul(None, &key));
    }
    assert!(R::mine_secret_public_key(&order_minus::<R>(1)).is_some());
    for bad in [small::<R>(0), order::<R>(), vec![0xff; R::LEN], small::<R>(1)[1..].to_vec()] {
        assert!(R::mine_secret_public_key(&bad).is_none());
    }
}
