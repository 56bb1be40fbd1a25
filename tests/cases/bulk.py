# 1 MiB each way through a TLS 1.3 echo server (CPython ssl), in chunks of
# varying sizes (record boundaries), compared byte for byte.
import time

from _common import check, wrap, write_all

TOTAL = 1024 * 1024
SIZES = (1, 7, 100, 1000, 4096, 16383, 16384, 16385, 20000, 32768)
PATTERN_LEN = 64 * 1024


def make_pattern():
    """PATTERN_LEN pseudo-random bytes (a simple LCG), made once."""
    buf = bytearray(PATTERN_LEN)
    x = 12345
    for i in range(PATTERN_LEN):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        buf[i] = x >> 16 & 0xFF
    return bytes(buf)


def read_into(stream, view):
    """Fill view from stream with readinto (fails on EOF)."""
    got = 0
    while got < len(view):
        n = stream.readinto(view[got:])
        check(n, "EOF after %d of %d bytes" % (got, len(view)))
        got += n


pattern = make_pattern()
inbuf = bytearray(max(SIZES))
tls = wrap()
cipher = tls.cipher()
check(cipher[1] == "TLSv1.3", "cipher() = %r" % (cipher,))
start = time.time()
sent = 0
index = 0
while sent < TOTAL:
    size = min(SIZES[index % len(SIZES)], TOTAL - sent)
    offset = (index * 7919) % (PATTERN_LEN - size + 1)
    chunk = pattern[offset:offset + size]
    write_all(tls, chunk)
    read_into(tls, memoryview(inbuf)[:size])
    check(inbuf[:size] == chunk, "chunk %d (%d bytes at %d) differs" % (index, size, sent))
    sent += size
    index += 1
tls.close()
elapsed = time.time() - start
print("%d bytes each way in %d chunks, %.2f s" % (sent, index, elapsed))
print("PASS")
