# One-way TLS 1.3 against openssl s_server -rev (TLS_AES_128_GCM_SHA256):
# cipher(), getpeercert(True) == server.der, data both ways; then again with
# a CA bundle (unrelated CA first) as cadata.
from _common import cert_file, check, echo_line, wrap

EXPECTED_CIPHER = ("TLS_AES_128_GCM_SHA256", "TLSv1.3")

tls = wrap()
cipher = tls.cipher()
check(tuple(cipher) == EXPECTED_CIPHER, "cipher() = %r" % (cipher,))
peer_der = tls.getpeercert(True)
check(peer_der == cert_file("server.der"),
      "getpeercert(True) is not server.der (%d bytes)" % len(peer_der or b""))
echo_line(tls, b"hello rtls")
echo_line(tls, b"x" * 3000)
tls.close()

bundle = cert_file("other_ca.crt") + cert_file("ca.crt")
tls = wrap(cadata=bundle)
echo_line(tls, b"trusted via a CA bundle")
tls.close()
print("PASS")
