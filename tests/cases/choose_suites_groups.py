# wrap_socket(ciphers=..., groups=...): the client's order of preference,
# against openssl s_server (which follows the client's suite order):
#   - default order: AES-128-GCM; ciphers= puts ChaCha20 or AES-256 first,
#     in IANA or mbedTLS names, and cipher() follows;
#   - groups=("secp256r1", "x25519") against a P-256-only server: no
#     HelloRetryRequest (tests/run.py counts 1 + 2 + 1 ClientHellos in that
#     server's log: this connection, one with the default order, one
#     offering x25519 alone);
#   - a suite or group the server lacks: the handshake fails, by name;
#   - bad lists: unknown names, repeats, empty, not a list.
import rtls

from _common import check, connect, echo_line, wrap
from _expect import check_cipher, expect_handshake_failure


def raises(exc_type, func, *args, **kwargs):
    try:
        func(*args, **kwargs)
    except exc_type as exc:
        print("ok: %s(%r)" % (exc_type.__name__, str(exc)))
        return exc
    raise AssertionError("%s did not raise %s" % (func, exc_type.__name__))


for ciphers, expected in [
    (None, "TLS_AES_128_GCM_SHA256"),
    (["TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"], "TLS_CHACHA20_POLY1305_SHA256"),
    (("TLS1-3-AES-256-GCM-SHA384",), "TLS_AES_256_GCM_SHA384"),
]:
    tls = wrap(ciphers=ciphers) if ciphers else wrap()
    check_cipher(tls, expected)
    echo_line(tls, b"suite " + expected.encode())
    tls.close()
    print("ok: ciphers=%r -> %s" % (ciphers, expected))

# P-256 first: the share fits the P-256-only server at once.
tls = wrap("p256", groups=("secp256r1", "x25519"))
echo_line(tls, b"no HelloRetryRequest")
tls.close()
# The default order (x25519 first) costs a HelloRetryRequest there.
tls = wrap("p256")
echo_line(tls, b"after a HelloRetryRequest")
tls.close()
print("ok: groups order")

expect_handshake_failure(["handshake_failure"], "aes128", ciphers=["TLS_AES_256_GCM_SHA384"])
expect_handshake_failure(["handshake_failure"], "p256", groups=["x25519"])

s = connect()
try:
    raises(ValueError, rtls.wrap_socket, s, cert_reqs=rtls.CERT_NONE, ciphers=["TLS_AES_128_CCM_SHA256"])
    raises(ValueError, rtls.wrap_socket, s, cert_reqs=rtls.CERT_NONE, ciphers=["TLS_AES_128_GCM_SHA256"] * 2)
    raises(ValueError, rtls.wrap_socket, s, cert_reqs=rtls.CERT_NONE, ciphers=[])
    raises(ValueError, rtls.wrap_socket, s, cert_reqs=rtls.CERT_NONE, groups=["x448"])
    raises(TypeError, rtls.wrap_socket, s, cert_reqs=rtls.CERT_NONE, groups="x25519")
finally:
    s.close()
print("PASS")
