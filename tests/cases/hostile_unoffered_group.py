# A ServerHello whose key_share is a valid secp256r1 point although the
# client sent an x25519 share only (secp256r1 is listed in supported_groups,
# but a ServerHello may only answer a share that was sent: RFC 8446 4.2.8):
# the handshake must fail with the illegal-parameter text, and the client
# must send alert illegal_parameter (47; checked in tests/run.py).
from _expect import ILLEGAL_PARAMETER, expect_handshake_failure

expect_handshake_failure((ILLEGAL_PARAMETER,))
print("PASS")
