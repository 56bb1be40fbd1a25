#!/usr/bin/env python3
"""Integration tests for rtls: MicroPython test programs against local peers.

Usage: python3 tests/run.py [--micropython PATH] [-k SUBSTRING] [-v]

For each case in tests/cases/ (see CASES below) the runner starts the peers
the case needs (openssl s_server, gnutls-serv, mosquitto, the CPython
servers in tests/peers/, and the Go and rustls servers there, which it
builds when first needed) on free ports on 127.0.0.1 (a peer found listening
on any other address fails the case), waits until they accept, runs
`micropython tests/cases/<name>.py` with

    RTLS_CERTS   absolute path of the generated certificates
    RTLS_HOST    127.0.0.1
    RTLS_PORT    port of the case's first peer (if it has peers)
    RTLS_PORT_<ROLE>  port of each peer, by role (e.g. RTLS_PORT_EXPIRED)

and stops the peers again.  A case passes when micropython exits 0 within
its time limit, its last stdout line is exactly PASS, and every peer-side
check holds.  The last line printed is "N passed, N failed"; the exit status
is 0 iff nothing failed.
"""
import argparse
import ctypes
import hashlib
import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CASES_DIR = TESTS / "cases"
USERMOD_DIR = ROOT / "usermod"
PEERS_DIR = TESTS / "peers"
BUILD = TESTS / "build"
CERTS = BUILD / "certs"
RUNS = BUILD / "run"

HOST = "127.0.0.1"
CASE_TIMEOUT = 60
PEER_START_TIMEOUT = 10
TAIL_LINES = 15


# --- Peer definitions -------------------------------------------------------

@dataclass
class Peer:
    """A server process a case talks to.

    argv entries and env values are formatted with {port}, {certs},
    {peers}, {workdir}, {build} and {python}; env adds to the runner's
    environment.  setup(workdir, port) prepares files before the start;
    check(workdir, role) inspects them (the peer's output is in
    workdir/<role>.log) after the stop and returns an error text or None.
    install says how to get a missing program (argv[0] or one of needs) or
    module.
    """
    argv: list
    install: str
    module: Optional[str] = None
    setup: Optional[Callable[[Path, int], None]] = None
    check: Optional[Callable[[Path, str], Optional[str]]] = None
    env: Optional[dict] = None
    needs: tuple = ()


@dataclass
class Case:
    """A test program, the peers it needs (by role), extra interpreter
    options (e.g. a small heap), the time (UTC) the interpreter's clock
    starts at, for a device whose clock is wrong (Debian's faketime, which
    preloads libfaketime; the peers keep the real time), and modules put on
    the program's path (import name -> a function giving the source file
    or package directory); `program` runs instead of tests/cases/<name>.py,
    with `env` (values formatted with {workdir}) added to its environment."""
    peers: dict
    timeout: int = CASE_TIMEOUT
    interpreter_args: tuple = ()
    clock: Optional[str] = None
    modules: Optional[dict] = None
    program: Optional[Path] = None
    env: Optional[dict] = None


# micropython-lib at MicroPython 1.25's pin, one of the ESP8266 firmware's
# inputs (../shared/esp8266 beside the clone, or ESP8266_INPUTS), as
# boards/NODEMCU/sdk/inputs.sha256 names it: its packages are in no
# registry here, and Debian's MicroPython source has none.
INPUTS_SHA256 = ROOT / "boards" / "NODEMCU" / "sdk" / "inputs.sha256"


def micropython_lib(path):
    """A file or directory of micropython-lib (unpacked once per run)."""
    root = BUILD / "micropython-lib"
    if not root.exists():
        sha256, name = next(line.split() for line in INPUTS_SHA256.read_text().splitlines()
                            if line.split()[1].startswith("micropython-lib-"))
        inputs = Path(os.environ.get("ESP8266_INPUTS", ROOT.parent / "shared" / "esp8266"))
        tarball = inputs / name
        if not tarball.exists():
            raise CaseFailure("needs %s (micropython-lib at MicroPython 1.25's pin): "
                              "put it in ../shared/esp8266 or set ESP8266_INPUTS" % tarball)
        if hashlib.sha256(tarball.read_bytes()).hexdigest() != sha256:
            raise CaseFailure("%s: sha256 is not %s" % (tarball, sha256))
        with tarfile.open(tarball) as archive:
            archive.extractall(BUILD / "micropython-lib.tmp")
        (BUILD / "micropython-lib.tmp" / "micropython-lib").rename(root)
    return root / path


def stage_modules(case, workdir, env):
    """Copies the case's modules to a directory on the program's path."""
    if not case.modules:
        return
    target = workdir / "modules"
    target.mkdir()
    for name, source in case.modules.items():
        source = source()
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / (name + ".py"))
    # .frozen first, as by default: the frozen ssl stays rtls'.
    env["MICROPYPATH"] = ".frozen:" + str(target)


OPENSSL_HINT = "apt-get install openssl"
MTLS = ["-Verify", "1", "-verify_return_error", "-CAfile", "{certs}/ca.crt"]


def s_server(cert, *flags, version="-tls1_3", check=None):
    """openssl s_server with {cert}.crt/.key; serves connections in turn."""
    return Peer(["openssl", "s_server", version, "-accept", HOST + ":{port}",
                 "-cert", "{certs}/%s.crt" % cert,
                 "-key", "{certs}/%s.key" % cert, *flags],
                install=OPENSSL_HINT, check=check)


def psk_server(*flags):
    """s_server with an external PSK (identity device-7, key 00..0f) and no
    certificate; -key only satisfies its option parser."""
    return Peer(["openssl", "s_server", "-tls1_3", "-accept", HOST + ":{port}",
                 "-psk", "000102030405060708090a0b0c0d0e0f",
                 "-psk_identity", "device-7", "-nocert", "-rev",
                 "-key", "{certs}/server.key", *flags],
                install=OPENSSL_HINT)


def echo_tls(*flags):
    """CPython ssl TLS 1.3 echo server (tests/peers/echo_tls.py)."""
    return Peer(["{python}", "{peers}/echo_tls.py", "--port", "{port}",
                 "--cert", "{certs}/server.crt",
                 "--key", "{certs}/server.key", *flags],
                install="a CPython 3 with the ssl module")


