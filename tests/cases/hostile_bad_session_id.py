# A ServerHello whose legacy_session_id_echo is not the 32-byte
# legacy_session_id the client sent (every byte inverted; RFC 8446 4.1.3):
# the handshake must fail with the illegal-parameter text, and the client
# must send alert illegal_parameter (47; checked in tests/run.py).
from _expect import ILLEGAL_PARAMETER, expect_handshake_failure

expect_handshake_failure((ILLEGAL_PARAMETER,))
print("PASS")
