#!/usr/bin/env python3
"""MicroPython's own TLS tests, run unchanged against rtls as `ssl`, and
its cryptolib tests against rtls' `cryptolib`.

Usage: python3 tests/micropython_suite.py [--suite tls|cryptolib]
           [--micropython PATH] [--certs DIR] [--multinet-port PORT] [-v]

--suite tls (the default):
1. tests/extmod (ssl_*.py, tls_*.py): the applicable ones through
   MicroPython's run-tests.py, in the interpreter under test, where `ssl`
   is rtls's frozen ssl module and `tls` MicroPython's own (mbedTLS).
2. tests/multi_net (ssl/tls tests): the client side (instance1) of the
   applicable ones, in the interpreter under test, against
   tests/peers/multinet_tls_server.py -- CPython's ssl, TLS 1.3, playing
   instance0 with a certificate for "micropython.local" issued by the
   project's test CA.  The harness is run-multitests.py's (the `multitest`
   helper appended to the unchanged test), with IP and PORT pointed at that
   server and the test's "ec_cert.der" being the project's CA (DER); the
   output is compared with the instance1 part of the test's .exp.
The other tests are skipped, each with its reason (SKIPPED below; listed in
README.md, "Drop-in ssl").

--suite cryptolib: tests/extmod/cryptolib_*.py through run-tests.py, all of
them; one that skips itself fails here, as it means the interpreter has no
`cryptolib`, or one without CTR (MicroPython's own on the unix port), not
rtls'.

Prints pass/skip/FAIL per test and ends with "N passed, N failed,
N skipped"; exits 0 iff nothing failed.

--certs is the project's certificate directory (ca.crt, ca.key, ca.der,
client.key.der); default $RTLS_CERTS, else freshly generated with
tests/gen_certs.sh.  --multinet-port uses a multinet_tls_server.py that is
already running (default $RTLS_PORT_MULTINET, else one is started here).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
WORK = TESTS / "build" / "micropython-suite"
HOST = "127.0.0.1"
TEST_TIMEOUT = 30

SERVER_SIDE = "server side: rtls is a TLS client"

# The extmod tests of each suite, and whether a test may skip itself.
SUITES = {
    "tls": (("extmod/ssl_*.py", "extmod/tls_*.py"), True),
    "cryptolib": (("extmod/cryptolib_*.py",), False),
}

# Tests not run, with the reason.  Everything else matching the globs runs.
SKIPPED = {
    "extmod/ssl_basic.py":
        SERVER_SIDE + " (wraps a socket with server_side=1)",
    "extmod/ssl_ioctl.py":
        SERVER_SIDE + " (server_side=1); ioctl() exists in coverage builds only",
    "extmod/ssl_poll.py":
        SERVER_SIDE + " (a client and a server over an in-memory pipe); "
        "run-tests.py also skips it without a coverage build",
    "extmod/ssl_sslcontext.py":
        SERVER_SIDE + " (SSLContext(PROTOCOL_TLS_SERVER))",
    "extmod/ssl_sslcontext_verify_mode.py":
        SERVER_SIDE + " (SSLContext(PROTOCOL_TLS_SERVER))",
    "extmod/ssl_cadata.py":
        "mbedTLS-specific: expects ValueError('invalid cert') from garbage "
        "cadata with verification off; rtls reads cadata only when it "
        "verifies, and words its errors its own way",
    "extmod/ssl_keycert.py":
        "mbedTLS-specific: expects ValueError('invalid key'), and mbedTLS's "
        "TypeError for a key without a certificate; rtls raises "
        "ValueError('rtls: a client certificate needs both cert and key')",
    "extmod/ssl_noleak.py":
        "tests MicroPython's tls (mbedTLS) module and needs unittest, absent "
        "from this build (rtls's own noleak case covers rtls)",
    "extmod/tls_sslcontext_ciphers.py":
        "tests MicroPython's tls (mbedTLS) module with mbedTLS cipher names; "
        "fails on this build whatever rtls does: the system mbedTLS words "
        "MBEDTLS_ERR_SSL_BAD_CONFIG as 'SSL - Invalid value in SSL config'",
    "multi_net/ssl_cert_rsa.py":
        "RSA server certificate: rtls verifies ECDSA signatures only",
    "multi_net/sslcontext_getpeercert.py":
        SERVER_SIDE + " (the client first wraps io.BytesIO() with "
        "server_side=True); prints the DER of MicroPython's own certificate",
    "multi_net/sslcontext_server_client_ciphers.py":
        "uses MicroPython's tls module directly, with an mbedTLS TLS 1.2 "
        "suite name (TLS-ECDHE-ECDSA-WITH-AES-128-CBC-SHA256)",
    "multi_net/sslcontext_verify_callback.py":
        "uses MicroPython's tls module directly; verify_callback is "
        "mbedTLS-specific (rtls has none)",
    "multi_net/sslcontext_verify_error.py":
        "mbedTLS-specific text: 'The certificate Common Name (CN) does not "
        "match with the expected CN' (rtls: 'certificate hostname mismatch', "
        "case reject_hostname)",
    "multi_net/sslcontext_verify_time_error.py":
        "mbedTLS-specific text: 'The certificate validity has expired' (rtls: "
        "'certificate expired', case reject_expired)",
    "multi_net/asyncio_tls_server_client_cert_required_error.py":
        "mbedTLS-specific text: (-30592, 'MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE') "
        "(rtls: 'alert received from the server: certificate_required', "
        "case asyncio_tls)",
    "multi_net/asyncio_tls_server_client_verify_error.py":
        "mbedTLS-specific text: the CN mismatch message, as "
        "sslcontext_verify_error",
    "multi_net/tls_dtls_server_client.py":
        "DTLS with MicroPython's tls module; rtls is TLS over TCP",
}

# Tests that run but skip themselves here, and why.
SELF_SKIPS = {
    "extmod/ssl_keycert_pkcs8.py":
        "needs ssl.MBEDTLS_VERSION (a PKCS#8 RSA key: mbedTLS only)",
    "extmod/ssl_sslcontext_verify_mode2.py":
        "needs ssl.OPENSSL_VERSION or ssl.MBEDTLS_VERSION (rtls's ssl has "
        "neither; CERT_OPTIONAL/CERT_REQUIRED are tested by rtls's "
        "ssl_context case)",
}

# run-multitests.py's helper for a test instance (tests/run-multitests.py,
# APPEND_CODE_TEMPLATE), with get_network_ip() answering the server's
# address; IP and PORT point the client at the server.
HARNESS = """
import sys
class multitest:
    @staticmethod
    def flush():
        try:
            sys.stdout.flush()
        except AttributeError:
            pass
    @staticmethod
    def skip():
        print("SKIP")
        multitest.flush()
        raise SystemExit
    @staticmethod
    def next():
        print("NEXT")
        multitest.flush()
    @staticmethod
    def broadcast(msg):
        print("BROADCAST", msg)
        multitest.flush()
    @staticmethod
    def wait(msg):
        msg = "BROADCAST " + msg
        while True:
            if sys.stdin.readline().rstrip() == msg:
                return
    @staticmethod
    def globals(**gs):
        for g in gs:
            print("SET {{}} = {{!r}}".format(g, gs[g]))
        multitest.flush()
    @staticmethod
    def get_network_ip():
        return IP
