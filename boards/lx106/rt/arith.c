/*
 * Integer helpers that LLVM's Xtensa code calls and that Debian's
 * xtensa-lx106 libgcc leaves out because the ESP8266 ROM has them
 * (eagle.rom.addr.v6.ld: __muldi3, __umulsidi3, __divsi3, __udivsi3,
 * __umodsi3, __udivdi3, __umoddi3, __divdi3). For builds without the ROM:
 * the link check and the QEMU harness. A firmware takes the ROM's.
 *
 * LX106 multiplies 16x16->32 (mul16u) and 32x32->low 32 (mull); it has no
 * 32x32->64 and no divide. The 64-bit divisions reuse libgcc's
 * __udivmoddi4/__divmoddi4, which call back into the 32-bit ones here.
 */
#include <stdint.h>

typedef unsigned long long u64;
typedef long long i64;

u64 __udivmoddi4(u64 n, u64 d, u64 *rem);
i64 __divmoddi4(i64 n, i64 d, i64 *rem);

/* 32x32->64 from four mul16u: a = ah:al, b = bh:bl. */
static inline __attribute__((always_inline)) u64 umul32x32(uint32_t a, uint32_t b) {
    uint32_t al = (uint16_t)a, ah = a >> 16, bl = (uint16_t)b, bh = b >> 16;
    uint32_t ll = (uint32_t)(uint16_t)al * (uint16_t)bl;
    uint32_t lh = (uint32_t)(uint16_t)al * (uint16_t)bh;
    uint32_t hl = (uint32_t)(uint16_t)ah * (uint16_t)bl;
    uint32_t hh = (uint32_t)(uint16_t)ah * (uint16_t)bh;
    uint32_t mid = lh + hl;
    uint32_t mid_carry = mid < lh;            /* worth 2^48 */
    uint32_t lo = a * b;                      /* mull: the low word */
    uint32_t lo_carry = lo < ll;              /* ll + (mid << 16) wrapped */
    uint32_t hi = hh + (mid >> 16) + (mid_carry << 16) + lo_carry;
    return ((u64)hi << 32) | lo;
}

u64 __umulsidi3(uint32_t a, uint32_t b) {
    return umul32x32(a, b);
}

u64 __muldi3(u64 a, u64 b) {
    uint32_t al = (uint32_t)a, ah = (uint32_t)(a >> 32);
    uint32_t bl = (uint32_t)b, bh = (uint32_t)(b >> 32);
    u64 p = umul32x32(al, bl);
    uint32_t cross = al * bh + ah * bl;       /* mull: only the low word counts */
    return p + ((u64)cross << 32);
}

/* Shift-subtract division, starting at the quotient's top bit (nsau). */
uint32_t __udivsi3(uint32_t n, uint32_t d) {
    if (d > n || d == 0) {
        return 0;
    }
    int shift = __builtin_clz(d) - __builtin_clz(n);
    d <<= shift;
    uint32_t q = 0;
    for (int i = 0; i <= shift; i++) {
        q <<= 1;
        if (n >= d) {
            n -= d;
            q |= 1;
        }
        d >>= 1;
    }
    return q;
}

uint32_t __umodsi3(uint32_t n, uint32_t d) {
    return n - __udivsi3(n, d) * d;
}

int32_t __divsi3(int32_t n, int32_t d) {
    uint32_t un = n < 0 ? -(uint32_t)n : (uint32_t)n;
    uint32_t ud = d < 0 ? -(uint32_t)d : (uint32_t)d;
    uint32_t q = __udivsi3(un, ud);
    return (n < 0) != (d < 0) ? -(int32_t)q : (int32_t)q;
}

u64 __udivdi3(u64 n, u64 d) {
    return __udivmoddi4(n, d, 0);
}

u64 __umoddi3(u64 n, u64 d) {
    u64 r;
    __udivmoddi4(n, d, &r);
    return r;
}

i64 __divdi3(i64 n, i64 d) {
    i64 r;
    return __divmoddi4(n, d, &r);
}
