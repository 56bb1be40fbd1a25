# A man in the middle against an external PSK configured without trust
# anchors, where the PSK is the server's only proof: the hand-written server
# answers with a HelloRetryRequest for TLS_AES_256_GCM_SHA384, whose hash
# (SHA-384) the PSK (SHA-256) cannot be used with, so the second ClientHello
# carries no PSK; then it goes on without the PSK, with a certificate the
# client has no anchor to check. The client must refuse it before its
# Finished (run.py checks the server's log), by name.
from _common import check_oserror, connect

import rtls

try:
    tls = rtls.wrap_socket(connect("server"), server_hostname="localhost", psk=(b"device-7", bytes(range(16))))
    tls.write(b"x\n")
    tls.read(4)
    raise AssertionError("a server that ignored the PSK must not connect")
except OSError as exc:
    print("refused:", exc.args)
    check_oserror(exc, ("did not accept the psk",))
print("PASS")
