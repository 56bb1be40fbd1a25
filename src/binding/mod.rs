//! The MicroPython binding: the `rtls` module's functions and the TLS
//! socket object. Every `unsafe` call into MicroPython's C API is here.
//!
//! Raising a MicroPython exception longjmps over Rust frames, so it is done
//! only from [`raise`] with nothing owning resources on the stack, and a
//! connection is marked busy while the engine runs: if an exception (or a
//! panic, see [`panic`]) escapes mid-call, the connection stays unusable
//! instead of being resumed in a torn state.

mod ffi;
mod memory;
mod panic;
mod raise;
mod session;
mod socket;
mod transport;
mod wrap;
