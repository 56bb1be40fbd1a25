# Helpers for the cases that provoke one protocol error on purpose or check
# one negotiated parameter (hostile_*, gnutls_*, openssl_*).  Kept out of
# _common.py, which small_heap.py must still be able to import in its
# 28 KiB heap.
from _common import (check, check_oserror, expect_rejection, read_exact, wrap,
                     write_all)

# The engine's error texts by cause (src/engine/error.rs).
ILLEGAL_PARAMETER = ("malformed handshake: the server chose a value the "
                     "client did not offer")
UNEXPECTED_MESSAGE = "malformed handshake: unexpected message from the server"
RECORD_OVERFLOW = "malformed message: record too long (record_overflow)"
# The server's CertificateVerify, by cause (codes -0x7203, -0x7204): named
# as such, never as the certificate chain's signature.
CV_INVALID = "server CertificateVerify signature invalid"
CV_SCHEME_MISMATCH = "server CertificateVerify scheme does not fit its key"
FINISHED_MISMATCH = ("server Finished does not match the handshake "
                     "(decrypt_error)")


def expect_oserror(label, func, needles):
    """func() must raise OSError((negative int, text)) with text containing
    each of needles (case-insensitive); prints it and returns (code, text)."""
    try:
        result = func()
    except OSError as exc:
        code = check_oserror(exc, [needle.lower() for needle in needles])
        print("%s: OSError(%d, %r)" % (label, code, exc.args[1]))
        return code, exc.args[1]
    raise AssertionError("%s: expected an OSError, got %r" % (label, result))


def expect_cv_failure(needle, code):
    """The handshake must fail on the server's CertificateVerify with
    `needle` in the text and this code, and name no certificate signature
    (the chain verified)."""
    got, text = expect_handshake_failure((needle,))
    check(got == code, "code %d, expected %d" % (got, code))
    check("certificate signature" not in text.lower(),
          "%r blames the certificate chain" % text)


def expect_handshake_failure(needles, role=None, **kwargs):
    """wrap() (which runs the handshake) must fail as expect_oserror says:
    the failure must come from the handshake itself, not a later read."""
    def handshake():
        stream = wrap(role, **kwargs)
        cipher = stream.cipher()
        stream.close()
        return "a completed handshake, cipher() = %r" % (cipher,)
    return expect_oserror("handshake", handshake, needles)


def expect_clock_rejection(device_time):
    """With the device clock at `device_time` (Case.clock in tests/run.py)
    a valid certificate is "not yet valid" (code -0x7103, never "expired"),
    and the text names its notBefore (of the CA, issued a day before the
    run), the device time and the fix."""
    code, text = expect_rejection("server", (
        "certificate not yet valid: notbefore ",
        " utc, device time " + device_time,
        " utc; set the clock (e.g. ntptime.settime())"))
    print("%d %s" % (code, text))
    check(code == -0x7103, "code %d, expected -0x7103" % code)
    check("expired" not in text, "a clock set back reads as expired")
    year = int(text.split("notBefore ")[1][:4])
    check(year > 2020, "notBefore in %d, not the CA's" % year)
    print("PASS")


def check_cipher(stream, suite):
    """stream.cipher() must be (suite, "TLSv1.3")."""
    cipher = stream.cipher()
    check(tuple(cipher) == (suite, "TLSv1.3"),
          "cipher() = %r, expected (%r, 'TLSv1.3')" % (cipher, suite))


def echo_exact(stream, data):
    """Send data to an echo server and check it comes back unchanged."""
    write_all(stream, data)
    reply = read_exact(stream, len(data))
    check(reply == data, "echo differs: sent %d bytes, got back %r..."
          % (len(data), reply[:40]))


def gnutls_echo(stream, label):
    """Lines of growing length through a `gnutls-serv --echo` peer (it
    echoes what each read returns; the lines have no CR, which it would
    turn into LF)."""
    for i, size in enumerate((1, 10, 100, 1000, 4000)):
        echo_exact(stream, (b"%s %d " % (label, i)) + b"x" * size + b"\n")


def gnutls_suite_case(suite):
    """The whole body of a gnutls_<suite> case: the connection negotiates
    `suite` and echoes."""
    tls = wrap()
    check_cipher(tls, suite)
    gnutls_echo(tls, suite.encode())
    tls.close()
    print("ok: " + suite)
    print("PASS")
