//! `rtls.wrap_socket()`: argument checks, loading certificates and keys
//! into GC memory, and the first handshake.

use core::ptr::NonNull;

use super::socket::{Kept, TlsSocket};
use super::transport::SocketTransport;
use super::raise;
use super::{ffi, memory};
use super::tls_engine::Settings;
use crate::engine::clock;
use crate::engine::tls13::config::encode_alpn;
use crate::engine::tls13::crypto::kx::NamedGroup;
use crate::engine::tls13::crypto::suite::CipherSuite;
use crate::engine::tls13::Session;
use crate::engine::x509::{self, ParseError, PrivateKey};

/// `rtls.CERT_NONE` and `rtls.CERT_REQUIRED` (values as in MicroPython's tls;
/// the module table in usermod/modrtls.c carries the same numbers).
const CERT_NONE: ffi::mp_int_t = 0;
const CERT_REQUIRED: ffi::mp_int_t = 2;

/// Positions of the parsed arguments (the order of the table in
/// usermod/modrtls.c).
const ARG_SOCK: usize = 0;
const ARG_SERVER_HOSTNAME: usize = 1;
const ARG_CADATA: usize = 2;
const ARG_CERT: usize = 3;
const ARG_KEY: usize = 4;
const ARG_CERT_REQS: usize = 5;
const ARG_DO_HANDSHAKE: usize = 6;
const ARG_MAX_FRAGMENT_LENGTH: usize = 7;
const ARG_SESSION: usize = 8;
const ARG_ALPN_PROTOCOLS: usize = 9;
const ARG_PSK: usize = 10;
const ARG_PSK_KE: usize = 11;
const ARG_CIPHERS: usize = 12;
const ARG_GROUPS: usize = 13;
const ARG_HOSTNAME_CHECKS_COMMON_NAME: usize = 14;
const ARG_COUNT: usize = ffi::RTLS_WRAP_SOCKET_ARGS as usize;

/// Parses `wrap_socket`'s arguments into `ARG_*` order, as the table in
/// usermod/modrtls.c lists them.
fn parse_args(n_args: usize, pos_args: *const ffi::mp_obj_t, kw_args: *mut ffi::mp_map_t) -> [ffi::mp_arg_val_t; ARG_COUNT] {
    // SAFETY: an immutable table; its type (from the C declaration) has
    // ARG_COUNT entries.
    let allowed: &[ffi::mp_arg_t; ARG_COUNT] = unsafe { &ffi::rtls_wrap_socket_args };
    let mut vals = [ffi::mp_arg_val_t { u_obj: ffi::none() }; ARG_COUNT];
    // SAFETY: the VM passes valid positional and keyword arrays; `allowed`
    // and `vals` have ARG_COUNT entries. Raises TypeError on bad arguments.
    unsafe { ffi::mp_arg_parse_all(n_args, pos_args, kw_args, ARG_COUNT, allowed.as_ptr(), vals.as_mut_ptr()) };
    vals
}

/// The RFC 6066 code for a `max_fragment_length` in bytes (None: not asked).
fn max_fragment_length_code(obj: ffi::mp_obj_t) -> Option<u8> {
    if obj == ffi::none() {
        return None;
    }
    // SAFETY: raises TypeError unless `obj` is an int.
    match unsafe { ffi::mp_obj_get_int(obj) } {
        512 => Some(1),
        1024 => Some(2),
        2048 => Some(3),
        4096 => Some(4),
        _ => raise::value_error("rtls: max_fragment_length must be None, 512, 1024, 2048 or 4096"),
    }
}

