# A ServerHello that chooses TLS_AES_128_CCM_SHA256 (0x1304), a suite the
# client did not offer (hostile_tls13.py --mode unoffered-suite; the rest of
# the ServerHello is right): the handshake must fail with the
# illegal-parameter text, and the client must send alert illegal_parameter
# (47; tests/run.py checks the server's log).
from _expect import ILLEGAL_PARAMETER, expect_handshake_failure

expect_handshake_failure((ILLEGAL_PARAMETER,))
print("PASS")
