//! A scripted TLS 1.3 server for the `server` target: it answers the
//! client's (fixed) ClientHello with a real ServerHello and real keys, then
//! follows a script read from the fuzz input, encrypting what the script
//! says. So mutations land inside the encrypted flight (EncryptedExtensions,
//! Certificate, CertificateRequest, Finished, NewSessionTicket, KeyUpdate,
//! alerts, application data, record boundaries and padding) instead of
//! breaking the record protection, as they do in the `receive` target.
//!
//! Input: control byte (chunk sizes, as in `receive`), suite byte (`% 3`:
//! AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305; with bit 7 set the client
//! does not verify the server, which is several times faster and gets to
//! the connected state with any Certificate), then operations, one byte
//! each (`% 12`, see [`Op`]) followed by its operands. Operands missing at
//! the end of the input read as zero bytes.

use std::sync::OnceLock;

use rtls::engine::internals::codec;
use rtls::engine::internals::keys::{
    finished_verify_data, next_traffic_secret, CipherSuite, ClientSigner, EphemeralSecret, KeySchedule, NamedGroup,
    RecordProtection, Secret, SeededRng, Transcript,
};
use rtls::engine::internals::x509;
use rtls::engine::{Connection, Layout};

use super::{client_config, run_client_with, Outcome, SEED};

const LEAF: &[u8] = include_bytes!("../../tests/fixtures/x509/leaf.der");
const INT: &[u8] = include_bytes!("../../tests/fixtures/x509/int.der");
const LEAF_KEY: &[u8] = include_bytes!("../../tests/fixtures/x509/leaf_pkcs8.der");

/// The script's operations (the operation byte `% 12`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Op {
    /// Queue an empty EncryptedExtensions.
    EncryptedExtensions = 0,
    /// Queue a Certificate with the fixtures' chain (leaf, intermediate).
    Certificate = 1,
    /// Queue a valid CertificateVerify (the leaf's key signs the transcript).
    CertificateVerify = 2,
    /// Queue a valid Finished, send everything queued, switch to the
    /// application keys (the first time).
    Finished = 3,
    /// Queue raw handshake bytes: length byte, bytes.
    Handshake = 4,
    /// Send what is queued as handshake records of at most (byte + 1) bytes.
    Flush = 5,
    /// Send application data: length byte, bytes.
    ApplicationData = 6,
    /// Send an alert: level byte, description byte.
    Alert = 7,
    /// Queue a KeyUpdate (byte & 1: update_requested), send everything
    /// queued, switch to the next keys.
    KeyUpdate = 8,
    /// Queue a NewSessionTicket: lifetime byte (days), ticket length byte.
    NewSessionTicket = 9,
    /// Send a record as is, unprotected: content type byte, length byte, bytes.
    Plaintext = 10,
    /// Send a protected record: inner content type byte, padding byte,
    /// length byte, bytes.
    Protected = 11,
}

impl Op {
    const ALL: [Op; 12] = [
        Op::EncryptedExtensions,
        Op::Certificate,
        Op::CertificateVerify,
        Op::Finished,
        Op::Handshake,
        Op::Flush,
        Op::ApplicationData,
        Op::Alert,
        Op::KeyUpdate,
        Op::NewSessionTicket,
        Op::Plaintext,
        Op::Protected,
    ];
}

/// The client's ClientHello message and the X25519 shared secret with the
/// server's fixed key share, computed once (the client is deterministic).
struct Hello {
    client_hello: Vec<u8>,
    session_id: Vec<u8>,
    server_share: [u8; 32],
    shared: Secret,
}

fn hello() -> &'static Hello {
    static HELLO: OnceLock<Hello> = OnceLock::new();
    HELLO.get_or_init(|| {
        let config = client_config();
        let mut memory = vec![0u8; Layout::for_config(&config).total()];
        let mut conn = Connection::new(&mut memory, config, SEED).unwrap();
        conn.start().unwrap();
        let record = conn.output();
        let client_hello = record[5..].to_vec();
        let (session_id, key) = client_hello_fields(&client_hello);
        let server = EphemeralSecret::generate(NamedGroup::X25519, &mut SeededRng::new([0x5e; 32]));
        let mut public = [0u8; 65];
        server.public_key(&mut public);
        let shared = server.diffie_hellman(&key).expect("the client's X25519 share");
        Hello { client_hello, session_id, server_share: public[..32].try_into().unwrap(), shared }
    })
}

