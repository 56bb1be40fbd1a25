#!/usr/bin/env python3
"""Checks the NodeMCU firmware `make firmware` built, and prints its figures.

    check_image.py [build/nodemcu [build/nodemcu-baseline]]
        (firmware.bin, firmware.elf, firmware.map in each; the baseline is
        the same board built without rtls, by `make firmware-baseline`)

Fails (exit 1, naming each failure) when:
- `esptool --chip esp8266 image_info` rejects the image, its checksum is not
  valid, or its segments are not IRAM .text then DRAM segments;
- esp.check_fw() would fail on it: the size word at 0x8ffc and the MD5
  after the image (the port's modesp.c, emulated);
- `rtls_module` is not in the firmware's built-in module table,
  `rtls_cryptolib_module` (cryptolib) not in the extensible one, or one of
  ssl, ussl, tls, umqtt.simple, requests, asyncio, ntptime is not frozen or is
  frozen twice (read from the image's mp_frozen_names);
- IRAM .text is over its 32 KiB segment, irom0 over its flash window, or
  any code or read-only data of rtls (librtls.a, modrtls.o, cryptolib.o)
  is not in irom0;
- rtls' code, or the memcpy, memmove and memcmp it calls, has a sub-word
  load (l8ui, l16ui, l16si): in flash, where rtls' read-only data is, the
  ESP8266 allows only 32-bit loads (boards/lx106/forcel32.py rewrites the
  Rust code's; the port compiles its C with -mforce-l32);
- DRAM (.data + .rodata + .bss) is more than 1 KiB over the baseline's,
  or the SDK's heap (from the end of .bss to the end of DRAM: Wi-Fi and
  lwIP buffers) more than 1 KiB under the baseline's.

The limits can be lowered to see a check fail: CHECK_IRAM_MAX,
CHECK_IROM_MAX, CHECK_DRAM_ADDED_MAX and CHECK_HEAP_LOST_MAX (bytes).
"""

import bisect

import hashlib
import os
import re
import struct
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

FLASH_BASE = 0x40200000  # where the flash is mapped
DRAM_END = 0x3FFE8000 + 80 * 1024  # dram0_0_seg of esp8266_nodemcu.ld
IRAM = (0x40100000, 32 * 1024)
SIZE_AT = 0x8FFC  # where esp.check_fw() reads the image size
RTLS_OBJECTS = ("librtls.a(", "/modrtls.o", "/cryptolib.o")
# The modules rtls provides, each in its table of the image: cryptolib is
# extensible, as MicroPython registers its own (`import ucryptolib` finds it).
MODULES = {"rtls_module": "mp_builtin_module_table",
           "rtls_cryptolib_module": "mp_builtin_extensible_module_table"}
FROZEN = {"ssl": "ssl.py", "ussl": "ussl.py", "umqtt.simple": "umqtt/simple.py",
          "requests": "requests/__init__.py", "asyncio": "asyncio/__init__.py",
          "ntptime": "ntptime.py", "tls": "tls.py"}

# Loads the ESP8266 cannot make from flash.
SUB_WORD_LOADS = re.compile(r"\t(l8ui|l16ui|l16si)\t")
# The C functions rtls hands pointers to its read-only data to for reading.
MEM_READERS = ("memcpy", "memmove", "memcmp")

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def tool(name):
    """A binutils tool: the firmware build's toolchain, else Debian's."""
    sdk = Path(__file__).resolve().parents[2] / "build" / "esp8266-sdk" / "xtensa-lx106-elf" / "bin"
    path = sdk / f"xtensa-lx106-elf-{name}"
    return str(path) if path.exists() else f"xtensa-lx106-elf-{name}"


