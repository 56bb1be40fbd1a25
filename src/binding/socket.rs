//! The TLS socket object: MicroPython's stream protocol and methods over
//! a [`TlsEngine`] whose state and buffers live in one GC block.

use core::cell::Cell;
use core::ptr::{self, NonNull};

use super::tls_engine::{self, Settings, TlsEngine};
use crate::engine::tls13::Blocked;
use super::transport::SocketTransport;
use super::{ffi, memory, panic, raise};
use crate::engine::error::Error;

extern "C" {
    /// Defined in usermod/modrtls.c.
    static rtls_socket_type: ffi::mp_obj_type_t;
}

/// What a GC block kept by [`TlsSocket::keep`] holds for the connection to
/// borrow; also its index in [`TlsSocket`]'s `material`.
#[derive(Clone, Copy)]
pub enum Kept {
    /// The trust anchors (concatenated DER).
    TrustAnchors,
    /// The client's certificate chain (concatenated DER).
    ClientChain,
    /// An encoded session to resume.
    Resumption,
    /// The ALPN list in wire format.
    AlpnList,
    /// An external PSK: identity, then key.
    Psk,
    /// An RSA client key's DER (other keys are copied out of theirs).
    RsaKey,
}

impl Kept {
    /// Every kind, in index order.
    const ALL: [Kept; 6] = [Kept::TrustAnchors, Kept::ClientChain, Kept::Resumption, Kept::AlpnList, Kept::Psk, Kept::RsaKey];

    /// Whether the block holds a secret, zeroed when released.
    fn is_secret(self) -> bool {
        matches!(self, Kept::Psk | Kept::RsaKey)
    }
}

/// The Python-visible TLS socket (type `rtls_socket_type`).
///
/// Its methods take `&self` and its state is in `Cell`s: a call into the
/// wrapped stream may come back into the same socket (the stream's
/// methods, or another thread while the first waits in the socket), so no
/// `&mut` to it may live across such a call.
#[repr(C)]
pub struct TlsSocket {
    base: ffi::mp_obj_base_t,
    transport: SocketTransport,
    /// The `server_hostname` str, kept alive for the connection's borrow.
    hostname: ffi::mp_obj_t,
    /// The `key` argument, to explain a rejected client certificate once;
    /// None when there is none or it was checked.
    client_key: Cell<ffi::mp_obj_t>,
    /// GC blocks the connection borrows, with the length used, indexed by
    /// [`Kept`].
    material: Cell<[Option<(NonNull<u8>, usize)>; Kept::ALL.len()]>,
    /// The connection's GC block; `None` once released.
    engine: Cell<Option<NonNull<TlsEngine>>>,
    /// Set while the engine runs; still set afterwards only if a panic
    /// escaped mid-call (stream exceptions are caught), which leaves the
    /// connection unusable.
    busy: Cell<bool>,
    /// [`panic::count`] when the running call began.
    panics_before_call: Cell<u32>,
    /// `close()` was called: the wrapped socket is closed, and the
    /// connection released (by the running call, if one was running).
    closed: Cell<bool>,
    /// wrap_socket returned this object: the wrapped socket is ours to
    /// close. (One whose wrap_socket raised leaves it to the caller.)
    handed_over: Cell<bool>,
    /// An exception the stream raised during the running call, to raise
    /// again when the call returns; None otherwise.
    raised: Cell<ffi::mp_obj_t>,
}

