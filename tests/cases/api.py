# API contract: ValueError for bad arguments, `with` closes, use after
# close() raises OSError, CERT_NONE accepts a server from an unknown CA.
import rtls

from _common import cert_file, check, connect, echo_line, wrap

PEM_GARBAGE = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"


def expect_value_error(label, needles=(), **kwargs):
    """wrap_socket(**kwargs) on a fresh connection must raise ValueError
    whose text contains each of needles (case-insensitive)."""
    s = connect()
    try:
        rtls.wrap_socket(s, **kwargs).close()
    except ValueError as exc:
        text = str(exc).lower()
        for needle in needles:
            check(needle in text, "%s: %r does not mention %r"
                  % (label, str(exc), needle))
        print("ok: %s -> ValueError(%r)" % (label, str(exc)))
        return
    finally:
        s.close()
    raise AssertionError(label + ": no ValueError")


def expect_closed(label, func):
    """func() must raise OSError (the stream is closed)."""
    try:
        func()
    except OSError as exc:
        print("ok: %s -> OSError%r" % (label, exc.args))
        return
    raise AssertionError(label + ": no OSError after close")


check(rtls.CERT_NONE != rtls.CERT_REQUIRED, "CERT_NONE == CERT_REQUIRED")
ca = cert_file("ca.crt")
cert = cert_file("client.crt")
key = cert_file("client.key")

expect_value_error("CERT_REQUIRED without cadata", ("cadata", "cert_none"),
                   server_hostname="localhost")
expect_value_error("CERT_REQUIRED without server_hostname", cadata=ca)
for label, garbage in (("text", b"not a certificate"), ("PEM", PEM_GARBAGE),
                       ("DER", b"\x30\x03\x02\x01\x00")):
    expect_value_error("garbage cadata (%s)" % label,
                       cadata=garbage, server_hostname="localhost")
    expect_value_error("garbage cert (%s)" % label, cadata=ca,
                       server_hostname="localhost", cert=garbage, key=key)
    expect_value_error("garbage key (%s)" % label, cadata=ca,
                       server_hostname="localhost", cert=cert, key=garbage)

# Local mistakes are ValueError/TypeError naming the argument, raised before
# anything is sent, never blamed on the peer.
expect_value_error("empty server_hostname", ("server_hostname", "empty"),
                   cadata=ca, server_hostname="")
expect_value_error("70,000-byte server_hostname", ("server_hostname", "253"),
                   cadata=ca, server_hostname="a" * 70000)
expect_value_error("non-UTF-8 server_hostname", ("server_hostname", "ascii"),
                   cadata=ca, server_hostname=b"\xff\xfe")
expect_value_error("non-ASCII server_hostname", ("server_hostname", "ascii", "idna"),
                   cadata=ca, server_hostname="b\u00fccher.example")
expect_value_error("empty alpn_protocols", ("alpn_protocols", "1 to 8"),
                   cadata=ca, server_hostname="localhost", alpn_protocols=[])
expect_value_error("nine alpn_protocols", ("alpn_protocols", "1 to 8"),
                   cadata=ca, server_hostname="localhost", alpn_protocols=["h2"] * 9)
expect_value_error("two 200-byte ALPN names", ("alpn_protocols", "256 bytes"),
                   cadata=ca, server_hostname="localhost", alpn_protocols=["a" * 200, "b" * 200])
expect_value_error("a 256-byte ALPN name", ("alpn_protocols", "1 to 255 bytes"),
                   cadata=ca, server_hostname="localhost", alpn_protocols=["a" * 256])
expect_value_error("a 1000-character cipher name", ("ciphers", "xxxxxxxx...", "known:", "tls_aes_128_gcm_sha256"),
                   cadata=ca, server_hostname="localhost", ciphers=["X" * 1000])
expect_value_error("a non-UTF-8 cipher name", ("ciphers", "ascii"),
                   cadata=ca, server_hostname="localhost", ciphers=[b"\xff"])
expect_value_error("max_fragment_length=1000", ("max_fragment_length", "512"),
                   cadata=ca, server_hostname="localhost", max_fragment_length=1000)
s = connect()
try:
    rtls.wrap_socket(s, cadata=ca, server_hostname="localhost", ciphers=[5])
    raise AssertionError("ciphers=[5] must be refused")
except TypeError as exc:
    check("ciphers" in str(exc), "TypeError names ciphers: %r" % (exc,))
    print("ok: ciphers=[5] -> TypeError(%r)" % str(exc))
finally:
    s.close()
# The documented defaults are accepted as such.
tls = wrap(max_fragment_length=None, alpn_protocols=None, session=None, psk=None)
echo_line(tls, b"documented defaults")
tls.close()
print("ok: max_fragment_length=None")

with wrap() as tls:
    echo_line(tls, b"inside with")
expect_closed("write after with", lambda: tls.write(b"x"))
expect_closed("read after with", lambda: tls.read(1))

tls = wrap()
echo_line(tls, b"before close")
tls.close()
expect_closed("write after close()", lambda: tls.write(b"x"))
expect_closed("read after close()", lambda: tls.read(1))
expect_closed("readline after close()", lambda: tls.readline())

tls = wrap("wrong_ca", cert_reqs=rtls.CERT_NONE)
echo_line(tls, b"CERT_NONE accepts an unknown CA")
tls.close()
print("ok: CERT_NONE")
print("PASS")
