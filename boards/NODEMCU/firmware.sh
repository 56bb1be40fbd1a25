#!/usr/bin/env bash
# `make firmware`: MicroPython for the NodeMCU with rtls, as
# build/nodemcu/firmware.bin, built with an esp-open-sdk style toolchain
# (xtensa-lx106-elf gcc with the ESP8266 NONOS SDK in its sysroot).
#
# With ESP8266_INPUTS=<dir of the pinned upstream tarballs> (and no
# ESP_OPEN_SDK), the toolchain is assembled from Debian's gcc-xtensa-lx106
# and those inputs at build/esp8266-sdk (sdk/sysroot.sh), and
# micropython-lib is taken from them. Otherwise the toolchain is looked for
# in $ESP_OPEN_SDK (its xtensa-lx106-elf/bin or bin), then on PATH; without
# an SDK (libmain, lwip_open, phy, ... are in no package registry) this
# script names what is missing and where it goes, and exits 2.
#
# WITHOUT_RTLS=1 builds the same board without rtls (no user C module) at
# build/nodemcu-baseline/, which check_image.py compares the image's RAM
# with (`make firmware-baseline`).
#
# Environment (set by the Makefile): ROOT, BUILD_DIR, MICROPY_DIR, JOBS,
# ESP_OPEN_SDK, ESP8266_INPUTS, WITHOUT_RTLS.
set -euo pipefail

ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
MICROPY_DIR=${MICROPY_DIR:-$BUILD_DIR/micropython-src}
JOBS=${JOBS:-$(nproc)}
BOARD_DIR=$ROOT/boards/NODEMCU
OUT=$BUILD_DIR/nodemcu
OBJ=$BUILD_DIR/nodemcu-obj
USER_MODULES=$ROOT
if [ "${WITHOUT_RTLS:-0}" = 1 ]; then
    OUT=$BUILD_DIR/nodemcu-baseline
    OBJ=$BUILD_DIR/nodemcu-baseline-obj
    USER_MODULES=
fi

command -v esptool >/dev/null || command -v esptool.py >/dev/null || python3 -m pip install -q esptool

lib_dir=""
if [ -z "${ESP_OPEN_SDK:-}" ] && [ -n "${ESP8266_INPUTS:-}" ]; then
    # Debian's cross compiler, and newlib's C headers for the sysroot.
    "$ROOT/scripts/install-deps.sh" gcc-xtensa-lx106 binutils-xtensa-lx106 libnewlib-dev
    ESP_OPEN_SDK=$BUILD_DIR/esp8266-sdk
    "$BOARD_DIR/sdk/sysroot.sh" "$ESP8266_INPUTS" "$ESP_OPEN_SDK"
    lib_dir=$ESP_OPEN_SDK/micropython-lib
fi

# What the esp8266 port includes from the SDK and links from it.
SDK_HEADERS=(c_types.h ets_sys.h osapi.h os_type.h user_interface.h espconn.h espnow.h
             gpio.h mem.h spi_flash.h eagle_soc.h lwip/init.h lwip/tcp.h)
SDK_LIBS=(libmain.a libjson.a liblwip_open.a libpp.a libnet80211.a libwpa.a libphy.a libespnow.a)

candidates=()
report=()
if [ -n "${ESP_OPEN_SDK:-}" ]; then
    found=""
    for bin in "$ESP_OPEN_SDK/xtensa-lx106-elf/bin" "$ESP_OPEN_SDK/bin"; do
        if [ -x "$bin/xtensa-lx106-elf-gcc" ]; then
            candidates+=("$bin/xtensa-lx106-elf-gcc")
            found=1
        fi
    done
    [ -n "$found" ] || report+=("ESP_OPEN_SDK=$ESP_OPEN_SDK: no xtensa-lx106-elf/bin/xtensa-lx106-elf-gcc there")
fi
seen=" "
while IFS= read -r gcc; do
    real=$(readlink -f "$gcc")
    case "$seen" in *" $real "*) continue ;; esac
    seen="$seen$real "
    candidates+=("$gcc")
done < <(which -a xtensa-lx106-elf-gcc 2>/dev/null || true)

