# openssl s_server -tls1_2 (no TLS 1.3): the error names TLS 1.3.
from _common import rejection_case

rejection_case("tls12")
