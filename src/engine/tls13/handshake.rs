//! The client handshake state machine (RFC 8446 §2, §4): it consumes whole
//! handshake messages, checks each against the state it arrived in, and
//! emits the client's messages into the send side.

use heapless::Vec;
use rand_core::RngCore;

use super::codec::{self, Writer};
use super::config::{alpn_names, Config, ALPN_NAMES_MAX, SIGNATURE_SCHEMES};
use super::crypto::aead::RecordProtection;
use crate::engine::crypto::drbg::SeededRng;
use crate::engine::crypto::SignatureScheme;
use crate::engine::crypto::hash::{HashAlg, Transcript};
use super::crypto::key_schedule::{binder, finished_verify_data, next_traffic_secret, resumption_psk, KeySchedule};
use crate::engine::crypto::Secret;
use super::crypto::kx::{EphemeralSecret, NamedGroup};
use super::crypto::sign::ClientSigner;
use super::crypto::suite::CipherSuite;
use super::record::{Outgoing, HANDSHAKE};
use super::server_authenticated::ServerAuthenticated;
use super::server_certificate::{EntryAreas, ServerCertificate};
use super::session::{binding_of, Binding, Session};
use crate::engine::error::Error;
use crate::engine::x509::{self, PrivateKey, PublicKey, PENDING_SIGNATURE_MAX};

/// Longest ALPN protocol name kept.
const ALPN_MAX: usize = 32;
/// Most KeyUpdates accepted in a row without application data between them.
const KEY_UPDATES_IN_A_ROW_MAX: u8 = 32;

/// Where the handshake is, each state owning what it needs; the name says
/// the message it waits for. One per connection, in its block, with no
/// allocator to box the large variant in.
#[allow(clippy::large_enum_variant)]
enum State<'a> {
    /// Nothing sent yet.
    Start {
        /// The PSK to offer, if any.
        offer: Option<PskOffer<'a>>,
    },
    /// ClientHello sent.
    WaitServerHello(WaitServerHello<'a>),
    /// ServerHello in: the server's flight is read under the handshake keys.
    ServerFlight(ServerFlight),
    /// Handshake complete: application data, tickets, key updates.
    Connected(Connected),
}

/// A ClientHello is out and its answer due.
struct WaitServerHello<'a> {
    /// The key share offered in the latest ClientHello.
    share: EphemeralSecret,
    /// The PSK offered, while it may still be accepted.
    offer: Option<PskOffer<'a>>,
    /// After a HelloRetryRequest: the suite it chose, which the ServerHello
    /// must repeat; `None` before one.
    retry_suite: Option<CipherSuite>,
}

/// From ServerHello to the server's Finished.
struct ServerFlight {
    suite: CipherSuite,
    /// The group of the key exchange (none with psk_ke).
    group: Option<NamedGroup>,
    schedule: KeySchedule,
    /// The handshake traffic secrets.
    client_secret: Secret,
    server_secret: Secret,
    /// The key of the server's leaf, once its Certificate verified far
    /// enough; stays `None` without trust anchors (CERT_NONE).
    server_key: Option<PublicKey>,
    /// What the client's flight answers a CertificateRequest with.
    client_certificate: ClientCertificate,
    step: FlightStep,
}

/// Which message of the server's flight is next.
enum FlightStep {
    WaitEncryptedExtensions,
    /// The server may ask for a client certificate before its own.
    WaitCertificateOrRequest,
    WaitCertificate,
    /// The server's Certificate message, while it streams in.
    ReadingCertificate(ServerCertificate),
    WaitCertificateVerify,
    /// The server was authenticated (or CERT_NONE asks for no proof): only
    /// now can the client's Finished be built.
    WaitFinished(ServerAuthenticated),
}

/// What the client's flight answers a CertificateRequest with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ClientCertificate {
    /// No CertificateRequest came: no Certificate in the flight.
    NotRequested,
    /// An empty Certificate: no client certificate configured.
    Empty,
    /// The configured chain, and a CertificateVerify under this scheme.
    Signed(SignatureScheme),
}

/// The handshake is complete.
struct Connected {
    suite: CipherSuite,
    group: Option<NamedGroup>,
    /// The application traffic secrets, each moved on by a KeyUpdate.
    client_secret: Secret,
    server_secret: Secret,
    resumption_master: Secret,
    /// The latest NewSessionTicket kept.
    ticket: Option<Ticket>,
    key_updates_in_a_row: u8,
}

/// Which PSK the server accepted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PskKind {
    Resumption,
    External,
}

/// psk_key_exchange_modes: psk_dhe_ke (forward secrecy), or psk_ke alone
/// when an external PSK's configuration asks for it. Sent in every
/// ClientHello, with or without a PSK: servers that follow RFC 8446
/// §4.2.9 (Go, rustls, BoringSSL) issue no tickets to a client without it.
const PSK_DHE_KE: [u8; 1] = [1];
const PSK_KE: [u8; 1] = [0];

/// A pre-shared key offered in the ClientHello (RFC 8446 §4.2.11).
#[derive(Clone, Copy)]
enum PskOffer<'a> {
    /// A ticket from an earlier connection.
    Resumption(Session<'a>),
    /// A key agreed out of band (hash SHA-256, RFC 8446 §4.2.11).
    External { identity: &'a [u8], key: &'a [u8] },
}

impl<'a> PskOffer<'a> {
    fn hash(&self) -> HashAlg {
        match self {
            PskOffer::Resumption(session) => session.suite.hash(),
            PskOffer::External { .. } => HashAlg::Sha256,
        }
    }

    fn key(&self) -> &'a [u8] {
        match self {
            PskOffer::Resumption(session) => session.psk,
            PskOffer::External { key, .. } => key,
        }
    }

    fn is_resumption(&self) -> bool {
        matches!(self, PskOffer::Resumption(_))
    }

    fn kind(&self) -> PskKind {
        match self {
            PskOffer::Resumption(_) => PskKind::Resumption,
            PskOffer::External { .. } => PskKind::External,
        }
    }

    /// The identity and obfuscated ticket age to send at `now`.
    fn identity(&self, now: i64) -> (&'a [u8], u32) {
        match self {
            PskOffer::Resumption(session) => (session.ticket, session.obfuscated_age(now)),
            PskOffer::External { identity, .. } => (identity, 0),
        }
    }
}

