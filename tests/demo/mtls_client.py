# rtls demo (MicroPython): a TLS 1.3 connection with mutual authentication.
# Run by tests/demo/run.py, which starts the server and passes
#   RTLS_CERTS (directory with ca.crt, client.crt, client.key), RTLS_PORT.
import os
import socket

import rtls


def read_file(name):
    with open(os.getenv("RTLS_CERTS") + "/" + name, "rb") as f:
        return f.read()


port = int(os.getenv("RTLS_PORT"))
sock = socket.socket()
sock.connect(socket.getaddrinfo("127.0.0.1", port)[0][-1])

tls = rtls.wrap_socket(
    sock,
    server_hostname="localhost",
    cadata=read_file("ca.crt"),
    cert=read_file("client.crt"),
    key=read_file("client.key"),
)
suite, version = tls.cipher()
print("negotiated:", version, suite)
peer = tls.getpeercert(True)
print("server certificate:", len(peer), "bytes DER, verified for 'localhost'")
tls.write(b"hello from MicroPython over rtls\n")
print("server says:", tls.readline().decode().strip())
tls.close()