impl TlsSocket {
    /// Allocates a socket object around `transport` with no connection yet.
    /// It has a finaliser (`__del__`): a socket dropped unclosed is closed
    /// and its secrets zeroed when the GC collects it.
    pub fn new(mut transport: SocketTransport, hostname: ffi::mp_obj_t, client_key: ffi::mp_obj_t) -> &'static TlsSocket {
        // SAFETY: allocates an object of our type with room for the struct,
        // then initialises every field before use. The GC does not move
        // objects, so the `raised` slot stays where the transport points.
        unsafe {
            let obj = ffi::mp_obj_malloc_with_finaliser_helper(core::mem::size_of::<TlsSocket>(), ptr::addr_of!(rtls_socket_type))
                as *mut TlsSocket;
            ptr::addr_of_mut!((*obj).raised).write(Cell::new(ffi::none()));
            transport.keep_exceptions_in((*obj).raised.as_ptr());
            ptr::addr_of_mut!((*obj).transport).write(transport);
            ptr::addr_of_mut!((*obj).hostname).write(hostname);
            ptr::addr_of_mut!((*obj).client_key).write(Cell::new(client_key));
            ptr::addr_of_mut!((*obj).material).write(Cell::new([None; Kept::ALL.len()]));
            ptr::addr_of_mut!((*obj).engine).write(Cell::new(None));
            ptr::addr_of_mut!((*obj).busy).write(Cell::new(false));
            ptr::addr_of_mut!((*obj).panics_before_call).write(Cell::new(0));
            ptr::addr_of_mut!((*obj).closed).write(Cell::new(false));
            ptr::addr_of_mut!((*obj).handed_over).write(Cell::new(false));
            &*obj
        }
    }

    /// Keeps a GC block holding `what` for the connection to borrow and
    /// returns its first `len` bytes. A secret's block
    /// ([`Kept::is_secret`]) is zeroed when released.
    pub fn keep(&self, what: Kept, block: NonNull<u8>, len: usize) -> &'static [u8] {
        let mut material = self.material.get();
        material[what as usize] = Some((block, len));
        self.material.set(material);
        // SAFETY: the block holds `len` initialised bytes and lives until
        // release(), after the connection that borrows it.
        unsafe { core::slice::from_raw_parts(block.as_ptr(), len) }
    }

    /// The expected server name, for error texts.
    fn hostname(&self) -> Option<&str> {
        // SAFETY: `hostname` is None or a str or bytes object this socket
        // keeps alive.
        unsafe { ffi::ascii(self.hostname) }
    }

    /// Creates the connection: one GC block for the engine and its buffers.
    pub fn connect(&self, settings: Settings) {
        let len = tls_engine::block_size(&settings);
        let block = memory::alloc_or_raise(len, "the TLS connection buffers");
        // SAFETY: a fresh block of `len` bytes, owned by this socket until
        // release(); `settings` borrows GC blocks this socket keeps alive.
        match unsafe { tls_engine::create(block, len, self.transport, settings) } {
            Ok(engine) => self.engine.set(Some(engine)),
            Err(e) => {
                // SAFETY: nothing refers to the block.
                unsafe { memory::free(block) };
                // The borrowed material goes too (an RSA key's DER is zeroed).
                self.release(true);
                raise::tls_error(e, None, None)
            }
        }
    }

    /// Whether a panic escaped from the call that left the connection busy.
    fn torn(&self) -> bool {
        self.busy.get() && panic::count() != self.panics_before_call.get()
    }

    /// Runs `op` on the engine, one call at a time: a second call while
    /// one runs (another thread, or the stream's own methods calling back)
    /// raises OSError(EBUSY), and after a panic the connection refuses
    /// use. A `close()` made meanwhile takes effect when `op` is done. An
    /// exception the stream raised is kept: [`raise_kept`](Self::raise_kept)
    /// raises it.
    fn with_engine<R>(&self, op: impl FnOnce(&mut TlsEngine) -> Result<R, Error>) -> Result<R, Error> {
        let mut engine = self.enter()?;
        // SAFETY: the block is live until release(), which waits while
        // `busy` is set, and `busy` rules out a second reference.
        let result = op(unsafe { engine.as_mut() });
        self.leave();
        result
    }

    /// The start of every call (out of line: one copy for all of them):
    /// the engine, marked busy.
    #[inline(never)]
    fn enter(&self) -> Result<NonNull<TlsEngine>, Error> {
        let engine = self.engine.get().filter(|_| !self.closed.get()).ok_or(Error::Closed)?;
        if self.torn() {
            return Err(Error::Internal);
        }
        if self.busy.get() {
            raise::os_error(
                -(ffi::MP_EBUSY as i32),
                "rtls: the socket is in use by another call (a second thread, or the wrapped stream calling back): one call at a time",
            );
        }
        self.busy.set(true);
        self.panics_before_call.set(panic::count());
        Ok(engine)
    }

    /// The end of every call: a `close()` made meanwhile takes effect.
    #[inline(never)]
    fn leave(&self) {
        self.busy.set(false);
        if self.closed.get() {
            self.release(true);
        }
    }

    /// Raises the exception the stream raised during the last call, if
    /// any: the caller sees the stream's own exception (the connection is
    /// intact, as after a socket error).
    fn raise_kept(&self) {
        let raised = self.raised.replace(ffi::none());
        if raised != ffi::none() {
            // SAFETY: an exception object caught from the stream; nothing
            // here owns resources.
            unsafe { ffi::nlr_jump(raised as *mut cty::c_void) }
        }
    }

    /// Runs the handshake.
    pub fn handshake(&self) -> Result<(), Error> {
        self.with_engine(|engine| engine.handshake())
    }

    /// Sends close_notify if `notify` and possible, wipes the connection's
    /// secrets and frees its memory. The wrapped socket is left open. While
    /// a call runs (not torn by a panic) nothing is freed under it: the
    /// call releases when it returns.
    pub fn release(&self, notify: bool) {
        if self.busy.get() && !self.torn() {
            self.closed.set(true);
            return;
        }
        self.release_now(notify);
    }

    /// [`release`](Self::release) with no call running: a connection still
    /// busy was torn by a panic, and is freed without being touched.
    fn release_now(&self, notify: bool) {
        let torn = self.busy.get();
        let raised = self.raised.replace(ffi::none());
        // SAFETY: the blocks came from memory::alloc_or_raise; the engine
        // that borrowed them is dropped (zeroizing its keys) before its block
        // is freed, unless a panic left it torn mid-call. It is taken first,
        // so the stream's methods cannot reach it through this socket.
        unsafe {
            if let Some(engine) = self.engine.take() {
                if !torn {
                    if notify {
                        // Best effort: the peer may already be gone.
                        let _ = (*engine.as_ptr()).close();
                    }
                    ptr::drop_in_place(engine.as_ptr());
                }
                memory::free(engine.cast());
            }
            for (index, material) in self.material.take().into_iter().enumerate() {
                match material {
                    Some((block, len)) if Kept::ALL[index].is_secret() => memory::wipe_and_free(block, len),
                    Some((block, _)) => memory::free(block),
                    None => {}
                }
            }
        }
        // An exception from close_notify's own write is of no interest; one
        // from the call that closed is still to be raised.
        self.raised.set(raised);
    }

    /// This object, for wrap_socket to return: from now on the wrapped
    /// socket is closed with it, by close() or by the finaliser.
    pub fn hand_over(&self) -> ffi::mp_obj_t {
        self.handed_over.set(true);
        self as *const TlsSocket as ffi::mp_obj_t
    }

    /// Closes the wrapped socket, once.
    fn close_transport(&self) -> ffi::mp_uint_t {
        self.closed.set(true);
        let mut errcode = 0;
        self.transport.ioctl(ffi::MP_STREAM_CLOSE as ffi::mp_uint_t, 0, &mut errcode)
    }

    /// When the server rejects a connection that sent a client certificate
    /// (in TLS 1.3 its alert comes after the client's handshake is done),
    /// a key that does not match the certificate is the likely cause:
    /// raises ValueError saying so. Checked once.
    fn explain_rejected_client_key(&self, error: Error) {
        let key = self.client_key.replace(ffi::none());
        let (Error::AlertReceived(_), Some((chain, len))) = (error, self.material.get()[Kept::ClientChain as usize]) else {
            return;
        };
        if key == ffi::none() {
            return;
        }
        // SAFETY: the block holds `len` bytes of DER written by wrap_socket.
        let chain = unsafe { core::slice::from_raw_parts(chain.as_ptr(), len) };
        if !super::wrap::key_matches(key, chain) {
            self.release(true);
            raise::value_error("rtls: key does not match the certificate in cert");
        }
    }

    /// Raises `error`, or reports a socket error through `errcode`.
    fn stream_error(&self, error: Error, errcode: &mut cty::c_int) -> ffi::mp_uint_t {
        match error {
            Error::Socket(errno) => {
                // An exception the stream raised comes first (raise() takes
                // care of that for the other errors).
                self.raise_kept();
                *errcode = errno;
                ffi::mp_uint_t::MAX
            }
            _ => self.raise(error, false),
        }
    }

    /// Raises the error from a failed handshake after releasing the memory.
    pub fn fail(&self, error: Error) -> ! {
        self.raise(error, true)
    }

    /// Raises `error` (a socket error as `OSError(errno)`; an exception
    /// the stream raised meanwhile first) with what the connection knows
    /// of it: a client key the server likely refused, the expected host
    /// name, a certificate validity error's dates. Releases the connection
    /// first if `release`.
    fn raise(&self, error: Error, release: bool) -> ! {
        self.explain_rejected_client_key(error);
        // SAFETY: the block is live until release(); no call is running
        // (this error is what one returned), so nothing else refers to it,
        // and one a panic tore still holds these two plain numbers.
        let times = self.engine.get().and_then(|engine| unsafe { engine.as_ref() }.validity_times());
        if release {
            self.release(true);
        }
        self.raise_kept();
        match error {
            Error::Socket(errno) => raise::errno(errno),
            _ => raise::tls_error(error, self.hostname(), times),
        }
    }
}