/// Why user-supplied PEM/DER was refused.
fn parse_error_text(error: ParseError) -> &'static str {
    match error {
        ParseError::InvalidPem => "not valid PEM",
        ParseError::InvalidDer => "not valid DER",
        ParseError::NoCertificate => "no certificate found",
        // The key types of this build (features `ed25519` and `rsa`).
        ParseError::UnsupportedKey => match (cfg!(feature = "ed25519"), cfg!(feature = "rsa")) {
            (true, false) => "unsupported key (need an unencrypted P-256 or P-384 key, SEC1 or PKCS#8, or Ed25519, PKCS#8)",
            (true, true) => "unsupported key (need an unencrypted P-256 or P-384 key, SEC1 or PKCS#8, Ed25519, PKCS#8, or RSA of 2048 to 4096 bits, PKCS#1 or PKCS#8)",
            (false, false) => "unsupported key (need an unencrypted P-256 or P-384 key, SEC1 or PKCS#8; this build has no Ed25519 or RSA)",
            (false, true) => "unsupported key (need an unencrypted P-256 or P-384 key, SEC1 or PKCS#8, or RSA of 2048 to 4096 bits, PKCS#1 or PKCS#8; this build has no Ed25519)",
        },
        ParseError::BufferTooSmall => "too large",
    }
}

fn invalid(what: &str, error: ParseError) -> ! {
    raise::value_error_of(&["rtls: invalid ", what, ": ", parse_error_text(error)])
}

/// The bytes of a `cadata`/`cert`/`key` argument, or TypeError.
fn argument_bytes(obj: ffi::mp_obj_t, what: &str) -> &'static [u8] {
    // SAFETY: argument objects stay alive (and bytes stay unchanged) for the
    // whole wrap_socket call, the only place these slices are used.
    match unsafe { ffi::buffer(obj) } {
        Some(bytes) => bytes,
        None => raise::type_error_of(&["rtls: ", what, " must be bytes"]),
    }
}

/// The text of an ASCII str (or bytes) argument: TypeError for other
/// objects, ValueError naming `what` (and `hint`) for other text.
fn ascii_arg(obj: ffi::mp_obj_t, what: &str, hint: &str) -> &'static str {
    // SAFETY: argument objects stay alive, unchanged, for the whole
    // wrap_socket call, the only place these texts are used.
    match unsafe { (ffi::buffer(obj), ffi::ascii(obj)) } {
        (_, Some(text)) => text,
        (Some(_), None) => raise::value_error_of(&["rtls: ", what, " must be ASCII", hint]),
        (None, _) => raise::type_error_of(&["rtls: ", what, " must be str"]),
    }
}

/// `text` (ASCII), or its first bytes and "..." when longer than an
/// exception text can quote whole.
fn clipped(text: &str) -> [&str; 2] {
    match text.get(..32) {
        Some(head) if head.len() < text.len() => [head, "..."],
        _ => [text, ""],
    }
}

/// `server_hostname`: the SNI and the name the certificate must match,
/// checked before anything is sent.
fn hostname_arg(obj: ffi::mp_obj_t) -> &'static str {
    let name = ascii_arg(obj, "server_hostname", ": give an international name in its IDNA (xn--) form");
    if name.is_empty() {
        raise::value_error("rtls: server_hostname is empty");
    }
    if name.len() > 253 {
        raise::value_error("rtls: server_hostname is longer than a DNS name can be (253 bytes)");
    }
    name
}

/// Converts certificates (PEM or DER) into a GC block of concatenated DER.
fn load_certs(obj: ffi::mp_obj_t, what: &str) -> (NonNull<u8>, usize) {
    let input = argument_bytes(obj, what);
    let block = memory::alloc_or_raise(input.len().max(1), what);
    // SAFETY: a fresh block of input.len() bytes, exclusively ours.
    let out = unsafe { core::slice::from_raw_parts_mut(block.as_ptr(), input.len()) };
    match x509::certs_to_der(input, out) {
        Ok(len) => (block, len),
        Err(e) => {
            // SAFETY: nothing else refers to the block yet.
            unsafe { memory::free(block) };
            invalid(what, e)
        }
    }
}

/// Parses the client's private key into a GC block of its own, returned
/// with its length: an RSA key borrows its DER there (the block must be
/// kept, then zeroed: [`memory::wipe_and_free`]); for other keys the parser
/// has zeroed it and it can be freed.
fn parse_key(obj: ffi::mp_obj_t) -> (PrivateKey<'static>, NonNull<u8>, usize) {
    let input = argument_bytes(obj, "key");
    let len = input.len().max(1);
    let scratch = memory::alloc_or_raise(len, "key");
    // SAFETY: a fresh block of `len` bytes, exclusively ours; the key that
    // borrows it lives no longer than the block (see the callers).
    let result = x509::parse_private_key(input, unsafe { core::slice::from_raw_parts_mut(scratch.as_ptr(), len) });
    match result {
        Ok(key) => (key, scratch, len),
        Err(e) => {
            // SAFETY: the parser zeroed the scratch and no longer uses it.
            unsafe { memory::free(scratch) };
            invalid("key", e)
        }
    }
}

