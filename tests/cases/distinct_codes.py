# One connection to each rejection peer (REJECTIONS in _common.py): every
# failure must have its expected text and a negative code, and the codes of
# different causes must all be different.
from _common import REJECTIONS, check, expect_rejection

codes = {}
for role in sorted(REJECTIONS):
    code, text = expect_rejection(role, REJECTIONS[role])
    print("%-9s %d %s" % (role, code, text))
    codes[role] = code

for role, code in codes.items():
    same = [other for other in codes if codes[other] == code]
    check(len(same) == 1, "causes %r share code %d" % (same, code))
print("%d causes, %d distinct codes" % (len(codes), len(set(codes.values()))))
print("PASS")