IP = {ip!r}
PORT = {port}
instance1()
multitest.flush()
"""


def log(text=""):
    print(text, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", choices=sorted(SUITES), default="tls")
    parser.add_argument("--micropython", default=str(
        ROOT / "build" / "unix" / "micropython"))
    parser.add_argument("--micropy-dir", default=os.environ.get(
        "MICROPY_DIR", str(ROOT / "build" / "micropython-src")),
        help="MicroPython source tree (its tests/ are used)")
    parser.add_argument("--certs", default=os.environ.get("RTLS_CERTS"))
    parser.add_argument("--multinet-port", type=int, default=(
        int(os.environ["RTLS_PORT_MULTINET"])
        if os.environ.get("RTLS_PORT_MULTINET") else None))
    parser.add_argument("-v", dest="verbose", action="store_true",
                        help="show each test's output")
    return parser.parse_args()


# --- extmod: run-tests.py -------------------------------------------------

def run_extmod(args, tests_dir, results):
    """Runs the suite's applicable extmod tests with run-tests.py; appends
    (name, status, detail) to results."""
    patterns, may_skip = SUITES[args.suite]
    names = sorted(str(p.relative_to(tests_dir)) for pattern in patterns
                   for p in tests_dir.glob(pattern))
    if not names:
        results.append((args.suite, "FAIL", "no test matches %s in %s"
                        % (" ".join(patterns), tests_dir)))
    to_run = [n for n in names if n not in SKIPPED]
    for name in names:
        if name in SKIPPED:
            results.append((name, "skip", SKIPPED[name]))
    if not to_run:
        return
    result_dir = WORK / ("%s-extmod-results" % args.suite)
    shutil.rmtree(result_dir, ignore_errors=True)
    env = dict(os.environ, MICROPY_MICROPYTHON=args.micropython)
    proc = subprocess.run(
        [sys.executable, "run-tests.py", "-j1", "-r", str(result_dir),
         *to_run], cwd=tests_dir, env=env, capture_output=True, text=True,
        timeout=TEST_TIMEOUT * len(to_run))
    statuses = {}
    for line in proc.stdout.splitlines():
        match = re.match(r"^(pass|skip|FAIL)\s+(\S+)", line)
        if match:
            statuses[match.group(2)] = match.group(1)
    for name in to_run:
        status = statuses.get(name)
        if status == "pass":
            results.append((name, "pass", "run-tests.py"))
        elif status == "skip" and may_skip:
            results.append((name, "skip", "the test skips itself: "
                            + SELF_SKIPS.get(name, "it printed SKIP")))
        elif status == "skip":
            results.append((name, "FAIL", "the test skips itself: no "
                            "cryptolib, or one without CTR (not rtls')"))
        else:
            out = result_dir / (name.replace("/", "_") + ".out")
            detail = out.read_text(errors="replace") if out.exists() else (
                proc.stdout + proc.stderr)
            results.append((name, "FAIL", "run-tests.py says %s:\n%s"
                            % (status or "nothing", indent(detail))))


# --- multi_net: the client side against multinet_tls_server.py -----------

def expected_instance1(exp_text):
    """The lines of the `--- instance1 ---` section of a multi_net .exp."""
    section = exp_text.split("--- instance1 ---\n", 1)[1]
    return section.split("--- instance", 1)[0].rstrip("\n").split("\n")


def run_multinet_client(args, test, port, workdir):
    """Runs instance1 of `test`; returns (status, detail)."""
    exp = test.with_name(test.name + ".exp")
    source = test.read_text()
    script = workdir / test.name
    script.write_text(source + "\n" + HARNESS.format(ip=HOST, port=port))
    # What instance0 broadcasts, delivered up front to the client's wait().
    stdin = "".join("BROADCAST %s\r\n" % msg for msg in re.findall(
        r'multitest\.broadcast\("([^"]*)"\)', source))
    env = dict(os.environ, MICROPYPATH=".frozen")
    try:
        proc = subprocess.run([args.micropython, script.name], cwd=workdir,
                              input=stdin, capture_output=True, text=True,
                              env=env, timeout=TEST_TIMEOUT)
        output, rc = proc.stdout + proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:
        output, rc = (exc.stdout or b"").decode(errors="replace"), "timeout"
    lines = [line.rstrip() for line in output.splitlines()]
    if "SKIP" in lines:
        return "skip", "the test skips itself"
    got = [line for line in lines
           if line != "NEXT" and not line.startswith(("BROADCAST ", "SET "))]
    want = expected_instance1(exp.read_text())
    if rc == 0 and got == want:
        return "pass", "client side, %d line(s) as expected" % len(want)
    return "FAIL", "exit %s; expected:\n%s\ngot:\n%s" % (
        rc, indent("\n".join(want)), indent("\n".join(got)))


def run_multinet(args, tests_dir, certs, port, results):
    names = sorted(str(p.relative_to(tests_dir)) for pattern in
                   ("multi_net/ssl*.py", "multi_net/tls*.py",
                    "multi_net/asyncio_tls*.py")
                   for p in tests_dir.glob(pattern))
    workdir = WORK / "multi_net"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    # The files the tests open: the CA the client trusts, and a key that
    # instance1 only stats or reads.  (Their own ec_cert.der is a
    # self-signed CA:TRUE certificate used as a leaf, which rtls rejects.)
    shutil.copy(certs / "ca.der", workdir / "ec_cert.der")
    shutil.copy(certs / "client.key.der", workdir / "ec_key.der")
    for name in names:
        if name in SKIPPED:
            results.append((name, "skip", SKIPPED[name]))
            continue
        status, detail = run_multinet_client(args, tests_dir / name, port,
                                             workdir)
        results.append((name, status, detail))


# --- certificates and the server ------------------------------------------

def certificates(args):
    if args.certs:
        return Path(args.certs)
    certs = WORK / "certs"
    subprocess.run(["bash", str(TESTS / "gen_certs.sh"), str(certs)],
                   check=True, capture_output=True)
    return certs


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(certs):
    """Starts multinet_tls_server.py; returns (process, port)."""
    port = free_port()
    WORK.mkdir(parents=True, exist_ok=True)
    log_file = open(WORK / "multinet_server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, str(TESTS / "peers" / "multinet_tls_server.py"),
         "--port", str(port), "--ca-cert", str(certs / "ca.crt"),
         "--ca-key", str(certs / "ca.key")],
        stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("multinet_tls_server.py exited: see %s"
                     % (WORK / "multinet_server.log"))
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("multinet_tls_server.py did not start")


def indent(text):
    return "\n".join("      " + line for line in text.splitlines())


def run_tls(args, tests_dir, results):
    """The TLS suite: extmod, then multi_net against the server."""
    certs = certificates(args)
    server = None
    port = args.multinet_port
    if port is None:
        server, port = start_server(certs)
    try:
        run_extmod(args, tests_dir, results)
        run_multinet(args, tests_dir, certs, port, results)
    finally:
        if server:
            server.terminate()
            server.wait(5)


def main():
    args = parse_args()
    args.micropython = str(Path(args.micropython).resolve())
    tests_dir = Path(args.micropy_dir) / "tests"
    if not (tests_dir / "run-tests.py").exists():
        sys.exit("no MicroPython tests at %s" % tests_dir)
    results = []
    if args.suite == "cryptolib":
        run_extmod(args, tests_dir, results)
    else:
        run_tls(args, tests_dir, results)
    counts = {"pass": 0, "FAIL": 0, "skip": 0}
    for name, status, detail in results:
        counts[status] += 1
        first, _, rest = detail.partition("\n")
        log("%-4s %s: %s" % (status, name, first))
        if rest and (status == "FAIL" or args.verbose):
            log(rest)
    log("%d passed, %d failed, %d skipped" % (
        counts["pass"], counts["FAIL"], counts["skip"]))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
