//! X.501 Names: structural validation and attribute (commonName,
//! emailAddress) extraction.
//!
//! Issuer and subject Names are otherwise compared as exact DER bytes (which
//! is what real chains rely on), so no further interpretation is needed.

use super::der::{self, tag, Reader};
use super::oid;

/// Checks that `name` (the contents of a Name SEQUENCE) is a well-formed
/// RDNSequence: SETs of one or more `SEQUENCE { OID, value }`.
pub(crate) fn validate(name: &[u8]) -> der::Result<()> {
    let mut rdns = Reader::new(name);
    while !rdns.is_empty() {
        let mut attributes = Reader::new(rdns.read(tag::SET)?);
        if attributes.is_empty() {
            return Err(der::Error);
        }
        while !attributes.is_empty() {
            let mut attribute = Reader::new(attributes.read(tag::SEQUENCE)?);
            attribute.read(tag::OID)?;
            attribute.read_tlv()?;
            attribute.finish()?;
        }
    }
    Ok(())
}

/// The values of the commonName attributes of a Name (its contents octets),
/// in order. Only string types that hold ASCII-compatible bytes are returned
/// (BMPString and UniversalString cannot match a host name).
pub(crate) fn common_names(name: &[u8]) -> Attributes<'_> {
    attributes(name, oid::COMMON_NAME)
}

/// The text values of the attributes of type `attribute_type` of a Name, as
/// [`common_names`] gives them.
pub(crate) fn attributes<'a>(name: &'a [u8], attribute_type: &'static [u8]) -> Attributes<'a> {
    Attributes {
        attribute_type,
        rdns: Reader::new(name),
        attributes: Reader::new(&[]),
    }
}

/// Iterator returned by [`attributes`].
pub(crate) struct Attributes<'a> {
    attribute_type: &'static [u8],
    rdns: Reader<'a>,
    attributes: Reader<'a>,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        loop {
            if self.attributes.is_empty() {
                // Names were validated when the certificate was parsed, so a
                // read error only means "no more".
                self.attributes = Reader::new(self.rdns.read(tag::SET).ok()?);
                continue;
            }
            let mut attribute = Reader::new(self.attributes.read(tag::SEQUENCE).ok()?);
            let Ok(attribute_type) = attribute.read(tag::OID) else {
                continue;
            };
            let Ok(value) = attribute.read_tlv() else {
                continue;
            };
            let is_text = matches!(
                value.tag,
                tag::UTF8_STRING | tag::PRINTABLE_STRING | tag::IA5_STRING | tag::TELETEX_STRING
            );
            if attribute_type == self.attribute_type && is_text {
                return Some(value.value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SEQUENCE contents of `O=rtls, CN=a, CN=b (BMPString), CN=c`.
    const NAME: &[u8] = &[
        0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x0a, 0x0c, 0x04, b'r', b't', b'l', b's',
        0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x01, b'a', 0x31, 0x0b, 0x30,
        0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x02, 0x00, b'b', 0x31, 0x0a, 0x30, 0x08, 0x06,
        0x03, 0x55, 0x04, 0x03, 0x16, 0x01, b'c',
    ];

    #[test]
    fn finds_text_common_names() {
        assert!(validate(NAME).is_ok());
        let names: Vec<&[u8]> = common_names(NAME).collect();
        assert_eq!(names, [&b"a"[..], &b"c"[..]]);
        assert_eq!(common_names(&[]).count(), 0);
    }

    #[test]
    fn rejects_malformed_names() {
        assert!(validate(&[]).is_ok());
        assert!(validate(&[0x31, 0x00]).is_err()); // empty RDN
        assert!(validate(&[0x30, 0x00]).is_err()); // not a SET
                                                   // Attribute with a third element.
        assert!(
            validate(&[0x31, 0x09, 0x30, 0x07, 0x06, 0x01, 0x55, 0x05, 0x00, 0x05, 0x00]).is_err()
        );
        // Attribute without a value.
        assert!(validate(&[0x31, 0x05, 0x30, 0x03, 0x06, 0x01, 0x55]).is_err());
        for len in 0..NAME.len() {
            let _ = validate(&NAME[..len]);
            let _ = common_names(&NAME[..len]).count();
        }
    }
}
