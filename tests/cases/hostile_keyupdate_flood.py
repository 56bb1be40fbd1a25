# After a correct handshake, the server answers the first application data
# with 64 KeyUpdate(update_not_requested) messages, each in its own record
# under the next key, and no application data between them.  The client
# accepts 32 in a row; the read must fail with the unexpected-message text
# (not hang, not time out), and the client must send alert
# unexpected_message (10; checked in tests/run.py).
from _common import wrap, write_all
from _expect import UNEXPECTED_MESSAGE, expect_oserror

tls = wrap()
write_all(tls, b"ping")
expect_oserror("read through 64 KeyUpdates", lambda: tls.read(100),
               (UNEXPECTED_MESSAGE,))
tls.close()
print("PASS")
