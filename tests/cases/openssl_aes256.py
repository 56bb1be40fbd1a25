# Against openssl s_server -ciphersuites TLS_AES_256_GCM_SHA384 (the client
# offers it last; its key schedule uses SHA-384): cipher() must name it,
# and data must go both ways.
from _common import echo_line, wrap
from _expect import check_cipher

tls = wrap()
check_cipher(tls, "TLS_AES_256_GCM_SHA384")
echo_line(tls, b"through AES-256-GCM")
echo_line(tls, b"a" * 5000)
tls.close()
print("PASS")
