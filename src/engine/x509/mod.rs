//! X.509 certificates, PEM/DER, private keys and path validation.
