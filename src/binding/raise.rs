//! Raising Python exceptions. Each function longjmps back into
//! MicroPython: callers must own nothing that needs dropping.

use core::fmt::Write;

use heapless::String;

use super::ffi;
use crate::engine::error::Error;

/// Longest exception text built here.
const TEXT_MAX: usize = 192;

/// Raises `exc_type(text)`.
pub fn exception(exc_type: &'static ffi::mp_obj_type_t, text: &str) -> ! {
    let arg = ffi::str(text);
    // SAFETY: a valid type and one valid argument; nlr_jump never returns
    // and the VM holds the nlr buffer for the call we are inside.
    unsafe {
        let exc = ffi::mp_obj_new_exception_args(exc_type, 1, &arg);
        ffi::nlr_jump(exc as *mut cty::c_void)
    }
}

/// Raises `ValueError(text)`.
pub fn value_error(text: &str) -> ! {
    // SAFETY: taking the address of an immutable type object.
    exception(unsafe { &*core::ptr::addr_of!(ffi::mp_type_ValueError) }, text)
}

/// Raises `TypeError(text)`.
pub fn type_error(text: &str) -> ! {
    // SAFETY: taking the address of an immutable type object.
    exception(unsafe { &*core::ptr::addr_of!(ffi::mp_type_TypeError) }, text)
}

/// Raises `MemoryError(text)`.
pub fn memory_error(text: &str) -> ! {
    // SAFETY: taking the address of an immutable type object.
    exception(unsafe { &*core::ptr::addr_of!(ffi::mp_type_MemoryError) }, text)
}

/// Raises `NotImplementedError(text)`.
pub fn not_implemented(text: &str) -> ! {
    // SAFETY: taking the address of an immutable type object.
    exception(unsafe { &*core::ptr::addr_of!(ffi::mp_type_NotImplementedError) }, text)
}

/// Raises `OSError(code, text)`, the shape MicroPython's tls module uses.
pub fn os_error(code: i32, text: &str) -> ! {
    let args = [ffi::int(code), ffi::str(text)];
    // SAFETY: as in `exception`, with two valid arguments.
    unsafe {
        let exc = ffi::mp_obj_new_exception_args(core::ptr::addr_of!(ffi::mp_type_OSError), 2, args.as_ptr());
        ffi::nlr_jump(exc as *mut cty::c_void)
    }
}

/// Raises `OSError(errno)`, as a socket does.
pub fn errno(errno: i32) -> ! {
    // SAFETY: mp_raise_OSError builds the exception and never returns.
    unsafe { ffi::mp_raise_OSError(errno) }
}

/// Raises the engine error as `OSError(error.code(), "rtls: <cause>")`,
/// adding the expected name to a hostname mismatch.
pub fn tls_error(error: Error, hostname: Option<&str>) -> ! {
    let mut text: String<TEXT_MAX> = String::new();
    // Truncation of an over-long text is acceptable; the code is exact.
    let _ = write!(text, "{error}");
    if let (Error::Certificate(crate::engine::x509::CertError::HostnameMismatch), Some(name)) = (error, hostname) {
        let _ = write!(text, ": expected '{name}'");
    }
    os_error(error.code(), &text)
}