def symbols(elf):
    """name -> (address, size) from nm -S."""
    out = subprocess.run([tool("nm"), "-S", elf], capture_output=True, text=True, check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            syms[parts[3]] = (int(parts[0], 16), int(parts[1], 16))
        elif len(parts) == 3:
            syms[parts[2]] = (int(parts[0], 16), 0)
    return syms


def input_sections(map_path, objects):
    """(output section, input section, address, size) of each input section
    of `objects` (name fragments) in the linker map."""
    found = []
    out_sec = None
    lines = open(map_path).read().split("\n")
    for i, line in enumerate(lines):
        m = re.match(r"^(\.\S+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+", line) or re.match(r"^(\.\S+)\s*$", line)
        if m and not line.startswith(" "):
            out_sec = m.group(1)
            continue
        m = re.match(r"^ (\.\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", line)
        if not m and i + 1 < len(lines):
            name = re.match(r"^ (\.\S+)\s*$", line)
            more = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", lines[i + 1])
            if name and more:
                m = (name.group(1), *more.groups())
        elif m:
            m = m.groups()
        if m and out_sec and int(m[2], 16) and any(o in m[3] for o in objects):
            found.append((out_sec, m[0], int(m[1], 16), int(m[2], 16)))
    return found


def sub_word_loads(elf, ranges):
    """The sub-word loads in the code at `ranges` ((start, end) pairs), as
    'address: instruction' lines."""
    ranges = sorted(ranges)
    starts = [r[0] for r in ranges]
    out = subprocess.run([tool("objdump"), "-d", "--no-show-raw-insn",
                          f"--start-address={ranges[0][0]:#x}", f"--stop-address={max(e for _, e in ranges):#x}",
                          elf], capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        m = re.match(r"^\s*([0-9a-f]+):", line)
        if not m or not SUB_WORD_LOADS.search(line):
            continue
        addr = int(m.group(1), 16)
        k = bisect.bisect_right(starts, addr) - 1
        if k >= 0 and addr < ranges[k][1]:
            found.append(line.strip())
    return found


def dram_figures(syms):
    """(.data, .rodata, .bss, SDK heap left) of an image's symbols."""
    data = syms["_data_end"][0] - syms["_data_start"][0]
    rodata = syms["_rodata_end"][0] - syms["_rodata_start"][0]
    bss = syms["_bss_end"][0] - syms["_bss_start"][0]
    return data, rodata, bss, DRAM_END - syms["_heap_start"][0]


def check_image_info(binary):
    # image_info: esptool 4's name; esptool 5 accepts it (image-info is new).
    res = subprocess.run(["esptool", "--chip", "esp8266", "image_info", binary],
                         capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"esptool image_info rejects {binary}: {res.stderr.strip() or res.stdout.strip()}")
        return []
    if not re.search(r"Checksum: 0x[0-9a-f]+ \(valid\)", res.stdout):
        fail("esptool image_info: the ROM-loader checksum is not valid")
    segs = [(int(m.group(2), 16), int(m.group(1), 16))
            for m in re.finditer(r"^\s+\d+\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s", res.stdout, re.M)]
    if not segs or segs[0][0] != IRAM[0]:
        fail(f"esptool image_info: the first segment is not IRAM .text at {IRAM[0]:#x}: {segs}")
    for addr, size in segs[1:]:
        if not 0x3FFE8000 <= addr <= addr + size <= DRAM_END:
            fail(f"esptool image_info: segment at {addr:#x} ({size} bytes) is not in DRAM")
    return segs


def check_fw(image):
    """esp.check_fw() of the port's modesp.c, on the image file."""
    size = struct.unpack_from("<I", image, SIZE_AT)[0]
    if size > 1024 * 1024 or size + 16 > len(image):
        fail(f"esp.check_fw() would fail: size word at {SIZE_AT:#x} is {size}")
    elif hashlib.md5(image[4:size]).digest() != image[size:size + 16]:
        fail("esp.check_fw() would fail: the MD5 after the image does not match")


def flash_bytes(image, syms, name):
    addr, size = syms[name]
    off = addr - FLASH_BASE
    return image[off:off + size]


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/nodemcu")
    baseline = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    binary, elf, map_path = out / "firmware.bin", out / "firmware.elf", out / "firmware.map"
    for path in (binary, elf, map_path):
        if not path.exists():
            sys.exit(f"check_image.py: no {path}: run `make firmware` first")
    if baseline and not (baseline / "firmware.elf").exists():
        sys.exit(f"check_image.py: no {baseline / 'firmware.elf'}: run `make firmware-baseline` first")
    image = binary.read_bytes()
    syms = symbols(elf)

    check_image_info(binary)
    check_fw(image)

    # Each module table holds a pointer to its rtls module.
    for module, table_name in MODULES.items():
        if module not in syms:
            fail(f"{module} is not in firmware.elf")
            continue
        table = flash_bytes(image, syms, table_name)
        words = struct.unpack(f"<{len(table) // 4}I", table[:len(table) // 4 * 4])
        if syms[module][0] not in words:
            fail(f"{module} is not in its module table ({table_name})")

    names = flash_bytes(image, syms, "mp_frozen_names").split(b"\0")
    names = [n.decode() for n in names if n]
    for module, path in FROZEN.items():
        count = names.count(path)
        if count != 1:
            fail(f"frozen {module} ({path}) is there {count} times, expected once")

    # Sizes and placement.
    iram = syms["_text_end"][0] - syms["_text_start"][0]
    irom_start, irom_end = syms["_irom0_text_start"][0], syms["_irom0_text_end"][0]
    irom = irom_end - irom_start
    irom_window = FLASH_BASE + syms["_firmware_size"][0] - irom_start
    iram_max = int(os.environ.get("CHECK_IRAM_MAX", IRAM[1]))
    irom_max = int(os.environ.get("CHECK_IROM_MAX", irom_window))
    if iram > iram_max:
        fail(f"IRAM .text is {iram:,} bytes, over {iram_max:,}")
    if irom > irom_max:
        fail(f"irom0 is {irom:,} bytes, over {irom_max:,}")

    placed = input_sections(map_path, RTLS_OBJECTS)
    rtls = defaultdict(int)
    for out_sec, _, _, size in placed:
        rtls[out_sec] += size
    in_ram = {s: n for s, n in rtls.items() if s not in (".irom0.text", ".data", ".bss")
              and not s.startswith((".debug", ".xt", ".comment"))}
    if in_ram:
        fail(f"rtls has code or read-only data outside irom0: {in_ram}")

    # Word loads only, in rtls' code and in what reads its data for it: in
    # each function from its symbol over its size (its literal pool, which
    # precedes it in its section, would disassemble as anything).
    sections = sorted((addr, addr + size) for out_sec, name, addr, size in placed
                      if out_sec == ".irom0.text" and name.startswith(".text"))
    starts = [start for start, _ in sections]

    def in_rtls(addr):
        k = bisect.bisect_right(starts, addr) - 1
        return k >= 0 and addr < sections[k][1]

    code = sorted({(addr, addr + size) for name, (addr, size) in syms.items() if size and in_rtls(addr)})
    functions = len(code)
    for reader in MEM_READERS:
        if reader not in syms or syms[reader][1] == 0:
            fail(f"{reader} is not firmware code (the ROM's has sub-word loads): {syms.get(reader)}")
        else:
            code.append((syms[reader][0], syms[reader][0] + syms[reader][1]))
    loads = sub_word_loads(str(elf), code)
    if loads:
        fail(f"{len(loads)} sub-word load(s) in rtls' code or {', '.join(MEM_READERS)}, which read "
             f"rtls' read-only data in flash: " + "; ".join(loads[:5]))

    data, rodata, bss, heap_left = dram_figures(syms)
    rtls_dram = rtls[".data"] + rtls[".rodata"] + rtls[".bss"]
    print(f"firmware.bin: {len(image):,} bytes")
    print(f"IRAM .text: {iram:,} of {IRAM[1]:,} bytes")
    print(f"irom0: {irom:,} of {irom_window:,} bytes")
    print(f"DRAM: .data {data:,} + .rodata {rodata:,} + .bss {bss:,} = {data + rodata + bss:,} "
          f"of {DRAM_END - 0x3FFE8000:,} bytes")
    print(f"rtls in DRAM: .data {rtls['.data']:,} + .rodata {rtls['.rodata']:,} + .bss {rtls['.bss']:,} "
          f"= {rtls_dram:,} bytes")
    print(f"SDK heap left (end of DRAM - _heap_start): {heap_left:,} bytes")
    print(f"word loads only: {functions:,} functions of rtls and "
          f"{', '.join(MEM_READERS)} checked, {len(loads)} sub-word loads")
    if baseline:
        b_data, b_rodata, b_bss, b_heap_left = dram_figures(symbols(str(baseline / "firmware.elf")))
        added = (data + rodata + bss) - (b_data + b_rodata + b_bss)
        lost = b_heap_left - heap_left
        added_max = int(os.environ.get("CHECK_DRAM_ADDED_MAX", 1024))
        lost_max = int(os.environ.get("CHECK_HEAP_LOST_MAX", 1024))
        print(f"board without rtls: DRAM .data {b_data:,} + .rodata {b_rodata:,} + .bss {b_bss:,} = "
              f"{b_data + b_rodata + b_bss:,} bytes, SDK heap left {b_heap_left:,} bytes")
        print(f"rtls adds {added:,} bytes of DRAM (limit {added_max:,}); SDK heap {lost:,} bytes smaller "
              f"(limit {lost_max:,})")
        if added > added_max:
            fail(f"rtls adds {added:,} bytes of DRAM over the board without it, over {added_max:,}")
        if lost > lost_max:
            fail(f"the SDK heap is {lost:,} bytes smaller than without rtls, over {lost_max:,}")
    print(f"frozen: {len(names)} modules; rtls code in irom0: {rtls['.irom0.text']:,} bytes")
    if failures:
        sys.exit(f"check_image.py: {len(failures)} check(s) failed")
    print("check_image.py: all checks passed")


if __name__ == "__main__":
    main()
