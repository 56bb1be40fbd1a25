# The benchmark's client, run by build/unix/micropython (driven by
# bench/run.py).  One command per run; the last stdout line is a JSON result.
#
#   client.py handshake LIB AUTH COUNT   COUNT connections (handshake, one
#                                        line echoed, close)
#   client.py throughput LIB NAGLE       4 MiB each way, timed
#   client.py memory LIB FRAGMENT        heap taken by one open connection
#   client.py versions                   interpreter and library versions
#
# LIB is rtls, rtls-resumed or mbedtls; AUTH is server (server verified) or
# mutual (plus a client certificate); NAGLE is on (the default) or off
# (TCP_NODELAY); FRAGMENT is full or a max_fragment_length.  A result
# {"na": why} means the feature is missing.
# Environment: BENCH_CERTS (tests/gen_certs.sh output), BENCH_PORT_SERVER and
# BENCH_PORT_MUTUAL (openssl s_server -rev without/with client auth).
import gc
import json
import os
import socket
import sys
import time

import rtls
import tls

HOSTNAME = "localhost"
TIMEOUT = 30
TOTAL = 4 * 1024 * 1024
LINE = 16384  # s_server -rev echoes lines of up to 16 KiB, reversed
WINDOW_LINES = 4  # lines written before reading their echo
IPPROTO_TCP, TCP_NODELAY = 6, 1  # Linux; MicroPython's socket lacks them


def cert(name):
    """The bytes of a file made by tests/gen_certs.sh."""
    with open(os.getenv("BENCH_CERTS") + "/" + name, "rb") as f:
        return f.read()


# Read once: connections are compared, not file reads.
CA, CLIENT_CERT, CLIENT_KEY = (
    cert(name) for name in ("ca.der", "client.der", "client.key.der"))


def connect(auth, nagle=True):
    """A TCP socket connected to the s_server for `auth`."""
    port = int(os.getenv("BENCH_PORT_" + auth.upper()))
    s = socket.socket()
    s.settimeout(TIMEOUT)
    if not nagle:
        s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
    s.connect(socket.getaddrinfo("127.0.0.1", port)[0][-1])
    return s


def open_rtls(auth, nagle=True, **options):
    """An rtls connection (TLS 1.3), everything passed per call as its API
    takes it; `options` are extra wrap_socket keywords."""
    options.update(server_hostname=HOSTNAME, cadata=CA)
    if auth == "mutual":
        options.update(cert=CLIENT_CERT, key=CLIENT_KEY)
    s = connect(auth, nagle)
    try:
        return rtls.wrap_socket(s, **options)
    except Exception:
        s.close()
        raise


def open_mbedtls(auth, nagle=True):
    """A connection through MicroPython's tls module (mbedTLS, TLS 1.2).
    The SSLContext is made per connection, as rtls takes its certificates
    per connection too."""
    ctx = tls.SSLContext(tls.PROTOCOL_TLS_CLIENT)
    ctx.verify_mode = tls.CERT_REQUIRED
    ctx.load_verify_locations(CA)
    if auth == "mutual":
        ctx.load_cert_chain(CLIENT_CERT, CLIENT_KEY)
    s = connect(auth, nagle)
    try:
        return ctx.wrap_socket(s, server_hostname=HOSTNAME)
    except Exception:
        s.close()
        raise


def open_connection(lib, auth, nagle=True):
    """A connection with `lib` (rtls or mbedtls)."""
    opener = open_rtls if lib == "rtls" else open_mbedtls
    return opener(auth, nagle)


def write_all(stream, data):
    """Write all of data (a stream write may be partial)."""
    view = memoryview(data)
    while view:
        view = view[stream.write(view):]


def read_exact(stream, view):
    """Fill view from stream."""
    got = 0
    while got < len(view):
        n = stream.readinto(view[got:])
        if not n:
            raise OSError("EOF after %d of %d bytes" % (got, len(view)))
        got += n


