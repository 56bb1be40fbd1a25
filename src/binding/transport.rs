//! The engine's [`Transport`] over the wrapped MicroPython socket, through
//! its stream protocol (so any stream object works, as in MicroPython's tls).
//!
//! A stream may raise (a Python stream class, or KeyboardInterrupt in a
//! blocking read): the exception is caught, kept in the TLS socket's slot,
//! and the engine sees the error [`STREAM_RAISED`], so its frames return
//! normally and the binding raises the exception again.

use core::ptr;

use super::ffi;
use crate::engine::transport::Transport;

/// The "errno" the engine sees when the stream raised an exception.
const STREAM_RAISED: i32 = -1;

/// The socket under a TLS connection.
#[derive(Clone, Copy)]
pub struct SocketTransport {
    sock: ffi::mp_obj_t,
    stream: *const ffi::mp_stream_p_t,
    /// Where an exception raised by the stream is kept (the TLS socket's
    /// slot; null until [`SocketTransport::keep_exceptions_in`]).
    raised: *mut ffi::mp_obj_t,
}

impl SocketTransport {
    /// Takes `sock`, raising TypeError if it is not a readable, writable stream.
    pub fn new(sock: ffi::mp_obj_t) -> Self {
        // SAFETY: mp_get_stream_raise checks the object and raises if it is
        // not a stream with these operations.
        let stream = unsafe {
            ffi::mp_get_stream_raise(sock, (ffi::MP_STREAM_OP_READ | ffi::MP_STREAM_OP_WRITE | ffi::MP_STREAM_OP_IOCTL) as cty::c_int)
        };
        Self { sock, stream, raised: ptr::null_mut() }
    }

    /// Keeps exceptions the stream raises in `slot` from now on.
    ///
    /// # Safety
    /// `slot` stays valid as long as this transport (and its copies) is used.
    pub unsafe fn keep_exceptions_in(&mut self, slot: *mut ffi::mp_obj_t) {
        self.raised = slot;
    }

    /// Turns Nagle's algorithm off on a TCP socket, where it can be:
    /// rtls writes whole records and sends them at once on each write, so
    /// holding back a short tail record only adds delayed-ACK stalls
    /// (40 ms on Linux). Other streams, or ports without the option, are
    /// left as they are.
    pub fn disable_nagle(&self) {
        // IPPROTO_TCP and TCP_NODELAY have these values on Linux and lwIP.
        const IPPROTO_TCP: i32 = 6;
        const TCP_NODELAY: i32 = 1;
        let args = [ffi::int(IPPROTO_TCP), ffi::int(TCP_NODELAY), ffi::int(1)];
        // SAFETY: valid objects; the helper catches any exception.
        unsafe { ffi::rtls_call_method_catching(self.sock, ffi::MP_QSTR_setsockopt as ffi::qstr, args.len(), args.as_ptr()) };
    }

    /// The wrapped socket object.
    pub fn sock(&self) -> ffi::mp_obj_t {
        self.sock
    }

    /// Forwards an ioctl request to the socket.
    pub fn ioctl(&self, request: ffi::mp_uint_t, arg: usize, errcode: &mut cty::c_int) -> ffi::mp_uint_t {
        // SAFETY: `stream` is the socket's protocol, checked to have ioctl.
        unsafe {
            match (*self.stream).ioctl {
                Some(ioctl) => ioctl(self.sock, request, arg, errcode),
                None => 0,
            }
        }
    }
}

fn result(n: ffi::mp_uint_t, errcode: cty::c_int) -> Result<usize, i32> {
    if n == ffi::mp_uint_t::MAX {
        Err(errcode)
    } else {
        Ok(n as usize)
    }
}

impl SocketTransport {
    /// The stream's read (`write == false`, into `buf`) or write (from
    /// `buf`), with an exception it raises caught and kept.
    ///
    /// # Safety
    /// `buf` is valid for `len` bytes of writes (read) or reads (write).
    unsafe fn io(&mut self, write: bool, buf: *mut u8, len: usize) -> Result<usize, i32> {
        let mut errcode = 0;
        let mut raised = ffi::none();
        // The stream was checked at construction to have read and write.
        let n = ffi::rtls_stream_io_catching(self.sock, self.stream, write, buf as *mut cty::c_void, len as ffi::mp_uint_t, &mut errcode, &mut raised);
        if raised != ffi::none() {
            if !self.raised.is_null() {
                *self.raised = raised;
            }
            return Err(STREAM_RAISED);
        }
        result(n, errcode)
    }
}

impl Transport for SocketTransport {
    fn recv(&mut self, buf: &mut [u8]) -> Result<usize, i32> {
        #[cfg(feature = "panic-hook")]
        super::panic_hook::before_receive();
        // SAFETY: buf is valid for writes of its length.
        unsafe { self.io(false, buf.as_mut_ptr(), buf.len()) }
    }

    fn send(&mut self, buf: &[u8]) -> Result<usize, i32> {
        // SAFETY: buf is valid for reads of its length; a write only reads it.
        unsafe { self.io(true, buf.as_ptr() as *mut u8, buf.len()) }
    }
}
