#!/usr/bin/env python3
"""A minimal TLS 1.3 server, written by hand, that can misbehave on purpose.

Modes (--mode):
  full               a complete, correct handshake (EncryptedExtensions,
                     Certificate, CertificateVerify, Finished), then echo
                     application data.  It exists to prove the key schedule
                     and record layer below are right (check it with
                     `openssl s_client -tls1_3` or CPython's ssl), so that the
                     hostile modes fail for the intended reason only.
  skip-cert          EncryptedExtensions + Finished (correct verify_data) with
                     no Certificate/CertificateVerify.  A client must reject it.
  empty-record       ServerHello, then an application_data record of length 0.
  garbage            random bytes instead of TLS.
  close-after-hello  read the ClientHello, then close the connection.
  post-handshake-certreq
                     a complete handshake, then, on the first application
                     data, a post-handshake CertificateRequest (which the
                     client never offered: a protocol violation embedded-tls
                     meets with unimplemented!(), i.e. a panic).

Supports TLS_AES_128_GCM_SHA256 and TLS_AES_256_GCM_SHA384 (the first one the
client offers wins), key shares secp256r1 and x25519 (no HelloRetryRequest),
and an ECDSA P-256 server key.  Serves connections until killed.
"""
import argparse
import hashlib
import hmac
import os
import signal
import socketserver
import struct
import sys
import threading
import time

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# Record content types.
CHANGE_CIPHER_SPEC = 20
ALERT = 21
HANDSHAKE = 22
APPLICATION_DATA = 23

# Handshake message types.
CLIENT_HELLO = 1
SERVER_HELLO = 2
ENCRYPTED_EXTENSIONS = 8
CERTIFICATE = 11
CERTIFICATE_REQUEST = 13
CERTIFICATE_VERIFY = 15
FINISHED = 20

# Extensions.
EXT_SUPPORTED_VERSIONS = 43
EXT_KEY_SHARE = 51

# Alerts (level fatal = 2).
ALERT_CLOSE_NOTIFY = 0
ALERT_HANDSHAKE_FAILURE = 40
ALERT_DECRYPT_ERROR = 51
ALERT_PROTOCOL_VERSION = 70

TLS13 = 0x0304
SECP256R1 = 0x0017
X25519 = 0x001D
ECDSA_SECP256R1_SHA256 = 0x0403

# cipher suite -> (hash constructor, AEAD key length)
SUITES = {
    0x1301: (hashlib.sha256, 16),
    0x1302: (hashlib.sha384, 32),
}

IO_TIMEOUT = 30
SHUTDOWN_GRACE = 2


class PeerClosed(Exception):
    """The client closed the TCP connection."""


class ClientAlert(Exception):
    """The client sent an alert; args[0] is the alert description."""


# --- HKDF and the RFC 8446 key schedule ------------------------------------

def hkdf_extract(hash_fn, salt, ikm):
    """HKDF-Extract (RFC 5869)."""
    return hmac.new(salt, ikm, hash_fn).digest()


def hkdf_expand(hash_fn, prk, info, length):
    """HKDF-Expand (RFC 5869)."""
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hash_fn).digest()
        out += block
        counter += 1
    return out[:length]


def expand_label(hash_fn, secret, label, context, length):
    """HKDF-Expand-Label (RFC 8446 section 7.1)."""
    full_label = b"tls13 " + label
    info = (struct.pack("!H", length) + bytes([len(full_label)]) + full_label
            + bytes([len(context)]) + context)
    return hkdf_expand(hash_fn, secret, info, length)


