# A HelloRetryRequest asking for x25519, the group the client already sent
# a share for, and without a cookie: it would not change the ClientHello
# (RFC 8446 4.1.4), so the handshake must fail with the illegal-parameter
# text, and the client must send alert illegal_parameter (47; checked in
# tests/run.py).
from _expect import ILLEGAL_PARAMETER, expect_handshake_failure

expect_handshake_failure((ILLEGAL_PARAMETER,))
print("PASS")
