# A CertificateVerify with the right scheme (ecdsa_secp256r1_sha256) and a
# well-formed signature by the server key, but over a different transcript
# hash: the handshake must fail with "certificate signature invalid", and
# the client must send alert decrypt_error (51; checked in tests/run.py).
from _expect import BAD_SIGNATURE, expect_handshake_failure

expect_handshake_failure((BAD_SIGNATURE,))
print("PASS")
