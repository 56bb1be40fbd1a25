# Against openssl s_server -groups P-256: the client's x25519 share is
# useless, so s_server sends a HelloRetryRequest and the client must retry
# with a secp256r1 share (tests/run.py counts two ClientHellos in
# s_server's -msg log); data must go both ways.
from _common import check, echo_line, wrap

tls = wrap()
check(tls.cipher()[1] == "TLSv1.3", "cipher() = %r" % (tls.cipher(),))
echo_line(tls, b"after a HelloRetryRequest for P-256")
echo_line(tls, b"y" * 3000)
tls.close()
print("PASS")
