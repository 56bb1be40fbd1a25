# asyncio over ssl-on-rtls: MicroPython's own asyncio (frozen, unchanged)
# opens TLS connections with asyncio.open_connection(host, port, ssl=ctx,
# server_hostname=...) to servers that send each line back reversed
# (`openssl s_server -rev`, and tests/peers/slow_tls.py, which waits 0.3 s
# before its handshake), as an unchanged asyncio program would.
#   - one-way TLS (CA from a file path) to the slow server: write/drain/
#     readline, several lines; a ticker task counts scheduler turns; it must
#     have run while the handshake was in progress (version() still None),
#     i.e. the handshake does not block the event loop (the server's delay
#     makes this deterministic: against a fast local server the whole
#     handshake may legitimately complete inside the first write());
#   - mutual TLS (client certificate and key from file paths, server with
#     -Verify); without the certificate that server refuses the client;
#   - a server from an unknown CA: OSError "... not trusted" raised from
#     open_connection or the first write/drain/readline;
#   - ssl=True: a default context verifies, and without CA certificates
#     refuses to connect (ValueError) instead of trusting anyone;
#   - a server that speaks first (tests/peers/echo_tls.py --banner): the
#     client reads before it writes, so the poll for reading must start
#     the handshake (it used to wait forever: nothing was sent);
#   - a stream closed by one task while another waits to read it: the
#     waiting task gets an error of its own, the loop goes on.
import asyncio
import ssl

from _common import CERTS, HOST, check, check_oserror, port

LINES = (b"first line over asyncio", b"second line", b"x" * 3000)

ticks = 0
ticks_in_handshake = 0
watched = None  # the TLS socket whose handshake the ticker watches
stop = False


async def ticker():
    global ticks, ticks_in_handshake
    while not stop:
        ticks += 1
        if watched is not None and watched.version() is None:
            ticks_in_handshake += 1
        await asyncio.sleep_ms(0)


def context(client_cert=False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cafile=CERTS + "/ca.crt")
    if client_cert:
        ctx.load_cert_chain(CERTS + "/client.crt", CERTS + "/client.key")
    return ctx


async def echo_session(role, ctx, watch=False):
    """Open, send LINES, read each back reversed, close."""
    global watched
    reader, writer = await asyncio.open_connection(
        HOST, port(role), ssl=ctx, server_hostname="localhost")
    if watch:
        watched = writer.s
    check(writer.s.version() is None, "handshake done before any I/O")
    for line in LINES:
        writer.write(line + b"\n")
        await writer.drain()
        reply = await reader.readline()
        check(reply == bytes(reversed(line)) + b"\n",
              "%s: %r came back as %r" % (role, line[:30], reply[:30]))
    cipher = writer.s.cipher()
    writer.close()
    await writer.wait_closed()
    watched = None
    return cipher


async def expect_failure(role, ctx, needles):
    """The connection must fail with OSError((code, text)) mentioning
    needles; returns where it was raised."""
    where = "open_connection"
    try:
        reader, writer = await asyncio.open_connection(
            HOST, port(role), ssl=ctx, server_hostname="localhost")
        where = "write/drain"
        writer.write(b"hello\n")
        await writer.drain()
        where = "readline"
        reply = await reader.readline()
    except OSError as exc:
        check_oserror(exc, needles)
        print("ok: %s refused in %s: %r" % (role, where, exc.args))
        return where
    raise AssertionError("%s: no error, read %r" % (role, reply))


async def main():
    global stop
    tick_task = asyncio.create_task(ticker())

    cipher = await echo_session("slow", context(), watch=True)
    print("ok: one-way %r, %d ticks, %d during the handshake"
          % (cipher, ticks, ticks_in_handshake))
    check(ticks_in_handshake > 10,
          "the ticker hardly ran during the handshake (%d turns in the "
          "server's 0.3 s delay): it blocked the loop" % ticks_in_handshake)

    cipher = await echo_session("mtls", context(client_cert=True))
    print("ok: mutual TLS %r" % (cipher,))
    await expect_failure("mtls", context(), ("alert", "certificate_required"))

    await expect_failure("wrong_ca", context(), ("not trusted",))

    try:
        await asyncio.open_connection(HOST, port("slow"), ssl=True,
                                      server_hostname="localhost")
        raise AssertionError("ssl=True connected without any CA")
    except ValueError as exc:
        print("ok: ssl=True without CA certificates -> ValueError(%r)"
              % str(exc))

    reader, writer = await asyncio.open_connection(
        HOST, port("banner"), ssl=context(), server_hostname="localhost")
    banner = await asyncio.wait_for(reader.readline(), 10)
    check(banner == b"220 rtls banner\r\n", "the banner: %r" % (banner,))
    print("ok: a server that speaks first: %r" % (banner,))

    async def read_until_closed():
        try:
            return await reader.read(10)
        except OSError as exc:
            return exc

    waiter = asyncio.create_task(read_until_closed())
    await asyncio.sleep_ms(100)
    writer.close()
    await writer.wait_closed()
    outcome = await asyncio.wait_for(waiter, 10)
    print("ok: the reading task after another closed its stream: %r" % (outcome,))

    stop = True
    await tick_task
    print("ticks in all: %d" % ticks)


asyncio.run(main())
print("PASS")
