//! Raising Python exceptions. Each function longjmps back into
//! MicroPython: callers must own nothing that needs dropping.

use heapless::String;

use super::ffi;
use crate::engine::clock;
use crate::engine::error::Error;
use crate::engine::x509::CertError;

/// Longest exception text built here.
const TEXT_MAX: usize = 200;

/// An exception text assembled from pieces, as `write!` into a
/// `heapless::String` of `cap` bytes would assemble it (each piece whole or
/// not at all, nothing after the first that does not fit), without linking
/// `core::fmt` into the firmware.
pub struct Text {
    text: String<TEXT_MAX>,
    cap: usize,
}

impl Text {
    /// An empty text of at most `cap` (at most [`TEXT_MAX`]) bytes.
    pub fn new(cap: usize) -> Self {
        Text { text: String::new(), cap }
    }

    /// Appends `piece`; if it does not fit, stops the text here.
    pub fn push(&mut self, piece: &str) -> &mut Self {
        if self.text.len() + piece.len() <= self.cap {
            // Cannot fail: within `cap`, which is at most the capacity.
            let _ = self.text.push_str(piece);
        } else {
            self.cap = self.text.len();
        }
        self
    }

    /// Appends each of `pieces` in turn.
    pub fn push_all(&mut self, pieces: &[&str]) -> &mut Self {
        for piece in pieces {
            self.push(piece);
        }
        self
    }

    /// Appends `value` in decimal (as `{value}` does). Panic-free, as the
    /// panic handler uses it: a panic path there would keep every panic's
    /// message and its formatting code in the firmware.
    pub fn push_decimal(&mut self, mut value: usize) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut count = 0;
        for digit in digits.iter_mut().rev() {
            *digit = b'0' + (value % 10) as u8;
            count += 1;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        let digits = digits.get(digits.len() - count..).unwrap_or_default();
        // SAFETY: ASCII digits only.
        self.push(unsafe { core::str::from_utf8_unchecked(digits) })
    }

    /// Appends unix `seconds` as `YYYY-MM-DD HH:MM:SS` (UTC).
    pub fn push_date(&mut self, seconds: i64) -> &mut Self {
        let mut date = [0; 19];
        clock::format_utc(seconds, &mut date);
        // SAFETY: ASCII digits and separators only.
        self.push(unsafe { core::str::from_utf8_unchecked(&date) })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

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

/// Raises `exc_type` with `pieces` joined into one text (up to
/// [`TEXT_MAX`] bytes). Out of line, so callers pass only the pieces.
#[inline(never)]
pub fn exception_of(exc_type: &'static ffi::mp_obj_type_t, pieces: &[&str]) -> ! {
    let mut text = Text::new(TEXT_MAX);
    text.push_all(pieces);
    exception(exc_type, text.as_str())
}

/// Raises `ValueError` with `pieces` joined.
pub fn value_error_of(pieces: &[&str]) -> ! {
    // SAFETY: taking the address of an immutable type object.
    exception_of(unsafe { &*core::ptr::addr_of!(ffi::mp_type_ValueError) }, pieces)
}

/// Raises `ValueError(text)`.
pub fn value_error(text: &str) -> ! {
    // SAFETY: taking the address of an immutable type object.
    exception(unsafe { &*core::ptr::addr_of!(ffi::mp_type_ValueError) }, text)
}

/// Raises `TypeError` with `pieces` joined.
pub fn type_error_of(pieces: &[&str]) -> ! {
    // SAFETY: taking the address of an immutable type object.
    exception_of(unsafe { &*core::ptr::addr_of!(ffi::mp_type_TypeError) }, pieces)
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

/// Raises the engine error as `OSError(error.code(), "<cause>")`, adding
/// the expected name to a hostname mismatch, and to a certificate not yet
/// valid or expired the date it crossed and the device's time from `times`
/// (bound, now): a board whose clock was never set shows 1970 or 2000.
pub fn tls_error(error: Error, hostname: Option<&str>, times: Option<(i64, i64)>) -> ! {
    // Truncation of an over-long text is acceptable; the code is exact.
    let mut text = Text::new(192);
    text.push(error.message()).push(error.detail());
    match (error, hostname, times) {
        (Error::Certificate(CertError::HostnameMismatch), Some(name), _) => {
            text.push_all(&[": expected '", name, "'"]);
        }
        (Error::Certificate(cause @ (CertError::NotYetValid | CertError::Expired)), _, Some((bound, now))) => {
            let (bound_name, fix) = match cause {
                CertError::NotYetValid => (": notBefore ", " UTC; set the clock (e.g. ntptime.settime())"),
                _ => (": notAfter ", " UTC; renew the certificate or set the clock"),
            };
            text.push(bound_name).push_date(bound).push(" UTC, device time ").push_date(now).push(fix);
        }
        _ => {}
    }
    os_error(error.code(), text.as_str())
}
