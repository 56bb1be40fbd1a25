//! Makes the fuzz targets' seed corpus from real servers.
//!
//! `cargo run --release -- <fuzz/corpus>` runs `openssl s_server` (TLS 1.3
//! with several suites and groups, a HelloRetryRequest, a cookie, a
//! CertificateRequest, small records, a TLS 1.2-only server) on 127.0.0.1
//! against the fuzz targets' client (`../src/lib.rs`: same configuration,
//! same seed) and records what each server sends. Because the client is
//! deterministic, replaying a recording to a fresh client completes the
//! handshake: each recording is checked that way here.
//!
//! Written for each scenario:
//! - `receive/<name>`: control byte 0, then the server's byte stream;
//! - `handshake_messages/<name>`: the server's handshake messages in
//!   plaintext, decrypted with the keys s_server logs (`-keylogfile`).
//!
//! Plus a few handmade `receive` seeds: alerts, a fragmented ServerHello,
//! oversized and unknown records, a server that is not TLS; and the
//! `server` target's scripts.
//!
//! `cargo run --release -- --check <fuzz/corpus>` only replays the
//! committed seeds and says which still connect.

#[allow(dead_code)]
#[path = "../../src/lib.rs"]
mod harness;

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rtls::engine::internals::codec;
use rtls::engine::internals::keys::{next_traffic_secret, RecordProtection, Secret};
use rtls::engine::{CipherSuite, Connection, Layout};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/x509/");

/// One server: its s_server options, and what is typed on its stdin once
/// the handshake is done ("k"/"K": KeyUpdate, "Q": close and exit, other
/// lines: application data).
struct Scenario {
    name: &'static str,
    args: &'static [&'static str],
    commands: &'static [&'static str],
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "aes128_x25519_keyupdates",
        args: &["-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"],
        commands: &["hello from the server\n", "k\n", "after k\n", "K\n", "after K\n", "Q\n"],
    },
    Scenario {
        name: "chacha20_x25519",
        args: &["-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-num_tickets", "1"],
        commands: &["hello from the server\n", "Q\n"],
    },
    Scenario {
        name: "aes256_p256_hrr",
        args: &["-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384", "-groups", "P-256"],
        commands: &["hello from the server\n", "k\n", "after k\n", "Q\n"],
    },
    Scenario {
        name: "hrr_cookie",
        args: &["-tls1_3", "-stateless", "-num_tickets", "0"],
        commands: &["hello from the server\n", "Q\n"],
    },
    Scenario {
        name: "certificate_request",
        args: &["-tls1_3", "-verify", "1", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"],
        commands: &["hello from the server\n", "Q\n"],
    },
    Scenario {
        name: "small_records",
        args: &["-tls1_3", "-max_send_frag", "512", "-num_tickets", "3"],
        commands: &["a line sent in one small record\n", "Q\n"],
    },
    Scenario { name: "tls12_only", args: &["-tls1_2"], commands: &[] },
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() == 2 && args[0] == "--check" {
        return check(Path::new(&args[1]));
    }
    let out = PathBuf::from(args.first().expect("usage: capture <corpus dir> | capture --check <corpus dir>"));
    for target in ["receive", "handshake_messages", "server"] {
        std::fs::create_dir_all(out.join(target)).unwrap();
    }
    for scenario in SCENARIOS {
        let keylog = std::env::temp_dir().join(format!("rtls-fuzz-keylog-{}-{}", std::process::id(), scenario.name));
        let stream = capture(scenario, &keylog);
        // Replayed as the `receive` target does.
        let outcome = harness::run_client(0, &stream);
        let messages = decrypt(&stream, &std::fs::read_to_string(&keylog).unwrap_or_default());
        let _ = std::fs::remove_file(&keylog);
        println!(
            "{:26} {:5} bytes; replayed: {}, {} bytes of data, error {:?}; {} handshake messages",
            scenario.name,
            stream.len(),
            if outcome.connected { "connected" } else { "not connected" },
            outcome.data,
            outcome.error,
            messages.iter().filter(|m| m.len() >= 4).count()
        );
        write(&out.join("receive").join(scenario.name), &[&[0], &stream[..]].concat());
        if !messages.is_empty() {
            write(&out.join("handshake_messages").join(scenario.name), &messages.concat());
        }
        if scenario.name == "aes128_x25519_keyupdates" {
            handmade(&out.join("receive"), &stream);
        }
    }
    server_scripts(&out.join("server"));
}

