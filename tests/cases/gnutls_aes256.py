# Against gnutls-serv --echo allowing only AES-256-GCM (TLS 1.3; the client
# offers all three suites): cipher() must name TLS_AES_256_GCM_SHA384 and
# data must come back unchanged (gnutls-serv's log must show the cipher
# too; checked in tests/run.py).
from _expect import gnutls_suite_case

gnutls_suite_case("TLS_AES_256_GCM_SHA384")
