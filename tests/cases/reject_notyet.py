# Server certificate signed by the trusted CA, valid only from 2090:
# "not yet valid", naming its notBefore, the device time and the fix.
from _common import rejection_case

rejection_case("notyet")
