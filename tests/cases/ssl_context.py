# The ssl module on rtls (usermod/ssl.py, frozen) and its contract, as
# README.md "Drop-in ssl" states it, against `openssl s_server -rev`
# (ALPN h2), the same with mutual TLS, and a server from an unknown CA:
#   - names: ssl and ussl are the same module; MicroPython's tls (mbedTLS)
#     is still its own module; constants have MicroPython's values;
#   - SSLContext(PROTOCOL_TLS_CLIENT): defaults verify_mode=CERT_REQUIRED,
#     check_hostname=True; CERT_REQUIRED without a CA is refused;
#     PROTOCOL_TLS_SERVER and server_side=True raise NotImplementedError;
#   - wrong arguments raise CPython's exception type with a text naming
#     the argument (another protocol, no CA argument, empty or non-bytes
#     cadata when loaded, set_ciphers' list and its items);
#   - load_verify_locations(cafile=) / (cadata= PEM or DER) / both; mixing
#     PEM and DER is a ValueError; load_cert_chain(certfile, keyfile) from
#     paths and from bytes, and one file holding certificate and key;
#   - verify_mode: CERT_NONE accepts the unknown CA; CERT_OPTIONAL verifies
#     when a CA is loaded (refuses the unknown CA) and does not without;
#     check_hostname=False with verification raises NotImplementedError;
#   - set_alpn_protocols -> selected_alpn_protocol(); get_ciphers() lists
#     the three TLS 1.3 suites; set_ciphers: unknown name ValueError, a
#     str TypeError, a reordered list or one suite (mbedTLS name) is what
#     get_ciphers() then lists and what the connection uses;
#   - the socket: do_handshake_on_connect=False then do_handshake(),
#     version(), cipher(), getpeercert(True); session= resumes;
#   - legacy wrap_socket: micropython-lib's defaults (CERT_NONE), with
#     cert_reqs=CERT_REQUIRED + cadata it verifies, key/cert for mTLS.
import socket
import ssl

import tls as mbedtls
import ussl

from _common import CERTS, cert_file, check, check_oserror, connect, echo_line

CA = CERTS + "/ca.crt"


def raises(exc_type, func, *args, **kwargs):
    """func(*args, **kwargs) must raise exc_type; returns the exception."""
    try:
        func(*args, **kwargs)
    except exc_type as exc:
        return exc
    raise AssertionError("%s did not raise %s" % (func, exc_type.__name__))


def raises_text(exc_type, text, func, *args, **kwargs):
    """As raises, and the exception's text must be `text`."""
    exc = raises(exc_type, func, *args, **kwargs)
    check(str(exc) == text, "%s(%r), expected %r" % (exc_type.__name__,
                                                      str(exc), text))
    print("ok: %s(%r)" % (exc_type.__name__, text))


def client(**loads):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if loads.get("ca", True):
        ctx.load_verify_locations(cafile=CA)
    return ctx


def session(ctx, role="server", hostname="localhost", **kwargs):
    """Connect to `role`, wrap with ctx, one echo line; returns the open
    socket."""
    s = connect(role)
    try:
        sock = ctx.wrap_socket(s, server_hostname=hostname, **kwargs)
        echo_line(sock, b"hello " + role.encode())
        return sock
    except Exception:
        s.close()
        raise


def refused(ctx, role, needles, hostname="localhost"):
    exc = raises(OSError, lambda: session(ctx, role, hostname).close())
    check_oserror(exc, needles)
    return exc.args


# Names and constants.
check(ussl.SSLContext is ssl.SSLContext and ussl.wrap_socket is ssl.wrap_socket,
      "ussl is not ssl")
check(mbedtls is not ssl and hasattr(mbedtls, "MBEDTLS_VERSION"),
      "tls is no longer MicroPython's mbedTLS module")
check((ssl.PROTOCOL_TLS_CLIENT, ssl.PROTOCOL_TLS_SERVER) == (0, 1),
      "PROTOCOL_* values")
