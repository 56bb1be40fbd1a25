# rtls over a Python stream object (an io.IOBase subclass around a
# blocking socket), and what careless or hostile streams and callers do:
#   - the stream's readinto fills the whole buffer it is given (as a
#     blocking socket.readinto does): rtls asks for no more than the record
#     needs, so the handshake and an echo complete instead of deadlocking;
#   - a write() that takes 0 bytes is an error naming it, not a spin;
#   - an exception the stream raises reaches the caller as itself, and the
#     connection stays usable (as after a timeout);
#   - a call made while another runs (the stream calling back into the TLS
#     socket, or a second thread) is refused with EBUSY, never blamed on
#     the peer;
#   - close() from inside the stream's readinto, while rtls reads, marks
#     the socket closed and frees nothing under the running read.
import gc
import io
import time

import _thread
import rtls

from _common import cert_file, check, connect, echo_line

MP_STREAM_CLOSE = 4
EBUSY = 16


class Wrapped(io.IOBase):
    """A stream around a socket; `on_read`/`on_write` run before each call.
    Its readinto fills the whole buffer (`whole`, as socket.readinto does)
    or returns what one recv gives."""

    def __init__(self, sock, whole):
        self.sock = sock
        self.whole = whole
        self.on_read = None
        self.on_write = None

    def readinto(self, buf):
        if self.on_read:
            self.on_read()
        if self.whole:
            return self.sock.readinto(buf)
        data = self.sock.recv(len(buf))
        buf[:len(data)] = data
        return len(data)

    def write(self, buf):
        if self.on_write:
            return self.on_write(buf)
        return self.sock.write(buf)

    def ioctl(self, request, arg):
        if request == MP_STREAM_CLOSE:
            self.sock.close()
        return 0


def wrapped(do_handshake=True, timeout=5, whole=False):
    """A Wrapped stream to the peer and rtls over it."""
    stream = Wrapped(connect(timeout=timeout), whole)
    tls = rtls.wrap_socket(stream, server_hostname="localhost",
                           cadata=cert_file("ca.crt"), do_handshake=do_handshake)
    return stream, tls


# A whole-buffer readinto: the 5-byte header, then exactly the record.
stream, tls = wrapped(whole=True)
echo_line(tls, b"through a Python stream")
echo_line(tls, b"y" * 3000)
tls.close()
print("ok: a blocking Python stream wrapper")

# A write() that takes nothing.
stream, tls = wrapped(do_handshake=False)
stream.on_write = lambda buf: 0
try:
    tls.do_handshake()
    raise AssertionError("a write() of 0 bytes must fail")
except OSError as exc:
    check("0 bytes" in str(exc), "error names the empty write: %r" % (exc,))
    print("ok: write() of 0 bytes ->", exc)
tls.close()


# The stream's own exception, once; the connection survives it.
class Boom(Exception):
    pass


def boom_once():
    stream.on_read = None
    raise Boom("from the stream")


stream, tls = wrapped(do_handshake=False)
stream.on_read = boom_once
try:
    tls.do_handshake()
    raise AssertionError("the stream's exception must propagate")
except Boom as exc:
    print("ok: the stream's exception ->", repr(exc))
tls.do_handshake()
echo_line(tls, b"after the stream raised")
tls.close()

# The stream raising inside wrap_socket's handshake: the same exception.
def boom():
    raise Boom("in wrap_socket")


sock = Wrapped(connect(timeout=5), False)
sock.on_read = boom
try:
    rtls.wrap_socket(sock, server_hostname="localhost", cadata=cert_file("ca.crt"))
    raise AssertionError("wrap_socket must raise the stream's exception")
except Boom:
    print("ok: the stream's exception from wrap_socket")
sock.sock.close()


def expect_busy(what, op):
    try:
        op()
    except OSError as exc:
        check(exc.args[0] == -EBUSY and "in use" in str(exc),
              "%s: expected EBUSY, got %r" % (what, exc))
        return exc
    raise AssertionError(what + ": a second call must be refused")


# Re-entry: the stream calls back into the TLS socket.
stream, tls = wrapped()
refused = []


def write_back():
    stream.on_read = None
    refused.append(expect_busy("re-entry", lambda: tls.write(b"x")))


stream.on_read = write_back
echo_line(tls, b"re-entry refused")
check(refused, "the nested write ran")
print("ok: re-entry ->", refused[0])
tls.close()

# A second thread writing while the first reads (the server stays silent,
# so the read waits in the socket).
stream, tls = wrapped(timeout=3)
outcome = []


def reader():
    try:
        tls.read(1)
        outcome.append("read returned")
    except OSError as exc:
        outcome.append(exc)


_thread.start_new_thread(reader, ())
time.sleep(0.5)
print("ok: second thread ->", expect_busy("second thread", lambda: tls.write(b"x\n")))
deadline = time.time() + 10
while not outcome and time.time() < deadline:
    time.sleep(0.1)
check(outcome, "the reading thread finished")
tls.close()

# close() from inside readinto, while rtls reads: nothing is freed under
# the read (the freed block used to be written into: a crash about half the
# time), the read ends with the socket's error, the socket stays closed.
for attempt in range(10):
    stream, tls = wrapped()
    echo_line(tls, b"before close")

    def close_inside():
        stream.on_read = None
        tls.close()
        # Reuse freed memory at once, as a busy program would.
        gc.collect()
        junk = [bytearray(512) for _ in range(40)]

    stream.on_read = close_inside
    tls.write(b"then close\n")
    try:
        tls.read(32)
        raise AssertionError("a read whose stream was closed must fail")
    except OSError:
        pass
    for op in (lambda: tls.read(1), lambda: tls.write(b"x")):
        try:
            op()
            raise AssertionError("the socket must stay closed")
        except OSError:
            pass
    tls.close()
print("ok: close() inside readinto, 10 times")
print("PASS")
