/*
 * The LX106 handshake harness, run by QEMU (`-M sim -cpu lx106 -icount
 * shift=0 -semihosting`, see run.py). It is the C side a firmware would
 * have: the rtls engine behind boards/lx106/rtls_lx106.h, driven over a
 * socket that run.py relays to `openssl s_server` on 127.0.0.1 through two
 * FIFOs per connection, opened with semihosting calls.
 *
 * Connection 0 is a full handshake (mutual authentication with a verified
 * server chain), connection 1 resumes its session, connection 2 uses an
 * external PSK (psk_dhe_ke). Per connection it measures the handshake and
 * then a 16 KiB echo, and prints lines
 *   RESULT <what> rc=<0|error> instructions=<N> stack_peak=<bytes> heap_block=<bytes>
 * for run.py (counting and stack painting: guest.h).
 *
 * Inputs (files in QEMU's working directory): ca.der (trust anchor),
 * client.der (client chain, DER), client.key (PEM), psk.id and psk.key
 * (the external PSK), params.bin (now: int64 LE, seed: 32 bytes,
 * connections: uint32 LE).
 */
#include <stddef.h>
#include <stdint.h>

#include "../rtls_lx106.h"
#include "guest.h"

static void report(uint32_t start, const char *what, int rc, size_t heap) {
    put("RESULT ");
    put(what);
    put(" rc=");
    put_num(rc);
    put_counts(start);
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

static uint8_t ca[2048], chain[2048], key[1024], session[2048], psk_id[64], psk[64];
static const char *const handshake_names[] = {"handshake", "resumed", "psk"};
static const char *const echo_names[] = {"echo16k", "resumed_echo16k", "psk_echo16k"};
static struct __attribute__((packed)) {
    int64_t now;
    uint8_t seed[32];
    uint32_t connections;
} params;
/* 8-aligned: the connection holds u64s (align 8 in the LX106 data layout);
 * rtls_lx106_open refuses a misaligned block. */
static uint32_t block[32 * 1024 / 4] __attribute__((aligned(8)));
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

    if (params.connections > 3) {
        fail("connections", (int)params.connections);
    }
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
        if (c == 2) {
            s.session = NULL;
            s.session_len = 0;
            s.psk_identity = psk_id;
            s.psk_identity_len = load("psk.id", psk_id, sizeof psk_id);
            s.psk = psk;
            s.psk_len = load("psk.key", psk, sizeof psk);
        }

        uint32_t start;
        BEGIN(start);
        int rc = rtls_lx106_open(conn, heap, &s, params.seed, &io);
        if (rc == 0) {
            rc = rtls_lx106_handshake(conn);
        }
        report(start, handshake_names[c], rc, heap);
        if (rc != 0) {
            fail("handshake", rc);
        }
        if (c > 0 && !rtls_lx106_psk_accepted(conn)) {
            fail("PSK not accepted (server did a full handshake)", 0);
        }
        size_t len;
        const uint8_t *suite = rtls_lx106_cipher(conn, &len);
        put("INFO suite=");
        sys_write(1, suite, len);
        put("\n");

        BEGIN(start);
        rc = echo(conn);
        report(start, echo_names[c], rc, heap);
        if (rc != 0) {
            fail("echo", rc);
        }
        /* The tickets came with the echo; the next connection resumes. */
        rc = rtls_lx106_session(conn, session, sizeof session);
        if (rc <= 0 && c == 0 && params.connections > 1) {
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