/// The parts of the connection's receive memory a piece may use besides
/// the piece itself.
pub struct ReceiveAreas<'b> {
    /// Room for the server's leaf certificate (for getpeercert()).
    pub peer_cert: &'b mut [u8],
    /// The part of the reassembly buffer not holding pieces: its end keeps
    /// a certificate signature waiting for its issuer during the handshake,
    /// the latest session ticket after it (see [`Handshake::reserved_tail`]).
    pub reassembly_spare: &'b mut [u8],
    /// The record the piece was taken from in place, up to the piece's
    /// end; empty for a reassembled piece. The server's Certificate message
    /// is whole here when it came in one record.
    pub source_record: &'b [u8],
}

/// The latest NewSessionTicket; its ticket bytes are kept by the caller
/// (at the end of [`ReceiveAreas::reassembly_spare`]).
struct Ticket {
    lifetime: u32,
    age_add: u32,
    psk: Secret,
    len: usize,
}

/// The record protection a piece changed, for the caller to install once
/// the piece is handled: both sides come back this way, none is installed
/// by the handshake. Records the piece's answer needed under the old write
/// keys are sealed by then. (The caller keeps it between pieces: returned
/// by value, it would sit in the frame under every handler's.)
#[derive(Default)]
pub struct KeyChange {
    /// For incoming records from the next record on.
    pub read: Option<RecordProtection>,
    /// For outgoing records from now on.
    pub write: Option<RecordProtection>,
}

/// The client's side of a handshake and of the post-handshake messages.
pub struct Handshake<'a> {
    config: Config<'a>,
    state: State<'a>,
    rng: SeededRng,
    random: [u8; 32],
    /// legacy_session_id: 32 random bytes, which also turn on middlebox
    /// compatibility mode (RFC 8446 §D.4).
    session_id: Vec<u8, 32>,
    transcript: Transcript,
    /// What this connection's sessions are bound to (see [`Binding`]).
    binding: Binding,
    /// The PSK the server accepted: no certificates in this handshake.
    psk_accepted: Option<PskKind>,
    /// The server's leaf certificate is in `peer_cert[..len]`.
    peer_cert_len: usize,
    alpn: Vec<u8, ALPN_MAX>,
}

impl<'a> Handshake<'a> {
    /// A handshake not yet started, with randomness from `seed`.
    pub fn new(config: Config<'a>, seed: [u8; 32]) -> Self {
        let binding = binding_of(&config);
        let offer = Self::psk_to_offer(&config, &binding);
        let mut rng = SeededRng::new(seed);
        let mut random = [0u8; 32];
        let mut session_id = Vec::new();
        let _ = session_id.resize(32, 0);
        rng.fill_bytes(&mut random);
        rng.fill_bytes(&mut session_id);
        Handshake {
            config,
            state: State::Start { offer },
            rng,
            random,
            session_id,
            transcript: Transcript::new(),
            binding,
            psk_accepted: None,
            peer_cert_len: 0,
            alpn: Vec::new(),
        }
    }

