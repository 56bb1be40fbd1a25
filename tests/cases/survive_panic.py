# A server that completes the handshake, then sends a post-handshake
# CertificateRequest the client never offered to answer. Inside rtls this
# reaches a Rust panic (embedded-tls's unimplemented!()); it must surface as
# an OSError naming a malformed message, leave that connection unusable, and
# leave the interpreter running (a second connection still works).
import gc

from _common import check, check_oserror, wrap

tls = wrap()
tls.write(b"ping\n")
try:
    data = tls.read(16)
    raise AssertionError("expected an OSError, read %r" % (data,))
except OSError as exc:
    code = check_oserror(exc, ("malformed",))
    print("panic surfaced as:", code, exc.args[1])

# The connection refuses further use, with an error, not a crash.
for op in (lambda: tls.write(b"again\n"), lambda: tls.read(4)):
    try:
        op()
        raise AssertionError("a failed connection must not be usable")
    except OSError as exc:
        check_oserror(exc, ())
tls.close()
gc.collect()

# The interpreter is intact: a fresh connection to the same server works up to
# its first read (the server answers every read with the same violation).
tls = wrap()
check(tls.cipher()[1] == "TLSv1.3", "second connection did not complete")
tls.close()
print("PASS")
