/*
 * The LX106 handshake harness, run by QEMU (`-M sim -cpu lx106 -icount
 * shift=0 -semihosting`, see run.py). It is the C side a firmware would
 * have: the rtls engine behind boards/lx106/rtls_lx106.h, driven over a
 * socket that run.py relays to `openssl s_server` on 127.0.0.1 through two
 * FIFOs per connection, opened with semihosting calls.
 *
 * Per connection it measures the handshake (mutual authentication with a
 * verified server chain) and then a 16 KiB echo, and prints lines
 *   RESULT <what> rc=<0|error> instructions=<N> stack_peak=<bytes> heap_block=<bytes>
 * for run.py. Instructions: under -icount shift=0 CCOUNT advances once per
 * 25 instructions (lx106 at 40 MHz against 1 ns per instruction; see
 * shared notes), so counts have a resolution of 25. Stack: the free stack
 * below the caller is painted before each measured call and the deepest
 * overwritten word found after it.
 *
 * Inputs (files in QEMU's working directory): ca.der (trust anchor),
 * client.der (client chain, DER), client.key (PEM), params.bin
 * (now: int64 LE, seed: 32 bytes, connections: uint32 LE).
 */
#include <stddef.h>
#include <stdint.h>

#include "../rtls_lx106.h"

/* --- semihosting (QEMU target/xtensa/xtensa-semi.c) --------------------- */

enum { SYS_EXIT = 1, SYS_READ = 3, SYS_WRITE = 4, SYS_OPEN = 5, SYS_CLOSE = 6 };
enum { HOST_O_RDONLY = 0, HOST_O_WRONLY = 1 };

static int simcall(int nr, int a, int b, int c) {
    register int a2 __asm__("a2") = nr;
    register int a3 __asm__("a3") = a;
    register int a4 __asm__("a4") = b;
    register int a5 __asm__("a5") = c;
    __asm__ volatile("simcall" : "+r"(a2), "+r"(a3) : "r"(a4), "r"(a5) : "memory");
    /* a2: result, -1 on error with the errno in a3 */
    return a2 == -1 ? -a3 : a2;
}

static int sys_open(const char *path, int flags) {
    return simcall(SYS_OPEN, (int)path, flags, 0);
}

static int sys_read(int fd, void *buf, size_t len) {
    return simcall(SYS_READ, fd, (int)buf, (int)len);
}

static int sys_write(int fd, const void *buf, size_t len) {
    return simcall(SYS_WRITE, fd, (int)buf, (int)len);
}

