# A Rust panic inside rtls, made on purpose: the interpreter's test hook
# (cargo feature panic-hook, src/binding/panic_hook.rs) panics in the
# wrapped stream's receive, inside the engine's call, while RTLS_TEST_PANIC
# is set. It must surface as an OSError naming an internal error and where
# it happened, leave that connection unusable, and leave the interpreter
# running (a second connection works). A post-handshake CertificateRequest
# (which once reached a panic) is an ordinary error.
import gc
import os

from _common import check, check_oserror, echo_line, wrap

tls = wrap()
echo_line(tls, b"before")
tls.write(b"ping\n")
os.putenv("RTLS_TEST_PANIC", "1")
try:
    data = tls.read(5)
    raise AssertionError("expected an OSError (no panic hook in this build?), read %r" % (data,))
except OSError as exc:
    code = check_oserror(exc, ("internal", "panic_hook.rs:"))
    print("panic surfaced as:", code, exc.args[1])
finally:
    os.unsetenv("RTLS_TEST_PANIC")

# The connection refuses further use, with an error, not a crash.
for op in (lambda: tls.write(b"again\n"), lambda: tls.read(4)):
    try:
        op()
        raise AssertionError("a connection torn by a panic must not be usable")
    except OSError as exc:
        check(exc.args[0] == code, "same error again, got %r" % (exc.args,))
tls.close()
gc.collect()

# The interpreter is intact: a fresh connection works.
tls = wrap()
echo_line(tls, b"after")
tls.close()

# A CertificateRequest after the handshake (never offered): an ordinary
# error.
tls = wrap("certreq")
tls.write(b"ping\n")
try:
    data = tls.read(16)
    raise AssertionError("expected an OSError, read %r" % (data,))
except OSError as exc:
    check_oserror(exc, ())
    check(exc.args[0] != code, "a post-handshake CertificateRequest is no panic")
tls.close()
print("PASS")