/// (legacy_session_id, X25519 key share) of the client's ClientHello message.
fn client_hello_fields(message: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let body = &message[4..];
    let mut pos = 2 + 32;
    let session_id = body[pos + 1..pos + 1 + usize::from(body[pos])].to_vec();
    pos += 1 + usize::from(body[pos]);
    pos += 2 + usize::from(u16::from_be_bytes([body[pos], body[pos + 1]]));
    pos += 1 + usize::from(body[pos]);
    let end = pos + 2 + usize::from(u16::from_be_bytes([body[pos], body[pos + 1]]));
    pos += 2;
    while pos + 4 <= end {
        let code = u16::from_be_bytes([body[pos], body[pos + 1]]);
        let len = usize::from(u16::from_be_bytes([body[pos + 2], body[pos + 3]]));
        let data = &body[pos + 4..pos + 4 + len];
        if code == 51 {
            // client_shares<..>: group, key_exchange<..>
            assert_eq!(&data[2..4], &[0x00, 0x1d], "X25519 is the client's first share");
            return (session_id, data[6..6 + usize::from(u16::from_be_bytes([data[4], data[5]]))].to_vec());
        }
        pos += 4 + len;
    }
    panic!("no key_share in the ClientHello");
}

fn leaf_key() -> &'static x509::PrivateKey<'static> {
    static KEY: OnceLock<x509::PrivateKey<'static>> = OnceLock::new();
    KEY.get_or_init(|| {
        let mut scratch = [0u8; 256];
        let key = x509::parse_private_key(LEAF_KEY, &mut scratch).expect("fixture key");
        key.to_static().expect("an EC key")
    })
}

/// A handshake message: type, 24-bit length, body.
pub fn message(msg_type: u8, body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len()).unwrap().to_be_bytes();
    [&[msg_type, len[1], len[2], len[3]][..], body].concat()
}

/// The server's side: keys, transcript, queued handshake bytes and the
/// byte stream written so far.
struct Server {
    suite: CipherSuite,
    schedule: KeySchedule,
    transcript: Transcript,
    handshake_secret: Secret,
    /// The server's Finished was sent: application keys.
    finished: bool,
    secret: Secret,
    protection: RecordProtection,
    queued: Vec<u8>,
    wire: Vec<u8>,
}

impl Server {
    fn new(suite: CipherSuite) -> Server {
        let hello = hello();
        let mut extensions = Vec::new();
        extensions.extend_from_slice(&[0x00, 0x2b, 0x00, 0x02, 0x03, 0x04]);
        extensions.extend_from_slice(&[0x00, 0x33, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20]);
        extensions.extend_from_slice(&hello.server_share);
        let mut body = vec![0x03, 0x03];
        body.extend_from_slice(&[0x5a; 32]);
        body.push(hello.session_id.len() as u8);
        body.extend_from_slice(&hello.session_id);
        body.extend_from_slice(&suite.code().to_be_bytes());
        body.push(0);
        body.extend_from_slice(&(extensions.len() as u16).to_be_bytes());
        body.extend_from_slice(&extensions);
        let server_hello = message(codec::SERVER_HELLO, &body);

        let mut transcript = Transcript::new();
        transcript.update(&hello.client_hello);
        transcript.select(suite.hash());
        transcript.update(&server_hello);
        let mut schedule = KeySchedule::new(suite.hash(), None);
        schedule.enter_handshake(Some(hello.shared.as_bytes()));
        let (_, server) = schedule.handshake_traffic_secrets(transcript.current().as_ref());
        let mut wire = Vec::new();
        wire.extend_from_slice(&record(22, &server_hello));
        // Middlebox compatibility, as most servers do.
        wire.extend_from_slice(&record(20, &[1]));
        Server {
            suite,
            schedule,
            transcript,
            protection: RecordProtection::new(suite, &server),
            handshake_secret: server.clone(),
            finished: false,
            secret: server,
            queued: Vec::new(),
            wire,
        }
    }

