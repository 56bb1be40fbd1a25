# Each TLS 1.3 suite against Go's crypto/tls. Go cannot be told its TLS 1.3
# suites, so the client offers one at a time (ciphers=); tests/run.py
# checks the server's log names the same suites, in order.
from _common import wrap
from _expect import check_cipher
from _interop import SUITES, echo_bytes

for suite in SUITES:
    tls = wrap(ciphers=[suite])
    check_cipher(tls, suite)
    echo_bytes(tls, 40000)
    tls.close()
    print("ok: " + suite)
print("PASS")
