//! The engine against a real peer: `openssl s_server` on 127.0.0.1, with
//! the x509 fixtures (root -> intermediate -> leaf for "localhost").

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use rtls::engine::{
    parse_private_key, CertError, CipherSuite, Config, Connection, Error, Layout, NamedGroup, ParseError, Session,
    SignatureScheme, SocketDriver, Transport,
};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/x509/");
const ROOT: &[u8] = include_bytes!("../fixtures/x509/root.der");

/// Whether openssl is missing here. The first test to find it missing says
/// that the peer tests are skipped; each then passes without running.
fn openssl_missing() -> bool {
    static MISSING: OnceLock<bool> = OnceLock::new();
    *MISSING.get_or_init(|| {
        let status = Command::new("openssl").arg("version").stdout(Stdio::null()).stderr(Stdio::null()).status();
        let missing = !status.is_ok_and(|status| status.success());
        if missing {
            // Past the harness, which captures eprintln!'s output.
            let _ = std::io::stderr().write_all(b"peer tests skipped: openssl not found (they run against openssl s_server)\n");
        }
        missing
    })
}

/// A blocking std socket as the engine's transport.
struct Tcp(TcpStream);

impl Transport for Tcp {
    fn recv(&mut self, buf: &mut [u8]) -> Result<usize, i32> {
        self.0.read(buf).map_err(|e| e.raw_os_error().unwrap_or(5))
    }
    fn send(&mut self, buf: &[u8]) -> Result<usize, i32> {
        self.0.write(buf).map_err(|e| e.raw_os_error().unwrap_or(5))
    }
}

/// A [`Tcp`] that also keeps a copy of everything the client sent.
struct RecordingTcp(Tcp, std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Transport for RecordingTcp {
    fn recv(&mut self, buf: &mut [u8]) -> Result<usize, i32> {
        self.0.recv(buf)
    }
    fn send(&mut self, buf: &[u8]) -> Result<usize, i32> {
        let sent = self.0.send(buf)?;
        self.1.borrow_mut().extend_from_slice(&buf[..sent]);
        Ok(sent)
    }
}

/// ClientHello messages in what a client sent: plaintext handshake
/// records (type 22) holding a client_hello (type 1).
fn client_hellos(sent: &[u8]) -> usize {
    let (mut count, mut rest) = (0, sent);
    while let [content_type, _, _, high, low, body @ ..] = rest {
        let len = usize::from(*high) << 8 | usize::from(*low);
        count += usize::from(*content_type == 22 && body.first() == Some(&1));
        rest = body.get(len..).unwrap_or_default();
    }
    count
}

/// The PKI of tests/gen_certs.sh (CA, server, client), made once per run.
fn pki() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rtls-peer-tests-{}", std::process::id()));
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/gen_certs.sh");
        let status = Command::new("bash").arg(script).arg(&dir).stdout(Stdio::null()).status().unwrap();
        assert!(status.success(), "tests/gen_certs.sh failed");
        dir
    })
}

fn pki_file(name: &str) -> Vec<u8> {
    std::fs::read(pki().join(name)).unwrap()
}

/// Starts `openssl s_server` with `args` on a port the kernel picks, and
/// returns once it listens, with its stdout after the line saying so.
///
/// A port picked here and handed over could be taken in between by another
/// test thread's connection, and s_server would then exit; its own
/// "ACCEPT 127.0.0.1:<port>" line comes after it has bound the port.
fn spawn_s_server(args: &[&str]) -> (Child, u16, BufReader<ChildStdout>) {
    let mut child = Command::new("openssl")
        .args(["s_server", "-accept", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl s_server");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        if stdout.read_line(&mut line).unwrap() == 0 {
            let mut stderr = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
            panic!("s_server {args:?} exited before listening: {}\n{stderr}", child.wait().unwrap());
        }
        if let Some(address) = line.trim_end().strip_prefix("ACCEPT ") {
            let port = address.rsplit(':').next().and_then(|port| port.parse().ok());
            return (child, port.unwrap_or_else(|| panic!("s_server's ACCEPT line: {line}")), stdout);
        }
    }
}

