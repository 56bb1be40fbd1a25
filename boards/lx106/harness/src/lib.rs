//! C entry points over the rtls engine for LX106 (ESP8266).
//!
//! The shape follows the MicroPython binding (src/binding/tls_engine.rs): one
//! caller-provided block holds a [`SocketDriver`] followed by the
//! connection's buffers, and the socket is reached through two C callbacks
//! (`rtls_lx106_io_recv` / `rtls_lx106_io_send`). `make lx106` builds this
//! crate so the size report counts what a firmware links (the engine as the
//! binding uses it, after LTO and `--gc-sections`); `make lx106-handshake`
//! drives it in QEMU from C (../qemu/main.c).
//!
//! Every function takes raw pointers from C; the caller keeps the block and
//! everything the settings point at alive and unmoved while the connection
//! lives, and never calls in concurrently.
#![no_std]

#[cfg(feature = "ops")]
mod ops;

use core::ffi::c_void;
use core::mem::{align_of, size_of};
use core::ptr::{self, NonNull};
use core::slice;

use rtls::engine::{certs_to_der, parse_private_key, Config, Connection, Error, Layout, PrivateKey, SocketDriver, Transport};

extern "C" {
    /// Reads up to `len` bytes: the count, 0 at end of stream, or -errno.
    fn rtls_lx106_io_recv(ctx: *mut c_void, buf: *mut u8, len: usize) -> i32;
    /// Writes up to `len` bytes: the count taken, or -errno.
    fn rtls_lx106_io_send(ctx: *mut c_void, buf: *const u8, len: usize) -> i32;
    /// Never returns. Panics end here (built with `-Cpanic=immediate-abort`,
    /// LLVM calls `abort` directly); in a firmware, a reset.
    fn abort() -> !;
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    unsafe { abort() }
}

/// The socket under a connection: the C callbacks and their context.
pub struct CTransport {
    ctx: *mut c_void,
}

impl Transport for CTransport {
    fn recv(&mut self, buf: &mut [u8]) -> Result<usize, i32> {
        let n = unsafe { rtls_lx106_io_recv(self.ctx, buf.as_mut_ptr(), buf.len()) };
        usize::try_from(n).map_err(|_| -n)
    }

    fn send(&mut self, buf: &[u8]) -> Result<usize, i32> {
        let n = unsafe { rtls_lx106_io_send(self.ctx, buf.as_ptr(), buf.len()) };
        usize::try_from(n).map_err(|_| -n)
    }
}

type Driver = SocketDriver<'static, CTransport>;

/// What a connection is told (see rtls_lx106.h). Pointers with length 0
/// mean "absent"; `trust_anchors` absent turns verification off.
#[repr(C)]
pub struct Settings {
    pub server_name: *const u8,
    pub server_name_len: usize,
    /// Concatenated DER certificates (see `rtls_lx106_certs_to_der`).
    pub trust_anchors: *const u8,
    pub trust_anchors_len: usize,
    /// Client chain as concatenated DER, leaf first.
    pub client_chain: *const u8,
    pub client_chain_len: usize,
    /// Client private key, PEM or DER (P-256).
    pub client_key: *const u8,
    pub client_key_len: usize,
    /// Seconds since the unix epoch.
    pub now: i64,
    /// RFC 6066 max_fragment_length code 1..=4, 0 for full records.
    pub max_fragment_length: u8,
    /// A session from `rtls_lx106_session` to resume.
    pub session: *const u8,
    pub session_len: usize,
    /// An external PSK's identity and key (both present: offered instead
    /// of a session, with ECDHE).
    pub psk_identity: *const u8,
    pub psk_identity_len: usize,
    pub psk: *const u8,
    pub psk_len: usize,
}

/// Error codes besides the engine's own negative [`Error::code`].
const E_BLOCK: i32 = -1;
const E_KEY: i32 = -2;
const E_UTF8: i32 = -3;

unsafe fn bytes(ptr: *const u8, len: usize) -> Option<&'static [u8]> {
    (len > 0 && !ptr.is_null()).then(|| slice::from_raw_parts(ptr, len))
}

unsafe fn config(s: &Settings) -> Result<Config<'static>, i32> {
    let server_name = match bytes(s.server_name, s.server_name_len) {
        Some(name) => Some(core::str::from_utf8(name).map_err(|_| E_UTF8)?),
        None => None,
    };
    let client_key = match bytes(s.client_key, s.client_key_len) {
        Some(input) => Some(parse_key(input)?),
        None => None,
    };
    Ok(Config {
        server_name,
        trust_anchors: bytes(s.trust_anchors, s.trust_anchors_len),
        client_chain: bytes(s.client_chain, s.client_chain_len),
        client_key,
        max_fragment_length: (s.max_fragment_length != 0).then_some(s.max_fragment_length),
        resumption: bytes(s.session, s.session_len),
        external_psk: bytes(s.psk_identity, s.psk_identity_len).zip(bytes(s.psk, s.psk_len)),
        ..Config::new(s.now)
    })
}