    fn queue(&mut self, message: &[u8]) {
        self.transcript.update(message);
        self.queued.extend_from_slice(message);
    }

    /// A protected record of `content_type` around `data`, with `padding`.
    fn seal(&mut self, content_type: u8, data: &[u8], padding: usize) {
        let mut buf = vec![0u8; RecordProtection::record_len(data.len(), padding)];
        buf[5..5 + data.len()].copy_from_slice(data);
        if let Ok(len) = self.protection.seal(content_type, &mut buf, data.len(), padding) {
            self.wire.extend_from_slice(&buf[..len]);
        }
    }

    /// Sends the queued handshake bytes in records of at most `fragment`.
    fn flush(&mut self, fragment: usize) {
        let queued = std::mem::take(&mut self.queued);
        for chunk in queued.chunks(fragment.max(1)) {
            self.seal(22, chunk, 0);
        }
    }

    fn rekey(&mut self, secret: Secret) {
        self.protection = RecordProtection::new(self.suite, &secret);
        self.secret = secret;
    }
}

/// A plaintext record.
fn record(content_type: u8, body: &[u8]) -> Vec<u8> {
    let len = u16::try_from(body.len()).unwrap_or(u16::MAX).to_be_bytes();
    [&[content_type, 3, 3, len[0], len[1]][..], body].concat()
}

/// Reads operands; past the end of the input they are zeros.
struct Script<'a> {
    data: &'a [u8],
}

impl<'a> Script<'a> {
    fn byte(&mut self) -> u8 {
        let (&b, rest) = self.data.split_first().unwrap_or((&0, &[]));
        self.data = rest;
        b
    }

    fn bytes(&mut self, len: usize) -> &'a [u8] {
        let (taken, rest) = self.data.split_at(len.min(self.data.len()));
        self.data = rest;
        taken
    }
}

