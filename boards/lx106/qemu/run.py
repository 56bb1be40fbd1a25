#!/usr/bin/env python3
"""Runs the LX106 handshake harness (main.c) in QEMU against openssl s_server.

    run.py --qemu QEMU --elf harness.elf --certs DIR --workdir DIR [--text N]
           [--connections 1|2|3]

The guest's sockets are pairs of FIFOs in the work directory (cN.in,
cN.out), opened by the guest with semihosting calls; a relay thread per
connection joins them to a TCP connection to `openssl s_server -rev`
(TLS 1.3, client certificate required, and an external PSK) on 127.0.0.1.
Connection 1 is a full handshake, 2 resumes its session, 3 uses the
external PSK (psk_dhe_ke). Prints one line per measured step:

    lx106 handshake: instructions=<N> stack_peak=<bytes> heap_block=<bytes> text=<bytes>

and fails (exit 1) when the handshake fails, or the stack high-water, the
connection's block (full-size records) or the rtls code linked (with its
read-only data) exceeds its budget in boards/NODEMCU/rtls_board.rs
(STACK_BUDGET, CONNECTION_BLOCK_BUDGET, CODE_BUDGET).
"""

import argparse
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

TIMEOUT = 600
BOARD_CONFIG = Path(__file__).resolve().parents[2] / "NODEMCU" / "rtls_board.rs"


def board_budget(name):
    """A budget constant of the board's TLS settings (`pub const NAME:
    usize = <expr>;`, an integer product like 6 * 1024)."""
    text = BOARD_CONFIG.read_text()
    m = re.search(r"pub const %s: usize = ([\d\s*]+);" % name, text)
    if not m:
        sys.exit(f"lx106: {BOARD_CONFIG} has no {name}")
    value = 1
    for factor in m.group(1).split("*"):
        value *= int(factor)
    return value


STACK_LIMIT = board_budget("STACK_BUDGET")
BLOCK_LIMIT = board_budget("CONNECTION_BLOCK_BUDGET")
CODE_LIMIT = board_budget("CODE_BUDGET")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """Whether something listens on 127.0.0.1:port (from /proc/net/tcp)."""
    want = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as f:
        return any(l.split()[1] == want and l.split()[3] == "0A" for l in list(f)[1:])


