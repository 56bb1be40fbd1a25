//! Why a connection failed: one variant per cause, each with a stable code
//! and a text that names the cause.

use core::fmt;

use super::crypto::SignatureScheme;
use super::tls13::codec::alert;
use super::x509::CertError;

/// A failed TLS operation. The binding raises it as
/// `OSError(code(), <text written by Display>)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The server's certificate chain was rejected.
    Certificate(CertError),
    /// With certificate verification on, the server did not send a
    /// Certificate and a CertificateVerify that were both checked.
    ServerNotAuthenticated,
    /// The server's CertificateVerify did not come after its Certificate.
    UnexpectedCertificateVerify,
    /// The server's CertificateVerify signature does not verify with its
    /// certificate's key over this handshake.
    CertificateVerifyInvalid,
    /// The server's CertificateVerify names a signature scheme its
    /// certificate's key cannot sign with (e.g. ecdsa_secp384r1_sha384 with
    /// a P-256 key: TLS 1.3 binds the curve to the scheme).
    CertificateVerifySchemeMismatch,
    /// With an external PSK (`psk=`) and no trust anchors, the PSK is the
    /// server's only proof, and the server did not accept it.
    PskNotAccepted,
    /// The server sent a fatal alert (TLS alert description code).
    AlertReceived(u8),
    /// The server answered with something other than TLS 1.3.
    NotTls13,
    /// The peer closed the TCP connection before the handshake finished.
    PeerClosedDuringHandshake,
    /// A record or message from the peer does not parse or violates the
    /// protocol.
    Malformed,
    /// A record longer than the protocol allows.
    RecordOverflow,
    /// A record failed authenticated decryption.
    BadRecordMac,
    /// The peer uses a TLS feature this engine does not implement.
    Unsupported,
    /// A message arrived that the protocol does not allow at that point.
    UnexpectedMessage,
    /// A server message field has a value the protocol forbids (e.g. a
    /// cipher suite or group the client did not offer).
    IllegalParameter,
    /// The server's Finished did not match the handshake transcript.
    FinishedMismatch,
    /// The server and the client have no cipher suite, group or signature
    /// scheme in common.
    NoCommonParameters,
    /// The local configuration cannot work (e.g. a key the engine cannot
    /// sign with).
    BadConfig,
    /// The server asked for a client certificate, but its
    /// CertificateRequest does not list the signature scheme the client's
    /// key signs with (for an RSA key rsa_pss_rsae_sha256, which stands for
    /// the three rsa_pss_rsae schemes it can use).
    ClientSchemeNotAccepted(SignatureScheme),
    /// Small records were asked for (max_fragment_length) and the server
    /// agreed to neither max_fragment_length nor record_size_limit.
    RecordLimitRefused,
    /// The socket reported an error (an errno value).
    Socket(i32),
    /// The socket's write took no bytes: a broken stream, which retrying
    /// would only spin on.
    WriteTookNothing,
    /// The connection was closed by `close()` or failed earlier.
    Closed,
    /// An internal consistency check failed while handling peer data; the
    /// connection cannot be used any more.
    Internal,
}

