# Hostile TLS 1.3 server that answers the ClientHello with a ServerHello and
# then an application_data record of length 0 (too short to hold even an
# AEAD tag): the client must fail cleanly with "malformed" (no hang, no
# crash).  Not part of distinct_codes: the cause is the same as garbage's.
from _common import rejection_case

rejection_case("empty_record", ("malformed",))
