//! A minimal, strict, zero-copy DER reader: just what X.509 and key parsing need.
//!
//! Every accessor returns sub-slices of the input, so nothing is ever copied
//! onto the stack. Only definite, minimally encoded lengths and single-byte
//! tags are accepted; every length is checked against the bytes that remain.

/// The input is not valid DER, or not the structure that was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Error;

/// Result of a DER operation.
pub(crate) type Result<T> = core::result::Result<T, Error>;

/// Tags used by X.509 and the key formats.
pub(crate) mod tag {
    pub(crate) const BOOLEAN: u8 = 0x01;
    pub(crate) const INTEGER: u8 = 0x02;
    pub(crate) const BIT_STRING: u8 = 0x03;
    pub(crate) const OCTET_STRING: u8 = 0x04;
    pub(crate) const NULL: u8 = 0x05;
    pub(crate) const OID: u8 = 0x06;
    pub(crate) const UTF8_STRING: u8 = 0x0c;
    pub(crate) const PRINTABLE_STRING: u8 = 0x13;
    pub(crate) const TELETEX_STRING: u8 = 0x14;
    pub(crate) const IA5_STRING: u8 = 0x16;
    pub(crate) const UTC_TIME: u8 = 0x17;
    pub(crate) const GENERALIZED_TIME: u8 = 0x18;
    pub(crate) const SEQUENCE: u8 = 0x30;
    pub(crate) const SET: u8 = 0x31;

    /// `[n]` with the constructed bit: an EXPLICIT tag or an IMPLICIT
    /// constructed type.
    pub(crate) const fn context_constructed(n: u8) -> u8 {
        0xa0 | n
    }

    /// `[n]` IMPLICIT on a primitive type.
    pub(crate) const fn context_primitive(n: u8) -> u8 {
        0x80 | n
    }
}

/// One tag-length-value element.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    /// The identifier octet.
    pub(crate) tag: u8,
    /// The contents octets.
    pub(crate) value: &'a [u8],
    /// The whole encoding: tag, length and contents (what gets hashed or compared).
    pub(crate) raw: &'a [u8],
}

/// Reads consecutive elements from a byte slice.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Starts reading at the beginning of `data`.
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { rest: data }
    }

    /// Whether every byte has been consumed.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The tag of the next element, without consuming it.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Reads the next element, whatever its tag.
    pub(crate) fn read_tlv(&mut self) -> Result<Tlv<'a>> {
        let (&tag, after_tag) = self.rest.split_first().ok_or(Error)?;
        // High tag numbers (0x1f) need multi-byte tags; nothing we parse uses them.
        if tag & 0x1f == 0x1f {
            return Err(Error);
        }
        let (&first, after_first) = after_tag.split_first().ok_or(Error)?;
        let (len, after_len) = if first < 0x80 {
            (usize::from(first), after_first)
        } else {
            // 0x80 is the BER indefinite form; more than 4 length bytes would
            // describe more data than any input we handle.
            let count = usize::from(first & 0x7f);
            if count == 0 || count > 4 {
                return Err(Error);
            }
            let (len_bytes, rest) = after_first.split_at_checked(count).ok_or(Error)?;
            // DER: no leading zero length byte, and the long form only when needed.
            if len_bytes.first() == Some(&0) {
                return Err(Error);
            }
            let mut len: usize = 0;
            for &b in len_bytes {
                len = len
                    .checked_mul(256)
                    .and_then(|l| l.checked_add(usize::from(b)))
                    .ok_or(Error)?;
            }
            if len < 0x80 {
                return Err(Error);
            }
            (len, rest)
        };
        let (value, rest) = after_len.split_at_checked(len).ok_or(Error)?;
        let total = self.rest.len() - rest.len();
        let raw = self.rest.get(..total).ok_or(Error)?;
        self.rest = rest;
        Ok(Tlv { tag, value, raw })
    }

    /// Reads the next element, which must have tag `expected`.
    pub(crate) fn read_element(&mut self, expected: u8) -> Result<Tlv<'a>> {
        let tlv = self.read_tlv()?;
        if tlv.tag == expected {
            Ok(tlv)
        } else {
            Err(Error)
        }
    }

    /// Reads the contents of the next element, which must have tag `expected`.
    pub(crate) fn read(&mut self, expected: u8) -> Result<&'a [u8]> {
        Ok(self.read_element(expected)?.value)
    }

    /// Reads the contents of the next element if it has tag `expected`.
    pub(crate) fn read_optional(&mut self, expected: u8) -> Result<Option<&'a [u8]>> {
        if self.peek_tag() == Some(expected) {
            self.read(expected).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Succeeds only if everything was consumed (no trailing bytes).
    pub(crate) fn finish(&self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error)
        }
    }
}

