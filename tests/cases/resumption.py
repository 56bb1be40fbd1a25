# Session resumption (RFC 8446 §2.2): the first connection's `session`
# (bytes, after the server's NewSessionTicket has been read) resumes the
# second connection: no certificates are exchanged, `session_reused` says so.
# A corrupted session is a ValueError; an unknown ticket falls back to a
# full handshake. A session resumes only the server name and authentication
# it was made for (RFC 8446 §4.6.1): any other is not offered, and a full,
# verified handshake follows.
import rtls
from _common import cert_file, check, echo_line, wrap

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

# Not bound to this connection: a full handshake, verified.
unverified = wrap(cert_reqs=rtls.CERT_NONE, server_hostname="localhost")
echo_line(unverified, b"unverified")
unverified_session = unverified.session
unverified.close()
for what, kwargs in [
    ("made without verification", dict(session=unverified_session)),
    ("made for another name", dict(session=session, server_hostname="127.0.0.1")),
    ("offered without verification", dict(session=session, cert_reqs=rtls.CERT_NONE, server_hostname="localhost")),
]:
    other = wrap(**kwargs)
    check(other.session_reused is False, "a session %s must not resume" % what)
    check(other.getpeercert(True) is not None, "full handshake when %s" % what)
    other.close()
try:
    # The server's CA is not among these anchors: the session made under
    # ca.crt is not offered, and the full handshake fails verification.
    wrap(session=session, cadata=cert_file("other_ca.crt"))
    raise AssertionError("a session offered under other trust anchors must not resume")
except OSError as exc:
    check("not trusted" in str(exc), "verified instead: %s" % exc)
print("PASS")
