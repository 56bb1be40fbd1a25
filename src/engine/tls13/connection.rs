//! The sans-I/O client connection: the caller moves bytes between the
//! socket and [`Connection::input_space`] / [`Connection::output`]; the
//! connection never blocks and never sees the socket, so blocking sockets,
//! non-blocking sockets and asyncio all drive it the same way.

use super::config::Config;
use super::crypto::kx::{EphemeralSecret, NamedGroup};
use super::handshake::{Handshake, KeyChange, ReceiveAreas};
use super::session::Session;
use super::record::{
    Incoming, Outgoing, Record, ALERT, APPLICATION_DATA, CHANGE_CIPHER_SPEC, HANDSHAKE, SEAL_OVERHEAD,
};
use super::codec::alert::{
    encode_alert, parse_alert, CLOSE_NOTIFY, LEVEL_FATAL, LEVEL_WARNING, PROTOCOL_VERSION, USER_CANCELED,
};
use crate::engine::error::Error;

/// Room for the ClientHello and the client's second flight besides the
/// client certificate chain itself.
const FLIGHT_ROOM: usize = 1024;
/// Send buffer for application data: records of up to this much plaintext
/// (the board's choice; the default is small enough that a connection
/// with full-size incoming records fits the NodeMCU's connection block
/// budget, and large enough that throughput stays above MicroPython's
/// mbedTLS, see bench/RESULTS.md).
const SEND_FRAGMENT_MAX: usize = crate::engine::board::SEND_FRAGMENT_MAX;
/// Reassembly room for handshake messages that span records.
const REASSEMBLY: usize = 2048;
/// Room kept for the server's leaf certificate (for getpeercert()), the
/// board's choice: 1536 by default, enough for ECDSA and RSA-2048 leaves;
/// a larger one is verified but not kept.
pub const PEER_CERT_MAX: usize = crate::engine::board::PEER_CERT_MAX;

/// How a connection's memory block is divided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Receive buffer: one whole protected record.
    pub receive: usize,
    /// Send buffer.
    pub send: usize,
    /// Handshake message reassembly.
    pub reassembly: usize,
    /// The server's leaf certificate.
    pub peer_cert: usize,
}

impl Layout {
    /// The buffers `config` needs: records of the negotiated size, a send
    /// buffer that holds the client's flight with its certificate chain.
    pub fn for_config(config: &Config) -> Layout {
        let fragment = config.fragment_limit();
        let chain = config.client_chain.map_or(0, <[u8]>::len);
        let send_fragment = fragment.min(SEND_FRAGMENT_MAX);
        // Every fragment of the flight costs SEAL_OVERHEAD.
        let flight = chain + FLIGHT_ROOM;
        let flight_records = flight.div_ceil(send_fragment);
        Layout {
            receive: super::record::HEADER_LEN + fragment + 256,
            send: (send_fragment + SEAL_OVERHEAD).max(flight + flight_records * SEAL_OVERHEAD),
            reassembly: REASSEMBLY,
            peer_cert: PEER_CERT_MAX,
        }
    }

    /// Total bytes of the block.
    pub fn total(&self) -> usize {
        self.receive + self.send + self.reassembly + self.peer_cert
    }
}

/// Where the connection is in its life, apart from the handshake state.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Open,
    /// The peer sent close_notify (or ended the stream after the handshake).
    PeerClosed,
    Failed(Error),
    /// `close()` was called.
    Closed,
}

/// A TLS 1.3 client connection over caller-provided memory.
pub struct Connection<'a> {
    incoming: Incoming<'a>,
    outgoing: Outgoing<'a>,
    reassembly: &'a mut [u8],
    reassembled: usize,
    peer_cert: &'a mut [u8],
    handshake: Handshake<'a>,
    /// The keys the piece being handled changed, empty between pieces.
    key_change: KeyChange,
    /// Decrypted application data not yet read: (start, len) in the receive buffer.
    plaintext: Option<(usize, usize)>,
    phase: Phase,
}