/// The client's private key for the connection: an RSA key's DER stays in
/// a block the socket keeps and zeroes when released.
fn load_key(sock: &TlsSocket, obj: ffi::mp_obj_t) -> PrivateKey<'static> {
    let (key, block, len) = parse_key(obj);
    if matches!(key, PrivateKey::Rsa(_)) {
        sock.keep(Kept::RsaKey, block, len);
    } else {
        // SAFETY: the key was copied out of the zeroed block.
        unsafe { memory::free(block) };
    }
    key
}

/// Most bytes of an ALPN list, each name with its length byte (eight
/// names of up to 255 bytes would need more; real lists are a few short
/// names).
const ALPN_LIST_MAX: usize = 256;

/// `alpn_protocols` (a list or tuple of str or bytes) as a wire-format list
/// in a GC block the socket keeps; ValueError states every limit.
fn load_alpn(sock: &TlsSocket, obj: ffi::mp_obj_t) -> &'static [u8] {
    let names = sequence_items(obj);
    let block = memory::alloc_or_raise(ALPN_LIST_MAX, "alpn_protocols");
    // SAFETY: a fresh block of ALPN_LIST_MAX bytes.
    let out = unsafe { core::slice::from_raw_parts_mut(block.as_ptr(), ALPN_LIST_MAX) };
    let encoded = encode_alpn(names.iter().map(|&name| argument_bytes(name, "alpn_protocols entry")), out);
    match encoded {
        Some(len) if len > 0 => sock.keep(Kept::AlpnList, block, len),
        _ => {
            // SAFETY: nothing refers to the block.
            unsafe { memory::free(block) };
            raise::value_error("rtls: alpn_protocols: 1 to 8 names of 1 to 255 bytes, 256 bytes in all (a name counts its length + 1)")
        }
    }
}

/// The items of a list or tuple argument (TypeError otherwise).
fn sequence_items(obj: ffi::mp_obj_t) -> &'static [ffi::mp_obj_t] {
    let mut len = 0usize;
    let mut items: *mut ffi::mp_obj_t = core::ptr::null_mut();
    // SAFETY: raises TypeError unless obj is a list or tuple; items then
    // points at `len` objects, alive while `obj` is (this call).
    unsafe {
        ffi::mp_obj_get_array(obj, &mut len, &mut items);
        core::slice::from_raw_parts(items, len)
    }
}

/// A `ciphers=`/`groups=` argument (`what`): names (str), each known to
/// `lookup`, none twice, most preferred first. ValueError names the
/// offending one and lists what is known; `entry` names an item that is
/// not text.
fn load_names<T: PartialEq, const N: usize>(obj: ffi::mp_obj_t, what: &str, entry: &str, lookup: fn(&str) -> Option<T>, known: &str) -> heapless::Vec<T, N> {
    let mut chosen = heapless::Vec::new();
    for &item in sequence_items(obj) {
        let name = ascii_arg(item, entry, "");
        let [quoted, ellipsis] = clipped(name);
        match lookup(name) {
            Some(value) if !chosen.contains(&value) => {
                // Cannot overflow: the values are distinct and N is all of them.
                let _ = chosen.push(value);
            }
            Some(_) => raise::value_error_of(&["rtls: ", what, ": ", quoted, " is listed twice"]),
            None => raise::value_error_of(&["rtls: ", what, ": unknown ", quoted, ellipsis, " (known: ", known, ")"]),
        }
    }
    if chosen.is_empty() {
        raise::value_error_of(&["rtls: ", what, ": name at least one of ", known])
    }
    chosen
}