# Checks one toolchain; prints what it lacks (nothing when usable).
lacks() {
    local gcc=$1 sysroot
    sysroot=$("$gcc" -print-sysroot 2>/dev/null || true)
    if [ -z "$sysroot" ] || [ ! -d "$sysroot" ]; then
        echo "no sysroot ('$gcc -print-sysroot' prints '${sysroot}'), so no SDK"
        return
    fi
    local missing=()
    for h in "${SDK_HEADERS[@]}"; do
        [ -f "$sysroot/usr/include/$h" ] || missing+=("usr/include/$h")
    done
    for l in "${SDK_LIBS[@]}"; do
        [ -f "$sysroot/usr/lib/$l" ] || missing+=("usr/lib/$l")
    done
    [ ${#missing[@]} -eq 0 ] || echo "sysroot $sysroot lacks: ${missing[*]}"
}

toolchain=""
for gcc in "${candidates[@]}"; do
    why=$(lacks "$gcc")
    if [ -z "$why" ]; then
        toolchain=$gcc
        break
    fi
    report+=("$gcc: $why")
done

esptool=$(command -v esptool || command -v esptool.py || true)

if [ -z "$toolchain" ] || [ -z "$esptool" ]; then
    {
        echo "make firmware: cannot build build/nodemcu/firmware.bin; missing:"
        if [ -z "$toolchain" ]; then
            echo "  * an esp-open-sdk style toolchain: xtensa-lx106-elf-gcc with the ESP8266"
            echo "    NONOS SDK in its sysroot. Looked at:"
            if [ ${#report[@]} -eq 0 ]; then
                echo "      \$ESP_OPEN_SDK is ${ESP_OPEN_SDK:-not set}; no xtensa-lx106-elf-gcc on PATH"
            fi
            for line in "${report[@]}"; do
                echo "      $line"
            done
            echo "    Simplest: 'make esp8266-inputs', then 'make firmware ESP8266_INPUTS=build/esp8266-inputs'"
            echo "    (the toolchain is then assembled from Debian's gcc-xtensa-lx106). Or"
            echo "    build esp-open-sdk (https://github.com/pfalcon/esp-open-sdk,"
            echo "    'make STANDALONE=y'), then 'make firmware ESP_OPEN_SDK=<its directory>' (or put"
            echo "    <its directory>/xtensa-lx106-elf/bin first on PATH). Needed in the toolchain's"
            echo "    sysroot (<sysroot> = 'xtensa-lx106-elf-gcc -print-sysroot'):"
            echo "      <sysroot>/usr/include/: ${SDK_HEADERS[*]}"
            echo "      <sysroot>/usr/lib/: ${SDK_LIBS[*]}"
            echo "    (Debian's gcc-xtensa-lx106, which 'make lx106' uses, has no SDK.)"
        fi
        if [ -z "$esptool" ]; then
            echo "  * esptool (esptool or esptool.py on PATH), for the image: 'pip install esptool'"
        fi
    } >&2
    exit 2
fi

bin=$(dirname "$toolchain")
echo "firmware: toolchain $toolchain (sysroot $("$toolchain" -print-sysroot)), $esptool"

# mpy-cross for the frozen modules, as the unix build makes it.
make -C "$MICROPY_DIR/mpy-cross" -j"$JOBS" BUILD="$BUILD_DIR/mpy-cross-obj"

# micropython-lib: from the inputs, else a MicroPython checkout has it;
# Debian's source package does not (the board's manifest then freezes
# without its packages).
[ -n "$lib_dir" ] || lib_dir=$MICROPY_DIR/lib/micropython-lib
if [ ! -f "$lib_dir/README.md" ]; then
    lib_dir=$BUILD_DIR/mpy-lib-stub
    mkdir -p "$lib_dir"
    touch "$lib_dir/README.md"
fi

# MicroPython's makemanifest.py rewrites frozen_content.c only when a frozen
# file is newer than it, so a module dropped from the freeze (another
# micropython-lib, a manifest change) would stay in: regenerate it always
# (a few seconds; the compiled .mpy files are kept).
rm -f "$OBJ/frozen_content.c"

# The port's make up to firmware.elf; the image is made below as the port's
# firmware.bin rule makes it (elf2image, then the port's makeimg.py), with
# the esptool found above and the chip named.
make -C "$MICROPY_DIR/ports/esp8266" -j"$JOBS" \
    BOARD_DIR="$BOARD_DIR" BUILD="$OBJ" \
    USER_C_MODULES="$USER_MODULES" \
    CROSS_COMPILE="$bin/xtensa-lx106-elf-" \
    MICROPY_PY_SSL=0 MICROPY_SSL_AXTLS=0 \
    MICROPY_MPYCROSS="$BUILD_DIR/mpy-cross-obj/mpy-cross" \
    MPY_LIB_DIR="$lib_dir" \
    "$OBJ/firmware.elf"

rm -f "$OBJ"/firmware.elf-0x*.bin
$esptool --chip esp8266 elf2image "$OBJ/firmware.elf"
mkdir -p "$OUT"
python3 "$MICROPY_DIR/ports/esp8266/makeimg.py" "$OBJ/firmware.elf-0x00000.bin" \
    "$OBJ"/firmware.elf-0x0[1-f]000.bin "$OUT/firmware.bin"
cp "$OBJ/firmware.elf" "$OBJ/firmware.map" "$OUT/"
echo "built $OUT/firmware.bin ($(stat -c %s "$OUT/firmware.bin") bytes); flash: see boards/NODEMCU/README.md"
