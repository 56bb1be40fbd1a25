//! The connection behind a real key exchange: a scripted server (see
//! `rtls_fuzz::server`) completes the ServerHello with real keys and then
//! encrypts whatever the fuzz input's script says, so mutations reach the
//! encrypted handshake messages, the key changes, KeyUpdates, tickets,
//! alerts and application data of a verifying client. The same client
//! driver as `receive` feeds the result to the connection.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rtls_fuzz::server::run(data);
});