check((ssl.CERT_NONE, ssl.CERT_OPTIONAL, ssl.CERT_REQUIRED) == (0, 1, 2),
      "CERT_* values")
print("ok: ussl is ssl, tls is still mbedTLS (%s)" % mbedtls.MBEDTLS_VERSION)

# Contexts.
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
check(ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname is True,
      "client defaults: verify_mode %r check_hostname %r"
      % (ctx.verify_mode, ctx.check_hostname))
exc = raises(ValueError, session, ctx)
print("ok: default context without a CA -> ValueError(%r)" % str(exc))
exc = raises(NotImplementedError, ssl.SSLContext, ssl.PROTOCOL_TLS_SERVER)
print("ok: PROTOCOL_TLS_SERVER -> NotImplementedError(%r)" % str(exc))
s = socket.socket()
raises(NotImplementedError, client().wrap_socket, s, server_side=True)
raises(NotImplementedError, ssl.wrap_socket, s, server_side=True)
s.close()

# Wrong arguments: CPython's exception types, texts naming the argument.
raises_text(ValueError, "invalid or unsupported protocol version 5: use "
            "PROTOCOL_TLS_CLIENT", ssl.SSLContext, 5)
raises_text(TypeError, "cafile and cadata cannot be both omitted",
            ctx.load_verify_locations)
for empty in (b"", ""):
    raises_text(ValueError, "Empty certificate data in cadata",
                ctx.load_verify_locations, cadata=empty)
raises_text(TypeError, "cadata should be str or bytes, not int",
            ctx.load_verify_locations, cadata=5)
raises_text(TypeError, "set_ciphers() items must be str, not int",
            ctx.set_ciphers, [5])
raises_text(TypeError, "set_ciphers() argument must be a list, not str",
            ctx.set_ciphers, "TLS_AES_128_GCM_SHA256")
check(ctx.get_ciphers() == client().get_ciphers(), "refused ciphers were kept")
s = socket.socket()
raises_text(ValueError, "Empty certificate data in cadata", ssl.wrap_socket,
            s, cadata=b"", cert_reqs=ssl.CERT_REQUIRED)
s.close()

# Trust anchors: file, PEM bytes, DER bytes, both at once; not mixed.
for label, load in (("cafile", lambda c: c.load_verify_locations(cafile=CA)),
                    ("PEM cadata", lambda c: c.load_verify_locations(
                        cadata=cert_file("ca.crt"))),
                    ("DER cadata", lambda c: c.load_verify_locations(
                        cadata=cert_file("ca.der"))),
                    ("cafile+cadata", lambda c: c.load_verify_locations(
                        cafile=CERTS + "/other_ca.crt",
                        cadata=cert_file("ca.crt")))):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    load(c)
    session(c).close()
    print("ok: trust from %s" % label)
c = client()
exc = raises(ValueError, c.load_verify_locations, cadata=cert_file("ca.der"))
print("ok: PEM then DER -> ValueError(%r)" % str(exc))

# verify_mode and check_hostname.
c = client()
c.verify_mode = ssl.CERT_NONE
session(c, "wrong_ca").close()
print("ok: CERT_NONE accepts the unknown CA")
c = client()
c.verify_mode = ssl.CERT_OPTIONAL
print("ok: CERT_OPTIONAL with a CA refuses the unknown CA: %r"
      % (refused(c, "wrong_ca", ("not trusted",)),))
session(c).close()
c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
c.verify_mode = ssl.CERT_OPTIONAL
session(c, "wrong_ca").close()
print("ok: CERT_OPTIONAL without a CA does not verify")
c = client()
print("ok: hostname checked: %r"
      % (refused(c, "server", ("hostname mismatch",), "other.example"),))
c.check_hostname = False
exc = raises(NotImplementedError, session, c)
print("ok: check_hostname=False with verification -> NotImplementedError(%r)"
      % str(exc))
c.verify_mode = ssl.CERT_NONE
session(c, hostname="other.example").close()

