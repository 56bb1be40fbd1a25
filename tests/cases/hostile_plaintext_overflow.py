# After a correct handshake, the server answers the first application data
# with 2^14 bytes of data in one record (the limit), which the client must
# accept, and the second with 2^14+1 bytes in one record, whose length
# field (2^14+18) is legal: only the decrypted plaintext is too long.  The
# read must fail with the record_overflow text, and the client must send
# alert record_overflow (22; checked in tests/run.py).
from _common import check, read_exact, wrap, write_all
from _expect import RECORD_OVERFLOW, expect_oserror

MAX_PLAINTEXT = 16384

tls = wrap()
write_all(tls, b"1")
data = read_exact(tls, MAX_PLAINTEXT)
check(data == b"L" * MAX_PLAINTEXT, "the 2^14-byte record was garbled")
print("ok: 2^14 bytes of plaintext in one record")
write_all(tls, b"2")
expect_oserror("read of 2^14+1 bytes of plaintext in one record",
               lambda: tls.read(100), (RECORD_OVERFLOW,))
tls.close()
print("PASS")
