# HTTPS GETs the way micropython-lib's HTTP clients make them, over
# ssl-on-rtls, against CPython's http.server wrapped in TLS 1.3
# (tests/peers/https_server.py) serving a 400-line file.
#
# The client below makes exactly the calls those libraries make:
#   - urequests (micropython-lib before 1.23): `import ussl`, then
#     `ussl.wrap_socket(s, server_hostname=host)` -- the legacy wrap_socket,
#     whose default is cert_reqs=CERT_NONE (no verification), as in
#     micropython-lib's ssl.py;
#   - requests (micropython-lib from 1.23) with `ssl` in place of `tls`:
#     SSLContext(PROTOCOL_TLS_CLIENT), verify_mode = CERT_NONE,
#     wrap_socket(s, server_hostname=host);
#   - and, what a user should do, the same with verification on: the legacy
#     call with cert_reqs=CERT_REQUIRED and cadata, and a context with the
#     CA loaded (also by IP address: the certificate has IP:127.0.0.1).
# Then: "GET /path HTTP/1.0", Host and Connection: close headers, the
# status line and headers parsed with readline(), the body read to EOF
# with read(); the body must be the file, and its length Content-Length.
# The server logs each request line and Host header; run.py checks them.
# Verification must reject a server whose CA is not the one loaded.
import socket
import ssl

import ussl

from _common import HOST, cert_file, check, check_oserror, port

FILE = "hello.txt"
LINES = 400
EXPECTED = b"".join(b"line %04d of the rtls http test\n" % i
                    for i in range(LINES))


def legacy_unverified(s, host):
    return ussl.wrap_socket(s, server_hostname=host)


def context_unverified(s, host):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.verify_mode = ssl.CERT_NONE
    return ctx.wrap_socket(s, server_hostname=host)


def legacy_verified(s, host):
    return ssl.wrap_socket(s, server_hostname=host, cert_reqs=ssl.CERT_REQUIRED,
                           cadata=cert_file("ca.crt"))


def context_verified(s, host):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cadata=cert_file("ca.crt"))
    return ctx.wrap_socket(s, server_hostname=host)


def get(url, wrap):
    """GET url as urequests does; returns (status, reason, headers, body)."""
    proto, _, hostport, path = url.split("/", 3)
    check(proto == "https:", "not https: " + url)
    host, port_text = hostport.split(":", 1)
    ai = socket.getaddrinfo(host, int(port_text), 0, socket.SOCK_STREAM)[0]
    s = socket.socket(ai[0], socket.SOCK_STREAM, ai[2])
    s.settimeout(10)
    try:
        s.connect(ai[-1])
        s = wrap(s, host)
        s.write(b"GET /%s HTTP/1.0\r\n" % path)
        s.write(b"Host: %s\r\n" % host)
        s.write(b"Connection: close\r\n\r\n")
        status_line = s.readline().split(None, 2)
        check(len(status_line) >= 2, "bad status line %r" % status_line)
        status = int(status_line[1])
        reason = status_line[2].rstrip() if len(status_line) > 2 else b""
        headers = {}
        while True:
            line = s.readline()
            if not line or line == b"\r\n":
                break
            key, value = str(line, "utf-8").split(":", 1)
            headers[key.lower()] = value.strip()
        body = s.read()  # Response.content: to EOF
    finally:
        s.close()
    return status, reason, headers, body


def fetch(label, role, host, wrap):
    url = "https://%s:%d/%s" % (host, port(role), FILE)
    status, reason, headers, body = get(url, wrap)
    check(status == 200, "%s: status %d %r" % (label, status, reason))
    check(int(headers.get("content-length", -1)) == len(body),
          "%s: Content-Length %r, body %d bytes"
          % (label, headers.get("content-length"), len(body)))
    check(body == EXPECTED, "%s: body differs (%d bytes)" % (label, len(body)))
    print("ok: %s %s -> %d %s, %d bytes" % (label, url, status,
                                            str(reason, "utf-8"), len(body)))


fetch("urequests (ussl.wrap_socket, unverified)", "server", "localhost",
      legacy_unverified)
fetch("requests (SSLContext, CERT_NONE)", "server", "localhost",
      context_unverified)
fetch("legacy wrap_socket, CERT_REQUIRED", "server", "localhost",
      legacy_verified)
fetch("SSLContext with CA, by IP address", "server", HOST, context_verified)
fetch("server sending close_notify", "close_notify", "localhost",
      context_verified)

# The legacy default does not verify (micropython-lib's): a server from an
# unknown CA is accepted; with verification it is refused.
fetch("legacy default, unknown CA", "wrong_ca", "localhost", legacy_unverified)
for label, wrap in (("legacy CERT_REQUIRED", legacy_verified),
                    ("SSLContext", context_verified)):
    try:
        fetch(label + ", unknown CA", "wrong_ca", "localhost", wrap)
        raise AssertionError(label + ": a server from an unknown CA was trusted")
    except OSError as exc:
        check_oserror(exc, ("not trusted",))
        print("ok: %s refuses the unknown CA: %r" % (label, exc.args))
print("PASS")
