//! A TLS 1.3 server on rustls (ring provider) for rtls's integration tests
//! (tests/run.py). It echoes what the client sends and logs each connection
//! on stdout for the runner's checks:
//!
//!   handshake: suite=TLS13_AES_128_GCM_SHA256 group=X25519 kind=Full alpn=none client_cn=none
//!   ticket issued: <hex>        ticket redeemed: <hex>   (tickets.rs)
//!   sent KeyUpdate              client key updates: N    (--key-update)
//!   client close_notify         sending close_notify
//!
//! kind is rustls's HandshakeKind: Full, FullWithHelloRetryRequest or
//! Resumed. Connections are served one at a time, so one connection's lines
//! are all out before the next connection begins.
//!
//! Usage: rustls_server --port P --cert F --key F
//!     [--client-ca F [--client-auth optional|required]]
//!     [--suites S,S] [--groups G,G] [--alpn P,P] [--tickets N]
//!     [--stateless-tickets] [--key-update] [--close-after BYTES]
//!     [--max-fragment BYTES]
mod cn;
mod key_updates;
mod options;
mod tickets;

use std::error::Error;
use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use rustls::crypto::ring as provider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig, ServerConnection};

use key_updates::ClientSecret;
use options::Options;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// A client that stops talking does not hold the (sequential) server.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

fn pick<T: Copy>(names: &[String], known: &[(&str, T)]) -> Result<Vec<T>> {
    names
        .iter()
        .map(|name| {
            known
                .iter()
                .find(|(n, _)| n == name)
                .map(|&(_, v)| v)
                .ok_or_else(|| format!("unknown name {name}").into())
        })
        .collect()
}

fn crypto_provider(o: &Options) -> Result<Arc<rustls::crypto::CryptoProvider>> {
    // Deprecated since 0.23.48 for lacking post-quantum groups, which rtls
    // does not offer either; ring builds with a C compiler alone.
    #[allow(deprecated)]
    let mut p = provider::default_provider();
    if !o.suites.is_empty() {
        use provider::cipher_suite::*;
        p.cipher_suites = pick(
            &o.suites,
            &[
                ("TLS_AES_128_GCM_SHA256", TLS13_AES_128_GCM_SHA256),
                ("TLS_AES_256_GCM_SHA384", TLS13_AES_256_GCM_SHA384),
                (
                    "TLS_CHACHA20_POLY1305_SHA256",
                    TLS13_CHACHA20_POLY1305_SHA256,
                ),
            ],
        )?;
    }
    if !o.groups.is_empty() {
        use provider::kx_group::*;
        p.kx_groups = pick(
            &o.groups,
            &[
                ("x25519", X25519),
                ("secp256r1", SECP256R1),
                ("secp384r1", SECP384R1),
            ],
        )?;
    }
    Ok(Arc::new(p))
}

fn server_config(o: &Options, client_secret: &Arc<ClientSecret>) -> Result<Arc<ServerConfig>> {
    let provider = crypto_provider(o)?;
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&[&rustls::version::TLS13])?;
    let builder = match &o.client_ca {
        None => builder.with_no_client_auth(),
        Some(file) => {
            let mut roots = RootCertStore::empty();
            for cert in CertificateDer::pem_file_iter(file)? {
                roots.add(cert?)?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider);
            let verifier = if o.client_auth_required {
                verifier
            } else {
                verifier.allow_unauthenticated()
            };
            builder.with_client_cert_verifier(verifier.build()?)
        }
    };
    let chain = CertificateDer::pem_file_iter(&o.cert)?.collect::<std::result::Result<_, _>>()?;
    let mut config = builder.with_single_cert(chain, PrivateKeyDer::from_pem_file(&o.key)?)?;
    config.alpn_protocols = o.alpn.clone();
    config.send_tls13_tickets = o.tickets;
    if o.max_fragment > 0 {
        config.max_fragment_size = Some(o.max_fragment);
    }
    if o.stateless_tickets {
        config.ticketer = tickets::LoggedTicketer::new()?;
    } else {
        config.session_storage = tickets::LoggedCache::new();
    }
    if o.key_update {
        // For counting the client's KeyUpdates (key_updates.rs).
        config.key_log = client_secret.clone();
        config.enable_secret_extraction = true;
    }
    Ok(Arc::new(config))
}

