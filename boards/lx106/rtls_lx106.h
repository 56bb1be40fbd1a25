/*
 * C API of the rtls engine on LX106 (ESP8266): boards/lx106/harness/src/lib.rs.
 *
 * A connection lives in one caller-provided, 8-byte aligned block of
 * rtls_lx106_block_size() bytes; the socket is reached through the two
 * callbacks the caller defines. Functions return 0 / a byte count, or a
 * negative error code (the engine's Error::code(), as the MicroPython
 * binding raises it; -1 bad block, -2 bad key, -3 bad server name).
 */
#ifndef RTLS_LX106_H
#define RTLS_LX106_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *server_name;     /* SNI and hostname check; NULL: none */
    size_t server_name_len;
    const uint8_t *trust_anchors;   /* concatenated DER; NULL: no verification */
    size_t trust_anchors_len;
    const uint8_t *client_chain;    /* concatenated DER, leaf first; NULL: none */
    size_t client_chain_len;
    const uint8_t *client_key;      /* P-256/P-384 or Ed25519 key, PEM or DER */
    size_t client_key_len;
    int64_t now;                    /* seconds since the unix epoch */
    uint8_t max_fragment_length;    /* RFC 6066 code 1..4, 0: full records */
    const uint8_t *session;         /* from rtls_lx106_session(); NULL: none */
    size_t session_len;
    const uint8_t *psk_identity;    /* an external PSK (both set: offered */
    size_t psk_identity_len;        /* instead of a session, psk_dhe_ke; */
    const uint8_t *psk;             /* the server is then authenticated */
    size_t psk_len;                 /* by the key alone) */
} rtls_lx106_settings;

/* Defined by the caller: the socket. Return a count, 0 at end of stream
 * (recv), or -errno. */
int rtls_lx106_io_recv(void *io, uint8_t *buf, size_t len);
int rtls_lx106_io_send(void *io, const uint8_t *buf, size_t len);

size_t rtls_lx106_block_size(const rtls_lx106_settings *settings);
int rtls_lx106_open(uint8_t *block, size_t len, const rtls_lx106_settings *settings,
                    const uint8_t seed[32], void *io);
int rtls_lx106_handshake(uint8_t *block);
int rtls_lx106_read(uint8_t *block, uint8_t *buf, size_t len);
int rtls_lx106_write(uint8_t *block, const uint8_t *buf, size_t len);
int rtls_lx106_close(uint8_t *block);
const uint8_t *rtls_lx106_cipher(uint8_t *block, size_t *len);
const uint8_t *rtls_lx106_peer_cert(uint8_t *block, size_t *len);
/* The session to resume later: its length, 0 if the server sent no ticket,
 * -1 if out is too small. It holds a secret. */
int rtls_lx106_session(uint8_t *block, uint8_t *out, size_t len);
/* 1 when the server accepted the offered PSK (session or external key). */
int rtls_lx106_psk_accepted(uint8_t *block);
int rtls_lx106_certs_to_der(const uint8_t *in, size_t len, uint8_t *out, size_t out_len);

#endif
