#!/usr/bin/env python3
"""Wall-clock handshake times on loopback, appended to bench/RESULTS.md.

For each interpreter given (the default build, and build/unix-embedded/
micropython when it exists: embedded-tls as the engine), a MicroPython
program times N connections (TCP connect + handshake + close) of each kind
against openssl s_server on 127.0.0.1: full handshake with server
verification, the same with a client certificate, a resumed handshake, an
external-PSK handshake. Median of the per-connection times, in ms.
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CERTS = ROOT / "build" / "bench-certs"
RESULTS = ROOT / "bench" / "RESULTS.md"
COUNT = 40
PSK_HEX = "000102030405060708090a0b0c0d0e0f"

CLIENT = r'''
import os, socket, time, rtls
D = os.getenv("CERTS") + "/"
ca = open(D + "ca.crt", "rb").read()
cert = open(D + "client.crt", "rb").read()
key = open(D + "client.key", "rb").read()
count = int(os.getenv("COUNT"))

def sock(port):
    s = socket.socket()
    s.connect(socket.getaddrinfo("127.0.0.1", port)[0][-1])
    return s

def timed(kind, port, **kw):
    times = []
    session = None
    for i in range(count + 1):
        t0 = time.ticks_us()
        if kind == "resumed" and session is not None:
            kw["session"] = session
        try:
            t = rtls.wrap_socket(sock(port), **kw)
        except (TypeError, NotImplementedError):
            # An engine without this feature (embedded-tls).
            print(kind, "n/a")
            return
        t.write(b"x\n")
        t.readline()
        if kind == "resumed":
            if i and not t.session_reused:
                print(kind, "n/a")
                return
            session = t.session
        t.close()
        if i:
            times.append(time.ticks_diff(time.ticks_us(), t0))
    times.sort()
    print(kind, times[len(times) // 2])

p = int(os.getenv("PORT"))
m = int(os.getenv("PORT_MUTUAL"))
k = int(os.getenv("PORT_PSK"))
timed("full", p, server_hostname="localhost", cadata=ca)
timed("mutual", m, server_hostname="localhost", cadata=ca, cert=cert, key=key)
timed("resumed", p, server_hostname="localhost", cadata=ca)
timed("psk", k, server_hostname="localhost", psk=(b"device-7", bytes.fromhex(os.getenv("PSK"))))
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args):
    """openssl s_server -rev with args, once its port accepts."""
    port = free_port()
    proc = subprocess.Popen(["openssl", "s_server", "-tls1_3", "-accept", "127.0.0.1:%d" % port, "-rev",
                             "-quiet", *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("s_server did not start")


def measure(micropython, ports):
    env = dict(os.environ, CERTS=str(CERTS), COUNT=str(COUNT), PSK=PSK_HEX, PORT=str(ports[0]),
               PORT_MUTUAL=str(ports[1]), PORT_PSK=str(ports[2]))
    out = subprocess.run([micropython, "-c", CLIENT], env=env, capture_output=True, text=True, timeout=300)
    if out.returncode:
        return {kind: "error" for kind in ("full", "mutual", "resumed", "psk")}
    figures = {}
    for line in out.stdout.splitlines():
        kind, value = line.split()
        figures[kind] = value if value == "n/a" else "%.2f" % (int(value) / 1000)
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--micropython", default=str(ROOT / "build" / "unix" / "micropython"))
    args = parser.parse_args()
    subprocess.run(["bash", str(ROOT / "tests" / "gen_certs.sh"), str(CERTS)], check=True, stdout=subprocess.DEVNULL)
    c = lambda name: str(CERTS / name)
    peers = [start(["-cert", c("server.crt"), "-key", c("server.key")]),
             start(["-cert", c("server.crt"), "-key", c("server.key"), "-CAfile", c("ca.crt"),
                    "-Verify", "1", "-verify_return_error"]),
             start(["-psk", PSK_HEX, "-psk_identity", "device-7", "-nocert", "-key", c("server.key")])]
    try:
        ports = [port for _, port in peers]
        engines = [("rtls (own engine)", args.micropython)]
        embedded = ROOT / "build" / "unix-embedded" / "micropython"
        if embedded.exists():
            engines.append(("rtls with embedded-tls", str(embedded)))
        rows = [(name, measure(path, ports)) for name, path in engines]
    finally:
        for proc, _ in peers:
            proc.kill()
            proc.wait()
    lines = ["", "## Handshake time on loopback (ms, median of %d; `bench/handshake_time.py`)" % COUNT, "",
             "| engine | full, server verified | + client certificate | resumed | external PSK |",
             "|---|---|---|---|---|"]
    for name, f in rows:
        lines.append("| %s | %s | %s | %s | %s |" % (name, f.get("full", "n/a"), f.get("mutual", "n/a"),
                                                      f.get("resumed", "n/a"), f.get("psk", "n/a")))
    if len(engines) == 1:
        lines.append("")
        lines.append("(embedded-tls row: run `make build-embedded` first.)")
    text = "\n".join(lines) + "\n"
    print(text)
    with open(RESULTS, "a") as f:
        f.write(text)


if __name__ == "__main__":
    main()
