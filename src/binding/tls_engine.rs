//! The TLS engine behind a socket, chosen at build time: the project's own
//! TLS 1.3 engine (default) or embedded-tls (cargo feature `embedded-tls`).
//! Either way a [`TlsEngine`] is one GC block holding the engine's state
//! and all its buffers, and offers the same blocking-style operations.

use heapless::Vec;

use crate::engine::tls13::config::{GROUPS_MAX, SUITES_MAX};
use crate::engine::tls13::crypto::kx::NamedGroup;
use crate::engine::tls13::crypto::suite::CipherSuite;
use crate::engine::x509::PrivateKey;

/// What `wrap_socket` decided, for whichever engine runs the connection.
/// Borrowed data lives in GC blocks kept by the socket object.
// embedded-tls takes no record-size, resumption, ALPN, PSK, suite or group
// settings (see README.md, "To build with embedded-tls").
#[cfg_attr(feature = "embedded-tls", allow(dead_code))]
pub struct Settings {
    pub server_name: Option<&'static str>,
    /// A leaf without subjectAltName may match on its commonName.
    pub hostname_checks_common_name: bool,
    pub trust_anchors: Option<&'static [u8]>,
    pub client_chain: Option<&'static [u8]>,
    pub client_key: Option<PrivateKey<'static>>,
    /// RFC 6066 code (1..=4) to request, for smaller record buffers.
    pub max_fragment_length: Option<u8>,
    /// An encoded session to resume (see `engine::tls13::session`).
    pub resumption: Option<&'static [u8]>,
    /// ALPN protocol names in wire format (empty: none offered).
    pub alpn: &'static [u8],
    /// An external PSK: (identity, key).
    pub external_psk: Option<(&'static [u8], &'static [u8])>,
    /// Offer psk_ke alone with the external PSK.
    pub psk_ke: bool,
    /// Cipher suites in order of preference (`None`: the board's).
    pub suites: Option<Vec<CipherSuite, SUITES_MAX>>,
    /// Key exchange groups in order of preference (`None`: the board's).
    pub groups: Option<Vec<NamedGroup, GROUPS_MAX>>,
    pub now: i64,
    pub rng_seed: [u8; 32],
}

#[cfg(not(feature = "embedded-tls"))]
mod own {
    use core::ptr::{self, NonNull};

    use super::Settings;
    use crate::binding::transport::SocketTransport;
    use crate::engine::error::Error;
    use crate::engine::tls13::{Config, Connection, Layout, SocketDriver};

    /// The project's own engine: its connection driven over the socket.
    pub type TlsEngine = SocketDriver<'static, SocketTransport>;

    fn config(settings: Settings) -> Config<'static> {
        let mut config = Config::new(settings.now);
        config.server_name = settings.server_name;
        config.hostname_checks_common_name = settings.hostname_checks_common_name;
        config.trust_anchors = settings.trust_anchors;
        config.client_chain = settings.client_chain;
        config.client_key = settings.client_key;
        // The board may ask for small records by default.
        config.max_fragment_length = settings.max_fragment_length.or(config.max_fragment_length);
        if let Some(suites) = settings.suites {
            config.suites = suites;
        }
        if let Some(groups) = settings.groups {
            config.groups = groups;
        }
        config.resumption = settings.resumption;
        config.alpn = settings.alpn;
        config.external_psk = settings.external_psk;
        config.psk_ke = settings.psk_ke;
        config
    }

    /// Bytes of the block: the driver, then the connection's buffers.
    pub fn block_size(settings: &Settings) -> usize {
        let defaults = Config::new(0);
        let probe = Config {
            client_chain: settings.client_chain,
            max_fragment_length: settings.max_fragment_length.or(defaults.max_fragment_length),
            ..defaults
        };
        core::mem::size_of::<TlsEngine>() + Layout::for_config(&probe).total()
    }

    /// Builds the engine in `block`.
    ///
    /// # Safety
    /// `block` holds `len == block_size(&settings)` bytes from the GC heap,
    /// suitably aligned, exclusively owned by the engine until the block
    /// is freed, and everything `settings` borrows outlives it.
    pub unsafe fn create(block: NonNull<u8>, len: usize, transport: SocketTransport, settings: Settings) -> Result<NonNull<TlsEngine>, Error> {
        let header = core::mem::size_of::<TlsEngine>();
        let memory = core::slice::from_raw_parts_mut(block.as_ptr().add(header), len - header);
        memory.fill(0);
        let seed = settings.rng_seed;
        let connection = Connection::new(memory, config(settings), seed)?;
        let engine = block.cast::<TlsEngine>();
        ptr::write(engine.as_ptr(), SocketDriver::new(connection, transport));
        Ok(engine)
    }
}

