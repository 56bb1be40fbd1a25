# Helpers for the cases against the Go crypto/tls and rustls servers
# (go_*, rustls_*; tests/peers/go_tls_server, tests/peers/rustls_server).
# Both echo what they read and serve one connection at a time.
from _common import cert_file, check, expect_rejection, wrap
from _expect import check_cipher, echo_exact, expect_handshake_failure

SUITES = ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256")
# Chunk sizes on both sides of the 16 KiB record limit.
SIZES = (1, 100, 1000, 4096, 16383, 16384, 16385, 20000)
# 251 is prime: consecutive chunks start at different offsets.
PATTERN = bytes(range(251)) * 90


def echo_bytes(stream, total):
    """total bytes through the echo server in chunks of SIZES, each
    compared as it comes back."""
    sent = index = 0
    while sent < total:
        size = min(SIZES[index % len(SIZES)], total - sent)
        start = sent % 251
        echo_exact(stream, PATTERN[start:start + size])
        sent += size
        index += 1


def echo_suite(suite, role=None, **kwargs):
    """A connection to `role` that must negotiate `suite`, and 40,000 bytes
    echoed over it."""
    tls = wrap(role, **kwargs)
    check_cipher(tls, suite)
    echo_bytes(tls, 40000)
    tls.close()


def check_verified(stream):
    """A full handshake that verified server.crt (the chain to ca.crt and
    the name localhost, as wrap() asks): TLS 1.3, that very certificate,
    no resumption."""
    check(stream.cipher()[1] == "TLSv1.3",
          "cipher() = %r" % (stream.cipher(),))
    check(stream.getpeercert(True) == cert_file("server.der"),
          "getpeercert(True) is not server.der")
    check(stream.session_reused is False, "a first connection is not resumed")


def echo_case():
    """The whole body of go_echo and rustls_echo: a verified handshake and
    100 KiB echoed."""
    tls = wrap()
    check_verified(tls)
    echo_bytes(tls, 100 * 1024)
    tls.close()
    print("ok: 100 KiB echoed after a verified handshake")
    print("PASS")


def sync(role=None):
    """One more connection and echo. The server serves connections in turn,
    so by then it has logged all it will about the earlier ones, even what
    it logs after the client closed, which tests/run.py checks once it
    has stopped the server."""
    tls = wrap(role)
    echo_exact(tls, b"sync")
    tls.close()


def resumptions(role=None, before_ticket_none=False):
    """A fresh connection, two resumptions each with the session the one
    before got, and a forged ticket that falls back to a full handshake."""
    first = wrap(role)
    check_verified(first)
    if before_ticket_none:
        check(first.session is None, "no session before the server's tickets")
    echo_exact(first, b"first connection")
    session = first.session
    check(isinstance(session, bytes),
          "no session after the tickets: %r" % (session,))
    first.close()
    print("ok: fresh connection, %d-byte session" % len(session))

    for i in (1, 2):
        tls = wrap(role, session=session)
        check(tls.session_reused is True, "resumption %d: not resumed" % i)
        check(tls.getpeercert(True) is None, "a resumption has no certificate")
        echo_exact(tls, b"resumed connection")
        check(tls.session not in (None, session),
              "resumption %d: no new session" % i)
        session = tls.session
        tls.close()
        print("ok: resumption %d" % i)

    # The ticket is the session's last field.
    forged = bytearray(session)
    forged[-1] ^= 0xFF
    tls = wrap(role, session=bytes(forged))
    check(tls.session_reused is False, "a forged ticket cannot resume")
    check_verified(tls)
    echo_exact(tls, b"full handshake again")
    tls.close()
    print("ok: forged ticket -> full handshake")


