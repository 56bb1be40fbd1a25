# Mutual TLS against openssl s_server -Verify 1 -verify_return_error: the
# client certificate and key in each supported encoding, a client chain in
# one PEM, and a DER CA.
from _common import cert_file, check, echo_line, wrap

VARIANTS = (
    ("PEM cert + SEC1 PEM key", "client.crt", "client.key", "ca.crt"),
    ("PEM cert + PKCS#8 PEM key", "client.crt", "client.pk8.pem", "ca.crt"),
    ("DER cert + PKCS#8 DER key", "client.der", "client.pk8.der", "ca.crt"),
    ("DER cert + SEC1 DER key", "client.der", "client.key.der", "ca.crt"),
    ("PEM cert + SEC1 PEM key, DER CA", "client.crt", "client.key", "ca.der"),
)

for label, cert, key, ca in VARIANTS:
    tls = wrap(cadata=cert_file(ca), cert=cert_file(cert), key=cert_file(key))
    cipher = tls.cipher()
    check(cipher[1] == "TLSv1.3", "%s: cipher() = %r" % (label, cipher))
    echo_line(tls, b"hello mtls")
    tls.close()
    print("ok: " + label)

chain = cert_file("client.crt") + cert_file("ca.crt")
tls = wrap(cert=chain, key=cert_file("client.key"))
echo_line(tls, b"client chain in one PEM")
tls.close()
print("ok: client chain (client.crt + ca.crt)")
print("PASS")