impl<'a> Connection<'a> {
    /// A connection using `memory` (at least `Layout::for_config(&config).total()`
    /// bytes) and `seed` as its randomness.
    pub fn new(memory: &'a mut [u8], config: Config<'a>, seed: [u8; 32]) -> Result<Self, Error> {
        let layout = Layout::for_config(&config);
        if memory.len() < layout.total() {
            return Err(Error::BadConfig);
        }
        let fragment = config.fragment_limit();
        let (receive, rest) = memory.split_at_mut(layout.receive);
        let (send, rest) = rest.split_at_mut(layout.send);
        let (reassembly, rest) = rest.split_at_mut(layout.reassembly);
        let peer_cert = &mut rest[..layout.peer_cert];
        let mut incoming = Incoming::new(receive);
        let mut outgoing = Outgoing::new(send);
        // A requested max_fragment_length binds both directions once the
        // server echoes it (checked in EncryptedExtensions); a server that
        // ignores it may still send full records only if the buffer allows.
        incoming.max_plaintext = super::record::MAX_FRAGMENT.min(layout.receive - super::record::HEADER_LEN - 256);
        outgoing.max_plaintext = fragment.min(SEND_FRAGMENT_MAX);
        Ok(Connection {
            incoming,
            outgoing,
            reassembly,
            reassembled: 0,
            peer_cert,
            handshake: Handshake::new(config, seed),
            key_change: KeyChange::default(),
            plaintext: None,
            phase: Phase::Open,
        })
    }

    /// Queues the ClientHello.
    pub fn start(&mut self) -> Result<(), Error> {
        self.usable()?;
        let result = self.handshake.start(&mut self.outgoing);
        self.check(result)
    }

    /// Starts from a given ClientHello message and the private key of its
    /// key share, instead of building them: for replaying a published trace
    /// byte for byte (tests/engine/rfc8448_replay.rs), and for nothing else
    /// (a fixed key share is no secret).
    #[doc(hidden)]
    pub fn start_with(&mut self, client_hello: &[u8], group: NamedGroup, private_key: &[u8]) -> Result<(), Error> {
        self.usable()?;
        let share = EphemeralSecret::from_bytes(group, private_key).ok_or(Error::BadConfig)?;
        let result = self.handshake.start_with(client_hello, share, &mut self.outgoing);
        self.check(result)
    }

    /// Bytes to send to the peer.
    pub fn output(&self) -> &[u8] {
        self.outgoing.pending()
    }

    /// Records that `n` bytes of [`Connection::output`] were sent.
    pub fn output_sent(&mut self, n: usize) {
        self.outgoing.sent(n);
    }

    /// Free space for bytes received from the peer (empty while decrypted
    /// data waits to be read).
    pub fn input_space(&mut self) -> &mut [u8] {
        if self.plaintext.is_some() {
            return &mut [];
        }
        self.incoming.compact();
        self.incoming.space()
    }

    /// Processes `n` bytes written into [`Connection::input_space`];
    /// `n == 0` means the peer ended the stream.
    pub fn input_received(&mut self, n: usize) -> Result<(), Error> {
        self.usable()?;
        if n == 0 {
            return self.end_of_stream();
        }
        self.incoming.filled(n);
        let result = self.process();
        self.check(result)
    }

    /// Whether the handshake is complete.
    pub fn is_connected(&self) -> bool {
        self.handshake.is_connected()
    }

    /// Whether the peer has closed its side: reads give end of stream.
    pub fn peer_closed(&self) -> bool {
        self.phase == Phase::PeerClosed
    }

    /// Whether decrypted application data is waiting.
    pub fn has_plaintext(&self) -> bool {
        self.plaintext.is_some()
    }