/// The key copied out of the parser's scratch (which is zeroed again); an
/// RSA key would borrow the scratch, but this build has no `rsa` feature.
#[inline(never)]
fn parse_key(input: &[u8]) -> Result<PrivateKey<'static>, i32> {
    let mut scratch = [0u8; 512];
    let key = parse_private_key(input, &mut scratch).map_err(|_| E_KEY)?;
    key.to_static().ok_or(E_KEY)
}

fn code(result: Result<usize, Error>) -> i32 {
    match result {
        Ok(n) => n as i32,
        Err(e) => e.code(),
    }
}

/// Bytes of the block a connection with these settings needs.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_block_size(settings: *const Settings) -> usize {
    let s = &*settings;
    let probe = Config {
        client_chain: bytes(s.client_chain, s.client_chain_len),
        max_fragment_length: (s.max_fragment_length != 0).then_some(s.max_fragment_length),
        ..Config::new(0)
    };
    size_of::<Driver>() + Layout::for_config(&probe).total()
}

/// Builds a connection in `block` (8-byte aligned, `len` bytes, at least
/// `rtls_lx106_block_size`); `seed` is 32 random bytes; `io` is passed to
/// the I/O callbacks. Returns 0 or a negative error code.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_open(
    block: *mut u8,
    len: usize,
    settings: *const Settings,
    seed: *const u8,
    io: *mut c_void,
) -> i32 {
    let header = size_of::<Driver>();
    if block.is_null() || len < header || block as usize % align_of::<Driver>() != 0 {
        return E_BLOCK;
    }
    let config = match config(&*settings) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let memory = slice::from_raw_parts_mut(block.add(header), len - header);
    memory.fill(0);
    let mut rng_seed = [0u8; 32];
    rng_seed.copy_from_slice(slice::from_raw_parts(seed, 32));
    match Connection::new(memory, config, rng_seed) {
        Ok(connection) => {
            ptr::write(block.cast::<Driver>(), SocketDriver::new(connection, CTransport { ctx: io }));
            0
        }
        Err(e) => e.code(),
    }
}

unsafe fn driver<'a>(block: *mut u8) -> &'a mut Driver {
    &mut *NonNull::new_unchecked(block).cast::<Driver>().as_ptr()
}

/// Runs the handshake to completion: 0 or a negative error code.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_handshake(block: *mut u8) -> i32 {
    code(driver(block).handshake().map(|()| 0))
}

/// Reads decrypted data: the count (0 at end of stream) or an error code.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_read(block: *mut u8, buf: *mut u8, len: usize) -> i32 {
    code(driver(block).read(slice::from_raw_parts_mut(buf, len)))
}

/// Encrypts and sends: the count taken or an error code.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_write(block: *mut u8, buf: *const u8, len: usize) -> i32 {
    code(driver(block).write(slice::from_raw_parts(buf, len)))
}

/// Sends close_notify and releases the connection (its secrets are
/// dropped); the block may be freed afterwards.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_close(block: *mut u8) -> i32 {
    let d = driver(block);
    let result = code(d.close().map(|()| 0));
    ptr::drop_in_place(d as *mut Driver);
    result
}

/// The negotiated suite's name (not NUL-terminated) and its length in
/// `*len`; NULL before the handshake completes.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_cipher(block: *mut u8, len: *mut usize) -> *const u8 {
    match driver(block).cipher_suite() {
        Some(name) => {
            *len = name.len();
            name.as_ptr()
        }
        None => ptr::null(),
    }
}

/// The server's leaf certificate (DER) and its length, or NULL.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_peer_cert(block: *mut u8, len: *mut usize) -> *const u8 {
    match driver(block).peer_certificate() {
        Some(der) => {
            *len = der.len();
            der.as_ptr()
        }
        None => ptr::null(),
    }
}

/// Writes the session to resume later (once the server sent a ticket)
/// into `out`: its length, 0 when there is none, -1 when `out` is too small.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_session(block: *mut u8, out: *mut u8, len: usize) -> i32 {
    match driver(block).session() {
        Some(session) => session.encode(slice::from_raw_parts_mut(out, len)).map_or(-1, |n| n as i32),
        None => 0,
    }
}

/// 1 when the server accepted the offered PSK (the session being resumed
/// or the external key), else 0.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_psk_accepted(block: *mut u8) -> i32 {
    driver(block).connection().psk_accepted() as i32
}

/// Converts PEM or DER certificates to concatenated DER in `out`
/// (`out_len >= len` always suffices): the DER length or a negative code.
#[no_mangle]
pub unsafe extern "C" fn rtls_lx106_certs_to_der(input: *const u8, len: usize, out: *mut u8, out_len: usize) -> i32 {
    match certs_to_der(slice::from_raw_parts(input, len), slice::from_raw_parts_mut(out, out_len)) {
        Ok(n) => n as i32,
        Err(_) => E_KEY - 1,
    }
}
