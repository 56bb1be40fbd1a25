//! The alternate engine (cargo feature `embedded-tls`): embedded-tls 0.19
//! for the protocol, with this project's certificate verification, a record
//! guard in front of it, and failures reported by cause. Kept as a test
//! oracle for the own engine in [`crate::engine::tls13`].
//!
//! embedded-tls accepts a handshake that skips Certificate and
//! CertificateVerify (notes/embedded-tls.md, hole 1); [`Client::handshake`]
//! closes that by requiring both to have been checked when verification is on.

use core::cell::Cell;

use embedded_tls::blocking::{
    Aes128GcmSha256, Certificate, CertificateEntryRef, CertificateRef, CertificateVerifyRef,
    CryptoProvider, TlsConfig, TlsConnection, TlsContext, TlsError, TlsVerifier,
};
use embedded_tls::SignatureScheme;
use embedded_tls::alert::AlertDescription;
use heapless::Vec;
use p256::ecdsa::{DerSignature, SigningKey};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};

mod guard;

pub use guard::GuardReport;

use crate::engine::error::Error;
use crate::engine::transport::Transport;
use crate::engine::x509::{self, CertError, PrivateKey, PublicKey, ServerName};
use guard::{alert_in_plaintext, RecordGuard};

/// The one suite this engine offers (embedded-tls fixes it per type).
pub type Suite = Aes128GcmSha256;
/// IANA name of [`Suite`], as `cipher()` reports it.
const SUITE_NAME: &str = "TLS_AES_128_GCM_SHA256";
/// Largest server leaf certificate kept for `getpeercert()`.
pub const PEER_CERT_MAX: usize = 2048;
/// Most certificates accepted in one Certificate message.
const CHAIN_MAX: usize = 8;

/// What a connection needs to know before its handshake.
pub struct Config<'a> {
    /// Sent as SNI and checked against the certificate.
    pub server_name: Option<&'a str>,
    /// A leaf without any subjectAltName may match `server_name` on its
    /// subject's commonName (legacy; CPython's name, and its default).
    pub hostname_checks_common_name: bool,
    /// Trust anchors as concatenated DER; `None` turns verification off.
    pub trust_anchors: Option<&'a [u8]>,
    /// Client certificate chain as concatenated DER, leaf first.
    pub client_chain: Option<&'a [u8]>,
    /// The client certificate's private key (P-256 only: embedded-tls
    /// takes one signer type).
    pub client_key: Option<PrivateKey<'a>>,
    /// Seconds since the unix epoch, for certificate validity.
    pub now: i64,
    /// Fresh randomness for this connection's DRBG.
    pub rng_seed: [u8; 32],
}

/// Where a connection is in its life.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Handshaking,
    Open,
    /// The peer sent close_notify or closed the stream: reads give EOF.
    PeerClosed,
    Failed(Error),
    Closed,
}

/// Checks the server's chain and CertificateVerify with [`x509`]. Once both
/// pass it marks the server authenticated in the guard report, which lets
/// the record guard send the client's second flight.
struct Verifier<'a> {
    anchors: Option<&'a [u8]>,
    server_name: Option<ServerName<'a>>,
    now: i64,
    leaf_key: Option<PublicKey>,
    transcript_hash: [u8; 32],
    certificate_seen: bool,
    error: Option<Error>,
    peer_cert: Vec<u8, PEER_CERT_MAX>,
    report: &'a Cell<GuardReport>,
}

impl Verifier<'_> {
    fn fail(&mut self, error: Error) -> TlsError {
        self.error = Some(error);
        TlsError::InvalidCertificate
    }
}

