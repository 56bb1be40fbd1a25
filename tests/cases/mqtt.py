# A minimal MQTT 3.1.1 client over rtls with the client certificate, against
# mosquitto (require_certificate, use_identity_as_username, TLS 1.3 only, an
# ACL for user rtls-device-01 on rtls/#): CONNECT, SUBSCRIBE rtls/test,
# PUBLISH to it and receive the message back.  run.py also checks that
# mosquitto's log names the client u'rtls-device-01'.
from _common import cert_file, check, read_exact, wrap, write_all

CLIENT_ID = b"rtls-mqtt-test"
TOPIC = b"rtls/test"
PAYLOAD = b"hello from rtls " * 20  # > 127 bytes: 2-byte remaining length

CONNECT = 0x10
CONNACK = 0x20
PUBLISH = 0x30
SUBSCRIBE = 0x82  # type 8, reserved flags 0b0010
SUBACK = 0x90
DISCONNECT = 0xE0


def string(data):
    """An MQTT length-prefixed string."""
    return bytes((len(data) >> 8, len(data) & 0xFF)) + data


def remaining_length(n):
    """The variable-length encoding of a packet's remaining length."""
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def send_packet(stream, first_byte, body):
    """Send one MQTT control packet."""
    write_all(stream, bytes((first_byte,)) + remaining_length(len(body)) + body)


def read_packet(stream):
    """Read one MQTT control packet: (first byte, body)."""
    first_byte = read_exact(stream, 1)[0]
    length, shift = 0, 0
    while True:
        byte = read_exact(stream, 1)[0]
        length |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            break
    return first_byte, read_exact(stream, length)


def connect(stream):
    """CONNECT (clean session, keepalive 60, no username) and CONNACK."""
    variable_header = string(b"MQTT") + bytes((4, 0x02, 0, 60))
    send_packet(stream, CONNECT, variable_header + string(CLIENT_ID))
    kind, body = read_packet(stream)
    check(kind == CONNACK, "expected CONNACK, got 0x%02x" % kind)
    check(body == b"\x00\x00", "CONNACK refused: %r" % body)


def subscribe(stream):
    """SUBSCRIBE to TOPIC at QoS 0; the SUBACK must grant QoS 0."""
    send_packet(stream, SUBSCRIBE, b"\x00\x01" + string(TOPIC) + b"\x00")
    kind, body = read_packet(stream)
    check(kind == SUBACK, "expected SUBACK, got 0x%02x" % kind)
    check(body == b"\x00\x01\x00", "SUBACK %r (0x80 = refused)" % body)


def publish_and_receive(stream):
    """PUBLISH at QoS 0 and receive the same message back."""
    send_packet(stream, PUBLISH, string(TOPIC) + PAYLOAD)
    kind, body = read_packet(stream)
    check(kind & 0xF0 == PUBLISH, "expected PUBLISH, got 0x%02x" % kind)
    topic_len = (body[0] << 8) | body[1]
    topic, payload = body[2:2 + topic_len], body[2 + topic_len:]
    check(topic == TOPIC, "PUBLISH topic %r" % topic)
    check(payload == PAYLOAD, "PUBLISH payload differs: %r" % payload[:40])


tls = wrap(cert=cert_file("client.crt"), key=cert_file("client.key"))
connect(tls)
print("ok: CONNACK")
subscribe(tls)
print("ok: SUBACK QoS 0")
publish_and_receive(tls)
print("ok: PUBLISH came back")
send_packet(tls, DISCONNECT, b"")
tls.close()
print("PASS")
