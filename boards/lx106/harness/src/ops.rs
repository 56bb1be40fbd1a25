//! One operation per call, for `make lx106-ops` (../qemu/ops.c times each
//! call): P-256 keygen, ECDH, ECDSA sign and verify, P-384 keygen, ECDSA
//! sign and verify, each by the p256 or p384 crate (`impl = 0`,
//! "rustcrypto") and by rtls' narrow-ec (`impl = 1`, "narrow"), and X25519,
//! Ed25519 key derivation, signing and verification, each by the dalek
//! crates (`impl = 0`, "dalek") and by narrow-ec (`impl = 1`).
//! Inputs and outputs are fixed-size byte arrays; each returns 1 on
//! success, 0 on failure. Each implementation is a function of its own,
//! never inlined, so that the stack measured for one does not include the
//! other's frame.

use core::slice;

use ecdsa::hazmat::SignPrimitive;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rtls::engine::internals::ec_narrow::c25519::{ed25519 as narrow_ed25519, x25519 as narrow_x25519};
use rtls::engine::internals::ec_narrow::{p256 as narrow256, p384 as narrow384};

unsafe fn array<'a, const N: usize>(ptr: *const u8) -> &'a [u8; N] {
    &*ptr.cast::<[u8; N]>()
}

unsafe fn out<'a>(ptr: *mut u8, len: usize) -> &'a mut [u8] {
    slice::from_raw_parts_mut(ptr, len)
}

/// Writes `result` to `ptr` and returns 1, or returns 0 for `None`.
unsafe fn put<const N: usize>(result: Option<[u8; N]>, ptr: *mut u8) -> i32 {
    result.map(|bytes| out(ptr, N).copy_from_slice(&bytes)).is_some() as i32
}

/// Public key (65 bytes, uncompressed) of the secret scalar `k` (32).
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p256_keygen(imp: i32, k: *const u8, public: *mut u8) -> i32 {
    let k = array::<32>(k);
    put(if imp == 0 { p256_keygen(k) } else { narrow256::mul_base(k) }, public)
}

#[inline(never)]
fn p256_keygen(k: &[u8; 32]) -> Option<[u8; 65]> {
    let secret = p256::SecretKey::from_bytes(&(*k).into()).ok()?;
    secret.public_key().to_encoded_point(false).as_bytes().try_into().ok()
}

/// x of k·peer (32 bytes) for a secret `k` (32) and a peer point (65).
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p256_ecdh(imp: i32, k: *const u8, peer: *const u8, shared: *mut u8) -> i32 {
    let (k, peer) = (array::<32>(k), array::<65>(peer));
    put(if imp == 0 { p256_ecdh(k, peer) } else { narrow256::ecdh(k, peer) }, shared)
}

#[inline(never)]
fn p256_ecdh(k: &[u8; 32], peer: &[u8; 65]) -> Option<[u8; 32]> {
    let secret = p256::SecretKey::from_bytes(&(*k).into()).ok()?;
    let public = p256::PublicKey::from_sec1_bytes(peer).ok()?;
    let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
    shared.raw_secret_bytes().as_slice().try_into().ok()
}

/// Deterministic ECDSA (RFC 6979, SHA-256) of digest `z` (32) with secret
/// `d` (32): r || s (64 bytes).
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p256_sign(imp: i32, d: *const u8, z: *const u8, sig: *mut u8) -> i32 {
    let (d, z) = (array::<32>(d), array::<32>(z));
    put(if imp == 0 { p256_sign(d, z) } else { narrow_p256_sign(d, z) }, sig)
}

#[inline(never)]
fn p256_sign(d: &[u8; 32], z: &[u8; 32]) -> Option<[u8; 64]> {
    let d = Option::<p256::NonZeroScalar>::from(p256::NonZeroScalar::from_repr((*d).into()))?;
    let (signature, _) = d.as_ref().try_sign_prehashed_rfc6979::<sha2::Sha256>(&(*z).into(), &[]).ok()?;
    Some(signature.to_bytes().into())
}

#[inline(never)]
fn narrow_p256_sign(d: &[u8; 32], z: &[u8; 32]) -> Option<[u8; 64]> {
    narrow256::sign_prehashed(d, z)
}

/// ECDSA verification of r || s (64) over digest `z` (32) with public key
/// `q` (65): 1 if valid.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p256_verify(imp: i32, q: *const u8, z: *const u8, sig: *const u8) -> i32 {
    let (q, z, sig) = (array::<65>(q), array::<32>(z), array::<64>(sig));
    (if imp == 0 { p256_verify(q, z, sig) } else { narrow_p256_verify(q, z, sig) }) as i32
}

#[inline(never)]
fn p256_verify(q: &[u8; 65], z: &[u8; 32], sig: &[u8; 64]) -> bool {
    let Ok(key) = p256::ecdsa::VerifyingKey::from_sec1_bytes(q) else { return false };
    let Ok(signature) = p256::ecdsa::Signature::from_slice(sig) else { return false };
    key.verify_prehash(z, &signature).is_ok()
}

#[inline(never)]
fn narrow_p256_verify(q: &[u8; 65], z: &[u8; 32], sig: &[u8; 64]) -> bool {
    narrow256::verify_prehashed(q, z, sig)
}

/// Public key (97 bytes, uncompressed) of the P-384 secret scalar `k` (48).
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p384_keygen(imp: i32, k: *const u8, public: *mut u8) -> i32 {
    let k = array::<48>(k);
    put(if imp == 0 { p384_keygen(k) } else { narrow384::mul_base(k) }, public)
}

