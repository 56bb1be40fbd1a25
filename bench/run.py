#!/usr/bin/env python3
"""make bench: rtls against MicroPython's own tls module (system mbedTLS 2.28,
TLS 1.2), both in build/unix/micropython, against the same openssl s_server.

Usage: python3 bench/run.py [--micropython PATH]

Two `openssl s_server -rev` peers run on 127.0.0.1 with the P-256
certificates of tests/gen_certs.sh, accepting TLS 1.3 (TLS_AES_128_GCM_SHA256)
and TLS 1.2 (ECDHE-ECDSA-AES128-GCM-SHA256), ECDHE on X25519 or P-256 (each
library with its own default group, as against a default server); the second
requires a client certificate.  bench/client.py (a MicroPython program)
makes the connections; this script measures:

- instructions per handshake: valgrind callgrind counts a run of HANDSHAKES[0]
  connections and one of HANDSHAKES[1]; the difference divided by the
  difference in connections cancels the interpreter's start-up.  A
  connection is TCP connect, handshake, one line echoed, close.
- throughput: 4 MiB each way through the stream API (write/readinto), after
  the handshake; median of THROUGHPUT_RUNS runs per library, alternating;
  with default socket options and again with TCP_NODELAY.
- memory per open connection: gc.mem_alloc() delta, plus the libc heap
  delta from glibc's malloc_stats() (where mbedTLS keeps its buffers).
- LX106 rows: for each of the top-level Makefile's `lx106-handshake` (the
  ESP8266 issue's QEMU harness) and `lx106-ops` (instructions per P-256,
  P-384 and X25519 operation, the p256/p384 crates against narrow-ec)
  targets, `make` is run and every stdout line `LX106 <what>: <figure>`
  becomes a row.

Rows for features that do not exist yet are detected at run time and shown
as n/a: rtls resumption (bench/client.py looks for a `session` attribute on
the stream), rtls max_fragment_length (a TypeError for that wrap_socket
keyword), the LX106 harness (the Makefile target).

The results (Markdown: table, targets, conditions, method) are printed and
written to bench/RESULTS.md.  Every peer is killed at the end, even on
failure.
"""
import argparse
import ctypes
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = ROOT / "build" / "bench"
CERTS = WORK / "certs"
RESULTS = BENCH / "RESULTS.md"
HOST = "127.0.0.1"

HANDSHAKES = (2, 10)
THROUGHPUT_RUNS = 7
THROUGHPUT_MIB = 4
CLIENT_TIMEOUT = 120
LX106_TIMEOUT = 300
PEER_START_TIMEOUT = 10

RTLS_CIPHER = ["TLS_AES_128_GCM_SHA256", "TLSv1.3"]
MBEDTLS_CIPHER = ["TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256", "TLSv1.2"]

# Targets of GitHub issue 6.
MTLS_RATIO_TARGET = 0.2
THROUGHPUT_RATIO_TARGET = 1.0
HEAP_FULL_TARGET = 24 * 1024
HEAP_MFL_TARGET = 12 * 1024
MFL = 2048


class BenchError(Exception):
    """A measurement could not be made; args[0] says why."""


# --- Processes ---------------------------------------------------------------

PEERS = []
PR_SET_PDEATHSIG = 1


def die_with_parent():
    """In each peer before exec: get SIGKILL if this script dies."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def s_server(port, log, mutual):
    """Start openssl s_server -rev on HOST:port (client auth if mutual)."""
    argv = ["openssl", "s_server", "-accept", "%s:%d" % (HOST, port), "-rev",
            "-cert", CERTS / "server.crt", "-key", CERTS / "server.key",
            "-groups", "X25519:P-256", "-ciphersuites", RTLS_CIPHER[0],
            "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"]
    if mutual:
        argv += ["-Verify", "1", "-verify_return_error",
                 "-CAfile", CERTS / "ca.crt"]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True,
                            preexec_fn=die_with_parent)
    PEERS.append(proc)
    return proc


def wait_accepting(proc, port):
    """Wait until the peer accepts connections on port."""
    deadline = time.monotonic() + PEER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError("s_server on port %d exited with %d (see %s)"
                             % (port, proc.returncode, WORK))
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise BenchError("s_server did not accept on port %d" % port)


def stop_peers():
    """Kill every peer's process group and reap it."""
    for proc in PEERS:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
    PEERS.clear()