/// `psk=(identity, key)` (bytes or str each) copied into one GC block the
/// socket keeps: identity, then key.
fn load_psk(sock: &TlsSocket, obj: ffi::mp_obj_t) -> (&'static [u8], &'static [u8]) {
    let parts = sequence_items(obj);
    let &[identity, key] = parts else {
        raise::value_error("rtls: psk must be (identity, key)")
    };
    let (identity, key) = (argument_bytes(identity, "psk identity"), argument_bytes(key, "psk key"));
    if identity.is_empty() || key.is_empty() || identity.len() > 255 || key.len() > 64 {
        raise::value_error("rtls: psk identity must be 1-255 bytes and key 1-64 bytes");
    }
    let len = identity.len() + key.len();
    let block = memory::alloc_or_raise(len, "psk");
    // SAFETY: a fresh block of `len` bytes, written before the socket keeps it.
    let out = unsafe { core::slice::from_raw_parts_mut(block.as_ptr(), len) };
    out[..identity.len()].copy_from_slice(identity);
    out[identity.len()..].copy_from_slice(key);
    sock.keep(Kept::Psk, block, len).split_at(identity.len())
}

/// After the server rejected a mutual-TLS connection: whether `key` is the
/// private half of `chain`'s leaf. Checked only then, as it costs a scalar
/// multiplication that a working handshake need not pay.
pub(super) fn key_matches(key: ffi::mp_obj_t, chain: &[u8]) -> bool {
    let (key, block, len) = parse_key(key);
    let leaf = x509::der_certs(chain).next().unwrap_or(&[]);
    let matches = x509::key_matches_certificate(&key, leaf) == Ok(true);
    drop(key);
    // SAFETY: the key that borrowed the block is gone.
    unsafe { memory::wipe_and_free(block, len) };
    matches
}

/// Fresh randomness from `os.urandom`, the port's entropy source (getrandom
/// on unix, the hardware RNG on the ESP8266).
fn random_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    // SAFETY: importing a built-in module and calling one of its functions;
    // errors raise through the VM as for any Python call.
    unsafe {
        let os = ffi::mp_import_name(ffi::MP_QSTR_os as ffi::qstr, ffi::none(), ffi::int(0));
        let urandom = ffi::mp_load_attr(os, ffi::MP_QSTR_urandom as ffi::qstr);
        let bytes = ffi::mp_call_function_1(urandom, ffi::int(seed.len() as i32));
        match ffi::buffer(bytes) {
            Some(data) if data.len() == seed.len() => seed.copy_from_slice(data),
            _ => raise::value_error("rtls: os.urandom did not return 32 bytes"),
        }
    }
    seed
}

/// Seconds since the unix epoch from the port's clock (`time.time_ns()`,
/// which counts from the port's epoch: 2000 on the ESP8266).
fn unix_time() -> i64 {
    // SAFETY: reads the port's clock.
    clock::unix_seconds(unsafe { ffi::mp_hal_time_ns() }, ffi::RTLS_PORT_EPOCH.into())
}

