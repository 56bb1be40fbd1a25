/*
 * The LX106 per-operation benchmark, run by QEMU (`-M sim -cpu lx106
 * -icount shift=0 -semihosting`, `build.py ops`): P-256 keygen, ECDH,
 * ECDSA sign and verify, P-384 keygen, ECDSA sign and verify, each by the
 * p256 or p384 crate's arithmetic ("rustcrypto") and by rtls' narrow-ec
 * ("narrow") on the same inputs, and X25519 and Ed25519 keygen, sign and
 * verify by the dalek crates ("dalek") and by narrow-ec. Prints for build.py
 *   RESULT <op> <impl> rc=<1 ok> instructions=<N> stack_peak=<bytes>
 * and exits 1 when an operation fails or the two implementations disagree
 * (counting and stack painting: guest.h; entry points:
 * ../harness/src/ops.rs).
 */
#include <stddef.h>
#include <stdint.h>

#include "guest.h"

int rtls_lx106_op_p256_keygen(int imp, const uint8_t k[32], uint8_t public_key[65]);
int rtls_lx106_op_p256_ecdh(int imp, const uint8_t k[32], const uint8_t peer[65], uint8_t shared[32]);
int rtls_lx106_op_p256_sign(int imp, const uint8_t d[32], const uint8_t z[32], uint8_t sig[64]);
int rtls_lx106_op_p256_verify(int imp, const uint8_t q[65], const uint8_t z[32], const uint8_t sig[64]);
int rtls_lx106_op_p384_keygen(int imp, const uint8_t k[48], uint8_t public_key[97]);
int rtls_lx106_op_p384_sign(int imp, const uint8_t d[48], const uint8_t z[48], uint8_t sig[96]);
int rtls_lx106_op_p384_verify(int imp, const uint8_t q[97], const uint8_t z[48], const uint8_t sig[96]);
int rtls_lx106_op_x25519(int imp, const uint8_t k[32], const uint8_t u[32], uint8_t shared[32]);
int rtls_lx106_op_ed25519_keygen(int imp, const uint8_t seed[32], uint8_t public_key[32]);
int rtls_lx106_op_ed25519_sign(int imp, const uint8_t seed[32], const uint8_t m[32], uint8_t sig[64]);
int rtls_lx106_op_ed25519_verify(int imp, const uint8_t a[32], const uint8_t m[32], const uint8_t sig[64]);

static const char *const IMPL[2] = {"rustcrypto", "narrow"};
static const char *const IMPL25519[2] = {"dalek", "narrow"};

/* Two secret scalars below n and a digest (arbitrary fixed bytes). */
static const uint8_t K1[32] = {
    0x4c, 0x8f, 0x1e, 0x62, 0x97, 0x3a, 0x05, 0xd1, 0x6b, 0x20, 0xee, 0x7c, 0x91, 0x58, 0x33, 0xaf,
    0x02, 0xc4, 0x7d, 0x19, 0xb6, 0x5e, 0x80, 0x2a, 0xf3, 0x11, 0x6d, 0x94, 0x3b, 0xc7, 0x08, 0x5e,
};
static const uint8_t K2[32] = {
    0x9a, 0x31, 0x7b, 0xe4, 0x06, 0xd8, 0x52, 0x1f, 0xc3, 0x8e, 0x24, 0x6a, 0xb9, 0x0d, 0x75, 0xf2,
    0x13, 0x48, 0xaa, 0xde, 0x67, 0x3c, 0x90, 0x05, 0xbe, 0x21, 0xf4, 0x59, 0x86, 0x1a, 0xcd, 0x70,
};
static const uint8_t Z[32] = {
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
};
/* A P-384 secret scalar below n and a SHA-384-sized digest. */
static const uint8_t K384[48] = {
    0x3b, 0x91, 0x0e, 0xc4, 0x72, 0x1d, 0xa8, 0x55, 0xe0, 0x4f, 0x86, 0x2b, 0x9c, 0x17, 0xd3, 0x60,
    0xaa, 0x08, 0x5b, 0xf1, 0x36, 0xc9, 0x7e, 0x24, 0x8d, 0x41, 0xb2, 0x6f, 0x13, 0xe8, 0x57, 0x9a,
    0x02, 0xcd, 0x64, 0xb8, 0x1f, 0x73, 0xea, 0x45, 0x90, 0x2e, 0xd7, 0x6c, 0x38, 0xa1, 0x5f, 0x0b,
};
static const uint8_t Z384[48] = {
    0x38, 0xb0, 0x60, 0xa7, 0x51, 0xac, 0x96, 0x38, 0x4c, 0xd9, 0x32, 0x7e, 0xb1, 0xb1, 0xe3, 0x6a,
    0x21, 0xfd, 0xb7, 0x11, 0x14, 0xbe, 0x07, 0x43, 0x4c, 0x0c, 0xc7, 0xbf, 0x63, 0xf6, 0xe1, 0xda,
    0x27, 0x4e, 0xde, 0xbf, 0xe7, 0x6f, 0x65, 0xfb, 0xd5, 0x1a, 0xd2, 0xf1, 0x48, 0x98, 0xb9, 0x5b,
};
static const uint8_t X25519_BASE[32] = {9};

