# HelloRetryRequest against an implementation independent of rtls: the
# hand-written server asks for secp256r1 (the client sent x25519) with a
# cookie, checks the second ClientHello (cookie echoed, one secp256r1 share,
# same session id and suites; tests/run.py checks its log for it), and
# completes the handshake with the message_hash transcript.  Once per suite
# (the transcript hash of TLS_AES_256_GCM_SHA384 is SHA-384): cipher() and
# an echo must work.
from _common import wrap
from _expect import check_cipher, echo_exact

SUITES = (("aes128", "TLS_AES_128_GCM_SHA256"),
          ("chacha20", "TLS_CHACHA20_POLY1305_SHA256"),
          ("aes256", "TLS_AES_256_GCM_SHA384"))

for role, suite in SUITES:
    tls = wrap(role)
    check_cipher(tls, suite)
    echo_exact(tls, b"after a HelloRetryRequest with a cookie\n" * 50)
    tls.close()
    print("ok: HelloRetryRequest + cookie, " + suite)
print("PASS")
