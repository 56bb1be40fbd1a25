//! rtls: a TLS 1.3 client for MicroPython.
//!
//! Two layers live here, kept apart so each can be replaced alone:
//! - [`engine`]: TLS, X.509/PEM and certificate verification. Pure `no_std`
//!   Rust with no MicroPython types; tested on the host with `cargo test`.
//! - `binding` (feature `micropython`): MicroPython objects, argument
//!   parsing, errors, stream I/O and GC-heap memory. All `unsafe` FFI is there.
#![cfg_attr(not(test), no_std)]

pub mod engine;

#[cfg(feature = "micropython")]
mod binding;