def hostile(mode, *flags, check=None):
    """The hand-written TLS 1.3 server (tests/peers/hostile_tls13.py)."""
    return Peer(["{python}", "{peers}/hostile_tls13.py", "--mode", mode,
                 "--host", HOST, "--port", "{port}", *flags],
                install="pip install cryptography", module="cryptography",
                check=check)


def hostile_authenticated(mode, *flags, check=None):
    """hostile_tls13.py in a mode that sends the server certificate."""
    return hostile(mode, "--cert", "{certs}/server.crt",
                   "--key", "{certs}/server.key", *flags, check=check)


def peer_log(workdir, role):
    """The output of the peer `role`."""
    return read_text(workdir / ("%s.log" % role))


def log_check(*needles, absent=()):
    """A check: the peer's log contains every one of needles and none of
    absent."""
    def check(workdir, role):
        text = peer_log(workdir, role)
        for needle in needles:
            if needle not in text:
                return "its log does not show %r" % needle
        for needle in absent:
            if needle in text:
                return "its log shows %r" % needle
        return None
    return check


def log_count(pattern, expected, what):
    """A check: `expected` lines of the peer's log match the regular
    expression `pattern` (e.g. ClientHellos in `s_server -msg` output)."""
    def check(workdir, role):
        found = len(re.findall(pattern, peer_log(workdir, role), re.M))
        if found != expected:
            return "its log shows %d %s, expected %d" % (found, what, expected)
        return None
    return check


def all_checks(*checks):
    """A check that holds when each of checks holds."""
    def check(workdir, role):
        return next((reason for reason in (c(workdir, role) for c in checks)
                     if reason), None)
    return check


def client_alert(description):
    """A check for the hostile modes: the client told the server why it
    gave up with this alert (and sent no other record after the
    violation)."""
    return log_check("client sent alert %d (" % description,
                     absent=("not an alert",))


def check_no_client_finished(workdir, role):
    """The client must abort before sending its Finished to a server that
    skipped Certificate/CertificateVerify (hostile_tls13.py logs a valid
    client Finished as "client Finished ok")."""
    if "client Finished ok" in peer_log(workdir, role):
        return ("the client sent a valid Finished to the unauthenticated "
                "server (it must abort before completing the handshake)")
    return None


# s_server -msg logs each handshake message it receives as
# "<<< TLS 1.3, Handshake [length 0124], ClientHello".
RECEIVED_CLIENT_HELLO = r"^<<< .*Handshake.*, ClientHello\s*$"
RECEIVED_KEY_UPDATE = r"^<<< .*Handshake.*, KeyUpdate\s*$"
SENT_KEY_UPDATE = r"^>>> .*Handshake.*, KeyUpdate\s*$"


def keyupdate_s_server():
    """openssl s_server in its interactive mode, driven through its stdin
    by tests/peers/stdin_script.py: after each line from the client it
    sends KeyUpdates ("k": update_not_requested, "K": update_requested),
    each command alone in one write, then a data line.  The client's
    replies show on s_server's stdout (the log), which the script waits
    for before going on; -msg logs the KeyUpdates both ways."""
    steps = ["expect=rtls: ready",
             "send=k", "send=server line 1 after k",
             "expect=rtls: reply 1",
             "send=K", "send=server line 2 after K",
             "expect=rtls: reply 2",
             "send=K", "send=k", "send=server line 3 after K and k",
             "expect=rtls: reply 3",
             "send=bye from s_server"]
    argv = ["{python}", "{peers}/stdin_script.py"]
    for step in steps:
        argv += ["--step", step]
    argv += ["--", "openssl", "s_server", "-tls1_3",
             "-accept", HOST + ":{port}", "-cert", "{certs}/server.crt",
             "-key", "{certs}/server.key", "-msg"]
    return Peer(argv, install=OPENSSL_HINT, needs=("openssl",),
                check=all_checks(
                    # (Logged before "bye" is sent, so before the
                    # client can end and the runner stop the peer.)
                    log_check("[script] saw 'rtls: reply 3'"),
                    # The client answered each update_requested KeyUpdate.
                    log_count(RECEIVED_KEY_UPDATE, 2,
                              "KeyUpdates from the client"),
                    log_count(SENT_KEY_UPDATE, 4, "KeyUpdates sent")))


GNUTLS_HINT = "apt-get install gnutls-bin gcc"
GNUTLS_TLS13 = "NORMAL:-VERS-ALL:+VERS-TLS1.3"
LOOPBACK_SHIM_SOURCE = PEERS_DIR / "loopback_bind.c"
LOOPBACK_SHIM = BUILD / "loopback_bind.so"


def build_loopback_shim(_workdir, _port):
    """Build tests/peers/loopback_bind.c (gnutls-serv listens on every
    address; the shim keeps it on loopback) unless it is up to date."""
    if (LOOPBACK_SHIM.exists() and LOOPBACK_SHIM.stat().st_mtime
            >= LOOPBACK_SHIM_SOURCE.stat().st_mtime):
        return
    LOOPBACK_SHIM.parent.mkdir(parents=True, exist_ok=True)
    partial = LOOPBACK_SHIM.with_suffix(".so.%d" % os.getpid())
    result = subprocess.run(
        [os.environ.get("CC", "cc"), "-shared", "-fPIC", "-O2", "-o",
         str(partial), str(LOOPBACK_SHIM_SOURCE), "-ldl"],
        capture_output=True, text=True)
    if result.returncode != 0:
        raise CaseFailure("building %s failed:\n%s" % (
            LOOPBACK_SHIM_SOURCE, tail(result.stdout + result.stderr)))
    os.replace(partial, LOOPBACK_SHIM)


def gnutls_serv(priority="", *flags, check=None):
    """gnutls-serv --echo with server.crt, TLS 1.3 only (plus `priority`,
    e.g. ":-CIPHER-ALL:+AES-128-GCM"), kept on 127.0.0.1 by the shim."""
    return Peer(["gnutls-serv", "--port", "{port}", "--echo",
                 "--x509certfile", "{certs}/server.crt",
                 "--x509keyfile", "{certs}/server.key",
                 "--priority", GNUTLS_TLS13 + priority, *flags],
                install=GNUTLS_HINT, needs=("cc",),
                env={"LD_PRELOAD": "{build}/loopback_bind.so"},
                setup=build_loopback_shim, check=check)


