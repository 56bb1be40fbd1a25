# Helpers shared by the rtls test cases (run by MicroPython, see tests/run.py).
import os
import socket

import rtls

CERTS = os.getenv("RTLS_CERTS")
HOST = os.getenv("RTLS_HOST") or "127.0.0.1"
SOCKET_TIMEOUT = 10

# Rejections: role (its peer is defined in tests/run.py) -> substrings the
# error text must contain (compared in lowercase; the API fixes no text for
# a server that skips its Certificate).  Each is a different cause, so each
# must have its own error code (see distinct_codes.py).
REJECTIONS = {
    "wrong_ca": ("not trusted",),
    "expired": ("expired: notafter 2021-01-01 00:00:00 utc, device time ",
                "; renew the certificate or set the clock"),
    "notyet": ("not yet valid: notbefore 2090-01-01 00:00:00 utc, "
               "device time ", "; set the clock (e.g. ntptime.settime())"),
    "hostname": ("hostname mismatch", "localhost"),
    "notca": ("issuer is not a ca",),
    "name_constraints": ("not permitted by a ca's name constraints",),
    "tls12": ("tls 1.3",),
    "nocert": ("alert", "certificate_required"),
    "garbage": ("malformed",),
    "closed": ("closed",),
    "skip_cert": (),
}


def check(condition, message):
    """Raise AssertionError(message) unless condition holds."""
    if not condition:
        raise AssertionError(message)


def port(role=None):
    """The port of the case's first peer, or of the peer `role`."""
    name = "RTLS_PORT" if role is None else "RTLS_PORT_" + role.upper()
    value = os.getenv(name)
    check(value is not None, name + " is not set (run tests/run.py)")
    return int(value)


def cert_file(name):
    """The bytes of a file in the certificates directory."""
    check(CERTS, "RTLS_CERTS is not set (run tests/run.py)")
    with open(CERTS + "/" + name, "rb") as f:
        return f.read()


def connect(role=None, timeout=SOCKET_TIMEOUT):
    """A TCP socket connected to the peer, with a timeout."""
    addr = socket.getaddrinfo(HOST, port(role))[0][-1]
    s = socket.socket()
    s.settimeout(timeout)
    s.connect(addr)
    return s


def wrap(role=None, timeout=SOCKET_TIMEOUT, **kwargs):
    """Connect and wrap with rtls; trusts ca.crt and expects "localhost"
    unless kwargs say otherwise.  Closes the socket if wrapping fails."""
    if kwargs.get("cert_reqs", rtls.CERT_REQUIRED) == rtls.CERT_REQUIRED:
        if "cadata" not in kwargs:
            kwargs["cadata"] = cert_file("ca.crt")
        if "server_hostname" not in kwargs:
            kwargs["server_hostname"] = "localhost"
    s = connect(role, timeout)
    try:
        return rtls.wrap_socket(s, **kwargs)
    except Exception:
        s.close()
        raise


def read_exact(stream, n):
    """Exactly n bytes from stream (fails on EOF)."""
    data = b""
    while len(data) < n:
        chunk = stream.read(n - len(data))
        check(chunk, "EOF after %d of %d bytes" % (len(data), n))
        data += chunk
    return data


def write_all(stream, data):
    """Write all of data (stream writes may be partial)."""
    view = memoryview(data)
    while view:
        n = stream.write(view)
        check(n, "write returned %r" % (n,))
        view = view[n:]


def echo_line(stream, line):
    """Send a line to an `s_server -rev` peer and check the reply."""
    write_all(stream, line + b"\n")
    reply = stream.readline()
    expected = bytes(reversed(line)) + b"\n"
    check(reply == expected, "echo: expected %r, got %r" % (expected, reply))


def check_oserror(exc, needles):
    """exc must be OSError((negative int, text)) with text containing all
    needles (case-insensitive); returns the code."""
    args = exc.args
    check(len(args) == 2, "OSError args should be (code, text): %r" % (args,))
    code, text = args
    check(isinstance(code, int) and code < 0,
          "OSError code should be a negative int: %r" % (args,))
    check(isinstance(text, str) and text, "OSError text is empty: %r"
          % (args,))
    for needle in needles:
        check(needle in text.lower(),
              "error text %r does not mention %r" % (text, needle))
    return code


def expect_rejection(role, needles):
    """Connect to peer `role`; the handshake, or the first write/read after
    it, must fail with an OSError as check_oserror describes.  Returns
    (code, text)."""
    try:
        stream = wrap(role)
        try:
            write_all(stream, b"GET / HTTP/1.0\r\n\r\n")
            data = stream.read(5)
        finally:
            stream.close()
    except OSError as exc:
        code = check_oserror(exc, needles)
        return code, exc.args[1]
    raise AssertionError("%s: expected an OSError, the connection worked "
                         "(read %r)" % (role, data))


def rejection_case(role, needles=None):
    """The whole body of a reject_* case: peer `role` must be rejected with
    the REJECTIONS text (or `needles`)."""
    if needles is None:
        needles = REJECTIONS[role]
    code, text = expect_rejection(role, needles)
    print("%s: %d %s" % (role, code, text))
    print("PASS")
