#!/usr/bin/env bash
# Installs what the LX106 (ESP8266) builds need, only what is missing:
#   - Debian's cross binutils and gcc for xtensa-lx106 (assembler, linker,
#     the C runtime helpers and the harness' C parts),
#   - the Rust standard library source (`-Zbuild-std=core`),
#   - with `--qemu`: qemu-system-xtensa, see qemu-setup.sh.
# Uses sudo when not root. Safe to run repeatedly.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# picolibc: C headers for LX106 (make lx106-firmware-lib compiles the
# port's headers with them where the SDK's newlib is missing).
"$here/../../scripts/install-deps.sh" binutils-xtensa-lx106 gcc-xtensa-lx106 picolibc-xtensa-lx106-elf python3

if ! command -v rustup >/dev/null; then
    echo "lx106: rustup is needed (for the rust-src component; stable Rust >= 1.95)" >&2
    exit 1
fi
sysroot=$(rustc --print sysroot)
if [ ! -d "$sysroot/lib/rustlib/src/rust/library/core" ]; then
    echo "lx106: adding the rust-src component (for -Zbuild-std=core)"
    rustup component add rust-src
fi

if [ "${1:-}" = "--qemu" ]; then
    "$here/qemu-setup.sh"
fi
