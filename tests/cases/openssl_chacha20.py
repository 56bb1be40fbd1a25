# Against openssl s_server -ciphersuites TLS_CHACHA20_POLY1305_SHA256 (the
# client offers it second): cipher() must name it, and data must go both
# ways.
from _common import echo_line, wrap
from _expect import check_cipher

tls = wrap()
check_cipher(tls, "TLS_CHACHA20_POLY1305_SHA256")
echo_line(tls, b"through ChaCha20-Poly1305")
echo_line(tls, b"c" * 5000)
tls.close()
print("PASS")