# Client certificates.
c = client()
c.load_cert_chain(CERTS + "/client.crt", CERTS + "/client.key")
session(c, "mtls").close()
c = client()
c.load_cert_chain(cert_file("client.crt"), cert_file("client.key"))
session(c, "mtls").close()
combined = "/tmp/rtls_ssl_context_client.pem"
with open(combined, "wb") as f:
    f.write(cert_file("client.crt") + cert_file("client.key"))
c = client()
c.load_cert_chain(combined)
session(c, "mtls").close()
print("ok: mutual TLS with files, bytes, and one file holding both")
print("ok: no client certificate: %r" % (refused(
    client(), "mtls", ("alert", "certificate_required")),))

# ALPN and ciphers.
c = client()
c.set_alpn_protocols(["h2", "http/1.1"])
sock = session(c)
check(sock.selected_alpn_protocol() == "h2", "ALPN %r"
      % sock.selected_alpn_protocol())
sock.close()
ciphers = c.get_ciphers()
check(sorted(ciphers) == ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                          "TLS_CHACHA20_POLY1305_SHA256"], "get_ciphers %r"
      % ciphers)
raises(ValueError, c.set_ciphers, ["TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256"])
raises(ValueError, c.set_ciphers, ["TLS_AES_128_GCM_SHA256"] * 2)
c.set_ciphers(list(reversed(ciphers)))
check(c.get_ciphers() == list(reversed(ciphers)), "get_ciphers after set")
c.set_ciphers(["TLS1-3-CHACHA20-POLY1305-SHA256"])
check(c.get_ciphers() == ["TLS_CHACHA20_POLY1305_SHA256"], "mbedTLS name")
sock = session(c)
check(sock.cipher()[0] == "TLS_CHACHA20_POLY1305_SHA256", "cipher %r"
      % (sock.cipher(),))
sock.close()
print("ok: ALPN h2; ciphers %r; one chosen suite used" % (ciphers,))

# The socket: deferred handshake, properties, resumption.
s = connect()
sock = client().wrap_socket(s, server_hostname="localhost",
                            do_handshake_on_connect=False)
check(sock.version() is None and sock.cipher() is None, "before handshake")
sock.do_handshake()
check(sock.version() == "TLSv1.3", "version %r" % sock.version())
check(sock.cipher()[1] == "TLSv1.3", "cipher %r" % (sock.cipher(),))
check(sock.getpeercert(True) == cert_file("server.der"), "getpeercert")
echo_line(sock, b"deferred handshake")
ticket = sock.session
check(ticket is not None, "no session after reading")
sock.close()
sock = session(client(), session=ticket)
check(sock.session_reused is True, "session= did not resume")
sock.close()
print("ok: do_handshake, version, cipher, getpeercert, session resumption")

# Legacy wrap_socket (umqtt.simple's ssl_params, old urequests).
s = connect("wrong_ca")
sock = ssl.wrap_socket(s, server_hostname="localhost")
echo_line(sock, b"legacy default: no verification")
sock.close()
s = connect("wrong_ca")
try:
    sock = ssl.wrap_socket(s, server_hostname="localhost",
                           cert_reqs=ssl.CERT_REQUIRED,
                           cadata=cert_file("ca.crt"))
    echo_line(sock, b"must not work")
    raise AssertionError("legacy CERT_REQUIRED trusted the unknown CA")
except OSError as exc:
    check_oserror(exc, ("not trusted",))
finally:
    s.close()
s = connect("mtls")
sock = ssl.wrap_socket(s, server_hostname="localhost",
                       cert_reqs=ssl.CERT_REQUIRED, cadata=cert_file("ca.crt"),
                       cert=cert_file("client.crt"), key=cert_file("client.key"))
echo_line(sock, b"legacy mutual TLS")
sock.close()
print("ok: legacy wrap_socket: CERT_NONE default, CERT_REQUIRED, key/cert")
print("PASS")
