//! Name constraints (RFC 5280 4.2.1.10): a CA's permitted and excluded
//! subtrees, applied to the names of the server's certificate.
//!
//! Only the leaf's names are checked (its subjectAltName entries, its
//! subject as a directoryName, and when it has no subjectAltName its
//! emailAddress attributes and, where the commonName fallback applies, its
//! commonNames as DNS names): the streaming verifier drops intermediates
//! once checked, before the constraints above them arrive. The forms
//! compared are dNSName, iPAddress (v4 and v6, with masks), directoryName
//! and rfc822Name; a name of another form under a constraint of its form
//! is refused, as it cannot be checked.
//!
//! Every name is compared with every subtree of the CA, each comparison
//! counted against [`MAX_NAME_CHECKS`] per chain, so a hostile chain
//! cannot make the check arbitrarily long.

use super::cert::Certificate;
use super::der::{self, tag, Reader, Tlv};
use super::error::CertError;
use super::name;
use super::oid;

/// Most name × subtree comparisons one chain verification makes.
pub(crate) const MAX_NAME_CHECKS: u16 = 4096;

/// GeneralName choice numbers (the tag without its class and constructed
/// bits), as both names and subtree bases carry them.
const RFC822_NAME: u8 = 1;
const DNS_NAME: u8 = 2;
const DIRECTORY_NAME: u8 = 4;
const IP_ADDRESS: u8 = 7;

/// A CA's nameConstraints, validated when its certificate is parsed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NameConstraints<'a> {
    /// The GeneralSubtree SEQUENCEs of permittedSubtrees (empty if absent).
    permitted: &'a [u8],
    /// The GeneralSubtree SEQUENCEs of excludedSubtrees (empty if absent).
    excluded: &'a [u8],
}

impl<'a> NameConstraints<'a> {
    /// Parses the extension's value (with the `name-constraints` feature;
    /// without it, only its presence matters). Refuses what RFC 5280 forbids: an
    /// empty extension or subtree list, minimum or maximum in a subtree,
    /// and bases that are not names of their form (a dNSName with `*` or
    /// a leading dot, an iPAddress that is not address + contiguous mask,
    /// a directoryName that is not a Name).
    pub(crate) fn parse(value: &'a [u8]) -> der::Result<Self> {
        if !cfg!(feature = "name-constraints") {
            // Refused when used (see check_issuer): no need to read it.
            return Ok(NameConstraints { permitted: &[], excluded: &[] });
        }
        let mut fields = Reader::new(der::single(value, tag::SEQUENCE)?.value);
        let permitted = fields.read_optional(tag::context_constructed(0))?;
        let excluded = fields.read_optional(tag::context_constructed(1))?;
        fields.finish()?;
        if permitted.is_none() && excluded.is_none() {
            return Err(der::Error);
        }
        for subtrees in [permitted, excluded].into_iter().flatten() {
            let mut reader = Reader::new(subtrees);
            if reader.is_empty() {
                return Err(der::Error);
            }
            while !reader.is_empty() {
                let mut subtree = Reader::new(reader.read(tag::SEQUENCE)?);
                check_base(subtree.read_tlv()?)?;
                // minimum is DEFAULT 0 and maximum absent: only the base.
                subtree.finish()?;
            }
        }
        Ok(NameConstraints { permitted: permitted.unwrap_or(&[]), excluded: excluded.unwrap_or(&[]) })
    }
}

/// Checks the leaf (`leaf`: its DER, `None` if it was too large to keep)
/// against `issuer`'s name constraints, if it has any; `common_names` says
/// whether the leaf's commonNames are DNS names (the fallback applies).
/// `spent` counts the comparisons of the whole chain. Without the
/// `name-constraints` feature, any constraints are refused as unchecked.
pub(crate) fn check_issuer(
    issuer: &Certificate<'_>,
    leaf: Option<&[u8]>,
    common_names: bool,
    spent: &mut u16,
) -> Result<(), CertError> {
    let Some(constraints) = issuer.name_constraints else {
        return Ok(());
    };
    if !cfg!(feature = "name-constraints") {
        return Err(CertError::NameConstraintsUnchecked);
    }
    let leaf = leaf.ok_or(CertError::NameConstraintsUnchecked)?;
    let leaf = Certificate::parse(leaf).map_err(|_| CertError::Malformed)?;
    check_names(&constraints, &leaf, common_names, spent)
}

