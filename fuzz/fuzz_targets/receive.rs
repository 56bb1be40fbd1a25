//! The engine's receive path: a verifying client `Connection` is started,
//! then the fuzz input is what "the server" sends, fed in chunks through
//! `input_space()` / `input_received(n)`. Whatever arrives, the connection
//! may fail but must never panic, hang or misbehave when used afterwards.
//!
//! Input: one control byte (chunk sizes, see `rtls_fuzz::Chunks`), then the
//! server's byte stream. Seeds are real `openssl s_server` replies to this
//! exact client (see `capture/`), which the client decrypts: replayed, they
//! reach the connected state, application data, tickets and KeyUpdates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtls_fuzz::{run_client, split_control};

fuzz_target!(|data: &[u8]| {
    if let Some((control, stream)) = split_control(data) {
        let _ = run_client(control, stream);
    }
});
