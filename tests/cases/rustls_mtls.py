# Mutual TLS against rustls (WebPkiClientVerifier trusting ca.crt):
#   - "required": with client.crt the connection echoes (tests/run.py
#     checks the server saw CN rtls-device-01), and its session resumes,
#     the server still knowing the client;
#   - "required" without a client certificate: rustls answers the empty
#     Certificate with certificate_required, an OSError on the first read;
#   - "optional" (allow_unauthenticated): anonymous without a
#     certificate, identified with one.
from _common import cert_file, check, expect_rejection, wrap
from _expect import echo_exact
from _interop import check_verified

CLIENT = dict(cert=cert_file("client.crt"), key=cert_file("client.key"))

# First: the server logs the refusal after its alert, so the connections
# after it (served in turn) make sure the log has it for tests/run.py.
code, text = expect_rejection(
    "required", ("alert received from the server: certificate_required",))
print("ok: without a client certificate: %d %s" % (code, text))

tls = wrap("required", **CLIENT)
check_verified(tls)
echo_exact(tls, b"mutual TLS")
session = tls.session
tls.close()
check(isinstance(session, bytes),
      "no session after the tickets: %r" % (session,))
print("ok: client certificate accepted, %d-byte session" % len(session))

tls = wrap("required", session=session, **CLIENT)
check(tls.session_reused is True, "not resumed")
echo_exact(tls, b"resumed mutual TLS")
tls.close()
print("ok: resumed")

for kwargs in ({}, CLIENT):
    tls = wrap("optional", **kwargs)
    echo_exact(tls, b"optional client certificate")
    tls.close()
print("ok: optional client certificate, without and with")
print("PASS")