def relay(workdir, index, port, errors):
    """Joins the guest's FIFO pair `index` to a TCP connection."""
    try:
        # Same order as the guest opens them (cN.in, then cN.out): each open
        # of a FIFO waits for the other side.
        to_guest = open(workdir / f"c{index}.in", "wb", buffering=0)
        from_guest = open(workdir / f"c{index}.out", "rb", buffering=0)
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)

        def upstream():
            while True:
                data = from_guest.read(65536)
                if not data:
                    break
                sock.sendall(data)
            try:
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass

        up = threading.Thread(target=upstream, daemon=True)
        up.start()
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            try:
                to_guest.write(data)
            except BrokenPipeError:
                break
        to_guest.close()
        up.join(TIMEOUT)
        sock.close()
    except Exception as e:  # reported by the main thread
        errors.append(f"relay {index}: {e!r}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--qemu", required=True)
    p.add_argument("--elf", required=True)
    p.add_argument("--certs", required=True, type=Path)
    p.add_argument("--workdir", required=True, type=Path)
    p.add_argument("--text", type=int, default=0, help="rtls bytes linked, for the report")
    p.add_argument("--connections", type=int, default=1, choices=[1, 2, 3])
    p.add_argument("--budgets", choices=["enforce", "report"], default="enforce",
                   help="report: print budget overruns but exit 0 if every handshake worked")
    p.add_argument("--ciphersuites", help="s_server's TLS 1.3 suites (default: openssl's)")
    p.add_argument("--groups", help="s_server's groups (default: openssl's)")
    p.add_argument("--label", default="", help="what was built, for the report lines (a baseline)")
    a = p.parse_args()
    tag = f" [{a.label}]" if a.label else ""
    paren = f" ({a.label})" if a.label else ""

    work = a.workdir
    work.mkdir(parents=True, exist_ok=True)
    for f in work.iterdir():
        f.unlink()
    for name in ("ca.der", "client.der", "client.key"):
        (work / name).write_bytes((a.certs / name).read_bytes())
    # The external PSK: s_server takes the key in hex.
    psk_identity, psk_key = b"lx106-harness", os.urandom(32)
    (work / "psk.id").write_bytes(psk_identity)
    (work / "psk.key").write_bytes(psk_key)
    (work / "params.bin").write_bytes(
        struct.pack("<q32sI", int(time.time()), os.urandom(32), a.connections))
    for i in range(a.connections):
        os.mkfifo(work / f"c{i}.in")
        os.mkfifo(work / f"c{i}.out")

    port = free_port()
    server = subprocess.Popen(
        ["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-tls1_3",
         "-cert", str(a.certs / "server.crt"), "-key", str(a.certs / "server.key"),
         "-CAfile", str(a.certs / "ca.crt"), "-Verify", "1", "-verify_return_error",
         "-psk_identity", psk_identity.decode(), "-psk", psk_key.hex(),
         "-rev", "-naccept", str(a.connections), "-quiet",
         *(["-ciphersuites", a.ciphersuites] if a.ciphersuites else []),
         *(["-groups", a.groups] if a.groups else [])],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        # Wait for the listening socket without connecting (a probe would
        # use up one of s_server's -naccept connections).
        for _ in range(200):
            if listening(port):
                break
            if server.poll() is not None:
                sys.exit("lx106: openssl s_server did not start:\n" + server.stdout.read().decode())
            time.sleep(0.05)
        errors = []
        threads = [threading.Thread(target=relay, args=(work, i, port, errors), daemon=True)
                   for i in range(a.connections)]
        for t in threads:
            t.start()
        started = time.time()
        guest = subprocess.run(
            [os.path.abspath(a.qemu), "-M", "sim", "-cpu", "lx106", "-semihosting", "-nographic",
             "-monitor", "none", "-icount", "shift=0", "-kernel", os.path.abspath(a.elf)],
            cwd=work, capture_output=True, text=True, timeout=TIMEOUT)
        wall = time.time() - started
    finally:
        server.kill()
        server_out = server.stdout.read().decode(errors="replace")
        server.wait()

    out = guest.stdout
    sys.stderr.write(out if guest.returncode else "")
    results = {}
    for m in re.finditer(r"^RESULT (\S+) (.*)$", out, re.M):
        results[m.group(1)] = dict(kv.split("=") for kv in m.group(2).split())
    suite = re.search(r"^INFO suite=(\S+)", out, re.M)
    ok = guest.returncode == 0 and not errors
    problems = list(errors)
    overruns = []
    if guest.returncode != 0:
        problems.append(f"guest exit status {guest.returncode}")
        if guest.stderr:
            problems.append(guest.stderr.strip())
        problems.append("s_server said: " + server_out.strip()[-2000:])
    names = {"handshake": "handshake", "resumed": "resumed handshake", "psk": "PSK handshake",
             "echo16k": "echo 16 KiB", "resumed_echo16k": "resumed echo 16 KiB",
             "psk_echo16k": "PSK echo 16 KiB"}
    for what, r in results.items():
        line = (f"lx106 {names.get(what, what)}{tag}: instructions={r['instructions']} "
                f"stack_peak={r['stack_peak']} heap_block={r['heap_block']} text={a.text}")
        print(line)
        if int(r["rc"]) != 0:
            problems.append(f"{what}: error {r['rc']}")
        if int(r["stack_peak"]) > STACK_LIMIT:
            overruns.append(f"{what}: stack high-water {r['stack_peak']} > {STACK_LIMIT}")
        if int(r["heap_block"]) > BLOCK_LIMIT:
            overruns.append(f"{what}: connection block {r['heap_block']} > {BLOCK_LIMIT}")
    if "handshake" not in results:
        problems.append("no handshake result")
    print(f"lx106{tag}: suite {suite.group(1) if suite else '?'}, QEMU wall time {wall:.1f} s")
    # Lines bench/run.py collects (LX106 <what>: <figure>).
    for what, r in results.items():
        if what in ("handshake", "resumed", "psk"):
            print(f"LX106 {names[what]} instructions{paren}: {int(r['instructions']):,}")
            print(f"LX106 {names[what]} stack peak{paren}: {r['stack_peak']} bytes")
    if "handshake" in results:
        print(f"LX106 connection block{paren}: {results['handshake']['heap_block']} bytes")
    print(f"LX106 rtls code linked{paren}: {a.text:,} bytes")
    if a.text > CODE_LIMIT:
        overruns.append(f"rtls code and read-only data {a.text} > {CODE_LIMIT}")
    if a.budgets == "enforce":
        problems += overruns
    elif overruns:
        print(f"lx106{tag} over budget (not enforced): " + "; ".join(overruns), file=sys.stderr)
    if problems:
        print(f"lx106{tag} handshake FAILED: " + "; ".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