/// Seeds of the `server` target: scripts (see `../src/server.rs`).
fn server_scripts(dir: &Path) {
    use harness::server::{full_handshake_script, message, run, Op};
    let full = full_handshake_script();
    let certificate_request = message(13, &[0, 0, 8, 0, 0x0d, 0, 4, 0, 2, 4, 3]);
    let mut with_request = vec![Op::EncryptedExtensions as u8, Op::Handshake as u8, certificate_request.len() as u8];
    with_request.extend_from_slice(&certificate_request);
    with_request.extend_from_slice(&full[1..]);
    // The flight in records of 100 bytes, fed in chunks of up to 517.
    let mut small_records: Vec<u8> = full[..3].to_vec();
    small_records.extend_from_slice(&[Op::Flush as u8, 99]);
    small_records.extend_from_slice(&full[3..]);
    let scripts: [(&str, u8, u8, &[u8]); 7] = [
        // Verifying (suite byte < 0x80) costs about 4 ms an input, 6 times
        // the rest: most seeds do without.
        ("aes128_full", 0, 0, &full),
        ("aes256_unverified", 0, 0x81, &full),
        ("aes128_unverified", 0, 0x80, &full),
        ("chacha20_unverified_request", 0, 0x82, &with_request),
        ("chacha20_unverified_chunked", 0x45, 0x82, &full),
        ("certificate_request", 0, 0, &with_request),
        ("small_records_unverified", 0x0d, 0x81, &small_records),
    ];
    for (name, control, suite, script) in scripts {
        let seed = [&[control, suite][..], script].concat();
        let outcome = run(&seed);
        println!("server/{name:22} {:5} bytes; {outcome:?}", seed.len());
        write(&dir.join(name), &seed);
    }
}