    /// Copies decrypted application data into `buf`; 0 when none is
    /// waiting (check [`Connection::peer_closed`] for end of stream).
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        if let Phase::Failed(e) = self.phase {
            return Err(e);
        }
        let Some((start, len)) = self.plaintext else {
            return Ok(0);
        };
        let n = len.min(buf.len());
        buf[..n].copy_from_slice(&self.incoming.buffer()[start..start + n]);
        self.plaintext = (n < len).then_some((start + n, len - n));
        if self.plaintext.is_none() {
            // Later records may already be in the buffer.
            let result = self.process();
            self.check(result)?;
        }
        Ok(n)
    }

    /// Encrypts up to all of `data` into records; returns how much was
    /// taken (less when the send buffer is full: send output, then retry).
    pub fn write(&mut self, data: &[u8]) -> Result<usize, Error> {
        self.usable()?;
        if !self.is_connected() {
            return Err(Error::Internal);
        }
        let staged = self.outgoing.stage();
        let n = data.len().min(staged.len());
        staged[..n].copy_from_slice(&data[..n]);
        let result = self.outgoing.seal(APPLICATION_DATA, n);
        self.check(result)?;
        Ok(n)
    }

    /// Queues close_notify; the connection takes no more data.
    pub fn close(&mut self) {
        if self.phase == Phase::Open || self.phase == Phase::PeerClosed {
            if self.is_connected() {
                // Best effort: a full send buffer just means no alert.
                let _ = self.outgoing.send(ALERT, &encode_alert(LEVEL_WARNING, CLOSE_NOTIFY));
            }
            self.phase = Phase::Closed;
        }
    }

    /// The negotiated cipher suite's name, once connected.
    pub fn cipher_suite(&self) -> Option<&'static str> {
        self.is_connected().then(|| self.handshake.suite().map(|s| s.name())).flatten()
    }

    /// The ALPN protocol the server chose.
    pub fn alpn(&self) -> Option<&[u8]> {
        self.handshake.alpn()
    }

    /// Whether this connection resumed a session (no certificates were
    /// exchanged; the PSK vouches for the server).
    pub fn resumed(&self) -> bool {
        self.handshake.resumed()
    }

    /// Whether the server accepted the offered PSK: the session being
    /// resumed or the external key.
    pub fn psk_accepted(&self) -> bool {
        self.handshake.psk_accepted()
    }

    /// The session for resuming later, once the server sent a ticket.
    pub fn session(&self) -> Option<Session<'_>> {
        self.handshake.session(self.reassembly)
    }

    /// After a certificate validity error: the certificate's bound and the
    /// time it was checked at (see `Handshake::validity_times`).
    pub fn validity_times(&self) -> Option<(i64, i64)> {
        self.handshake.validity_times()
    }

    /// The server's leaf certificate (DER), if it fit the room kept for it.
    pub fn peer_certificate(&self) -> Option<&[u8]> {
        let len = self.handshake.peer_cert_len();
        (len > 0).then(|| &self.peer_cert[..len])
    }

    fn usable(&self) -> Result<(), Error> {
        match self.phase {
            Phase::Failed(e) => Err(e),
            Phase::Closed => Err(Error::Closed),
            Phase::Open | Phase::PeerClosed => Ok(()),
        }
    }

    /// Records a failure: the connection is dead, and the peer is told
    /// with an alert when one is due.
    fn check<T>(&mut self, result: Result<T, Error>) -> Result<T, Error> {
        if let Err(error) = result {
            if let Some(description) = error.alert() {
                // Best effort: the send buffer may be full.
                let _ = self.outgoing.send(ALERT, &encode_alert(LEVEL_FATAL, description));
            }
            self.phase = Phase::Failed(error);
        }
        result
    }

    fn end_of_stream(&mut self) -> Result<(), Error> {
        if !self.is_connected() {
            let error = Error::PeerClosedDuringHandshake;
            self.phase = Phase::Failed(error);
            return Err(error);
        }
        if self.incoming.has_partial_record() {
            // Truncated mid-record.
            return self.check(Err(Error::Malformed));
        }
        // Ending without close_notify counts as end of stream, like
        // CPython's default suppress_ragged_eofs.
        self.phase = Phase::PeerClosed;
        Ok(())
    }

    /// Handles every complete record in the receive buffer, stopping at
    /// application data until it is read.
    fn process(&mut self) -> Result<(), Error> {
        while self.plaintext.is_none() && self.phase == Phase::Open {
            let Some(record) = self.incoming.next_record()? else {
                break;
            };
            match record.content_type {
                ALERT => self.on_alert(record)?,
                HANDSHAKE => self.on_handshake_record(record)?,
                CHANGE_CIPHER_SPEC => {
                    // Allowed, once per direction, only during the handshake (RFC 8446 §5).
                    if self.is_connected() || self.incoming.plaintext(&record) != [1] {
                        return Err(Error::UnexpectedMessage);
                    }
                }
                APPLICATION_DATA => {
                    if !self.is_connected() || self.reassembled > 0 {
                        return Err(Error::UnexpectedMessage);
                    }
                    self.handshake.on_application_data();
                    if record.len > 0 {
                        self.plaintext = Some((record.start, record.len));
                    }
                }
                _ => return Err(Error::UnexpectedMessage),
            }
        }
        Ok(())
    }

    fn on_alert(&mut self, record: Record) -> Result<(), Error> {
        let (level, description) = parse_alert(self.incoming.plaintext(&record)).map_err(|e| e.to_error())?;
        match (description, level) {
            (CLOSE_NOTIFY, _) if self.is_connected() => {
                self.phase = Phase::PeerClosed;
                Ok(())
            }
            (USER_CANCELED, LEVEL_WARNING) => Ok(()),
            // A server without TLS 1.3 answers the ClientHello this way.
            (PROTOCOL_VERSION, _) if self.handshake.suite().is_none() => Err(Error::NotTls13),
            _ => Err(Error::AlertReceived(description)),
        }
    }

    /// Runs every complete piece of a record (a handshake message, or a
    /// part of the server's Certificate message) through the state
    /// machine, in place when it lies whole in the record, else after
    /// reassembly.
    fn on_handshake_record(&mut self, record: Record) -> Result<(), Error> {
        let end = record.start + record.len;
        let mut pos = record.start;
        if self.reassembled == 0 {
            while let Some(len) = self.handshake.next_piece_len(&self.incoming.buffer()[pos..end])? {
                let piece = &self.incoming.buffer()[pos..pos + len];
                // The reassembly buffer holds no pieces: the handshake may keep data at its end.
                let areas = ReceiveAreas {
                    peer_cert: self.peer_cert,
                    reassembly_spare: self.reassembly,
                    source_record: &self.incoming.buffer()[record.start..pos + len],
                };
                self.handshake.on_piece(piece, areas, &mut self.outgoing, &mut self.key_change)?;
                pos += len;
                self.install_key_change(pos < end)?;
            }
        }
        let rest = end - pos;
        let room = self.reassembly.len() - self.handshake.reserved_tail() - self.reassembled;
        if rest > room {
            // A handshake message (or one certificate) larger than the reassembly buffer.
            return Err(Error::Unsupported);
        }
        self.reassembly[self.reassembled..self.reassembled + rest].copy_from_slice(&self.incoming.buffer()[pos..end]);
        self.reassembled += rest;
        let mut done = 0;
        loop {
            // What the handshake keeps at the end stays out of the pieces'
            // way. Once connected that is only the latest ticket, which a
            // new one replaces: all the room after the pieces is the new
            // ticket's, as the whole buffer is a ticket's that came whole.
            let tail_start = if self.handshake.is_connected() {
                self.reassembled
            } else {
                (self.reassembly.len() - self.handshake.reserved_tail()).max(self.reassembled)
            };
            let (pieces, spare) = self.reassembly.split_at_mut(tail_start);
            let Some(len) = self.handshake.next_piece_len(&pieces[done..self.reassembled])? else {
                break;
            };
            let areas = ReceiveAreas { peer_cert: self.peer_cert, reassembly_spare: spare, source_record: &[] };
            let piece = &pieces[done..done + len];
            self.handshake.on_piece(piece, areas, &mut self.outgoing, &mut self.key_change)?;
            done += len;
            self.install_key_change(done < self.reassembled)?;
        }
        self.reassembly.copy_within(done..self.reassembled, 0);
        self.reassembled -= done;
        Ok(())
    }

    /// Installs the keys a piece changed. The write side's first: what the
    /// piece's answer needed under the old keys is sealed already, and a
    /// refusal below goes out under the new ones. Handshake data may not
    /// continue past a read key change in the same record (RFC 8446 §5.1).
    /// Out of line: its copies of the keys stay off the stack while the
    /// handshake runs.
    #[inline(never)]
    fn install_key_change(&mut self, more_data_follows: bool) -> Result<(), Error> {
        if let Some(protection) = self.key_change.write.take() {
            self.outgoing.protection = Some(protection);
        }
        if let Some(protection) = self.key_change.read.take() {
            if more_data_follows {
                return Err(Error::UnexpectedMessage);
            }
            self.incoming.protection = Some(protection);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
