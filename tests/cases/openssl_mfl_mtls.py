# max_fragment_length=512 from the client, with mutual TLS, against openssl
# s_server -Verify 1 (which honours the extension: tests/run.py checks its
# -tlsextdebug log for it).  The client's buffers then hold 512-byte
# records only, so a server that ignored the extension would overflow
# them: lines longer than a record must come back whole, split over
# 512-byte records, and the client's own records must fit the server's
# limit (its Certificate flight too).
from _common import cert_file, check, echo_line, wrap

tls = wrap(cert=cert_file("client.crt"), key=cert_file("client.key"),
           max_fragment_length=512)
check(tls.cipher()[1] == "TLSv1.3", "cipher() = %r" % (tls.cipher(),))
echo_line(tls, b"with max_fragment_length=512")
echo_line(tls, b"m" * 3000)
for size in (511, 512, 513, 1500):
    echo_line(tls, b"n" * size)
tls.close()
print("PASS")
