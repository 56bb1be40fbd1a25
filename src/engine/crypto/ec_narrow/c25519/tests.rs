//! X25519 and Ed25519 against their RFCs' vectors and against x25519-dalek
//! and ed25519-dalek on deterministic pseudo-random inputs and the edge
//! cases (small-order points, non-canonical encodings, S not below l).

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;

use super::edwards::Point;
use super::field::Fe;
use super::{ed25519, x25519};
use crate::engine::crypto::ec_narrow::field::Field;
use crate::engine::crypto::tests::hex;

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn array<const N: usize>(text: &str) -> [u8; N] {
    hex(text).try_into().unwrap()
}

fn random<const N: usize>(rng: &mut ChaCha20Rng) -> [u8; N] {
    let mut bytes = [0u8; N];
    rng.fill_bytes(&mut bytes);
    bytes
}

/// p = 2^255 - 19, little-endian.
const P: [u8; 32] = {
    let mut p = [0xff; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    p
};

/// x + small (little-endian, no overflow past 2^256).
fn plus(x: &[u8; 32], small: u32) -> [u8; 32] {
    let mut out = *x;
    let mut carry = small;
    for b in out.iter_mut() {
        let s = u32::from(*b) + carry;
        *b = s as u8;
        carry = s >> 8;
    }
    out
}

#[test]
fn field_edges() {
    // p - 1 = -1, and the largest values the limbs can hold.
    let mut p_minus_1 = P;
    p_minus_1[0] -= 1;
    let (m1, ok) = Fe::from_le(&p_minus_1);
    assert!(ok);
    assert_eq!(m1.square().to_le(), plus(&[0; 32], 1));
    let (p_fe, ok) = Fe::from_le(&P);
    assert!(!ok);
    assert_eq!(p_fe.to_le(), [0; 32]);
    let top = Fe::from_limbs([0x1fff; 20]);
    // (2^260 - 1)² mod p, two ways: as a product, and as (608 - 1)².
    let (small, _) = Fe::from_le(&plus(&[0; 32], 607 * 607));
    assert_eq!(top.square().to_le(), small.reduced().to_le());
    assert_eq!(top.mul(&top.invert()).to_le(), plus(&[0; 32], 1));
    assert_eq!(Fe::ZERO.invert().to_le(), [0; 32]);
    let mut r = rng(1);
    for _ in 0..50 {
        let (a, _) = Fe::from_le(&random(&mut r));
        let (b, _) = Fe::from_le(&random(&mut r));
        assert_eq!(a.mul(&b).mul(&b.invert()).to_le(), a.to_le());
        // a^((p-5)/8)^8 · a^5 = a^(p - 5 + 5) = a^p = a.
        let a5 = a.square().square().mul(&a);
        assert_eq!(a.pow_p58().square_n(3).mul(&a5).to_le(), a.to_le());
    }
}

/// RFC 7748 §5.2: two single computations and the first iteration.
#[test]
fn x25519_rfc7748_vectors() {
    let cases = [
        (
            "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
            "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
            "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        ),
        (
            "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
            "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
            "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
        ),
        (
            "0900000000000000000000000000000000000000000000000000000000000000",
            "0900000000000000000000000000000000000000000000000000000000000000",
            "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079",
        ),
    ];
    for (k, u, out) in cases {
        let out = hex(out);
        assert_eq!(x25519::x25519(&array(k), &array(u))[..], out[..]);
    }
}

/// RFC 7748 §6.1: Alice's and Bob's keys and their shared secret.
#[test]
fn x25519_rfc7748_diffie_hellman() {
    let alice = x25519::SecretKey::from_bytes(array("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    let bob = x25519::SecretKey::from_bytes(array("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
    let alice_public = alice.public_key();
    let bob_public = bob.public_key();
    assert_eq!(alice_public, array("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
    assert_eq!(bob_public, array("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
    let shared: [u8; 32] = array("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assert_eq!(alice.diffie_hellman(&bob_public), Some(shared));
    assert_eq!(bob.diffie_hellman(&alice_public), Some(shared));
    assert_eq!(format!("{alice:?}"), "SecretKey(..)");
    // A point of small order gives all zeros: refused.
    assert_eq!(alice.diffie_hellman(&[0; 32]), None);
    assert_eq!(alice.diffie_hellman(&plus(&[0; 32], 1)), None);
}

#[test]
fn x25519_matches_dalek() {
    let mut r = rng(2);
    for round in 0..40 {
        let k: [u8; 32] = random(&mut r);
        let mut u: [u8; 32] = random(&mut r);
        match round % 4 {
            // Non-canonical u (p..2^255) and u with the top bit set.
            0 => u = plus(&P, u32::from(u[0] % 19)),
            1 => u[31] |= 0x80,
            _ => {}
        }
        assert_eq!(x25519::x25519(&k, &u), x25519_dalek::x25519(k, u), "round {round}");
        let secret = x25519::SecretKey::random(&mut rng(round));
        let dalek = x25519_dalek::StaticSecret::random_from_rng(rng(round));
        assert_eq!(secret.public_key(), *x25519_dalek::PublicKey::from(&dalek).as_bytes());
    }
}

/// RFC 8032 §7.1, TESTs 1, 2, 3 and SHA(abc): key, signature, verification.
#[test]
fn ed25519_rfc8032_vectors() {
    let cases = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        ),
        (
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
        ),
        (
            "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
        ),
    ];
    for (seed, public, message, signature) in cases {
        let (seed, public, message) = (array::<32>(seed), array::<32>(public), hex(message));
        assert_eq!(ed25519::public_key(&seed), public);
        let signature = array::<64>(signature);
        assert_eq!(ed25519::sign(&seed, &message), signature);
        assert!(ed25519::verify(&public, &message, &signature));
        let mut bad = signature;
        bad[63] ^= 0x01;
        assert!(!ed25519::verify(&public, &message, &bad));
    }
}

/// ed25519-dalek's answer, with the checks of src/engine/x509/signature.rs
/// (key: canonical, not weak; then `verify_strict`).
fn dalek_verify(public: &[u8; 32], message: &[u8], signature: &[u8; 64]) -> bool {
    let Some(key) = dalek_key(public) else { return false };
    key.verify_strict(message, &ed25519_dalek::Signature::from_bytes(signature)).is_ok()
}

fn dalek_key(public: &[u8; 32]) -> Option<VerifyingKey> {
    let key = VerifyingKey::from_bytes(public).ok()?;
    (key.to_edwards().compress().as_bytes() == public && !key.is_weak()).then_some(key)
}

/// What dalek says of R (decodes, not of small order).
fn dalek_r_usable(r: &[u8; 32]) -> bool {
    let point = curve25519_dalek::edwards::CompressedEdwardsY(*r).decompress();
    point.is_some_and(|point| !point.is_small_order())
}

/// Encodings to try as keys and as R: the small-order points, their
/// non-canonical forms, y ≥ p, x = 0 with the sign bit, and random bytes.
fn edge_encodings(r: &mut ChaCha20Rng) -> Vec<[u8; 32]> {
    let mut out = Vec::new();
    for point in curve25519_dalek::constants::EIGHT_TORSION {
        let bytes = point.compress().to_bytes();
        out.push(bytes);
        let mut flipped = bytes;
        flipped[31] ^= 0x80;
        out.push(flipped);
    }
    for small in 0..19 {
        for sign in [0, 0x80] {
            let mut y = plus(&P, small);
            y[31] |= sign;
            out.push(y);
            let mut y = plus(&[0; 32], small);
            y[31] |= sign;
            out.push(y);
        }
    }
    for _ in 0..40 {
        out.push(random(r));
    }
    out
}

#[test]
fn ed25519_decoding_matches_dalek() {
    let mut r = rng(3);
    for bytes in edge_encodings(&mut r) {
        assert_eq!(ed25519::valid_key(&bytes), dalek_key(&bytes).is_some(), "{bytes:02x?}");
        assert_eq!(super::ed25519::tests_r_usable(&bytes), dalek_r_usable(&bytes), "{bytes:02x?}");
        let dalek = curve25519_dalek::edwards::CompressedEdwardsY(bytes).decompress();
        let ours = Point::decode(&bytes);
        assert_eq!(ours.map(|(p, _)| p.encode()), dalek.map(|p| p.compress().to_bytes()), "{bytes:02x?}");
    }
}

#[test]
fn ed25519_matches_dalek() {
    let mut r = rng(4);
    let l: [u8; 32] = array("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
    for round in 0..24 {
        let seed: [u8; 32] = random(&mut r);
        let message = random::<40>(&mut r)[..round % 41].to_vec();
        let key = SigningKey::from_bytes(&seed);
        let public = key.verifying_key().to_bytes();
        assert_eq!(ed25519::public_key(&seed), public);
        let signature = ed25519::sign(&seed, &message);
        assert_eq!(signature, key.sign(&message).to_bytes(), "round {round}");
        let mut cases = vec![(public, message.clone(), signature)];
        // One bit flipped in the signature, the message or the key.
        let bit = r.next_u32() as usize;
        let mut sig = signature;
        sig[bit / 8 % 64] ^= 1 << (bit % 8);
        cases.push((public, message.clone(), sig));
        let mut pk = public;
        pk[bit / 8 % 32] ^= 1 << (bit % 8);
        cases.push((pk, message.clone(), signature));
        let mut msg = message.clone();
        msg.push(0);
        cases.push((public, msg, signature));
        // S + l (the same scalar, not canonical) and S with the top bits.
        let mut sig = signature;
        let mut carry = 0u16;
        for i in 0..32 {
            let s = u16::from(sig[32 + i]) + u16::from(l[i]) + carry;
            sig[32 + i] = s as u8;
            carry = s >> 8;
        }
        cases.push((public, message.clone(), sig));
        let mut sig = signature;
        sig[63] |= 0xe0;
        cases.push((public, message.clone(), sig));
        // Keys and Rs that are edge encodings, and the key plus a point of
        // order 2 (not of small order itself).
        let edges = edge_encodings(&mut r);
        let edge = edges[r.next_u32() as usize % edges.len()];
        cases.push((edge, message.clone(), signature));
        let mut sig = signature;
        sig[..32].copy_from_slice(&edge);
        cases.push((public, message.clone(), sig));
        let torsion = curve25519_dalek::constants::EIGHT_TORSION[4];
        let shifted = (key.verifying_key().to_edwards() + torsion).compress().to_bytes();
        cases.push((shifted, message.clone(), signature));
        for (i, (pk, msg, sig)) in cases.iter().enumerate() {
            let expected = dalek_verify(pk, msg, sig);
            assert_eq!(ed25519::verify(pk, msg, sig), expected, "round {round} case {i}");
            assert_eq!(expected, i == 0, "round {round} case {i}");
        }
    }
    // Wrong lengths.
    let seed = [7u8; 32];
    let signature = ed25519::sign(&seed, b"m");
    let public = ed25519::public_key(&seed);
    assert!(ed25519::verify(&public, b"m", &signature));
    assert!(!ed25519::verify(&public[..31], b"m", &signature));
    assert!(!ed25519::verify(&public, b"m", &signature[..63]));
}

/// A small-order R for which the cofactorless equation holds: with the key
/// A = A' + T (T of order 2, so A is not of small order itself), R = T and
/// an odd k, [S]B - [k]A = -[k]T = T = R for S = k·a mod l. Only the check
/// on R refuses it.
#[test]
fn ed25519_small_order_r_is_refused_although_the_equation_holds() {
    let seed = [5u8; 32];
    let torsion = curve25519_dalek::constants::EIGHT_TORSION[4];
    let key = SigningKey::from_bytes(&seed);
    let public = (key.verifying_key().to_edwards() + torsion).compress().to_bytes();
    let r = torsion.compress().to_bytes();
    let mut hash = <sha2::Sha512 as sha2::Digest>::digest(seed);
    hash[0] &= 248;
    hash[31] = (hash[31] & 127) | 64;
    let a: [u8; 32] = hash[..32].try_into().unwrap();
    let mut found = 0;
    for m in 0u8..16 {
        let k = super::scalar::reduce_wide(&{
            let mut h = <sha2::Sha512 as sha2::Digest>::new();
            sha2::Digest::update(&mut h, r);
            sha2::Digest::update(&mut h, public);
            sha2::Digest::update(&mut h, [m]);
            sha2::Digest::finalize(h).into()
        });
        if k[0] & 1 == 0 {
            continue;
        }
        let s = super::scalar::to_le(&super::scalar::mul_add(&[0; 18], &k, &a));
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&r);
        signature[32..].copy_from_slice(&s);
        let (point, _) = Point::decode(&public).unwrap();
        assert_eq!(point.neg().mul_double_vartime(&super::scalar::to_le(&k), &s).encode(), r);
        assert!(!dalek_verify(&public, &[m], &signature));
        assert!(!ed25519::verify(&public, &[m], &signature));
        found += 1;
    }
    assert!(found > 0);
}

/// [k]B against curve25519-dalek for the scalars at the ends of the
/// recoding's range (every window 0, 4 or 7 before and after the added
/// 4·8^i, the top bit set or not) and random ones below 2^255.
#[test]
fn mul_base_matches_dalek() {
    use curve25519_dalek::{constants::ED25519_BASEPOINT_POINT, Scalar};
    let mut r = rng(5);
    let mut scalars = vec![[0u8; 32], [0xff; 32], plus(&[0; 32], 1), plus(&[0; 32], 4), P];
    scalars[1][31] = 0x7f;
    for fill in [0x24u8, 0x49, 0x92, 0xdb, 0x6d, 0xb6] {
        let mut k = [fill; 32];
        k[31] &= 0x7f;
        scalars.push(k);
    }
    for _ in 0..16 {
        let mut k: [u8; 32] = random(&mut r);
        k[31] &= 0x7f;
        scalars.push(k);
    }
    for k in scalars {
        // Bit 255 is clear: k is the integer the dalek scalar multiplies by.
        let expected = (ED25519_BASEPOINT_POINT * Scalar::from_bytes_mod_order(k)).compress().to_bytes();
        assert_eq!(Point::mul_base(&k).encode(), expected, "k = {k:02x?}");
    }
}
