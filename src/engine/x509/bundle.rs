//! Certificate bundles: user input (PEM or DER) converted to concatenated DER,
//! the form the rest of the engine keeps trust anchors and certificates in.

use super::cert::Certificate;
use super::der::{tag, Reader};
use super::error::ParseError;
use super::pem;

/// Converts user input into concatenated DER certificates written to `out`,
/// returning the number of bytes written.
///
/// The input is either PEM (one or several `CERTIFICATE` blocks; text and
/// other blocks around them are ignored) or DER (one certificate, or several
/// concatenated). Every certificate produced is checked to parse as X.509.
/// `out.len() >= input.len()` is always enough, as DER is never larger than
/// its PEM.
pub fn certs_to_der(input: &[u8], out: &mut [u8]) -> Result<usize, ParseError> {
    // A DER certificate starts with a SEQUENCE tag, which PEM text never does.
    if input.first() == Some(&tag::SEQUENCE) {
        copy_der_certs(input, out)
    } else {
        decode_pem_certs(input, out)
    }
}

fn copy_der_certs(input: &[u8], out: &mut [u8]) -> Result<usize, ParseError> {
    let mut reader = Reader::new(input);
    while !reader.is_empty() {
        let cert = reader.read_tlv().map_err(|_| ParseError::InvalidDer)?;
        Certificate::parse(cert.raw).map_err(|_| ParseError::InvalidDer)?;
    }
    let out = out
        .get_mut(..input.len())
        .ok_or(ParseError::BufferTooSmall)?;
    out.copy_from_slice(input);
    Ok(input.len())
}

fn decode_pem_certs(input: &[u8], out: &mut [u8]) -> Result<usize, ParseError> {
    let mut written = 0;
    for block in pem::blocks(input) {
        let block = block?;
        if block.label != b"CERTIFICATE" {
            continue;
        }
        let free = out.get_mut(written..).ok_or(ParseError::BufferTooSmall)?;
        let len = block.decode(free)?;
        let cert = free.get(..len).ok_or(ParseError::BufferTooSmall)?;
        Certificate::parse(cert).map_err(|_| ParseError::InvalidDer)?;
        written += len;
    }
    if written == 0 {
        return Err(ParseError::NoCertificate);
    }
    Ok(written)
}

/// Iterates the certificates in a buffer of concatenated DER certificates (as
/// produced by [`certs_to_der`]). Stops at the first element that is not
/// valid DER framing; the certificates themselves are not parsed.
pub fn der_certs(concatenated: &[u8]) -> DerCerts<'_> {
    DerCerts {
        reader: Reader::new(concatenated),
    }
}

/// Iterator returned by [`der_certs`].
#[derive(Debug, Clone)]
pub struct DerCerts<'a> {
    reader: Reader<'a>,
}

impl<'a> Iterator for DerCerts<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        match self.reader.read_tlv() {
            Ok(cert) => Some(cert.raw),
            Err(_) => {
                self.reader = Reader::new(&[]);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOT_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/root.pem");
    const INT_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/int.pem");
    const LEAF_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf.pem");
    const ROOT: &[u8] = include_bytes!("../../../tests/fixtures/x509/root.der");
    const INT: &[u8] = include_bytes!("../../../tests/fixtures/x509/int.der");
    const LEAF: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf.der");
    const KEY_PEM: &[u8] = include_bytes!("../../../tests/fixtures/x509/leaf_sec1.pem");

    fn convert(input: &[u8]) -> Result<Vec<u8>, ParseError> {
        let mut out = vec![0u8; input.len()];
        let n = certs_to_der(input, &mut out)?;
        out.truncate(n);
        Ok(out)
    }

    #[test]
    fn single_pem_and_der() {
        assert_eq!(convert(ROOT_PEM).unwrap(), ROOT);
        assert_eq!(convert(ROOT).unwrap(), ROOT);
        let both = [ROOT, INT].concat();
        assert_eq!(convert(&both).unwrap(), both);
        assert_eq!(der_certs(&both).collect::<Vec<_>>(), [ROOT, INT]);
    }

    #[test]
    fn several_pem_blocks_with_text_and_crlf() {
        let mut input = b"# A bundle\nIssuer: somebody\n\n".to_vec();
        input.extend_from_slice(ROOT_PEM);
        input.extend_from_slice(b"\n# next one\n");
        input.extend_from_slice(KEY_PEM); // other blocks are skipped
        input.extend_from_slice(
            &String::from_utf8(INT_PEM.to_vec())
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes(),
        );
        input.extend_from_slice(LEAF_PEM);
        input.extend_from_slice(b"trailing text");
        let der = convert(&input).unwrap();
        assert_eq!(der, [ROOT, INT, LEAF].concat());
        assert_eq!(der_certs(&der).collect::<Vec<_>>(), [ROOT, INT, LEAF]);
    }

    #[test]
    fn errors() {
        assert_eq!(convert(b""), Err(ParseError::NoCertificate));
        assert_eq!(convert(b"hello"), Err(ParseError::NoCertificate));
        assert_eq!(convert(KEY_PEM), Err(ParseError::NoCertificate));
        // Bad base64 inside a block.
        let mut bad = ROOT_PEM.to_vec();
        bad[40] = b'!';
        assert_eq!(convert(&bad), Err(ParseError::InvalidPem));
        // Missing END line.
        assert_eq!(
            convert(&ROOT_PEM[..ROOT_PEM.len() - 10]),
            Err(ParseError::InvalidPem)
        );
        // Valid base64 that is not a certificate.
        assert_eq!(
            convert(b"-----BEGIN CERTIFICATE-----\nZm9v\n-----END CERTIFICATE-----\n"),
            Err(ParseError::InvalidDer)
        );
        // DER with trailing garbage, truncated DER.
        let mut trailing = ROOT.to_vec();
        trailing.push(0);
        assert_eq!(convert(&trailing), Err(ParseError::InvalidDer));
        assert_eq!(
            convert(&ROOT[..ROOT.len() - 1]),
            Err(ParseError::InvalidDer)
        );
        // Output too small.
        let mut small = vec![0u8; ROOT.len() - 1];
        assert_eq!(
            certs_to_der(ROOT, &mut small),
            Err(ParseError::BufferTooSmall)
        );
        assert_eq!(
            certs_to_der(ROOT_PEM, &mut small),
            Err(ParseError::BufferTooSmall)
        );
        // der_certs stops at broken framing.
        let broken = [ROOT, &[0x30, 0x05, 0x00]].concat();
        assert_eq!(der_certs(&broken).collect::<Vec<_>>(), [ROOT]);
    }

    #[test]
    fn truncated_input_never_panics() {
        let bundle = [ROOT_PEM, INT_PEM].concat();
        let mut out = vec![0u8; bundle.len()];
        for len in 0..bundle.len() {
            let _ = certs_to_der(&bundle[..len], &mut out);
            let _ = certs_to_der(&bundle[..len], &mut out[..len / 2]);
        }
        for len in 0..LEAF.len() {
            assert!(certs_to_der(&LEAF[..len], &mut out).is_err());
            let _ = der_certs(&LEAF[..len]).count();
        }
    }
}