    /// The external PSK, else the session in `config.resumption` if it can
    /// be offered now: bound to this connection's server name and
    /// authentication (`binding`), not expired, of a configured suite.
    fn psk_to_offer(config: &Config<'a>, binding: &Binding) -> Option<PskOffer<'a>> {
        if let Some((identity, key)) = config.external_psk {
            return Some(PskOffer::External { identity, key });
        }
        let session = Session::decode(config.resumption?).ok()?;
        (session.is_bound_to(binding) && session.is_valid_at(config.now) && config.suites.contains(&session.suite))
            .then_some(PskOffer::Resumption(session))
    }

    /// Whether this handshake resumed a session (no certificates).
    pub fn resumed(&self) -> bool {
        self.psk_accepted == Some(PskKind::Resumption)
    }

    /// Whether the server accepted the offered PSK (resumption or external).
    pub fn psk_accepted(&self) -> bool {
        self.psk_accepted.is_some()
    }

    /// The session to resume this connection later, from the latest
    /// NewSessionTicket (`ticket_area`: the reassembly buffer, whose end
    /// [`ReceiveAreas::reassembly_spare`] kept it).
    pub fn session<'t>(&'t self, ticket_area: &'t [u8]) -> Option<Session<'t>> {
        let State::Connected(connected) = &self.state else {
            return None;
        };
        let ticket = connected.ticket.as_ref()?;
        Some(Session {
            suite: connected.suite,
            group: connected.group,
            binding: Some(&self.binding),
            issued_at: self.config.now,
            lifetime: ticket.lifetime,
            age_add: ticket.age_add,
            psk: ticket.psk.as_ref(),
            ticket: &ticket_area[ticket_area.len().checked_sub(ticket.len)?..],
        })
    }

    /// Bytes the stored ticket occupies at the end of the ticket area.
    pub fn ticket_len(&self) -> usize {
        match &self.state {
            State::Connected(Connected { ticket: Some(ticket), .. }) => ticket.len,
            _ => 0,
        }
    }

    /// The negotiated suite, once the ServerHello is in.
    pub fn suite(&self) -> Option<CipherSuite> {
        match &self.state {
            State::ServerFlight(flight) => Some(flight.suite),
            State::Connected(connected) => Some(connected.suite),
            State::Start { .. } | State::WaitServerHello(_) => None,
        }
    }

    /// The protocol the server chose with ALPN.
    pub fn alpn(&self) -> Option<&[u8]> {
        (!self.alpn.is_empty()).then_some(self.alpn.as_slice())
    }

    /// Length of the server leaf certificate kept in the caller's buffer.
    pub fn peer_cert_len(&self) -> usize {
        self.peer_cert_len
    }

    /// After a certificate validity error (`Expired`, `NotYetValid`): the
    /// bound the certificate it is about set (notAfter or notBefore) and
    /// the time it was checked at, in unix seconds; `None` outside the
    /// server's Certificate message.
    pub fn validity_times(&self) -> Option<(i64, i64)> {
        let State::ServerFlight(ServerFlight { step: FlightStep::ReadingCertificate(certificate), .. }) = &self.state
        else {
            return None;
        };
        Some((certificate.validity_bound(), self.config.now))
    }

    /// Whether the handshake has finished.
    pub fn is_connected(&self) -> bool {
        matches!(self.state, State::Connected(_))
    }

    /// Sends the first ClientHello. Out of line: its key share and the new
    /// state stay out of the frame the server's messages are handled under.
    #[inline(never)]
    pub fn start(&mut self, out: &mut Outgoing) -> Result<(), Error> {
        let State::Start { offer } = self.state else {
            return Err(Error::Internal);
        };
        // A resumption's first key share is for the group its server chose
        // last time, if still configured: a server without the configured
        // first group would otherwise answer with a HelloRetryRequest.
        let remembered = match offer {
            Some(PskOffer::Resumption(session)) => session.group.filter(|group| self.config.groups.contains(group)),
            _ => None,
        };
        let group = remembered.or(self.config.groups.first().copied()).ok_or(Error::BadConfig)?;
        let wait = WaitServerHello { share: EphemeralSecret::generate(group, &mut self.rng), offer, retry_suite: None };
        self.send_client_hello(&wait.share, offer, None, out)?;
        self.state = State::WaitServerHello(wait);
        Ok(())
    }

    /// Starts from a ClientHello made elsewhere (a published trace) and its
    /// key share, instead of building one: for replaying RFC 8448.
    pub(crate) fn start_with(&mut self, client_hello: &[u8], share: EphemeralSecret, out: &mut Outgoing) -> Result<(), Error> {
        let State::Start { offer } = self.state else {
            return Err(Error::Internal);
        };
        // legacy_session_id follows type (1), length (3), version (2), random (32).
        let id_len = usize::from(*client_hello.get(38).ok_or(Error::Internal)?);
        self.session_id = Vec::from_slice(client_hello.get(39..39 + id_len).ok_or(Error::Internal)?).map_err(|_| Error::Internal)?;
        self.transcript.update(client_hello);
        out.send(HANDSHAKE, client_hello)?;
        self.state = State::WaitServerHello(WaitServerHello { share, offer, retry_suite: None });
        Ok(())
    }

    /// Sends a ClientHello with `share` and `offer` (and, answering a
    /// HelloRetryRequest, its cookie). The share's public key is computed
    /// here, before the ClientHello's frame: the deepest call of the
    /// ClientHello need not sit under it.
    fn send_client_hello(
        &mut self,
        share: &EphemeralSecret,
        offer: Option<PskOffer<'a>>,
        cookie: Option<&[u8]>,
        out: &mut Outgoing,
    ) -> Result<(), Error> {
        let mut public = [0u8; 65];
        let public_len = share.public_key(&mut public);
        self.encode_client_hello((share.group(), &public[..public_len]), offer, cookie, out)
    }

    /// Sends a ClientHello with `key_share` (a group and its public key) and `offer`.
    #[inline(never)]
    fn encode_client_hello(
        &mut self,
        key_share: (NamedGroup, &[u8]),
        offer: Option<PskOffer<'a>>,
        cookie: Option<&[u8]>,
        out: &mut Outgoing,
    ) -> Result<(), Error> {
        let key_shares = [(key_share.0.code(), key_share.1)];
        let mut suites = [0u16; 3];
        let offered = self.config.suites.len().min(suites.len());
        for (code, suite) in suites.iter_mut().zip(&self.config.suites) {
            *code = suite.code();
        }
        let mut groups = [0u16; 2];
        let group_count = self.config.groups.len().min(groups.len());
        for (code, group) in groups.iter_mut().zip(&self.config.groups) {
            *code = group.code();
        }
        // SNI carries host names only (RFC 6066 §3), never IP literals.
        let server_name = self.config.server_name.filter(|name| !is_ip_literal(name));
        let alpn: Vec<&[u8], ALPN_NAMES_MAX> = alpn_names(self.config.alpn).take(ALPN_NAMES_MAX).collect();
        let psk = offer.map(|offer| {
            let (identity, obfuscated_ticket_age) = offer.identity(self.config.now);
            codec::PskOffer { identity, obfuscated_ticket_age, binder_len: offer.hash().output_len() }
        });
        let psk_modes: &[u8] = match offer {
            Some(PskOffer::External { .. }) if self.config.psk_ke => &PSK_KE,
            _ => &PSK_DHE_KE,
        };
        let params = codec::ClientHelloParams {
            random: &self.random,
            legacy_session_id: self.session_id.as_slice(),
            cipher_suites: &suites[..offered],
            supported_groups: &groups[..group_count],
            key_shares: &key_shares,
            signature_schemes: &SIGNATURE_SCHEMES,
            server_name,
            alpn: &alpn,
            max_fragment_length: self.config.max_fragment_length,
            // RFC 8449: the largest TLSInnerPlaintext we take (content + type).
            record_size_limit: self.config.max_fragment_length.map(|_| self.config.fragment_limit() as u16 + 1),
            cookie,
            psk_key_exchange_modes: psk_modes,
            psk,
        };
        let staged = out.stage();
        let mut w = Writer::new(staged);
        let layout = codec::encode_client_hello(&params, &mut w).map_err(|e| e.to_error())?;
        let len = layout.len;
        if let (Some(offer), Some(binders_at)) = (offer, layout.binders_offset) {
            // The binder covers the transcript so far and the ClientHello
            // up to the binders (RFC 8446 §4.2.11.2).
            let alg = offer.hash();
            let truncated = self.transcript.hash_with_suffix(alg, &staged[..binders_at])?;
            let binder_key = KeySchedule::new(alg, Some(offer.key())).binder_key(offer.is_resumption());
            let binder = binder(alg, &binder_key, truncated.as_ref());
            codec::write_binder(&mut staged[..len], &layout, binder.as_ref()).map_err(|e| e.to_error())?;
        }
        self.transcript.update(&staged[..len]);
        out.seal(HANDSHAKE, len)
    }

    /// The length of the next piece to take from the start of `data`: a
    /// whole handshake message, or while the server's Certificate message
    /// streams in, its head or one certificate entry. `None` until all of
    /// it is there.
    pub fn next_piece_len(&self, data: &[u8]) -> Result<Option<usize>, Error> {
        let State::ServerFlight(flight) = &self.state else {
            return Ok(complete_message(data));
        };
        match &flight.step {
            FlightStep::ReadingCertificate(certificate) => certificate.next_entry_len(data),
            FlightStep::WaitCertificateOrRequest | FlightStep::WaitCertificate
                if data.first() == Some(&codec::CERTIFICATE) =>
            {
                Ok(codec::certificate_head_len(data))
            }
            _ => Ok(complete_message(data)),
        }
    }

    /// Handles one piece delimited by [`next_piece_len`](Self::next_piece_len).
    /// Changed keys go to `keys`.
    pub fn on_piece(
        &mut self,
        piece: &[u8],
        areas: ReceiveAreas<'_>,
        out: &mut Outgoing,
        keys: &mut KeyChange,
    ) -> Result<(), Error> {
        if let State::ServerFlight(flight) = &mut self.state {
            match &mut flight.step {
                FlightStep::ReadingCertificate(certificate) => {
                    let server_key = &mut flight.server_key;
                    let peer_cert_len = &mut self.peer_cert_len;
                    if on_certificate_entry(certificate, piece, &self.config, &mut self.transcript, server_key, peer_cert_len, areas)? {
                        flight.step = FlightStep::WaitCertificateVerify;
                    }
                    return Ok(());
                }
                step @ (FlightStep::WaitCertificateOrRequest | FlightStep::WaitCertificate)
                    if piece[0] == codec::CERTIFICATE =>
                {
                    return on_certificate_head(step, piece, &mut self.transcript);
                }
                _ => {}
            }
        }
        self.on_message(piece, areas, out, keys)
    }

    /// Bytes kept at the end of the reassembly buffer's spare area between
    /// pieces: during the handshake, room for a certificate's signature
    /// waiting for its issuer; after it, the latest session ticket.
    pub fn reserved_tail(&self) -> usize {
        if self.is_connected() {
            self.ticket_len()
        } else {
            PENDING_SIGNATURE_MAX
        }
    }

    /// Handles one complete handshake message (`message` includes its
    /// 4-byte header), taken only in the state that waits for it. Each
    /// message's handler is its own function, never inlined, so that this
    /// frame is not the sum of all of theirs; ServerHello's and Finished's,
    /// which replace the whole state, check it themselves.
    fn on_message(
        &mut self,
        message: &[u8],
        areas: ReceiveAreas<'_>,
        out: &mut Outgoing,
        keys: &mut KeyChange,
    ) -> Result<(), Error> {
        let body = &message[4..];
        match (&mut self.state, message[0]) {
            (_, codec::SERVER_HELLO) => self.on_server_hello(message, body, out, keys),
            (_, codec::FINISHED) => self.on_finished(message, body, out, keys),
            (State::ServerFlight(flight), codec::ENCRYPTED_EXTENSIONS) => {
                let FlightStep::WaitEncryptedExtensions = flight.step else {
                    return Err(Error::UnexpectedMessage);
                };
                on_encrypted_extensions(body, self.psk_accepted.is_some(), &self.config, &mut self.alpn, out)?;
                self.transcript.update(message);
                // A PSK handshake is authenticated by the PSK: no certificates.
                flight.step = if self.psk_accepted.is_some() {
                    FlightStep::WaitFinished(ServerAuthenticated::by_psk())
                } else {
                    FlightStep::WaitCertificateOrRequest
                };
                Ok(())
            }
            (State::ServerFlight(flight), codec::CERTIFICATE_REQUEST) => {
                let FlightStep::WaitCertificateOrRequest = flight.step else {
                    return Err(Error::UnexpectedMessage);
                };
                flight.client_certificate = client_certificate_for(&self.config, body)?;
                self.transcript.update(message);
                flight.step = FlightStep::WaitCertificate;
                Ok(())
            }
            (State::ServerFlight(flight), codec::CERTIFICATE_VERIFY) => {
                let FlightStep::WaitCertificateVerify = flight.step else {
                    return Err(Error::UnexpectedMessage);
                };
                let authenticated = on_certificate_verify(body, flight.server_key.as_ref(), &self.config, &self.transcript)?;
                self.transcript.update(message);
                flight.step = FlightStep::WaitFinished(authenticated);
                Ok(())
            }
            (State::Connected(connected), codec::NEW_SESSION_TICKET) => {
                connected.on_new_session_ticket(body, areas.reassembly_spare)
            }
            (State::Connected(connected), codec::KEY_UPDATE) => connected.on_key_update(body, out, keys),
            _ => Err(Error::UnexpectedMessage),
        }
    }

    #[inline(never)]
    fn on_server_hello(&mut self, message: &[u8], body: &[u8], out: &mut Outgoing, keys: &mut KeyChange) -> Result<(), Error> {
        let State::WaitServerHello(wait) = &self.state else {
            return Err(Error::UnexpectedMessage);
        };
        let hello = codec::parse_server_hello(body).map_err(|e| e.to_error())?;
        // A server that picked TLS 1.2 or older has no supported_versions.
        // If it can do TLS 1.3, its random says so: someone in between
        // took TLS 1.3 out of the ClientHello (RFC 8446 §4.1.3).
        if hello.selected_version != Some(codec::TLS13) {
            return Err(if codec::downgrade_sentinel(hello.random) { Error::IllegalParameter } else { Error::NotTls13 });
        }
        if hello.legacy_session_id_echo != self.session_id.as_slice() {
            return Err(Error::IllegalParameter);
        }
        let suite = CipherSuite::from_code(hello.cipher_suite)
            .filter(|suite| self.config.suites.contains(suite))
            .ok_or(Error::IllegalParameter)?;
        if wait.retry_suite.is_some_and(|retry| retry != suite) {
            return Err(Error::IllegalParameter);
        }
        let offer = wait.offer;
        if hello.is_retry_request {
            let retried = wait.retry_suite.is_some();
            let offered = wait.share.group();
            return self.on_hello_retry_request(message, &hello, suite, retried, offered, offer, out);
        }
        let psk = match (hello.selected_psk, offer) {
            (None, _) => None,
            // The one identity offered, for a suite with the PSK's hash.
            (Some(0), Some(offer)) if offer.hash() == suite.hash() => Some(offer),
            _ => return Err(Error::IllegalParameter),
        };
        let psk_ke = psk.is_some() && self.config.psk_ke && offer.is_some_and(|o| !o.is_resumption());
        let (group, shared) = match hello.key_share {
            // psk_ke: no key exchange, and only when it was the mode offered.
            _ if psk_ke => {
                if hello.key_share.is_some() {
                    return Err(Error::IllegalParameter);
                }
                (None, None)
            }
            Some((group, key)) if group == wait.share.group().code() => {
                (Some(wait.share.group()), Some(wait.share.diffie_hellman(key)?))
            }
            Some(_) => return Err(Error::IllegalParameter),
            None => return Err(Error::Malformed),
        };
        self.psk_accepted = psk.map(|offer| offer.kind());
        let accepted = Accepted { suite, group, psk: psk.map(|offer| offer.key()) };
        self.enter_server_flight(accepted, shared, message, out, keys)
    }

    /// Moves to the server's flight under the handshake keys the accepted
    /// ServerHello (`message`) gave. Out of line: the new state is built
    /// outside the key exchange's frame.
    #[inline(never)]
    fn enter_server_flight(
        &mut self,
        accepted: Accepted<'_>,
        shared: Option<Secret>,
        message: &[u8],
        out: &mut Outgoing,
        keys: &mut KeyChange,
    ) -> Result<(), Error> {
        let suite = accepted.suite;
        self.transcript.select(suite.hash());
        self.transcript.update(message);
        let mut schedule = KeySchedule::new(suite.hash(), accepted.psk);
        schedule.enter_handshake(shared.as_ref().map(|secret| secret.as_ref()));
        let (client, server) = schedule.handshake_traffic_secrets(self.transcript.current().as_ref());
        // The client's handshake keys protect its second flight; in
        // middlebox-compatibility mode a ChangeCipherSpec goes before it,
        // sent now while the old (no) write protection is still on.
        if !self.session_id.is_empty() {
            out.send_change_cipher_spec()?;
        }
        keys.read = Some(RecordProtection::new(suite, &server));
        keys.write = Some(RecordProtection::new(suite, &client));
        self.state = State::ServerFlight(ServerFlight {
            suite,
            group: accepted.group,
            schedule,
            client_secret: client,
            server_secret: server,
            server_key: None,
            client_certificate: ClientCertificate::NotRequested,
            step: FlightStep::WaitEncryptedExtensions,
        });
        Ok(())
    }

    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn on_hello_retry_request(
        &mut self,
        message: &[u8],
        hello: &codec::ServerHello,
        suite: CipherSuite,
        retried: bool,
        offered: NamedGroup,
        offer: Option<PskOffer<'a>>,
        out: &mut Outgoing,
    ) -> Result<(), Error> {
        if retried {
            return Err(Error::UnexpectedMessage);
        }
        if hello.selected_psk.is_some() {
            return Err(Error::IllegalParameter);
        }
        let requested = hello.key_share.map(|(group, _)| group);
        let group = match requested {
            Some(code) => NamedGroup::from_code(code)
                .filter(|group| self.config.groups.contains(group) && *group != offered)
                .ok_or(Error::IllegalParameter)?,
            None => offered,
        };
        if requested.is_none() && hello.cookie.is_none() {
            // A retry that would change nothing (RFC 8446 §4.1.4).
            return Err(Error::IllegalParameter);
        }
        // The PSK can only be offered again for a suite with its hash.
        let offer = offer.filter(|offer| offer.hash() == suite.hash());
        self.transcript.select(suite.hash());
        self.transcript.replace_with_message_hash();
        self.transcript.update(message);
        let share = EphemeralSecret::generate(group, &mut self.rng);
        if !self.session_id.is_empty() {
            out.send_change_cipher_spec()?;
        }
        self.send_client_hello(&share, offer, hello.cookie, out)?;
        self.state = State::WaitServerHello(WaitServerHello { share, offer, retry_suite: Some(suite) });
        Ok(())
    }

    #[inline(never)]
    fn on_finished(&mut self, message: &[u8], body: &[u8], out: &mut Outgoing, keys: &mut KeyChange) -> Result<(), Error> {
        let State::ServerFlight(flight) = &mut self.state else {
            return Err(Error::UnexpectedMessage);
        };
        let FlightStep::WaitFinished(authenticated) = &flight.step else {
            return Err(Error::UnexpectedMessage);
        };
        let suite = flight.suite;
        let alg = suite.hash();
        let expected = finished_verify_data(alg, &flight.server_secret, self.transcript.current().as_ref());
        if !expected.ct_eq(body) {
            return Err(Error::FinishedMismatch);
        }
        self.transcript.update(message);
        flight.schedule.enter_master();
        let (client_ap, server_ap) = flight.schedule.application_traffic_secrets(self.transcript.current().as_ref());
        flight.send_client_flight(authenticated, &self.config, &mut self.transcript, &mut self.rng, out)?;
        let resumption_master = flight.schedule.resumption_master_secret(self.transcript.current().as_ref());
        let group = flight.group;
        // The flight is sealed under the handshake keys; the application
        // keys take over once the caller installs them.
        keys.write = Some(RecordProtection::new(suite, &client_ap));
        keys.read = Some(RecordProtection::new(suite, &server_ap));
        self.state = State::Connected(Connected {
            suite,
            group,
            client_secret: client_ap,
            server_secret: server_ap,
            resumption_master,
            ticket: None,
            key_updates_in_a_row: 0,
        });
        Ok(())
    }

    /// Application data arrived: KeyUpdates are no longer "in a row".
    pub fn on_application_data(&mut self) {
        if let State::Connected(connected) = &mut self.state {
            connected.key_updates_in_a_row = 0;
        }
    }
}

/// What an accepted ServerHello settled, besides the shared secret.
struct Accepted<'p> {
    suite: CipherSuite,
    group: Option<NamedGroup>,
    /// The key of the PSK the server accepted.
    psk: Option<&'p [u8]>,
}

