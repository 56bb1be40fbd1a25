# A server that reads the ClientHello and closes the connection:
# "closed".
from _common import rejection_case

rejection_case("closed")