static void sys_exit(int code) {
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

static void put(const char *s) {
    sys_write(1, s, str_len(s));
}

static void put_num(int64_t v) {
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

void abort(void) {
    put("lx106 harness: abort (Rust panic)\n");
    sys_exit(134);
}

static void fail(const char *what, int rc) {
    put("lx106 harness: ");
    put(what);
    put(" failed: ");
    put_num(rc);
    put("\n");
    sys_exit(1);
}

/* --- counters --------------------------------------------------------------- */

static inline uint32_t ccount(void) {
    uint32_t c;
    __asm__ volatile("rsr.ccount %0" : "=r"(c));
    return c;
}

#define INSTRUCTIONS_PER_TICK 25
#define PAINT 0xa5a5a5a5u

extern uint32_t _stack_bottom[];

static uint32_t *stack_base;

/* Paints the free stack below `sp`, the measuring function's stack
 * pointer, except this function's own frame. */
static __attribute__((noinline)) void paint_below(uint32_t *sp) {
    uint32_t *own;
    __asm__ volatile("mov %0, a1" : "=r"(own));
    stack_base = sp;
    for (uint32_t *p = _stack_bottom; p < own - 16; p++) {
        *p = PAINT;
    }
}

/* Bytes of stack used below stack_base since paint_below(). */
static uint32_t stack_used(void) {
    uint32_t *p = _stack_bottom;
    while (p < stack_base && *p == PAINT) {
        p++;
    }
    return (uint32_t)((uint8_t *)stack_base - (uint8_t *)p);
}

/* In main's frame: paint, then start counting. */
#define BEGIN(start)                                    \
    do {                                                \
        uint32_t *sp_;                                  \
        __asm__ volatile("mov %0, a1" : "=r"(sp_));     \
        paint_below(sp_);                               \
        (start) = ccount();                             \
    } while (0)

static void report(uint32_t start, const char *what, int rc, size_t heap) {
    uint32_t ticks = ccount() - start;
    uint32_t stack = stack_used();
    put("RESULT ");
    put(what);
    put(" rc=");
    put_num(rc);
    put(" instructions=");
    put_num((int64_t)ticks * INSTRUCTIONS_PER_TICK);
    put(" stack_peak=");
    put_num(stack);
    put(" heap_block=");
    put_num((int64_t)heap);
    put("\n");
}

/* --- I/O ------------------------------------------------------------------- */

struct io {
    int in, out;
};

int rtls_lx106_io_recv(void *ctx, uint8_t *buf, size_t len) {
    struct io *io = ctx;
    return sys_read(io->in, buf, len);
}

int rtls_lx106_io_send(void *ctx, const uint8_t *buf, size_t len) {
    struct io *io = ctx;
    return sys_write(io->out, buf, len);
}

static size_t load(const char *path, uint8_t *buf, size_t cap) {
    int fd = sys_open(path, HOST_O_RDONLY);
    if (fd < 0) {
        put(path);
        fail(": open", fd);
    }
    size_t n = 0;
    for (;;) {
        int r = sys_read(fd, buf + n, cap - n);
        if (r < 0) {
            fail("read", r);
        }
        if (r == 0) {
            break;
        }
        n += (size_t)r;
        if (n == cap) {
            fail("file too large", (int)n);
        }
    }
    simcall(SYS_CLOSE, fd, 0, 0);
    return n;
}

/* --- the run ------------------------------------------------------------------ */

#define ECHO_BYTES 16384
#define LINE 64

static uint8_t ca[2048], chain[2048], key[1024], session[2048];
static struct __attribute__((packed)) {
    int64_t now;
    uint8_t seed[32];
    uint32_t connections;
} params;
static uint32_t block[32 * 1024 / 4];
static uint8_t line[LINE], back[LINE];

/* 16 KiB as 256 lines of 63 bytes and a newline; s_server -rev answers
 * each line reversed. */
static int echo(uint8_t *conn) {
    for (int i = 0; i < ECHO_BYTES / LINE; i++) {
        for (int j = 0; j < LINE - 1; j++) {
            line[j] = (uint8_t)('a' + (i + j) % 26);
        }
        line[LINE - 1] = '\n';
        int rc = rtls_lx106_write(conn, line, LINE);
        if (rc != LINE) {
            return rc < 0 ? rc : -1000;
        }
        size_t got = 0;
        while (got < LINE) {
            rc = rtls_lx106_read(conn, back + got, LINE - got);
            if (rc <= 0) {
                return rc < 0 ? rc : -1001;
            }
            got += (size_t)rc;
        }
        for (int j = 0; j < LINE - 1; j++) {
            if (back[j] != line[LINE - 2 - j]) {
                return -1002;
            }
        }
    }
    return 0;
}

int main(void) {
    size_t n = load("params.bin", (uint8_t *)&params, sizeof params + 1);
    if (n != sizeof params) {
        fail("params.bin size", (int)n);
    }
    rtls_lx106_settings s = {0};
    s.server_name = (const uint8_t *)"localhost";
    s.server_name_len = 9;
    s.trust_anchors = ca;
    s.trust_anchors_len = load("ca.der", ca, sizeof ca);
    s.client_chain = chain;
    s.client_chain_len = load("client.der", chain, sizeof chain);
    s.client_key = key;
    s.client_key_len = load("client.key", key, sizeof key);
    s.now = params.now;

    size_t heap = rtls_lx106_block_size(&s);
    if (heap > sizeof block) {
        fail("block size", (int)heap);
    }
    for (uint32_t c = 0; c < params.connections; c++) {
        char in_name[] = "c0.in", out_name[] = "c0.out";
        in_name[1] = out_name[1] = (char)('0' + c);
        struct io io;
        io.in = sys_open(in_name, HOST_O_RDONLY);
        io.out = sys_open(out_name, HOST_O_WRONLY);
        if (io.in < 0 || io.out < 0) {
            fail("fifo open", io.in < 0 ? io.in : io.out);
        }
        params.seed[0] ^= (uint8_t)c;
        uint8_t *conn = (uint8_t *)block;

        uint32_t start;
        BEGIN(start);
        int rc = rtls_lx106_open(conn, heap, &s, params.seed, &io);
        if (rc == 0) {
            rc = rtls_lx106_handshake(conn);
        }
        report(start, c == 0 ? "handshake" : "resumed", rc, heap);
        if (rc != 0) {
            fail("handshake", rc);
        }
        if (c > 0 && !rtls_lx106_resumed(conn)) {
            fail("resumption (server did a full handshake)", 0);
        }
        size_t len;
        const uint8_t *suite = rtls_lx106_cipher(conn, &len);
        put("INFO suite=");
        sys_write(1, suite, len);
        put("\n");

        BEGIN(start);
        rc = echo(conn);
        report(start, c == 0 ? "echo16k" : "resumed_echo16k", rc, heap);
        if (rc != 0) {
            fail("echo", rc);
        }
        /* The tickets came with the echo; the next connection resumes. */
        rc = rtls_lx106_session(conn, session, sizeof session);
        if (rc <= 0 && c + 1 < params.connections) {
            fail("no session ticket to resume", rc);
        }
        s.session = session;
        s.session_len = rc > 0 ? (size_t)rc : 0;
        rtls_lx106_close(conn);
        simcall(SYS_CLOSE, io.out, 0, 0);
        simcall(SYS_CLOSE, io.in, 0, 0);
    }
    return 0;
}