class KeySchedule:
    """The TLS 1.3 secrets for one connection, without PSK."""

    def __init__(self, hash_fn, key_len, shared_secret):
        self.hash_fn = hash_fn
        self.key_len = key_len
        self.hash_len = hash_fn().digest_size
        zeros = bytes(self.hash_len)
        early = hkdf_extract(hash_fn, zeros, zeros)
        self.handshake_secret = hkdf_extract(
            hash_fn, self.derive(early, b"derived", b""), shared_secret)
        self.master_secret = hkdf_extract(
            hash_fn, self.derive(self.handshake_secret, b"derived", b""), zeros)

    def derive(self, secret, label, transcript):
        """Derive-Secret(secret, label, transcript messages)."""
        digest = self.hash_fn(transcript).digest()
        return expand_label(self.hash_fn, secret, label, digest, self.hash_len)

    def cipher(self, traffic_secret):
        """The record protection for one direction."""
        key = expand_label(self.hash_fn, traffic_secret, b"key", b"",
                           self.key_len)
        iv = expand_label(self.hash_fn, traffic_secret, b"iv", b"", 12)
        return RecordCipher(key, iv)

    def finished(self, traffic_secret, transcript):
        """verify_data of a Finished message over `transcript`."""
        key = expand_label(self.hash_fn, traffic_secret, b"finished", b"",
                           self.hash_len)
        digest = self.hash_fn(transcript).digest()
        return hmac.new(key, digest, self.hash_fn).digest()


class RecordCipher:
    """AES-GCM record protection for one direction (RFC 8446 section 5.2)."""

    def __init__(self, key, iv):
        self.aead = AESGCM(key)
        self.iv = iv
        self.seq = 0

    def _nonce(self):
        nonce = bytes(a ^ b for a, b in
                      zip(self.iv, self.seq.to_bytes(len(self.iv), "big")))
        self.seq += 1
        return nonce

    def seal(self, content_type, content):
        """Encrypt `content`; returns the record payload."""
        inner = content + bytes([content_type])
        header = record_header(APPLICATION_DATA, len(inner) + 16)
        return self.aead.encrypt(self._nonce(), inner, header)

    def open(self, payload):
        """Decrypt a record payload; returns (content type, content)."""
        header = record_header(APPLICATION_DATA, len(payload))
        inner = self.aead.decrypt(self._nonce(), payload, header).rstrip(b"\0")
        if not inner:
            raise ValueError("record without content type")
        return inner[-1], inner[:-1]


# --- Record and handshake framing ------------------------------------------

def record_header(content_type, length):
    """A TLS record header with legacy_record_version 0x0303."""
    return struct.pack("!BHH", content_type, 0x0303, length)


def handshake_message(msg_type, body):
    """A handshake message: type, 24-bit length, body."""
    return bytes([msg_type]) + len(body).to_bytes(3, "big") + body


def vector(data, len_bytes):
    """`data` prefixed with its length in `len_bytes` bytes."""
    return len(data).to_bytes(len_bytes, "big") + data


class Connection:
    """Record-level I/O on one accepted socket."""

    def __init__(self, sock):
        self.sock = sock
        self.read_cipher = None
        self.write_cipher = None
        self.handshake_buffer = b""

    def recv_exact(self, n):
        """Read exactly n bytes or raise PeerClosed."""
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise PeerClosed()
            data += chunk
        return data

    def read_record(self):
        """Next record as (content type, content), decrypted if keys are set.

        ChangeCipherSpec records are skipped (middlebox compatibility), and
        alerts raise ClientAlert.
        """
        while True:
            content_type, _, length = struct.unpack("!BHH", self.recv_exact(5))
            payload = self.recv_exact(length)
            if content_type == CHANGE_CIPHER_SPEC:
                continue
            if self.read_cipher and content_type == APPLICATION_DATA:
                content_type, payload = self.read_cipher.open(payload)
            if content_type == ALERT:
                raise ClientAlert(payload[1] if len(payload) > 1 else -1)
            return content_type, payload

    def read_handshake(self):
        """Next handshake message as (type, full message bytes)."""
        while len(self.handshake_buffer) < 4 or len(self.handshake_buffer) < (
                4 + int.from_bytes(self.handshake_buffer[1:4], "big")):
            content_type, content = self.read_record()
            if content_type != HANDSHAKE:
                raise ValueError("expected handshake, got type %d"
                                 % content_type)
            self.handshake_buffer += content
        length = 4 + int.from_bytes(self.handshake_buffer[1:4], "big")
        message = self.handshake_buffer[:length]
        self.handshake_buffer = self.handshake_buffer[length:]
        return message[0], message

    def write_record(self, content_type, content):
        """Send one record, encrypted if keys are set."""
        if self.write_cipher:
            content = self.write_cipher.seal(content_type, content)
            content_type = APPLICATION_DATA
        self.sock.sendall(record_header(content_type, len(content)) + content)

    def send_alert(self, description):
        """Send a fatal alert (a warning for close_notify)."""
        level = 1 if description == ALERT_CLOSE_NOTIFY else 2
        self.write_record(ALERT, bytes([level, description]))

    def drain(self):
        """Read and discard until the client closes (or the timeout hits)."""
        try:
            while self.sock.recv(4096):
                pass
        except OSError:
            pass


