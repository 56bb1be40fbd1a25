# MicroPython's own TLS tests (tests/extmod ssl_*/tls_*, the client side of
# tests/multi_net's TLS tests), unchanged, against rtls as `ssl`: runs
# tests/micropython_suite.py (CPython) on this interpreter, with the
# multinet_tls_server.py peer run.py started (RTLS_PORT_MULTINET) and the
# run's certificates (RTLS_CERTS).  Passes when every test it runs passes;
# the skipped ones and their reasons are in its output and in README.md.
import os
import sys

from _common import check

status = os.system("python3 tests/micropython_suite.py --micropython '%s'"
                   % sys.executable)
check(status == 0, "tests/micropython_suite.py failed (wait status %d)"
      % status)
print("PASS")
