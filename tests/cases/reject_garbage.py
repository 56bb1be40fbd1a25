# A TCP server that answers with random bytes (never a valid record
# header): "malformed".
from _common import rejection_case

rejection_case("garbage")