# --- ClientHello / ServerHello ---------------------------------------------

class Reader:
    """Sequential parser over a bytes object."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        """The next n bytes."""
        if self.pos + n > len(self.data):
            raise ValueError("truncated message")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def uint(self, n):
        """The next n-byte big-endian integer."""
        return int.from_bytes(self.take(n), "big")

    def vector(self, len_bytes):
        """The next length-prefixed vector."""
        return self.take(self.uint(len_bytes))

    def done(self):
        """True when everything has been consumed."""
        return self.pos >= len(self.data)


def parse_client_hello(message):
    """The fields of a ClientHello this server needs, as a dict."""
    body = Reader(message[4:])
    body.take(2 + 32)  # legacy_version, random
    hello = {"session_id": body.vector(1), "versions": [], "key_shares": []}
    suites = body.vector(2)
    hello["suites"] = [int.from_bytes(suites[i:i + 2], "big")
                       for i in range(0, len(suites), 2)]
    body.vector(1)  # legacy_compression_methods
    extensions = Reader(body.vector(2))
    while not extensions.done():
        ext_type, ext_data = extensions.uint(2), extensions.vector(2)
        if ext_type == EXT_SUPPORTED_VERSIONS:
            versions = Reader(ext_data).vector(1)
            hello["versions"] = [int.from_bytes(versions[i:i + 2], "big")
                                 for i in range(0, len(versions), 2)]
        elif ext_type == EXT_KEY_SHARE:
            shares = Reader(Reader(ext_data).vector(2))
            while not shares.done():
                hello["key_shares"].append((shares.uint(2), shares.vector(2)))
    return hello


def choose_suite(hello):
    """The first offered cipher suite this server supports, or None."""
    return next((s for s in hello["suites"] if s in SUITES), None)


def key_exchange(hello):
    """ECDHE with the first usable key share: (group, our share, secret)."""
    for group, peer_share in hello["key_shares"]:
        if group == SECP256R1:
            private = ec.generate_private_key(ec.SECP256R1())
            peer = ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), peer_share)
            share = private.public_key().public_bytes(
                serialization.Encoding.X962,
                serialization.PublicFormat.UncompressedPoint)
            return group, share, private.exchange(ec.ECDH(), peer)
        if group == X25519:
            private = x25519.X25519PrivateKey.generate()
            peer = x25519.X25519PublicKey.from_public_bytes(peer_share)
            share = private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return group, share, private.exchange(peer)
    return None


def server_hello(session_id, suite, group, share):
    """A TLS 1.3 ServerHello message."""
    extensions = (
        struct.pack("!HHH", EXT_SUPPORTED_VERSIONS, 2, TLS13)
        + struct.pack("!H", EXT_KEY_SHARE)
        + vector(struct.pack("!H", group) + vector(share, 2), 2))
    body = (struct.pack("!H", 0x0303) + os.urandom(32) + vector(session_id, 1)
            + struct.pack("!HB", suite, 0) + vector(extensions, 2))
    return handshake_message(SERVER_HELLO, body)


# --- Server flight ----------------------------------------------------------

def certificate_message(chain_der):
    """A Certificate message carrying `chain_der` (leaf first)."""
    entries = b"".join(vector(der, 3) + vector(b"", 2) for der in chain_der)
    return handshake_message(CERTIFICATE, vector(b"", 1) + vector(entries, 3))


def certificate_verify(private_key, hash_fn, transcript):
    """A CertificateVerify message signed with ECDSA P-256 / SHA-256."""
    content = (b" " * 64 + b"TLS 1.3, server CertificateVerify\0"
               + hash_fn(transcript).digest())
    signature = private_key.sign(content, ec.ECDSA(hashes.SHA256()))
    return handshake_message(
        CERTIFICATE_VERIFY,
        struct.pack("!H", ECDSA_SECP256R1_SHA256) + vector(signature, 2))


class Session:
    """One client connection served in a given mode."""

    def __init__(self, sock, config):
        self.conn = Connection(sock)
        self.config = config
        self.transcript = b""

    def log(self, text):
        """Print a line about this connection."""
        print("[%s] %s" % (self.config.mode, text), flush=True)

    def run(self):
        """Serve the connection according to the mode."""
        try:
            if self.config.mode == "garbage":
                self.send_garbage()
                return
            self.start_handshake()
        except PeerClosed:
            self.log("client closed the connection")
        except ClientAlert as alert:
            self.log("client sent alert %s" % alert.args[0])
        except (OSError, ValueError, InvalidTag) as exc:
            self.log("error: %r" % exc)

    def send_garbage(self):
        """Random bytes; the first is never a valid record content type."""
        data = bytearray(os.urandom(1024))
        data[0] = 0x80 | data[0]
        self.conn.sock.sendall(bytes(data))
        self.log("sent %d random bytes" % len(data))
        self.conn.drain()

    def start_handshake(self):
        """Read the ClientHello and go on as the mode says."""
        msg_type, message = self.conn.read_handshake()
        if msg_type != CLIENT_HELLO:
            raise ValueError("expected ClientHello, got %d" % msg_type)
        if self.config.mode == "close-after-hello":
            self.log("got ClientHello, closing")
            return
        hello = parse_client_hello(message)
        if TLS13 not in hello["versions"]:
            self.conn.send_alert(ALERT_PROTOCOL_VERSION)
            return
        suite = choose_suite(hello)
        exchange = key_exchange(hello)
        if suite is None or exchange is None:
            self.log("no common suite / key share: %r" % hello)
            self.conn.send_alert(ALERT_HANDSHAKE_FAILURE)
            return
        self.transcript = message
        self.send_server_hello(hello, suite, exchange)

    def send_server_hello(self, hello, suite, exchange):
        """ServerHello (+ CCS when the client asked for compatibility)."""
        group, share, shared_secret = exchange
        hello_message = server_hello(hello["session_id"], suite, group, share)
        self.transcript += hello_message
        self.conn.write_record(HANDSHAKE, hello_message)
        if hello["session_id"]:
            self.conn.write_record(CHANGE_CIPHER_SPEC, b"\x01")
        self.log("suite 0x%04x group 0x%04x" % (suite, group))
        if self.config.mode == "empty-record":
            self.conn.sock.sendall(record_header(APPLICATION_DATA, 0))
            self.log("sent an empty application_data record")
            self.conn.drain()
            return
        hash_fn, key_len = SUITES[suite]
        self.encrypted_handshake(KeySchedule(hash_fn, key_len, shared_secret))

    def encrypted_handshake(self, keys):
        """The encrypted server flight, the client's Finished, then echo."""
        client_hs = keys.derive(keys.handshake_secret, b"c hs traffic",
                                self.transcript)
        server_hs = keys.derive(keys.handshake_secret, b"s hs traffic",
                                self.transcript)
        self.conn.write_cipher = keys.cipher(server_hs)
        flight = self.add(handshake_message(ENCRYPTED_EXTENSIONS, vector(b"", 2)))
        if self.config.mode in ("full", "post-handshake-certreq"):
            flight += self.add(certificate_message(self.config.chain_der))
            flight += self.add(certificate_verify(
                self.config.private_key, keys.hash_fn, self.transcript))
        flight += self.add(handshake_message(
            FINISHED, keys.finished(server_hs, self.transcript)))
        self.conn.write_record(HANDSHAKE, flight)
        client_ap = keys.derive(keys.master_secret, b"c ap traffic",
                                self.transcript)
        server_ap = keys.derive(keys.master_secret, b"s ap traffic",
                                self.transcript)
        self.conn.read_cipher = keys.cipher(client_hs)
        self.read_client_finished(keys, client_hs)
        self.conn.read_cipher = keys.cipher(client_ap)
        self.conn.write_cipher = keys.cipher(server_ap)
        self.echo()

    def add(self, message):
        """Append a handshake message to the transcript and return it."""
        self.transcript += message
        return message

    def read_client_finished(self, keys, client_hs):
        """Check the client's Finished; a bad one gets decrypt_error."""
        msg_type, message = self.conn.read_handshake()
        expected = keys.finished(client_hs, self.transcript)
        if msg_type != FINISHED or message[4:] != expected:
            self.conn.send_alert(ALERT_DECRYPT_ERROR)
            raise ValueError("bad client Finished")
        self.log("client Finished ok: handshake complete")

    def echo(self):
        """Echo application data until close_notify or EOF (or answer it
        with a CertificateRequest in post-handshake-certreq mode)."""
        try:
            while True:
                content_type, content = self.conn.read_record()
                if content_type != APPLICATION_DATA:
                    continue
                if self.config.mode == "post-handshake-certreq":
                    # context "x", extensions: signature_algorithms (ecdsa_secp256r1_sha256)
                    extensions = struct.pack("!HH", 13, 4) + vector(struct.pack("!H", 0x0403), 2)
                    body = vector(b"x", 1) + vector(extensions, 2)
                    self.conn.write_record(HANDSHAKE, handshake_message(CERTIFICATE_REQUEST, body))
                    self.log("sent post-handshake CertificateRequest")
                else:
                    self.conn.write_record(APPLICATION_DATA, content)
        except ClientAlert as alert:
            if alert.args[0] != ALERT_CLOSE_NOTIFY:
                raise
            self.log("close_notify")
            self.conn.send_alert(ALERT_CLOSE_NOTIFY)


