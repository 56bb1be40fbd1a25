# A correct, authenticated server flight whose Finished has one bit of
# verify_data flipped: the handshake must fail with the Finished-mismatch
# text, the client must send alert decrypt_error (51) and no Finished of
# its own (both checked in tests/run.py).
from _expect import FINISHED_MISMATCH, expect_handshake_failure

expect_handshake_failure((FINISHED_MISMATCH,))
print("PASS")