impl Error {
    /// A negative code, one per cause, stable across releases (MicroPython's
    /// tls module also reports TLS errors as negative numbers).
    pub fn code(&self) -> i32 {
        match self {
            Error::Certificate(cert) => match cert {
                CertError::UnknownIssuer => -0x7101,
                CertError::Expired => -0x7102,
                CertError::NotYetValid => -0x7103,
                CertError::HostnameMismatch => -0x7104,
                CertError::IssuerNotCa => -0x7105,
                CertError::BadSignature => -0x7106,
                CertError::UnsupportedAlgorithm => -0x7107,
                CertError::UnsupportedCriticalExtension => -0x7108,
                CertError::NotForServerAuth => -0x7109,
                CertError::ChainTooLong => -0x710a,
                CertError::Malformed => -0x710b,
                CertError::IssuerNotForServerAuth => -0x710c,
                CertError::CaAsLeaf => -0x710d,
                CertError::LeafKeyCertSign => -0x710e,
                CertError::IssuerEmptySubject => -0x710f,
                CertError::LeafNameConstraints => -0x7110,
                CertError::NameConstraintViolation => -0x7111,
                CertError::NameConstraintsTooComplex => -0x7112,
                CertError::NameConstraintsUnchecked => -0x7113,
            },
            Error::ServerNotAuthenticated => -0x7201,
            Error::UnexpectedCertificateVerify => -0x7202,
            Error::CertificateVerifyInvalid => -0x7203,
            Error::CertificateVerifySchemeMismatch => -0x7204,
            Error::PskNotAccepted => -0x7205,
            Error::AlertReceived(_) => -0x7301,
            Error::NotTls13 => -0x7302,
            Error::PeerClosedDuringHandshake => -0x7303,
            Error::Malformed => -0x7304,
            Error::RecordOverflow => -0x7305,
            Error::BadRecordMac => -0x7306,
            Error::Unsupported => -0x7307,
            Error::UnexpectedMessage => -0x7308,
            Error::IllegalParameter => -0x7309,
            Error::FinishedMismatch => -0x730a,
            Error::NoCommonParameters => -0x730b,
            Error::BadConfig => -0x730c,
            Error::RecordLimitRefused => -0x730d,
            Error::ClientSchemeNotAccepted(_) => -0x730e,
            Error::Closed => -0x7401,
            Error::Internal => -0x7402,
            Error::WriteTookNothing => -0x7403,
            Error::Socket(errno) => -errno.abs(),
        }
    }
}

impl Error {
    /// The text naming the cause; Display writes it followed by
    /// [`Error::detail`]. The binding appends both to its exception text
    /// itself, so the firmware links no `core::fmt::write`.
    pub fn message(&self) -> &'static str {
        match self {
            Error::Certificate(cert) => match cert {
                CertError::UnknownIssuer => "certificate not trusted: no path to a CA in cadata",
                CertError::Expired => "certificate expired",
                CertError::NotYetValid => "certificate not yet valid",
                CertError::HostnameMismatch => "certificate hostname mismatch",
                CertError::IssuerNotCa => "certificate issuer is not a CA",
                CertError::BadSignature => "certificate signature invalid",
                CertError::UnsupportedAlgorithm => "certificate uses an unsupported algorithm",
                CertError::UnsupportedCriticalExtension => {
                    "certificate has an unsupported critical extension"
                }
                CertError::NotForServerAuth => "certificate is not for TLS server authentication",
                CertError::ChainTooLong => "certificate chain too long",
                CertError::Malformed => "certificate malformed",
                CertError::IssuerNotForServerAuth => {
                    "certificate issuer's extKeyUsage excludes TLS server authentication"
                }
                CertError::CaAsLeaf => "server certificate is a CA certificate (basicConstraints CA:TRUE)",
                CertError::LeafKeyCertSign => "server certificate has keyUsage keyCertSign but is not a CA",
                CertError::IssuerEmptySubject => "certificate issuer has an empty subject name, which a CA may not have",
                CertError::LeafNameConstraints => "server certificate has nameConstraints, which only a CA may have",
                CertError::NameConstraintViolation => "certificate name not permitted by a CA's name constraints",
                CertError::NameConstraintsTooComplex => {
                    "certificate name constraints not checked: over 4096 name comparisons"
                }
                CertError::NameConstraintsUnchecked => {
                    "certificate name constraints not checked: server certificate too large, or a build without them"
                }
            },
            Error::ServerNotAuthenticated => "server not authenticated: it sent no Certificate/CertificateVerify",
            Error::UnexpectedCertificateVerify => {
                "malformed handshake: CertificateVerify without Certificate"
            }
            Error::CertificateVerifyInvalid => "server CertificateVerify signature invalid",
            Error::CertificateVerifySchemeMismatch => "server CertificateVerify scheme does not fit its key",
            Error::PskNotAccepted => {
                "server not authenticated: it did not accept the PSK, its only proof without cadata"
            }
            Error::AlertReceived(_) => "alert received from the server: ",
            Error::NotTls13 => "server does not speak TLS 1.3",
            Error::PeerClosedDuringHandshake => {
                "peer closed the connection during the handshake"
            }
            Error::Malformed => "malformed message from the peer",
            Error::RecordOverflow => "malformed message: record too long (record_overflow)",
            Error::BadRecordMac => "record failed to decrypt (bad_record_mac)",
            Error::Unsupported => "peer used an unsupported TLS feature",
            Error::UnexpectedMessage => "malformed handshake: unexpected message from the server",
            Error::IllegalParameter => {
                "malformed handshake: the server chose a value the client did not offer"
            }
            Error::FinishedMismatch => "server Finished does not match the handshake (decrypt_error)",
            Error::NoCommonParameters => {
                "no cipher suite, group or signature scheme in common with the server"
            }
            Error::BadConfig => "configuration not usable for TLS 1.3",
            Error::ClientSchemeNotAccepted(_) => {
                "server does not accept the client key: its CertificateRequest does not list "
            }
            Error::RecordLimitRefused => "server refused max_fragment_length and record_size_limit: records would not fit the buffer",
            Error::Socket(_) => "socket error",
            Error::WriteTookNothing => "the socket's write() took 0 bytes: the stream is broken",
            Error::Closed => "connection closed",
            Error::Internal => "malformed message: an internal check failed on peer data; connection unusable",
        }
    }
}

