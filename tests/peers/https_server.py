#!/usr/bin/env python3
"""HTTPS file server on CPython: http.server wrapped in TLS 1.3 only.

Serves the files of --dir (GET/HEAD, HTTP/1.0 and 1.1) and logs each
request as `request: <request line> | Host: <host header>` on stdout.
With --close-notify the server sends its close_notify before closing a
connection (CPython's default closes the TCP connection without it).
"""
import argparse
import functools
import http.server
import ssl
import sys

from tls_peer import run, serve, tls13_server_context


class Handler(http.server.SimpleHTTPRequestHandler):
    """Files from the directory; one log line per request."""

    def log_request(self, code="-", size="-"):
        print("request: %s | Host: %s | %s" % (
            self.requestline, self.headers.get("Host"), code), flush=True)

    def log_error(self, fmt, *args):
        print("error: " + fmt % args, flush=True)


class Server(http.server.ThreadingHTTPServer):
    """Wraps each accepted connection in TLS (the handshake runs in the
    connection's thread, on first read)."""

    daemon_threads = True

    def __init__(self, address, handler, context, close_notify):
        self.context = context
        self.close_notify = close_notify
        super().__init__(address, handler)

    def get_request(self):
        sock, addr = self.socket.accept()
        return self.context.wrap_socket(
            sock, server_side=True, do_handshake_on_connect=False), addr

    def shutdown_request(self, request):
        if self.close_notify:
            try:
                request = request.unwrap()
            except (OSError, ssl.SSLError):
                pass
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        print("connection error: %r" % (sys.exc_info()[1],), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True, help="certificate (PEM)")
    parser.add_argument("--key", required=True, help="private key (PEM)")
    parser.add_argument("--dir", required=True, help="directory to serve")
    parser.add_argument("--close-notify", action="store_true")
    args = parser.parse_args()
    context = tls13_server_context(args.cert, args.key)
    handler = functools.partial(Handler, directory=args.dir)
    serve(Server((args.host, args.port), handler, context, args.close_notify),
          args.host, args.port)


if __name__ == "__main__":
    run(main)
