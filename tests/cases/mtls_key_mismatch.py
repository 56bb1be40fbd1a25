# A client certificate with the wrong private key: the server rejects it
# (in TLS 1.3 its alert arrives after the client's handshake, so on the
# first read), and rtls names the real cause - ValueError: key does not
# match the certificate - instead of only passing on the server's alert.
from _common import cert_file, check, wrap

try:
    tls = wrap(cert=cert_file("client.crt"), key=cert_file("server.key"))
    tls.write(b"hello\n")
    data = tls.read(16)
    raise AssertionError("the server accepted a client certificate with the wrong key (read %r)" % (data,))
except ValueError as exc:
    print("ValueError:", exc)
    check("does not match" in str(exc), "text should name the mismatch: %r" % (str(exc),))
print("PASS")
