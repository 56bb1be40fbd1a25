/* Shared by the LX106 QEMU guests: see guest.h. */
#include "guest.h"

/* --- semihosting ---------------------------------------------------------- */

int simcall(int nr, int a, int b, int c) {
    register int a2 __asm__("a2") = nr;
    register int a3 __asm__("a3") = a;
    register int a4 __asm__("a4") = b;
    register int a5 __asm__("a5") = c;
    __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
    /* a2: result, -1 on error with the errno in a3 */
    return a2 == -1 ? -a3 : a2;
}

int sys_open(const char *path, int flags) {
    return simcall(SYS_OPEN, (int)path, flags, 0);
}

int sys_read(int fd, void *buf, size_t len) {
    return simcall(SYS_READ, fd, (int)buf, (int)len);
}

int sys_write(int fd, const void *buf, size_t len) {
    return simcall(SYS_WRITE, fd, (int)buf, (int)len);
}

void sys_exit(int code) {
    simcall(SYS_EXIT, code, 0, 0);
    for (;;) {
    }
}

/* --- output --------------------------------------------------------------- */

static size_t str_len(const char *s) {
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

void put(const char *s) {
    sys_write(1, s, str_len(s));
}

void put_num(int64_t v) {
    char buf[24];
    char *p = buf + sizeof buf;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    *--p = 0;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) {
        *--p = '-';
    }
    put(p);
}

/* Rust panics end here (-Cpanic=immediate-abort calls abort directly). */
void abort(void) {
    put("lx106 harness: abort (Rust panic)\n");
    sys_exit(134);
}

void fail(const char *what, int rc) {
    put("lx106 harness: ");
    put(what);
    put(" failed: ");
    put_num(rc);
    put("\n");
    sys_exit(1);
}

/* --- counters --------------------------------------------------------------- */

#define PAINT 0xa5a5a5a5u

extern uint32_t _stack_bottom[];

static uint32_t *stack_base;

__attribute__((noinline)) void paint_below(uint32_t *sp) {
    uint32_t *own;
    __asm__ volatile("mov %0, a1" : "=r"(own));
    stack_base = sp;
    for (uint32_t *p = _stack_bottom; p < own - 16; p++) {
        *p = PAINT;
    }
}

void put_counts(uint32_t start) {
    uint32_t ticks = ccount() - start;
    uint32_t stack = stack_used();
    put(" instructions=");
    put_num((int64_t)ticks * INSTRUCTIONS_PER_TICK);
    put(" stack_peak=");
    put_num(stack);
}

uint32_t stack_used(void) {
    uint32_t *p = _stack_bottom;
    while (p < stack_base && *p == PAINT) {
        p++;
    }
    return (uint32_t)((uint8_t *)stack_base - (uint8_t *)p);
}
