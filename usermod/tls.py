# tls on rtls: MicroPython's `tls` module (SSLContext, PROTOCOL_*, CERT_*),
# which micropython-lib's `requests` imports directly. Frozen as `tls` on
# the NodeMCU board, where axTLS and its `tls` are gone; the unix build
# keeps MicroPython's own mbedTLS `tls` built in (for `make bench`), which
# a frozen module cannot shadow there. The context is ssl.py's: it also
# takes MicroPython's data-only calls (load_verify_locations(cadata),
# load_cert_chain(cert, key) with bytes).
from ssl import (CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, PROTOCOL_TLS_CLIENT,
                 PROTOCOL_TLS_SERVER, SSLContext)
