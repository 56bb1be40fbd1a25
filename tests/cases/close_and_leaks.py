# What a socket leaves behind, on Linux's /proc/self/fd:
#   - 60 TLS sockets dropped without close(): the GC's finaliser closes
#     each (and zeroes its secrets), so no descriptor stays open;
#   - a handshake that failed in do_handshake(): close() still closes the
#     wrapped socket;
#   - a wrap_socket that raised leaves the wrapped socket to its caller:
#     the GC does not close it under them;
#   - poll on a closed socket, or on one whose handshake failed, answers
#     POLLNVAL (as MicroPython's tls) instead of raising OSError(EBADF),
#     which would stop an asyncio loop.
import gc
import os
import select

import rtls

from _common import cert_file, check, connect, read_exact, wrap, write_all

POLLNVAL = 0x20
DROPPED = 60


def open_fds():
    gc.collect()
    return len(os.listdir("/proc/self/fd"))


baseline = open_fds()
for _ in range(DROPPED):
    tls = wrap()
    write_all(tls, b"dropped unclosed")
    check(read_exact(tls, 16) == b"dropped unclosed", "echo")
tls = None
after = open_fds()
check(after == baseline, "%d sockets dropped unclosed left %d descriptors open"
      % (DROPPED, after - baseline))
print("ok: %d dropped sockets, no descriptor left" % DROPPED)

for _ in range(5):
    tls = wrap("wrong_ca", do_handshake=False)
    try:
        tls.do_handshake()
        raise AssertionError("the unknown CA must be refused")
    except OSError as exc:
        failed = exc
    poller = select.poll()
    poller.register(tls, select.POLLIN)
    check(poller.poll(0) == [(tls, POLLNVAL)], "poll after a failed handshake: POLLNVAL")
    tls.close()
after = open_fds()
check(after == baseline, "close() after a failed handshake left %d descriptors" % (after - baseline))
print("ok: close() after %r closes the socket" % (failed,))

for label, kwargs in (("bad cadata", dict(cadata=b"not a certificate")),
                      ("failed handshake", dict(cadata=cert_file("ca.crt")))):
    raw = connect("wrong_ca" if label == "failed handshake" else "server")
    try:
        rtls.wrap_socket(raw, server_hostname="localhost", **kwargs)
        raise AssertionError(label + ": wrap_socket must raise")
    except (ValueError, OSError):
        pass
    after = open_fds()
    check(after == baseline + 1, "%s: the caller's socket was closed by the GC" % label)
    raw.close()
    print("ok: %s leaves the socket to the caller" % label)

tls = wrap("server")
write_all(tls, b"poll me")
check(read_exact(tls, 7) == b"poll me", "echo")
poller = select.poll()
poller.register(tls, select.POLLIN)
tls.close()
check(poller.poll(0) == [(tls, POLLNVAL)], "poll after close(): POLLNVAL")
print("ok: poll after close() -> POLLNVAL")
print("PASS")
