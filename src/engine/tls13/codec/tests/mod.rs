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
pub(crate) mod vectors;
