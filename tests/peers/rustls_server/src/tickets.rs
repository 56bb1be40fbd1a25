//! Resumption state that logs each ticket it issues and each one a client
//! redeems (as hex), so tests/run.py can tell which of several tickets the
//! client came back with.
use std::sync::Arc;

use rustls::server::{ProducesTickets, ServerSessionMemoryCache, StoresServerSessions};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn redeemed(ticket: &[u8], found: bool) {
    let what = if found { "redeemed" } else { "unknown" };
    println!("ticket {what}: {}", hex(ticket));
}

/// Stateful tickets: random ids into a memory cache (rustls's default).
#[derive(Debug)]
pub struct LoggedCache(Arc<ServerSessionMemoryCache>);

impl LoggedCache {
    pub fn new() -> Arc<Self> {
        Arc::new(Self(ServerSessionMemoryCache::new(64)))
    }
}

impl StoresServerSessions for LoggedCache {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        println!("ticket issued: {}", hex(&key));
        self.0.put(key, value)
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(key)
    }

    // TLS 1.3 tickets are single-use: rustls takes them.
    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.0.take(key);
        redeemed(key, value.is_some());
        value
    }

    fn can_cache(&self) -> bool {
        self.0.can_cache()
    }
}

/// Stateless tickets: the session encrypted under a server key.
#[derive(Debug)]
pub struct LoggedTicketer(Arc<dyn ProducesTickets>);

impl LoggedTicketer {
    pub fn new() -> Result<Arc<Self>, rustls::Error> {
        Ok(Arc::new(Self(rustls::crypto::ring::Ticketer::new()?)))
    }
}

impl ProducesTickets for LoggedTicketer {
    fn enabled(&self) -> bool {
        self.0.enabled()
    }

    fn lifetime(&self) -> u32 {
        self.0.lifetime()
    }

    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let ticket = self.0.encrypt(plain)?;
        println!("ticket issued: {}", hex(&ticket));
        Some(ticket)
    }

    fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        let plain = self.0.decrypt(cipher);
        redeemed(cipher, plain.is_some());
        plain
    }
}
