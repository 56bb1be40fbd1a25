//! A Rust panic inside rtls becomes a Python exception instead of
//! aborting the interpreter. The connection that was running is left
//! marked busy (see `socket.rs`), so it refuses further use.

use core::fmt::Write;

use heapless::String;

use super::raise;
use crate::engine::error::Error;

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let mut text: String<192> = String::new();
    let _ = write!(text, "{}", Error::Internal);
    // The ESP8266 firmware builds without locations (line 0, see
    // boards/lx106/build.py FIRMWARE_RUSTFLAGS).
    if let Some(location) = info.location().filter(|location| location.line() != 0) {
        // The last four path components name the crate and file without
        // the build machine's registry path.
        // (By bytes and `get`: str slicing and rmatch_indices would cost
        // 1.4 KB of code on the ESP8266.)
        let file = location.file();
        let start = file.bytes().enumerate().rev().filter(|&(_, b)| b == b'/').nth(3).map_or(0, |(i, _)| i + 1);
        let short = file.get(start..).unwrap_or(file);
        let _ = write!(text, " ({short}:{})", location.line());
    }
    raise::os_error(Error::Internal.code(), &text)
}
