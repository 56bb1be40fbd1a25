# A CertificateVerify with the right scheme (ecdsa_secp256r1_sha256) and a
# well-formed signature by the server key, but over a different transcript
# hash: the handshake must fail naming the CertificateVerify ("server
# CertificateVerify signature invalid", code -0x7203), not the certificate
# chain, and the client must send alert decrypt_error (51; checked in
# tests/run.py).
from _expect import CV_INVALID, expect_cv_failure

expect_cv_failure(CV_INVALID, -0x7203)
print("PASS")