/// Replays the committed `receive` and `server` seeds: whether each still
/// connects (after an engine change to the ClientHello the recorded ones
/// no longer do, and need capturing again).
fn check(corpus: &Path) {
    for target in ["receive", "server"] {
        let mut entries: Vec<_> = std::fs::read_dir(corpus.join(target)).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            let seed = std::fs::read(&path).unwrap();
            let outcome = match target {
                "receive" => harness::run_client(seed.first().copied().unwrap_or(0), seed.get(1..).unwrap_or(&[])),
                _ => harness::server::run(&seed),
            };
            println!("{target}/{:32} {outcome:?}", path.file_name().unwrap().to_string_lossy());
        }
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

/// s_server on a free port, with the fixtures' chain (root -> int -> leaf
/// for "localhost"), killed on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `scenario` and returns every byte the server sent.
fn capture(scenario: &Scenario, keylog: &Path) -> Vec<u8> {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let fixture = |name: &str| format!("{FIXTURES}{name}");
    let child = Command::new("openssl")
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-naccept", "1"])
        .args(["-cert", &fixture("leaf.pem"), "-cert_chain", &fixture("int.pem"), "-key", &fixture("leaf_pkcs8.pem")])
        .arg("-keylogfile")
        .arg(keylog)
        .args(scenario.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    let mut server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpListener::bind(("127.0.0.1", port)).is_ok() {
        assert!(Instant::now() < deadline, "s_server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut socket = TcpStream::connect(("127.0.0.1", port)).unwrap();
    socket.set_read_timeout(Some(Duration::from_millis(300))).unwrap();

    let config = harness::client_config();
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let mut conn = Connection::new(&mut memory, config, harness::SEED).unwrap();
    conn.start().unwrap();
    let mut received = Vec::new();
    let mut said_hello = false;
    let mut commands = scenario.commands.iter();
    let mut idle_since = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        let pending = conn.output().len();
        if pending > 0 {
            if socket.write_all(conn.output()).is_err() {
                break;
            }
            conn.output_sent(pending);
        }
        if conn.is_connected() && !said_hello {
            said_hello = true;
            let _ = conn.write(b"hello from the client\n");
            continue;
        }
        while conn.has_plaintext() {
            if conn.read(&mut buf).is_err() {
                break;
            }
        }
        if conn.is_connected() && idle_since.elapsed() > Duration::from_millis(200) {
            // The server has said all it had to: type its next command.
            if let Some(command) = commands.next() {
                let stdin = server.0.stdin.as_mut().unwrap();
                let _ = stdin.write_all(command.as_bytes()).and_then(|()| stdin.flush());
                idle_since = Instant::now();
            }
        }
        let space = conn.input_space();
        if space.is_empty() {
            break;
        }
        match socket.read(space) {
            Ok(0) => break,
            Ok(n) => {
                received.extend_from_slice(&space[..n]);
                idle_since = Instant::now();
                if let Err(error) = conn.input_received(n) {
                    eprintln!("{}: client error {error:?}", scenario.name);
                    // Keep reading what the server still sends (its alert).
                    std::thread::sleep(Duration::from_millis(200));
                    let mut rest = Vec::new();
                    let _ = socket.read_to_end(&mut rest);
                    received.extend_from_slice(&rest);
                    break;
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                if idle_since.elapsed() > Duration::from_secs(3) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    received
}

/// The server's handshake messages in `stream`, decrypted with the
/// secrets of an SSLKEYLOGFILE.
fn decrypt(stream: &[u8], keylog: &str) -> Vec<Vec<u8>> {
    let secret = |label: &str| {
        keylog
            .lines()
            .filter_map(|line| line.strip_prefix(label)?.strip_prefix(' '))
            .filter_map(|rest| Secret::from_slice(&unhex(rest.split(' ').nth(1)?)))
            .last()
    };
    let (handshake_secret, mut application_secret) =
        (secret("SERVER_HANDSHAKE_TRAFFIC_SECRET"), secret("SERVER_TRAFFIC_SECRET_0"));
    let mut suite = None;
    let mut protection: Option<RecordProtection> = None;
    let mut pending = Vec::new();
    let mut messages = Vec::new();
    let mut pos = 0;
    while pos + 5 <= stream.len() {
        let header: [u8; 5] = stream[pos..pos + 5].try_into().unwrap();
        let end = pos + 5 + usize::from(u16::from_be_bytes([header[3], header[4]]));
        if end > stream.len() {
            break;
        }
        let mut body = stream[pos + 5..end].to_vec();
        pos = end;
        match (&mut protection, header[0]) {
            (None, 22) => pending.extend_from_slice(&body),
            (Some(keys), 23) => match keys.open(&header, &mut body) {
                Ok((22, len)) => pending.extend_from_slice(&body[..len]),
                Ok(_) => continue,
                Err(_) => break,
            },
            _ => continue,
        }
        while pending.len() >= 4 {
            let len = 4 + (usize::from(pending[1]) << 16 | usize::from(pending[2]) << 8 | usize::from(pending[3]));
            if pending.len() < len {
                break;
            }
            let message: Vec<u8> = pending.drain(..len).collect();
            match message[0] {
                codec::SERVER_HELLO => {
                    if let Ok(hello) = codec::parse_server_hello(&message[4..]) {
                        if !hello.is_retry_request {
                            suite = CipherSuite::from_code(hello.cipher_suite);
                            protection = suite.zip(handshake_secret.as_ref()).map(|(s, k)| RecordProtection::new(s, k));
                        }
                    }
                }
                codec::FINISHED => {
                    protection = suite.zip(application_secret.as_ref()).map(|(s, k)| RecordProtection::new(s, k));
                }
                codec::KEY_UPDATE => {
                    if let (Some(s), Some(current)) = (suite, application_secret.as_ref()) {
                        let next = next_traffic_secret(s.hash(), current);
                        protection = Some(RecordProtection::new(s, &next));
                        application_secret = Some(next);
                    }
                }
                _ => {}
            }
            messages.push(message);
        }
    }
    messages
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2).filter_map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()).collect()
}

/// A record of `content_type` around `body`.
fn record(content_type: u8, body: &[u8]) -> Vec<u8> {
    let len = u16::try_from(body.len()).unwrap().to_be_bytes();
    [&[content_type, 3, 3, len[0], len[1]][..], body].concat()
}

/// Handmade `receive` seeds; `flight` is a real TLS 1.3 recording whose
/// first record is the ServerHello.
fn handmade(dir: &Path, flight: &[u8]) {
    let seed = |name: &str, control: u8, stream: &[u8]| write(&dir.join(name), &[&[control], stream].concat());
    // Alerts: handshake_failure, protocol_version (a TLS 1.2 server),
    // a warning user_canceled then close_notify before the handshake.
    seed("alert_handshake_failure", 0, &record(21, &[2, 40]));
    seed("alert_protocol_version", 0, &[0x15, 3, 1, 0, 2, 2, 70]);
    seed("alert_user_canceled_close_notify", 0, &[record(21, &[1, 90]), record(21, &[1, 0])].concat());
    // The real flight, its ServerHello cut into three handshake records
    // and preceded by a ChangeCipherSpec, fed in small chunks.
    let sh_len = 5 + usize::from(u16::from_be_bytes([flight[3], flight[4]]));
    let hello = &flight[5..sh_len];
    let third = hello.len() / 3;
    let fragmented = [
        record(20, &[1]),
        record(22, &hello[..third]),
        record(22, &hello[third..2 * third]),
        record(22, &hello[2 * third..]),
        flight[sh_len..].to_vec(),
    ]
    .concat();
    seed("fragmented_server_hello", 0x0d, &fragmented);
    // The ServerHello and a second message in one record (a key change
    // must end its record).
    let mut joined = flight[..sh_len].to_vec();
    joined.extend_from_slice(&[8, 0, 0, 2, 0, 0]);
    let len = u16::try_from(joined.len() - 5).unwrap().to_be_bytes();
    joined[3..5].copy_from_slice(&len);
    seed("server_hello_and_more", 0, &joined);
    // A record longer than 2^14 + 256, an unknown content type, an
    // empty handshake record, application data before the handshake.
    seed("oversized_record", 3, &[0x16, 3, 3, 0x41, 0x01, 2, 0, 0, 0]);
    seed("unknown_content_type", 0, &record(99, b"hello"));
    seed("empty_handshake_record", 0, &record(22, &[]));
    seed("early_application_data", 0, &record(23, &[0; 40]));
    // Not TLS at all.
    seed("http_response", 4, b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
}
