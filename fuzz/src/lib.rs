//! What the fuzz targets share: the one client configuration they all use,
//! and the client driver ([`run_client`]) of `receive` and `server`.
//!
//! The client is deterministic (fixed seed, fixed clock), so a server's
//! reply to it can be recorded once and replayed: `capture/` records real
//! `openssl s_server` flights with exactly this configuration (it includes
//! this file), and the `receive` target, fed such a flight, decrypts it and
//! completes the handshake. Changing anything here (or anything in the
//! engine that changes the ClientHello) makes those seeds stale: they then
//! only reach the ServerHello (`cd fuzz/capture && cargo run --release --
//! --check ../corpus` tells): re-run the capture after such a change.

pub mod server;

use rtls::engine::{Config, Connection, Error, Layout};

/// The client's randomness: random, session id and key shares.
pub const SEED: [u8; 32] = *b"rtls fuzz: fixed client seed 01!";

/// The client's clock (2027-01-15), inside the fixtures' validity (2020-2099).
pub const NOW: i64 = 1_800_000_000;

/// The server name sent as SNI and checked against the certificate.
pub const SERVER_NAME: &str = "localhost";

/// Trust anchor: the fixtures' root (root -> int -> leaf for "localhost").
pub const ROOT: &[u8] = include_bytes!("../../tests/fixtures/x509/root.der");

/// The client configuration of every target: verification on, default
/// suites and groups, no client certificate.
pub fn client_config() -> Config<'static> {
    let mut config = Config::new(NOW);
    config.server_name = Some(SERVER_NAME);
    config.trust_anchors = Some(ROOT);
    config
}

/// The fuzz input of `receive`: one control byte choosing how the stream
/// is cut into chunks, then the bytes the server sends.
pub fn split_control(data: &[u8]) -> Option<(u8, &[u8])> {
    let (&control, stream) = data.split_first()?;
    Some((control, stream))
}

/// Chunk sizes for feeding the stream, from the control byte: 0 gives
/// everything that fits at once; otherwise the low 3 bits pick the largest
/// chunk (1, 2, 5, 16, 100, 517, 4099 or 20000 bytes) and the rest seed a
/// small generator that draws each size in 1..=largest.
pub struct Chunks {
    largest: usize,
    state: u32,
}

impl Chunks {
    pub fn new(control: u8) -> Self {
        const LARGEST: [usize; 8] = [1, 2, 5, 16, 100, 517, 4099, 20000];
        let largest = if control == 0 { usize::MAX } else { LARGEST[usize::from(control & 7)] };
        Chunks { largest, state: 0x9e37_79b9 ^ u32::from(control) }
    }

    pub fn next_size(&mut self) -> usize {
        if self.largest == usize::MAX || self.largest == 1 {
            return self.largest;
        }
        // xorshift32
        self.state ^= self.state << 13;
        self.state ^= self.state >> 17;
        self.state ^= self.state << 5;
        1 + self.state as usize % self.largest
    }
}

/// Runs a verifying client (after `start()`) over `stream`, the bytes
/// "the server" sends, cut into chunks as `control` says (see [`Chunks`]):
/// reads decrypted data, writes requests once connected, sends all output,
/// ends the stream, closes. Panics only on a broken engine contract.
pub fn run_client(control: u8, stream: &[u8]) -> Outcome {
    run_client_with(client_config(), control, stream)
}

