#!/usr/bin/env bash
# Fetches MicroPython 1.25's source from Debian's source archive into $1
# (default build/micropython-src), without touching the system's apt
# configuration: a private sources file and state directory are used.
# The Debian patch that quiets mbedTLS debug output is applied.
set -euo pipefail

dest=${1:-build/micropython-src}
version=1.25.0+ds-1
suite=trixie

if [ -f "$dest/py/mpconfig.h" ]; then
    exit 0
fi

# The archive URI the machine already uses (never hard-coded here).
uri=$(grep -hsE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null \
      | grep -v -- '-security' | sed -E 's/^URIs: *//; s/^deb (\[[^]]*\] )?//' | awk 'NR==1 {print $1}' || true)
if [ -z "$uri" ]; then
    echo "fetch-source: no Debian archive URI found in /etc/apt/sources.list*; pass MICROPY_DIR=<your MicroPython 1.25 checkout>" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb-src $uri $suite main" > "$work/sources.list"
apt_opts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=/nonexistent
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache"
          -o APT::Sandbox::User=root -qq)
apt-get "${apt_opts[@]}" update
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only "micropython=$version")

mkdir -p "$dest"
tar -xf "$work"/micropython_*.orig.tar.xz -C "$dest" --strip-components=1
tar -xf "$work"/micropython_*.debian.tar.xz -C "$work"
patch -d "$dest" -p1 -s < "$work/debian/patches/0008-extmod-modtls_mbedtls.c-Decrease-the-mbedTLS-DEBUG-l.patch"
echo "fetch-source: MicroPython $version in $dest"
