//! The rtls staticlib for the ESP8266 firmware: everything is in the rtls
//! crate (feature `micropython`: the binding, its panic handler and the C
//! entry points modrtls.c calls); this crate only links it.
#![no_std]

pub use rtls;