def free_ports(count):
    """count distinct free TCP ports on HOST."""
    socks = [socket.socket() for _ in range(count)]
    try:
        for s in socks:
            s.bind((HOST, 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def start_peers():
    """The two s_server peers; returns the client's environment."""
    ports = dict(zip(("server", "mutual"), free_ports(2)))
    for role, port in ports.items():
        with open(WORK / ("s_server-%s.log" % role), "wb") as log:
            proc = s_server(port, log, role == "mutual")
        wait_accepting(proc, port)
    env = dict(os.environ, BENCH_CERTS=str(CERTS))
    env.update(("BENCH_PORT_" + role.upper(), str(port))
               for role, port in ports.items())
    return env


# --- Measurements ------------------------------------------------------------

class Client:
    """Runs bench/client.py commands on the interpreter under test."""

    def __init__(self, micropython, env):
        self.micropython = micropython
        self.env = env

    def run(self, *args, prefix=()):
        """Run one command; returns (its JSON result, its stderr)."""
        args = [str(arg) for arg in args]
        argv = [*prefix, self.micropython, str(BENCH / "client.py"), *args]
        try:
            done = subprocess.run(argv, env=self.env, capture_output=True,
                                  text=True, timeout=CLIENT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise BenchError("client.py %s: timed out after %d s"
                             % (" ".join(args), CLIENT_TIMEOUT))
        lines = done.stdout.splitlines()
        if done.returncode != 0 or not lines:
            raise BenchError("client.py %s: exit status %d\n%s%s" % (
                " ".join(args), done.returncode, done.stdout, done.stderr))
        return json.loads(lines[-1]), done.stderr


def check_cipher(lib, result):
    """The connection must have used the suite the table names."""
    expected = MBEDTLS_CIPHER if lib == "mbedtls" else RTLS_CIPHER
    if result["cipher"] != expected:
        raise BenchError("%s negotiated %r, expected %r"
                         % (lib, result["cipher"], expected))


def instructions_per_handshake(client, lib, auth):
    """Instructions per connection (callgrind), or an n/a text."""
    counts = []
    for n in HANDSHAKES:
        result, stderr = client.run(
            "handshake", lib, auth, n,
            prefix=("valgrind", "--tool=callgrind",
                    "--callgrind-out-file=%s" % (WORK / "callgrind.out")))
        if "na" in result:
            return "n/a (%s)" % result["na"]
        check_cipher(lib, result)
        collected = re.search(r"Collected : (\d+)", stderr)
        if not collected:
            raise BenchError("no callgrind total in:\n" + stderr)
        counts.append(int(collected.group(1)))
    return (counts[1] - counts[0]) / (HANDSHAKES[1] - HANDSHAKES[0])


def throughput(client, nagle):
    """{lib: median MiB/s each way} over THROUGHPUT_RUNS alternating runs."""
    seconds = {"rtls": [], "mbedtls": []}
    for _ in range(THROUGHPUT_RUNS):
        for lib, runs in seconds.items():
            result, _ = client.run("throughput", lib, nagle)
            check_cipher(lib, result)
            runs.append(result["seconds"])
    return {lib: THROUGHPUT_MIB / statistics.median(runs)
            for lib, runs in seconds.items()}


def libc_in_use(stderr):
    """Bytes in use on the libc heap from each malloc_stats() report."""
    return [int(n) for n in re.findall(
        r"Total \(incl\. mmap\):\s+system bytes\s+=\s+\d+\s+"
        r"in use bytes\s+=\s+(\d+)", stderr)]


def memory(client, lib, fragment):
    """(GC heap, libc heap) bytes taken by one open connection, or an n/a
    text."""
    result, stderr = client.run("memory", lib, fragment)
    if "na" in result:
        return "n/a (%s)" % result["na"]
    before, after = libc_in_use(stderr)
    return result["gc"], after - before


def lx106_rows():
    """[(what, figure)]: the lines `LX106 <what>: <figure>` that
    `make lx106-handshake` and `make lx106-ops` (per-operation figures)
    print, for each target the Makefile has, or one n/a row."""
    what = "LX106 (ESP8266 under QEMU)"
    makefile = (ROOT / "Makefile").read_text()
    targets = [t for t in ("lx106-handshake", "lx106-ops")
               if re.search(r"^%s\s*:" % t, makefile, re.MULTILINE)]
    if not targets:
        return [(what, "n/a (no QEMU harness yet)")]
    rows = []
    for target in targets:
        try:
            # Budgets are reported, not enforced, here: the figures are the
            # point.
            done = subprocess.run(["make", "-s", "-C", str(ROOT), target,
                                   "LX106_BUDGETS=report"],
                                  capture_output=True,
                                  text=True, timeout=LX106_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise BenchError("make %s: timed out after %d s"
                             % (target, LX106_TIMEOUT))
        if done.returncode != 0:
            raise BenchError("make %s failed:\n" % target
                             + done.stdout + done.stderr)
        rows += re.findall(r"^LX106 (.+?): (.+)$", done.stdout, re.MULTILINE)
    return [("LX106: " + row, figure) for row, figure in rows] or [
        (what, "n/a (make %s printed no `LX106 ...:` line)"
         % " / ".join(targets))]


def measure(client):
    """Every figure of the table."""
    progress("instructions per handshake (callgrind)")
    figures = {"handshake": {
        (lib, auth): instructions_per_handshake(client, lib, auth)
        for lib in ("rtls", "mbedtls") for auth in ("server", "mutual")}}
    figures["resumed"] = instructions_per_handshake(
        client, "rtls-resumed", "server")
    progress("throughput")
    figures["throughput"] = throughput(client, "on")
    figures["throughput_nodelay"] = throughput(client, "off")
    progress("memory per connection")
    figures["memory"] = {(lib, fragment): memory(client, lib, fragment)
                         for lib in ("rtls", "mbedtls")
                         for fragment in ("full", MFL)}
    progress("LX106 harness")
    figures["lx106"] = lx106_rows()
    return figures


def progress(what):
    """One line on stderr per phase."""
    print("bench: %s ..." % what, file=sys.stderr, flush=True)


# --- Report ------------------------------------------------------------------

def mega(count):
    """An instruction count, e.g. 16.5 M."""
    return count if isinstance(count, str) else "%.1f M" % (count / 1e6)


def kib(count):
    """A byte count, e.g. 25.0 KiB."""
    return "%.1f KiB" % (count / 1024)


def heap(figure):
    """A memory figure: GC heap + libc heap, or its n/a text."""
    if isinstance(figure, str):
        return figure
    gc_bytes, libc_bytes = figure
    return "%s GC heap + %s libc heap" % (kib(gc_bytes), kib(libc_bytes))


def quotient(a, b):
    """a / b, or the n/a text of whichever is missing."""
    for figure in (a, b):
        if isinstance(figure, str):
            return figure
    return a / b


def ratio(a, b):
    """a / b as text, or a dash when either is missing."""
    value = quotient(a, b)
    return "—" if isinstance(value, str) else "%.2f×" % value


def memory_total(figure):
    """GC + libc bytes, or the n/a text."""
    return figure if isinstance(figure, str) else sum(figure)


def gc_heap(figure):
    """The GC heap part of a memory figure, or the n/a text."""
    return figure if isinstance(figure, str) else figure[0]


def table(figures):
    """The Markdown table: (measurement, rtls, mbedTLS, rtls / mbedTLS)."""
    hs, mem = figures["handshake"], figures["memory"]
    rows = []
    for auth, what in (("server", "Full handshake, server verified"),
                       ("mutual", "Full handshake + client certificate")):
        rtls, mbedtls = hs["rtls", auth], hs["mbedtls", auth]
        rows.append((what + " (instructions)", mega(rtls), mega(mbedtls),
                     ratio(rtls, mbedtls)))
    rows.append(("Resumed handshake (instructions)", mega(figures["resumed"]),
                 "—", "—"))
    for key, what in (("throughput", "default socket"),
                      ("throughput_nodelay", "TCP_NODELAY")):
        speed = figures[key]
        rows.append(("Throughput, %d MiB each way, %s (MiB/s each way, "
                     "median of %d)" % (THROUGHPUT_MIB, what, THROUGHPUT_RUNS),
                     "%.1f" % speed["rtls"], "%.1f" % speed["mbedtls"],
                     ratio(speed["rtls"], speed["mbedtls"])))
    for fragment, what in (("full", "full records"),
                           (MFL, "max_fragment_length %d" % MFL)):
        rtls, mbedtls = mem["rtls", fragment], mem["mbedtls", fragment]
        rows.append(("Memory per open connection, " + what, heap(rtls),
                     heap(mbedtls),
                     ratio(memory_total(rtls), memory_total(mbedtls))))
    rows += [(what, figure, "—", "—") for what, figure in figures["lx106"]]
    lines = ["| Measurement | rtls (TLS 1.3) | mbedTLS (TLS 1.2) "
             "| rtls / mbedTLS |", "|---|---|---|---|"]
    lines += ["| %s |" % " | ".join(row) for row in rows]
    return "\n".join(lines)


def verdict(figure, met, describe):
    """'met'/'missed' with describe(figure), where met(figure) says if the
    target holds; or 'not measured' with the n/a text."""
    if isinstance(figure, str):
        return "not measured: " + figure
    return "%s: %s" % ("met" if met(figure) else "missed", describe(figure))


def targets(figures):
    """One line per target of the issue, each met or missed with its
    figure."""
    hs, mem = figures["handshake"], figures["memory"]
    rtls, mbedtls = hs["rtls", "mutual"], hs["mbedtls", "mutual"]
    speed = figures["throughput"]
    lines = [
        "Full mTLS handshake ≤ %.1f× mbedTLS's instructions — %s" % (
            MTLS_RATIO_TARGET, verdict(
                quotient(rtls, mbedtls), lambda r: r <= MTLS_RATIO_TARGET,
                lambda r: "%.2f× (%s vs %s)"
                % (r, mega(rtls), mega(mbedtls)))),
        "Throughput ≥ %.1f× mbedTLS, default socket — %s" % (
            THROUGHPUT_RATIO_TARGET, verdict(
                speed["rtls"] / speed["mbedtls"],
                lambda r: r >= THROUGHPUT_RATIO_TARGET,
                lambda r: "%.2f× (%.1f vs %.1f MiB/s)"
                % (r, speed["rtls"], speed["mbedtls"]))),
    ]
    for fragment, what, target in (
            ("full", "full records", HEAP_FULL_TARGET),
            (MFL, "max_fragment_length %d" % MFL, HEAP_MFL_TARGET)):
        lines.append("≤ %s GC heap per connection, %s — %s" % (
            kib(target), what, verdict(gc_heap(mem["rtls", fragment]),
                                       lambda b, t=target: b <= t, kib)))
    return "\n".join("- " + line for line in lines)


def command_output(argv, default="unknown"):
    """The first line a command prints, or default if it cannot run."""
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    except OSError:
        return default
    lines = done.stdout.splitlines()
    return lines[0].strip() if done.returncode == 0 and lines else default


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, and the core count."""
    match = re.search(r"^model name\s*:\s*(.+)$",
                      Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return "%s, %d cores" % (match.group(1) if match else platform.machine(),
                            os.cpu_count())


def conditions(client):
    """Date, machine and versions, as Markdown bullets."""
    info, _ = client.run("versions")
    with open(ROOT / "Cargo.toml", "rb") as f:
        rtls_version = tomllib.load(f)["package"]["version"]
    commit = command_output(["git", "-C", str(ROOT), "describe", "--always",
                             "--dirty"])
    openssl = command_output(["openssl", "version"]).split(" (")[0]
    items = [
        ("Date", datetime.datetime.now(datetime.timezone.utc)
         .strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", cpu_model()),
        ("OS", "%s %s" % (platform.system(), platform.release())),
        ("rtls", "%s (source tree at git %s)" % (rtls_version, commit)),
        ("Interpreter", "MicroPython %s unix port, its build tag: %s"
         % (info["micropython"], info["build"])),
        ("mbedTLS", info["mbedtls"] + " (system library, MicroPython's tls)"),
        ("Peer", openssl + " s_server"),
        ("valgrind", command_output(["valgrind", "--version"])),
    ]
    return "\n".join("- %s: %s" % item for item in items)


METHOD = """\
- Peers: `openssl s_server -rev` on 127.0.0.1 with the P-256 certificates of
  `tests/gen_certs.sh`; TLS 1.3 TLS_AES_128_GCM_SHA256 for rtls, TLS 1.2
  ECDHE-ECDSA-AES128-GCM-SHA256 for mbedTLS; the peers offer ECDHE on
  X25519 and P-256 and each library uses its default group (rtls: X25519);
  a second peer requires the client certificate.
- Instructions: valgrind callgrind over the whole interpreter; (run of {hi}
  connections − run of {lo}) / {n}. A connection is TCP connect, handshake
  with verification of the server (and client certificate), one line echoed,
  close — including MicroPython's own work around it. mbedTLS gets a new
  SSLContext per connection, as rtls takes its certificates per call.
- Throughput: {mib} MiB each way, 64 KiB written then its echo read, through
  `write`/`readinto`, handshake excluded; median of {runs} runs per library,
  alternating. The TCP_NODELAY row turns Nagle's algorithm off on the client
  socket, separating each library's speed from how its record writes meet
  Nagle's algorithm and delayed ACKs; the target is judged on the default.
- Memory: one open connection that has echoed a line, after a first
  connection was closed; `gc.mem_alloc()` delta after `gc.collect()`, and
  the libc heap delta from glibc's `malloc_stats()` (mbedTLS allocates its
  record buffers with libc malloc).
- n/a rows are detected when the benchmark runs (`bench/client.py`,
  `bench/run.py`), not written by hand.
""".format(hi=HANDSHAKES[1], lo=HANDSHAKES[0], n=HANDSHAKES[1] - HANDSHAKES[0],
           mib=THROUGHPUT_MIB, runs=THROUGHPUT_RUNS)


def report(figures, client):
    """The whole of bench/RESULTS.md."""
    return "\n\n".join([
        "# rtls benchmark results",
        "Written by `make bench` (`bench/run.py`); rerun it after every "
        "engine change.",
        table(figures),
        "## Targets (GitHub issue 6)\n\n" + targets(figures),
        "## Conditions\n\n" + conditions(client),
        "## Method\n\n" + METHOD.rstrip(),
    ]) + "\n"


# --- Main --------------------------------------------------------------------

def prepare(micropython):
    """Check the tools, make the work directory and the certificates."""
    if not os.access(micropython, os.X_OK):
        raise BenchError("no interpreter at %s (run make build)" % micropython)
    for tool in ("openssl", "valgrind"):
        if shutil.which(tool) is None:
            raise BenchError("%s not found (apt-get install %s)"
                             % (tool, tool))
    WORK.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["bash", str(ROOT / "tests" / "gen_certs.sh"),
                           str(CERTS)], capture_output=True, text=True)
    if done.returncode != 0:
        raise BenchError("gen_certs.sh failed:\n" + done.stdout + done.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--micropython", default=str(
        ROOT / "build" / "unix" / "micropython"),
        help="interpreter (default: build/unix/micropython)")
    micropython = str(Path(parser.parse_args().micropython).resolve())
    try:
        prepare(micropython)
        client = Client(micropython, start_peers())
        text = report(measure(client), client)
    except BenchError as error:
        print("bench failed: %s" % error.args[0], file=sys.stderr)
        return 1
    finally:
        stop_peers()
    RESULTS.write_text(text)
    print(text, end="")
    print("written to %s" % RESULTS.relative_to(ROOT), file=sys.stderr)
    return 0


def interrupt(_signum, _frame):
    """SIGTERM/SIGHUP: unwind, so the peers are killed."""
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("bench interrupted")
