//! Reader, Writer and CodecError.

use super::super::*;
use crate::engine::error::Error;

#[test]
fn reader_reads_and_bounds() {
    let data = [1, 0, 2, 0, 0, 3, 0, 0, 0, 4, 2, 9, 9, 0, 1, 7, 0, 0, 1, 8];
    let mut r = Reader::new(&data);
    assert_eq!(r.u8(), Ok(1));
    assert_eq!(r.u16(), Ok(2));
    assert_eq!(r.u24(), Ok(3));
    assert_eq!(r.u32(), Ok(4));
    assert_eq!(r.vec8().unwrap().rest(), [9, 9]);
    assert_eq!(r.vec16().unwrap().rest(), [7]);
    let mut v = r.vec24().unwrap();
    assert_eq!(v.len(), 1);
    assert_eq!(v.u8(), Ok(8));
    assert!(v.is_empty());
    assert!(r.finish().is_ok());
    assert_eq!(r.u8(), Err(CodecError::Decode));

    let mut r = Reader::new(&[0, 5, 1, 2]);
    assert_eq!(r.vec16().err(), Some(CodecError::Decode));
    let mut r = Reader::new(&[1, 2, 3]);
    assert_eq!(r.take(usize::MAX), Err(CodecError::Decode));
    assert_eq!(r.u32(), Err(CodecError::Decode));
    assert_eq!(r.remaining(), [1, 2, 3], "a failed read consumes nothing");
    assert_eq!(r.finish(), Err(CodecError::Decode));
    assert_eq!(r.rest(), [1, 2, 3]);
    assert!(r.is_empty());
}

#[test]
fn writer_writes_and_patches() {
    let mut buf = [0u8; 32];
    let mut w = Writer::new(&mut buf);
    assert!(w.is_empty());
    w.u8(1);
    w.u16(0x0203);
    w.u24(0x040506);
    w.u32(0x0708090a);
    w.vec8(|w| w.bytes(&[0xaa]));
    w.vec16(|w| w.vec24(|w| w.u8(0xbb)));
    assert_eq!(w.status(), Ok(()));
    assert_eq!(
        w.written(),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 0xaa, 0, 4, 0, 0, 1, 0xbb]
    );
    assert_eq!(w.len(), 18);
    w.u24(0x0100_0000);
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert_eq!(w.len(), 18, "a u24 over 24 bits writes nothing");
}

#[test]
fn writer_overflows() {
    let mut buf = [0u8; 300];
    let mut w = Writer::new(&mut buf);
    w.vec8(|w| w.bytes(&[0; 256]));
    assert_eq!(w.status(), Err(CodecError::Overflow));
    let mut w = Writer::new(&mut buf);
    w.vec8(|w| w.bytes(&[0; 255]));
    assert_eq!(w.status(), Ok(()));
    let mut small = [0u8; 3];
    let mut w = Writer::new(&mut small);
    w.u32(1);
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert_eq!(w.len(), 0, "a failed write writes nothing");
    let mut w = Writer::new(&mut small);
    w.vec16(|w| w.u16(1));
    assert_eq!(w.status(), Err(CodecError::Overflow));
    let mut big = vec![0u8; 70_000];
    let mut w = Writer::new(&mut big);
    w.vec16(|w| w.bytes(&[0; 65_536]));
    assert_eq!(w.status(), Err(CodecError::Overflow));
    let mut w = Writer::new(&mut big);
    w.vec16(|w| w.bytes(&[0; 65_535]));
    assert_eq!(w.status(), Ok(()));
    assert_eq!(w.into_written()[..2], [0xff, 0xff]);
}

/// Once a write has failed nothing more lands, even a write that would
/// fit, and the status stays an error. The whole buffer is checked: a
/// write past `len()` would not show in `written()`.
#[test]
fn writer_overflow_is_sticky() {
    let mut buf = [0u8; 6];
    let mut w = Writer::new(&mut buf);
    w.u8(9);
    w.u24(0x0100_0000);
    w.u8(1);
    w.u16(2);
    w.bytes(&[3]);
    w.vec8(|w| w.u8(4));
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert_eq!(w.len(), 1);
    assert_eq!(buf, [9, 0, 0, 0, 0, 0]);

    // Too long for the room left, then a byte that fits.
    let mut buf = [0u8; 6];
    let mut w = Writer::new(&mut buf);
    w.u16(0x0102);
    w.bytes(&[3; 5]);
    w.u8(4);
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert_eq!(buf, [1, 2, 0, 0, 0, 0]);

    // A vector whose contents overflowed: its prefix is not patched (it
    // stays zero) and the writes after it do not land.
    let mut buf = [0u8; 6];
    let mut w = Writer::new(&mut buf);
    w.vec16(|w| {
        w.u8(7);
        w.bytes(&[1; 5]);
    });
    w.u8(2);
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert_eq!(w.len(), 3);
    assert_eq!(buf, [0, 0, 7, 0, 0, 0]);

    // A vector too long for its prefix: the status says so even though
    // every byte fitted.
    let mut buf = [0u8; 300];
    let mut w = Writer::new(&mut buf);
    w.vec8(|w| w.bytes(&[1; 256]));
    w.u8(2);
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert_eq!(w.len(), 257);

    // fail() stops the writer the same way.
    let mut buf = [0u8; 6];
    let mut w = Writer::new(&mut buf);
    w.u8(1);
    w.fail();
    w.u8(2);
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert_eq!(buf, [1, 0, 0, 0, 0, 0]);
}

/// A vector whose length prefix did not fit is closed without computing a
/// length from a position that never passed its prefix (which would
/// underflow: a panic in a debug build, `cargo test`).
#[test]
fn writer_failed_open_does_not_underflow() {
    let mut buf = [0u8; 2];
    let mut w = Writer::new(&mut buf);
    w.u8(9);
    w.vec16(|w| w.vec24(|_| {}));
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert_eq!(w.written(), [9]);
    let mut w = Writer::new(&mut []);
    w.vec24(|w| w.u8(1));
    w.vec8(|_| {});
    assert_eq!(w.status(), Err(CodecError::Overflow));
    assert!(w.is_empty());
}

#[test]
fn codec_errors_map_to_alerts_and_errors() {
    let cases = [
        (CodecError::Decode, 50, Error::Malformed),
        (CodecError::IllegalParameter, 47, Error::Malformed),
        (CodecError::UnsupportedExtension, 110, Error::Malformed),
        (CodecError::MissingExtension, 109, Error::Malformed),
        (CodecError::ProtocolVersion, 70, Error::NotTls13),
        (CodecError::Overflow, 80, Error::Internal),
    ];
    for (e, alert, error) in cases {
        assert_eq!(e.alert(), alert);
        assert_eq!(e.to_error(), error);
        assert_eq!(Error::from(e), error);
    }
}
