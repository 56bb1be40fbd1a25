//! The MicroPython binding: the `rtls` module's functions, the TLS socket
//! object, and `cryptolib`'s AES object. Every `unsafe` call into
//! MicroPython's C API is here.
//!
//! Raising a MicroPython exception longjmps over Rust frames, so it is done
//! only from [`raise`] with nothing owning resources on the stack. An
//! exception the wrapped stream raises while the engine runs is caught in C
//! and raised again once the engine's frames have returned (see
//! [`transport`]); a connection is marked busy while the engine runs, so a
//! second call is refused, and one a panic (see [`panic`]) escaped from
//! stays unusable instead of being resumed in a torn state.

mod cryptolib;
mod ffi;
mod memory;
mod panic;
#[cfg(feature = "panic-hook")]
mod panic_hook;
mod raise;
mod socket;
mod tls_engine;
mod transport;
mod wrap;
