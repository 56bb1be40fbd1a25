# Mutual TLS against gnutls-serv --require-client-cert --verify-client-cert
# --x509cafile ca.crt: with client.crt/client.key the connection works
# (tests/run.py checks that gnutls-serv's log says the client certificate
# is trusted and shows the client's ECDSA signature); without a client
# certificate the server must refuse the connection (an OSError on the
# handshake or the first read: alert certificate_required).
from _common import cert_file, check, expect_rejection, wrap
from _expect import gnutls_echo

tls = wrap(cert=cert_file("client.crt"), key=cert_file("client.key"))
check(tls.cipher()[1] == "TLSv1.3", "cipher() = %r" % (tls.cipher(),))
gnutls_echo(tls, b"mtls")
tls.close()
print("ok: with client.crt")

code, text = expect_rejection(
    None, ("alert received from the server: certificate_required",))
print("ok: without a client certificate: %d %s" % (code, text))
print("PASS")
