//! Tests of the codec: RFC 8448 vectors, rejections, truncations and a
//! bounded mutation fuzz loop over every parser.

mod client_hello;
mod encrypted_extensions;
mod fuzz;
mod messages;
mod primitives;
mod rfc8448;
mod server_hello;
mod support;
// RFC 8448's messages and records, shared with the crypto tests and the
// whole-client replay (tests/engine/rfc8448_replay.rs).
#[path = "../../../../../tests/fixtures/rfc8448.rs"]
pub(crate) mod vectors;
