# Control for the hostile server: in --mode full, tests/peers/hostile_tls13.py
# is a correct TLS 1.3 server, and rtls must complete the handshake and echo
# through it.  This shows its key schedule and records are right, so the
# reject_* cases that use its hostile modes fail for the intended reason.
from _common import cert_file, check, read_exact, wrap, write_all

MESSAGE = b"through the hand-written TLS 1.3 server\n" * 100

tls = wrap()
cipher = tls.cipher()
check(cipher[1] == "TLSv1.3", "cipher() = %r" % (cipher,))
check(tls.getpeercert(True) == cert_file("server.der"),
      "getpeercert(True) is not server.der")
write_all(tls, MESSAGE)
check(read_exact(tls, len(MESSAGE)) == MESSAGE, "echo differs")
tls.close()
print("PASS")
