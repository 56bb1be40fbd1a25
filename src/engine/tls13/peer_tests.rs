//! The engine against a real peer: `openssl s_server` on 127.0.0.1, with
//! the x509 fixtures (root -> intermediate -> leaf for "localhost").

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::config::Config;
use super::connection::{Connection, Layout};
use super::crypto::kx::NamedGroup;
use super::crypto::suite::CipherSuite;
use super::driver::SocketDriver;
use crate::engine::error::Error;
use crate::engine::transport::Transport;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/x509/");
const ROOT: &[u8] = include_bytes!("../../../tests/fixtures/x509/root.der");

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

/// `openssl s_server -rev` with `args`, killed on drop.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let fixture = |name: &str| format!("{FIXTURES}{name}");
        let child = Command::new("openssl")
            .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-rev", "-naccept", "1"])
            .args(["-cert", &fixture("leaf.pem"), "-cert_chain", &fixture("int.pem")])
            .args(["-key", &fixture("leaf_pkcs8.pem")])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server");
        let deadline = Instant::now() + Duration::from_secs(10);
        // Wait until the port is taken, without using up the one accept.
        while TcpListener::bind(("127.0.0.1", port)).is_ok() {
            assert!(Instant::now() < deadline, "s_server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
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

/// Handshakes with `config` against a server started with `args`, then
/// checks one echoed line.
fn echo_with(config: Config<'_>, args: &[&str]) -> Result<String, Error> {
    let server = Server::start(args);
    let mut memory = vec![0u8; Layout::for_config(&config).total()];
    let connection = Connection::new(&mut memory, config, [7; 32])?;
    let mut driver = SocketDriver::new(connection, server.connect());
    driver.handshake()?;
    let suite = driver.connection().cipher_suite().unwrap().to_string();
    driver.write(b"hello rtls\n")?;
    let mut reply = Vec::new();
    let mut buf = [0u8; 64];
    while !reply.ends_with(b"\n") {
        let n = driver.read(&mut buf)?;
        assert!(n > 0, "EOF before the echo");
        reply.extend_from_slice(&buf[..n]);
    }
    assert_eq!(reply, b"sltr olleh\n");
    driver.close()?;
    Ok(suite)
}

#[test]
fn full_handshake_with_each_suite() {
    for (suite, name) in [
        (CipherSuite::Aes128GcmSha256, "TLS_AES_128_GCM_SHA256"),
        (CipherSuite::Aes256GcmSha384, "TLS_AES_256_GCM_SHA384"),
        (CipherSuite::Chacha20Poly1305Sha256, "TLS_CHACHA20_POLY1305_SHA256"),
    ] {
        let suites = [suite];
        let mut config = verified_config();
        config.suites = &suites;
        assert_eq!(echo_with(config, &["-tls1_3"]).unwrap(), name);
    }
}

#[test]
fn hello_retry_request_for_the_other_group() {
    for (groups, server_group) in [
        ([NamedGroup::X25519, NamedGroup::Secp256r1], "P-256"),
        ([NamedGroup::Secp256r1, NamedGroup::X25519], "X25519"),
    ] {
        let mut config = verified_config();
        config.groups = &groups;
        echo_with(config, &["-tls1_3", "-groups", server_group]).unwrap();
    }
}

#[test]
fn wrong_hostname_is_rejected_with_an_alert() {
    let mut config = verified_config();
    config.server_name = Some("other.example");
    let error = echo_with(config, &["-tls1_3"]).unwrap_err();
    assert_eq!(error, Error::Certificate(crate::engine::x509::CertError::HostnameMismatch));
}

#[test]
fn tls12_server_is_not_tls13() {
    assert_eq!(echo_with(verified_config(), &["-tls1_2"]).unwrap_err(), Error::NotTls13);
}
