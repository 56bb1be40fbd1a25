/*
 * memcpy/memmove/memset/memcmp for LX106 builds without a C library (the
 * link check and the QEMU harness). A firmware uses the ESP8266 ROM's
 * (eagle.rom.addr.v6.ld) instead; do not link this file there.
 *
 * Word-at-a-time when the pointers allow it, so instruction counts in QEMU
 * are not dominated by byte loops. Compiled with -ffreestanding
 * -fno-tree-loop-distribute-patterns so gcc does not turn the loops back
 * into calls to these functions.
 */
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        uint32_t *dw = (uint32_t *)d;
        const uint32_t *sw = (const uint32_t *)s;
        for (; n >= 16; n -= 16) {
            uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
            dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
            dw += 4; sw += 4;
        }
        for (; n >= 4; n -= 4) {
            *dw++ = *sw++;
        }
        d = (uint8_t *)dw;
        s = (const uint8_t *)sw;
    }
    while (n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (d <= s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    /* Overlapping with dst after src: copy backwards. */
    d += n;
    s += n;
    if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0) {
        for (; n >= 4; n -= 4) {
            d -= 4; s -= 4;
            *(uint32_t *)d = *(const uint32_t *)s;
        }
    }
    while (n--) {
        *--d = *--s;
    }
    return dst;
}

void *memset(void *dst, int c, size_t n) {
    uint8_t *d = dst;
    while (n && ((uintptr_t)d & 3)) {
        *d++ = (uint8_t)c;
        n--;
    }
    uint32_t w = (uint8_t)c * 0x01010101u;
    uint32_t *dw = (uint32_t *)d;
    for (; n >= 16; n -= 16) {
        dw[0] = w; dw[1] = w; dw[2] = w; dw[3] = w;
        dw += 4;
    }
    for (; n >= 4; n -= 4) {
        *dw++ = w;
    }
    d = (uint8_t *)dw;
    while (n--) {
        *d++ = (uint8_t)c;
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
    const uint8_t *x = a, *y = b;
    if ((((uintptr_t)x | (uintptr_t)y) & 3) == 0) {
        while (n >= 4 && *(const uint32_t *)x == *(const uint32_t *)y) {
            x += 4; y += 4; n -= 4;
        }
    }
    for (; n; n--, x++, y++) {
        if (*x != *y) {
            return *x - *y;
        }
    }
    return 0;
}

int bcmp(const void *a, const void *b, size_t n) {
    return memcmp(a, b, n);
}
