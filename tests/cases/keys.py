# Ed25519 servers and P-384 / Ed25519 / RSA client keys against openssl
# s_server: an Ed25519 server certificate under the P-256 CA and under an
# Ed25519 CA (the server signs CertificateVerify with ed25519); mutual TLS
# with a P-384 key (SEC1 PEM), an Ed25519 key (PKCS#8 PEM) and RSA keys
# (2048 bits PKCS#1 PEM, 4096 bits PKCS#8 PEM; RSA-PSS, also under the
# only scheme a server lists, rsa_pss_rsae_sha384); a server whose
# CertificateRequest lists only ecdsa_secp256r1_sha256, which the client
# refuses by name for those keys instead of sending a certificate; and an
# RSA key that is not the certificate's, named as the cause of the
# server's rejection.
from _common import cert_file, check, check_oserror, echo_line, wrap

for role, ca in (("ed", "ca.crt"), ("edca", "ed_ca.crt")):
    tls = wrap(role, cadata=cert_file(ca))
    echo_line(tls, b"ed25519 server")
    check(tls.getpeercert(True), "getpeercert(True) is empty")
    tls.close()
    print("ok: Ed25519 server certificate, CA %s" % ca)

# The P-256 CA does not vouch for the Ed25519 CA's server.
try:
    wrap("edca").close()
    raise AssertionError("a server under another CA was accepted")
except OSError as exc:
    check_oserror(exc, ("not trusted",))
print("ok: Ed25519 server under another CA refused")

for role, label, cert, key in (
        ("mtls", "P-384 SEC1 PEM", "client384.crt", "client384.key"),
        ("mtls", "Ed25519 PKCS#8 PEM", "client_ed.crt", "client_ed.key"),
        ("mtls", "RSA-2048 PKCS#1 PEM", "client_rsa.crt", "client_rsa.key"),
        ("mtls", "RSA-4096 PKCS#8 PEM", "client_rsa4096.crt", "client_rsa4096.key"),
        ("rsa384_only", "RSA-2048, rsa_pss_rsae_sha384 only", "client_rsa.crt", "client_rsa.key")):
    tls = wrap(role, cert=cert_file(cert), key=cert_file(key))
    echo_line(tls, b"hello mtls")
    tls.close()
    print("ok: mutual TLS, " + label)

for cert, key, scheme in (("client384.crt", "client384.key", "ecdsa_secp384r1_sha384"),
                          ("client_ed.crt", "client_ed.key", "ed25519"),
                          ("client_rsa.crt", "client_rsa.key", "rsa_pss_rsae_sha256")):
    try:
        tls = wrap("p256_only", cert=cert_file(cert), key=cert_file(key))
        tls.write(b"hello\n")
        data = tls.read(16)
        raise AssertionError("handshake with an unlisted client scheme worked (read %r)" % (data,))
    except OSError as exc:
        check_oserror(exc, ("does not accept the client key", scheme))
    print("ok: %s not in the CertificateRequest: refused by name" % scheme)

# The RSA-2048 certificate with the RSA-4096 key: the server refuses the
# signature, and rtls names the mismatch (moduli compared).
try:
    tls = wrap("mtls", cert=cert_file("client_rsa.crt"), key=cert_file("client_rsa4096.key"))
    tls.write(b"hello\n")
    data = tls.read(16)
    raise AssertionError("the server accepted an RSA certificate with another key (read %r)" % (data,))
except ValueError as exc:
    check("does not match" in str(exc), "text should name the mismatch: %r" % (str(exc),))
print("ok: RSA key of another certificate: named as the cause")
print("PASS")
