# Server chain leaf <- notca_int <- ca, where notca_int is CA:FALSE:
# "issuer is not a CA".
from _common import rejection_case

rejection_case("notca")
