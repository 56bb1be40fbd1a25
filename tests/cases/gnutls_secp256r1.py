# Against gnutls-serv allowing only the SECP256R1 group: the client's
# x25519 share is useless, so the server sends a HelloRetryRequest and the
# client must retry with a secp256r1 share (tests/run.py checks that
# gnutls-serv's debug log shows the HelloRetryRequest and ECDHE-SECP256R1);
# data must echo.
from _common import check, wrap
from _expect import gnutls_echo

tls = wrap()
check(tls.cipher()[1] == "TLSv1.3", "cipher() = %r" % (tls.cipher(),))
gnutls_echo(tls, b"secp256r1")
tls.close()
print("PASS")