impl TlsVerifier<Suite> for Verifier<'_> {
    fn set_hostname_verification(&mut self, _hostname: &str) -> Result<(), TlsError> {
        // The name comes from Config, the same one sent as SNI.
        Ok(())
    }

    fn verify_certificate(&mut self, transcript: &Sha256, cert: CertificateRef) -> Result<(), TlsError> {
        if self.certificate_seen {
            return Err(self.fail(Error::Malformed));
        }
        self.certificate_seen = true;
        let mut chain: Vec<&[u8], CHAIN_MAX> = Vec::new();
        for entry in cert.entries.iter() {
            match entry {
                CertificateEntryRef::X509(der) => {
                    if chain.push(der).is_err() {
                        return Err(self.fail(Error::Certificate(CertError::ChainTooLong)));
                    }
                }
                CertificateEntryRef::RawPublicKey(_) => {
                    return Err(self.fail(Error::Unsupported));
                }
            }
        }
        let Some(leaf) = chain.first() else {
            return Err(self.fail(Error::ServerNotAuthenticated));
        };
        self.peer_cert.clear();
        // A leaf too large to keep is still verified; getpeercert() gives None.
        let _ = self.peer_cert.extend_from_slice(leaf);
        self.transcript_hash.copy_from_slice(&transcript.clone().finalize());
        let Some(anchors) = self.anchors else {
            return Ok(());
        };
        match x509::verify_server_chain(&chain, anchors, self.server_name, self.now) {
            Ok(key) => {
                self.leaf_key = Some(key);
                Ok(())
            }
            Err(e) => Err(self.fail(Error::Certificate(e))),
        }
    }

    fn verify_signature(&mut self, verify: CertificateVerifyRef) -> Result<(), TlsError> {
        if !self.certificate_seen {
            return Err(self.fail(Error::UnexpectedCertificateVerify));
        }
        if self.anchors.is_none() {
            return Ok(());
        }
        let Some(key) = self.leaf_key.as_ref() else {
            return Err(self.fail(Error::UnexpectedCertificateVerify));
        };
        let mut message = [0u8; x509::CERTIFICATE_VERIFY_MESSAGE_MAX];
        let len = x509::server_certificate_verify_message(&self.transcript_hash, &mut message);
        match x509::verify_tls13_signature(key, verify.signature_scheme.as_u16(), &message[..len], verify.signature) {
            Ok(()) => {
                let mut report = self.report.get();
                report.server_authenticated = true;
                self.report.set(report);
                Ok(())
            }
            Err(e) => Err(self.fail(e)),
        }
    }
}

/// Supplies randomness, the verifier and the client credentials to
/// embedded-tls.
struct Provider<'a> {
    rng: ChaCha20Rng,
    verifier: Verifier<'a>,
    client_chain: Option<&'a [u8]>,
    client_key: Option<PrivateKey<'a>>,
}

impl CryptoProvider for Provider<'_> {
    type CipherSuite = Suite;
    type Signature = DerSignature;

    fn rng(&mut self) -> impl rand_core::CryptoRngCore {
        &mut self.rng
    }

    fn verifier(&mut self) -> Result<&mut impl TlsVerifier<Suite>, TlsError> {
        Ok(&mut self.verifier)
    }

    fn signer(&mut self) -> Result<(impl signature::SignerMut<DerSignature>, SignatureScheme), TlsError> {
        match &self.client_key {
            Some(PrivateKey::P256(scalar)) => {
                let key = SigningKey::from_bytes(scalar.into()).map_err(|_| TlsError::InvalidPrivateKey)?;
                Ok((key, SignatureScheme::EcdsaSecp256r1Sha256))
            }
            // embedded-tls takes one signer type: P-256 keys only.
            Some(_) | None => Err(TlsError::InvalidPrivateKey),
        }
    }

    fn client_cert(&mut self) -> Option<Certificate<impl AsRef<[u8]>>> {
        // embedded-tls sends one certificate: the leaf of the chain.
        let leaf = x509::der_certs(self.client_chain?).next()?;
        self.client_key.as_ref()?;
        Some(Certificate::X509(leaf))
    }
}

/// Gives back bytes of the read buffer while embedded-tls holds it: after
/// a failure, the record it decrypted there in place, which may be an
/// alert it did not report. Only the owner of the buffer's memory can read
/// it then (with `unsafe`, which the engine has none of).
pub trait ReadBack {
    /// The `len` bytes at `offset` in the read buffer, if they lie in it.
    fn read_back(&self, offset: usize, len: usize) -> Option<&[u8]>;
}

/// The memory a [`Client`] borrows for its whole life: the record buffers
/// and the cell its record guard reports through.
pub struct Buffers<'a> {
    /// Holds one whole incoming record (16 KiB + 256 for full records).
    pub read: &'a mut [u8],
    /// Outgoing records are built here.
    pub write: &'a mut [u8],
    /// Filled by the record guard; owned by the caller so it stays readable
    /// while embedded-tls holds the guard.
    pub report: &'a Cell<GuardReport>,
    /// Reads the read buffer back (see [`ReadBack`]).
    pub read_back: &'a dyn ReadBack,
}

