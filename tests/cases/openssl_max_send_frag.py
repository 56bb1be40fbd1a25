# Against openssl s_server -max_send_frag 512 with the three-certificate
# chain (chain_server.crt + int_ca.crt): the server's handshake messages
# (its Certificate is over 1 KB) arrive split over 512-byte records and
# must be reassembled; application data longer than a record must arrive
# whole.
from _common import cert_file, check, echo_line, wrap

tls = wrap()
check(tls.getpeercert(True) == cert_file("chain_server.der"),
      "getpeercert(True) is not chain_server.der")
echo_line(tls, b"in 512-byte records")
echo_line(tls, b"f" * 5000)
tls.close()
print("PASS")
