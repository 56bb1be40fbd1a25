# The commonName fallback (README "Certificate verification"): a server
# certificate without subjectAltName (CN=localhost only, as `openssl req`
# makes them) matches server_hostname on its CN by default, and not with
# hostname_checks_common_name=False, in rtls.wrap_socket and as CPython's
# SSLContext attribute; a certificate with a SAN (other.example) is never
# matched on its CN (localhost), fallback or not.
import ssl

import rtls

from _common import CERTS, check, check_oserror, connect, echo_line, wrap

MISMATCH = ("hostname mismatch", "localhost")


def refused(label, func):
    try:
        stream = func()
    except OSError as exc:
        code = check_oserror(exc, MISMATCH)
        print("ok: %s -> %d %s" % (label, code, exc.args[1]))
        return
    stream.close()
    raise AssertionError(label + ": connected, expected a hostname mismatch")


def context(fallback=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cafile=CERTS + "/ca.crt")
    if fallback is not None:
        ctx.hostname_checks_common_name = fallback
    return ctx


def with_context(role, ctx):
    def connect_and_wrap():
        s = connect(role)
        try:
            return ctx.wrap_socket(s, server_hostname="localhost")
        except Exception:
            s.close()
            raise
    return connect_and_wrap


check(context().hostname_checks_common_name is True, "the default is True (legacy, as CPython)")

stream = wrap("cn_only")
echo_line(stream, b"common name, by default")
stream.close()
stream = wrap("cn_only", hostname_checks_common_name=True)
echo_line(stream, b"common name, asked for")
stream.close()
stream = with_context("cn_only", context())()
echo_line(stream, b"common name, SSLContext")
stream.close()
print("ok: CN-only certificate matched on its CN by default")

refused("rtls.wrap_socket(hostname_checks_common_name=False)",
        lambda: wrap("cn_only", hostname_checks_common_name=False))
refused("SSLContext.hostname_checks_common_name = False",
        with_context("cn_only", context(False)))
refused("a SAN present, fallback on", lambda: wrap("san_not_cn"))
refused("a SAN present, SSLContext", with_context("san_not_cn", context(True)))
print("PASS")