impl ServerFlight {
    /// Certificate and CertificateVerify when asked for, then Finished, as
    /// one handshake byte stream fragmented into records; only once the
    /// server was authenticated.
    #[inline(never)]
    fn send_client_flight(
        &self,
        _authenticated: &ServerAuthenticated,
        config: &Config<'_>,
        transcript: &mut Transcript,
        rng: &mut SeededRng,
        out: &mut Outgoing,
    ) -> Result<(), Error> {
        let staged = out.stage();
        let mut len = 0;
        if self.client_certificate != ClientCertificate::NotRequested {
            let chain = match self.client_certificate {
                ClientCertificate::Signed(_) => config.client_chain,
                _ => None,
            };
            len += write_message(&mut staged[len..], |w| {
                codec::encode_certificate(w, &[], x509::der_certs(chain.unwrap_or(&[])))
            })?;
            transcript.update(&staged[..len]);
            if let (Some(key), ClientCertificate::Signed(scheme)) = (&config.client_key, self.client_certificate) {
                let start = len;
                let transcript_hash = transcript.current();
                len += write_certificate_verify(key, scheme, transcript_hash.as_ref(), rng, &mut staged[start..])?;
                transcript.update(&staged[start..len]);
            }
        }
        let verify_data = finished_verify_data(self.suite.hash(), &self.client_secret, transcript.current().as_ref());
        let start = len;
        len += write_message(&mut staged[len..], |w| codec::encode_finished(w, verify_data.as_ref()))?;
        transcript.update(&staged[start..len]);
        out.seal(HANDSHAKE, len)
    }
}

