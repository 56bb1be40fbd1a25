# A HelloRetryRequest (for secp256r1), then, in answer to the second
# ClientHello (which the server checks: one secp256r1 share), a second
# HelloRetryRequest (for x25519): only one is allowed per handshake
# (RFC 8446 4.1.4), so the handshake must fail with the unexpected-message
# text, and the client must send alert unexpected_message (10; checked in
# tests/run.py).
from _expect import UNEXPECTED_MESSAGE, expect_handshake_failure

expect_handshake_failure((UNEXPECTED_MESSAGE,))
print("PASS")
