# Server certificate for other.example only, client expects localhost:
# "hostname mismatch", and the text names the expected host.
from _common import rejection_case

rejection_case("hostname")
