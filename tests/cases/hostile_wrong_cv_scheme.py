# A CertificateVerify that claims ecdsa_secp384r1_sha384 (0x0503, which the
# client offers) for the P-256 server key, with a valid ECDSA signature by
# that key over SHA-384 of the right content: in TLS 1.3 the scheme fixes
# the curve, so a client that only looked at the hash would accept it.
# rtls rejects it as an invalid signature ("certificate signature invalid")
# and sends alert decrypt_error (51; checked in tests/run.py).  OpenSSL, for
# comparison, sends illegal_parameter here.
from _expect import BAD_SIGNATURE, expect_handshake_failure

expect_handshake_failure((BAD_SIGNATURE,))
print("PASS")
