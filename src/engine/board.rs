//! The board's TLS settings, fixed at build time: `build.rs` includes the
//! file named by `RTLS_BOARD_CONFIG` (`boards/<BOARD>/rtls_board.rs`), or
//! `boards/default/rtls_board.rs`. Suites and groups are IANA codes there;
//! [`config`](super::tls13::config) turns them into engine types, and an
//! unknown code fails the build.

include!(concat!(env!("OUT_DIR"), "/rtls_board.rs"));
