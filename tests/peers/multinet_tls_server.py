#!/usr/bin/env python3
"""The server side (instance0) of MicroPython's tests/multi_net TLS tests,
on CPython's ssl (TLS 1.3 only), for running their client side against it.

Its certificate is for "micropython.local" (the name those tests' clients
expect) and is issued at start-up by the CA given with --ca-cert/--ca-key
(the project's test CA), so the clients are given that CA as their
"ec_cert.der".  Per connection it does what every applicable instance0
does: read one message; answer b"client to server" with b"server to
client" (ssl_cert_ec, sslcontext_server_client*), echo anything else (the
asyncio_tls_server_client* tests); then close with close_notify.  Each
connection is logged.  Serves until killed.
"""
import argparse
import os
import socketserver
import ssl
import subprocess
import tempfile

from tls_peer import run, serve, tls13_server_context

IO_TIMEOUT = 10
NAME = "micropython.local"
EXTENSIONS = """basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:%s
""" % NAME


def issue_certificate(ca_cert, ca_key, directory):
    """A P-256 key and a certificate for NAME signed by the CA; returns
    (cert path, key path)."""
    key = os.path.join(directory, "server.key")
    csr = os.path.join(directory, "server.csr")
    cert = os.path.join(directory, "server.crt")
    ext = os.path.join(directory, "server.ext")
    with open(ext, "w") as f:
        f.write(EXTENSIONS)
    for argv in (
            ["openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout",
             "-out", key],
            ["openssl", "req", "-new", "-key", key, "-subj", "/CN=" + NAME,
             "-out", csr],
            ["openssl", "x509", "-req", "-in", csr, "-CA", ca_cert,
             "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
             "-extfile", ext, "-out", cert]):
        subprocess.run(argv, check=True, capture_output=True)
    return cert, key


class Handler(socketserver.BaseRequestHandler):
    """One TLS connection: one message in, one answer out."""

    def handle(self):
        self.request.settimeout(IO_TIMEOUT)
        try:
            with self.server.context.wrap_socket(
                    self.request, server_side=True) as tls:
                data = tls.recv(4096)
                reply = b"server to client" if data == b"client to server" \
                    else data
                tls.sendall(reply)
                print("served %r -> %r (%s)" % (data, reply, tls.cipher()[0]),
                      flush=True)
                try:
                    tls.unwrap()
                except (OSError, ssl.SSLError):
                    pass
        except (OSError, ssl.SSLError) as exc:
            print("connection error: %r" % exc, flush=True)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address, context):
        self.context = context
        super().__init__(address, Handler)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ca-cert", required=True)
    parser.add_argument("--ca-key", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        cert, key = issue_certificate(args.ca_cert, args.ca_key, directory)
        context = tls13_server_context(cert, key)
        serve(Server((args.host, args.port), context), args.host, args.port,
              " as %s" % NAME)


if __name__ == "__main__":
    run(main)
