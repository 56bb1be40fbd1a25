# HelloRetryRequest both ways against rustls (see _interop.hrr_case).
# rustls reports each handshake as Full, FullWithHelloRetryRequest or
# Resumed, and the group it used, which tests/run.py checks.
from _interop import hrr_case

hrr_case()
