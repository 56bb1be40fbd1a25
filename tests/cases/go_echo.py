# Go's crypto/tls (tests/peers/go_tls_server): a verified handshake (chain
# to ca.crt, name localhost, the server's very certificate) and 100 KiB
# echoed in chunks across record boundaries; tests/run.py checks the
# server's log shows a full handshake with one ClientHello.
from _interop import echo_case

echo_case()
