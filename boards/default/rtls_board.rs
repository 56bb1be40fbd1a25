// TLS settings of rtls for builds that name no board: the unix port and
// `cargo test`. A board overrides them with its own copy of this file
// (boards/<BOARD>/rtls_board.rs), named at build time by the environment
// variable RTLS_BOARD_CONFIG; build.rs includes it as the engine's
// `board` module. Codes are IANA values, so the file depends on no engine
// type; an unknown code stops the build.

/// TLS 1.3 cipher suites offered, most preferred first: AES-GCM first
/// (fast where AES is cheap), ChaCha20-Poly1305 for servers that prefer it.
pub const SUITES: [u16; 3] = [
    0x1301, // TLS_AES_128_GCM_SHA256
    0x1303, // TLS_CHACHA20_POLY1305_SHA256
    0x1302, // TLS_AES_256_GCM_SHA384
];

/// Key exchange groups, most preferred first; the first gets a key share
/// in the ClientHello, the others are listed for a HelloRetryRequest.
pub const GROUPS: [u16; 2] = [
    0x001d, // x25519
    0x0017, // secp256r1
];

/// RFC 6066 max_fragment_length offered when `wrap_socket` does not ask
/// (1..=4: 512..4096 bytes, with record_size_limit alongside; None: full
/// 16 KiB records).
pub const MAX_FRAGMENT_LENGTH: Option<u8> = None;

/// Largest plaintext per record the client sends (the send buffer holds
/// one such record besides the handshake flight).
pub const SEND_FRAGMENT_MAX: usize = 1536;

/// Room kept for the server's leaf certificate (getpeercert()).
pub const PEER_CERT_MAX: usize = 1536;
