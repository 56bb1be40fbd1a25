# A read that times out between records (the server has nothing to say) is
# reported as the socket's timeout error, and the connection stays usable:
# polling with a timeout (umqtt's check_msg, event loops) must work.
from _common import check, echo_line, wrap

tls = wrap(timeout=1)
sock_timeouts = 0
for _ in range(2):
    try:
        data = tls.read(16)
        check(data is None, "expected a timeout, read %r" % (data,))
    except OSError as exc:
        check(len(exc.args) == 1, "a timeout is a socket error, got %r" % (exc.args,))
        sock_timeouts += 1
print("timeouts seen:", sock_timeouts)
echo_line(tls, b"still alive after a timeout")
tls.close()
print("PASS")
