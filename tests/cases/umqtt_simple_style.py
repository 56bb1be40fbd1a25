# An MQTT client that makes exactly the socket and ssl calls umqtt.simple
# (micropython-lib) makes, against mosquitto with mutual TLS (TLS 1.3 only,
# require_certificate, the client certificate's CN as the username), over
# ssl-on-rtls.  umqtt.simple's own source is not available here; this
# client is written from its documented behaviour:
#   connect():   socket.socket(); getaddrinfo(server, port); sock.connect();
#                then EITHER the old form `ussl.wrap_socket(sock,
#                **ssl_params)` OR the new form `ssl_ctx.wrap_socket(sock,
#                server_hostname=server)`; CONNECT written in pieces, with
#                write(buf, length); CONNACK with read(4)
#   publish():   write(header, length), write(topic length), write(topic),
#                write(message); QoS 1 waits for PUBACK through wait_msg()
#   subscribe(): write(packet), topic, write(qos byte); SUBACK via
#                wait_msg() and read(4)
#   wait_msg():  read(1), then setblocking(True), then blocking reads
#   check_msg(): setblocking(False), then wait_msg() -- None when nothing
#                has arrived
#   ping():      write(b"\xc0\0"); disconnect(): write(b"\xe0\0"), close()
# Both forms run in turn; each subscribes to its own topic, publishes to it
# at QoS 0 and 1, and polls with check_msg() until both messages came
# back; ping() must get its PINGRESP.  run.py checks in mosquitto's log
# that both clients were named by their certificate (u'rtls-device-01').
import socket
import ssl
import struct
import time

from _common import CERTS, HOST, cert_file, check, port


class MQTTException(Exception):
    pass


class Client:
    """The subset of umqtt.simple.MQTTClient the test needs, with the same
    calls on the socket."""

    def __init__(self, client_id, server, port, keepalive=0, ssl=None,
                 ssl_params=None):
        self.client_id = client_id
        self.server = server
        self.port = port
        self.keepalive = keepalive
        self.ssl = ssl
        self.ssl_params = ssl_params
        self.sock = None
        self.pid = 0
        self.cb = None

    def set_callback(self, cb):
        self.cb = cb

    def _send_str(self, data):
        self.sock.write(struct.pack("!H", len(data)))
        self.sock.write(data)

    def _recv_len(self):
        value, shift = 0, 0
        while True:
            byte = self.sock.read(1)[0]
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7

    def _encode_len(self, buf, size):
        i = 1
        while size > 0x7F:
            buf[i] = (size & 0x7F) | 0x80
            size >>= 7
            i += 1
        buf[i] = size
        return i

    def connect(self, clean_session=True):
        self.sock = socket.socket()
        addr = socket.getaddrinfo(self.server, self.port)[0][-1]
        self.sock.connect(addr)
        if self.ssl_params is not None:  # old umqtt.simple: ssl=True
            import ussl

            self.sock = ussl.wrap_socket(self.sock, **self.ssl_params)
        elif self.ssl:  # umqtt.simple 1.4+: ssl=<SSLContext>
            self.sock = self.ssl.wrap_socket(self.sock,
                                             server_hostname=self.server)
        # The header's byte after the length is the protocol name's length
        # high byte (0): written with the header, as umqtt.simple does.
        header = bytearray(b"\x10\0\0\0\0\0")
        variable = bytearray(b"\x04MQTT\x04\x02\0\0")
        variable[6] = clean_session << 1
        variable[7] = self.keepalive >> 8
        variable[8] = self.keepalive & 0xFF
        n = self._encode_len(header, 10 + 2 + len(self.client_id))
        self.sock.write(header, n + 2)
        self.sock.write(variable)
        self._send_str(self.client_id)
        resp = self.sock.read(4)
        check(resp is not None and len(resp) == 4, "CONNACK read %r" % resp)
        check(resp[0] == 0x20 and resp[1] == 0x02, "not a CONNACK: %r" % resp)
        if resp[3] != 0:
            raise MQTTException(resp[3])
        return resp[2] & 1

    def disconnect(self):
        self.sock.write(b"\xe0\0")
        self.sock.close()

    def ping(self):
        self.sock.write(b"\xc0\0")

    def publish(self, topic, msg, qos=0):
        header = bytearray(b"\x30\0\0\0")
        header[0] |= qos << 1
        size = 2 + len(topic) + len(msg) + (2 if qos else 0)
        n = self._encode_len(header, size)
        self.sock.write(header, n + 1)
        self._send_str(topic)
        if qos:
            self.pid += 1
            pid = self.pid
            struct.pack_into("!H", header, 0, pid)
            self.sock.write(header, 2)
        self.sock.write(msg)
        if qos == 1:
            while True:
                if self.wait_msg() == 0x40:
                    size = self.sock.read(1)
                    check(size == b"\x02", "PUBACK length %r" % size)
                    ack = self.sock.read(2)
                    if (ack[0] << 8 | ack[1]) == pid:
                        return

    def subscribe(self, topic, qos=0):
        packet = bytearray(b"\x82\0\0\0")
        self.pid += 1
        struct.pack_into("!BH", packet, 1, 2 + 2 + len(topic) + 1, self.pid)
        self.sock.write(packet)
        self._send_str(topic)
        self.sock.write(qos.to_bytes(1, "little"))
        while True:
            if self.wait_msg() == 0x90:
                resp = self.sock.read(4)
                check(resp[1] == packet[2] and resp[2] == packet[3],
                      "SUBACK for another packet id: %r" % resp)
                if resp[3] == 0x80:
                    raise MQTTException(resp[3])
                return

    def wait_msg(self):
        res = self.sock.read(1)
        self.sock.setblocking(True)
        if res is None:
            return None
        if res == b"":
            raise OSError(-1)
        if res == b"\xd0":  # PINGRESP
            check(self.sock.read(1)[0] == 0, "PINGRESP length")
            self.pingresps = getattr(self, "pingresps", 0) + 1
            return None
        op = res[0]
        if op & 0xF0 != 0x30:
            return op
        size = self._recv_len()
        topic_len = self.sock.read(2)
        topic_len = topic_len[0] << 8 | topic_len[1]
        topic = self.sock.read(topic_len)
        size -= topic_len + 2
        if op & 6:
            pid = self.sock.read(2)
            pid = pid[0] << 8 | pid[1]
            size -= 2
        msg = self.sock.read(size)
        self.cb(topic, msg)
        if op & 6 == 2:
            ack = bytearray(b"\x40\x02\0\0")
            struct.pack_into("!H", ack, 2, pid)
            self.sock.write(ack)
        return op

    def check_msg(self):
        self.sock.setblocking(False)
        return self.wait_msg()