impl Connected {
    /// Keeps the latest ticket (at the end of `area`) and its PSK; a ticket
    /// that does not fit, or with lifetime 0, is not kept.
    #[inline(never)]
    fn on_new_session_ticket(&mut self, body: &[u8], area: &mut [u8]) -> Result<(), Error> {
        let ticket = codec::parse_new_session_ticket(body).map_err(|e| e.to_error())?;
        let Some(start) = area.len().checked_sub(ticket.ticket.len()) else {
            return Ok(());
        };
        if ticket.lifetime == 0 {
            return Ok(());
        }
        area[start..].copy_from_slice(ticket.ticket);
        self.ticket = Some(Ticket {
            lifetime: ticket.lifetime,
            age_add: ticket.age_add,
            psk: resumption_psk(self.suite.hash(), &self.resumption_master, ticket.nonce),
            len: ticket.ticket.len(),
        });
        Ok(())
    }

    #[inline(never)]
    fn on_key_update(&mut self, body: &[u8], out: &mut Outgoing, keys: &mut KeyChange) -> Result<(), Error> {
        let update_requested = codec::parse_key_update(body).map_err(|e| e.to_error())?;
        self.key_updates_in_a_row += 1;
        if self.key_updates_in_a_row > KEY_UPDATES_IN_A_ROW_MAX {
            return Err(Error::UnexpectedMessage);
        }
        let next = next_traffic_secret(self.suite.hash(), &self.server_secret);
        keys.read = Some(RecordProtection::new(self.suite, &next));
        self.server_secret = next;
        if update_requested {
            keys.write = Some(self.send_key_update(out)?);
        }
        Ok(())
    }

