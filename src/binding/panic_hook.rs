//! A panic on demand, so that the integration tests see [`super::panic`]
//! at work (tests/cases/survive_panic.py): while the environment holds
//! `RTLS_TEST_PANIC`, the wrapped stream's receives panic, inside the
//! engine's call. Only in a build with the cargo feature `panic-hook` (the
//! unix interpreter, for `make test`); never in a board's firmware.

extern "C" {
    /// The C library's getenv (the unix port links it; os.putenv and
    /// os.unsetenv change the environment on the VM's thread).
    fn getenv(name: *const cty::c_char) -> *const cty::c_char;
}

/// Panics while `RTLS_TEST_PANIC` is set.
pub fn before_receive() {
    // SAFETY: a NUL-terminated name; getenv only reads it and the
    // environment, which only the VM's thread changes.
    let set = unsafe { !getenv(c"RTLS_TEST_PANIC".as_ptr()).is_null() };
    if set {
        panic!("RTLS_TEST_PANIC is set");
    }
}