def gnutls_suite(cipher):
    """gnutls-serv with one AEAD cipher; its log must name it."""
    return gnutls_serv(":-CIPHER-ALL:+" + cipher,
                       check=log_check("- Cipher: " + cipher))


def gnutls_group(group, retry):
    """gnutls-serv with one key exchange group; with -d 4 it logs a
    HelloRetryRequest as "HELLO RETRY REQUEST was queued"."""
    hrr = "HELLO RETRY REQUEST was queued"
    return gnutls_serv(":-GROUP-ALL:+GROUP-" + group, "-d", "4",
                       check=log_check("(ECDHE-%s)" % group,
                                       *((hrr,) if retry else ()),
                                       absent=(() if retry else (hrr,))))


HTTP_FILE = "hello.txt"
HTTP_LINES = 400


def write_http_file(workdir, _port):
    """The file the http case fetches; the case knows its content."""
    lines = ("line %04d of the rtls http test\n" % i for i in range(HTTP_LINES))
    (workdir / HTTP_FILE).write_text("".join(lines))


def http_server():
    """s_server -WWW serving files from the case's work directory."""
    peer = s_server("server", "-WWW")
    peer.setup = write_http_file
    return peer


MQTT_USER = "rtls-device-01"


def write_mosquitto_conf(workdir, port):
    """mosquitto.conf + ACL: mTLS only, identity as username, TLS 1.3."""
    (workdir / "acl").write_text(
        "user %s\ntopic readwrite rtls/#\n" % MQTT_USER)
    conf = [
        "per_listener_settings false",
        "persistence false",
        "log_dest file %s" % (workdir / "mosquitto.log"),
        "log_type all",
        "allow_anonymous false",
        "acl_file %s" % (workdir / "acl"),
        "listener %d %s" % (port, HOST),
        "cafile %s/ca.crt" % CERTS,
        "certfile %s/server.crt" % CERTS,
        "keyfile %s/server.key" % CERTS,
        "require_certificate true",
        "use_identity_as_username true",
        "tls_version tlsv1.3",
    ]
    if os.geteuid() == 0:
        conf.append("user root")  # keep root: no privilege drop
    (workdir / "mosquitto.conf").write_text("\n".join(conf) + "\n")


def check_mosquitto_identity(workdir, _role):
    """The broker must have seen the client as username rtls-device-01."""
    if "u'%s'" % MQTT_USER in read_text(workdir / "mosquitto.log"):
        return None
    return "mosquitto log does not show username u'%s'" % MQTT_USER


def mosquitto():
    """Debian's mosquitto with a generated configuration."""
    return Peer(["mosquitto", "-c", "{workdir}/mosquitto.conf"],
                install="apt-get install mosquitto",
                setup=write_mosquitto_conf, check=check_mosquitto_identity)


def rejection_peers():
    """One peer per failure cause, keyed by the role the cases use."""
    return {
        "wrong_ca": s_server("other_server", "-www"),
        "expired": s_server("expired", "-www"),
        "notyet": s_server("notyet", "-www"),
        "hostname": s_server("wronghost", "-www"),
        "notca": s_server("notca_leaf", "-www",
                          "-cert_chain", "{certs}/notca_int.crt"),
        "name_constraints": s_server("nc_other_server", "-www",
                                     "-cert_chain", "{certs}/nc_other_int.crt"),
        "tls12": s_server("server", "-www", version="-tls1_2"),
        "nocert": s_server("server", "-rev", *MTLS),
        "skip_cert": hostile("skip-cert"),
        "empty_record": hostile("empty-record"),
        "garbage": hostile("garbage"),
        "closed": hostile("close-after-hello"),
    }


def rejection_case(role):
    """A case that talks to the rejection peer `role` only."""
    return Case({role: rejection_peers()[role]})


