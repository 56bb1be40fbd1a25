// NodeMCU (ESP8266, 4 MiB flash) with rtls as its TLS: the settings of the
// port's ESP8266_GENERIC board for 2 MiB and more flash (MICROPY_ESP8266_2M
// in boards/ESP8266_GENERIC/mpconfigboard.h), with axTLS left out (the
// firmware build passes MICROPY_PY_SSL=0 MICROPY_SSL_AXTLS=0), `ssl`
// provided by rtls (frozen usermod/ssl.py over the `rtls` C module) and
// `cryptolib` too (usermod/cryptolib.c).

#define MICROPY_HW_BOARD_NAME "NodeMCU with rtls"
#define MICROPY_HW_MCU_NAME "ESP8266"

#define MICROPY_PERSISTENT_CODE_LOAD    (1)
#define MICROPY_EMIT_XTENSA             (1)
#define MICROPY_EMIT_INLINE_XTENSA      (1)

#define MICROPY_ERROR_REPORTING         (MICROPY_ERROR_REPORTING_NORMAL)

#define MICROPY_READER_VFS              (MICROPY_VFS)
#define MICROPY_VFS                     (1)

// MicroPython's cryptolib needs axTLS or mbedTLS for its AES, and axTLS is
// gone: off. rtls' cryptolib (ECB, CBC and CTR on rtls' AES) is
// registered in its place, as it is wherever the port's own is off.
#define MICROPY_PY_CRYPTOLIB            (0)

// MicroPython's own TLS module stays out even if a build forgets the make
// variables: rtls is the only TLS.
#undef MICROPY_PY_SSL
#define MICROPY_PY_SSL                  (0)
