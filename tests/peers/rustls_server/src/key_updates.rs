//! Counts the client's KeyUpdates, which rustls does not report: the
//! server walks the client's traffic-secret chain (RFC 8446 §7.2) from the
//! key log's CLIENT_TRAFFIC_SECRET_0 until a secret gives the key rustls
//! reads with at the end of the connection.
use std::sync::Mutex;

use ring::hkdf;
use rustls::{ConnectionTrafficSecrets, KeyLog};

const LABEL: &str = "CLIENT_TRAFFIC_SECRET_0";
/// More updates than any test makes: give up there.
const MAX_UPDATES: usize = 1000;

/// The last connection's first client application traffic secret.
#[derive(Debug, Default)]
pub struct ClientSecret(Mutex<Option<Vec<u8>>>);

impl KeyLog for ClientSecret {
    fn will_log(&self, label: &str) -> bool {
        label == LABEL
    }

    fn log(&self, label: &str, _client_random: &[u8], secret: &[u8]) {
        if label == LABEL {
            *self.0.lock().unwrap() = Some(secret.to_vec());
        }
    }
}

struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

/// HKDF-Expand-Label(secret, label, "", len) (RFC 8446 §7.1).
fn expand_label(alg: hkdf::Algorithm, secret: &[u8], label: &[u8], len: usize) -> Vec<u8> {
    let length = (len as u16).to_be_bytes();
    let label_len = [(b"tls13 ".len() + label.len()) as u8];
    let info: [&[u8]; 5] = [&length, &label_len, b"tls13 ", label, &[0]];
    let mut out = vec![0; len];
    hkdf::Prk::new_less_safe(alg, secret)
        .expand(&info, Len(len))
        .and_then(|okm| okm.fill(&mut out))
        .expect("HKDF output length");
    out
}

impl ClientSecret {
    /// How many times the client changed its keys since the handshake,
    /// given the keys the server now reads with.
    pub fn updates(&self, rx: &ConnectionTrafficSecrets) -> Option<usize> {
        let (alg, key) = match rx {
            ConnectionTrafficSecrets::Aes128Gcm { key, .. }
            | ConnectionTrafficSecrets::Chacha20Poly1305 { key, .. } => (hkdf::HKDF_SHA256, key),
            ConnectionTrafficSecrets::Aes256Gcm { key, .. } => (hkdf::HKDF_SHA384, key),
            _ => return None,
        };
        let key = key.as_ref();
        let mut secret = self.0.lock().unwrap().take()?;
        for updates in 0..=MAX_UPDATES {
            if expand_label(alg, &secret, b"key", key.len()) == key {
                return Some(updates);
            }
            secret = expand_label(alg, &secret, b"traffic upd", secret.len());
        }
        None
    }
}
