# rtls on a board: MQTT over mutual TLS to a broker on your PC (umqtt.simple
# over ssl-on-rtls), with the figures a board's owner wants to know: time
# for the TLS connection, heap before, during and after it, the suite.
#
# On a NodeMCU with rtls firmware (see boards/NODEMCU/README.md, "Testing
# on a board"): start the broker with tests/board/broker.sh, copy ca.crt,
# client.crt, client.key and a board_config.py to the board, and run
#   mpremote cp ca.crt client.crt client.key board_config.py : + run tests/board/tls_check.py
# board_config.py:
#   BROKER = "192.168.1.10"          # your PC's address, as given to broker.sh
#   PORT = 8883
#   WIFI = ("ssid", "password")      # optional: connect first
# The broker's certificate names that address, which umqtt.simple checks.
#
# tests/run.py runs this same script on the unix port (case
# board_tls_check) against broker.sh on 127.0.0.1, without board_config:
# the broker and certificates then come from the environment.
import gc
import os
import ssl
import time

from umqtt.simple import MQTTClient

try:
    import board_config as config
    BROKER, PORT, FILES = config.BROKER, config.PORT, ""
except ImportError:
    config = None
    BROKER, PORT = os.getenv("RTLS_HOST"), int(os.getenv("RTLS_PORT"))
    FILES = os.getenv("RTLS_BOARD_KIT") + "/"


def wifi():
    """Joins config.WIFI, if given (a board only)."""
    credentials = getattr(config, "WIFI", None)
    if not credentials:
        return
    import network
    station = network.WLAN(network.STA_IF)
    station.active(True)
    if not station.isconnected():
        station.connect(*credentials)
        for _ in range(200):
            if station.isconnected():
                break
            time.sleep_ms(100)
    print("wifi:", station.ifconfig())


def clock():
    """Sets the clock from NTP when it was never set: certificates are
    checked against it."""
    if time.gmtime()[0] < 2024:
        import ntptime
        ntptime.settime()
    print("clock: %04d-%02d-%02d %02d:%02d:%02d UTC" % time.gmtime()[:6])


def heap():
    gc.collect()
    return gc.mem_free()


wifi()
clock()
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.load_verify_locations(cafile=FILES + "ca.crt")
context.load_cert_chain(FILES + "client.crt", FILES + "client.key")

before = heap()
client = MQTTClient("rtls-board-check", BROKER, port=PORT, ssl=context)
start = time.ticks_ms()
client.connect()
connect_ms = time.ticks_diff(time.ticks_ms(), start)
during = heap()
suite, version = client.sock.cipher()
client.publish(b"rtls/board-check", b"hello from rtls", qos=1)
client.disconnect()
after = heap()

print("TLS connection (TCP, handshake, MQTT CONNECT): %d ms" % connect_ms)
print("heap free: before %d, during %d (%d in use by the connection), after %d"
      % (before, during, before - during, after))
print("cipher: %s %s" % (suite, version))
print("PASS")