/// # Safety
/// `obj` must be an object of `rtls_socket_type`.
unsafe fn socket<'a>(obj: ffi::mp_obj_t) -> &'a TlsSocket {
    &*(obj as *const TlsSocket)
}

/// Stream read: decrypted application data.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_read(self_in: ffi::mp_obj_t, buf: *mut cty::c_void, size: ffi::mp_uint_t, errcode: *mut cty::c_int) -> ffi::mp_uint_t {
    let sock = socket(self_in);
    let out = core::slice::from_raw_parts_mut(buf as *mut u8, size as usize);
    match sock.with_engine(|engine| engine.read(out)) {
        Ok(n) => n as ffi::mp_uint_t,
        Err(e) => sock.stream_error(e, &mut *errcode),
    }
}

/// Stream write: encrypts and sends all of `buf`.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_write(self_in: ffi::mp_obj_t, buf: *const cty::c_void, size: ffi::mp_uint_t, errcode: *mut cty::c_int) -> ffi::mp_uint_t {
    let sock = socket(self_in);
    let data = core::slice::from_raw_parts(buf as *const u8, size as usize);
    match sock.with_engine(|engine| engine.write(data)) {
        Ok(n) => n as ffi::mp_uint_t,
        Err(e) => sock.stream_error(e, &mut *errcode),
    }
}