    /// Sends KeyUpdate(update_not_requested), sealed under the current
    /// write keys, and returns the protection under the next ones.
    fn send_key_update(&mut self, out: &mut Outgoing) -> Result<RecordProtection, Error> {
        let staged = out.stage();
        let len = write_message(staged, |w| codec::encode_key_update(w, false))?;
        out.seal(HANDSHAKE, len)?;
        let next = next_traffic_secret(self.suite.hash(), &self.client_secret);
        let write = RecordProtection::new(self.suite, &next);
        self.client_secret = next;
        Ok(write)
    }
}

/// Starts the server's Certificate message from its head (in `step`, which
/// waits for it).
#[inline(never)]
fn on_certificate_head(step: &mut FlightStep, head: &[u8], transcript: &mut Transcript) -> Result<(), Error> {
    *step = FlightStep::ReadingCertificate(ServerCertificate::start(head)?);
    transcript.update(head);
    Ok(())
}

/// Takes one entry of the server's Certificate message; returns whether it
/// was the last.
#[inline(never)]
fn on_certificate_entry(
    certificate: &mut ServerCertificate,
    entry: &[u8],
    config: &Config<'_>,
    transcript: &mut Transcript,
    server_key: &mut Option<PublicKey>,
    peer_cert_len: &mut usize,
    areas: ReceiveAreas<'_>,
) -> Result<bool, Error> {
    let pending_signature = areas.reassembly_spare.last_chunk_mut().ok_or(Error::Internal)?;
    let entry_areas =
        EntryAreas { peer_cert: areas.peer_cert, peer_cert_len, server_key, pending_signature, source_record: areas.source_record };
    let last = certificate.take_entry(entry, config, entry_areas)?;
    transcript.update(entry);
    Ok(last)
}

#[inline(never)]
fn on_encrypted_extensions(
    body: &[u8],
    psk_accepted: bool,
    config: &Config<'_>,
    alpn: &mut Vec<u8, ALPN_MAX>,
    out: &mut Outgoing,
) -> Result<(), Error> {
    let extensions = codec::parse_encrypted_extensions(body).map_err(|e| e.to_error())?;
    if let Some(protocol) = extensions.alpn {
        if !alpn_names(config.alpn).any(|offered| offered == protocol) {
            return Err(Error::IllegalParameter);
        }
        alpn.extend_from_slice(protocol).map_err(|_| Error::IllegalParameter)?;
    }
    negotiate_record_limits(config, extensions.max_fragment_length, extensions.record_size_limit, out)?;
    // With an external PSK and no trust anchors, the PSK is the only way
    // the server can prove itself: a server that ignores it is refused.
    // Judged on the configuration, not on the offer still standing: a
    // HelloRetryRequest for a suite of another hash drops the offer.
    if !psk_accepted && config.external_psk.is_some() && config.trust_anchors.is_none() {
        return Err(Error::PskNotAccepted);
    }
    Ok(())
}

/// Applies max_fragment_length (RFC 6066) or record_size_limit
/// (RFC 8449) as the server answered them. With small buffers
/// configured, a server that agreed to neither would send records the
/// receive buffer cannot hold: that is refused here, by name.
fn negotiate_record_limits(config: &Config<'_>, mfl: Option<u8>, rsl: Option<u16>, out: &mut Outgoing) -> Result<(), Error> {
    if mfl.is_some() && mfl != config.max_fragment_length {
        return Err(Error::IllegalParameter);
    }
    if let Some(limit) = rsl {
        // The server's own receive limit: at least 64 (RFC 8449 §4).
        if limit < 64 {
            return Err(Error::IllegalParameter);
        }
        out.max_plaintext = out.max_plaintext.min(usize::from(limit) - 1);
    }
    if config.max_fragment_length.is_some() && mfl.is_none() && rsl.is_none() {
        return Err(Error::RecordLimitRefused);
    }
    Ok(())
}

/// What the client's flight will answer the server's CertificateRequest
/// (`body`) with.
#[inline(never)]
fn client_certificate_for(config: &Config<'_>, body: &[u8]) -> Result<ClientCertificate, Error> {
    let request = codec::parse_certificate_request(body).map_err(|e| e.to_error())?;
    // Only post-handshake requests carry a context (RFC 8446 §4.3.2).
    if !request.context.is_empty() {
        return Err(Error::IllegalParameter);
    }
    // A certificate whose key signs with a scheme the server did not
    // list would be refused: say so now, by name, rather than send it
    // (or an empty Certificate the server answers certificate_required).
    match (&config.client_key, config.client_chain) {
        (Some(key), Some(_)) => ClientSigner::choose_scheme(key, request.schemes())
            .map(ClientCertificate::Signed)
            .map_err(Error::ClientSchemeNotAccepted),
        _ => Ok(ClientCertificate::Empty),
    }
}

/// Checks the server's CertificateVerify (`body`) over the transcript
/// so far, under `server_key`. Without verification (CERT_NONE) there is
/// no trusted key to check it with.
#[inline(never)]
fn on_certificate_verify(
    body: &[u8],
    server_key: Option<&PublicKey>,
    config: &Config<'_>,
    transcript: &Transcript,
) -> Result<ServerAuthenticated, Error> {
    let verify = codec::parse_certificate_verify(body).map_err(|e| e.to_error())?;
    if let Some(unchecked) = ServerAuthenticated::not_required(config) {
        return Ok(unchecked);
    }
    let key = server_key.ok_or(Error::UnexpectedCertificateVerify)?;
    ServerAuthenticated::by_signature(key, &verify, transcript.current().as_ref())
}

