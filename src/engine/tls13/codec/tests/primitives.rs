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
    w.u8(1).unwrap();
    w.u16(0x0203).unwrap();
    w.u24(0x040506).unwrap();
    w.u32(0x0708090a).unwrap();
    w.vec8(|w| w.bytes(&[0xaa])).unwrap();
    w.vec16(|w| w.vec24(|w| w.u8(0xbb))).unwrap();
    assert_eq!(
        w.written(),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 0xaa, 0, 4, 0, 0, 1, 0xbb]
    );
    assert_eq!(w.len(), 18);
    assert_eq!(w.u24(0x0100_0000), Err(CodecError::Overflow));
}

#[test]
fn writer_overflows() {
    let mut buf = [0u8; 300];
    let mut w = Writer::new(&mut buf);
    assert_eq!(w.vec8(|w| w.bytes(&[0; 256])), Err(CodecError::Overflow));
    let mut w = Writer::new(&mut buf);
    assert!(w.vec8(|w| w.bytes(&[0; 255])).is_ok());
    let mut small = [0u8; 3];
    let mut w = Writer::new(&mut small);
    assert_eq!(w.u32(1), Err(CodecError::Overflow));
    assert_eq!(w.len(), 0, "a failed write writes nothing");
    assert_eq!(w.vec16(|w| w.u16(1)), Err(CodecError::Overflow));
    let mut big = vec![0u8; 70_000];
    let mut w = Writer::new(&mut big);
    assert_eq!(
        w.vec16(|w| w.bytes(&[0; 65_536])),
        Err(CodecError::Overflow)
    );
    let mut w = Writer::new(&mut big);
    assert!(w.vec16(|w| w.bytes(&[0; 65_535])).is_ok());
    assert_eq!(w.into_written()[..2], [0xff, 0xff]);
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
