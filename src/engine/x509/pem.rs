//! PEM framing (RFC 7468) and the base64 decoding it needs.
//!
//! Text outside `-----BEGIN X-----` / `-----END X-----` blocks is ignored, as
//! are blank space and CR/LF line endings inside them.

use super::error::ParseError;

const BEGIN: &[u8] = b"-----BEGIN ";
const END: &[u8] = b"-----END ";
const DASHES: &[u8] = b"-----";

/// One PEM block, borrowed from the input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Block<'a> {
    /// The label, e.g. `CERTIFICATE`.
    pub(crate) label: &'a [u8],
    /// Everything between the BEGIN and END lines.
    body: &'a [u8],
}

impl Block<'_> {
    /// Whether the body has RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`,
    /// `DEK-Info: ...`), which only legacy encrypted keys use.
    pub(crate) fn has_headers(&self) -> bool {
        self.body.contains(&b':')
    }

    /// Decodes the base64 body into `out`, returning the decoded length.
    pub(crate) fn decode(&self, out: &mut [u8]) -> Result<usize, ParseError> {
        decode_base64(self.body, out)
    }
}

/// The PEM blocks of `input`, in order. Yields an error (and then stops) on a
/// BEGIN line without its END line.
pub(crate) fn blocks(input: &[u8]) -> Blocks<'_> {
    Blocks { rest: input }
}

/// Iterator returned by [`blocks`].
pub(crate) struct Blocks<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Blocks<'a> {
    type Item = Result<Block<'a>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        let begin = find(self.rest, BEGIN)?;
        let block = self.parse_block(begin + BEGIN.len());
        if block.is_err() {
            self.rest = &[];
        }
        Some(block)
    }
}

impl<'a> Blocks<'a> {
    /// Parses the block whose label starts at `label_start`, advancing past it.
    fn parse_block(&mut self, label_start: usize) -> Result<Block<'a>, ParseError> {
        let after_begin = self.rest.get(label_start..).ok_or(ParseError::InvalidPem)?;
        let label_len = find(after_begin, DASHES).ok_or(ParseError::InvalidPem)?;
        let (label, after_label) = after_begin.split_at(label_len);
        if label.is_empty() || label.contains(&b'\n') {
            return Err(ParseError::InvalidPem);
        }
        let body_and_rest = after_label
            .strip_prefix(DASHES)
            .ok_or(ParseError::InvalidPem)?;
        let end = find(body_and_rest, END).ok_or(ParseError::InvalidPem)?;
        let (body, after_body) = body_and_rest.split_at(end);
        let after_end = after_body
            .strip_prefix(END)
            .and_then(|rest| rest.strip_prefix(label))
            .and_then(|rest| rest.strip_prefix(DASHES))
            .ok_or(ParseError::InvalidPem)?;
        self.rest = after_end;
        Ok(Block { label, body })
    }
}

/// Position of the first occurrence of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Decodes standard, padded base64, skipping blank space. Anything else
/// (other characters, bad padding, data after padding) is `InvalidPem`.
fn decode_base64(input: &[u8], out: &mut [u8]) -> Result<usize, ParseError> {
    let mut written = 0;
    let mut put = |byte: u8| -> Result<(), ParseError> {
        *out.get_mut(written).ok_or(ParseError::BufferTooSmall)? = byte;
        written += 1;
        Ok(())
    };
    let mut bits: u32 = 0;
    let mut sextets = 0;
    let mut padding = 0;
    for &c in input {
        if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
            continue;
        }
        if c == b'=' {
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(ParseError::InvalidPem);
        }
        bits = bits << 6 | u32::from(sextet(c).ok_or(ParseError::InvalidPem)?);
        sextets += 1;
        if sextets == 4 {
            let [_, a, b, c] = bits.to_be_bytes();
            put(a)?;
            put(b)?;
            put(c)?;
            bits = 0;
            sextets = 0;
        }
    }
    match (sextets, padding) {
        (0, 0) => {}
        (2, 2) => put((bits >> 4) as u8)?,
        (3, 1) => {
            let [_, _, a, b] = (bits >> 2).to_be_bytes();
            put(a)?;
            put(b)?;
        }
        _ => return Err(ParseError::InvalidPem),
    }
    Ok(written)
}

fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> Result<Vec<u8>, ParseError> {
        let mut out = [0u8; 64];
        let n = decode_base64(s.as_bytes(), &mut out)?;
        Ok(out[..n].to_vec())
    }

    #[test]
    fn base64() {
        assert_eq!(decode(""), Ok(vec![]));
        assert_eq!(decode("Zg=="), Ok(b"f".to_vec()));
        assert_eq!(decode("Zm8="), Ok(b"fo".to_vec()));
        assert_eq!(decode("Zm9v"), Ok(b"foo".to_vec()));
        assert_eq!(decode("Zm9v\r\nYmFy\n"), Ok(b"foobar".to_vec()));
        assert_eq!(decode(" Zm 9v YmE= "), Ok(b"fooba".to_vec()));
        assert_eq!(decode("+/+/"), Ok(vec![0xfb, 0xff, 0xbf]));
        for bad in [
            "Zg", "Zg=", "Zm9", "Zg===", "Zg==Zg==", "Z===", "Zm9v!", "Zm9v-_", "Zm9vY",
        ] {
            assert_eq!(decode(bad), Err(ParseError::InvalidPem), "{bad}");
        }
        let mut small = [0u8; 2];
        assert_eq!(
            decode_base64(b"Zm9v", &mut small),
            Err(ParseError::BufferTooSmall)
        );
        assert_eq!(decode_base64(b"Zm8=", &mut small), Ok(2));
    }

    #[test]
    fn block_framing() {
        let text = b"junk\n-----BEGIN A-----\nZm9v\n-----END A-----\nmore junk\r\n\
            -----BEGIN B C-----\r\nYmFy\r\n-----END B C-----";
        let found: Vec<_> = blocks(text).map(|b| b.unwrap()).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].label, b"A");
        assert_eq!(found[1].label, b"B C");
        let mut out = [0u8; 8];
        assert_eq!(found[1].decode(&mut out), Ok(3));
        assert_eq!(&out[..3], b"bar");
        assert!(!found[0].has_headers());

        assert_eq!(blocks(b"no pem here").count(), 0);
        for bad in [
            &b"-----BEGIN A-----\nZm9v\n"[..],           // no END
            b"-----BEGIN A-----\nZm9v\n-----END B-----", // mismatched END
            b"-----BEGIN A-----\nZm9v\n-----END A",      // truncated END
            b"-----BEGIN -----\n-----END -----",         // empty label
            b"-----BEGIN A",                             // truncated BEGIN
        ] {
            let mut iter = blocks(bad);
            assert!(matches!(iter.next(), Some(Err(ParseError::InvalidPem))));
            assert!(iter.next().is_none());
        }
    }
}
