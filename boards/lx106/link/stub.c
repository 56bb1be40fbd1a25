/*
 * Link check: a program that keeps every rtls_lx106_* entry point alive, so
 * `ld --gc-sections` keeps what a firmware would keep and reports every
 * symbol the Rust library needs from outside (see build.py `link`).
 * It is linked, never run.
 */
#include "../rtls_lx106.h"

int rtls_lx106_io_recv(void *ctx, uint8_t *buf, size_t len) {
    (void)ctx; (void)buf; (void)len;
    return -11;
}

int rtls_lx106_io_send(void *ctx, const uint8_t *buf, size_t len) {
    (void)ctx; (void)buf;
    return (int)len;
}

void abort(void) {
    for (;;) {
    }
}

static uint32_t block[8192];
static uint8_t buf[64];
volatile int sink;

void rtls_link_check_main(void) {
    rtls_lx106_settings s = {0};
    size_t len;
    sink = rtls_lx106_certs_to_der(buf, sizeof buf, buf, sizeof buf);
    sink = (int)rtls_lx106_block_size(&s);
    sink = rtls_lx106_open((uint8_t *)block, sizeof block, &s, buf, 0);
    sink = rtls_lx106_handshake((uint8_t *)block);
    sink = rtls_lx106_write((uint8_t *)block, buf, sizeof buf);
    sink = rtls_lx106_read((uint8_t *)block, buf, sizeof buf);
    sink = rtls_lx106_cipher((uint8_t *)block, &len) != 0;
    sink = rtls_lx106_peer_cert((uint8_t *)block, &len) != 0;
    sink = rtls_lx106_session((uint8_t *)block, buf, sizeof buf);
    sink = rtls_lx106_psk_accepted((uint8_t *)block);
    sink = rtls_lx106_close((uint8_t *)block);
    abort();
}
