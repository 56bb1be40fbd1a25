# Hostile TLS 1.3 server that answers the ClientHello with a ServerHello and
# then an application_data record of length 0: the client must fail cleanly
# (negative error code, no hang, no crash).
from _common import rejection_case

rejection_case("empty_record", ())
