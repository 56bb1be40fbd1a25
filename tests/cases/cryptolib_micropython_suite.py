# MicroPython's own cryptolib tests (tests/extmod/cryptolib_*.py with their
# .exp), unchanged, against rtls' cryptolib: runs
# tests/micropython_suite.py --suite cryptolib (CPython) on this
# interpreter.  Passes when every one of them passes; one that skips itself
# fails (no cryptolib, or MicroPython's own, which has no CTR here).
import os
import sys

from _common import check

status = os.system("python3 tests/micropython_suite.py --suite cryptolib "
                   "--micropython '%s'" % sys.executable)
check(status == 0, "tests/micropython_suite.py --suite cryptolib failed "
      "(wait status %d)" % status)
print("PASS")
