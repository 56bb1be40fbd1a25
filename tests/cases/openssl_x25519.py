# Against openssl s_server -groups X25519: the client's x25519 share is
# accepted at once (tests/run.py counts exactly one ClientHello in
# s_server's -msg log); data must go both ways.
from _common import check, echo_line, wrap

tls = wrap()
check(tls.cipher()[1] == "TLSv1.3", "cipher() = %r" % (tls.cipher(),))
echo_line(tls, b"x25519 without a retry")
echo_line(tls, b"y" * 3000)
tls.close()
print("PASS")
