# Frozen modules of the NodeMCU board with rtls.
#
# The port's boards/manifest.py is not included as a whole: it requires
# micropython-lib's bundle-networking, whose `ssl` package would collide
# with rtls' ssl.py. Its parts are listed here instead.

# The port's own modules (_boot, flashbdev, inisetup, espnow, ...).
freeze("$(PORT_DIR)/modules")

# asyncio (in MicroPython's tree).
include("$(MPY_DIR)/extmod/asyncio")

# ssl (and its old name ussl): MicroPython's ssl API over rtls, so
# umqtt.simple and asyncio's open_connection(ssl=...) use rtls.
module("ssl.py", base_path="$(BOARD_DIR)/../../usermod", opt=3)
module("ussl.py", base_path="$(BOARD_DIR)/../../usermod", opt=3)
# tls: MicroPython's own module name, which requests imports (axTLS's is
# gone from this board).
module("tls.py", base_path="$(BOARD_DIR)/../../usermod", opt=3)

# micropython-lib packages of ESP8266_GENERIC (bundle-networking minus its
# ssl, umqtt, drivers), when micropython-lib is there: Debian's source
# package leaves lib/micropython-lib empty; the firmware inputs
# (ESP8266_INPUTS) and a MicroPython checkout with its submodules have it.
# umqtt.simple's own manifest requires micropython-lib's ssl, which would
# be frozen beside rtls' ssl.py above: its umqtt package is frozen directly
# instead (umqtt.robust adds robust.py to the same package).
_missing = []
for _package in ("mip", "ntptime", "requests", "webrepl", "umqtt.robust",
                 "dht", "ds18x20", "neopixel", "onewire", "upysh"):
    try:
        require(_package)
    except Exception:
        _missing.append(_package)
try:
    package("umqtt", base_path="$(MPY_LIB_DIR)/micropython/umqtt.simple")
except Exception:
    _missing.append("umqtt.simple")
if _missing:
    print("NODEMCU manifest: micropython-lib not found, not frozen: " + " ".join(_missing))
