# HTTP/1.0 GET from openssl s_server -WWW: status line and the exact body
# (run.py writes it), read with readline() until EOF; after the server's
# close_notify, reads return b"".
from _common import check, wrap, write_all

LINES = 400  # HTTP_LINES in run.py

tls = wrap()
write_all(tls, b"GET /hello.txt HTTP/1.0\r\n\r\n")
status = tls.readline()
check(status.startswith(b"HTTP/1.0 200"), "status line %r" % status)
while tls.readline() not in (b"\r\n", b"\n"):
    pass  # headers

count = 0
while True:
    line = tls.readline()
    if not line:
        break
    expected = ("line %04d of the rtls http test\n" % count).encode()
    check(line == expected, "body line %d: %r" % (count, line))
    count += 1
check(count == LINES, "got %d body lines, expected %d" % (count, LINES))
check(tls.read(10) == b"", "read after EOF is not b''")
check(tls.readline() == b"", "readline after EOF is not b''")
tls.close()
print("PASS")
