#!/usr/bin/env python3
"""A minimal TLS 1.3 server, written by hand, that can misbehave on purpose.

Modes (--mode):
  full               a complete, correct handshake (EncryptedExtensions,
                     Certificate, CertificateVerify, Finished), then echo
                     application data.  It exists to prove the key schedule
                     and record layer below are right (check it with
                     `openssl s_client -tls1_3` or CPython's ssl), so that the
                     hostile modes fail for the intended reason only.
  hrr-then-full      a correct HelloRetryRequest (for secp256r1, with a
                     cookie) to a ClientHello without a secp256r1 share; the
                     second ClientHello must answer it (cookie echoed, one
                     secp256r1 share, same session id and suites: logged as
                     "second ClientHello ok"); then like full.
  skip-cert          EncryptedExtensions + Finished (correct verify_data) with
                     no Certificate/CertificateVerify.  A client must reject it.
  downgrade          a TLS 1.2 ServerHello whose random ends with the TLS 1.3
                     downgrade sentinel ("DOWNGRD" 01, RFC 8446 4.1.3): a
                     TLS 1.3 server made to negotiate TLS 1.2 by someone in
                     between.  A client must abort with illegal_parameter.
  hrr-drops-psk      a man in the middle against an external PSK: a
                     HelloRetryRequest (for secp256r1, with --suite
                     TLS_AES_256_GCM_SHA384, whose hash the client's SHA-256
                     PSK cannot be used with), then like full: a
                     certificate the client has no anchor to check.  A
                     client that trusts only the PSK must reject it.
  empty-record       ServerHello, then an application_data record of length 0.
  garbage            random bytes instead of TLS.
  close-after-hello  read the ClientHello, then close the connection.
  post-handshake-certreq
                     a complete handshake, then, on the first application
                     data, a post-handshake CertificateRequest (which the
                     client never offered: a protocol violation embedded-tls
                     meets with unimplemented!(), i.e. a panic).

  A wrong ServerHello or HelloRetryRequest (everything else in it correct):
  unoffered-suite    ServerHello choosing TLS_AES_128_CCM_SHA256 (0x1304).
  unoffered-group    ServerHello with a secp256r1 key share when the client
                     sent an x25519 share only.
  bad-session-id     ServerHello whose legacy_session_id_echo is not the
                     client's legacy_session_id.
  second-hrr         HelloRetryRequest (for secp256r1), then a second one
                     (for x25519) in answer to the second ClientHello.
  hrr-no-change      HelloRetryRequest for the group the client already sent
                     a share for, without a cookie (it would change nothing).

  A wrong encrypted server flight (after a correct ServerHello):
  wrong-cv-scheme    CertificateVerify claiming ecdsa_secp384r1_sha384,
                     signed with SHA-384 by the P-256 server key (valid
                     ECDSA, but the scheme does not fit the key's curve).
  bad-cv-signature   CertificateVerify with ecdsa_secp256r1_sha256 and a
                     well-formed signature over a different transcript hash.
  bad-finished       server Finished with one bit of verify_data flipped.

  After a complete, correct handshake, in answer to application data:
  keyupdate-flood    64 KeyUpdate(update_not_requested), one per record, each
                     under the next traffic key, and no application data.
  record-overflow    first answer: a padded record of the largest legal size
                     (2^14-300 bytes of data + content type + 300 zeros:
                     TLSInnerPlaintext of 2^14+1 bytes, the limit of RFC 8446
                     section 5.4, which includes the padding); second: a
                     record whose length field is 2^14+257 (over 2^14+256).
  plaintext-overflow first answer: 2^14 bytes of data in one record; second:
                     2^14+1 bytes in one record (its length, 2^14+18, is
                     within the ciphertext limit).

The hostile modes then wait for the client's alert.  Every alert a client
sends is logged as "client sent alert N (name)", so the runner can check
that the client said why it gave up.

Supports TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384 and
TLS_CHACHA20_POLY1305_SHA256 (the first one the client offers wins, unless
--suite names one the client offers), key shares x25519 and secp256r1, and an
ECDSA P-256 server key.  Serves connections until killed.
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
from dataclasses import dataclass
from typing import Callable

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, x25519
from cryptography.hazmat.primitives.ciphers.aead import (AESGCM,
                                                         ChaCha20Poly1305)

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
KEY_UPDATE = 24
MESSAGE_HASH = 254

# Extensions.
EXT_SUPPORTED_VERSIONS = 43
EXT_COOKIE = 44
EXT_KEY_SHARE = 51

# Alerts (level fatal = 2).
ALERT_CLOSE_NOTIFY = 0
ALERT_HANDSHAKE_FAILURE = 40
ALERT_ILLEGAL_PARAMETER = 47
ALERT_DECRYPT_ERROR = 51
ALERT_PROTOCOL_VERSION = 70
ALERT_NAMES = {
    0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac",
    22: "record_overflow", 40: "handshake_failure", 42: "bad_certificate",
    43: "unsupported_certificate", 45: "certificate_expired",
    46: "certificate_unknown", 47: "illegal_parameter", 48: "unknown_ca",
    50: "decode_error", 51: "decrypt_error", 70: "protocol_version",
    80: "internal_error", 90: "user_canceled", 109: "missing_extension",
    110: "unsupported_extension", 116: "certificate_required",
}

TLS13 = 0x0304
SECP256R1 = 0x0017
X25519 = 0x001D
ECDSA_SECP256R1_SHA256 = 0x0403
ECDSA_SECP384R1_SHA384 = 0x0503
TLS_AES_128_CCM_SHA256 = 0x1304

# ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest").
HRR_RANDOM = bytes.fromhex(
    "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")

# Record size limits (RFC 8446 sections 5.1, 5.2, 5.4): content; the
# record's length field; TLSInnerPlaintext (content, type and padding).
MAX_PLAINTEXT = 2 ** 14
MAX_CIPHERTEXT = 2 ** 14 + 256
MAX_INNER_PLAINTEXT = 2 ** 14 + 1
AEAD_TAG = 16
# Padding in record-overflow's largest legal record.
OVERFLOW_PADDING = 300

KEY_UPDATE_FLOOD = 64


@dataclass(frozen=True)
class Suite:
    """A TLS 1.3 cipher suite: transcript/HKDF hash and record AEAD."""
    name: str
    hash_fn: Callable
    key_len: int
    aead: Callable


SUITES = {
    0x1301: Suite("TLS_AES_128_GCM_SHA256", hashlib.sha256, 16, AESGCM),
    0x1302: Suite("TLS_AES_256_GCM_SHA384", hashlib.sha384, 32, AESGCM),
    0x1303: Suite("TLS_CHACHA20_POLY1305_SHA256", hashlib.sha256, 32,
                  ChaCha20Poly1305),
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

    def __init__(self, suite, shared_secret):
        self.suite = suite
        self.hash_fn = suite.hash_fn
        self.hash_len = self.hash_fn().digest_size
        zeros = bytes(self.hash_len)
        early = hkdf_extract(self.hash_fn, zeros, zeros)
        self.handshake_secret = hkdf_extract(
            self.hash_fn, self.derive(early, b"derived", b""), shared_secret)
        self.master_secret = hkdf_extract(
            self.hash_fn, self.derive(self.handshake_secret, b"derived", b""),
            zeros)

    def derive(self, secret, label, transcript):
        """Derive-Secret(secret, label, transcript messages)."""
        digest = self.hash_fn(transcript).digest()
        return expand_label(self.hash_fn, secret, label, digest, self.hash_len)

    def cipher(self, traffic_secret):
        """The record protection for one direction."""
        key = expand_label(self.hash_fn, traffic_secret, b"key", b"",
                           self.suite.key_len)
        iv = expand_label(self.hash_fn, traffic_secret, b"iv", b"", 12)
        return RecordCipher(self.suite.aead(key), iv)

    def next_traffic_secret(self, traffic_secret):
        """application_traffic_secret_N+1 (RFC 8446 section 7.2)."""
        return expand_label(self.hash_fn, traffic_secret, b"traffic upd", b"",
                            self.hash_len)

    def finished(self, traffic_secret, transcript):
        """verify_data of a Finished message over `transcript`."""
        key = expand_label(self.hash_fn, traffic_secret, b"finished", b"",
                           self.hash_len)
        digest = self.hash_fn(transcript).digest()
        return hmac.new(key, digest, self.hash_fn).digest()


class RecordCipher:
    """AEAD record protection for one direction (RFC 8446 section 5.2)."""

    def __init__(self, aead, iv):
        self.aead = aead
        self.iv = iv
        self.seq = 0

    def _nonce(self):
        nonce = bytes(a ^ b for a, b in
                      zip(self.iv, self.seq.to_bytes(len(self.iv), "big")))
        self.seq += 1
        return nonce

    def seal(self, content_type, content, padding=0):
        """Encrypt `content` (+ `padding` zero bytes); returns the record
        payload."""
        inner = content + bytes([content_type]) + bytes(padding)
        header = record_header(APPLICATION_DATA, len(inner) + AEAD_TAG)
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


def alert_text(description):
    """"47 (illegal_parameter)"."""
    return "%s (%s)" % (description, ALERT_NAMES.get(description, "?"))


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

    def write_record(self, content_type, content, padding=0):
        """Send one record, encrypted if keys are set."""
        if self.write_cipher:
            content = self.write_cipher.seal(content_type, content, padding)
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
    hello = {"session_id": body.vector(1), "versions": [], "key_shares": [],
             "cookie": None}
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
        elif ext_type == EXT_COOKIE:
            hello["cookie"] = Reader(ext_data).vector(2)
    return hello


def choose_suite(hello, preferred=None):
    """`preferred` if the client offers it, else the first offered cipher
    suite this server supports, or None."""
    if preferred in hello["suites"]:
        return preferred
    return next((s for s in hello["suites"] if s in SUITES), None)


def new_key_share(group):
    """A fresh ephemeral key for `group`: (private key, encoded share)."""
    if group == SECP256R1:
        private = ec.generate_private_key(ec.SECP256R1())
        return private, private.public_key().public_bytes(
            serialization.Encoding.X962,
            serialization.PublicFormat.UncompressedPoint)
    private = x25519.X25519PrivateKey.generate()
    return private, private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_exchange(hello):
    """ECDHE with the first usable key share: (group, our share, secret)."""
    for group, peer_share in hello["key_shares"]:
        if group == SECP256R1:
            private, share = new_key_share(group)
            peer = ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), peer_share)
            return group, share, private.exchange(ec.ECDH(), peer)
        if group == X25519:
            private, share = new_key_share(group)
            peer = x25519.X25519PublicKey.from_public_bytes(peer_share)
            return group, share, private.exchange(peer)
    return None


def server_hello(session_id, suite, key_share_ext, random=None,
                 cookie=None):
    """A TLS 1.3 ServerHello message (a HelloRetryRequest with
    random=HRR_RANDOM; key_share_ext is the key_share extension's body)."""
    extensions = (
        struct.pack("!HHH", EXT_SUPPORTED_VERSIONS, 2, TLS13)
        + struct.pack("!H", EXT_KEY_SHARE) + vector(key_share_ext, 2))
    if cookie is not None:
        extensions += struct.pack("!H", EXT_COOKIE) + vector(vector(cookie, 2), 2)
    body = (struct.pack("!H", 0x0303) + (random or os.urandom(32))
            + vector(session_id, 1) + struct.pack("!HB", suite, 0)
            + vector(extensions, 2))
    return handshake_message(SERVER_HELLO, body)


def hello_retry_request(session_id, suite, group, cookie=None):
    """A HelloRetryRequest asking for a share of `group`."""
    return server_hello(session_id, suite, struct.pack("!H", group),
                        random=HRR_RANDOM, cookie=cookie)


def second_hello_problems(first, second, group, cookie):
    """What is wrong with the ClientHello answering a HelloRetryRequest for
    `group` with `cookie` (RFC 8446 section 4.1.2), or "" when nothing."""
    problems = []
    if second["cookie"] != cookie:
        problems.append("cookie %r, expected %r" % (second["cookie"], cookie))
    groups = [g for g, _ in second["key_shares"]]
    if groups != [group]:
        problems.append("key shares for %s, expected one for 0x%04x"
                        % (["0x%04x" % g for g in groups], group))
    for field in ("session_id", "suites", "versions"):
        if second[field] != first[field]:
            problems.append("%s changed" % field)
    return "; ".join(problems)


# --- Server flight ----------------------------------------------------------

def certificate_message(chain_der):
    """A Certificate message carrying `chain_der` (leaf first)."""
    entries = b"".join(vector(der, 3) + vector(b"", 2) for der in chain_der)
    return handshake_message(CERTIFICATE, vector(b"", 1) + vector(entries, 3))


def certificate_verify(private_key, transcript_hash, mode):
    """A CertificateVerify message signed by the P-256 key: correct
    (ecdsa_secp256r1_sha256), or spoiled as `mode` says."""
    if mode == "bad-cv-signature":
        # A well-formed signature, but over another transcript hash.
        transcript_hash = bytes([transcript_hash[0] ^ 1]) + transcript_hash[1:]
    content = (b" " * 64 + b"TLS 1.3, server CertificateVerify\0"
               + transcript_hash)
    if mode == "wrong-cv-scheme":
        scheme, digest = ECDSA_SECP384R1_SHA384, hashes.SHA384()
    else:
        scheme, digest = ECDSA_SECP256R1_SHA256, hashes.SHA256()
    signature = private_key.sign(content, ec.ECDSA(digest))
    return handshake_message(
        CERTIFICATE_VERIFY, struct.pack("!H", scheme) + vector(signature, 2))


# Modes grouped by where they deviate.
HRR_MODES = ("hrr-then-full", "second-hrr", "hrr-no-change", "hrr-drops-psk")
SERVER_HELLO_MODES = ("unoffered-suite", "unoffered-group", "bad-session-id")
# TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, a TLS 1.2 suite.
TLS12_SUITE = 0xC02F
FLIGHT_MODES = ("wrong-cv-scheme", "bad-cv-signature", "bad-finished")
AUTHENTICATED_MODES = ("full", "hrr-then-full", "hrr-drops-psk", "post-handshake-certreq",
                       "keyupdate-flood", "record-overflow",
                       "plaintext-overflow") + FLIGHT_MODES
MODES = ("full", "skip-cert", "empty-record", "garbage", "close-after-hello", "downgrade",
         "post-handshake-certreq", "keyupdate-flood", "record-overflow",
         "plaintext-overflow") + HRR_MODES + SERVER_HELLO_MODES + FLIGHT_MODES


class Session:
    """One client connection served in a given mode."""

    def __init__(self, sock, config):
        self.conn = Connection(sock)
        self.config = config
        self.mode = config.mode
        self.transcript = b""
        self.ccs_sent = False
        self.keys = None
        self.server_ap = None
        self.answers = 0

    def log(self, text):
        """Print a line about this connection."""
        print("[%s] %s" % (self.mode, text), flush=True)

    def run(self):
        """Serve the connection according to the mode."""
        try:
            if self.mode == "garbage":
                self.send_garbage()
                return
            self.start_handshake()
        except PeerClosed:
            self.log("client closed the connection")
        except ClientAlert as alert:
            self.log("client sent alert %s" % alert_text(alert.args[0]))
        except (OSError, ValueError, InvalidTag) as exc:
            self.log("error: %r" % exc)

    def send_garbage(self):
        """Random bytes; the first is never a valid record content type."""
        data = bytearray(os.urandom(1024))
        data[0] = 0x80 | data[0]
        self.conn.sock.sendall(bytes(data))
        self.log("sent %d random bytes" % len(data))
        self.conn.drain()

    def await_alert(self):
        """After a protocol violation: read until the client's alert (which
        raises ClientAlert, logged by run()) or the end of the stream (which
        raises PeerClosed).  Never returns."""
        while True:
            content_type, _ = self.conn.read_record()
            self.log("client sent a record of type %d, not an alert"
                     % content_type)

    def send_ccs_once(self, hello):
        """The server's one middlebox-compatibility ChangeCipherSpec, after
        its first handshake message, when the client sent a session id."""
        if hello["session_id"] and not self.ccs_sent:
            self.conn.write_record(CHANGE_CIPHER_SPEC, b"\x01")
            self.ccs_sent = True

    def start_handshake(self):
        """Read the ClientHello and go on as the mode says."""
        msg_type, message = self.conn.read_handshake()
        if msg_type != CLIENT_HELLO:
            raise ValueError("expected ClientHello, got %d" % msg_type)
        if self.mode == "close-after-hello":
            self.log("got ClientHello, closing")
            return
        hello = parse_client_hello(message)
        if self.mode == "downgrade":
            self.send_downgraded_hello(hello)
        if TLS13 not in hello["versions"]:
            self.conn.send_alert(ALERT_PROTOCOL_VERSION)
            return
        suite = choose_suite(hello, self.config.suite)
        if suite is None:
            self.log("no common suite: %r" % hello)
            self.conn.send_alert(ALERT_HANDSHAKE_FAILURE)
            return
        if self.mode in HRR_MODES:
            retried = self.hello_retry(hello, message, suite)
            if retried is None:
                return
            message, hello = retried
        exchange = key_exchange(hello)
        if exchange is None:
            self.log("no usable key share: %r" % hello)
            self.conn.send_alert(ALERT_HANDSHAKE_FAILURE)
            return
        self.transcript += message
        self.send_server_hello(hello, suite, exchange)

    def send_downgraded_hello(self, hello):
        """A TLS 1.2 ServerHello (no supported_versions) with the downgrade
        sentinel of TLS 1.2 in its random; never returns."""
        random = os.urandom(24) + b"DOWNGRD\x01"
        body = (struct.pack("!H", 0x0303) + random
                + vector(hello["session_id"], 1)
                + struct.pack("!HB", TLS12_SUITE, 0) + vector(b"", 2))
        self.conn.write_record(HANDSHAKE, handshake_message(SERVER_HELLO, body))
        self.log("sent a TLS 1.2 ServerHello with the downgrade sentinel")
        self.await_alert()

    def hello_retry(self, hello, first_message, suite):
        """A HelloRetryRequest as the mode says; returns the second
        ClientHello as (message, parsed), or None when the mode ends here."""
        sent = [group for group, _ in hello["key_shares"]]
        cookie = None
        if self.mode == "hrr-no-change":
            group = sent[0]
        else:
            group = SECP256R1
            if group in sent:
                raise ValueError("the client already sent a secp256r1 share")
            if self.mode == "hrr-then-full":
                cookie = b"rtls-test-cookie:" + os.urandom(16).hex().encode()
        hash_fn = SUITES[suite].hash_fn
        # The transcript restarts with message_hash(ClientHello1) (4.4.1).
        self.transcript = handshake_message(MESSAGE_HASH,
                                            hash_fn(first_message).digest())
        retry = hello_retry_request(hello["session_id"], suite, group, cookie)
        self.transcript += retry
        self.conn.write_record(HANDSHAKE, retry)
        self.send_ccs_once(hello)
        self.log("sent HelloRetryRequest: suite 0x%04x group 0x%04x cookie %s"
                 % (suite, group, "yes" if cookie else "no"))
        if self.mode == "hrr-no-change":
            self.await_alert()
        msg_type, message = self.conn.read_handshake()
        if msg_type != CLIENT_HELLO:
            raise ValueError("expected a second ClientHello, got %d" % msg_type)
        second = parse_client_hello(message)
        problems = second_hello_problems(hello, second, group, cookie)
        if problems:
            self.log("second ClientHello wrong: " + problems)
            self.conn.send_alert(ALERT_ILLEGAL_PARAMETER)
            return None
        self.log("second ClientHello ok: %scookie, one share for 0x%04x"
                 % ("echoed " if cookie else "no ", group))
        if self.mode == "second-hrr":
            retry = hello_retry_request(hello["session_id"], suite, X25519)
            self.conn.write_record(HANDSHAKE, retry)
            self.log("sent a second HelloRetryRequest (group 0x%04x)" % X25519)
            self.await_alert()
        return message, second

    def send_server_hello(self, hello, suite, exchange):
        """ServerHello (+ CCS when the client asked for compatibility), as
        the mode says."""
        group, share, shared_secret = exchange
        session_id, suite_field = hello["session_id"], suite
        if self.mode == "unoffered-suite":
            suite_field = TLS_AES_128_CCM_SHA256
        elif self.mode == "unoffered-group":
            if group != X25519 or len(hello["key_shares"]) != 1:
                raise ValueError("unoffered-group needs one x25519 share, "
                                 "got %r" % hello["key_shares"])
            group, share = SECP256R1, new_key_share(SECP256R1)[1]
        elif self.mode == "bad-session-id":
            session_id = bytes(b ^ 0xFF for b in session_id) or b"\x01" * 32
        hello_message = server_hello(
            session_id, suite_field, struct.pack("!H", group) + vector(share, 2))
        self.transcript += hello_message
        self.conn.write_record(HANDSHAKE, hello_message)
        self.send_ccs_once(hello)
        self.log("sent ServerHello: suite 0x%04x group 0x%04x session id %s"
                 % (suite_field, group,
                    "echoed" if session_id == hello["session_id"] else "NOT echoed"))
        if self.mode in SERVER_HELLO_MODES:
            self.await_alert()
        if self.mode == "empty-record":
            self.conn.sock.sendall(record_header(APPLICATION_DATA, 0))
            self.log("sent an empty application_data record")
            self.conn.drain()
            return
        self.encrypted_handshake(KeySchedule(SUITES[suite], shared_secret))

    def encrypted_handshake(self, keys):
        """The encrypted server flight, the client's Finished, then echo."""
        client_hs = keys.derive(keys.handshake_secret, b"c hs traffic",
                                self.transcript)
        server_hs = keys.derive(keys.handshake_secret, b"s hs traffic",
                                self.transcript)
        self.conn.write_cipher = keys.cipher(server_hs)
        flight = self.add(handshake_message(ENCRYPTED_EXTENSIONS, vector(b"", 2)))
        if self.mode in AUTHENTICATED_MODES:
            flight += self.add(certificate_message(self.config.chain_der))
            flight += self.add(certificate_verify(
                self.config.private_key, keys.hash_fn(self.transcript).digest(),
                self.mode))
        verify_data = keys.finished(server_hs, self.transcript)
        if self.mode == "bad-finished":
            verify_data = verify_data[:-1] + bytes([verify_data[-1] ^ 1])
        flight += self.add(handshake_message(FINISHED, verify_data))
        self.conn.write_record(HANDSHAKE, flight)
        client_ap = keys.derive(keys.master_secret, b"c ap traffic",
                                self.transcript)
        server_ap = keys.derive(keys.master_secret, b"s ap traffic",
                                self.transcript)
        self.conn.read_cipher = keys.cipher(client_hs)
        if self.mode in FLIGHT_MODES:
            self.log("sent the server flight (%s)" % self.mode)
            self.await_alert()
        self.read_client_finished(keys, client_hs)
        self.conn.read_cipher = keys.cipher(client_ap)
        self.conn.write_cipher = keys.cipher(server_ap)
        self.keys, self.server_ap = keys, server_ap
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
        self.log("client Finished ok: handshake complete, %s"
                 % keys.suite.name)

    def echo(self):
        """Echo application data until close_notify or EOF, or answer it as
        the mode says."""
        try:
            while True:
                content_type, content = self.conn.read_record()
                if content_type != APPLICATION_DATA:
                    continue
                self.answers += 1
                if self.mode == "post-handshake-certreq":
                    self.send_certificate_request()
                elif self.mode == "keyupdate-flood":
                    self.send_key_update_flood()
                elif self.mode in ("record-overflow", "plaintext-overflow"):
                    self.send_oversized(self.answers)
                else:
                    self.conn.write_record(APPLICATION_DATA, content)
        except ClientAlert as alert:
            if alert.args[0] != ALERT_CLOSE_NOTIFY:
                raise
            self.log("close_notify")
            self.conn.send_alert(ALERT_CLOSE_NOTIFY)

    def send_certificate_request(self):
        """A post-handshake CertificateRequest (the client never offered
        post_handshake_auth)."""
        # context "x", extensions: signature_algorithms (ecdsa_secp256r1_sha256)
        extensions = struct.pack("!HH", 13, 4) + vector(struct.pack("!H", 0x0403), 2)
        body = vector(b"x", 1) + vector(extensions, 2)
        self.conn.write_record(HANDSHAKE, handshake_message(CERTIFICATE_REQUEST, body))
        self.log("sent post-handshake CertificateRequest")

    def send_key_update_flood(self):
        """KEY_UPDATE_FLOOD KeyUpdates, each in its own record and each
        followed by the switch to the next server traffic key."""
        for _ in range(KEY_UPDATE_FLOOD):
            self.conn.write_record(HANDSHAKE, handshake_message(KEY_UPDATE, b"\0"))
            self.server_ap = self.keys.next_traffic_secret(self.server_ap)
            self.conn.write_cipher = self.keys.cipher(self.server_ap)
        self.log("sent %d KeyUpdates in a row" % KEY_UPDATE_FLOOD)
        self.await_alert()

    def send_oversized(self, answer):
        """First answer: the largest legal record; second: one over the
        limit (record-overflow: TLSCiphertext.length; plaintext-overflow:
        the decrypted content)."""
        if answer == 1:
            padding = 0
            if self.mode == "record-overflow":
                padding = OVERFLOW_PADDING
            data = b"L" * (MAX_INNER_PLAINTEXT - 1 - padding)
            self.conn.write_record(APPLICATION_DATA, data, padding)
            self.log("sent %d bytes of data + %d bytes of padding, record "
                     "length %d (legal)" % (len(data), padding,
                                            MAX_INNER_PLAINTEXT + AEAD_TAG))
            return
        if self.mode == "record-overflow":
            length = MAX_CIPHERTEXT + 1
            self.conn.sock.sendall(record_header(APPLICATION_DATA, length)
                                   + os.urandom(length))
            self.log("sent a record of length %d (over %d)"
                     % (length, MAX_CIPHERTEXT))
        else:
            self.conn.write_record(APPLICATION_DATA, b"O" * (MAX_PLAINTEXT + 1))
            self.log("sent %d bytes of data in one record of length %d"
                     % (MAX_PLAINTEXT + 1, MAX_PLAINTEXT + 2 + AEAD_TAG))
        self.await_alert()


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
    """Load --cert (PEM chain) and --key into config."""
    with open(config.cert, "rb") as f:
        config.chain_der = [c.public_bytes(serialization.Encoding.DER)
                            for c in x509.load_pem_x509_certificates(f.read())]
    with open(config.key, "rb") as f:
        config.private_key = serialization.load_pem_private_key(f.read(), None)
    if not isinstance(config.private_key, ec.EllipticCurvePrivateKey) or (
            config.private_key.curve.name != "secp256r1"):
        raise SystemExit("--key must be an ECDSA P-256 key")


def parse_suite(text):
    """--suite: a code (0x1303) or a name (TLS_CHACHA20_POLY1305_SHA256)."""
    for code, suite in SUITES.items():
        if text in (suite.name, "0x%04x" % code):
            return code
    raise argparse.ArgumentTypeError("unknown suite %r" % text)


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", required=True, choices=MODES)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", help="server certificate chain (PEM)")
    parser.add_argument("--key", help="server private key (PEM, P-256)")
    parser.add_argument("--suite", type=parse_suite,
                        help="cipher suite to choose when the client offers it")
    config = parser.parse_args()
    if config.mode in AUTHENTICATED_MODES:
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
