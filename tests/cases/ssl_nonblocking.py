# ssl over rtls on a non-blocking socket, driven by select.poll as an event
# loop would.
#   0. Against a server that never answers (tests/peers/silent_tcp.py): once
#      write() has returned None because the handshake waits for the server,
#      poll() for POLLOUT (what asyncio's drain() waits for) and for POLLIN
#      must report nothing, exactly as MicroPython's own tls (mbedTLS) does
#      in the same binary, which is checked first as the reference.
#   1. Against a server that waits 0.3 s before its handshake
#      (tests/peers/slow_tls.py --echo): do_handshake() raises OSError(EAGAIN)
#      until the server has answered, and poll() sleeps until the handshake
#      can go on (a few EAGAINs, not a busy loop).
#   2. Against the CPython echo server (tests/peers/echo_tls.py): 64 KiB of
#      random bytes are written in chunks while the echo is read back;
#      write/read return None when the socket would block and the same call
#      is retried: the echo must equal what was sent (nothing lost or
#      duplicated), and read() must have returned None.  Then a decrypted
#      line left in rtls's buffer (the socket has nothing more) must make
#      poll() report POLLIN.
#   3. The slow server again, the handshake left to the first write(), as
#      asyncio does: write() returns None until the handshake is done, then
#      readinto() returns None until the echo arrives.
# (The slow server makes 1 and 3 deterministic: a fast local server may
# answer before the client first reads, and the handshake then completes
# within the first call, legitimately.)
import errno
import os
import select
import ssl

import tls as mbedtls  # MicroPython's own tls module, the reference

from _common import cert_file, check, connect

CHUNK = 1000  # not a divisor of the record size: records split chunks
TOTAL = 64 * 1024
POLL_MS = 10000


def context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cadata=cert_file("ca.crt"))
    return ctx


def wait(poller, tls, events):
    """Block in poll() until tls reports one of events (or fail)."""
    poller.modify(tls, events)
    ready = poller.poll(POLL_MS)
    check(ready, "poll timed out waiting for 0x%x" % events)
    for obj, ev in ready:
        check(not ev & (select.POLLERR | select.POLLHUP),
              "poll reported error/hangup 0x%x" % ev)
    return ready[0][1]


def handshake(tls, poller):
    """do_handshake() until done; returns the number of EAGAINs."""
    eagain = 0
    while True:
        try:
            tls.do_handshake()
            return eagain
        except OSError as exc:
            check(exc.errno == errno.EAGAIN, "do_handshake: %r" % (exc.args,))
            eagain += 1
            wait(poller, tls, select.POLLIN | select.POLLOUT)


def transfer(tls, poller, data):
    """Write data in CHUNKs while reading the echo; returns (echo, counts)."""
    sent, echo = 0, bytearray()
    none_writes = none_reads = 0
    view = memoryview(data)
    while len(echo) < len(data):
        events = select.POLLIN | (select.POLLOUT if sent < len(data) else 0)
        ready = wait(poller, tls, events)
        if ready & select.POLLOUT and sent < len(data):
            n = tls.write(view[sent:sent + CHUNK])
            if n is None:
                none_writes += 1
            else:
                check(0 < n <= CHUNK, "write returned %r" % n)
                sent += n
        if ready & select.POLLIN:
            # Drain what is readable, without poll, down to None.
            while True:
                chunk = tls.read(4096)
                if chunk is None:
                    none_reads += 1
                    break
                check(chunk, "EOF after %d echoed bytes" % len(echo))
                echo += chunk
    return bytes(echo), none_writes, none_reads


def poll_after_blocked_write(label, ctx):
    """Part 0 for one TLS module: write() -> None mid-handshake, then
    neither direction may be reported ready while the server is silent."""
    tls_sock = ctx.wrap_socket(connect("silent"), server_hostname="localhost",
                               do_handshake_on_connect=False)
    tls_sock.setblocking(False)
    poller = select.poll()
    poller.register(tls_sock, select.POLLOUT)
    n = tls_sock.write(b"x")
    check(n is None, "%s: write during the handshake returned %r" % (label, n))
    for name, events in (("POLLOUT", select.POLLOUT),
                         ("POLLIN|POLLOUT", select.POLLIN | select.POLLOUT),
                         ("POLLIN", select.POLLIN)):
        poller.modify(tls_sock, events)
        ready = poller.poll(300)
        print("%s: poll(%s) while the handshake waits for the server: %r"
              % (label, name, [ev for _, ev in ready]))
        check(not ready, "%s: poll(%s) reported %r while the handshake waits "
              "for the server (MicroPython's tls reports nothing: the "
              "handshake needs to read)" % (label, name, ready))
    tls_sock.close()


