# Resumption against rustls, which issues tickets only to a client that
# offers psk_dhe_ke (RFC 8446 §4.2.9), here three in one flight after each
# full or resumed handshake: the client keeps the latest. On "stateful"
# tickets are ids into the server's session cache, single-use; on
# "stateless" they are the session encrypted by the server; on "split"
# too, sent in records of at most 64 bytes, so that each ticket spans
# several. Each time a
# fresh connection (no session before the tickets), two resumptions each
# with the session the one before got, and a forged ticket that falls back
# to a full handshake. tests/run.py checks the kinds of handshake the
# server logged, and that each ticket redeemed was the latest issued.
from _interop import resumptions

for role in ("stateful", "stateless", "split"):
    resumptions(role, before_ticket_none=True)
    print("ok: " + role)
print("PASS")