/// Checks `leaf`'s names against `constraints`.
fn check_names(
    constraints: &NameConstraints<'_>,
    leaf: &Certificate<'_>,
    common_names: bool,
    spent: &mut u16,
) -> Result<(), CertError> {
    let mut alt_names = Reader::new(leaf.subject_alt_name.unwrap_or(&[]));
    while let Ok(name) = alt_names.read_tlv() {
        check_name(constraints, name.tag & 0x1f, name.value, spent)?;
    }
    // An empty subject (30 00) is no name.
    if leaf.subject.len() > 2 {
        check_name(constraints, DIRECTORY_NAME, leaf.subject, spent)?;
    }
    if leaf.subject_alt_name.is_none() {
        let subject = der::single(leaf.subject, tag::SEQUENCE).map_or(&[][..], |name| name.value);
        for address in name::attributes(subject, oid::EMAIL_ADDRESS) {
            check_name(constraints, RFC822_NAME, address, spent)?;
        }
        if common_names {
            for common_name in leaf.common_names() {
                check_name(constraints, DNS_NAME, common_name, spent)?;
            }
        }
    }
    Ok(())
}

/// Checks one name of GeneralName form `form` against the subtrees of its
/// form: inside at least one permitted subtree if there are any, inside no
/// excluded one.
fn check_name(constraints: &NameConstraints<'_>, form: u8, name: &[u8], spent: &mut u16) -> Result<(), CertError> {
    let (mut constrained, mut permitted) = (false, false);
    for base in bases(constraints.permitted) {
        spend(spent)?;
        if base.tag & 0x1f == form {
            constrained = true;
            permitted |= within(form, name, base.value, false)?;
        }
    }
    if constrained && !permitted {
        return Err(CertError::NameConstraintViolation);
    }
    for base in bases(constraints.excluded) {
        spend(spent)?;
        if base.tag & 0x1f == form && within(form, name, base.value, true)? {
            return Err(CertError::NameConstraintViolation);
        }
    }
    Ok(())
}

/// Counts one comparison against the chain's budget.
fn spend(spent: &mut u16) -> Result<(), CertError> {
    *spent = spent.saturating_add(1);
    if *spent > MAX_NAME_CHECKS {
        return Err(CertError::NameConstraintsTooComplex);
    }
    Ok(())
}

/// The bases of a validated subtree list.
fn bases(subtrees: &[u8]) -> impl Iterator<Item = Tlv<'_>> {
    let mut reader = Reader::new(subtrees);
    core::iter::from_fn(move || Reader::new(reader.read(tag::SEQUENCE).ok()?).read_tlv().ok())
}

/// Whether `name` of form `form` lies inside the subtree `base`. An
/// excluded dNSName subtree also catches a wildcard that could stand for
/// a name in it. A name that cannot be compared (of another form, or
/// malformed) is a violation: it cannot be shown to conform.
fn within(form: u8, name: &[u8], base: &[u8], excluded: bool) -> Result<bool, CertError> {
    match form {
        DNS_NAME => Ok(dns_within(name, base) || (excluded && wildcard_reaches(name, base))),
        IP_ADDRESS => ip_within(name, base),
        DIRECTORY_NAME => Ok(directory_within(name, base)),
        RFC822_NAME => mailbox_within(name, base),
        _ => Err(CertError::NameConstraintViolation),
    }
}

/// RFC 5280: a DNS name satisfies a constraint when it is the constraint
/// with zero or more labels added on the left (ASCII case-insensitively);
/// the empty constraint holds every name.
fn dns_within(name: &[u8], base: &[u8]) -> bool {
    if base.is_empty() {
        return true;
    }
    match name.len().checked_sub(base.len()) {
        Some(0) => name.eq_ignore_ascii_case(base),
        Some(extra) => name.get(extra - 1) == Some(&b'.') && name[extra..].eq_ignore_ascii_case(base),
        None => false,
    }
}

/// Whether the wildcard name `*.suffix` stands for a name inside `base`:
/// `base` is one label followed by `suffix` (names under `suffix` itself
/// are what [`dns_within`] already catches).
fn wildcard_reaches(name: &[u8], base: &[u8]) -> bool {
    let Some(suffix) = name.strip_prefix(b"*.") else {
        return false;
    };
    match base.iter().position(|&b| b == b'.') {
        Some(dot) if dot > 0 => base[dot + 1..].eq_ignore_ascii_case(suffix),
        _ => false,
    }
}

/// An address (4 or 16 bytes) inside an address-and-mask base of its
/// family; an address of the other family is outside.
fn ip_within(name: &[u8], base: &[u8]) -> Result<bool, CertError> {
    if name.len() != 4 && name.len() != 16 {
        return Err(CertError::NameConstraintViolation);
    }
    let (network, mask) = base.split_at(base.len() / 2);
    if network.len() != name.len() {
        return Ok(false);
    }
    Ok(name.iter().zip(network).zip(mask).all(|((a, n), m)| a & m == n & m))
}