/// Stream ioctl: close sends close_notify, frees the connection and closes
/// the socket; poll is answered as MicroPython's tls does; other requests
/// go to the socket.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_ioctl(self_in: ffi::mp_obj_t, request: ffi::mp_uint_t, arg: usize, errcode: *mut cty::c_int) -> ffi::mp_uint_t {
    let sock = socket(self_in);
    if request == ffi::MP_STREAM_CLOSE as ffi::mp_uint_t {
        if sock.closed.get() {
            return 0;
        }
        // After a failed handshake the connection is gone already; the
        // wrapped socket is closed all the same.
        sock.release(true);
        return sock.close_transport();
    } else if request == ffi::MP_STREAM_POLL as ffi::mp_uint_t {
        // A closed or failed connection: POLLNVAL, as MicroPython's tls
        // answers, so an asyncio loop drops it instead of raising.
        if sock.closed.get() || sock.engine.get().is_none() {
            return ffi::MP_STREAM_POLL_NVAL as ffi::mp_uint_t;
        }
        return sock.poll(arg, &mut *errcode);
    } else if sock.closed.get() {
        *errcode = ffi::MP_EBADF as cty::c_int;
        return ffi::mp_uint_t::MAX;
    } else if request == ffi::MP_STREAM_GET_FILENO as ffi::mp_uint_t {
        // No file descriptor: select would poll the raw socket and miss
        // buffered plaintext and the handshake's direction.
        *errcode = ffi::MP_EINVAL as cty::c_int;
        return ffi::mp_uint_t::MAX;
    }
    sock.transport.ioctl(request, arg, &mut *errcode)
}