/// The client's CertificateVerify: `key`'s signature under `scheme` over
/// the transcript so far, made in place in `out` (RSA signatures are up to
/// 512 bytes: no second buffer for them); returns the message length. The
/// signing functions are out of line; this one may join
/// `send_client_flight`'s frame (one frame less on the signing path).
#[inline]
fn write_certificate_verify(
    key: &PrivateKey<'_>,
    scheme: SignatureScheme,
    transcript_hash: &[u8],
    rng: &mut SeededRng,
    out: &mut [u8],
) -> Result<usize, Error> {
    let signer = ClientSigner::new(key, scheme)?;
    let mut message = [0u8; x509::CERTIFICATE_VERIFY_MESSAGE_MAX];
    let message_len = x509::client_certificate_verify_message(transcript_hash, &mut message);
    let signature = out.get_mut(codec::CERTIFICATE_VERIFY_HEAD_LEN..).ok_or(Error::Internal)?;
    let signature_len = signer.sign(&message[..message_len], rng, signature)?;
    codec::encode_certificate_verify_head(out, scheme.wire(), signature_len).map_err(|e| e.to_error())
}

/// The length of the handshake message at the start of `data`, if all of
/// it is there.
fn complete_message(data: &[u8]) -> Option<usize> {
    let (_, body_len) = codec::parse_handshake_header(data.first_chunk()?);
    let len = codec::HEADER_LEN + body_len;
    (data.len() >= len).then_some(len)
}

