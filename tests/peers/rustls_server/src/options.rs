//! Command-line options (see main.rs for the usage).

#[derive(Default)]
pub struct Options {
    pub port: u16,
    pub cert: String,
    pub key: String,
    /// Trust anchors for client certificates; none: no CertificateRequest.
    pub client_ca: Option<String>,
    /// With client_ca: refuse a client without a certificate.
    pub client_auth_required: bool,
    /// TLS 1.3 suites and key exchange groups, in the server's order;
    /// empty: the ring provider's defaults.
    pub suites: Vec<String>,
    pub groups: Vec<String>,
    pub alpn: Vec<Vec<u8>>,
    /// NewSessionTickets sent after each full handshake.
    pub tickets: usize,
    /// Encrypted (stateless) tickets instead of ids into a session cache.
    pub stateless_tickets: bool,
    /// Send a KeyUpdate (update_requested) before echoing a read that ends
    /// a line: one per line, however the line's records arrive.
    pub key_update: bool,
    /// Send close_notify once this many bytes are echoed; 0: echo until
    /// the client closes.
    pub close_after: usize,
    /// Largest plaintext per record the server sends (rustls'
    /// max_fragment_size); 0: rustls' default. Small values split its
    /// handshake messages, tickets included, over records.
    pub max_fragment: usize,
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

impl Options {
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut o = Options {
            tickets: 2,
            ..Options::default()
        };
        while let Some(flag) = args.next() {
            match flag.as_str() {
                "--stateless-tickets" => o.stateless_tickets = true,
                "--key-update" => o.key_update = true,
                _ => {
                    let value = args.next().ok_or(format!("{flag} needs a value"))?;
                    let number = || {
                        value
                            .parse()
                            .map_err(|_| format!("{flag} {value}: not a number"))
                    };
                    match flag.as_str() {
                        "--port" => o.port = value.parse().map_err(|_| "bad --port")?,
                        "--cert" => o.cert = value,
                        "--key" => o.key = value,
                        "--client-ca" => o.client_ca = Some(value),
                        "--client-auth" => match value.as_str() {
                            "required" => o.client_auth_required = true,
                            "optional" => o.client_auth_required = false,
                            _ => {
                                return Err(format!("--client-auth {value}: required or optional"))
                            }
                        },
                        "--suites" => o.suites = list(&value),
                        "--groups" => o.groups = list(&value),
                        "--alpn" => {
                            o.alpn = list(&value).into_iter().map(String::into_bytes).collect()
                        }
                        "--tickets" => o.tickets = number()?,
                        "--close-after" => o.close_after = number()?,
                        "--max-fragment" => o.max_fragment = number()?,
                        _ => return Err(format!("unknown option {flag}")),
                    }
                }
            }
        }
        if o.port == 0 || o.cert.is_empty() || o.key.is_empty() {
            return Err("--port, --cert and --key are required".into());
        }
        Ok(o)
    }
}
