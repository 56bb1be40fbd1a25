# Resumption against Go's crypto/tls, which issues a ticket only to a
# client that offers psk_dhe_ke in psk_key_exchange_modes (RFC 8446
# §4.2.9; rtls once did not, and `session` stayed None): the first
# connection is a full handshake whose session, once the ticket is read,
# resumes the second; the second's resumes the third; a forged ticket
# falls back to a full handshake. tests/run.py checks the server's log
# shows resumed=false, true, true, false.
from _interop import resumptions

resumptions()
print("PASS")