impl TlsSocket {
    /// Readiness for `events`: decrypted data waiting is readable; while
    /// the connection waits for the other direction than the caller asked
    /// for (mid-handshake, or output still queued), that direction is
    /// polled and its readiness reported as the caller's events, so the
    /// caller's next read or write makes progress.
    ///
    /// Before the handshake has begun, a read or write is what starts it:
    /// both are reported ready, so that a client that reads first (the
    /// server speaks first: SMTP, a banner) sends its ClientHello.
    fn poll(&self, events: usize, errcode: &mut cty::c_int) -> ffi::mp_uint_t {
        const RD: usize = ffi::MP_STREAM_POLL_RD as usize;
        const WR: usize = ffi::MP_STREAM_POLL_WR as usize;
        if self.busy.get() {
            // Another thread is inside the connection: the socket decides.
            return self.transport.ioctl(ffi::MP_STREAM_POLL as ffi::mp_uint_t, events, errcode);
        }
        let state = self.with_engine(|engine| {
            engine.try_flush();
            Ok((engine.is_started(), engine.has_plaintext(), engine.blocked()))
        });
        self.raise_kept();
        let (started, readable, blocked) = state.unwrap_or((true, false, None));
        if !started {
            return (events & (RD | WR)) as ffi::mp_uint_t;
        }
        let mut ready = if readable { events & RD } else { 0 };
        let needed = match blocked {
            Some(Blocked::Reading) => RD,
            Some(Blocked::Writing) => WR,
            None => 0,
        };
        let asked = events & (RD | WR);
        let socket_events = if needed != 0 && asked != 0 { (events & !(RD | WR)) | needed } else { events };
        let result = self.transport.ioctl(ffi::MP_STREAM_POLL as ffi::mp_uint_t, socket_events, errcode);
        if result == ffi::mp_uint_t::MAX {
            return result;
        }
        let mut result = result as usize;
        if needed != 0 && result & needed != 0 {
            result = (result & !needed) | asked;
        }
        ready |= result;
        ready as ffi::mp_uint_t
    }
}

/// `__del__`: a socket the GC collects unclosed is closed without I/O
/// (no close_notify while the GC sweeps): its secrets are zeroed, its
/// memory freed and the wrapped socket closed, so no descriptor leaks.
/// The wrapped socket of a wrap_socket that raised stays the caller's.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_del(self_in: ffi::mp_obj_t) -> ffi::mp_obj_t {
    let sock = socket(self_in);
    if !sock.closed.get() {
        // Unreachable, so no call can be running: a busy connection was
        // torn by a panic.
        sock.release_now(false);
        if sock.handed_over.get() {
            sock.close_transport();
        }
    }
    ffi::none()
}

/// `setblocking(flag)`: passed to the wrapped socket.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_setblocking(self_in: ffi::mp_obj_t, flag: ffi::mp_obj_t) -> ffi::mp_obj_t {
    let sock = socket(self_in);
    let mut call = [ffi::none(); 3];
    // Raises if the socket has no setblocking; nothing here owns resources.
    ffi::mp_load_method(sock.transport.sock(), ffi::MP_QSTR_setblocking as ffi::qstr, call.as_mut_ptr());
    call[2] = flag;
    ffi::mp_call_method_n_kw(1, 0, call.as_ptr());
    ffi::none()
}

/// `do_handshake()`: runs (or continues) the handshake; on a non-blocking
/// socket raises OSError(EAGAIN) while it would block.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_do_handshake(self_in: ffi::mp_obj_t) -> ffi::mp_obj_t {
    let sock = socket(self_in);
    match sock.handshake() {
        Ok(()) => ffi::none(),
        Err(Error::Socket(errno)) => {
            sock.raise_kept();
            raise::errno(errno)
        }
        Err(e) => sock.fail(e),
    }
}