/// Parses `data` as exactly one element with tag `expected` and returns it.
pub(crate) fn single(data: &[u8], expected: u8) -> Result<Tlv<'_>> {
    let mut reader = Reader::new(data);
    let tlv = reader.read_element(expected)?;
    reader.finish()?;
    Ok(tlv)
}

/// Decodes BOOLEAN contents (DER allows only 0x00 and 0xff).
pub(crate) fn boolean(value: &[u8]) -> Result<bool> {
    match value {
        [0x00] => Ok(false),
        [0xff] => Ok(true),
        _ => Err(Error),
    }
}

/// Checks that INTEGER contents are minimally encoded two's complement.
pub(crate) fn check_integer(value: &[u8]) -> Result<()> {
    match value {
        [] => Err(Error),
        [0x00, next, ..] if *next < 0x80 => Err(Error),
        [0xff, next, ..] if *next >= 0x80 => Err(Error),
        _ => Ok(()),
    }
}

/// Decodes a non-negative INTEGER, saturating at `u32::MAX` (callers only
/// compare it with small numbers).
pub(crate) fn small_unsigned(value: &[u8]) -> Result<u32> {
    let magnitude = unsigned_magnitude(value)?;
    let mut n: u32 = 0;
    for &b in magnitude {
        n = n.saturating_mul(256).saturating_add(u32::from(b));
    }
    Ok(n)
}

/// The big-endian magnitude of a non-negative INTEGER, without the leading
/// zero byte that DER adds when the top bit is set. Zero is returned as `[]`.
pub(crate) fn unsigned_magnitude(value: &[u8]) -> Result<&[u8]> {
    check_integer(value)?;
    match value {
        [first, ..] if *first >= 0x80 => Err(Error),
        [0x00, rest @ ..] => Ok(rest),
        _ => Ok(value),
    }
}

/// The contents of a BIT STRING that must be a whole number of bytes
/// (signatures and public keys).
pub(crate) fn bit_string_bytes(value: &[u8]) -> Result<&[u8]> {
    match value.split_first() {
        Some((0, bytes)) => Ok(bytes),
        _ => Err(Error),
    }
}

