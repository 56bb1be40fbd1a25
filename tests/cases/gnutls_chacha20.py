# Against gnutls-serv --echo allowing only CHACHA20-POLY1305 (TLS 1.3; the
# client offers all three suites): cipher() must name
# TLS_CHACHA20_POLY1305_SHA256 and data must come back unchanged
# (gnutls-serv's log must show the cipher too; checked in tests/run.py).
from _expect import gnutls_suite_case

gnutls_suite_case("TLS_CHACHA20_POLY1305_SHA256")