def session(label, client):
    """Connect, subscribe, publish at QoS 0 and 1, poll check_msg() until
    both come back, ping, disconnect."""
    received = []
    client.set_callback(lambda topic, msg: received.append((topic, msg)))
    topic = b"rtls/umqtt/" + label.encode()
    messages = [b"qos0 from %s " % label.encode() * 10,  # > 127 bytes
                b"qos1 from %s" % label.encode()]
    check(client.connect() == 0, "%s: session present on a clean session"
          % label)
    print("ok: %s CONNACK (%s)" % (label, client.sock.cipher()))
    client.subscribe(topic)
    client.publish(topic, messages[0])
    client.publish(topic, messages[1], qos=1)
    print("ok: %s SUBACK, PUBLISH QoS 0, PUBLISH QoS 1 acknowledged" % label)
    nothing = 0
    deadline = time.time() + 10
    while len(received) < 2:
        check(time.time() < deadline, "%s: messages not received: %r"
              % (label, received))
        if client.check_msg() is None:
            nothing += 1
            time.sleep_ms(5)
    check(received == [(topic, m) for m in messages],
          "%s: received %r" % (label, received))
    # Nothing pending now: check_msg() must return None without blocking.
    check(client.check_msg() is None, "%s: check_msg with nothing pending"
          % label)
    client.ping()
    client.sock.setblocking(True)
    check(client.wait_msg() is None, "%s: PINGRESP expected" % label)
    check(getattr(client, "pingresps", 0) == 1, "%s: no PINGRESP" % label)
    client.disconnect()
    print("ok: %s messages back via check_msg (%d polls found nothing), "
          "PINGRESP, DISCONNECT" % (label, nothing))


# The old form: MQTTClient(..., ssl=True, ssl_params={...}).
ssl_params = {
    "cert": cert_file("client.crt"),
    "key": cert_file("client.key"),
    "cadata": cert_file("ca.crt"),
    "cert_reqs": ssl.CERT_REQUIRED,
    "server_hostname": "localhost",
}
session("umqtt-params", Client(b"umqtt-params", HOST, port("broker"),
                               keepalive=60, ssl_params=ssl_params))

# The new form: MQTTClient(..., ssl=ctx); the server name is the one
# connected to, so connect by name.
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.verify_mode = ssl.CERT_REQUIRED
ctx.load_cert_chain(CERTS + "/client.crt", CERTS + "/client.key")
ctx.load_verify_locations(cafile=CERTS + "/ca.crt")
session("umqtt-context", Client(b"umqtt-context", "localhost", port("broker"),
                                keepalive=60, ssl=ctx))
print("PASS")
