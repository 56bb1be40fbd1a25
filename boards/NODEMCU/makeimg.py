#!/usr/bin/env python3
"""Writes the NodeMCU board's firmware.bin in place of the esp8266 port's
makeimg.py, for this board's flash layout (esp8266_nodemcu.ld):

    makeimg.py <firmware.elf-0x00000.bin> <firmware.elf-0x0c000.bin> <out.bin>

(the two files `esptool --chip esp8266 elf2image firmware.elf` writes).

    0x00000  48 KiB  ROM-loader image: header, IRAM .text, .data, .rodata
    0x0c000          irom0 (flash-mapped code and read-only data), then
                     the MD5 of everything from byte 4 on

The port reserves 36 KiB (0x9000) for the ROM-loader image, which rtls'
read-only data in DRAM (~10 KB) outgrows, so this board reserves 48 KiB.
esp.check_fw() still reads the image's total size from offset 0x8ffc (a
constant in the port's modesp.c), so that word must be there although
0x8ffc now falls inside the ROM-loader image. It is carried by a filler
segment: the segment that spans 0x8ffc is split in two, and between the
halves a short segment whose data holds the size word at 0x8ffc is loaded
to the start of the second half's RAM, which the second half then
overwrites (the ROM loader copies segments in order). RAM ends up exactly
as the ELF says; the loader's checksum covers the filler as any segment.
When the ROM-loader image ends before 0x8ff4 (as once rtls' read-only data
leaves DRAM), the size word simply goes in the padding, as the port's
makeimg.py puts it.
"""

import hashlib
import struct
import sys

SEGS_MAX_SIZE = 0xC000  # irom0 starts at 0x4020c000 (esp8266_nodemcu.ld)
SIZE_AT = 0x8FFC  # where esp.check_fw() reads the image size
FILLER_AT = SIZE_AT - 8  # latest start of the filler segment's header
ESP_CHECKSUM_MAGIC = 0xEF


def read_rom_image(data):
    magic, count, flash_mode, flash_size_freq, entry = struct.unpack_from("<BBBBI", data, 0)
    if magic != 0xE9:
        sys.exit(f"makeimg.py: not an ESP8266 ROM-loader image (magic {magic:#x})")
    segs, pos = [], 8
    for _ in range(count):
        addr, size = struct.unpack_from("<II", data, pos)
        segs.append((addr, data[pos + 8:pos + 8 + size]))
        pos += 8 + size
    return data[:8], segs


def with_size_word(segs, total):
    """The segments, one split around SIZE_AT with the filler between."""
    out, pos, placed = [], 8, False
    for addr, data in segs:
        if not placed and pos <= FILLER_AT and pos + 8 + len(data) > FILLER_AT:
            k = max(0, FILLER_AT - (pos + 8))
            if k:
                out.append((addr, data[:k]))
                pos += 8 + k
            filler_len = SIZE_AT + 4 - (pos + 8)
            rest = data[k:]
            if len(rest) < filler_len:
                sys.exit("makeimg.py: the segment at 0x8ffc is too short to carry the size word; "
                         "change FILLER_AT")
            filler = bytearray(rest[:filler_len])
            struct.pack_into("<I", filler, SIZE_AT - (pos + 8), total)
            out.append((addr + k, bytes(filler)))
            pos += 8 + filler_len
            addr, data = addr + k, rest
            placed = True
        out.append((addr, data))
        pos += 8 + len(data)
    return out, placed


def rom_image(header, segs):
    body, checksum = bytearray(), ESP_CHECKSUM_MAGIC
    for addr, data in segs:
        body += struct.pack("<II", addr, len(data)) + data
        for b in data:
            checksum ^= b
    image = bytearray(header) + body
    image[1] = len(segs)
    image += b"\0" * (15 - len(image) % 16) + bytes([checksum])
    return bytes(image)


def main():
    rom_path, irom_path, out_path = sys.argv[1:4]
    header, segs = read_rom_image(open(rom_path, "rb").read())
    irom = open(irom_path, "rb").read()
    total = SEGS_MAX_SIZE + len(irom)
    segs, placed = with_size_word(segs, total)
    image = rom_image(header, segs)
    if len(image) > SEGS_MAX_SIZE:
        sys.exit(f"makeimg.py: the ROM-loader image ({len(image):,} bytes: IRAM .text, .data, .rodata) "
                 f"is over its {SEGS_MAX_SIZE:,} bytes before irom0; move data out of DRAM or "
                 f"raise SEGS_MAX_SIZE with irom0_0_seg in esp8266_nodemcu.ld")
    padded = bytearray(image + b"\xff" * (SEGS_MAX_SIZE - len(image)))
    if not placed:
        if len(image) > SIZE_AT:
            sys.exit("makeimg.py: the ROM-loader image's checksum padding covers 0x8ffc; change FILLER_AT")
        struct.pack_into("<I", padded, SIZE_AT, total)
    firmware = bytes(padded) + irom
    firmware += hashlib.md5(firmware[4:]).digest()
    open(out_path, "wb").write(firmware)
    for addr, data in segs:
        print(f"  segment {addr:#010x} {len(data):6} bytes")
    print(f"ROM-loader image {len(image):,} of {SEGS_MAX_SIZE:,} bytes, irom0 {len(irom):,} bytes, "
          f"total {total:,} (size word at {SIZE_AT:#x}{' in a filler segment' if placed else ''})")


if __name__ == "__main__":
    main()