#[inline(never)]
fn p384_keygen(k: &[u8; 48]) -> Option<[u8; 97]> {
    let secret = p384::SecretKey::from_slice(k).ok()?;
    secret.public_key().to_encoded_point(false).as_bytes().try_into().ok()
}

/// Deterministic ECDSA (RFC 6979, SHA-384) of digest `z` (48) with secret
/// `d` (48): r || s (96 bytes).
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p384_sign(imp: i32, d: *const u8, z: *const u8, sig: *mut u8) -> i32 {
    let (d, z) = (array::<48>(d), array::<48>(z));
    put(if imp == 0 { p384_sign(d, z) } else { narrow_p384_sign(d, z) }, sig)
}

#[inline(never)]
fn p384_sign(d: &[u8; 48], z: &[u8; 48]) -> Option<[u8; 96]> {
    let d = p384::NonZeroScalar::from_repr(*p384::FieldBytes::from_slice(d));
    let d = Option::<p384::NonZeroScalar>::from(d)?;
    let (signature, _) = d
        .as_ref()
        .try_sign_prehashed_rfc6979::<sha2::Sha384>(p384::FieldBytes::from_slice(z), &[])
        .ok()?;
    signature.to_bytes().as_slice().try_into().ok()
}

#[inline(never)]
fn narrow_p384_sign(d: &[u8; 48], z: &[u8; 48]) -> Option<[u8; 96]> {
    narrow384::sign_prehashed(d, z)
}

/// ECDSA verification of r || s (96) over digest `z` (48) with the P-384
/// public key `q` (97): 1 if valid.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_p384_verify(imp: i32, q: *const u8, z: *const u8, sig: *const u8) -> i32 {
    let (q, z, sig) = (array::<97>(q), array::<48>(z), array::<96>(sig));
    (if imp == 0 { p384_verify(q, z, sig) } else { narrow_p384_verify(q, z, sig) }) as i32
}

#[inline(never)]
fn p384_verify(q: &[u8; 97], z: &[u8; 48], sig: &[u8; 96]) -> bool {
    let Ok(key) = p384::ecdsa::VerifyingKey::from_sec1_bytes(q) else { return false };
    let Ok(signature) = p384::ecdsa::Signature::from_slice(sig) else { return false };
    key.verify_prehash(z, &signature).is_ok()
}

#[inline(never)]
fn narrow_p384_verify(q: &[u8; 97], z: &[u8; 48], sig: &[u8; 96]) -> bool {
    narrow384::verify_prehashed(q, z, sig)
}

/// X25519(k, u) (RFC 7748): 32 bytes each.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_x25519(imp: i32, k: *const u8, u: *const u8, shared: *mut u8) -> i32 {
    let (k, u) = (array::<32>(k), array::<32>(u));
    put(Some(if imp == 0 { dalek_x25519(k, u) } else { narrow_x25519::x25519(k, u) }), shared)
}

#[inline(never)]
fn dalek_x25519(k: &[u8; 32], u: &[u8; 32]) -> [u8; 32] {
    x25519_dalek::x25519(*k, *u)
}

/// The Ed25519 public key (32 bytes) of a 32-byte seed.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_ed25519_keygen(imp: i32, seed: *const u8, public: *mut u8) -> i32 {
    let seed = array::<32>(seed);
    put(Some(if imp == 0 { dalek_ed25519_keygen(seed) } else { narrow_ed25519::public_key(seed) }), public)
}

#[inline(never)]
fn dalek_ed25519_keygen(seed: &[u8; 32]) -> [u8; 32] {
    ed25519_dalek::SigningKey::from_bytes(seed).verifying_key().to_bytes()
}

/// The Ed25519 signature R || S (64 bytes) of a 32-byte message with the
/// key of a 32-byte seed.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_ed25519_sign(imp: i32, seed: *const u8, m: *const u8, sig: *mut u8) -> i32 {
    let (seed, m) = (array::<32>(seed), array::<32>(m));
    put(Some(if imp == 0 { dalek_ed25519_sign(seed, m) } else { narrow_ed25519::sign(seed, m) }), sig)
}

#[inline(never)]
fn dalek_ed25519_sign(seed: &[u8; 32], m: &[u8; 32]) -> [u8; 64] {
    use ed25519_dalek::Signer;
    ed25519_dalek::SigningKey::from_bytes(seed).sign(m).to_bytes()
}

/// Ed25519 verification of R || S (64) over a 32-byte message with the
/// public key `a` (32), with rtls' checks (canonical key not of small
/// order, then `verify_strict`'s): 1 if valid.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_op_ed25519_verify(imp: i32, a: *const u8, m: *const u8, sig: *const u8) -> i32 {
    let (a, m, sig) = (array::<32>(a), array::<32>(m), array::<64>(sig));
    (if imp == 0 { dalek_ed25519_verify(a, m, sig) } else { narrow_ed25519::verify(a, m, sig) }) as i32
}

#[inline(never)]
fn dalek_ed25519_verify(a: &[u8; 32], m: &[u8; 32], sig: &[u8; 64]) -> bool {
    let Ok(key) = ed25519_dalek::VerifyingKey::from_bytes(a) else { return false };
    if key.to_edwards().compress().as_bytes() != a || key.is_weak() {
        return false;
    }
    key.verify_strict(m, &ed25519_dalek::Signature::from_bytes(sig)).is_ok()
}
