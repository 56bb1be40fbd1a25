# 200 connect/handshake/echo/close cycles against one s_server: the heap in
# use after a GC must not grow between cycle 10 and the end.
import gc

from _common import check, echo_line, wrap

CYCLES = 200
WARMUP = 10
TOLERANCE = 512


def cycle():
    """One full connection: handshake, a line each way, close."""
    tls = wrap()
    echo_line(tls, b"leak check")
    tls.close()


def heap_in_use():
    """Bytes of the MicroPython heap in use after a full collection."""
    gc.collect()
    return gc.mem_alloc()


for _ in range(WARMUP):
    cycle()
baseline = heap_in_use()
for _ in range(CYCLES - WARMUP):
    cycle()
final = heap_in_use()
print("heap after %d cycles: %d, after %d: %d, growth %d bytes"
      % (WARMUP, baseline, CYCLES, final, final - baseline))
check(final - baseline <= TOLERANCE,
      "heap grew by %d bytes (> %d)" % (final - baseline, TOLERANCE))
print("PASS")