/// `openssl s_server -rev` with `args`, killed on drop; its stdin accepts
/// s_server's commands (e.g. "k" sends a KeyUpdate).
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// A server with the x509 fixtures' chain (root -> intermediate -> leaf).
    fn start(args: &[&str]) -> Server {
        let fixture = |name: &str| format!("{FIXTURES}{name}");
        let chain = ["-cert", &fixture("leaf.pem"), "-cert_chain", &fixture("int.pem"), "-key", &fixture("leaf_pkcs8.pem")];
        Server::with(&chain, args)
    }

    /// A server with gen_certs.sh's server certificate, asking for a client
    /// certificate from its CA.
    fn start_mutual(args: &[&str]) -> Server {
        let file = |name: &str| pki().join(name).to_str().unwrap().to_string();
        let pki_args = ["-cert", &file("server.crt"), "-key", &file("server.key"), "-CAfile", &file("ca.crt")];
        let verify = ["-tls1_3", "-Verify", "1", "-verify_return_error"];
        Server::with(&[&pki_args[..], &verify[..]].concat(), args)
    }

    fn with(credentials: &[&str], args: &[&str]) -> Server {
        let (child, port, mut stdout) = spawn_s_server(&[&["-rev"][..], credentials, args].concat());
        // Read on, so that s_server never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        Server { child, port }
    }

    fn connect(&self) -> Tcp {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        Tcp(stream)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn verified_config<'a>() -> Config<'a> {
    let mut config = Config::new(1_800_000_000);
    config.server_name = Some("localhost");
    config.trust_anchors = Some(ROOT);
    config
}

/// Sends `line` to an `s_server -rev` peer and checks the reversed reply.
fn echo_line<T: Transport>(driver: &mut SocketDriver<'_, T>, line: &[u8]) -> Result<(), Error> {
    let mut sent = line.to_vec();
    sent.push(b'\n');
    driver.write(&sent)?;
    let mut reply = Vec::new();
    let mut buf = [0u8; 256];
    while !reply.ends_with(b"\n") {
        let n = driver.read(&mut buf)?;
        assert!(n > 0, "EOF before the echo");
        reply.extend_from_slice(&buf[..n]);
    }
    let mut expected: Vec<u8> = line.iter().rev().copied().collect();
    expected.push(b'\n');
    assert_eq!(reply, expected);
    Ok(())
}

/// Handshakes with `config` against `server`, checks one echoed line and
/// returns the suite.
fn echo(config: Config<'_>, server: &Server) -> Result<String, Error> {
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let connection = Connection::new(&mut memory, config, [7; 32])?;
    let mut driver = SocketDriver::new(connection, server.connect());
    driver.handshake()?;
    let suite = driver.connection().cipher_suite().unwrap().to_string();
    echo_line(&mut driver, b"hello rtls")?;
    driver.close()?;
    Ok(suite)
}

fn echo_with(config: Config<'_>, args: &[&str]) -> Result<String, Error> {
    echo(config, &Server::start(&[&["-naccept", "1"], args].concat()))
}

/// A verifying config for gen_certs.sh's server, with its client certificate.
fn mutual_config<'a>(ca: &'a [u8], chain: &'a [u8], key: &[u8]) -> Config<'a> {
    let mut config = verified_config();
    config.trust_anchors = Some(ca);
    config.client_chain = Some(chain);
    // The scratch lives on: an RSA key borrows its DER there.
    let scratch = vec![0u8; key.len()].leak();
    config.client_key = Some(parse_private_key(key, scratch).unwrap());
    config
}

#[test]
fn full_handshake_with_each_suite() {
    if openssl_missing() {
        return;
    }
    for (suite, name) in [
        (CipherSuite::Aes128GcmSha256, "TLS_AES_128_GCM_SHA256"),
        (CipherSuite::Aes256GcmSha384, "TLS_AES_256_GCM_SHA384"),
        (CipherSuite::Chacha20Poly1305Sha256, "TLS_CHACHA20_POLY1305_SHA256"),
    ] {
        let suites = [suite];
        let mut config = verified_config();
        config.suites = heapless::Vec::from_slice(&suites).unwrap();
        assert_eq!(echo_with(config, &["-tls1_3"]).unwrap(), name);
    }
}

#[test]
fn hello_retry_request_for_the_other_group() {
    if openssl_missing() {
        return;
    }
    for (groups, server_group) in [
        ([NamedGroup::X25519, NamedGroup::Secp256r1], "P-256"),
        ([NamedGroup::Secp256r1, NamedGroup::X25519], "X25519"),
    ] {
        let mut config = verified_config();
        config.groups = heapless::Vec::from_slice(&groups).unwrap();
        echo_with(config, &["-tls1_3", "-groups", server_group]).unwrap();
    }
}

#[test]
fn wrong_hostname_is_rejected_with_an_alert() {
    if openssl_missing() {
        return;
    }
    let mut config = verified_config();
    config.server_name = Some("other.example");
    let error = echo_with(config, &["-tls1_3"]).unwrap_err();
    assert_eq!(error, Error::Certificate(CertError::HostnameMismatch));
}

#[test]
fn an_unset_clock_is_reported_with_the_certificate_date() {
    if openssl_missing() {
        return;
    }
    // 2000-01-01 00:00:05: an ESP8266 that never set its clock.
    let mut config = verified_config();
    config.now = 946_684_805;
    let server = Server::start(&["-tls1_3", "-naccept", "1"]);
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let connection = Connection::new(&mut memory, config, [7; 32]).unwrap();
    let mut driver = SocketDriver::new(connection, server.connect());
    let error = driver.handshake().unwrap_err();
    assert_eq!(error, Error::Certificate(CertError::NotYetValid));
    // The intermediate's notBefore (2020-01-01), the first found too early.
    assert_eq!(driver.validity_times(), Some((1_577_836_800, 946_684_805)));
}

#[test]
fn tls12_server_is_not_tls13() {
    if openssl_missing() {
        return;
    }
    assert_eq!(echo_with(verified_config(), &["-tls1_2"]).unwrap_err(), Error::NotTls13);
}

#[test]
fn mutual_tls_with_a_client_certificate() {
    if openssl_missing() {
        return;
    }
    let (ca, chain, key) = (pki_file("ca.der"), pki_file("client.der"), pki_file("client.key.der"));
    let server = Server::start_mutual(&[]);
    echo(mutual_config(&ca, &chain, &key), &server).unwrap();
}

#[test]
fn mutual_tls_with_512_byte_fragments() {
    if openssl_missing() {
        return;
    }
    let (ca, chain, key) = (pki_file("ca.der"), pki_file("client.der"), pki_file("client.key.der"));
    let mut config = mutual_config(&ca, &chain, &key);
    config.max_fragment_length = Some(1);
    let layout = Layout::for_config(&config);
    assert!(layout.receive < 1024, "receive buffer sized for 512-byte fragments: {layout:?}");
    echo(config, &Server::start_mutual(&[])).unwrap();
}

#[test]
fn server_wants_a_certificate_the_client_lacks() {
    if openssl_missing() {
        return;
    }
    let ca = pki_file("ca.der");
    let mut config = verified_config();
    config.trust_anchors = Some(&ca);
    let error = echo(config, &Server::start_mutual(&[])).unwrap_err();
    assert_eq!(error, Error::AlertReceived(116), "certificate_required");
}

/// gen_certs.sh's server `name` (NAME.crt, NAME.key): with an Ed25519 key
/// under its P-256 CA (`ed_server`) or under its Ed25519 CA
/// (`ed_ca_server`), with a P-384 key under either (`p384_server`,
/// `p384_ca_server`).
fn named_server(name: &str, args: &[&str]) -> Server {
    let file = |name: &str| pki().join(name).to_str().unwrap().to_string();
    let credentials = ["-cert", &file(&format!("{name}.crt")), "-key", &file(&format!("{name}.key"))];
    Server::with(&credentials, &[&["-tls1_3", "-naccept", "1"][..], args].concat())
}

#[test]
fn server_with_an_ed25519_certificate() {
    if openssl_missing() {
        return;
    }
    // The server's CertificateVerify is ed25519 (the only scheme its key
    // has); its certificate is signed by a P-256 CA, then by an Ed25519 CA.
    // Without the `ed25519` feature the client does not offer ed25519, so
    // such a server has nothing to sign with: it ends the handshake with
    // handshake_failure, whatever the client trusts.
    let on = cfg!(feature = "ed25519");
    let handshake_failure = Err(Error::AlertReceived(40));
    for (name, anchor) in [("ed_server", "ca.der"), ("ed_ca_server", "ed_ca.der")] {
        let ca = pki_file(anchor);
        let mut config = verified_config();
        config.trust_anchors = Some(&ca);
        let result = echo(config, &named_server(name, &["-sigalgs", "ed25519"]));
        let expected = if on { Ok("TLS_AES_128_GCM_SHA256".to_string()) } else { handshake_failure.clone() };
        assert_eq!(result, expected, "{name}");
    }
    // The Ed25519 CA does not vouch for a P-256-issued server, nor the
    // reverse.
    for (name, anchor) in [("ed_server", "ed_ca.der"), ("ed_ca_server", "ca.der")] {
        let ca = pki_file(anchor);
        let mut config = verified_config();
        config.trust_anchors = Some(&ca);
        let result = echo(config, &named_server(name, &[]));
        let expected = if on { Err(Error::Certificate(CertError::UnknownIssuer)) } else { handshake_failure.clone() };
        assert_eq!(result, expected, "{name}");
    }
}

#[test]
fn server_with_a_p384_certificate() {
    if openssl_missing() {
        return;
    }
    // The server's CertificateVerify is ecdsa_secp384r1_sha384; its P-384
    // certificate is signed by a P-256 CA (ecdsa-with-SHA256), then by a
    // P-384 CA (ecdsa-with-SHA384): P-384 verification in the chain and in
    // CertificateVerify (ec_narrow's with the narrow-ec feature).
    for (name, anchor) in [("p384_server", "ca.der"), ("p384_ca_server", "p384_ca.der")] {
        let ca = pki_file(anchor);
        let mut config = verified_config();
        config.trust_anchors = Some(&ca);
        let server = named_server(name, &["-sigalgs", "ecdsa_secp384r1_sha384"]);
        assert_eq!(echo(config, &server).unwrap(), "TLS_AES_128_GCM_SHA256", "{name}");
    }
    // The P-384 CA does not vouch for the P-256-issued server.
    let ca = pki_file("p384_ca.der");
    let mut config = verified_config();
    config.trust_anchors = Some(&ca);
    let error = echo(config, &named_server("p384_server", &[])).unwrap_err();
    assert_eq!(error, Error::Certificate(CertError::UnknownIssuer));
}

/// Whether `key`, an Ed25519 client key, is refused: without the `ed25519`
/// feature it must be, as unsupported, when parsed.
fn ed25519_key_refused(key: &[u8]) -> bool {
    let refused = parse_private_key(key, &mut vec![0u8; key.len()]).err() == Some(ParseError::UnsupportedKey);
    assert_eq!(refused, !cfg!(feature = "ed25519"), "Ed25519 client key refused");
    refused
}

#[test]
fn mutual_tls_with_p384_and_ed25519_client_keys() {
    if openssl_missing() {
        return;
    }
    // s_server -Verify checks the client's CertificateVerify: a wrong
    // signature would end the handshake with an alert.
    let ca = pki_file("ca.der");
    for name in ["client384", "client_ed"] {
        let (chain, key) = (pki_file(&format!("{name}.der")), pki_file(&format!("{name}.key")));
        if name == "client_ed" && ed25519_key_refused(&key) {
            continue;
        }
        echo(mutual_config(&ca, &chain, &key), &Server::start_mutual(&["-naccept", "1"])).unwrap();
    }
    // A key that is not the certificate's: the server refuses its signature.
    let (chain, key) = (pki_file("client_ed.der"), pki_file("client384.key"));
    let error = echo(mutual_config(&ca, &chain, &key), &Server::start_mutual(&["-naccept", "1"])).unwrap_err();
    assert!(matches!(error, Error::AlertReceived(_)), "{error:?}");
}

#[test]
fn server_that_does_not_accept_the_client_keys_scheme() {
    if openssl_missing() {
        return;
    }
    // -client_sigalgs: the schemes the CertificateRequest lists.
    let ca = pki_file("ca.der");
    for (name, scheme, other) in [
        ("client384", SignatureScheme::EcdsaSecp384r1Sha384, "ecdsa_secp256r1_sha256:ed25519"),
        ("client_ed", SignatureScheme::Ed25519, "ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384"),
        ("client", SignatureScheme::EcdsaSecp256r1Sha256, "ed25519"),
    ] {
        let (chain, key) = (pki_file(&format!("{name}.der")), pki_file(&format!("{name}.key")));
        if name == "client_ed" && ed25519_key_refused(&key) {
            continue;
        }
        let server = Server::start_mutual(&["-naccept", "1", "-client_sigalgs", other]);
        let error = echo(mutual_config(&ca, &chain, &key), &server).unwrap_err();
        assert_eq!(error, Error::ClientSchemeNotAccepted(scheme), "{name}");
    }
    // With the key's scheme listed, the same keys are accepted.
    for (name, listed) in [("client384", "ecdsa_secp384r1_sha384"), ("client_ed", "ed25519")] {
        let (chain, key) = (pki_file(&format!("{name}.der")), pki_file(&format!("{name}.key")));
        if name == "client_ed" && ed25519_key_refused(&key) {
            continue;
        }
        let server = Server::start_mutual(&["-naccept", "1", "-client_sigalgs", listed]);
        echo(mutual_config(&ca, &chain, &key), &server).unwrap();
    }
}

/// RSA client keys (gen_certs.sh's `client_rsa`, 2048 bits in PKCS#1 PEM,
/// and `client_rsa4096`, PKCS#8 PEM): the server checks their RSA-PSS
/// CertificateVerify (-Verify ... -verify_return_error), under the scheme it
/// lists.
#[cfg(feature = "rsa")]
#[test]
fn mutual_tls_with_rsa_client_keys() {
    if openssl_missing() {
        return;
    }
    let ca = pki_file("ca.der");
    let files = |name: &str| (pki_file(&format!("{name}.der")), pki_file(&format!("{name}.key")));
    for name in ["client_rsa", "client_rsa4096"] {
        let (chain, key) = files(name);
        echo(mutual_config(&ca, &chain, &key), &Server::start_mutual(&["-naccept", "1"])).unwrap();
    }
    // A server that lists one RSA-PSS scheme only gets that one (OpenSSL
    // refuses a CertificateVerify under a scheme it did not list).
    let (chain, key) = files("client_rsa");
    for listed in ["rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512", "ecdsa_secp256r1_sha256:rsa_pss_rsae_sha512:rsa_pss_rsae_sha256"] {
        let server = Server::start_mutual(&["-naccept", "1", "-client_sigalgs", listed]);
        echo(mutual_config(&ca, &chain, &key), &server).expect(listed);
    }
    // Without RSA-PSS in its list, the client refuses by name.
    let server = Server::start_mutual(&["-naccept", "1", "-client_sigalgs", "ecdsa_secp256r1_sha256:ed25519:rsa_pkcs1_sha256"]);
    let error = echo(mutual_config(&ca, &chain, &key), &server).unwrap_err();
    assert_eq!(error, Error::ClientSchemeNotAccepted(SignatureScheme::RsaPssRsaeSha256));
    assert!(format!("{error}").ends_with("does not list rsa_pss_rsae_sha256 (nor rsa_pss_rsae_sha384, rsa_pss_rsae_sha512)"), "{error}");
    // A key that is not the certificate's: the server refuses its signature.
    let (chain, _) = files("client_rsa4096");
    let error = echo(mutual_config(&ca, &chain, &key), &Server::start_mutual(&["-naccept", "1"])).unwrap_err();
    assert!(matches!(error, Error::AlertReceived(_)), "{error:?}");
}

/// Reads until `expected` arrives (s_server's stdin lines come as data).
fn read_until(driver: &mut SocketDriver<'_, Tcp>, expected: &[u8]) {
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while !got.ends_with(expected) {
        let n = driver.read(&mut buf).unwrap();
        assert!(n > 0, "EOF; got {got:?}");
        got.extend_from_slice(&buf[..n]);
    }
}

#[test]
fn key_updates_in_both_directions() {
    if openssl_missing() {
        return;
    }
    // s_server in its interactive mode: stdin lines go to the client, "k"
    // updates the server's keys, "K" also asks the client to update; what
    // the client sends appears on s_server's stdout.
    let file = |name: &str| pki().join(name).to_str().unwrap().to_string();
    let (child, port, mut stdout) = spawn_s_server(&[
        "-tls1_3",
        "-naccept",
        "1",
        "-cert",
        &file("server.crt"),
        "-key",
        &file("server.key"),
    ]);
    let server = Server { child, port };
    let ca = pki_file("ca.der");
    let mut config = verified_config();
    config.trust_anchors = Some(&ca);
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let connection = Connection::new(&mut memory, config, [9; 32]).unwrap();
    let mut driver = SocketDriver::new(connection, server.connect());
    driver.handshake().unwrap();
    let mut server = server;
    let stdin = server.child.stdin.as_mut().unwrap();
    for (round, command) in [&b"k\n"[..], b"K\n", b"K\n"].into_iter().enumerate() {
        // Separate reads on s_server's side: a command must be a line alone.
        stdin.write_all(command).unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
        stdin.write_all(format!("from server {round}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
        read_until(&mut driver, format!("from server {round}\n").as_bytes());
        driver.write(format!("from client {round}\n").as_bytes()).unwrap();
    }
    driver.close().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let _ = server.child.kill();
    let mut log = String::new();
    stdout.read_to_string(&mut log).unwrap();
    for round in 0..3 {
        assert!(log.contains(&format!("from client {round}")), "server did not decrypt round {round}: {log}");
    }
}

/// Connects with `config`, echoes a line (which also brings the server's
/// tickets) and returns (resumed, had a peer certificate, session bytes,
/// ClientHellos sent).
fn connect_for_session(config: Config<'_>, server: &Server) -> (bool, bool, Option<Vec<u8>>, usize) {
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let connection = Connection::new(&mut memory, config, [3; 32]).unwrap();
    let sent = std::rc::Rc::default();
    let mut driver = SocketDriver::new(connection, RecordingTcp(server.connect(), std::rc::Rc::clone(&sent)));
    driver.handshake().unwrap();
    echo_line(&mut driver, b"ticket please").unwrap();
    let connection = driver.connection();
    let session = connection.session().map(|session| {
        let mut buf = vec![0u8; 4096];
        let len = session.encode(&mut buf).unwrap();
        buf.truncate(len);
        buf
    });
    let result = (connection.resumed(), connection.peer_certificate().is_some(), session, client_hellos(&sent.borrow()));
    driver.close().unwrap();
    result
}

/// Connects to `server` (verifying it with `ca`), resuming `session` if
/// given, with X25519 offered before P-256; returns (resumed, ClientHellos
/// sent, the group the new session keeps, the new session's bytes).
fn connect_recording(server: &Server, ca: &[u8], session: Option<&[u8]>) -> (bool, usize, Option<NamedGroup>, Vec<u8>) {
    let mut config = verified_config();
    config.trust_anchors = Some(ca);
    config.groups = heapless::Vec::from_slice(&[NamedGroup::X25519, NamedGroup::Secp256r1]).unwrap();
    config.resumption = session;
    let (resumed, _, next, hellos) = connect_for_session(config, server);
    let next = next.expect("s_server sends tickets");
    let group = Session::decode(&next).unwrap().group;
    (resumed, hellos, group, next)
}

/// A resumption offers its key share for the group the server chose last
/// time: against a server with P-256 only, the first connection (X25519
/// offered first) takes a HelloRetryRequest, the resumed one does not.
#[test]
fn resumption_offers_the_group_chosen_last_time() {
    if openssl_missing() {
        return;
    }
    let file = |name: &str| pki().join(name).to_string_lossy().into_owned();
    let server = Server::with(&["-cert", &file("server.crt"), "-key", &file("server.key")], &["-tls1_3", "-groups", "P-256"]);
    let ca = pki_file("ca.der");
    let (resumed, hellos, group, session) = connect_recording(&server, &ca, None);
    assert_eq!((resumed, hellos, group), (false, 2, Some(NamedGroup::Secp256r1)));
    let (resumed, hellos, group, _) = connect_recording(&server, &ca, Some(&session));
    assert_eq!((resumed, hellos, group), (true, 1, Some(NamedGroup::Secp256r1)));
}

#[test]
fn resumption_skips_certificates() {
    if openssl_missing() {
        return;
    }
    let (ca, chain, key) = (pki_file("ca.der"), pki_file("client.der"), pki_file("client.key.der"));
    let server = Server::start_mutual(&[]);
    let (resumed, had_cert, session, _) = connect_for_session(mutual_config(&ca, &chain, &key), &server);
    assert!(!resumed && had_cert);
    let session = session.expect("s_server sends tickets after the handshake");
    let mut config = mutual_config(&ca, &chain, &key);
    config.resumption = Some(&session);
    let (resumed, had_cert, next, _) = connect_for_session(config, &server);
    assert!(resumed, "second handshake resumed");
    assert!(!had_cert, "no Certificate message in a resumed handshake");
    assert!(next.is_some(), "a resumed connection gets new tickets");
    // A tampered ticket is refused by the server: a full handshake follows.
    let mut bad = session.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let mut config = mutual_config(&ca, &chain, &key);
    config.resumption = Some(&bad);
    let (resumed, had_cert, _, _) = connect_for_session(config, &server);
    assert!(!resumed && had_cert);
}

/// Connects with `config` and returns whether the handshake resumed, or
/// why it failed.
fn try_resume(config: Config<'_>, server: &Server) -> Result<bool, Error> {
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let connection = Connection::new(&mut memory, config, [5; 32])?;
    let mut driver = SocketDriver::new(connection, server.connect());
    driver.handshake()?;
    let resumed = driver.resumed();
    driver.close()?;
    Ok(resumed)
}

/// RFC 8446 §4.6.1: a session resumes only a connection to the server name
/// it was made for, authenticated as it was. A session from an unverified
/// connection, or for another name, or offered under other trust anchors,
/// is not offered: a full handshake (with its verification) follows.
#[test]
fn sessions_resume_only_where_they_are_bound() {
    if openssl_missing() {
        return;
    }
    let file = |name: &str| pki().join(name).to_string_lossy().into_owned();
    let server = Server::with(&["-cert", &file("server.crt"), "-key", &file("server.key")], &["-tls1_3"]);
    let ca = pki_file("ca.der");
    let config = |name: &'static str, anchors: Option<&'static [u8]>, session: Option<&'static [u8]>| {
        let mut config = verified_config();
        config.server_name = Some(name);
        config.trust_anchors = anchors;
        config.resumption = session;
        config
    };
    let ca: &'static [u8] = ca.leak();
    let unverified = connect_for_session(config("localhost", None, None), &server).2.expect("a ticket");
    let verified = connect_for_session(config("localhost", Some(ca), None), &server).2.expect("a ticket");
    let (unverified, verified): (&'static [u8], &'static [u8]) = (unverified.leak(), verified.leak());

    assert_eq!(try_resume(config("localhost", Some(ca), Some(verified)), &server), Ok(true), "the same server and CA");
    assert_eq!(try_resume(config("localhost", Some(ca), Some(unverified)), &server), Ok(false), "made without verification");
    assert_eq!(try_resume(config("127.0.0.1", Some(ca), Some(verified)), &server), Ok(false), "made for another name");
    assert_eq!(
        try_resume(config("localhost", Some(ROOT), Some(verified)), &server),
        Err(Error::Certificate(CertError::UnknownIssuer)),
        "offered under other trust anchors: verified, and refused, instead"
    );
    assert_eq!(try_resume(config("localhost", None, Some(verified)), &server), Ok(false), "verified, offered unverified");
}

/// Handshakes with an external PSK against `s_server -psk` (no certificate).
fn psk_echo(key: &[u8], psk_ke: bool, server_args: &[&str]) -> Result<(), Error> {
    let file = |name: &str| pki().join(name).to_str().unwrap().to_string();
    let args = [&["-tls1_3", "-psk", "00112233445566778899aabbccddeeff", "-psk_identity", "device-7", "-nocert"][..], server_args].concat();
    let server = Server::with(&["-key", &file("server.key")], &args);
    let mut config = Config::new(1_800_000_000);
    config.server_name = Some("localhost");
    config.external_psk = Some((b"device-7", key));
    config.psk_ke = psk_ke;
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let connection = Connection::new(&mut memory, config, [5; 32])?;
    let mut driver = SocketDriver::new(connection, server.connect());
    driver.handshake()?;
    assert!(driver.connection().peer_certificate().is_none());
    echo_line(&mut driver, b"psk")?;
    driver.close()
}

const PSK: [u8; 16] = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff];

#[test]
fn external_psk_with_and_without_ecdhe() {
    if openssl_missing() {
        return;
    }
    psk_echo(&PSK, false, &[]).unwrap();
    psk_echo(&PSK, true, &["-allow_no_dhe_kex"]).unwrap();
    // A server that requires ECDHE refuses a psk_ke-only client.
    assert!(psk_echo(&PSK, true, &[]).is_err());
}

#[test]
fn external_psk_with_the_wrong_key_fails() {
    if openssl_missing() {
        return;
    }
    let mut wrong = PSK;
    wrong[0] ^= 1;
    let error = psk_echo(&wrong, false, &[]).unwrap_err();
    assert!(matches!(error, Error::AlertReceived(_) | Error::PskNotAccepted), "{error:?}");
}

/// Runs `f` on a fresh thread whose unused stack is first painted, and
/// returns how many bytes of stack `f` touched (the high-water mark).
fn stack_high_water(f: impl FnOnce() + Send + 'static) -> usize {
    // Unoptimised builds use far larger frames.
    const PAINT: usize = if cfg!(debug_assertions) { 4 << 20 } else { 192 * 1024 };
    std::thread::Builder::new()
        .stack_size(PAINT + 64 * 1024)
        .spawn(move || {
            let marker = 0u8;
            let top = core::ptr::addr_of!(marker) as usize & !7;
            // Paint below this frame (1 KiB of margin for the calls that follow).
            let low = top - PAINT;
            for addr in (low..top - 1024).step_by(8) {
                // SAFETY: inside this thread's own, unused stack (it is PAINT + 64 KiB long).
                unsafe { core::ptr::write_volatile(addr as *mut u64, 0xA5A5_A5A5_A5A5_A5A5) };
            }
            f();
            let untouched = (low..top - 1024)
                .step_by(8)
                // SAFETY: as above; reading back the painted region.
                .take_while(|&addr| unsafe { core::ptr::read_volatile(addr as *const u64) } == 0xA5A5_A5A5_A5A5_A5A5)
                .count();
            top - (low + untouched * 8)
        })
        .unwrap()
        .join()
        .unwrap()
}

/// The stack high-water mark of a verified mutual-TLS handshake and one
/// echo with the client certificate `chain` and `key` (gen_certs.sh's
/// names) against `server`, trusting `anchor`.
fn mutual_handshake_stack(anchor: &str, chain: &str, key: &str, server: Server) -> usize {
    let (ca, chain, key) = (pki_file(anchor), pki_file(chain), pki_file(key));
    stack_high_water(move || {
        let config = mutual_config(&ca, &chain, &key);
        let mut memory = vec![0u8; Layout::for_config(&config).total()];
        let connection = Connection::new(&mut memory, config, [1; 32]).unwrap();
        let stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        let mut driver = SocketDriver::new(connection, Tcp(stream));
        driver.handshake().unwrap();
        echo_line(&mut driver, b"stack").unwrap();
    })
}

#[test]
fn stack_high_water_of_a_verified_mutual_handshake() {
    if openssl_missing() {
        return;
    }
    let used = mutual_handshake_stack("ca.der", "client.der", "client.key.der", Server::start_mutual(&[]));
    std::println!("stack high-water, verified mutual-TLS handshake (x86_64, this build): {used} bytes");
    // The figure that matters is the optimised build's (printed above,
    // including this test's socket I/O); guard against regressions.
    if !cfg!(debug_assertions) {
        assert!(used < 16 * 1024, "{used} bytes of stack");
    }
}

#[test]
fn stack_high_water_with_p384_and_ed25519_keys() {
    if openssl_missing() {
        return;
    }
    // An Ed25519 server (Ed25519 CA) with the client keys of each type;
    // the same bound as the P-256 handshake's. Without the `ed25519`
    // feature, which refuses Ed25519 servers and keys (see the tests
    // above), a P-384 server (P-384 CA) and the P-384 key.
    let file = |name: &str| pki().join(name).to_str().unwrap().to_string();
    let (server_name, anchor) = if cfg!(feature = "ed25519") { ("ed_ca_server", "ed_ca.der") } else { ("p384_ca_server", "p384_ca.der") };
    let mut keys = vec![("client384.der", "client384.key")];
    if cfg!(feature = "ed25519") {
        keys.push(("client_ed.der", "client_ed.key"));
    }
    for (chain, key) in keys {
        let (cert, server_key) = (file(&format!("{server_name}.crt")), file(&format!("{server_name}.key")));
        let credentials = ["-cert", &cert, "-key", &server_key, "-CAfile", &file("ca.crt")];
        let server = Server::with(&credentials, &["-tls1_3", "-Verify", "1", "-verify_return_error", "-naccept", "1"]);
        let used = mutual_handshake_stack(anchor, chain, key, server);
        std::println!("stack high-water, {server_name}, client {key} (x86_64, this build): {used} bytes");
        if !cfg!(debug_assertions) {
            assert!(used < 16 * 1024, "{used} bytes of stack");
        }
    }
}

#[cfg(feature = "rsa")]
#[test]
fn stack_high_water_with_rsa_client_keys() {
    if openssl_missing() {
        return;
    }
    // The RSA-PSS signature's arithmetic (crypto-bigint, in integers of the
    // key's size class) dominates: far more than the other key types need,
    // which is why `rsa` is a feature for hosts.
    for (chain, key) in [("client_rsa.der", "client_rsa.key"), ("client_rsa4096.der", "client_rsa4096.key")] {
        let used = mutual_handshake_stack("ca.der", chain, key, Server::start_mutual(&["-naccept", "1"]));
        std::println!("stack high-water, verified mutual-TLS handshake, client {key} (x86_64, this build): {used} bytes");
        if !cfg!(debug_assertions) {
            assert!(used < RSA_STACK_BOUND, "{used} bytes of stack");
        }
    }
}

/// A bound on the optimised build's stack use in a handshake that signs
/// with an RSA key (the test prints it; most of it is crypto-bigint's
/// parameter set-up, inversion and exponentiation of 4096- and 2048-bit
/// integers).
#[cfg(feature = "rsa")]
const RSA_STACK_BOUND: usize = 48 * 1024;

/// A Let's Encrypt-shaped RSA chain (RSA-4096 root, RSA-2048 intermediate
/// and leaf) with an RSA-PSS CertificateVerify.
#[cfg(feature = "rsa")]
#[test]
fn rsa_chain_with_pss_certificate_verify() {
    if openssl_missing() {
        return;
    }
    const RSA_ROOT: &[u8] = include_bytes!("../fixtures/x509/rsa_root4096.der");
    let fixture = |name: &str| format!("{FIXTURES}{name}");
    let credentials = ["-cert", &fixture("rsa_leaf.pem"), "-cert_chain", &fixture("rsa_int2048.pem"), "-key", &fixture("rsa_leaf_key.pem")];
    for scheme in ["rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384"] {
        let server = Server::with(&credentials, &["-tls1_3", "-naccept", "1", "-sigalgs", scheme]);
        let mut config = verified_config();
        config.trust_anchors = Some(RSA_ROOT);
        echo(config, &server).unwrap();
    }
}

/// The same chain, root included, in records of 512 bytes
/// (`-max_send_frag 512`): its Certificate message is longer than the
/// whole reassembly buffer, so it only verifies because each certificate
/// is checked as it streams in.
#[cfg(feature = "rsa")]
#[test]
fn rsa_chain_in_small_records() {
    if openssl_missing() {
        return;
    }
    const RSA_ROOT: &[u8] = include_bytes!("../fixtures/x509/rsa_root4096.der");
    const CHAIN: [&[u8]; 3] = [
        include_bytes!("../fixtures/x509/rsa_leaf.der"),
        include_bytes!("../fixtures/x509/rsa_int2048.der"),
        RSA_ROOT,
    ];
    let config = verified_config();
    let message_len: usize = 4 + 1 + 3 + CHAIN.iter().map(|cert| 3 + cert.len() + 2).sum::<usize>();
    assert!(message_len > Layout::for_config(&config).reassembly, "{message_len}");
    let fixture = |name: &str| format!("{FIXTURES}{name}");
    // The intermediate and the root, as PEM, for -cert_chain.
    let chain_pem = std::env::temp_dir().join(format!("rtls-rsa-chain-{}.pem", std::process::id()));
    let mut pem = std::fs::read(fixture("rsa_int2048.pem")).unwrap();
    let root = Command::new("openssl")
        .args(["x509", "-inform", "der", "-in", &fixture("rsa_root4096.der")])
        .output()
        .unwrap();
    assert!(root.status.success());
    pem.extend_from_slice(&root.stdout);
    std::fs::write(&chain_pem, pem).unwrap();
    let chain_pem = chain_pem.to_str().unwrap();
    let credentials = ["-cert", &fixture("rsa_leaf.pem"), "-cert_chain", chain_pem, "-key", &fixture("rsa_leaf_key.pem")];
    let args = ["-tls1_3", "-naccept", "1", "-max_send_frag", "512"];
    let mut config = verified_config();
    config.trust_anchors = Some(RSA_ROOT);
    let result = echo(config, &Server::with(&credentials, &args));
    // The verdict still comes from the chain: another root refuses it.
    let mut config = verified_config();
    config.trust_anchors = Some(ROOT);
    let refused = echo(config, &Server::with(&credentials, &args));
    let _ = std::fs::remove_file(chain_pem);
    result.unwrap();
    assert_eq!(refused, Err(Error::Certificate(CertError::UnknownIssuer)));
}

/// A chain the streaming verifier alone refuses: the server sends a
/// cross-signed twin of the intermediate (its issuer untrusted) before the
/// intermediate itself. In one record, the Certificate message is whole
/// and the fallback path search finds leaf <- int <- root (with the
/// feature `chain-search`); in 512-byte records it is not, and the chain
/// is "not trusted" (UnknownIssuer), the limit the README states.
#[test]
fn chain_search_after_a_dead_end() {
    if openssl_missing() {
        return;
    }
    let fixture = |name: &str| format!("{FIXTURES}{name}");
    let chain_pem = std::env::temp_dir().join(format!("rtls-cross-chain-{}.pem", std::process::id()));
    let mut pem = Vec::new();
    for der in ["int_cross.der", "int.der"] {
        let out = Command::new("openssl").args(["x509", "-inform", "der", "-in", &fixture(der)]).output().unwrap();
        assert!(out.status.success());
        pem.extend_from_slice(&out.stdout);
    }
    std::fs::write(&chain_pem, pem).unwrap();
    let chain_pem = chain_pem.to_str().unwrap();
    let credentials = ["-cert", &fixture("leaf.pem"), "-cert_chain", chain_pem, "-key", &fixture("leaf_pkcs8.pem")];
    let whole = echo(verified_config(), &Server::with(&credentials, &["-tls1_3", "-naccept", "1"]));
    let split = echo(verified_config(), &Server::with(&credentials, &["-tls1_3", "-naccept", "1", "-max_send_frag", "512"]));
    let _ = std::fs::remove_file(chain_pem);
    let not_trusted = Err(Error::Certificate(CertError::UnknownIssuer));
    match cfg!(feature = "chain-search") {
        true => assert!(whole.is_ok(), "{whole:?}"),
        false => assert_eq!(whole, not_trusted),
    }
    assert_eq!(split, not_trusted);
}
