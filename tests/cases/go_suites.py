# Each TLS 1.3 suite against Go's crypto/tls. Go cannot be told its TLS 1.3
# suites, so the client offers one at a time (ciphers=); tests/run.py
# checks the server's log names the same suites, in order.
from _interop import SUITES, echo_suite

for suite in SUITES:
    echo_suite(suite, ciphers=[suite])
    print("ok: " + suite)
print("PASS")
