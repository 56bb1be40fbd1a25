# mTLS server (s_server -Verify 1 -verify_return_error), no client cert: the
# server's certificate_required alert must surface as an OSError, on the
# handshake or on the first write/read after it.
from _common import rejection_case

rejection_case("nocert")