/// One TLS 1.3 client connection over a [`Transport`]. It never allocates.
pub struct Client<'a, T: Transport> {
    /// `None` once close() has handed it to embedded-tls's close.
    connection: Option<TlsConnection<'a, RecordGuard<'a, T>, Suite>>,
    report: &'a Cell<GuardReport>,
    tls_config: TlsConfig<'a>,
    provider: Provider<'a>,
    verify: bool,
    phase: Phase,
    /// Address of the read buffer, to find decrypted records in it.
    read_buf: usize,
    read_back: &'a dyn ReadBack,
}

impl<'a, T: Transport> Client<'a, T> {
    /// Prepares a connection; nothing is sent until [`Client::handshake`].
    pub fn new(transport: T, buffers: Buffers<'a>, config: Config<'a>) -> Self {
        let mut tls_config = TlsConfig::new();
        if let Some(name) = config.server_name {
            tls_config = tls_config.with_server_name(name);
        }
        let read_buf = buffers.read.as_ptr() as usize;
        buffers.report.set(GuardReport::default());
        let verify = config.trust_anchors.is_some();
        let guard = RecordGuard::new(transport, verify, buffers.report);
        Client {
            connection: Some(TlsConnection::new(guard, buffers.read, buffers.write)),
            report: buffers.report,
            tls_config,
            provider: Provider {
                rng: ChaCha20Rng::from_seed(config.rng_seed),
                verifier: Verifier {
                    anchors: config.trust_anchors,
                    server_name: config.server_name.map(|host| ServerName {
                        host,
                        common_name_fallback: config.hostname_checks_common_name,
                    }),
                    now: config.now,
                    leaf_key: None,
                    transcript_hash: [0; 32],
                    certificate_seen: false,
                    error: None,
                    peer_cert: Vec::new(),
                    report: buffers.report,
                },
                client_chain: config.client_chain,
                client_key: config.client_key,
            },
            verify,
            phase: Phase::Handshaking,
            read_buf,
            read_back: buffers.read_back,
        }
    }

    /// Runs the whole handshake. With verification on, succeeds only when
    /// the server's chain and its CertificateVerify were both verified
    /// (the record guard already refused to send the client's Finished
    /// otherwise; this is the second check).
    pub fn handshake(&mut self) -> Result<(), Error> {
        self.usable()?;
        if self.phase != Phase::Handshaking {
            return Ok(());
        }
        let connection = self.connection.as_mut().ok_or(Error::Closed)?;
        let result = connection.open(TlsContext::new(&self.tls_config, &mut self.provider));
        if let Err(e) = result {
            return Err(self.failed(e));
        }
        if self.verify && !self.report.get().server_authenticated {
            self.phase = Phase::Failed(Error::ServerNotAuthenticated);
            return Err(Error::ServerNotAuthenticated);
        }
        self.phase = Phase::Open;
        Ok(())
    }

