# Run with a 28 KiB GC heap (tests/run.py): a connection's buffers do not
# fit, which must be a MemoryError naming what was being allocated, with the
# socket still usable by Python afterwards and no crash.
import gc

from _common import check, connect, cert_file

import rtls

ca = cert_file("ca.crt")
gc.collect()
print("free heap:", gc.mem_free())
sock = connect()
try:
    rtls.wrap_socket(sock, server_hostname="localhost", cadata=ca)
    raise AssertionError("expected MemoryError with a %d-byte free heap" % gc.mem_free())
except MemoryError as exc:
    text = str(exc)
    print("MemoryError:", text)
    check("rtls" in text and "connection" in text, "text should name the allocation: %r" % text)
sock.close()
gc.collect()
print("PASS")