/// Decodes a BIT STRING of named flags (keyUsage) of at most 16 bits: bit `n`
/// of the ASN.1 definition becomes `0x8000 >> n`.
pub(crate) fn bit_string_flags(value: &[u8]) -> Result<u16> {
    let (&unused, bytes) = value.split_first().ok_or(Error)?;
    if unused > 7 || (bytes.is_empty() && unused != 0) {
        return Err(Error);
    }
    let (hi, lo) = match bytes {
        [] => (0, 0),
        [hi] => (*hi, 0),
        [hi, lo] => (*hi, *lo),
        _ => return Err(Error),
    };
    let flags = u16::from_be_bytes([hi, lo]);
    // DER: the unused trailing bits must be zero.
    let last_bit = 16 - 8 * (2 - bytes.len()) as u32 - u32::from(unused);
    if last_bit < 16 && flags & (0xffff >> last_bit) != 0 {
        return Err(Error);
    }
    Ok(flags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_lengths() {
        let tlv = single(&[0x04, 0x01, 0xaa], tag::OCTET_STRING).unwrap();
        assert_eq!(tlv.value, &[0xaa]);
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(core::iter::repeat_n(0u8, 0x80));
        assert_eq!(single(&long, tag::OCTET_STRING).unwrap().value.len(), 0x80);
        let mut two = vec![0x04, 0x82, 0x01, 0x00];
        two.extend(core::iter::repeat_n(0u8, 0x100));
        assert_eq!(single(&two, tag::OCTET_STRING).unwrap().raw.len(), 0x104);
    }

    #[test]
    fn rejects_non_der_lengths() {
        // Indefinite length.
        assert!(single(&[0x30, 0x80, 0x00, 0x00], tag::SEQUENCE).is_err());
        // Long form for a short length.
        assert!(single(&[0x04, 0x81, 0x01, 0xaa], tag::OCTET_STRING).is_err());
        // Leading zero length byte.
        let mut padded = vec![0x04, 0x82, 0x00, 0x80];
        padded.extend(core::iter::repeat_n(0u8, 0x80));
        assert!(single(&padded, tag::OCTET_STRING).is_err());
        // Length beyond the input, and a huge length that must not overflow.
        assert!(single(&[0x04, 0x02, 0xaa], tag::OCTET_STRING).is_err());
        assert!(single(&[0x04, 0x84, 0xff, 0xff, 0xff, 0xff], tag::OCTET_STRING).is_err());
        assert!(single(&[0x04, 0x85, 1, 0, 0, 0, 0], tag::OCTET_STRING).is_err());
        // Truncated header.
        assert!(single(&[0x04], tag::OCTET_STRING).is_err());
        assert!(single(&[0x04, 0x82, 0x01], tag::OCTET_STRING).is_err());
        // High tag number form.
        assert!(single(&[0x1f, 0x01, 0x00], 0x1f).is_err());
        // Trailing garbage and wrong tag.
        assert!(single(&[0x04, 0x00, 0x00], tag::OCTET_STRING).is_err());
        assert!(single(&[0x04, 0x00], tag::SEQUENCE).is_err());
    }

    #[test]
    fn integers() {
        assert_eq!(small_unsigned(&[0x00]), Ok(0));
        assert_eq!(small_unsigned(&[0x7f]), Ok(127));
        assert_eq!(small_unsigned(&[0x00, 0x80]), Ok(128));
        assert_eq!(small_unsigned(&[0x01, 0, 0, 0, 0]), Ok(u32::MAX));
        assert!(small_unsigned(&[0x80]).is_err());
        assert!(small_unsigned(&[0x00, 0x7f]).is_err());
        assert!(small_unsigned(&[]).is_err());
        assert!(check_integer(&[0xff, 0x80]).is_err());
        assert!(check_integer(&[0xff, 0x7f]).is_ok());
        assert_eq!(
            unsigned_magnitude(&[0x00, 0x80, 0x01]),
            Ok(&[0x80, 0x01][..])
        );
    }

    #[test]
    fn booleans_and_bits() {
        assert_eq!(boolean(&[0xff]), Ok(true));
        assert_eq!(boolean(&[0x00]), Ok(false));
        assert!(boolean(&[0x01]).is_err());
        assert!(boolean(&[]).is_err());
        // keyUsage digitalSignature only: 03 02 07 80.
        assert_eq!(bit_string_flags(&[0x07, 0x80]), Ok(0x8000));
        // keyCertSign + cRLSign: 03 02 01 06.
        assert_eq!(bit_string_flags(&[0x01, 0x06]), Ok(0x0600));
        // decipherOnly needs the second byte.
        assert_eq!(bit_string_flags(&[0x07, 0x00, 0x80]), Ok(0x0080));
        // A set bit in the unused part.
        assert!(bit_string_flags(&[0x07, 0x81]).is_err());
        assert!(bit_string_flags(&[0x08, 0x00]).is_err());
        assert!(bit_string_flags(&[0x01]).is_err());
        assert!(bit_string_flags(&[]).is_err());
        assert_eq!(bit_string_bytes(&[0x00, 0x04]), Ok(&[0x04][..]));
        assert!(bit_string_bytes(&[0x01, 0x04]).is_err());
    }
}
