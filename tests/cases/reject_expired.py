# Server certificate signed by the trusted CA but expired in 2021:
# "expired".
from _common import rejection_case

rejection_case("expired")
