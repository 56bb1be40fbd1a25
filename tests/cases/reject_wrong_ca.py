# Server certificate from an unrelated CA (other_server.crt); the client
# trusts ca.crt only: "not trusted".
from _common import rejection_case

rejection_case("wrong_ca")