impl Error {
    /// What follows [`Error::message`]: the name of the alert received or
    /// of the signature scheme not accepted, empty for the other causes.
    pub fn detail(&self) -> &'static str {
        match self {
            Error::AlertReceived(code) => alert_name(*code),
            Error::ClientSchemeNotAccepted(scheme) => scheme_name(*scheme),
            _ => "",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())?;
        f.write_str(self.detail())
    }
}

impl Error {
    /// The alert to send the peer when this error ends a connection
    /// (RFC 8446 §6.2), or `None` when none is due (the peer's own alert,
    /// a closed socket, a local close).
    pub fn alert(&self) -> Option<u8> {
        Some(match self {
            Error::Certificate(cert) => match cert {
                CertError::Expired | CertError::NotYetValid => alert::CERTIFICATE_EXPIRED,
                CertError::UnknownIssuer => alert::UNKNOWN_CA,
                CertError::UnsupportedAlgorithm
                | CertError::UnsupportedCriticalExtension
                | CertError::NameConstraintsTooComplex
                | CertError::NameConstraintsUnchecked => alert::UNSUPPORTED_CERTIFICATE,
                CertError::BadSignature => alert::DECRYPT_ERROR,
                _ => alert::BAD_CERTIFICATE,
            },
            Error::ServerNotAuthenticated | Error::UnexpectedCertificateVerify | Error::UnexpectedMessage => {
                alert::UNEXPECTED_MESSAGE
            }
            Error::NotTls13 => alert::PROTOCOL_VERSION,
            Error::Malformed => alert::DECODE_ERROR,
            Error::RecordOverflow => alert::RECORD_OVERFLOW,
            Error::BadRecordMac => alert::BAD_RECORD_MAC,
            Error::Unsupported => alert::UNSUPPORTED_EXTENSION,
            Error::IllegalParameter | Error::CertificateVerifySchemeMismatch => alert::ILLEGAL_PARAMETER,
            Error::FinishedMismatch | Error::CertificateVerifyInvalid => alert::DECRYPT_ERROR,
            Error::NoCommonParameters | Error::PskNotAccepted => alert::HANDSHAKE_FAILURE,
            Error::BadConfig | Error::Internal => alert::INTERNAL_ERROR,
            Error::RecordLimitRefused | Error::ClientSchemeNotAccepted(_) => alert::HANDSHAKE_FAILURE,
            Error::AlertReceived(_)
            | Error::PeerClosedDuringHandshake
            | Error::Socket(_)
            | Error::WriteTookNothing
            | Error::Closed => {
                return None
            }
        })
    }
}

