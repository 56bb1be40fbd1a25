# Name constraints through openssl s_server: a chain through an
# intermediate permitting localhost and 127.0.0.0/8 verifies, by name and by
# address, with full records and with 512-byte ones (the streaming verifier
# then meets the intermediate's constraints long after the leaf's record:
# it checks the leaf it kept); the same server certificate under an
# intermediate permitting example.com only is refused, naming the cause.
from _common import REJECTIONS, echo_line, expect_rejection, wrap

for label, kwargs in (("full records", {}),
                      ("512-byte records", {"max_fragment_length": 512}),
                      ("by address", {"server_hostname": "127.0.0.1"})):
    tls = wrap(**kwargs)
    echo_line(tls, b"under a name-constrained CA, " + label.encode())
    tls.close()
    print("ok: within the constraints,", label)

code, text = expect_rejection("name_constraints", REJECTIONS["name_constraints"])
print("ok: outside them: %d %s" % (code, text))
print("PASS")