def alpn_case():
    """The whole body of go_alpn and rustls_alpn, against a server with
    ALPN "rtls-test/1,http/1.1" (its order of preference): it picks its own
    first protocol that the client offers, none for a client offering
    none, and refuses with no_application_protocol a client whose
    protocols it has none of (RFC 7301 §3.2). The refusal comes first: the
    server logs it after its alert, and the connections after it (served
    in turn) make sure the log has it for tests/run.py."""
    expect_handshake_failure(
        ["alert received from the server: no_application_protocol"],
        alpn_protocols=[b"spdy/3"])

    tls = wrap(alpn_protocols=["http/1.1", "rtls-test/1"])
    check(tls.selected_alpn_protocol() == "rtls-test/1",
          "selected %r" % (tls.selected_alpn_protocol(),))
    echo_exact(tls, b"alpn")
    tls.close()
    print("ok: the server chose rtls-test/1")

    tls = wrap()
    check(tls.selected_alpn_protocol() is None,
          "selected %r without ALPN" % (tls.selected_alpn_protocol(),))
    echo_exact(tls, b"no alpn")
    tls.close()
    print("ok: no ALPN offered, none selected")
    print("PASS")


def read_after_close_notify():
    """Against a server that sends close_notify once it has echoed 10
    bytes: after those, reads return b"" (the end, not an error)."""
    tls = wrap()
    echo_exact(tls, b"0123456789")
    check(tls.read(10) == b"", "read after close_notify is not b''")
    check(tls.read(1) == b"", "a second read after close_notify is not b''")
    tls.close()


def close_notify_case():
    """The whole body of go_close_notify and rustls_close_notify: the
    server's close_notify, then the client closing first (its close()
    sends close_notify), then the server's again, which also shows (the
    server serving connections in turn) that it has logged the client's."""
    read_after_close_notify()
    print("ok: the server's close_notify reads as b''")
    tls = wrap()
    echo_exact(tls, b"abcd")
    tls.close()
    print("ok: the client closed")
    read_after_close_notify()
    print("PASS")


def hrr_case():
    """The whole body of go_hrr and rustls_hrr. "p256" accepts secp256r1
    only: the client's default x25519 share is useless, the server asks
    again, the client retries with secp256r1; a resumption there offers the
    group the session remembers, so no retry. "x25519" accepts x25519 only:
    with groups= putting secp256r1 first the server asks for x25519; with
    the default order, x25519 first, it does not. tests/run.py checks the
    retries from each server's log."""
    tls = wrap("p256")
    check_verified(tls)
    echo_bytes(tls, 20000)
    session = tls.session
    tls.close()
    print("ok: x25519 share, server wants secp256r1")

    tls = wrap("p256", session=session)
    check(tls.session_reused is True, "not resumed")
    echo_bytes(tls, 100)
    tls.close()
    print("ok: resumed with a secp256r1 share")

    for groups in (["secp256r1", "x25519"], None):
        tls = wrap("x25519", groups=groups) if groups else wrap("x25519")
        check_verified(tls)
        echo_bytes(tls, 20000)
        tls.close()
        print("ok: groups=%r against an x25519-only server" % (groups,))
    print("PASS")


def mtls_case(refusal):
    """The whole body of go_mtls and rustls_mtls. "required": without a
    client certificate the server refuses with the alert `refusal` (an
    OSError on the first read; first, as the server logs it after its
    alert and the connections after it, served in turn, make sure the log
    has it for tests/run.py); with client.crt the connection echoes
    (tests/run.py checks the server saw CN rtls-device-01) and its session
    resumes, the server still knowing the client. "optional": anonymous
    without a certificate, identified with one."""
    client = dict(cert=cert_file("client.crt"), key=cert_file("client.key"))
    code, text = expect_rejection("required", ("alert received from the server: " + refusal,))
    print("ok: without a client certificate: %d %s" % (code, text))

    tls = wrap("required", **client)
    check_verified(tls)
    echo_exact(tls, b"mutual TLS")
    session = tls.session
    tls.close()
    check(isinstance(session, bytes), "no session after the ticket: %r" % (session,))
    print("ok: client certificate accepted, %d-byte session" % len(session))

    tls = wrap("required", session=session, **client)
    check(tls.session_reused is True, "not resumed")
    echo_exact(tls, b"resumed mutual TLS")
    tls.close()
    print("ok: resumed")

    for kwargs in ({}, client):
        tls = wrap("optional", **kwargs)
        echo_exact(tls, b"optional client certificate")
        tls.close()
    print("ok: optional client certificate, without and with")
    print("PASS")
