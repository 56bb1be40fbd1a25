#!/usr/bin/env python3
"""TLS 1.3-only echo server on CPython's ssl module (OpenSSL).

Echoes every byte it receives until the client closes (close_notify or
EOF), then answers with its own close_notify.  With --banner it first
sends a line of its own, unasked, as servers that speak first do (SMTP,
POP3).  Serves connections until killed.
"""
import argparse
import socketserver
import ssl

from tls_peer import run, serve, tls13_server_context

IO_TIMEOUT = 30


class Handler(socketserver.BaseRequestHandler):
    """Wraps one connection in TLS and echoes it."""

    def handle(self):
        self.request.settimeout(IO_TIMEOUT)
        try:
            with self.server.context.wrap_socket(
                    self.request, server_side=True) as tls:
                if self.server.banner:
                    tls.sendall(self.server.banner.encode() + b"\r\n")
                total = echo(tls)
                print("echoed %d bytes (%s)" % (total, tls.cipher()[0]),
                      flush=True)
                close_notify(tls)
        except (OSError, ssl.SSLError) as exc:
            print("connection error: %r" % exc, flush=True)


def echo(tls):
    """Send back everything read from `tls` until EOF; returns the count."""
    total = 0
    while True:
        data = tls.recv(65536)
        if not data:
            return total
        tls.sendall(data)
        total += len(data)


def close_notify(tls):
    """Answer the client's close_notify; it may already have gone."""
    try:
        tls.unwrap()
    except (OSError, ssl.SSLError):
        pass


class Server(socketserver.ThreadingTCPServer):
    """Threaded TCP server that carries the TLS context."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, context, banner):
        self.context = context
        self.banner = banner
        super().__init__(address, Handler)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True, help="certificate (PEM)")
    parser.add_argument("--key", required=True, help="private key (PEM)")
    parser.add_argument("--banner", help="a line to send first, unasked")
    args = parser.parse_args()
    context = tls13_server_context(args.cert, args.key)
    serve(Server((args.host, args.port), context, args.banner), args.host, args.port)


if __name__ == "__main__":
    run(main)
