//! Drives a sans-I/O [`Connection`] over a [`Transport`]. A socket error
//! (a timeout, or EAGAIN on a non-blocking socket) is returned to the
//! caller and leaves the connection intact: the next call resumes where
//! this one stopped, mid-handshake or mid-record alike.

use super::connection::Connection;
use super::session::Session;
use crate::engine::error::Error;
use crate::engine::transport::Transport;

/// errno of a non-blocking operation that would block.
const EAGAIN: i32 = 11;

/// The socket direction an operation last waited for (it returned EAGAIN),
/// which is what a poll must watch before retrying.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Blocked {
    Reading,
    Writing,
}

/// A connection and the socket it runs over.
pub struct SocketDriver<'a, T: Transport> {
    connection: Connection<'a>,
    transport: T,
    started: bool,
    blocked: Option<Blocked>,
}

impl<'a, T: Transport> SocketDriver<'a, T> {
    /// Pairs a connection with its transport; nothing is sent yet.
    pub fn new(connection: Connection<'a>, transport: T) -> Self {
        SocketDriver { connection, transport, started: false, blocked: None }
    }

    /// The connection, for its properties (suite, peer certificate, ALPN).
    pub fn connection(&self) -> &Connection<'a> {
        &self.connection
    }

    /// The negotiated cipher suite's name, once connected.
    pub fn cipher_suite(&self) -> Option<&'static str> {
        self.connection.cipher_suite()
    }

    /// The server's leaf certificate (DER).
    pub fn peer_certificate(&self) -> Option<&[u8]> {
        self.connection.peer_certificate()
    }

    /// After a certificate validity error: the certificate's bound and the
    /// time it was checked at (see [`Connection::validity_times`]).
    pub fn validity_times(&self) -> Option<(i64, i64)> {
        self.connection.validity_times()
    }

    /// The session to resume later, once the server sent a ticket.
    pub fn session(&self) -> Option<Session<'_>> {
        self.connection.session()
    }

    /// The direction the last operation would have blocked on, if it did.
    pub fn blocked(&self) -> Option<Blocked> {
        self.blocked
    }

    /// Whether the handshake has begun (the ClientHello is queued or sent).
    pub fn is_started(&self) -> bool {
        self.started
    }

    /// Whether the handshake is complete.
    pub fn is_connected(&self) -> bool {
        self.connection.is_connected()
    }

    /// Whether decrypted data can be read without touching the socket.
    pub fn has_plaintext(&self) -> bool {
        self.connection.has_plaintext()
    }

    /// The protocol the server chose with ALPN.
    pub fn alpn(&self) -> Option<&[u8]> {
        self.connection.alpn()
    }

    /// Sends queued output, if the socket takes it; errors are left for
    /// the next operation to meet.
    pub fn try_flush(&mut self) {
        let _ = self.flush();
    }

    /// Whether the handshake resumed a session.
    pub fn resumed(&self) -> bool {
        self.connection.resumed()
    }

    /// Runs the handshake until it completes.
    pub fn handshake(&mut self) -> Result<(), Error> {
        if !self.started {
            self.connection.start()?;
            self.started = true;
        }
        while !self.connection.is_connected() {
            self.flush()?;
            self.receive()?;
        }
        self.flush()
    }

    /// Reads decrypted application data; `Ok(0)` at the end of the stream.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        let result = self.read_inner(buf);
        // Poll needs only a need for the other direction: a caller waiting
        // to read polls for reading anyway.
        if self.blocked == Some(Blocked::Reading) {
            self.blocked = None;
        }
        result
    }

    fn read_inner(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        self.handshake()?;
        loop {
            let n = self.connection.read(buf).inspect_err(|_| self.flush_alert())?;
            if n > 0 || self.connection.peer_closed() || buf.is_empty() {
                return Ok(n);
            }
            // Post-handshake messages may need an answer (KeyUpdate).
            self.flush()?;
            self.receive()?;
        }
    }

    /// Encrypts and sends `data`. Returns how much was taken: all of it,
    /// unless the socket would block after part was queued, in which case
    /// the part is sent on the next call (nothing is lost or sent twice).
    pub fn write(&mut self, data: &[u8]) -> Result<usize, Error> {
        let result = self.write_inner(data);
        // As in read: only a need for the other direction is kept.
        if self.blocked == Some(Blocked::Writing) {
            self.blocked = None;
        }
        result
    }

    fn write_inner(&mut self, data: &[u8]) -> Result<usize, Error> {
        self.handshake()?;
        let mut taken = 0;
        while taken < data.len() {
            if let Err(e) = self.flush() {
                return if taken > 0 && e == Error::Socket(EAGAIN) { Ok(taken) } else { Err(e) };
            }
            taken += self.connection.write(&data[taken..]).inspect_err(|_| self.flush_alert())?;
        }
        match self.flush() {
            Err(Error::Socket(EAGAIN)) if taken > 0 => Ok(taken),
            result => result.map(|()| taken),
        }
    }

    /// Sends close_notify (when connected) and stops.
    pub fn close(&mut self) -> Result<(), Error> {
        self.connection.close();
        self.flush()
    }

    /// Sends all queued output.
    fn flush(&mut self) -> Result<(), Error> {
        while !self.connection.output().is_empty() {
            let n = self.transport.send(self.connection.output()).map_err(|errno| self.socket_error(errno, Blocked::Writing))?;
            if n == 0 {
                return Err(Error::WriteTookNothing);
            }
            self.connection.output_sent(n);
        }
        // Everything went out: a wait for writing is over (a wait for
        // reading is not: nothing was read).
        if self.blocked == Some(Blocked::Writing) {
            self.blocked = None;
        }
        Ok(())
    }

    /// Receives once from the socket and processes what arrived.
    fn receive(&mut self) -> Result<(), Error> {
        let space = self.connection.input_space();
        if space.is_empty() {
            return Err(Error::Internal);
        }
        let n = self.transport.recv(space).map_err(|errno| self.socket_error(errno, Blocked::Reading))?;
        self.blocked = None;
        self.connection.input_received(n).inspect_err(|_| self.flush_alert())
    }

    /// Notes which direction would have blocked (EAGAIN).
    fn socket_error(&mut self, errno: i32, direction: Blocked) -> Error {
        if errno == EAGAIN {
            self.blocked = Some(direction);
        }
        Error::Socket(errno)
    }

    /// Best effort to tell the peer why the connection failed.
    fn flush_alert(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tls13::{Config, Layout};

    /// A stream that takes nothing and has nothing to give.
    struct Stuck;

    impl Transport for Stuck {
        fn recv(&mut self, _: &mut [u8]) -> Result<usize, i32> {
            Err(EAGAIN)
        }
        fn send(&mut self, _: &[u8]) -> Result<usize, i32> {
            Ok(0)
        }
    }

    /// A write that takes 0 bytes is an error, not a reason to try again
    /// (which spun at 100 % CPU).
    #[test]
    fn a_write_that_takes_nothing_fails() {
        let config = Config::new(0);
        let mut memory = std::vec![0u8; Layout::for_config(&config).total()];
        let connection = Connection::new(&mut memory, config, [1; 32]).unwrap();
        let mut driver = SocketDriver::new(connection, Stuck);
        assert_eq!(driver.handshake(), Err(Error::WriteTookNothing));
    }
}