def echo(stream):
    """One line through s_server -rev: the connection really works (and the
    server's post-handshake messages, e.g. tickets, are read)."""
    write_all(stream, b"bench\n")
    reply = stream.readline()
    if reply != b"hcneb\n":
        raise OSError("echo: got %r" % reply)


def handshakes(lib, auth, count):
    """count connections, each: handshake, echo, close."""
    for _ in range(count):
        stream = open_connection(lib, auth)
        echo(stream)
        cipher = stream.cipher()
        stream.close()
    return {"cipher": cipher}


def resumed_handshakes(auth, count):
    """One full handshake, then count resumed ones, each with the session of
    the one before.  Assumes CPython's shape for the future session API
    (stream.session, wrap_socket(session=...)); adapt when it lands."""
    stream = open_rtls(auth)
    echo(stream)
    session = getattr(stream, "session", None)
    stream.close()
    if session is None:
        return {"na": "not implemented yet"}
    for _ in range(count):
        stream = open_rtls(auth, session=session)
        echo(stream)
        session, cipher = stream.session, stream.cipher()
        stream.close()
    return {"cipher": cipher}


def throughput(lib, nagle):
    """Seconds to send TOTAL bytes and read their echo, after the handshake,
    WINDOW_LINES lines of LINE bytes at a time."""
    letters = b"abcdefghijklmnopqrstuvwxyz"
    line = bytes(letters[i % 26] for i in range(LINE - 1))
    window = (line + b"\n") * WINDOW_LINES
    expected = (bytes(reversed(line)) + b"\n") * WINDOW_LINES
    reply = bytearray(len(window))
    stream = open_connection(lib, "server", nagle)
    echo(stream)
    start = time.ticks_us()
    for _ in range(TOTAL // len(window)):
        write_all(stream, window)
        read_exact(stream, memoryview(reply))
        if reply != expected:
            raise OSError("echo differs")
    seconds = time.ticks_diff(time.ticks_us(), start) / 1e6
    cipher = stream.cipher()
    stream.close()
    return {"seconds": seconds, "cipher": cipher}


def memory(lib, fragment):
    """GC heap taken by one open connection that has echoed a line; glibc's
    malloc_stats() prints the libc heap in use on stderr before and after,
    for bench/run.py (mbedTLS allocates its buffers there).  A first
    connection is made and closed before, so one-time allocations are not
    counted."""
    import ffi
    malloc_stats = ffi.open("libc.so.6").func("v", "malloc_stats", "")
    options = {}
    if fragment != "full":
        options["max_fragment_length"] = int(fragment)
    if lib == "rtls":
        try:
            open_rtls("server", **options).close()
        except TypeError:  # wrap_socket has no such keyword (yet)
            return {"na": "not implemented yet"}
    elif options:
        return {"na": "no max_fragment_length in MicroPython's tls"}
    else:
        open_mbedtls("server").close()
    gc.collect()
    before = gc.mem_alloc()
    malloc_stats()
    if lib == "rtls":
        stream = open_rtls("server", **options)
    else:
        stream = open_mbedtls("server")
    echo(stream)
    gc.collect()
    taken = gc.mem_alloc() - before
    malloc_stats()
    stream.close()
    return {"gc": taken}


def versions():
    """MicroPython's version and build, mbedTLS's version."""
    return {"micropython": "%d.%d.%d" % sys.implementation.version[:3],
            "build": sys.version.split("MicroPython ")[-1],
            "mbedtls": tls.MBEDTLS_VERSION}


def main(argv):
    command = argv[0]
    if command == "handshake":
        lib, auth, count = argv[1], argv[2], int(argv[3])
        if lib == "rtls-resumed":
            return resumed_handshakes(auth, count)
        return handshakes(lib, auth, count)
    if command == "throughput":
        return throughput(argv[1], argv[2] == "on")
    if command == "memory":
        return memory(argv[1], argv[2])
    if command == "versions":
        return versions()
    raise ValueError("unknown command %r" % command)


print(json.dumps(main(sys.argv[1:])))
