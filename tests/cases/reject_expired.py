# Server certificate signed by the trusted CA but expired in 2021:
# "expired", naming its notAfter, the device time and the fix.
from _common import rejection_case

rejection_case("expired")