/// `rtls.wrap_socket(sock, *, server_hostname=None, cadata=None, cert=None,
/// key=None, cert_reqs=CERT_REQUIRED, do_handshake=True,
/// max_fragment_length=None, session=None, alpn_protocols=None, psk=None,
/// psk_ke=False, ciphers=None, groups=None, hostname_checks_common_name=True)`.
#[no_mangle]
pub unsafe extern "C" fn rtls_wrap_socket(n_args: usize, pos_args: *const ffi::mp_obj_t, kw_args: *mut ffi::mp_map_t) -> ffi::mp_obj_t {
    let args = parse_args(n_args, pos_args, kw_args);
    let is_none = |i: usize| args[i].u_obj == ffi::none();
    let verify = match args[ARG_CERT_REQS].u_int {
        CERT_REQUIRED => true,
        CERT_NONE => false,
        _ => raise::value_error("rtls: cert_reqs must be CERT_NONE or CERT_REQUIRED"),
    };
    // A PSK authenticates the server by itself; certificates need a CA.
    if verify && is_none(ARG_CADATA) && is_none(ARG_PSK) {
        raise::value_error(
            "rtls: CERT_REQUIRED needs the CA certificates to trust: pass cadata=..., or cert_reqs=rtls.CERT_NONE to skip verification",
        );
    }
    if verify && !is_none(ARG_CADATA) && is_none(ARG_SERVER_HOSTNAME) {
        raise::value_error("CERT_REQUIRED requires server_hostname");
    }
    if is_none(ARG_CERT) != is_none(ARG_KEY) {
        raise::value_error("rtls: a client certificate needs both cert and key");
    }
    #[cfg(feature = "embedded-tls")]
    if [ARG_PSK, ARG_SESSION, ARG_ALPN_PROTOCOLS, ARG_CIPHERS, ARG_GROUPS, ARG_MAX_FRAGMENT_LENGTH].into_iter().any(|i| !is_none(i)) {
        raise::not_implemented(
            "rtls built with embedded-tls: psk, session, alpn_protocols, ciphers, groups and max_fragment_length need the default engine",
        );
    }
    let suites = (!is_none(ARG_CIPHERS)).then(|| {
        let known = "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256";
        load_names(args[ARG_CIPHERS].u_obj, "ciphers", "a ciphers entry", CipherSuite::from_name, known)
    });
    let groups = (!is_none(ARG_GROUPS))
        .then(|| load_names(args[ARG_GROUPS].u_obj, "groups", "a groups entry", NamedGroup::from_name, "x25519, secp256r1"));
    let hostname = args[ARG_SERVER_HOSTNAME].u_obj;
    let server_name = (!is_none(ARG_SERVER_HOSTNAME)).then(|| hostname_arg(hostname));
    let max_fragment_length = max_fragment_length_code(args[ARG_MAX_FRAGMENT_LENGTH].u_obj);

    let transport = SocketTransport::new(args[ARG_SOCK].u_obj);
    transport.disable_nagle();
    let sock = TlsSocket::new(transport, hostname, args[ARG_KEY].u_obj);
    let trust_anchors = (verify && !is_none(ARG_CADATA)).then(|| {
        let (block, len) = load_certs(args[ARG_CADATA].u_obj, "cadata");
        sock.keep(Kept::TrustAnchors, block, len)
    });
    let client_chain = (!is_none(ARG_CERT)).then(|| {
        let (block, len) = load_certs(args[ARG_CERT].u_obj, "cert");
        sock.keep(Kept::ClientChain, block, len)
    });
    let resumption = (!is_none(ARG_SESSION)).then(|| {
        let input = argument_bytes(args[ARG_SESSION].u_obj, "session");
        if Session::decode(input).is_err() {
            raise::value_error("rtls: session is not a session from rtls (or is corrupted)");
        }
        let block = memory::alloc_or_raise(input.len(), "the session");
        // SAFETY: a fresh block of input.len() bytes, kept by the socket.
        unsafe { core::slice::from_raw_parts_mut(block.as_ptr(), input.len()) }.copy_from_slice(input);
        sock.keep(Kept::Resumption, block, input.len())
    });
    let external_psk = (!is_none(ARG_PSK)).then(|| load_psk(sock, args[ARG_PSK].u_obj));
    let alpn = if is_none(ARG_ALPN_PROTOCOLS) { &[][..] } else { load_alpn(sock, args[ARG_ALPN_PROTOCOLS].u_obj) };
    // The key last: nothing that raises comes between it and the socket
    // that zeroes an RSA key's block when released.
    let client_key = (!is_none(ARG_KEY)).then(|| load_key(sock, args[ARG_KEY].u_obj));
    sock.connect(Settings {
        server_name,
        hostname_checks_common_name: args[ARG_HOSTNAME_CHECKS_COMMON_NAME].u_bool,
        trust_anchors,
        client_chain,
        client_key,
        max_fragment_length,
        resumption,
        alpn,
        external_psk,
        psk_ke: args[ARG_PSK_KE].u_bool,
        suites,
        groups,
        now: unix_time(),
        rng_seed: random_seed(),
    });
    if args[ARG_DO_HANDSHAKE].u_bool {
        if let Err(e) = sock.handshake() {
            sock.fail(e);
        }
    }
    sock.hand_over()
}
