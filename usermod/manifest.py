# Frozen content of the unix build: asyncio from MicroPython's own tree
# (the variant's default manifest needs micropython-lib, absent in Debian's
# source package).
include("$(MPY_DIR)/extmod/asyncio")

# ssl (and its old name ussl): MicroPython's ssl API over rtls.
module("ssl.py", opt=3)
module("ussl.py", opt=3)
