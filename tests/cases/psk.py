# External PSK (RFC 8446 §4.2.11), as with EMQX's PSK listeners: the server
# has no certificate, the key authenticates it. psk_dhe_ke by default;
# psk_ke=True offers key exchange without ECDHE. A wrong key fails.
from _common import check, check_oserror, connect, echo_line

import rtls

IDENTITY = b"device-7"
KEY = bytes(range(16))


def session(role, key=KEY, **kwargs):
    return rtls.wrap_socket(connect(role), server_hostname="localhost", psk=(IDENTITY, key), **kwargs)


tls = session("server")
check(tls.getpeercert(True) is None, "a PSK handshake carries no certificate")
check(tls.cipher()[1] == "TLSv1.3", "TLS 1.3")
echo_line(tls, b"psk with ecdhe")
tls.close()

tls = session("no_dhe", psk_ke=True)
echo_line(tls, b"psk without ecdhe")
tls.close()

wrong = bytearray(KEY)
wrong[0] ^= 1
try:
    tls = session("server", key=bytes(wrong))
    tls.write(b"x\n")
    tls.read(4)
    raise AssertionError("a wrong PSK must not connect")
except OSError as exc:
    print("wrong key:", exc.args)
    check_oserror(exc, ())

try:
    rtls.wrap_socket(connect("server"), psk=(IDENTITY,))
    raise AssertionError("psk must be a pair")
except ValueError as exc:
    print("ValueError:", exc)
print("PASS")
