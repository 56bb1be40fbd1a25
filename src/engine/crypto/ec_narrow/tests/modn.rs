//! Arithmetic modulo n against the crates' `Scalar`, generic over the
//! curve.

use super::{random_bytes, rng, Reference};
use crate::engine::crypto::ec_narrow::ecdsa::{invert, reduce, to_montgomery};
use crate::engine::crypto::ec_narrow::{modn, Curve};

type Words<R> = <<R as Reference>::Curve as Curve>::Words;

fn words<R: Reference>(bytes: &[u8]) -> Words<R> {
    modn::decode(bytes)
}

fn bytes<R: Reference>(words: &Words<R>) -> Vec<u8> {
    let mut out = vec![0; R::LEN];
    modn::encode(words.as_ref(), &mut out);
    out
}

/// This module's a·b and a + b for a, b below n, through Montgomery form
/// as ECDSA uses it.
fn mine<R: Reference>(a: &[u8], b: &[u8]) -> [Vec<u8>; 2] {
    let m = &R::Curve::MODULUS;
    let (a, b) = (words::<R>(a), words::<R>(b));
    let product = modn::montymul(&to_montgomery::<R::Curve>(&a), &b, m);
    let mut sum = a;
    modn::add_mod(sum.as_mut(), b.as_ref(), m.n.as_ref());
    [bytes::<R>(&product), bytes::<R>(&sum)]
}

/// This module's 1/a (0 for 0) both ways: Fermat in Montgomery form (out of
/// it by a product with 1) and the variable-time inversion.
fn mine_inverses<R: Reference>(a: &[u8]) -> [Vec<u8>; 2] {
    let m = &R::Curve::MODULUS;
    let a = words::<R>(a);
    let fermat = modn::montymul(&invert::<R::Curve>(&to_montgomery::<R::Curve>(&a)), &words::<R>(&[1]), m);
    [bytes::<R>(&fermat), bytes::<R>(&modn::invert_vartime(&a, &m.n))]
}

/// n + v (below 2^(8·LEN) for the small v used here).
fn order_plus<R: Reference>(v: u8) -> Vec<u8> {
    let mut out = R::Curve::ORDER.as_ref().to_vec();
    let mut carry = u16::from(v);
    for byte in out.iter_mut().rev() {
        let s = u16::from(*byte) + carry;
        *byte = s as u8;
        carry = s >> 8;
    }
    assert_eq!(carry, 0);
    out
}

pub(super) fn montgomery_matches_the_crate<R: Reference>() {
    let mut rng = rng(10);
    for round in 0..200 {
        let (a, b) = (R::random_scalar(&mut rng), R::random_scalar(&mut rng));
        let [product, sum, inverse] = R::scalar(&a, &b);
        assert_eq!(mine::<R>(&a, &b), [product, sum], "{round}");
        if round < 20 {
            assert_eq!(mine_inverses::<R>(&a), [inverse.clone(), inverse], "inverse {round}");
        }
        // Reduction of any value of n's length (below 2n).
        let v = random_bytes(&mut rng, R::LEN);
        assert_eq!(bytes::<R>(&reduce::<R::Curve>(&v)), R::reduce(&v));
        assert_eq!(bytes::<R>(&words::<R>(&a)), a);
    }
}

pub(super) fn edge_values<R: Reference>() {
    let n = R::Curve::ORDER.as_ref().to_vec();
    let small = |v: u8| {
        let mut b = vec![0u8; R::LEN];
        b[R::LEN - 1] = v;
        b
    };
    let minus = |d: u8| {
        let mut b = n.clone();
        *b.last_mut().unwrap() -= d;
        b
    };
    let values = [small(0), small(1), small(2), minus(1), minus(2), {
        let mut high = small(0);
        high[0] = 0x80;
        high
    }];
    for a in &values {
        let [_, _, inverse] = R::scalar(a, a);
        assert_eq!(mine_inverses::<R>(a), [inverse.clone(), inverse]);
        for b in &values {
            let [product, sum, _] = R::scalar(a, b);
            assert_eq!(mine::<R>(a, b), [product, sum], "{a:02x?} {b:02x?}");
        }
    }
    // Values at and above n reduce; so does the largest.
    for v in [n.clone(), order_plus::<R>(1), order_plus::<R>(200), vec![0xff; R::LEN], minus(1)] {
        assert_eq!(bytes::<R>(&reduce::<R::Curve>(&v)), R::reduce(&v));
    }
    assert_eq!(bytes::<R>(&reduce::<R::Curve>(&n)), small(0));
    let (zero, one, n_words) = (words::<R>(&small(0)), words::<R>(&small(1)), words::<R>(&n));
    assert_eq!(modn::is_zero(zero.as_ref()), 1);
    assert_eq!(modn::is_zero(one.as_ref()), 0);
    assert_eq!(modn::less_than(zero.as_ref(), n_words.as_ref()), 1);
    assert_eq!(modn::less_than(words::<R>(&minus(1)).as_ref(), n_words.as_ref()), 1);
    assert_eq!(modn::less_than(n_words.as_ref(), n_words.as_ref()), 0);
    assert_eq!(modn::less_than(words::<R>(&order_plus::<R>(1)).as_ref(), n_words.as_ref()), 0);
    // The constants.
    assert_eq!(n_words.as_ref(), R::Curve::MODULUS.n.as_ref());
    let m = &R::Curve::MODULUS;
    let n0 = m.n.as_ref()[0];
    assert_eq!(n0.wrapping_mul(m.n0i) & 0x7fff, 0x7fff, "n0i = -1/n mod 2^15");
    // 2n < R: n's top word below 2^14.
    assert!(*m.n.as_ref().last().unwrap() < 0x4000);
    // R² mod n: R·R·R/R... 1·R² /R = R mod n, and (R mod n)·(R mod n)/R = R.
    let r = modn::montymul(&one, &m.r2, m);
    assert_eq!(modn::montymul(&r, &r, m).as_ref(), r.as_ref());
    assert_eq!(modn::less_than(r.as_ref(), n_words.as_ref()), 1);
}
