//! One operation per call, for `make lx106-ops` (../qemu/ops.c times each
//! call): P-256 keygen, ECDH, ECDSA sign and verify by the p256 crate's own
//! arithmetic (`impl = 0`, "rustcrypto") and by rtls' narrow-p256 point
//! multiplications (`impl = 1`, "narrow"), and X25519 (x25519-dalek).
//! Inputs and outputs are fixed-size byte arrays; each returns 1 on
//! success, 0 on failure.

use core::slice;

use ecdsa::hazmat::SignPrimitive;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rtls::engine::p256_narrow;
use p256::ecdsa::signature::hazmat::PrehashVerifier;

unsafe fn array<'a, const N: usize>(ptr: *const u8) -> &'a [u8; N] {
    &*ptr.cast::<[u8; N]>()
}

unsafe fn out<'a>(ptr: *mut u8, len: usize) -> &'a mut [u8] {
    slice::from_raw_parts_mut(ptr, len)
}

/// Public key (65 bytes, uncompressed) of the secret scalar `k` (32).
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p256_keygen(imp: i32, k: *const u8, public: *mut u8) -> i32 {
    let k = array::<32>(k);
    let point = if imp == 0 {
        let Ok(secret) = p256::SecretKey::from_bytes(&(*k).into()) else { return 0 };
        let mut bytes = [0u8; 65];
        bytes.copy_from_slice(secret.public_key().to_encoded_point(false).as_bytes());
        Some(bytes)
    } else {
        p256_narrow::mul_base(k)
    };
    point.map(|p| out(public, 65).copy_from_slice(&p)).is_some() as i32
}

/// x of k·peer (32 bytes) for a secret `k` (32) and a peer point (65).
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p256_ecdh(imp: i32, k: *const u8, peer: *const u8, shared: *mut u8) -> i32 {
    let (k, peer) = (array::<32>(k), array::<65>(peer));
    let x = if imp == 0 {
        let Ok(secret) = p256::SecretKey::from_bytes(&(*k).into()) else { return 0 };
        let Ok(public) = p256::PublicKey::from_sec1_bytes(peer) else { return 0 };
        let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(shared.raw_secret_bytes());
        Some(bytes)
    } else {
        p256_narrow::ecdh(k, peer)
    };
    x.map(|x| out(shared, 32).copy_from_slice(&x)).is_some() as i32
}

/// Deterministic ECDSA (RFC 6979, SHA-256) of digest `z` (32) with secret
/// `d` (32): r || s (64 bytes).
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p256_sign(imp: i32, d: *const u8, z: *const u8, sig: *mut u8) -> i32 {
    let (d, z) = (array::<32>(d), array::<32>(z));
    let Some(d) = Option::<p256::NonZeroScalar>::from(p256::NonZeroScalar::from_repr((*d).into())) else {
        return 0;
    };
    let signature = if imp == 0 {
        d.as_ref().try_sign_prehashed_rfc6979::<sha2::Sha256>(&(*z).into(), &[]).ok().map(|(s, _)| s)
    } else {
        p256_narrow::ecdsa::sign_prehashed(&d, z)
    };
    signature.map(|s| out(sig, 64).copy_from_slice(&s.to_bytes())).is_some() as i32
}

/// ECDSA verification of r || s (64) over digest `z` (32) with public key
/// `q` (65): 1 if valid.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p256_verify(imp: i32, q: *const u8, z: *const u8, sig: *const u8) -> i32 {
    let (q, z, sig) = (array::<65>(q), array::<32>(z), array::<64>(sig));
    if imp == 0 {
        let Ok(key) = p256::ecdsa::VerifyingKey::from_sec1_bytes(q) else { return 0 };
        let Ok(signature) = p256::ecdsa::Signature::from_slice(sig) else { return 0 };
        key.verify_prehash(z, &signature).is_ok() as i32
    } else {
        p256_narrow::ecdsa::verify_prehashed(q, z, sig) as i32
    }
}

/// X25519(k, u) (RFC 7748): 32 bytes each.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_x25519(k: *const u8, u: *const u8, shared: *mut u8) -> i32 {
    out(shared, 32).copy_from_slice(&x25519_dalek::x25519(*array::<32>(k), *array::<32>(u)));
    1
}
