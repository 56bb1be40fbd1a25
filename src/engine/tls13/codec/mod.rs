//! Encoding and parsing of TLS 1.3 handshake messages.