/// Encodes one message with `f` into `buf`, returning its length.
fn write_message(
    buf: &mut [u8],
    f: impl FnOnce(&mut Writer<'_>) -> Result<(), codec::CodecError>,
) -> Result<usize, Error> {
    let mut w = Writer::new(buf);
    f(&mut w).map_err(|e| e.to_error())?;
    Ok(w.len())
}

/// Whether `name` is an IPv4 or IPv6 literal rather than a host name.
fn is_ip_literal(name: &str) -> bool {
    name.contains(':') || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_limits_as_the_server_answers() {
        let mut config = Config::new(0);
        config.max_fragment_length = Some(1);
        let mut buf = [0u8; 64];
        let mut out = Outgoing::new(&mut buf);
        out.max_plaintext = 512;
        assert_eq!(negotiate_record_limits(&config, None, None, &mut out), Err(Error::RecordLimitRefused));
        assert_eq!(negotiate_record_limits(&config, Some(2), None, &mut out), Err(Error::IllegalParameter));
        assert_eq!(negotiate_record_limits(&config, None, Some(63), &mut out), Err(Error::IllegalParameter));
        assert_eq!(negotiate_record_limits(&config, Some(1), None, &mut out), Ok(()));
        assert_eq!(out.max_plaintext, 512);
        assert_eq!(negotiate_record_limits(&config, None, Some(257), &mut out), Ok(()));
        assert_eq!(out.max_plaintext, 256, "own records obey the server's record_size_limit");

        // Without small buffers, a server need not agree to anything.
        assert_eq!(negotiate_record_limits(&Config::new(0), None, None, &mut out), Ok(()));
    }

    #[test]
    fn certificate_request_must_list_the_client_keys_scheme() {
        use crate::engine::x509::PrivateKey;
        // CertificateRequest: empty context, signature_algorithms only.
        fn request(schemes: &[u16]) -> std::vec::Vec<u8> {
            let list: std::vec::Vec<u8> = schemes.iter().flat_map(|s| s.to_be_bytes()).collect();
            let mut body = std::vec![0];
            body.extend_from_slice(&(list.len() as u16 + 6).to_be_bytes());
            body.extend_from_slice(&[0x00, 0x0d]);
            body.extend_from_slice(&(list.len() as u16 + 2).to_be_bytes());
            body.extend_from_slice(&(list.len() as u16).to_be_bytes());
            body.extend_from_slice(&list);
            body
        }
        let answer = |key: Option<PrivateKey>, chain: Option<&[u8]>, schemes: &[u16]| {
            let mut config = Config::new(0);
            config.client_key = key;
            config.client_chain = chain;
            client_certificate_for(&config, &request(schemes))
        };
        let chain = Some(&b"(a certificate)"[..]);
        for (key, scheme) in [
            (PrivateKey::P384([1; 48]), SignatureScheme::EcdsaSecp384r1Sha384),
            (PrivateKey::Ed25519([1; 32]), SignatureScheme::Ed25519),
        ] {
            assert_eq!(answer(Some(key.clone()), chain, &[0x0403, scheme.wire()]), Ok(ClientCertificate::Signed(scheme)));
            assert_eq!(
                answer(Some(key.clone()), chain, &[0x0403, 0x0804]),
                Err(Error::ClientSchemeNotAccepted(scheme))
            );
            // Without a certificate to send, an empty Certificate answers.
            assert_eq!(answer(Some(key), None, &[0x0403]), Ok(ClientCertificate::Empty));
        }
        assert_eq!(answer(None, None, &[0x0403]), Ok(ClientCertificate::Empty));
        let error = answer(Some(PrivateKey::Ed25519([1; 32])), chain, &[0x0403]).unwrap_err();
        assert_eq!(error.alert(), Some(40), "handshake_failure");
        assert_eq!(
            std::format!("{error}"),
            "server does not accept the client key: its CertificateRequest does not list ed25519"
        );
    }

    /// The extensions of the ClientHello in `out`'s pending record.
    fn client_hello_extensions(out: &Outgoing) -> std::vec::Vec<(u16, std::vec::Vec<u8>)> {
        let hello = &out.pending()[5 + 4..];
        let session_id_len = usize::from(hello[34]);
        let mut at = 35 + session_id_len;
        let suites_len = usize::from(u16::from_be_bytes([hello[at], hello[at + 1]]));
        at += 2 + suites_len;
        at += 1 + usize::from(hello[at]);
        let mut rest = &hello[at + 2..];
        let mut extensions = std::vec::Vec::new();
        while let [t0, t1, l0, l1, body @ ..] = rest {
            let len = usize::from(u16::from_be_bytes([*l0, *l1]));
            extensions.push((u16::from_be_bytes([*t0, *t1]), body[..len].to_vec()));
            rest = &body[len..];
        }
        extensions
    }

    /// RFC 8446 §4.2.9: without psk_key_exchange_modes a server issues no
    /// tickets, so even a first connection offers psk_dhe_ke.
    #[test]
    fn every_client_hello_offers_psk_dhe_ke() {
        let modes = |config: Config| {
            let mut handshake = Handshake::new(config, [0; 32]);
            let mut buf = [0u8; 1024];
            let mut out = Outgoing::new(&mut buf);
            handshake.start(&mut out).unwrap();
            client_hello_extensions(&out).into_iter().find(|(t, _)| *t == 45).map(|(_, body)| body)
        };
        assert_eq!(modes(Config::new(0)), Some(std::vec![1, 1]), "psk_dhe_ke without a PSK");
        let mut external = Config::new(0);
        external.external_psk = Some((b"device-7", &[7; 16]));
        assert_eq!(modes(external), Some(std::vec![1, 1]));
        let mut external = Config::new(0);
        external.external_psk = Some((b"device-7", &[7; 16]));
        external.psk_ke = true;
        assert_eq!(modes(external), Some(std::vec![1, 0]), "psk_ke only when asked");
    }

    /// A TLS 1.2 ServerHello is `NotTls13`, unless its random carries the
    /// downgrade sentinel of a server that can do TLS 1.3 (RFC 8446 §4.1.3).
    #[test]
    fn tls12_server_hello_with_the_downgrade_sentinel() {
        let answer = |sentinel: &[u8]| {
            let mut handshake = Handshake::new(Config::new(0), [0; 32]);
            let mut buf = [0u8; 1024];
            let mut out = Outgoing::new(&mut buf);
            handshake.start(&mut out).unwrap();
            let mut random = [7u8; 32];
            random[24..].copy_from_slice(sentinel);
            let mut body = std::vec![3, 3];
            body.extend_from_slice(&random);
            body.push(32);
            body.extend_from_slice(&handshake.session_id);
            body.extend_from_slice(&[0xc0, 0x2f, 0]);
            let mut message = std::vec![codec::SERVER_HELLO, 0, 0, body.len() as u8];
            message.extend_from_slice(&body);
            let (mut peer_cert, mut spare) = ([0u8; 8], [0u8; 8]);
            let areas = ReceiveAreas { peer_cert: &mut peer_cert, reassembly_spare: &mut spare, source_record: &[] };
            handshake.on_piece(&message, areas, &mut out, &mut KeyChange::default())
        };
        assert_eq!(answer(b"DOWNGRD\x01"), Err(Error::IllegalParameter), "TLS 1.2 from a TLS 1.3 server");
        assert_eq!(answer(b"DOWNGRD\x00"), Err(Error::IllegalParameter), "TLS 1.1 or older from a TLS 1.3 server");
        assert_eq!(answer(b"DOWNGRD\x02"), Err(Error::NotTls13));
        assert_eq!(answer(&[7; 8]), Err(Error::NotTls13), "a TLS 1.2 server");
    }

    /// An external PSK without trust anchors is the only proof the server
    /// can give: a HelloRetryRequest for a suite of another hash, which
    /// drops the PSK from the second ClientHello, must not lead to a
    /// handshake with nobody authenticated.
    #[test]
    fn external_psk_dropped_by_a_hello_retry_request_is_refused() {
        use crate::engine::tls13::crypto::kx::MAX_PUBLIC_KEY_LEN;
        fn server_hello(random: [u8; 32], session_id: &[u8], extensions: &[(u16, std::vec::Vec<u8>)]) -> std::vec::Vec<u8> {
            let mut body = std::vec![3, 3];
            body.extend_from_slice(&random);
            body.push(session_id.len() as u8);
            body.extend_from_slice(session_id);
            body.extend_from_slice(&CipherSuite::Aes256GcmSha384.code().to_be_bytes());
            body.push(0);
            let mut block = std::vec::Vec::new();
            for (code, data) in extensions {
                block.extend_from_slice(&code.to_be_bytes());
                block.extend_from_slice(&(data.len() as u16).to_be_bytes());
                block.extend_from_slice(data);
            }
            body.extend_from_slice(&(block.len() as u16).to_be_bytes());
            body.extend_from_slice(&block);
            let mut message = std::vec![codec::SERVER_HELLO, 0, (body.len() >> 8) as u8, body.len() as u8];
            message.extend_from_slice(&body);
            message
        }
        let mut config = Config::new(0);
        config.external_psk = Some((b"device-7", &[7; 16]));
        config.suites = Vec::from_slice(&[CipherSuite::Aes128GcmSha256, CipherSuite::Aes256GcmSha384]).unwrap();
        config.groups = Vec::from_slice(&[NamedGroup::X25519, NamedGroup::Secp256r1]).unwrap();
        let mut handshake = Handshake::new(config, [0; 32]);
        let mut buf = [0u8; 2048];
        let mut out = Outgoing::new(&mut buf);
        handshake.start(&mut out).unwrap();
        let (mut peer_cert, mut spare) = ([0u8; 8], [0u8; 8]);
        let mut take = |handshake: &mut Handshake, message: &[u8], out: &mut Outgoing| {
            let areas = ReceiveAreas { peer_cert: &mut peer_cert, reassembly_spare: &mut spare, source_record: &[] };
            handshake.on_piece(message, areas, out, &mut KeyChange::default())
        };
        let session_id = handshake.session_id.clone();
        let versions = (0x002b, std::vec![3, 4]);
        let retry = server_hello(codec::HRR_RANDOM, &session_id, &[versions.clone(), (0x0033, std::vec![0, 0x17])]);
        take(&mut handshake, &retry, &mut out).unwrap();
        let mut share = [0u8; MAX_PUBLIC_KEY_LEN];
        let server = EphemeralSecret::generate(NamedGroup::Secp256r1, &mut SeededRng::new([1; 32]));
        let len = server.public_key(&mut share);
        let mut key_share = std::vec![0, 0x17, 0, len as u8];
        key_share.extend_from_slice(&share[..len]);
        let hello = server_hello([9; 32], &session_id, &[versions, (0x0033, key_share)]);
        take(&mut handshake, &hello, &mut out).unwrap();
        let encrypted_extensions = [codec::ENCRYPTED_EXTENSIONS, 0, 0, 2, 0, 0];
        assert_eq!(take(&mut handshake, &encrypted_extensions, &mut out), Err(Error::PskNotAccepted));
    }

    #[test]
    fn ip_literals_are_not_host_names() {
        assert!(is_ip_literal("127.0.0.1"));
        assert!(is_ip_literal("::1"));
        assert!(!is_ip_literal("localhost"));
        assert!(!is_ip_literal("a1.example"));
    }
}
