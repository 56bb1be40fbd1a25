# HelloRetryRequest both ways against Go's crypto/tls:
#   - "p256" accepts secp256r1 only: the client's default x25519 share is
#     useless, the server asks again, the client retries with secp256r1;
#   - "x25519" accepts x25519 only and the client puts secp256r1 first
#     (groups=): the server asks for x25519; with the default order, x25519
#     first, it does not.
# A resumption on "p256" offers the group the session remembers: no retry.
# Go 1.19 does not report a retry, so the server counts the ClientHellos;
# tests/run.py checks 2 then 1 on "p256", 2 then 1 on "x25519".
from _common import check, wrap
from _interop import check_verified, echo_bytes

tls = wrap("p256")
check_verified(tls)
echo_bytes(tls, 20000)
session = tls.session
tls.close()
print("ok: x25519 share, server wants secp256r1")

tls = wrap("p256", session=session)
check(tls.session_reused is True, "not resumed")
echo_bytes(tls, 100)
tls.close()
print("ok: resumed with a secp256r1 share")

for groups in (["secp256r1", "x25519"], None):
    tls = wrap("x25519", groups=groups) if groups else wrap("x25519")
    check_verified(tls)
    echo_bytes(tls, 20000)
    tls.close()
    print("ok: groups=%r against an x25519-only server" % (groups,))
print("PASS")