static uint8_t public1[2][65], public2[65], shared[2][32], sig[2][64];
static uint8_t x25519_public[2][32], x25519_out[2][32], ed_public[2][32], ed_sig[2][64];
static uint8_t public384[2][97], sig384[2][96];

static void report(const char *op, const char *imp, uint32_t start, int rc) {
    put("RESULT ");
    put(op);
    put(" ");
    put(imp);
    put(" rc=");
    put_num(rc);
    put_counts(start);
    put("\n");
    if (rc != 1) {
        fail(op, rc);
    }
}

/* Times `call` (an int expression) in this frame. */
#define MEASURE(op, imp, call)          \
    do {                                \
        uint32_t start_;                \
        BEGIN(start_);                  \
        int rc_ = (call);               \
        report((op), (imp), start_, rc_); \
    } while (0)

static int differ(const uint8_t *a, const uint8_t *b, size_t n) {
    uint8_t d = 0;
    for (size_t i = 0; i < n; i++) {
        d |= a[i] ^ b[i];
    }
    return d != 0;
}

int main(void) {
    if (rtls_lx106_op_p256_keygen(1, K2, public2) != 1) {
        fail("peer key", 0);
    }
    for (int imp = 0; imp < 2; imp++) {
        MEASURE("p256_keygen", IMPL[imp], rtls_lx106_op_p256_keygen(imp, K1, public1[imp]));
        MEASURE("p256_ecdh", IMPL[imp], rtls_lx106_op_p256_ecdh(imp, K1, public2, shared[imp]));
        MEASURE("p256_sign", IMPL[imp], rtls_lx106_op_p256_sign(imp, K1, Z, sig[imp]));
        MEASURE("p256_verify", IMPL[imp], rtls_lx106_op_p256_verify(imp, public1[0], Z, sig[0]));
    }
    if (differ(public1[0], public1[1], 65) || differ(shared[0], shared[1], 32) ||
        differ(sig[0], sig[1], 64)) {
        fail("implementations disagree", 0);
    }
    /* A modified signature must fail with both. */
    sig[0][10] ^= 1;
    if (rtls_lx106_op_p256_verify(0, public1[0], Z, sig[0]) || rtls_lx106_op_p256_verify(1, public1[0], Z, sig[0])) {
        fail("verify accepted a modified signature", 0);
    }
    for (int imp = 0; imp < 2; imp++) {
        MEASURE("p384_keygen", IMPL[imp], rtls_lx106_op_p384_keygen(imp, K384, public384[imp]));
        MEASURE("p384_sign", IMPL[imp], rtls_lx106_op_p384_sign(imp, K384, Z384, sig384[imp]));
        MEASURE("p384_verify", IMPL[imp], rtls_lx106_op_p384_verify(imp, public384[0], Z384, sig384[0]));
    }
    if (differ(public384[0], public384[1], 97) || differ(sig384[0], sig384[1], 96)) {
        fail("P-384 implementations disagree", 0);
    }
    sig384[0][20] ^= 1;
    if (rtls_lx106_op_p384_verify(0, public384[0], Z384, sig384[0]) ||
        rtls_lx106_op_p384_verify(1, public384[0], Z384, sig384[0])) {
        fail("P-384 verify accepted a modified signature", 0);
    }
    /* X25519: a public key, then a shared secret with it (K1 and K2 as
     * X25519 scalars and an Ed25519 seed; Z as the message). */
    for (int imp = 0; imp < 2; imp++) {
        MEASURE("x25519", IMPL25519[imp], rtls_lx106_op_x25519(imp, K1, X25519_BASE, x25519_public[imp]));
        rtls_lx106_op_x25519(imp, K2, x25519_public[imp], x25519_out[imp]);
        MEASURE("ed25519_keygen", IMPL25519[imp], rtls_lx106_op_ed25519_keygen(imp, K1, ed_public[imp]));
        MEASURE("ed25519_sign", IMPL25519[imp], rtls_lx106_op_ed25519_sign(imp, K1, Z, ed_sig[imp]));
        MEASURE("ed25519_verify", IMPL25519[imp], rtls_lx106_op_ed25519_verify(imp, ed_public[0], Z, ed_sig[0]));
    }
    if (differ(x25519_public[0], x25519_public[1], 32) || differ(x25519_out[0], x25519_out[1], 32) ||
        differ(ed_public[0], ed_public[1], 32) || differ(ed_sig[0], ed_sig[1], 64)) {
        fail("Curve25519 implementations disagree", 0);
    }
    ed_sig[0][40] ^= 1;
    if (rtls_lx106_op_ed25519_verify(0, ed_public[0], Z, ed_sig[0]) ||
        rtls_lx106_op_ed25519_verify(1, ed_public[0], Z, ed_sig[0])) {
        fail("Ed25519 verify accepted a modified signature", 0);
    }
    return 0;
}
