#!/usr/bin/env python3
"""Stands in for `cargo` when MicroPython's esp8266 port builds rtls.

usermod/micropython.mk runs, from the repository root,

    $(RTLS_CARGO) rustc --quiet --release --lib --crate-type staticlib \\
        --features micropython $(RTLS_CARGO_ARGS)

with CARGO_TARGET_DIR and RTLS_BINDGEN_CFLAGS (the port's -I/-D flags) in
the environment, and links $(RTLS_LIB). For the ESP8266 (boards/NODEMCU
sets RTLS_CARGO to this script and RTLS_LIB to
$CARGO_TARGET_DIR/lx106/librtls.a) the library must be built for the
LX106 and go through the literal-pool fix, as build.py does for the
harness: this script builds boards/lx106/firmware (rtls with the
`micropython` feature) that way. The arguments are accepted and ignored.

bindgen parses MicroPython's headers with libclang, which (Debian 12's
libclang 14) has no Xtensa target: BINDGEN_EXTRA_CLANG_ARGS selects
riscv32-unknown-none-elf, which has the LX106's C type sizes and
alignments (ILP32, 8-byte-aligned long long, unsigned char, int-sized
enums). Nor does libclang know where the LX106's C headers are (stdint.h:
newlib's and the SDK's in the toolchain's sysroot): the compiler in
RTLS_BINDGEN_CC (the port's $(CC), exported by boards/NODEMCU) is asked
for its include directories, which are added as -isystem. Panics are not immediate-abort here: the binding's panic handler
raises a Python exception.
"""

import os
import shlex
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build  # noqa: E402


def compiler_include_dirs(cc):
    """The #include <...> search list `cc -v` prints, in order."""
    out = subprocess.run([*shlex.split(cc), "-xc", "-E", "-v", "-"], input="", capture_output=True,
                         text=True, check=True).stderr
    start = out.index("#include <...> search starts here:")
    end = out.index("End of search list.", start)
    return out[start:end].splitlines()[1:]


def main():
    if sys.argv[1:2] != ["rustc"]:
        sys.exit("cargo-lx106.py: expected `rustc ...` as usermod/micropython.mk passes")
    target_dir = Path(os.environ.get("CARGO_TARGET_DIR", build.BUILD / "firmware-cargo")).resolve()
    out = target_dir / "lx106"
    env = {k: os.environ.get(k, v) for k, v in build.FIRMWARE_BINDGEN_ENV.items()}
    cc = os.environ.get("RTLS_BINDGEN_CC")
    if not cc:
        sys.exit("cargo-lx106.py: RTLS_BINDGEN_CC is not set: bindgen needs the port's compiler for "
                 "its include directories (boards/NODEMCU/mpconfigboard.mk exports it)")
    env["RTLS_BINDGEN_CFLAGS"] = " ".join([os.environ.get("RTLS_BINDGEN_CFLAGS", ""),
                                           *(f"-isystem{d.strip()}" for d in compiler_include_dirs(cc))])
    build.cargo_to_archive(build.HERE / "firmware" / "Cargo.toml", "lx106", target_dir, out,
                           out / "librtls.a", rustflags=build.FIRMWARE_RUSTFLAGS, env_extra=env)


if __name__ == "__main__":
    main()
