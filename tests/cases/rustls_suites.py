# Each TLS 1.3 suite against rustls, chosen both ways:
#   - "server" has all three; the client offers one at a time (ciphers=);
#   - "aes256" and "chacha20" have one suite each (--suites); the client
#     offers its default list, AES-128-GCM first, and gets the server's.
# tests/run.py checks each server's log names the suites, in order.
from _interop import SUITES, echo_suite

for suite in SUITES:
    echo_suite(suite, ciphers=[suite])
    print("ok: client offers only " + suite)

for role, suite in (("aes256", SUITES[1]), ("chacha20", SUITES[2])):
    echo_suite(suite, role)
    print("ok: server has only " + suite)
print("PASS")
