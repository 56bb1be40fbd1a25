# ALPN against Go's crypto/tls offering "rtls-test/1,http/1.1": the
# server's choice among the client's protocols, none without ALPN, and
# no_application_protocol when nothing matches (see alpn_case);
# tests/run.py checks the server's log.
from _interop import alpn_case

alpn_case()