/// [`run_client`] with another configuration (one with the same
/// ClientHello, or the recorded flights no longer decrypt).
pub fn run_client_with(config: Config, control: u8, stream: &[u8]) -> Outcome {
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let mut conn = Connection::new(&mut memory, config, SEED).expect("memory of Layout::total() is enough");
    conn.start().expect("the ClientHello is queued");
    let hello = conn.output().len();
    assert!(hello > 0);
    conn.output_sent(hello);

    let mut chunks = Chunks::new(control);
    let mut pos = 0;
    let mut failed = false;
    let mut requests = 0;
    let mut outcome = Outcome::default();
    // After close_notify the connection takes no more records: the rest of
    // the stream would only fill the buffer.
    while pos < stream.len() && !failed && !conn.peer_closed() {
        // Decrypted data blocks new input until it is read.
        if conn.has_plaintext() {
            failed |= drain(&mut conn, &mut outcome).is_err();
            continue;
        }
        let space = conn.input_space();
        if space.is_empty() {
            // A full buffer without a whole record: the engine must have
            // refused such a record already.
            panic!("input_space() is empty with no plaintext waiting and the connection alive");
        }
        let n = chunks.next_size().min(space.len()).min(stream.len() - pos);
        space[..n].copy_from_slice(&stream[pos..pos + n]);
        pos += n;
        let result = conn.input_received(n);
        flush(&mut conn);
        match result {
            Ok(()) => {
                if conn.is_connected() {
                    outcome.connected = true;
                    failed |= use_connected(&mut conn, requests, &mut outcome).is_err();
                    requests += 1;
                }
            }
            Err(error) => {
                describe(error);
                outcome.error = Some(error);
                failed = true;
            }
        }
    }

    if failed {
        // A failed connection keeps failing, quietly.
        let mut buf = [0u8; 64];
        assert!(conn.read(&mut buf).is_err(), "read() after a failure");
        assert!(conn.write(b"x").is_err(), "write() after a failure");
        assert!(conn.input_received(0).is_err(), "input_received() after a failure");
    } else {
        // The stream ends: with or without close_notify, mid-record or not.
        let _ = drain(&mut conn, &mut outcome);
        if let Err(error) = conn.input_received(0) {
            describe(error);
            outcome.error = outcome.error.or(Some(error));
        }
        let _ = drain(&mut conn, &mut outcome);
    }
    outcome.peer_closed = conn.peer_closed();
    conn.close();
    flush(&mut conn);
    assert!(conn.write(b"after close").is_err());
    outcome
}

/// How a [`run_client`] went (for checking seeds; the targets ignore it).
#[derive(Debug, Default)]
pub struct Outcome {
    /// The handshake completed.
    pub connected: bool,
    /// Bytes of application data read.
    pub data: usize,
    /// The peer closed (close_notify, or end of stream once connected).
    pub peer_closed: bool,
    /// The first error.
    pub error: Option<Error>,
}

/// Sends (discards) all pending output, in two steps.
fn flush(conn: &mut Connection) {
    let len = conn.output().len();
    conn.output_sent(len / 2);
    let len = conn.output().len();
    conn.output_sent(len);
    assert!(conn.output().is_empty());
}

/// Reads all decrypted data in small pieces.
fn drain(conn: &mut Connection, outcome: &mut Outcome) -> Result<(), Error> {
    let mut buf = [0u8; 700];
    loop {
        match conn.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                assert!(n <= buf.len());
                outcome.data += n;
            }
            Err(error) => {
                describe(error);
                outcome.error = outcome.error.or(Some(error));
                return Err(error);
            }
        }
        flush(conn);
    }
}

/// What an application does on a connected connection: look at the
/// session, read what arrived, write a request (the first one larger than
/// one record).
fn use_connected(conn: &mut Connection, requests: usize, outcome: &mut Outcome) -> Result<(), Error> {
    let _ = (conn.cipher_suite(), conn.alpn(), conn.peer_certificate(), conn.peer_closed());
    drain(conn, outcome)?;
    if conn.peer_closed() {
        return Ok(());
    }
    let request = [b'a'; 3000];
    let request = if requests == 0 { &request[..] } else { &request[..40] };
    let mut written = 0;
    while written < request.len() {
        let n = conn.write(&request[written..]).inspect_err(|&error| outcome.error = outcome.error.or(Some(error)))?;
        flush(conn);
        assert!(n > 0, "write() took nothing from an empty send buffer");
        written += n;
    }
    Ok(())
}

/// Errors must format (the binding turns them into OSError messages).
fn describe(error: Error) {
    use std::fmt::Write;
    let mut text = String::new();
    let _ = write!(text, "{error}");
    let _ = error.code();
}
