# `tls` on rtls (usermod/tls.py): MicroPython's tls surface, and
# micropython-lib's requests (at MicroPython 1.25's pin), which imports
# `tls` itself, over it. On the NodeMCU board the module is frozen as
# `tls`; the unix interpreter has MicroPython's mbedTLS `tls` built in,
# which a module on the path cannot shadow, so tests/run.py stages it as
# rtls_tls and this case puts it in sys.modules as `tls`, where an import
# looks first.
#   - the surface: SSLContext, PROTOCOL_TLS_CLIENT/SERVER, CERT_*, and
#     MicroPython's data-only calls (load_verify_locations(cadata bytes));
#   - requests.get over https, as requests does it (tls.SSLContext,
#     verify_mode = CERT_NONE: its own choice), twice, against CPython's
#     http.server in TLS 1.3 serving a 400-line file;
#   - a verified GET through the same module, on an rtls socket.
import socket
import sys

import rtls_tls

sys.modules["tls"] = rtls_tls

import requests
import tls

from _common import HOST, cert_file, check, port

EXPECTED = b"".join(b"line %04d of the rtls http test\n" % i for i in range(400))

check(tls is rtls_tls, "import tls found another module")
check((tls.PROTOCOL_TLS_CLIENT, tls.PROTOCOL_TLS_SERVER) == (0, 1), "PROTOCOL_* values")
check((tls.CERT_NONE, tls.CERT_OPTIONAL, tls.CERT_REQUIRED) == (0, 1, 2), "CERT_* values")

url = "https://%s:%d/hello.txt" % (HOST, port())
for attempt in range(2):
    response = requests.get(url)
    check(response.status_code == 200, "status %r" % (response.status_code,))
    check(response.content == EXPECTED, "body of %d bytes" % len(response.content))
    response.close()
print("ok: requests.get over rtls' tls, twice")

ctx = tls.SSLContext(tls.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(cert_file("ca.crt"))
raw = socket.socket()
raw.connect(socket.getaddrinfo(HOST, port())[0][-1])
stream = ctx.wrap_socket(raw, server_hostname="localhost")
check(type(stream).__name__ == "TLSSocket", "not an rtls socket: %r" % (stream,))
stream.write(b"GET /hello.txt HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n")
reply = b""
while True:
    data = stream.read(4096)
    if not data:
        break
    reply += data
stream.close()
check(reply.startswith(b"HTTP/1.0 200") and reply.endswith(EXPECTED), "verified GET: %r" % reply[:40])
print("ok: a verified GET through tls.SSLContext")
print("PASS")
