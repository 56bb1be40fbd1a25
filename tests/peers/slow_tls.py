#!/usr/bin/env python3
"""A TLS 1.3 server on CPython's ssl that answers slowly.

After accepting a connection it waits --delay seconds before reading the
ClientHello, then sends every line it receives back reversed (as `openssl
s_server -rev` does), or with --echo every byte as it came, until the
client closes.  A client's handshake therefore spans the delay: long
enough to see whether the client's event loop keeps running, and whether
a non-blocking handshake returns before the server has answered.  Serves
connections until killed.
"""
import argparse
import socketserver
import ssl
import time

from tls_peer import run, serve, tls13_server_context

IO_TIMEOUT = 30


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        self.request.settimeout(IO_TIMEOUT)
        time.sleep(self.server.delay)
        try:
            with self.server.context.wrap_socket(
                    self.request, server_side=True) as tls:
                if self.server.echo:
                    total = 0
                    while True:
                        data = tls.recv(65536)
                        if not data:
                            break
                        tls.sendall(data)
                        total += len(data)
                    print("echoed %d bytes (%s)" % (total, tls.cipher()[0]),
                          flush=True)
                    return
                lines = 0
                reader = tls.makefile("rb")
                for line in reader:
                    body = line.rstrip(b"\n")
                    tls.sendall(body[::-1] + b"\n")
                    lines += 1
                print("%d lines reversed (%s)" % (lines, tls.cipher()[0]),
                      flush=True)
        except (OSError, ssl.SSLError) as exc:
            print("connection error: %r" % exc, flush=True)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, context, delay, echo):
        self.context = context
        self.delay = delay
        self.echo = echo
        super().__init__(address, Handler)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True, help="certificate (PEM)")
    parser.add_argument("--key", required=True, help="private key (PEM)")
    parser.add_argument("--delay", type=float, default=0.3,
                        help="seconds before the handshake (default 0.3)")
    parser.add_argument("--echo", action="store_true",
                        help="echo bytes instead of reversing lines")
    args = parser.parse_args()
    context = tls13_server_context(args.cert, args.key)
    serve(Server((args.host, args.port), context, args.delay, args.echo),
          args.host, args.port)


if __name__ == "__main__":
    run(main)
