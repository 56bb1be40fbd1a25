//! Error types of the certificate module.

/// Why a certificate or chain was rejected.
///
/// Each variant is one cause; the binding maps each to its own error code and
/// text, so the variants are kept distinct and stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertError {
    /// The DER or X.509 structure of a certificate in the path is invalid.
    Malformed,
    /// No path from the leaf to a trust anchor ("certificate not trusted").
    UnknownIssuer,
    /// A certificate in the path is past its notAfter time.
    Expired,
    /// A certificate in the path is before its notBefore time.
    NotYetValid,
    /// The leaf does not match the expected host name or IP address.
    HostnameMismatch,
    /// An issuer is not allowed to issue certificates: no basicConstraints
    /// CA:TRUE, a keyUsage without keyCertSign, or its pathLenConstraint is
    /// exceeded.
    IssuerNotCa,
    /// A signature in the chain, or the CertificateVerify signature, is wrong.
    BadSignature,
    /// A signature or key algorithm this module does not implement (e.g. RSA).
    UnsupportedAlgorithm,
    /// A certificate in the path has a critical extension this module does
    /// not understand.
    UnsupportedCriticalExtension,
    /// The leaf may not be used by a TLS server: its extKeyUsage lacks
    /// serverAuth, or its keyUsage lacks digitalSignature.
    NotForServerAuth,
    /// The path is longer than the verifier accepts, or too many candidate
    /// paths had to be tried to find one.
    ChainTooLong,
    /// A CA in the path (intermediate or trust anchor) has an extKeyUsage
    /// without serverAuth or anyExtendedKeyUsage: what it issues is not
    /// for TLS servers.
    IssuerNotForServerAuth,
    /// The server's own certificate is a CA certificate (basicConstraints
    /// CA:TRUE) and not pinned (itself in the trust anchors).
    CaAsLeaf,
    /// The server's certificate asserts keyCertSign in its keyUsage without
    /// being a CA (RFC 5280 4.2.1.9: MUST NOT).
    LeafKeyCertSign,
    /// A CA in the path has an empty subject name (RFC 5280 4.1.2.6: MUST
    /// be non-empty).
    IssuerEmptySubject,
    /// The server's certificate, not a CA, has a nameConstraints extension
    /// (RFC 5280 4.2.1.10: MUST be used only in a CA certificate).
    LeafNameConstraints,
    /// A name of the server's certificate is outside a CA's permitted
    /// subtrees, inside its excluded ones, or of a form rtls cannot compare
    /// under a constraint of that form.
    NameConstraintViolation,
    /// Checking name constraints would take more than
    /// `MAX_NAME_CHECKS` name × subtree comparisons.
    NameConstraintsTooComplex,
    /// A CA has name constraints that cannot be checked: the server's
    /// certificate was too large to keep for it (the streaming verifier
    /// keeps the leaf where getpeercert() does), or the build leaves out
    /// the `name-constraints` feature.
    NameConstraintsUnchecked,
}

/// Why user-supplied certificate or key input (cadata / cert / key) could not
/// be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Broken PEM framing or base64.
    InvalidPem,
    /// The decoded bytes are not a valid certificate or key structure.
    InvalidDer,
    /// The input holds no certificate.
    NoCertificate,
    /// A key that is encrypted, of another type (RSA without the feature
    /// `rsa`), on another curve, or of an RSA size or shape not supported.
    UnsupportedKey,
    /// The output buffer is too small for the result.
    BufferTooSmall,
}