#[cfg(feature = "embedded-tls")]
mod embedded {
    use core::cell::Cell;
    use core::ptr::{self, NonNull};

    use super::Settings;
    use crate::binding::transport::SocketTransport;
    use crate::engine::embedded::{Buffers, Client, Config, GuardReport, ReadBack};
    use crate::engine::error::Error;

    /// Incoming record buffer: one whole TLSCiphertext (2^14 + 256) plus header.
    const READ_BUF: usize = 16384 + 256;
    /// Outgoing record buffer; also bounds the size of application records.
    const WRITE_BUF: usize = 4096;

    /// embedded-tls's client over the socket.
    pub type TlsEngine = Client<'static, SocketTransport>;

    #[repr(C)]
    struct Block {
        client: TlsEngine,
        report: Cell<GuardReport>,
        read_back: ReadBuffer,
        read: [u8; READ_BUF],
        write: [u8; WRITE_BUF],
    }

    /// The block's read buffer, as embedded-tls holds it.
    struct ReadBuffer(NonNull<[u8; READ_BUF]>);

    impl ReadBack for ReadBuffer {
        fn read_back(&self, offset: usize, len: usize) -> Option<&[u8]> {
            let range = offset..offset.checked_add(len).filter(|&end| end <= READ_BUF)?;
            // SAFETY: the buffer lives in the same block as this reader, and
            // the range lies in it (checked above). The engine reads back
            // only after embedded-tls returned, which then writes nothing.
            let buffer = unsafe { self.0.as_ref() };
            Some(&buffer[range])
        }
    }

    /// Bytes of the block (fixed: embedded-tls needs full-size records).
    pub fn block_size(_settings: &Settings) -> usize {
        core::mem::size_of::<Block>()
    }

    /// Builds the engine in `block`.
    ///
    /// # Safety
    /// `block` holds `block_size(&settings)` bytes from the GC heap,
    /// exclusively owned by the engine until the block is freed, and
    /// everything `settings` borrows outlives it.
    pub unsafe fn create(block: NonNull<u8>, _len: usize, transport: SocketTransport, settings: Settings) -> Result<NonNull<TlsEngine>, Error> {
        let conn = block.cast::<Block>().as_ptr();
        ptr::addr_of_mut!((*conn).report).write(Cell::new(GuardReport::default()));
        ptr::addr_of_mut!((*conn).read).write_bytes(0, 1);
        ptr::addr_of_mut!((*conn).write).write_bytes(0, 1);
        let read = NonNull::new_unchecked(ptr::addr_of_mut!((*conn).read));
        ptr::addr_of_mut!((*conn).read_back).write(ReadBuffer(read));
        let buffers = Buffers {
            read: &mut (*conn).read,
            write: &mut (*conn).write,
            report: &(*conn).report,
            read_back: &(*conn).read_back,
        };
        let config = Config {
            server_name: settings.server_name,
            hostname_checks_common_name: settings.hostname_checks_common_name,
            trust_anchors: settings.trust_anchors,
            client_chain: settings.client_chain,
            client_key: settings.client_key,
            now: settings.now,
            rng_seed: settings.rng_seed,
        };
        ptr::addr_of_mut!((*conn).client).write(Client::new(transport, buffers, config));
        Ok(block.cast())
    }
}

#[cfg(feature = "embedded-tls")]
pub use embedded::{block_size, create, TlsEngine};
#[cfg(not(feature = "embedded-tls"))]
pub use own::{block_size, create, TlsEngine};