# --- Server -----------------------------------------------------------------

class Handler(socketserver.BaseRequestHandler):
    """Serves one connection in the configured mode."""

    def handle(self):
        self.request.settimeout(IO_TIMEOUT)
        Session(self.request, self.server.config).run()


class Server(socketserver.ThreadingTCPServer):
    """Threaded TCP server that carries the configuration."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, config):
        self.config = config
        super().__init__(address, Handler)


def load_credentials(config):
    """Load --cert (PEM chain) and --key into config (full mode only)."""
    with open(config.cert, "rb") as f:
        config.chain_der = [c.public_bytes(serialization.Encoding.DER)
                            for c in x509.load_pem_x509_certificates(f.read())]
    with open(config.key, "rb") as f:
        config.private_key = serialization.load_pem_private_key(f.read(), None)


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", required=True,
                        choices=["full", "skip-cert", "empty-record",
                                 "garbage", "close-after-hello",
                                 "post-handshake-certreq"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", help="server certificate chain (PEM)")
    parser.add_argument("--key", help="server private key (PEM)")
    config = parser.parse_args()
    if config.mode in ("full", "post-handshake-certreq"):
        if not (config.cert and config.key):
            parser.error("--mode %s needs --cert and --key" % config.mode)
        load_credentials(config)
    return config


def exit_on_sigterm(_signum, _frame):
    """SIGTERM ends serve_forever() through SystemExit."""
    sys.exit(0)


def finish_connections(timeout):
    """Give open connections up to `timeout` seconds to handle and log what
    their client sent before closing: the runner stops this server with
    SIGTERM right after the client exits, then checks the log."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))


def main():
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    config = parse_args()
    with Server((config.host, config.port), config) as server:
        print("ready on %s:%d" % (config.host, config.port), flush=True)
        try:
            server.serve_forever()
        finally:
            finish_connections(SHUTDOWN_GRACE)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
