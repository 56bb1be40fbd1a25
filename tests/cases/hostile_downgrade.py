# A TLS 1.2 ServerHello whose random carries the TLS 1.3 downgrade sentinel
# (hostile_tls13.py --mode downgrade): a TLS 1.3 server made to speak TLS
# 1.2 by someone in between (RFC 8446 4.1.3). The handshake must fail with
# the illegal-parameter text, not "does not speak TLS 1.3", and the client
# must send alert illegal_parameter (47; tests/run.py checks the server's
# log). A real TLS 1.2 server, without the sentinel, is reject_tls12.
from _expect import ILLEGAL_PARAMETER, expect_handshake_failure

expect_handshake_failure((ILLEGAL_PARAMETER,))
print("PASS")