    /// Reads decrypted application data; `Ok(0)` at the end of the stream.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        self.handshake()?;
        if self.phase == Phase::PeerClosed || buf.is_empty() {
            return Ok(0);
        }
        match self.connection()?.read(buf) {
            Ok(n) => Ok(n),
            Err(TlsError::ConnectionClosed) => {
                self.phase = Phase::PeerClosed;
                Ok(0)
            }
            // The stream ended without close_notify: report it as the end of
            // the stream, like CPython's default suppress_ragged_eofs.
            Err(TlsError::IoError) if self.report.get().eof => {
                self.phase = Phase::PeerClosed;
                Ok(0)
            }
            Err(e) => match self.transient_socket_error() {
                Some(errno) => Err(Error::Socket(errno)),
                None => Err(self.failed(e)),
            },
        }
    }

    /// A socket error (e.g. a timeout) that struck between two records: the
    /// connection stays usable, the caller just sees the error.
    fn transient_socket_error(&mut self) -> Option<i32> {
        let mut report = self.report.get();
        let errno = report.socket_errno.filter(|_| report.errno_at_record_boundary && report.verdict.is_none())?;
        report.socket_errno = None;
        self.report.set(report);
        Some(errno)
    }

    /// Encrypts and sends all of `buf`.
    pub fn write(&mut self, buf: &[u8]) -> Result<usize, Error> {
        self.handshake()?;
        let mut sent = 0;
        while sent < buf.len() {
            match self.connection()?.write(&buf[sent..]) {
                Ok(n) => sent += n,
                Err(e) => return Err(self.failed(e)),
            }
        }
        if let Err(e) = self.connection()?.flush() {
            return Err(self.failed(e));
        }
        Ok(sent)
    }

    /// Sends close_notify if the connection is open; the connection is
    /// unusable afterwards. Closing twice is harmless.
    pub fn close(&mut self) -> Result<(), Error> {
        let was = core::mem::replace(&mut self.phase, Phase::Closed);
        let connection = self.connection.take();
        match (was, connection) {
            (Phase::Open | Phase::PeerClosed, Some(connection)) => {
                connection.close().map(|_| ()).map_err(|(_, e)| self.diagnose(e, false))
            }
            _ => Ok(()),
        }
    }

    /// The negotiated cipher suite's name, once the handshake is done.
    pub fn cipher_suite(&self) -> Option<&'static str> {
        matches!(self.phase, Phase::Open | Phase::PeerClosed).then_some(SUITE_NAME)
    }

    /// embedded-tls parses NewSessionTicket and drops it: never a session.
    pub fn session(&self) -> Option<crate::engine::tls13::Session<'_>> {
        None
    }

    /// embedded-tls does not resume sessions.
    pub fn resumed(&self) -> bool {
        false
    }

    /// ALPN is not wired to embedded-tls here: never a protocol.
    pub fn alpn(&self) -> Option<&[u8]> {
        None
    }

    /// Whether the handshake has begun: embedded-tls runs it whole, so
    /// once it has left the handshaking phase (done or failed).
    pub fn is_started(&self) -> bool {
        self.phase != Phase::Handshaking
    }

    /// Whether the handshake is complete.
    pub fn is_connected(&self) -> bool {
        matches!(self.phase, Phase::Open | Phase::PeerClosed)
    }

    /// embedded-tls keeps decrypted data internally; polls ask the socket.
    pub fn has_plaintext(&self) -> bool {
        false
    }

    /// embedded-tls's blocking API loses its state when the socket would
    /// block: it is never resumable, so nothing to poll for.
    pub fn blocked(&self) -> Option<crate::engine::tls13::Blocked> {
        None
    }

    /// embedded-tls flushes as it writes.
    pub fn try_flush(&mut self) {}

    /// The verifier here checks the chain whole and keeps no dates: a
    /// validity error is reported without them.
    pub fn validity_times(&self) -> Option<(i64, i64)> {
        None
    }

    /// The server's leaf certificate (DER), once the handshake has seen it.
    pub fn peer_certificate(&self) -> Option<&[u8]> {
        let cert = &self.provider.verifier.peer_cert;
        (!cert.is_empty()).then_some(cert.as_slice())
    }

    fn usable(&self) -> Result<(), Error> {
        match self.phase {
            Phase::Failed(e) => Err(e),
            Phase::Closed => Err(Error::Closed),
            _ => Ok(()),
        }
    }

    fn connection(&mut self) -> Result<&mut TlsConnection<'a, RecordGuard<'a, T>, Suite>, Error> {
        self.connection.as_mut().ok_or(Error::Closed)
    }

    /// Turns an embedded-tls error into the cause, using what the guard and
    /// the verifier saw, and marks the connection failed.
    fn failed(&mut self, e: TlsError) -> Error {
        let handshaking = self.phase == Phase::Handshaking;
        let error = self.diagnose(e, handshaking);
        self.phase = Phase::Failed(error);
        error
    }

    fn diagnose(&self, e: TlsError, handshaking: bool) -> Error {
        let report = self.report.get();
        if let Some(error) = report.failure() {
            return error;
        }
        if let Some(error) = self.provider.verifier.error {
            return error;
        }
        match e {
            TlsError::HandshakeAborted(_, AlertDescription::ProtocolVersion) if handshaking => Error::NotTls13,
            TlsError::HandshakeAborted(_, description) => Error::AlertReceived(description as u8),
            TlsError::IoError | TlsError::ConnectionClosed if report.eof || handshaking => {
                if handshaking {
                    Error::PeerClosedDuringHandshake
                } else {
                    Error::Closed
                }
            }
            // embedded-tls reports encrypted alerts as these; the alert
            // itself is still in the read buffer, decrypted in place.
            TlsError::InternalError | TlsError::InvalidRecord => match self.alert_in_last_record() {
                Some(description) => Error::AlertReceived(description),
                None => Error::Malformed,
            },
            TlsError::CryptoError => Error::BadRecordMac,
            TlsError::Unimplemented => Error::Unsupported,
            _ => Error::Malformed,
        }
    }

    fn alert_in_last_record(&self) -> Option<u8> {
        let (addr, len) = self.report.get().last_protected?;
        alert_in_plaintext(self.read_back.read_back(addr.checked_sub(self.read_buf)?, len)?)
    }
}
