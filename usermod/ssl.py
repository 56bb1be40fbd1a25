# ssl on rtls: MicroPython's ssl API (SSLContext, legacy wrap_socket) over
# rtls, a TLS 1.3 client.  Frozen as `ssl` (and `ussl`); MicroPython's own
# `tls` module is left alone.  See "Drop-in ssl" in README.md.
import rtls
from rtls import CERT_NONE, CERT_REQUIRED

CERT_OPTIONAL = 1
PROTOCOL_TLS_CLIENT = 0
PROTOCOL_TLS_SERVER = 1

_CIPHERS = ("TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_256_GCM_SHA384")
_SERVER = "rtls is a TLS client; server-side TLS is not implemented"


def _not(what, x):
    # CPython's shape: "<argument> must be <type>, not <x's type>".
    return TypeError("%s, not %s" % (what, type(x).__name__))


def _read(x):
    # A path (str) is read as a file; bytes are the data itself.
    if isinstance(x, str):
        with open(x, "rb") as f:
            return f.read()
    return x


class SSLContext:
    def __init__(self, protocol):
        if protocol == PROTOCOL_TLS_SERVER:
            raise NotImplementedError(_SERVER)
        if protocol != PROTOCOL_TLS_CLIENT:
            # CPython's words, and the one protocol there is.
            raise ValueError("invalid or unsupported protocol version %r: "
                             "use PROTOCOL_TLS_CLIENT" % (protocol,))
        self.verify_mode = CERT_REQUIRED
        self.check_hostname = True
        # Legacy: a certificate without subjectAltName matches on its CN.
        self.hostname_checks_common_name = True
        self._ca = self._cert = self._key = self._alpn = self._ciphers = None

    def load_verify_locations(self, cafile=None, cadata=None):
        if cafile is None and cadata is None:
            raise TypeError("cafile and cadata cannot be both omitted")
        for name, d in (("cafile", cafile and _read(cafile)), ("cadata", cadata)):
            if d is None:
                continue
            if isinstance(d, str):
                d = d.encode()
            if not isinstance(d, (bytes, bytearray)):
                raise _not(name + " should be str or bytes", d)
            # Now, not as a missing CA when wrapping.
            if not d:
                raise ValueError("Empty certificate data in " + name)
            ca = self._ca
            if ca and (b"-----BEGIN" in ca) != (b"-----BEGIN" in d):
                raise ValueError("rtls: load CA certificates all as PEM or all as DER")
            self._ca = ca + d if ca else d

    def load_cert_chain(self, certfile, keyfile=None):
        self._cert = _read(certfile)
        # CPython's rule: without keyfile the key is in certfile.
        self._key = self._cert if keyfile is None else _read(keyfile)

    def set_alpn_protocols(self, protocols):
        self._alpn = list(protocols)

    def get_ciphers(self):
        # The suites offered, most preferred first (None set: the default
        # order, which a board may change).
        return list(self._ciphers or _CIPHERS)

    def set_ciphers(self, ciphers):
        # TLS 1.3 suites in order of preference, by IANA/OpenSSL name or
        # mbedTLS's (TLS1-3-AES-128-GCM-SHA256).
        if not isinstance(ciphers, (list, tuple)):
            raise _not("set_ciphers() argument must be a list", ciphers)
        names = []
        for c in ciphers:
            if not isinstance(c, str):
                raise _not("set_ciphers() items must be str", c)
            n = "TLS_" + c[7:].replace("-", "_") if c.startswith("TLS1-3-") else c
            if n not in _CIPHERS:
                raise ValueError("unknown cipher suite: %s" % c)
            if n in names:
                raise ValueError("cipher suite listed twice: %s" % c)
            names.append(n)
        if not names:
            raise ValueError("no cipher suite")
        self._ciphers = names

    def wrap_socket(self, sock, server_side=False, do_handshake_on_connect=True,
                    server_hostname=None, session=None):
        if server_side:
            raise NotImplementedError(_SERVER)
        if getattr(self, "verify_callback", None):
            raise NotImplementedError("rtls: verify_callback")
        mode = self.verify_mode
        if mode == CERT_OPTIONAL:
            # A client cannot go on without a trusted server: OPTIONAL is
            # REQUIRED once a CA is loaded (as in CPython), else NONE.
            mode = CERT_REQUIRED if self._ca else CERT_NONE
        if mode == CERT_REQUIRED and not self._ca:
            raise ValueError("CERT_REQUIRED needs load_verify_locations() (or verify_mode = CERT_NONE)")
        if mode == CERT_REQUIRED and not self.check_hostname:
            raise NotImplementedError("rtls: check_hostname=False needs CERT_NONE")
        return rtls.wrap_socket(
            sock, server_hostname=server_hostname,
            cadata=self._ca if mode else None, cert=self._cert, key=self._key,
            cert_reqs=mode, do_handshake=do_handshake_on_connect,
            session=session, alpn_protocols=self._alpn, ciphers=self._ciphers,
            hostname_checks_common_name=self.hostname_checks_common_name)


def wrap_socket(sock, server_side=False, key=None, cert=None, cert_reqs=CERT_NONE,
                cadata=None, server_hostname=None, do_handshake=True):
    # micropython-lib's legacy signature and defaults (CERT_NONE!).
    if server_side:
        raise NotImplementedError(_SERVER)
    c = SSLContext(PROTOCOL_TLS_CLIENT)
    if cert or key:
        c.load_cert_chain(cert, key)
    if cadata is not None:
        c.load_verify_locations(cadata=cadata)
    c.verify_mode = cert_reqs
    return c.wrap_socket(sock, do_handshake_on_connect=do_handshake,
                         server_hostname=server_hostname)
