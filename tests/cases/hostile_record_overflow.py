# After a correct handshake, the server answers the first application data
# with the largest legal padded record (2^14-300 bytes of data, the content
# type and 300 bytes of zero padding: a TLSInnerPlaintext of 2^14+1 bytes,
# the limit of RFC 8446 5.4), which the client must accept, and the second
# with a record whose length field is 2^14+257 (the limit is 2^14+256): the
# read must fail with the record_overflow text, and the client must send
# alert record_overflow (22; checked in tests/run.py).
from _common import check, read_exact, wrap, write_all
from _expect import RECORD_OVERFLOW, expect_oserror

DATA = 16384 - 300

tls = wrap()
write_all(tls, b"1")
data = read_exact(tls, DATA)
check(data == b"L" * DATA, "the largest legal padded record was garbled")
print("ok: %d bytes of data + 300 bytes of padding in one record" % DATA)
write_all(tls, b"2")
expect_oserror("read of a record of length 2^14+257", lambda: tls.read(100),
               (RECORD_OVERFLOW,))
tls.close()
print("PASS")
