#!/usr/bin/env bash
# Provides qemu-system-xtensa with the lx106 CPU for `make lx106-handshake`.
#
# A qemu-system-xtensa already on PATH (or QEMU_XTENSA=...) is used when it
# knows `-cpu lx106`. Otherwise Debian's qemu-system-misc is downloaded (not
# installed: on bookworm it conflicts with a newer qemu-utils from backports)
# and unpacked into build/lx106/qemu/; the shared libraries it needs are
# installed as ordinary Debian packages. Prints the binary's path last.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir="${LX106_BUILD:-$root/build/lx106}/qemu"

has_lx106() { "$1" -cpu help 2>/dev/null | grep -qw lx106; }

for candidate in "${QEMU_XTENSA:-}" "$(command -v qemu-system-xtensa || true)" "$dir/usr/bin/qemu-system-xtensa"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && has_lx106 "$candidate"; then
        echo "$candidate"
        exit 0
    fi
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
mkdir -p "$dir"
cd "$dir"
deb=$(ls qemu-system-misc_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
    echo "lx106: downloading Debian's qemu-system-misc into $dir" >&2
    apt-get download qemu-system-misc >&2 || { $sudo apt-get update -qq >&2; apt-get download qemu-system-misc >&2; }
    deb=$(ls qemu-system-misc_*.deb | head -1)
fi
# Its library dependencies, as packages (qemu-system-common/-data are not
# needed for `-M sim -cpu lx106 -nographic`).
libs=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/ //g' | grep -v '^qemu-' | grep -v '^$')
missing=()
for pkg in $libs; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "lx106: installing libraries qemu-system-xtensa needs: ${missing[*]}" >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
dpkg-deb -x "$deb" "$dir"
bin="$dir/usr/bin/qemu-system-xtensa"
if ! has_lx106 "$bin"; then
    echo "lx106: $bin does not run or has no lx106 CPU:" >&2
    "$bin" -cpu help >&2 || true
    exit 1
fi
echo "$bin"
