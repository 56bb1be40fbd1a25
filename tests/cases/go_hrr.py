# HelloRetryRequest both ways against Go's crypto/tls (see
# _interop.hrr_case). Go 1.19 does not report a retry, so the server counts
# the ClientHellos; tests/run.py checks 2 then 1 on "p256", 2 then 1 on
# "x25519".
from _interop import hrr_case

hrr_case()