/// Plays the script in `data` and feeds what the server sent to the client.
pub fn run(data: &[u8]) -> Outcome {
    let mut script = Script { data };
    let control = script.byte();
    let suite_byte = script.byte();
    let suite = CipherSuite::ALL[usize::from(suite_byte % 3)];
    let verify = suite_byte & 0x80 == 0;
    let mut server = Server::new(suite);
    while !script.data.is_empty() {
        let op = Op::ALL[usize::from(script.byte() % 12)];
        match op {
            Op::EncryptedExtensions => server.queue(&message(codec::ENCRYPTED_EXTENSIONS, &[0, 0])),
            Op::Certificate => {
                let mut body = vec![0];
                let list_len = (LEAF.len() + INT.len() + 2 * 5) as u32;
                body.extend_from_slice(&list_len.to_be_bytes()[1..]);
                for cert in [LEAF, INT] {
                    body.extend_from_slice(&(cert.len() as u32).to_be_bytes()[1..]);
                    body.extend_from_slice(cert);
                    body.extend_from_slice(&[0, 0]);
                }
                server.queue(&message(codec::CERTIFICATE, &body));
            }
            Op::CertificateVerify if !verify => {
                // Not checked: any signature will do (signing is slow).
                server.queue(&message(codec::CERTIFICATE_VERIFY, &[4, 3, 0, 2, 0x30, 0]));
            }
            Op::CertificateVerify => {
                let mut signed = [0u8; x509::CERTIFICATE_VERIFY_MESSAGE_MAX];
                let len = x509::server_certificate_verify_message(server.transcript.current().as_ref(), &mut signed);
                let key = leaf_key();
                let signer = ClientSigner::new(key, ClientSigner::scheme_for(key)).expect("a P-256 key");
                let mut signature = [0u8; 104];
                // ECDSA is deterministic: the generator goes unused.
                let mut rng = SeededRng::new([0x5e; 32]);
                let signature_len = signer.sign(&signed[..len], &mut rng, &mut signature).expect("signing");
                let mut body = signer.scheme().wire().to_be_bytes().to_vec();
                body.extend_from_slice(&(signature_len as u16).to_be_bytes());
                body.extend_from_slice(&signature[..signature_len]);
                server.queue(&message(codec::CERTIFICATE_VERIFY, &body));
            }
            Op::Finished => {
                let verify_data =
                    finished_verify_data(suite.hash(), &server.handshake_secret, server.transcript.current().as_ref());
                server.queue(&message(codec::FINISHED, verify_data.as_ref()));
                server.flush(16384);
                // A second Finished is only sent (the key schedule moves on once).
                if !server.finished {
                    server.finished = true;
                    server.schedule.enter_master();
                    let (_, application) =
                        server.schedule.application_traffic_secrets(server.transcript.current().as_ref());
                    server.rekey(application);
                }
            }
            Op::Handshake => {
                let len = usize::from(script.byte());
                let bytes = script.bytes(len);
                server.queue(bytes);
            }
            Op::Flush => {
                let fragment = usize::from(script.byte()) + 1;
                server.flush(fragment);
            }
            Op::ApplicationData => {
                let len = usize::from(script.byte());
                let bytes = script.bytes(len);
                server.seal(23, bytes, 0);
            }
            Op::Alert => {
                let alert = [script.byte(), script.byte()];
                server.seal(21, &alert, 0);
            }
            Op::KeyUpdate => {
                let requested = script.byte() & 1;
                server.queue(&message(codec::KEY_UPDATE, &[requested]));
                server.flush(16384);
                let next = next_traffic_secret(suite.hash(), &server.secret);
                server.rekey(next);
            }
            Op::NewSessionTicket => {
                let lifetime = u32::from(script.byte()) * 86_400;
                let ticket_len = usize::from(script.byte());
                let mut body = lifetime.to_be_bytes().to_vec();
                body.extend_from_slice(&0x1234_5678u32.to_be_bytes());
                body.extend_from_slice(&[1, 7]);
                body.extend_from_slice(&(ticket_len as u16).to_be_bytes());
                body.extend(std::iter::repeat(0x7e).take(ticket_len));
                body.extend_from_slice(&[0, 0]);
                // Post-handshake: not part of the transcript.
                server.queued.extend_from_slice(&message(codec::NEW_SESSION_TICKET, &body));
            }
            Op::Plaintext => {
                let content_type = script.byte();
                let len = usize::from(script.byte());
                let bytes = record(content_type, script.bytes(len));
                server.wire.extend_from_slice(&bytes);
            }
            Op::Protected => {
                let content_type = script.byte();
                let padding = usize::from(script.byte());
                let len = usize::from(script.byte());
                let bytes = script.bytes(len);
                server.seal(content_type, bytes, padding);
            }
        }
    }
    server.flush(16384);
    let mut config = client_config();
    if !verify {
        config.trust_anchors = None;
    }
    run_client_with(config, control, &server.wire)
}

/// A script (after the control and suite bytes) for a complete handshake,
/// some data, a KeyUpdate, a ticket and close_notify: the basis of the seeds.
pub fn full_handshake_script() -> Vec<u8> {
    let mut ops = vec![
        Op::EncryptedExtensions as u8,
        Op::Certificate as u8,
        Op::CertificateVerify as u8,
        Op::Finished as u8,
        Op::NewSessionTicket as u8,
        2,
        40,
        Op::Flush as u8,
        255,
        Op::ApplicationData as u8,
        6,
    ];
    ops.extend_from_slice(b"hello\n");
    ops.extend_from_slice(&[Op::KeyUpdate as u8, 1, Op::ApplicationData as u8, 4]);
    ops.extend_from_slice(b"more");
    ops.extend_from_slice(&[Op::Alert as u8, 1, 0]);
    ops
}
