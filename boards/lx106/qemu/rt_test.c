/*
 * Checks the runtime helpers of ../rt/ (multiply, divide, mem*) on the
 * LX106 in QEMU against vectors computed by rt_test.py. Exit status 0 when
 * all agree. Uses start.S and lx106-sim.ld like main.c.
 */
#include <stddef.h>
#include <stdint.h>

#include "rt_vectors.h"

void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
uint64_t __umulsidi3(uint32_t, uint32_t);
uint64_t __muldi3(uint64_t, uint64_t);
uint32_t __udivsi3(uint32_t, uint32_t);
uint32_t __umodsi3(uint32_t, uint32_t);
int32_t __divsi3(int32_t, int32_t);
int32_t __modsi3(int32_t, int32_t);
uint64_t __udivdi3(uint64_t, uint64_t);
uint64_t __umoddi3(uint64_t, uint64_t);
int64_t __divdi3(int64_t, int64_t);

static void write_str(const char *s) {
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    register int a2 __asm__("a2") = 4;
    register int a3 __asm__("a3") = 1;
    register int a4 __asm__("a4") = (int)s;
    register int a5 __asm__("a5") = (int)n;
    __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
}

void abort(void) {
    write_str("rt_test: abort\n");
    for (;;) {
    }
}

static int failures;

static void check(int ok, const char *what) {
    if (!ok) {
        failures++;
        if (failures < 10) {
            write_str("rt_test: FAILED ");
            write_str(what);
            write_str("\n");
        }
    }
}

static uint8_t a[96], b[96];

static void check_mem(void) {
    for (int off = 0; off < 4; off++) {
        for (int doff = 0; doff < 4; doff++) {
            for (size_t n = 0; n < 40; n++) {
                for (int i = 0; i < 96; i++) {
                    a[i] = (uint8_t)(i * 7 + 1);
                    b[i] = 0;
                }
                memcpy(b + doff, a + off, n);
                int ok = 1;
                for (int i = 0; i < 96; i++) {
                    uint8_t want = (i >= doff && (size_t)i < doff + n) ? a[off + i - doff] : 0;
                    ok &= b[i] == want;
                }
                check(ok, "memcpy");
                check(memcmp(b + doff, a + off, n) == 0, "memcmp equal");
                if (n) {
                    b[doff + n - 1] ^= 1;
                    check(memcmp(b + doff, a + off, n) != 0, "memcmp differ");
                }
                memset(b + doff, 0x5a, n);
                ok = 1;
                for (int i = 0; i < 96; i++) {
                    ok &= (i >= doff && (size_t)i < doff + n) ? b[i] == 0x5a : 1;
                }
                check(ok, "memset");
                /* overlapping moves both ways */
                for (int i = 0; i < 96; i++) {
                    a[i] = (uint8_t)i;
                }
                memmove(a + off + 8, a + doff, n);
                ok = 1;
                for (size_t i = 0; i < n; i++) {
                    ok &= a[off + 8 + i] == (uint8_t)(doff + i);
                }
                check(ok, "memmove up");
                for (int i = 0; i < 96; i++) {
                    a[i] = (uint8_t)i;
                }
                memmove(a + doff, a + off + 8, n);
                ok = 1;
                for (size_t i = 0; i < n; i++) {
                    ok &= a[doff + i] == (uint8_t)(off + 8 + i);
                }
                check(ok, "memmove down");
            }
        }
    }
}

int main(void) {
    for (size_t i = 0; i < sizeof v32 / sizeof v32[0]; i++) {
        check(__umulsidi3(v32[i].a, v32[i].b) == v32[i].mul, "__umulsidi3");
        check(__udivsi3(v32[i].a, v32[i].b) == v32[i].udiv, "__udivsi3");
        check(__umodsi3(v32[i].a, v32[i].b) == v32[i].umod, "__umodsi3");
        check(__divsi3((int32_t)v32[i].a, (int32_t)v32[i].b) == v32[i].div, "__divsi3");
        check(__modsi3((int32_t)v32[i].a, (int32_t)v32[i].b) == v32[i].mod, "__modsi3");
    }
    for (size_t i = 0; i < sizeof v64 / sizeof v64[0]; i++) {
        check(__muldi3(v64[i].a, v64[i].b) == v64[i].mul, "__muldi3");
        check(__udivdi3(v64[i].a, v64[i].b) == v64[i].udiv, "__udivdi3");
        check(__umoddi3(v64[i].a, v64[i].b) == v64[i].umod, "__umoddi3");
        check(__divdi3((int64_t)v64[i].a, (int64_t)v64[i].b) == v64[i].div, "__divdi3");
    }
    check_mem();
    write_str(failures ? "rt_test: runtime helpers FAILED\n" : "rt_test: runtime helpers OK\n");
    return failures != 0;
}