CASES = {
    "oneway": Case({"server": s_server(
        "server", "-rev", "-ciphersuites", "TLS_AES_128_GCM_SHA256")}),
    "http": Case({"server": http_server()}),
    "bulk": Case({"server": echo_tls()}),
    "mtls": Case({"server": s_server("server", "-rev", *MTLS)}),
    "mtls_nocert": rejection_case("nocert"),
    "resumption": Case({"server": s_server("server", "-rev")}),
    "psk": Case({"server": psk_server(), "no_dhe": psk_server("-allow_no_dhe_kex")}),
    "mtls_key_mismatch": Case({"server": s_server("server", "-rev", *MTLS)}),
    "keys": Case({
        "ed": s_server("ed_server", "-rev", "-sigalgs", "ed25519"),
        "edca": s_server("ed_ca_server", "-rev", "-sigalgs", "ed25519"),
        "mtls": s_server("server", "-rev", *MTLS),
        "p256_only": s_server("server", "-rev", *MTLS,
                              "-client_sigalgs", "ecdsa_secp256r1_sha256"),
        "rsa384_only": s_server("server", "-rev", *MTLS,
                                "-client_sigalgs", "rsa_pss_rsae_sha384"),
    }),
    "mqtt": Case({"broker": mosquitto()}),
    "reject_wrong_ca": rejection_case("wrong_ca"),
    "reject_expired": rejection_case("expired"),
    "reject_notyet": rejection_case("notyet"),
    "reject_hostname": rejection_case("hostname"),
    "reject_notca": rejection_case("notca"),
    "reject_tls12": rejection_case("tls12"),
    "reject_skip_cert": Case({"skip_cert": hostile(
        "skip-cert", check=check_no_client_finished)}),
    "reject_hrr_drops_psk": Case({"server": hostile_authenticated(
        "hrr-drops-psk", "--suite", "TLS_AES_256_GCM_SHA384", check=all_checks(
            log_check("sent HelloRetryRequest: suite 0x1302",
                      "second ClientHello ok"),
            check_no_client_finished))}),
    "reject_empty_record": rejection_case("empty_record"),
    "reject_garbage": rejection_case("garbage"),
    "reject_closed": rejection_case("closed"),
    # A device clock never set (an ESP8266 before ntptime.settime() says
    # 2000-01-01), and one before 1970, against a valid certificate.
    "reject_clock_unset": Case({"server": s_server("server", "-www")},
                               clock="2000-01-01 00:00:05"),
    "reject_clock_1969": Case({"server": s_server("server", "-www")},
                              clock="1969-12-31 23:59:00"),
    "distinct_codes": Case(rejection_peers(), timeout=120),
    "hostile_control": Case({"server": hostile(
        "full", "--cert", "{certs}/server.crt", "--key", "{certs}/server.key")}),
    # A panic inside rtls through the interpreter's test hook; and a
    # post-handshake CertificateRequest, an ordinary error.
    "survive_panic": Case({"server": s_server("server", "-rev"),
                           "certreq": hostile(
        "post-handshake-certreq", "--cert", "{certs}/server.crt",
        "--key", "{certs}/server.key")}),
    "timeout_recovers": Case({"server": s_server("server", "-rev")}),
    # A heap too small for a connection's buffers (bench/RESULTS.md has
    # a connection's GC heap).
    "small_heap": Case({"server": s_server("server", "-rev")},
                       interpreter_args=("-X", "heapsize=28k")),
    "api": Case({"server": s_server("server", "-rev"),
                 "wrong_ca": s_server("other_server", "-rev")}),
    "noleak": Case({"server": s_server("server", "-rev")}, timeout=180),
    "stream_wrappers": Case({"server": s_server("server", "-rev")}),
    # Dropped and failed sockets: no descriptor leaks; poll after close.
    "close_and_leaks": Case({"server": echo_tls(),
                             "wrong_ca": s_server("other_server", "-rev")}),
    # Hostile servers (GitHub issue 3): one protocol violation each; the
    # case checks rtls's error, the peer check the alert rtls sent.
    "hostile_downgrade": Case({"server": hostile(
        "downgrade", check=client_alert(47))}),
    "hostile_unoffered_suite": Case({"server": hostile(
        "unoffered-suite", check=client_alert(47))}),
    "hostile_unoffered_group": Case({"server": hostile(
        "unoffered-group", check=client_alert(47))}),
    "hostile_bad_session_id": Case({"server": hostile(
        "bad-session-id", check=client_alert(47))}),
    "hostile_second_hrr": Case({"server": hostile(
        "second-hrr", check=client_alert(10))}),
    "hostile_hrr_no_change": Case({"server": hostile(
        "hrr-no-change", check=client_alert(47))}),
    "hostile_wrong_cv_scheme": Case({"server": hostile_authenticated(
        "wrong-cv-scheme", check=client_alert(47))}),
    "hostile_bad_cv_signature": Case({"server": hostile_authenticated(
        "bad-cv-signature", check=client_alert(51))}),
    "hostile_bad_finished": Case({"server": hostile_authenticated(
        "bad-finished", check=client_alert(51))}),
    "hostile_keyupdate_flood": Case({"server": hostile_authenticated(
        "keyupdate-flood", check=client_alert(10))}),
    "hostile_record_overflow": Case({"server": hostile_authenticated(
        "record-overflow", check=client_alert(22))}),
    "hostile_plaintext_overflow": Case({"server": hostile_authenticated(
        "plaintext-overflow", check=client_alert(22))}),
    "hostile_hrr_then_full": Case({
        role: hostile_authenticated(
            "hrr-then-full", "--suite", suite, check=log_check(
                "second ClientHello ok: echoed cookie",
                "client Finished ok: handshake complete, " + suite))
        for role, suite in (("aes128", "TLS_AES_128_GCM_SHA256"),
                            ("chacha20", "TLS_CHACHA20_POLY1305_SHA256"),
                            ("aes256", "TLS_AES_256_GCM_SHA384"))}),
    # gnutls-serv: each suite, each group (secp256r1 only forces a
    # HelloRetryRequest), mutual TLS.
    "gnutls_aes128": Case({"server": gnutls_suite("AES-128-GCM")}),
    "gnutls_aes256": Case({"server": gnutls_suite("AES-256-GCM")}),
    "gnutls_chacha20": Case({"server": gnutls_suite("CHACHA20-POLY1305")}),
    "gnutls_x25519": Case({"server": gnutls_group("X25519", retry=False)}),
    "gnutls_secp256r1": Case({"server": gnutls_group("SECP256R1", retry=True)}),
    "gnutls_mtls": Case({"server": gnutls_serv(
        "", "--require-client-cert", "--verify-client-cert",
        "--x509cafile", "{certs}/ca.crt",
        check=log_check("- Status: The certificate is trusted.",
                        "- Client Signature: ECDSA-SECP256R1-SHA256"))}),
    # openssl s_server: groups, suites, small records, a longer chain.
    "openssl_p256": Case({"server": s_server(
        "server", "-rev", "-groups", "P-256", "-msg",
        check=log_count(RECEIVED_CLIENT_HELLO, 2, "ClientHellos"))}),
    "openssl_x25519": Case({"server": s_server(
        "server", "-rev", "-groups", "X25519", "-msg",
        check=log_count(RECEIVED_CLIENT_HELLO, 1, "ClientHellos"))}),
    "openssl_chacha20": Case({"server": s_server(
        "server", "-rev", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256")}),
    "openssl_aes256": Case({"server": s_server(
        "server", "-rev", "-ciphersuites", "TLS_AES_256_GCM_SHA384")}),
    "choose_suites_groups": Case({
        "server": s_server("server", "-rev"),
        "p256": s_server("server", "-rev", "-groups", "P-256", "-msg",
                         check=log_count(RECEIVED_CLIENT_HELLO, 4, "ClientHellos")),
        "aes128": s_server("server", "-rev", "-ciphersuites", "TLS_AES_128_GCM_SHA256")}),
    "openssl_max_send_frag": Case({"server": s_server(
        "chain_server", "-rev", "-cert_chain", "{certs}/int_ca.crt",
        "-max_send_frag", "512")}),
    "openssl_mfl_mtls": Case({"server": s_server(
        "server", "-rev", *MTLS, "-tlsextdebug",
        # The extension with code 1 (512 bytes), and the client's identity.
        check=log_check('TLS client extension "max fragment length" (id=1), '
                        'len=1\n0000 - 01 ',
                        "Peer certificate: CN = rtls-device-01",
                        "Verification: OK"))}),
    "openssl_chain3": Case({"server": s_server(
        "chain_server", "-rev", "-cert_chain", "{certs}/int_ca.crt")}),
    "name_constraints": Case({
        "server": s_server("nc_server", "-rev", "-cert_chain", "{certs}/nc_int.crt"),
        "name_constraints": rejection_peers()["name_constraints"]}),
    "openssl_keyupdate": Case({"server": keyupdate_s_server()}),
}


# --- Go's crypto/tls and rustls (GitHub issue 12): servers built here -------

# Each serves connections in turn, echoes, and logs a line per handshake
# (see tests/peers/go_tls_server/main.go and rustls_server/src/main.rs).
GO_SERVER_DIR = PEERS_DIR / "go_tls_server"
GO_BUILD = BUILD / "go"
RUSTLS_SERVER_DIR = PEERS_DIR / "rustls_server"
RUSTLS_TARGET = BUILD / "rustls_server"
BUILT = set()


def build_once(name, argv, cwd, env=None):
    """Run a peer's (incremental) build the first time a case needs the
    peer in this run; a failure fails the case."""
    if name in BUILT:
        return
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise CaseFailure("building %s failed:\n%s" % (
            name, tail(result.stdout + result.stderr)))
    BUILT.add(name)


def build_go_server(_workdir, _port):
    """go build, standard library only: the cache and GOPATH stay under
    tests/build, and GOPROXY=off makes any module download an error."""
    build_once("go_tls_server",
               ["go", "build", "-o", str(GO_BUILD / "go_tls_server"), "."],
               GO_SERVER_DIR, env=dict(
                   os.environ, GOCACHE=str(GO_BUILD / "cache"),
                   GOPATH=str(GO_BUILD / "path"), GOPROXY="off",
                   CGO_ENABLED="0"))


def build_rustls_server(_workdir, _port):
    """cargo build --release of its own project, at its committed Cargo.lock
    (the first build fetches the crates and takes about 40 s)."""
    build_once("rustls_server",
               ["cargo", "build", "--release", "--locked", "--quiet",
                "--target-dir", str(RUSTLS_TARGET)], RUSTLS_SERVER_DIR)


GO_MTLS = ["-client-ca", "{certs}/ca.crt", "-client-auth"]
RUSTLS_MTLS = ["--client-ca", "{certs}/ca.crt", "--client-auth"]


def go_server(*flags, check=None):
    """tests/peers/go_tls_server with server.crt."""
    return Peer(["{build}/go/go_tls_server", "-port", "{port}",
                 "-cert", "{certs}/server.crt", "-key", "{certs}/server.key",
                 *flags], install="apt-get install golang-go", needs=("go",),
                setup=build_go_server, check=check)


def rustls_server(*flags, check=None):
    """tests/peers/rustls_server with server.crt."""
    return Peer(["{build}/rustls_server/release/rustls_server",
                 "--port", "{port}", "--cert", "{certs}/server.crt",
                 "--key", "{certs}/server.key", *flags],
                install="rustup (cargo) and apt-get install build-essential",
                needs=("cargo", "cc"), setup=build_rustls_server, check=check)


def handshakes(*expected):
    """A check: the peer logged one handshake line ("handshake: ..." or
    "handshake failed: ...") per connection, each containing its entry of
    `expected` (a string, or a tuple of strings)."""
    def check(workdir, role):
        lines = [line for line in peer_log(workdir, role).splitlines()
                 if line.startswith("handshake")]
        if len(lines) != len(expected):
            return "%d handshake lines, expected %d: %r" % (
                len(lines), len(expected), lines)
        for i, (line, needles) in enumerate(zip(lines, expected)):
            for needle in (needles,) if isinstance(needles, str) else needles:
                if needle not in line:
                    return "handshake %d: %r does not show %r" % (
                        i + 1, line, needle)
        return None
    return check


def latest_tickets_redeemed(count):
    """A check for rustls_server's ticket log: `count` tickets redeemed,
    each the last one issued before it (the client keeps the latest of
    the tickets a connection got)."""
    def check(workdir, role):
        latest, redeemed = None, 0
        for line in peer_log(workdir, role).splitlines():
            kind, _, ticket = line.partition(": ")
            if kind == "ticket issued":
                latest = ticket
            elif kind == "ticket redeemed":
                if ticket != latest:
                    return ("ticket %s... redeemed, not the latest one "
                            "issued before it" % ticket[:16])
                redeemed += 1
        if redeemed != count:
            return "%d tickets redeemed, expected %d" % (redeemed, count)
        return None
    return check


def log_sequence(*lines):
    """A check: the peer's log has these whole lines in this order (others
    may come between)."""
    def check(workdir, role):
        rest = iter(peer_log(workdir, role).splitlines())
        for i, line in enumerate(lines):
            if line not in rest:  # consumes the log up to the match
                return "its log lacks %r in order (after %r)" % (
                    line, lines[:i])
        return None
    return check


SUITES = ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256")
ALPN = "rtls-test/1,http/1.1"
GO_CLIENT_CN = ("resumed=false", "client_cn=rtls-device-01")
# rustls's names for the suites, and for the kinds of handshake ("kind=Full "
# is not "kind=FullWithHelloRetryRequest").
RUSTLS_SUITES = tuple("suite=" + s.replace("TLS_", "TLS13_", 1)
                      for s in SUITES)
FULL, HRR = "kind=Full ", "kind=FullWithHelloRetryRequest"
RESUMED = "kind=Resumed"
CLOSE_NOTIFY_LOG = ("echoed 10 bytes", "sending close_notify",
                    "{client}", "echoed 4 bytes", "sending close_notify",
                    "echoed 10 bytes", "sending close_notify")


def close_notify_log(client_line):
    """log_sequence for close_notify_case (tests/cases/_interop.py), with
    the line the server logs when the client closes first."""
    return log_sequence(*(line.format(client=client_line)
                          for line in CLOSE_NOTIFY_LOG))


def rustls_tickets(*flags):
    """rustls_server with three tickets per handshake, for
    rustls_resumption: 4 connections (full, resumed, resumed, forged
    ticket), each resumed one with the latest ticket."""
    return rustls_server("--tickets", "3", *flags, check=all_checks(
        handshakes(FULL, RESUMED, RESUMED, FULL),
        log_count(r"^ticket issued: ", 12, "tickets issued"),
        log_count(r"^ticket unknown: ", 1, "unknown tickets"),
        latest_tickets_redeemed(2)))


CASES.update({
    "go_echo": Case({"server": go_server(check=handshakes(
        ("resumed=false", "client_hellos=1")))}),
    "go_suites": Case({"server": go_server(check=handshakes(
        *("suite=" + s for s in SUITES)))}),
    "go_hrr": Case({
        "p256": go_server("-groups", "secp256r1", check=handshakes(
            "client_hellos=2", ("resumed=true", "client_hellos=1"))),
        "x25519": go_server("-groups", "x25519", check=handshakes(
            "client_hellos=2", "client_hellos=1"))}),
    "go_mtls": Case({
        "required": go_server(*GO_MTLS, "required", check=handshakes(
            "handshake failed: tls: client didn't provide a certificate",
            GO_CLIENT_CN, ("resumed=true", "client_cn=rtls-device-01"))),
        "optional": go_server(*GO_MTLS, "optional", check=handshakes(
            "client_cn=none", GO_CLIENT_CN))}),
    "go_resumption": Case({"server": go_server(check=handshakes(
        "resumed=false", "resumed=true", "resumed=true", "resumed=false"))}),
    "go_alpn": Case({"server": go_server("-alpn", ALPN, check=handshakes(
        "handshake failed", "alpn=rtls-test/1", "alpn=none"))}),
    "go_close_notify": Case({"server": go_server(
        "-close-after", "10", check=close_notify_log("read ended: EOF"))}),
    "rustls_echo": Case({"server": rustls_server(check=handshakes(
        (FULL, "group=X25519")))}),
    "rustls_suites": Case({
        "server": rustls_server(check=handshakes(*RUSTLS_SUITES)),
        "aes256": rustls_server("--suites", SUITES[1],
                                check=handshakes(RUSTLS_SUITES[1])),
        "chacha20": rustls_server("--suites", SUITES[2],
                                  check=handshakes(RUSTLS_SUITES[2]))}),
    "rustls_hrr": Case({
        "p256": rustls_server("--groups", "secp256r1", check=handshakes(
            (HRR, "group=secp256r1"), (RESUMED, "group=secp256r1"))),
        "x25519": rustls_server("--groups", "x25519", check=handshakes(
            (HRR, "group=X25519"), (FULL, "group=X25519")))}),
    "rustls_mtls": Case({
        "required": rustls_server(*RUSTLS_MTLS, "required", check=handshakes(
            "handshake failed: peer sent no certificates",
            (FULL, "client_cn=rtls-device-01"),
            (RESUMED, "client_cn=rtls-device-01"))),
        "optional": rustls_server(*RUSTLS_MTLS, "optional", check=handshakes(
            "client_cn=none", "client_cn=rtls-device-01"))}),
    "rustls_resumption": Case({
        "stateful": rustls_tickets(),
        "stateless": rustls_tickets("--stateless-tickets"),
        # Records of at most 64 bytes: each ticket split over records.
        "split": rustls_tickets("--stateless-tickets", "--max-fragment", "64")}),
    "rustls_alpn": Case({"server": rustls_server(
        "--alpn", ALPN, check=handshakes(
            "handshake failed", "alpn=rtls-test/1", "alpn=none"))}),
    # Five KeyUpdates on the first connection, each answered; none on
    # sync(), which sends no newline.
    "rustls_keyupdate": Case({"server": rustls_server(
        "--key-update", check=all_checks(
            log_count(r"^sent KeyUpdate$", 5, "KeyUpdates sent"),
            log_sequence("client close_notify", "client key updates: 5")))}),
    "rustls_close_notify": Case({"server": rustls_server(
        "--close-after", "10",
        check=close_notify_log("client close_notify"))}),
})


# --- Drop-in ssl (GitHub issue 5): ssl/ussl on rtls, MicroPython programs ---

def silent_tcp():
    """A TCP server that accepts and never answers (tests/peers/silent_tcp.py)."""
    return Peer(["{python}", "{peers}/silent_tcp.py", "--port", "{port}"],
                install="a CPython 3")


def slow_tls(*flags):
    """A TLS 1.3 server that waits 0.3 s before its handshake, then reverses
    lines, or echoes with --echo (tests/peers/slow_tls.py)."""
    return Peer(["{python}", "{peers}/slow_tls.py", "--port", "{port}",
                 "--cert", "{certs}/server.crt", "--key", "{certs}/server.key",
                 *flags], install="a CPython 3 with the ssl module")


def https_requests(role, *expected):
    """Check: https_server.py's log for `role` shows exactly the requests
    `expected` ("<request line> | Host: <host> | <status>"), in any order."""
    def check(workdir, _role=None):
        lines = read_text(workdir / ("%s.log" % role)).splitlines()
        seen = sorted(line[len("request: "):] for line in lines
                      if line.startswith("request: "))
        if seen != sorted(expected):
            return "requests %r, expected %r" % (seen, sorted(expected))
        return None
    return check


def https_server(cert, role, *expected, close_notify=False):
    """CPython's http.server in TLS 1.3 (tests/peers/https_server.py)
    serving the http case's file from the work directory."""
    return Peer(["{python}", "{peers}/https_server.py", "--port", "{port}",
                 "--cert", "{certs}/%s.crt" % cert,
                 "--key", "{certs}/%s.key" % cert, "--dir", "{workdir}",
                 *(["--close-notify"] if close_notify else [])],
                install="a CPython 3 with the ssl module",
                setup=write_http_file, check=https_requests(role, *expected))


def umqtt_broker():
    """mosquitto (mTLS); both umqtt-style clients named by their certificate."""
    peer = mosquitto()

    def check(workdir, _role=None):
        log = read_text(workdir / "mosquitto.log")
        for client_id in ("umqtt-params", "umqtt-context"):
            if "as %s (p2, c1, k60, u'%s')" % (client_id, MQTT_USER) not in log:
                return ("mosquitto log does not show %s connected as u'%s'"
                        % (client_id, MQTT_USER))
        return None
    peer.check = check
    return peer


GET = "GET /%s HTTP/1.0 | Host: %%s | 200" % HTTP_FILE

CASES.update({
    "ssl_context": Case({
        "server": s_server("server", "-rev", "-alpn", "h2,http/1.1"),
        "mtls": s_server("server", "-rev", *MTLS),
        "wrong_ca": s_server("other_server", "-rev")}),
    "hostname_common_name": Case({"cn_only": s_server("cn_only", "-rev"),
                                  "san_not_cn": s_server("san_not_cn", "-rev")}),
    "ssl_nonblocking": Case({"server": echo_tls(), "silent": silent_tcp(),
                             "slow": slow_tls("--echo")}),
    "asyncio_tls": Case({"slow": slow_tls(),
                         "banner": echo_tls("--banner", "220 rtls banner"),
                         "mtls": s_server("server", "-rev", *MTLS),
                         "wrong_ca": s_server("other_server", "-rev")}),
    "urequests_style": Case({
        "server": https_server("server", "server", *[GET % "localhost"] * 3,
                               GET % HOST),
        "close_notify": https_server("server", "close_notify",
                                     GET % "localhost", close_notify=True),
        "wrong_ca": https_server("other_server", "wrong_ca",
                                 GET % "localhost")}),
    "umqtt_simple_style": Case({"broker": umqtt_broker()}),
    # The board test kit (tests/board/): its script, as a board's owner runs
    # it, against its broker script, here on 127.0.0.1.
    "board_tls_check": Case(
        {"broker": Peer(["bash", "{peers}/../board/broker.sh", HOST, "{port}", "{workdir}/kit"],
                        install="apt-get install mosquitto openssl")},
        program=TESTS / "board" / "tls_check.py",
        env={"RTLS_BOARD_KIT": "{workdir}/kit"},
        modules={"umqtt": lambda: micropython_lib("micropython/umqtt.simple/umqtt")}),
    # micropython-lib's requests over rtls' tls module (usermod/tls.py).
    "tls_requests": Case(
        {"server": https_server("server", "server", *[GET % HOST] * 2, GET % "localhost")},
        modules={"rtls_tls": lambda: USERMOD_DIR / "tls.py",
                 "requests": lambda: micropython_lib("python-ecosys/requests/requests")}),
    # cryptolib.aes (no peer): the API's rules, and MicroPython's own
    # cryptolib tests (tests/micropython_suite.py --suite cryptolib).
    "cryptolib_aes": Case({}),
    "cryptolib_micropython_suite": Case({}),
    # MicroPython's own TLS tests (tests/micropython_suite.py).
    "ssl_micropython_suite": Case({"multinet": Peer(
        ["{python}", "{peers}/multinet_tls_server.py", "--port", "{port}",
         "--ca-cert", "{certs}/ca.crt", "--ca-key", "{certs}/ca.key"],
        install="a CPython 3 with the ssl module, and openssl")},
        timeout=300),
})


# --- Process handling ---------------------------------------------------------

LIVE = set()
PR_SET_PDEATHSIG = 1


def die_with_runner():
    """Run in each child before exec: on Linux, get SIGKILL when the runner
    dies, so even a runner killed with SIGKILL leaves no process behind."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def spawn(argv, cwd, stdout, stderr=subprocess.STDOUT, env=None):
    """Start argv in its own process group (so it can be killed whole)."""
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=stdout, stderr=stderr,
                            start_new_session=True,
                            preexec_fn=die_with_runner)
    LIVE.add(proc)
    return proc


def stop(proc):
    """Kill proc's process group: SIGTERM, then SIGKILL after 3 s."""
    for sig, grace in ((signal.SIGTERM, 3), (signal.SIGKILL, 10)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            continue
    LIVE.discard(proc)


def stop_all():
    """Kill every process the runner started and has not stopped yet."""
    for proc in list(LIVE):
        stop(proc)


def interrupt(_signum, _frame):
    """Turn SIGTERM/SIGHUP into KeyboardInterrupt so cleanup runs."""
    raise KeyboardInterrupt


def free_ports(count):
    """`count` distinct free TCP ports on HOST."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def wait_accepting(proc, port, log):
    """Wait until something accepts on port; error text or None."""
    deadline = time.monotonic() + PEER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return "exited with %d before accepting:\n%s" % (
                proc.returncode, tail(read_text(log)))
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return None
        except OSError:
            time.sleep(0.05)
    return "did not accept on port %d within %d s" % (port, PEER_START_TIMEOUT)


# --- Running a case -----------------------------------------------------------

class CaseFailure(Exception):
    """A case failed; args[0] is the reason."""


def read_text(path):
    """A file's text, or "" when it does not exist."""
    return path.read_text(errors="replace") if path.exists() else ""


def tail(text, lines=TAIL_LINES):
    """The last lines of text, indented."""
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


def missing_requirement(peer):
    """Why the peer cannot be started, or None."""
    program = peer.argv[0]
    for needed in (program, *peer.needs):
        # "{...}" names what the runner provides: its own Python, or a
        # peer its setup builds (from a program in needs).
        if not needed.startswith("{") and shutil.which(needed) is None:
            return "peer program %r not found (%s)" % (needed, peer.install)
    if peer.module and importlib.util.find_spec(peer.module) is None:
        return "python module %r missing for %s (%s)" % (
            peer.module, program if program != "{python}" else sys.executable,
            peer.install)
    return None


def start_peers(case, workdir, procs):
    """Start the case's peers, appending (role, proc) to procs as they
    start (so the caller can stop them whatever happens); returns the
    {role: port} map once all of them accept."""
    ports = dict(zip(case.peers, free_ports(len(case.peers))))
    for role, peer in case.peers.items():
        reason = missing_requirement(peer)
        if reason:
            raise CaseFailure(reason)
        if peer.setup:
            peer.setup(workdir, ports[role])
        fields = dict(port=ports[role], certs=CERTS, peers=PEERS_DIR,
                      workdir=workdir, build=BUILD, python=sys.executable)
        argv = [a.format(**fields) for a in peer.argv]
        env = None
        if peer.env:
            env = dict(os.environ, **{k: v.format(**fields)
                                      for k, v in peer.env.items()})
        with open(workdir / ("%s.log" % role), "wb") as log:
            procs.append((role, spawn(argv, workdir, log, env=env)))
    for role, proc in procs:
        reason = wait_accepting(proc, ports[role], workdir / ("%s.log" % role))
        if reason:
            raise CaseFailure("peer %s %s" % (role, reason))
        exposed = non_loopback_listeners(ports[role])
        if exposed:
            raise CaseFailure("peer %s listens on %s, not only on loopback "
                              "(stopped)" % (role, ", ".join(exposed)))
    return ports


def non_loopback_listeners(port):
    """Addresses other than loopback that something listens on at TCP
    `port` (from /proc/net/tcp and tcp6; empty elsewhere than Linux)."""
    exposed = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, _, hex_port = fields[1].partition(":")
            if fields[3] != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # The tables hold addresses as 32-bit words in host byte order.
            words = [raw[i:i + 4][::-1] if sys.byteorder == "little"
                     else raw[i:i + 4] for i in range(0, len(raw), 4)]
            ip = b"".join(words)
            loopback = (ip[0] == 127 if len(ip) == 4
                        else ip == bytes(15) + b"\x01"
                        or ip[:12] == bytes(10) + b"\xff\xff" and ip[12] == 127)
            if not loopback:
                exposed.append(socket.inet_ntop(
                    socket.AF_INET if len(ip) == 4 else socket.AF_INET6, ip))
    return exposed


def case_env(ports):
    """Environment of the MicroPython program (a case may have no peer)."""
    env = dict(os.environ, RTLS_CERTS=str(CERTS), RTLS_HOST=HOST)
    if ports:
        env["RTLS_PORT"] = str(next(iter(ports.values())))
    for role, port in ports.items():
        env["RTLS_PORT_" + role.upper()] = str(port)
    return env


def run_program(micropython, name, case, env, workdir):
    """Run the case program; returns its stdout, raises CaseFailure."""
    out_path, err_path = workdir / "stdout", workdir / "stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        clock = ("env", "TZ=UTC", "faketime", case.clock) if case.clock else ()
        program = case.program or CASES_DIR / (name + ".py")
        proc = spawn([*clock, micropython, *case.interpreter_args, str(program)],
                     ROOT, out, err, env)
        try:
            rc = proc.wait(case.timeout)
        except subprocess.TimeoutExpired:
            rc = None
        finally:
            stop(proc)
    stdout, stderr = read_text(out_path), read_text(err_path)
    output = "  stdout:\n%s\n  stderr:\n%s" % (tail(stdout), tail(stderr))
    if rc is None:
        raise CaseFailure("timed out after %d s (killed)\n%s"
                          % (case.timeout, output))
    if rc != 0:
        raise CaseFailure("exit status %d\n%s" % (rc, output))
    lines = stdout.splitlines()
    if not lines or lines[-1].rstrip("\r") != "PASS":
        raise CaseFailure("last stdout line is not PASS\n%s" % output)
    return stdout


def peer_logs(case, workdir):
    """The tail of each non-empty peer log, for failure reports."""
    logs = ((role, read_text(workdir / ("%s.log" % role)))
            for role in case.peers)
    return "\n".join("  peer %s log:\n%s" % (role, tail(text, 5))
                     for role, text in logs if text)


def run_case(micropython, name, case):
    """Run one case; returns (passed, detail text)."""
    workdir = RUNS / name
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    procs = []
    try:
        if case is None:
            raise CaseFailure("no peer definition for %s in tests/run.py"
                              % name)
        program = case.program or CASES_DIR / (name + ".py")
        if not program.exists():
            raise CaseFailure("no case file %s" % program.relative_to(ROOT))
        if not os.access(micropython, os.X_OK):
            raise CaseFailure("micropython binary not found at %s"
                              % micropython)
        if case.clock and shutil.which("faketime") is None:
            raise CaseFailure("faketime not found (apt-get install faketime)")
        ports = start_peers(case, workdir, procs)
        env = case_env(ports)
        env.update({key: value.format(workdir=workdir) for key, value in (case.env or {}).items()})
        stage_modules(case, workdir, env)
        stdout = run_program(micropython, name, case, env, workdir)
        for _, proc in procs:
            stop(proc)
        for role, peer in case.peers.items():
            reason = peer.check and peer.check(workdir, role)
            if reason:
                raise CaseFailure("peer %s: %s" % (role, reason))
        return True, stdout
    except CaseFailure as failure:
        logs = peer_logs(case, workdir) if case else ""
        return False, (failure.args[0] + "\n" + logs).rstrip()
    finally:
        for _, proc in procs:
            stop(proc)


def case_names():
    """Cases defined in CASES plus every tests/cases/*.py (not _*.py)."""
    files = {p.stem for p in CASES_DIR.glob("*.py")
             if not p.stem.startswith("_")}
    return set(CASES) | files


def generate_certs():
    """(Re)generate the test PKI with tests/gen_certs.sh."""
    result = subprocess.run(["bash", str(TESTS / "gen_certs.sh"), str(CERTS)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("gen_certs.sh failed:\n" + result.stdout + result.stderr)


def parse_args():
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--micropython", default=str(
        ROOT / "build" / "unix" / "micropython"),
        help="interpreter to test (default: build/unix/micropython)")
    parser.add_argument("-k", dest="substring", default="",
                        help="run only cases whose name contains SUBSTRING")
    parser.add_argument("-v", dest="verbose", action="store_true",
                        help="show the output of passing cases too")
    return parser.parse_args()


def main():
    args = parse_args()
    names = sorted(n for n in case_names() if args.substring in n)
    if not names:
        print("no case matches -k %r" % args.substring, file=sys.stderr)
        print("0 passed, 0 failed")
        return 2
    micropython = str(Path(args.micropython).resolve())
    generate_certs()
    passed = failed = 0
    for name in names:
        ok, detail = run_case(micropython, name, CASES.get(name))
        if ok:
            passed += 1
            print("PASS %s" % name)
            if args.verbose:
                print(tail(detail, 10**6))
        else:
            failed += 1
            print("FAIL %s: %s" % (name, detail))
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    finally:
        stop_all()
