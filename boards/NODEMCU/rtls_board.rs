// Per-board TLS settings of rtls for the NodeMCU (ESP8266, 4 MiB flash,
// 80 KiB DRAM of which MicroPython's GC heap is 38 KiB).
//
// The same constants as boards/default/rtls_board.rs, which documents
// them: `make firmware` and the LX106 builds (boards/lx106/build.py)
// export RTLS_BOARD_CONFIG=<this file>, and build.rs makes it the
// engine's `board` module. Codes are IANA values; an unknown one stops
// the build.
//
// The choices below follow instruction counts on the LX106 from the
// boards/lx106 QEMU harness (make lx106-handshake, make lx106-ops); the
// figures are in README.md, "ESP8266 (NodeMCU)".

/// TLS 1.3 cipher suites offered, most preferred first. ChaCha20-Poly1305
/// first: a 16 KiB echo costs far fewer instructions with it than with
/// AES-128-GCM (software AES and GHASH on a CPU without a 32x32->64
/// multiply), and AES-256-GCM costs more still.
pub const SUITES: [u16; 3] = [
    0x1303, // TLS_CHACHA20_POLY1305_SHA256
    0x1301, // TLS_AES_128_GCM_SHA256
    0x1302, // TLS_AES_256_GCM_SHA384
];

/// Key exchange groups, most preferred first; the first gets a key share
/// in the ClientHello. X25519 first: with narrow-ec its key generation and
/// shared secret cost fewer instructions than P-256's (make lx106-ops),
/// and the servers IoT devices meet (OpenSSL,
/// so mosquitto; Erlang/OTP, so EMQX; GnuTLS; Go) all offer it. P-256 stays
/// listed for a HelloRetryRequest from a server without X25519 (RFC 8446
/// §9.1 makes secp256r1 the one every server implements).
pub const GROUPS: [u16; 2] = [
    0x001d, // x25519
    0x0017, // secp256r1
];

/// RFC 6066 max_fragment_length offered by default, with
/// record_size_limit alongside (1..=4: 512..4096 bytes; None: full 16 KiB
/// records). The connection's receive buffer is
/// sized by it, so a server that ignores the extension and sends larger
/// records fails the connection: full records stay the default, and
/// `wrap_socket(max_fragment_length=...)` picks smaller ones per server.
/// The connection block with full records: `make lx106-handshake`
/// (heap_block), within CONNECTION_BLOCK_BUDGET.
pub const MAX_FRAGMENT_LENGTH: Option<u8> = None;

/// Largest plaintext per record the client sends (the send buffer holds
/// one such record besides the handshake flight).
pub const SEND_FRAGMENT_MAX: usize = 1536;

/// Room kept for the server's leaf certificate (getpeercert()).
pub const PEER_CERT_MAX: usize = 1536;

/// Budgets `make lx106-handshake` enforces for this board (read by
/// boards/lx106/qemu/run.py; the engine does not use them).
pub const STACK_BUDGET: usize = 6 * 1024;
pub const CONNECTION_BLOCK_BUDGET: usize = 24 * 1024;
/// Flash for rtls' code and read-only data: the whole firmware module
/// (binding, engine, crypto crates, modrtls.c and cryptolib.c, after
/// --gc-sections; `make lx106-firmware-lib`), and the same engine with the
/// C API as the harness links it (`make lx106-handshake`). The port's
/// `.irom0.text` window is far from full; RAM is what the ESP8266 lacks,
/// and keeping rtls' read-only data out of DRAM is paid for here: every
/// sub-word load becomes a word-load sequence (boards/lx106/forcel32.py).
/// Figures: boards/NODEMCU/README.md.
pub const CODE_BUDGET: usize = 144 * 1024;
