# KeyUpdate from the server: rustls (--key-update) calls
# refresh_traffic_keys() before echoing the end of each line, so each
# line's reply ends after a KeyUpdate with update_requested. The client
# must read on under the server's new keys, and answer with a KeyUpdate
# of its own before its next data (RFC 8446 §4.6.3): before the next
# line, and before the final "end" (no newline: no KeyUpdate for it).
# Each request comes after the answer to the one before, so tests/run.py
# checks the client changed its keys exactly 5 times (the server counts
# them from the key it reads with at the end, rustls_server/src/
# key_updates.rs) for the 5 KeyUpdates sent.
from _common import check, wrap
from _expect import echo_exact
from _interop import sync

tls = wrap()
for i, size in enumerate((10, 100, 1000, 5000, 16000)):
    echo_exact(tls, (b"line %d after a KeyUpdate " % i) + b"k" * size + b"\n")
echo_exact(tls, b"end")
check(tls.cipher()[1] == "TLSv1.3", "cipher() = %r" % (tls.cipher(),))
tls.close()
print("ok: 5 lines, each reply after a KeyUpdate")
sync()
print("PASS")
