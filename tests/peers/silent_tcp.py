#!/usr/bin/env python3
"""A TCP server that accepts connections, reads and discards what arrives,
and never sends anything: a TLS server that never answers the ClientHello.
Serves until killed."""
import argparse
import socket
import sys
import threading


def drain(conn):
    """Read until the client closes; send nothing."""
    with conn:
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    with socket.create_server((args.host, args.port)) as server:
        print("ready on %s:%d" % (args.host, args.port), flush=True)
        while True:
            conn, _ = server.accept()
            threading.Thread(target=drain, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