/// A Name (a SEQUENCE, as in a directoryName or a subject) inside the
/// subtree of `base`: its RDNs begin with all of `base`'s, each equal
/// byte for byte.
fn directory_within(name: &[u8], base: &[u8]) -> bool {
    let contents = |sequence| der::single(sequence, tag::SEQUENCE).map_or(&[][..], |name| name.value);
    let (mut name, mut base) = (Reader::new(contents(name)), Reader::new(contents(base)));
    while let Ok(rdn) = base.read_tlv() {
        if name.read_tlv().map_or(true, |own| own.raw != rdn.raw) {
            return false;
        }
    }
    true
}

/// A mailbox `local@host` inside a base that is a mailbox (the same one,
/// the host ASCII case-insensitively), a host (any mailbox on it) or a
/// `.domain` (any mailbox on a host under it).
fn mailbox_within(name: &[u8], base: &[u8]) -> Result<bool, CertError> {
    let at = name.iter().rposition(|&b| b == b'@').ok_or(CertError::NameConstraintViolation)?;
    let (local, host) = (&name[..at], &name[at + 1..]);
    Ok(match base.iter().position(|&b| b == b'@') {
        Some(base_at) => local == &base[..base_at] && host.eq_ignore_ascii_case(&base[base_at + 1..]),
        None if base.first() == Some(&b'.') => {
            host.len() > base.len() && host[host.len() - base.len()..].eq_ignore_ascii_case(base)
        }
        None => host.eq_ignore_ascii_case(base),
    })
}