/// Write out whatever rustls has queued (records, alerts, tickets).
fn flush(conn: &mut ServerConnection, tcp: &mut TcpStream) -> Result<()> {
    while conn.wants_write() {
        conn.write_tls(tcp)?;
    }
    Ok(())
}

fn handshake_line(conn: &ServerConnection) -> String {
    let suite = conn.negotiated_cipher_suite().map(|s| s.suite());
    let group = conn.negotiated_key_exchange_group().map(|g| g.name());
    let alpn = conn
        .alpn_protocol()
        .map_or("none".into(), |p| String::from_utf8_lossy(p).into_owned());
    let cn = conn
        .peer_certificates()
        .and_then(|c| c.first())
        .and_then(|c| cn::subject_cn(c));
    format!(
        "handshake: suite={} group={} kind={} alpn={alpn} client_cn={}",
        suite.map_or("none".into(), |s| format!("{s:?}")),
        group.map_or("none".into(), |g| format!("{g:?}")),
        conn.handshake_kind()
            .map_or("none".into(), |k| format!("{k:?}")),
        cn.as_deref().unwrap_or("none"),
    )
}

fn serve(
    mut tcp: TcpStream,
    config: &Arc<ServerConfig>,
    o: &Options,
    client_secret: &ClientSecret,
) -> Result<()> {
    tcp.set_read_timeout(Some(IDLE_TIMEOUT))?;
    if tcp.peek(&mut [0])? == 0 {
        return Ok(()); // tests/run.py's readiness probe: connects, sends nothing
    }
    let mut conn = ServerConnection::new(config.clone())?;
    while conn.is_handshaking() {
        // complete_io sends the alert for a failure before returning it.
        if let Err(err) = conn.complete_io(&mut tcp) {
            println!("handshake failed: {err}");
            return Ok(());
        }
    }
    println!("{}", handshake_line(&conn));
    flush(&mut conn, &mut tcp)?;

    let mut buf = [0u8; 16384];
    let mut echoed = 0;
    loop {
        match conn.reader().read(&mut buf) {
            Ok(0) => {
                println!("client close_notify");
                break;
            }
            Ok(n) => {
                if o.key_update && buf[n - 1] == b'\n' {
                    conn.refresh_traffic_keys()?;
                    println!("sent KeyUpdate");
                }
                conn.writer().write_all(&buf[..n])?;
                flush(&mut conn, &mut tcp)?;
                echoed += n;
                if o.close_after > 0 && echoed >= o.close_after {
                    break;
                }
            }
            Err(err) if err.kind() == ErrorKind::WouldBlock => {
                if conn.read_tls(&mut tcp)? == 0 {
                    println!("TCP closed without close_notify");
                    return Ok(());
                }
                let processed = conn.process_new_packets();
                flush(&mut conn, &mut tcp)?; // an alert, or a KeyUpdate answer
                if let Err(err) = processed {
                    println!("failed: {err}");
                    return Ok(());
                }
            }
            Err(err) => return Err(err.into()),
        }
    }
    println!("echoed {echoed} bytes");
    // Logged first: once the client has it, the runner may stop the server.
    println!("sending close_notify");
    conn.send_close_notify();
    if let Err(err) = flush(&mut conn, &mut tcp) {
        println!("close_notify not sent: {err}"); // the client may be gone
    }
    if o.key_update {
        let rx = conn.dangerous_extract_secrets()?.rx.1;
        match client_secret.updates(&rx) {
            Some(n) => println!("client key updates: {n}"),
            None => println!("client key updates: none matches"),
        }
    }
    Ok(())
}

fn main() {
    let o = Options::parse(std::env::args().skip(1)).unwrap_or_else(|err| {
        eprintln!("rustls_server: {err}");
        std::process::exit(2);
    });
    let client_secret = Arc::new(ClientSecret::default());
    let config = server_config(&o, &client_secret).unwrap_or_else(|err| {
        eprintln!("rustls_server: {err}");
        std::process::exit(1);
    });
    let listener = TcpListener::bind(("127.0.0.1", o.port)).unwrap_or_else(|err| {
        eprintln!("rustls_server: port {}: {err}", o.port);
        std::process::exit(1);
    });
    for tcp in listener.incoming() {
        let result = tcp
            .map_err(Into::into)
            .and_then(|tcp| serve(tcp, &config, &o, &client_secret));
        if let Err(err) = result {
            println!("connection failed: {err}");
        }
    }
}