/// `selected_alpn_protocol()`: the protocol the server chose, or None.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_selected_alpn_protocol(self_in: ffi::mp_obj_t) -> ffi::mp_obj_t {
    let sock = socket(self_in);
    match sock.with_engine(|engine| Ok(engine.alpn().map(ffi::str_from_bytes))) {
        Ok(Some(name)) => name,
        _ => ffi::none(),
    }
}

/// `version()`: "TLSv1.3" once the handshake is done, else None.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_version(self_in: ffi::mp_obj_t) -> ffi::mp_obj_t {
    let sock = socket(self_in);
    match sock.with_engine(|engine| Ok(engine.is_connected())) {
        Ok(true) => ffi::str("TLSv1.3"),
        _ => ffi::none(),
    }
}

/// `getpeercert(binary_form=False)`: the server's DER certificate.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_getpeercert(n_args: usize, args: *const ffi::mp_obj_t) -> ffi::mp_obj_t {
    let sock = socket(*args);
    if n_args < 2 || !ffi::mp_obj_is_true(*args.add(1)) {
        raise::not_implemented("rtls: getpeercert() gives the DER form only; call getpeercert(True)");
    }
    match sock.with_engine(|engine| Ok(engine.peer_certificate().map(ffi::bytes))) {
        Ok(Some(der)) => der,
        Ok(None) => ffi::none(),
        Err(e) => sock.raise(e, false),
    }
}

/// `cipher()`: the negotiated suite and protocol version, or None before
/// the handshake.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_cipher(self_in: ffi::mp_obj_t) -> ffi::mp_obj_t {
    let sock = socket(self_in);
    match sock.with_engine(|engine| Ok(engine.cipher_suite())) {
        Ok(Some(suite)) => {
            let items = [ffi::str(suite), ffi::str("TLSv1.3")];
            ffi::mp_obj_new_tuple(items.len(), items.as_ptr())
        }
        Ok(None) => ffi::none(),
        Err(e) => sock.raise(e, false),
    }
}

/// The session for resuming later, as bytes; None before the server sent
/// a ticket, after close(), or when the block cannot be had.
fn session_bytes(sock: &TlsSocket) -> ffi::mp_obj_t {
    let len = sock.with_engine(|engine| Ok(engine.session().map(|s| s.psk.len() + s.ticket.len())));
    let Ok(Some(len)) = len.map(|l| l.map(|l| l + crate::engine::tls13::session::OVERHEAD)) else {
        return ffi::none();
    };
    // The session is encoded straight into the bytes object's buffer: no
    // second copy of its secret to wipe.
    // SAFETY: vstr_init_len allocates `len` bytes (or raises MemoryError,
    // before any call runs); the bytes object takes the buffer over.
    unsafe {
        let mut vstr = core::mem::zeroed::<ffi::vstr_t>();
        ffi::vstr_init_len(&mut vstr, len);
        let out = core::slice::from_raw_parts_mut(vstr.buf as *mut u8, len);
        match sock.with_engine(|engine| Ok(engine.session().and_then(|s| s.encode(out)))) {
            Ok(Some(_)) => ffi::mp_obj_new_bytes_from_vstr(&mut vstr),
            _ => ffi::none(),
        }
    }
}

/// Attributes: `session` (bytes to pass as `session=` to a later
/// wrap_socket, or None) and `session_reused`; the rest are methods.
#[no_mangle]
pub unsafe extern "C" fn rtls_socket_attr(self_in: ffi::mp_obj_t, attr: ffi::qstr, dest: *mut ffi::mp_obj_t) {
    if !(*dest).is_null() {
        // Store or delete: these attributes are read-only.
        return;
    }
    let sock = socket(self_in);
    match attr as u32 {
        ffi::MP_QSTR_session => *dest = session_bytes(sock),
        ffi::MP_QSTR_session_reused => *dest = ffi::bool(sock.with_engine(|engine| Ok(engine.resumed())).unwrap_or(false)),
        _ => *dest.add(1) = ffi::sentinel(),
    }
}