reference = mbedtls.SSLContext(mbedtls.PROTOCOL_TLS_CLIENT)
reference.verify_mode = mbedtls.CERT_NONE
poll_after_blocked_write("tls (mbedTLS, reference)", reference)
poll_after_blocked_write("ssl (rtls)", context())

data = os.urandom(TOTAL)

# 1: explicit do_handshake() against the slow server.
tls = context().wrap_socket(connect("slow"), server_hostname="localhost",
                            do_handshake_on_connect=False)
tls.setblocking(False)
check(tls.version() is None, "version() before the handshake: %r"
      % tls.version())
poller = select.poll()
poller.register(tls, select.POLLIN | select.POLLOUT)
eagain = handshake(tls, poller)
print("slow server: do_handshake raised EAGAIN %d times, %r"
      % (eagain, tls.cipher()))
check(eagain > 0, "do_handshake never raised EAGAIN on a non-blocking socket")
check(eagain <= 20, "do_handshake raised EAGAIN %d times in the server's "
      "0.3 s: poll() does not wait for what the handshake needs" % eagain)
check(tls.version() == "TLSv1.3", "version() %r" % tls.version())
poller.unregister(tls)
tls.close()

# 2: a polled transfer with the echo server.
tls = context().wrap_socket(connect("server"), server_hostname="localhost",
                            do_handshake_on_connect=False)
tls.setblocking(False)
poller = select.poll()
poller.register(tls, select.POLLIN | select.POLLOUT)
handshake(tls, poller)
echo, none_writes, none_reads = transfer(tls, poller, data)
print("transfer: %d bytes, write None x%d, read None x%d"
      % (len(echo), none_writes, none_reads))
check(len(echo) == len(data), "echo length %d != %d" % (len(echo), len(data)))
check(echo == data, "echo differs from the data sent")
check(none_reads > 0, "read() never returned None on a non-blocking socket")

# 2b. Decrypted data left in rtls's buffer is readable for poll(), though
# the socket itself has nothing more: two lines come back in one record,
# one is read, poll(POLLIN) must report the other at once.
two_lines = b"first line\nsecond line\n"
check(tls.write(two_lines) == len(two_lines), "write of two lines")
wait(poller, tls, select.POLLIN)
first = tls.read(11)
check(first == b"first line\n", "first line %r" % first)
poller.modify(tls, select.POLLIN)
ready = poller.poll(1000)
print("poll(POLLIN) with a line buffered in rtls: %r"
      % [ev for _, ev in ready])
check(ready and ready[0][1] & select.POLLIN,
      "poll() does not report the buffered second line as readable")
rest = tls.read(100)
check(rest == b"second line\n", "second line %r" % rest)
poller.unregister(tls)
tls.close()

# 3: the handshake driven by write(), as asyncio's streams do.
sock = connect("slow")
tls = context().wrap_socket(sock, server_hostname="localhost",
                            do_handshake_on_connect=False)
tls.setblocking(False)
poller = select.poll()
poller.register(tls, select.POLLOUT)
message = b"the handshake runs inside write()"
pending_writes = 0
while True:
    n = tls.write(message)
    if n is not None:
        break
    pending_writes += 1
    wait(poller, tls, select.POLLIN | select.POLLOUT)
check(n == len(message), "write returned %r" % n)
check(pending_writes > 0, "write() completed a handshake without blocking")
buf = bytearray(len(message))
got = 0
pending_reads = 0
while got < len(message):
    n = tls.readinto(memoryview(buf)[got:])
    if n is None:
        pending_reads += 1
        wait(poller, tls, select.POLLIN)
        continue
    check(n > 0, "EOF")
    got += n
print("write None x%d (handshake), readinto None x%d"
      % (pending_writes, pending_reads))
check(bytes(buf) == message, "echo %r" % bytes(buf))
check(pending_reads > 0, "readinto() never returned None before the echo")
tls.close()
print("PASS")