/// Checks that a subtree's base is a name of its form that a constraint
/// can be: see [`NameConstraints::parse`].
fn check_base(base: Tlv<'_>) -> der::Result<()> {
    const DNS: u8 = tag::context_primitive(DNS_NAME);
    const IP: u8 = tag::context_primitive(IP_ADDRESS);
    const DIRECTORY: u8 = tag::context_constructed(DIRECTORY_NAME);
    let value = base.value;
    let well_formed = match base.tag {
        // Empty: every name; no wildcard, no leading dot (RFC 5280 allows
        // one in URI constraints only).
        DNS => !value.contains(&b'*') && value.first() != Some(&b'.'),
        IP => {
            // Address, then a mask of ones followed by zeros.
            let (_, mask) = value.split_at(value.len() / 2);
            let mut ended = false;
            let contiguous = mask.iter().all(|&byte| {
                let ok = if ended { byte == 0 } else { byte.leading_ones() + byte.trailing_zeros() == 8 };
                ended |= byte != 0xff;
                ok
            });
            matches!(value.len(), 8 | 32) && contiguous
        }
        DIRECTORY => der::single(value, tag::SEQUENCE).and_then(|name| name::validate(name.value)).is_ok(),
        // Other forms are kept, to refuse names of their form.
        tag => tag & 0xc0 == 0x80,
    };
    if well_formed {
        Ok(())
    } else {
        Err(der::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        assert!(body.len() < 0x80);
        [&[tag, body.len() as u8][..], body].concat()
    }

    /// A nameConstraints value permitting one base (a GeneralName TLV).
    #[cfg(feature = "name-constraints")]
    fn permitting(base: &[u8]) -> Vec<u8> {
        tlv(tag::SEQUENCE, &tlv(tag::context_constructed(0), &tlv(tag::SEQUENCE, base)))
    }

    #[cfg(feature = "name-constraints")]
    fn dns(name: &str) -> Vec<u8> {
        tlv(tag::context_primitive(DNS_NAME), name.as_bytes())
    }

    #[cfg(feature = "name-constraints")]
    #[test]
    fn parse_refuses_what_rfc_5280_forbids() {
        let ok = |value: &[u8]| NameConstraints::parse(value).is_ok();
        assert!(ok(&permitting(&dns("example.com"))));
        assert!(ok(&permitting(&dns(""))), "the empty dNSName: every name");
        for bad in ["*.example.com", ".example.com", "a.*.example.com"] {
            assert!(!ok(&permitting(&dns(bad))), "{bad:?}");
        }
        // No subtrees at all, an empty list, minimum or maximum present.
        assert!(!ok(&tlv(tag::SEQUENCE, &[])));
        assert!(!ok(&tlv(tag::SEQUENCE, &tlv(tag::context_constructed(1), &[]))));
        let with_minimum = [dns("a.b"), tlv(tag::context_primitive(0), &[0])].concat();
        assert!(!ok(&tlv(tag::SEQUENCE, &tlv(tag::context_constructed(0), &tlv(tag::SEQUENCE, &with_minimum)))));
        // iPAddress: address and contiguous mask, 8 or 32 bytes.
        let ip = |bytes: &[u8]| ok(&permitting(&tlv(tag::context_primitive(IP_ADDRESS), bytes)));
        assert!(ip(&[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(ip(&[10, 0, 0, 0, 255, 240, 0, 0]));
        assert!(ip(&[0; 8]));
        assert!(ip(&[[0x20, 1, 0x0d, 0xb8].as_slice(), &[0; 12], &[0xff; 4], &[0; 12]].concat()));
        assert!(!ip(&[127, 0, 0, 1]), "no mask");
        assert!(!ip(&[10, 0, 0, 0, 255, 0, 255, 0]), "mask with a hole");
        assert!(!ip(&[10, 0, 0, 0, 0xf7, 0, 0, 0]), "mask with a hole in a byte");
        assert!(!ip(&[0; 16]));
        // directoryName: a Name.
        let directory = |name: &[u8]| ok(&permitting(&tlv(tag::context_constructed(DIRECTORY_NAME), name)));
        assert!(directory(&tlv(tag::SEQUENCE, &[])));
        assert!(!directory(&tlv(tag::SEQUENCE, &tlv(tag::SET, &[]))));
        // Other forms are kept (to refuse names of their form).
        assert!(ok(&permitting(&tlv(tag::context_primitive(6), b"example.com"))));
    }

    #[test]
    fn dns_subtrees() {
        assert!(dns_within(b"example.com", b"example.com"));
        assert!(dns_within(b"a.b.EXAMPLE.com", b"example.COM"));
        assert!(dns_within(b"anything", b""));
        assert!(!dns_within(b"notexample.com", b"example.com"));
        assert!(!dns_within(b"example.com", b"www.example.com"));
        assert!(!dns_within(b"example.com.evil", b"example.com"));
        assert!(wildcard_reaches(b"*.example.com", b"bad.example.com"));
        assert!(!wildcard_reaches(b"*.example.com", b"x.bad.example.com"));
        assert!(!wildcard_reaches(b"www.example.com", b"bad.example.com"));
        assert!(!wildcard_reaches(b"*.other.example.com", b"bad.example.com"));
    }

    #[test]
    fn ip_subtrees() {
        let v4 = [10, 0, 0, 0, 255, 0, 0, 0];
        assert_eq!(ip_within(&[10, 200, 1, 2], &v4), Ok(true));
        assert_eq!(ip_within(&[11, 0, 0, 1], &v4), Ok(false));
        assert_eq!(ip_within(&[0; 16], &v4), Ok(false), "another family");
        assert_eq!(ip_within(&[10, 0, 0], &v4), Err(CertError::NameConstraintViolation));
        let mut v6 = [0u8; 32];
        v6[..2].copy_from_slice(&[0x20, 0x01]);
        v6[16..18].copy_from_slice(&[0xff, 0xff]);
        let mut inside = [0u8; 16];
        inside[..2].copy_from_slice(&[0x20, 0x01]);
        inside[15] = 1;
        assert_eq!(ip_within(&inside, &v6), Ok(true));
        inside[1] = 2;
        assert_eq!(ip_within(&inside, &v6), Ok(false));
    }

    #[test]
    fn directory_and_mailbox_subtrees() {
        let rdn = |text: &[u8]| tlv(tag::SET, &tlv(tag::SEQUENCE, &[&[0x06, 0x03, 0x55, 0x04, 0x0a][..], &tlv(tag::UTF8_STRING, text)].concat()));
        let name = |rdns: &[&[u8]]| tlv(tag::SEQUENCE, &rdns.iter().map(|text| rdn(text)).collect::<Vec<_>>().concat());
        assert!(directory_within(&name(&[b"a", b"b"]), &name(&[b"a"])));
        assert!(directory_within(&name(&[b"a"]), &name(&[])));
        assert!(!directory_within(&name(&[b"a"]), &name(&[b"a", b"b"])));
        assert!(!directory_within(&name(&[b"b", b"a"]), &name(&[b"a"])));
        assert_eq!(mailbox_within(b"ops@mail.example.com", b".example.com"), Ok(true));
        assert_eq!(mailbox_within(b"ops@example.com", b".example.com"), Ok(false));
        assert_eq!(mailbox_within(b"ops@Example.com", b"example.com"), Ok(true));
        assert_eq!(mailbox_within(b"a@example.org", b"a@EXAMPLE.org"), Ok(true));
        assert_eq!(mailbox_within(b"A@example.org", b"a@example.org"), Ok(false), "local parts are case-sensitive");
        assert_eq!(mailbox_within(b"no-at-sign", b"example.org"), Err(CertError::NameConstraintViolation));
    }

    /// The cap the error text names is the one applied.
    #[test]
    fn cap_in_the_error_text() {
        let text = crate::engine::error::Error::Certificate(CertError::NameConstraintsTooComplex).message();
        assert!(text.contains(&MAX_NAME_CHECKS.to_string()), "{text}");
        let mut spent = MAX_NAME_CHECKS - 1;
        assert_eq!(spend(&mut spent), Ok(()));
        assert_eq!(spend(&mut spent), Err(CertError::NameConstraintsTooComplex));
    }
}
