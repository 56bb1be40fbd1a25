#!/usr/bin/env python3
"""The `make` demo: starts `openssl s_server` on 127.0.0.1 requiring a client
certificate, then runs tests/demo/mtls_client.py on the rtls interpreter."""

import argparse
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("demo: openssl s_server exited early")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit("demo: openssl s_server did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--micropython", default=os.path.join(ROOT, "build/unix/micropython"))
    args = parser.parse_args()

    certs = os.path.join(ROOT, "build/demo-certs")
    subprocess.run([os.path.join(ROOT, "tests/gen_certs.sh"), certs], check=True,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    # -naccept 2: the readiness probe, then the demo client.
    server = subprocess.Popen(
        ["openssl", "s_server", "-tls1_3", "-accept", f"127.0.0.1:{port}", "-naccept", "2",
         "-cert", f"{certs}/server.crt", "-key", f"{certs}/server.key",
         "-CAfile", f"{certs}/ca.crt", "-Verify", "1", "-verify_return_error", "-rev"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, server)
        print(f"demo: openssl s_server (TLS 1.3, client certificate required) on 127.0.0.1:{port}")
        env = dict(os.environ, RTLS_CERTS=certs, RTLS_PORT=str(port))
        client = subprocess.run([args.micropython, os.path.join(HERE, "mtls_client.py")],
                                env=env, timeout=30)
    finally:
        server.kill()
        log = server.communicate()[0]
    peer = [line for line in log.splitlines() if line.startswith("depth=0")]
    if peer:
        print("demo: server verified the client certificate:", peer[0].split(" ", 1)[1].strip())
    sys.exit(client.returncode)


if __name__ == "__main__":
    main()
