#!/usr/bin/env bash
# `make esp8266-inputs`: downloads the firmware's third-party inputs from
# their upstream repositories at the pinned commits into <dir> (default
# build/esp8266-inputs) and checks them against inputs.sha256, so that
# `make firmware ESP8266_INPUTS=<dir>` builds the same image as CI.
#
#     fetch-inputs.sh [<dir>]
#
# Each tarball is `git archive --format=tar.gz` of one commit, as the copies
# CI uses were made (the SDK: only include/, ld/, lib/ without libc.a,
# License and VERSION; esp-open-sdk: its recipe files, no submodules).
# Needs git and internet access. Written without either: it has not been
# run yet, so the first run is also the check that its tarballs match. If a checksum differs
# although the commit is right, the likely cause is a git whose gzip output
# differs from the one that made the reference copies (git >= 2.38 uses its
# internal gzip): the tar inside is what matters, compare with
# `zcat <tarball> | sha256sum` against a tarball from CI.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-build/esp8266-inputs}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch <repository> <commit> <tarball> <prefix> [<path>...]
fetch() {
    local repo=$1 commit=$2 tarball=$3 prefix=$4
    shift 4
    [ -f "$dest/$tarball" ] && return
    echo "esp8266-inputs: $repo at $commit"
    git init -q "$work/$prefix"
    git -C "$work/$prefix" fetch -q --depth 1 "https://github.com/$repo" "$commit"
    git -C "$work/$prefix" archive --format=tar.gz --prefix="$prefix/" -o "$dest/$tarball" "$commit" -- "$@"
}

fetch espressif/ESP8266_NONOS_SDK 61248df5f6d45d130313b412f7492f581fd4cadf \
    ESP8266_NONOS_SDK-2.1.0-18-g61248df.tar.gz ESP8266_NONOS_SDK-2.1.0-18-g61248df \
    include ld lib ':(exclude)lib/libc.a' License VERSION
fetch pfalcon/esp-open-lwip 8c39d2179a273553466043f388772abb6251a4ca \
    esp-open-lwip-8c39d21.tar.gz esp-open-lwip
fetch pfalcon/esp-open-sdk c70543e57fb18e5be0315aa217bca27d0e26d23d \
    esp-open-sdk-c70543e.tar.gz esp-open-sdk \
    Makefile README.md 1000-mforce-l32.patch c_types-c99.patch c_types-c99_sdk_2.patch \
    crosstool-config-overrides dhcps_lease.patch empty_user_rf_pre_init.c user_rf_cal_sector_set.c
fetch micropython/micropython-lib 5b496e944ec045177afa1620920a168410b7f60b \
    micropython-lib-5b496e94.tar.gz micropython-lib

(cd "$dest" && sha256sum -c "$here/inputs.sha256") || {
    echo "esp8266-inputs: checksums differ from boards/NODEMCU/sdk/inputs.sha256 (see this script's header)" >&2
    exit 1
}
echo "esp8266-inputs: $dest; build with: make firmware ESP8266_INPUTS=$dest"
