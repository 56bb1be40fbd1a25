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
import io
import time

import _thread
import rtls

from _common import cert_file, check, connect, echo_line

MP_STREAM_CLOSE = 4
EBADF = 9
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
        self.ignore_close = False

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
        if request == MP_STREAM_CLOSE and not self.ignore_close:
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
# the running read (it used to go on writing into the freed connection
# block: a crash about half the time). A stream that closes its socket
# then fails the read with its own error; one that ignores close() lets
# the read take its record, and the socket is closed after it.
for attempt in range(10):
    stream, tls = wrapped()
    stream.ignore_close = attempt % 2 == 1
    echo_line(tls, b"before close")
    junk = []

    def close_inside():
        stream.on_read = None
        tls.close()
        # Reuse freed memory at once, as a busy program would: a block the
        # size of a connection's takes a freed connection block, which a read
        # that went on using it would write into (and read garbage from).
        junk.append(bytearray(20000))
        junk.extend(bytearray(1024) for _ in range(8))

    stream.on_read = close_inside
    tls.write(b"then close\n")
    try:
        data = tls.read(32)
        check(stream.ignore_close, "a read from a closed stream returned %r" % (data,))
    except OSError as exc:
        # The closed stream's own error, or (the stream ignoring close) the
        # socket's: closed after the first record.
        check(exc.args[0] == (-29697 if stream.ignore_close else EBADF), "read: %r" % (exc,))
    check(all(not any(block) for block in junk), "memory freed under the read was written")
    for op in (lambda: tls.read(1), lambda: tls.write(b"x")):
        try:
            op()
            raise AssertionError("the socket must stay closed")
        except OSError:
            pass
    tls.close()
    stream.sock.close()
print("ok: close() inside readinto, 10 times")
print("PASS")
