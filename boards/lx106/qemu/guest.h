/*
 * What the LX106 QEMU guests (main.c: the handshake, ops.c: one operation
 * at a time) share: semihosting I/O (QEMU target/xtensa/xtensa-semi.c),
 * output, the instruction counter and the painted-stack high-water mark.
 *
 * Instructions: under -icount shift=0 CCOUNT advances once per 25
 * instructions (lx106 at 40 MHz against 1 ns per instruction; see shared
 * notes), so counts have a resolution of 25. Stack: the free stack below
 * the caller is painted before each measured call and the deepest
 * overwritten word found after it.
 */
#ifndef LX106_GUEST_H
#define LX106_GUEST_H

#include <stddef.h>
#include <stdint.h>

enum { SYS_EXIT = 1, SYS_READ = 3, SYS_WRITE = 4, SYS_OPEN = 5, SYS_CLOSE = 6 };
enum { HOST_O_RDONLY = 0, HOST_O_WRONLY = 1 };

int simcall(int nr, int a, int b, int c);
int sys_open(const char *path, int flags);
int sys_read(int fd, void *buf, size_t len);
int sys_write(int fd, const void *buf, size_t len);
void sys_exit(int code);

void put(const char *s);
void put_num(int64_t v);
/* Prints "lx106 harness: <what> failed: <rc>" and exits with 1. */
void fail(const char *what, int rc);

#define INSTRUCTIONS_PER_TICK 25

static inline uint32_t ccount(void) {
    uint32_t c;
    __asm__ volatile("rsr.ccount %0" : "=r"(c));
    return c;
}

/* Paints the free stack below `sp`, the measuring function's stack
 * pointer, except paint_below's own frame. */
void paint_below(uint32_t *sp);
/* Bytes of stack used below the painted `sp` since paint_below(). */
uint32_t stack_used(void);

/* Prints " instructions=<N> stack_peak=<bytes>" since BEGIN(start). */
void put_counts(uint32_t start);

/* In the measuring function's frame: paint, then start counting. */
#define BEGIN(start)                                    \
    do {                                                \
        uint32_t *sp_;                                  \
        __asm__ volatile("mov %0, a1" : "=r"(sp_));     \
        paint_below(sp_);                               \
        (start) = ccount();                             \
    } while (0)

#endif
