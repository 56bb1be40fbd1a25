//! A Rust panic inside rtls becomes a Python exception instead of
//! aborting the interpreter. The connection that was running is left
//! marked busy (see `socket.rs`), so it refuses further use; [`count`]
//! tells it apart from a connection that another call is using.

use super::raise::{self, Text};
use crate::engine::error::Error;

/// Panics so far (a panic runs on the thread that holds the VM).
static mut PANICS: u32 = 0;

/// How many panics have happened: a connection still busy after one
/// since its call began was torn by it.
pub fn count() -> u32 {
    // SAFETY: a plain read of a word only the VM's thread writes.
    unsafe { core::ptr::addr_of!(PANICS).read_volatile() }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let mut text = Text::new(192);
    text.push(Error::Internal.message());
    // The ESP8266 firmware builds without locations (line 0, see
    // boards/lx106/build.py FIRMWARE_RUSTFLAGS).
    if let Some(location) = info.location().filter(|location| location.line() != 0) {
        // The last four path components name the crate and file without
        // the build machine's registry path.
        // (By bytes and `get`: str slicing and rmatch_indices would cost
        // more code on the ESP8266.)
        let file = location.file();
        let start = file.bytes().enumerate().rev().filter(|&(_, b)| b == b'/').nth(3).map_or(0, |(i, _)| i + 1);
        let short = file.get(start..).unwrap_or(file);
        text.push_all(&[" (", short, ":"]).push_decimal(location.line() as usize).push(")");
    }
    // SAFETY: as in `count`.
    unsafe { core::ptr::addr_of_mut!(PANICS).write_volatile(count().wrapping_add(1)) };
    raise::os_error(Error::Internal.code(), text.as_str())
}
