# Against gnutls-serv allowing only the X25519 group: the client's x25519
# key share is accepted at once (tests/run.py checks that gnutls-serv's
# debug log shows ECDHE-X25519 and no HelloRetryRequest); data must echo.
from _common import check, wrap
from _expect import gnutls_echo

tls = wrap()
check(tls.cipher()[1] == "TLSv1.3", "cipher() = %r" % (tls.cipher(),))
gnutls_echo(tls, b"x25519")
tls.close()
print("PASS")
