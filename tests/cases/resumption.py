# Session resumption (RFC 8446 §2.2): the first connection's `session`
# (bytes, after the server's NewSessionTicket has been read) resumes the
# second connection: no certificates are exchanged, `session_reused` says so.
# A corrupted session is a ValueError; an unknown ticket falls back to a
# full handshake.
from _common import check, echo_line, wrap

first = wrap()
check(first.session is None, "no session before the server's ticket")
echo_line(first, b"first connection")
session = first.session
check(isinstance(session, bytes) and len(session) > 40, "session after the ticket: %r" % (session,))
check(first.session_reused is False, "a full handshake is not a resumption")
first.close()

second = wrap(session=session)
check(second.session_reused is True, "the second connection resumed")
check(second.getpeercert(True) is None, "a resumed handshake carries no certificate")
echo_line(second, b"resumed connection")
check(second.session is not None, "the resumed connection got a new ticket")
second.close()

try:
    wrap(session=b"not a session")
    raise AssertionError("a corrupted session must be refused")
except ValueError as exc:
    print("ValueError:", exc)

# Same format, ticket the server never issued: a full handshake instead.
forged = bytearray(session)
forged[-1] ^= 0xFF
third = wrap(session=bytes(forged))
check(third.session_reused is False, "an unknown ticket cannot resume")
check(third.getpeercert(True) is not None, "the fallback full handshake has a certificate")
echo_line(third, b"full handshake again")
third.close()
print("PASS")