/// The RFC 8446 name of the client key's scheme, for an RSA key the three
/// it can sign with.
fn scheme_name(scheme: SignatureScheme) -> &'static str {
    match scheme {
        SignatureScheme::RsaPssRsaeSha256 => "rsa_pss_rsae_sha256 (nor rsa_pss_rsae_sha384, rsa_pss_rsae_sha512)",
        scheme => scheme.name(),
    }
}

/// The RFC 8446 name of a TLS alert description.
pub fn alert_name(code: u8) -> &'static str {
    match code {
        alert::CLOSE_NOTIFY => "close_notify",
        alert::UNEXPECTED_MESSAGE => "unexpected_message",
        alert::BAD_RECORD_MAC => "bad_record_mac",
        alert::RECORD_OVERFLOW => "record_overflow",
        alert::HANDSHAKE_FAILURE => "handshake_failure",
        alert::BAD_CERTIFICATE => "bad_certificate",
        alert::UNSUPPORTED_CERTIFICATE => "unsupported_certificate",
        alert::CERTIFICATE_REVOKED => "certificate_revoked",
        alert::CERTIFICATE_EXPIRED => "certificate_expired",
        alert::CERTIFICATE_UNKNOWN => "certificate_unknown",
        alert::ILLEGAL_PARAMETER => "illegal_parameter",
        alert::UNKNOWN_CA => "unknown_ca",
        alert::ACCESS_DENIED => "access_denied",
        alert::DECODE_ERROR => "decode_error",
        alert::DECRYPT_ERROR => "decrypt_error",
        alert::PROTOCOL_VERSION => "protocol_version",
        alert::INSUFFICIENT_SECURITY => "insufficient_security",
        alert::INTERNAL_ERROR => "internal_error",
        alert::INAPPROPRIATE_FALLBACK => "inappropriate_fallback",
        alert::USER_CANCELED => "user_canceled",
        alert::MISSING_EXTENSION => "missing_extension",
        alert::UNSUPPORTED_EXTENSION => "unsupported_extension",
        alert::UNRECOGNIZED_NAME => "unrecognized_name",
        alert::BAD_CERTIFICATE_STATUS_RESPONSE => "bad_certificate_status_response",
        alert::UNKNOWN_PSK_IDENTITY => "unknown_psk_identity",
        alert::CERTIFICATE_REQUIRED => "certificate_required",
        alert::NO_APPLICATION_PROTOCOL => "no_application_protocol",
        _ => "unknown alert",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every certificate cause, as the binding raises them.
    const CERT_ERRORS: [CertError; 19] = [
        CertError::Malformed,
        CertError::UnknownIssuer,
        CertError::Expired,
        CertError::NotYetValid,
        CertError::HostnameMismatch,
        CertError::IssuerNotCa,
        CertError::BadSignature,
        CertError::UnsupportedAlgorithm,
        CertError::UnsupportedCriticalExtension,
        CertError::NotForServerAuth,
        CertError::ChainTooLong,
        CertError::IssuerNotForServerAuth,
        CertError::CaAsLeaf,
        CertError::LeafKeyCertSign,
        CertError::IssuerEmptySubject,
        CertError::LeafNameConstraints,
        CertError::NameConstraintViolation,
        CertError::NameConstraintsTooComplex,
        CertError::NameConstraintsUnchecked,
    ];

    /// Each certificate cause has a code and a text of its own, in the
    /// certificate range, and an alert.
    #[test]
    fn certificate_causes_are_distinct() {
        for (i, a) in CERT_ERRORS.iter().enumerate() {
            let error = Error::Certificate(*a);
            assert!((-0x71ff..=-0x7101).contains(&error.code()), "{a:?}");
            assert!(error.message().starts_with("certificate") || error.message().starts_with("server certificate"), "{a:?}");
            assert!(error.alert().is_some(), "{a:?}");
            for b in &CERT_ERRORS[i + 1..] {
                let other = Error::Certificate(*b);
                assert_ne!(error.code(), other.code(), "{a:?} and {b:?}");
                assert_ne!(error.message(), other.message(), "{a:?} and {b:?}");
            }
        }
    }
}
