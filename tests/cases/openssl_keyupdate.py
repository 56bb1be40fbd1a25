# KeyUpdate both ways against openssl s_server in its interactive mode,
# driven through its stdin by tests/peers/stdin_script.py (see
# keyupdate_s_server in tests/run.py).  After each line from the client,
# s_server sends KeyUpdates and then a data line, which the client must
# decrypt with the updated keys:
#   "k"      update_not_requested: only the server's keys change;
#   "K"      update_requested: the client must answer with its own
#            KeyUpdate before its next data, or s_server cannot read it;
#   "K","k"  both kinds back to back.
# s_server prints the client's replies, and the script waits for each one
# before going on, so the last line ("bye") arrives only if s_server read
# every reply; tests/run.py also checks that s_server received two
# KeyUpdates from the client and sent four.
from _common import check, wrap, write_all

EXCHANGES = (
    (b"rtls: ready\n", b"server line 1 after k\n"),
    (b"rtls: reply 1\n", b"server line 2 after K\n"),
    (b"rtls: reply 2\n", b"server line 3 after K and k\n"),
    (b"rtls: reply 3\n", b"bye from s_server\n"),
)

tls = wrap(timeout=30)
for sent, expected in EXCHANGES:
    write_all(tls, sent)
    line = tls.readline()
    check(line == expected, "after %r: expected %r, got %r"
          % (sent, expected, line))
    print("ok: " + expected.decode().strip())
tls.close()
print("PASS")
