# A three-certificate chain: s_server sends chain_server.crt (leaf for
# "localhost", issued by int_ca) and, with -cert_chain, int_ca.crt (issued
# by the root ca.crt); the client trusts only ca.crt.  The handshake must
# verify the path leaf -> intermediate -> root, getpeercert(True) must be
# the leaf, and data must go both ways.
from _common import cert_file, check, echo_line, wrap

tls = wrap()
check(tls.getpeercert(True) == cert_file("chain_server.der"),
      "getpeercert(True) is not chain_server.der")
echo_line(tls, b"through a root -> intermediate -> leaf chain")
tls.close()
print("PASS")
