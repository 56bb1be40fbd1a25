"""What the CPython TLS peers share: a TLS 1.3-only server context, the
"ready" line the runner waits for, and a quiet exit on Ctrl-C."""
import ssl
import sys


def tls13_server_context(cert, key):
    """A server context that speaks TLS 1.3 only, with cert/key (PEM)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.maximum_version = ssl.TLSVersion.TLSv1_3
    context.load_cert_chain(cert, key)
    return context


def serve(server, host, port, suffix=""):
    """Announces the listening address, then serves until killed."""
    with server:
        print("ready on %s:%d%s" % (host, port, suffix), flush=True)
        server.serve_forever()


def run(main):
    """Runs main(), exiting quietly on Ctrl-C."""
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
