# A CertificateVerify that claims ecdsa_secp384r1_sha384 (0x0503, which the
# client offers) for the P-256 server key, with a valid ECDSA signature by
# that key over SHA-384 of the right content: in TLS 1.3 the scheme fixes
# the curve, so a client that only looked at the hash would accept it.
# rtls names the mismatch ("server CertificateVerify scheme does not fit its
# key", code -0x7204) and sends alert illegal_parameter (47, as OpenSSL
# does; checked in tests/run.py).
from _expect import CV_SCHEME_MISMATCH, expect_cv_failure

expect_cv_failure(CV_SCHEME_MISMATCH, -0x7204)
print("PASS")
