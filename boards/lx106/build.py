#!/usr/bin/env python3
"""Builds rtls for the ESP8266's Xtensa LX106 and reports its size.

    build.py lib [--opt s|z]            library objects + archive
    build.py report [--opt s|z]         .text/.rodata per crate and total
    build.py link [--opt s|z]           link check with a C stub
    build.py lx106                      all of the above for s and z (make lx106)
    build.py handshake [--opt s|z]      QEMU handshake harness (make lx106-handshake)
    build.py ops [--opt s|z]            QEMU per-operation benchmark, P-256 and
                                        P-384 by the p256/p384 crates and by
                                        narrow-ec, X25519 and Ed25519 by the
                                        dalek crates and by narrow-ec
                                        (make lx106-ops)
    build.py nodemcu-link               the library placed by boards/NODEMCU's linker
                                        script in the esp8266 port's memory map
    build.py firmware-lib               the firmware's library (engine + MicroPython
                                        binding, bindgen over the esp8266 port's
                                        headers) and usermod/modrtls.c and
                                        cryptolib.c compiled for LX106 without the
                                        SDK, linked, sized

Pipeline (see ../../../shared/notes/lx106.md and README.md):
1. cargo builds the harness crate (boards/lx106/harness: the engine behind
   a small C API, as a staticlib) for the target spec
   xtensa-lx106-none-elf.json with -Zbuild-std=core, fat LTO, and asks rustc
   for the assembly of the whole LTO module (--emit asm).
2. litfix.py moves each literal pool behind its own function's section
   directive; LLVM prints it in front, inside the previous section, which
   GNU ld cannot link. forcel32.py then rewrites every sub-word load as a
   word load (gcc's -mforce-l32, which the port's C code is built with), so
   that rtls' read-only data can live in the ESP8266's flash.
3. xtensa-lx106-elf-as --text-section-literals assembles it: literal pools
   sit at the start of each function's .text.<fn> (as MicroPython's own
   esp8266 code, built with -mtext-section-literals), narrow density
   instructions are chosen, and --gc-sections drops pool and code together.
4. The object goes into build/lx106/<opt>/librtls_lx106.a. compiler_builtins
   is left out: its helpers come from the ESP8266 ROM and libgcc in a
   firmware, from rt/ in the link check and the QEMU harness.
"""

import argparse
import collections
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BUILD = Path(os.environ.get("LX106_BUILD", ROOT / "build" / "lx106"))
SPEC = HERE / "xtensa-lx106-none-elf.json"
HARNESS = HERE / "harness"
CROSS = "xtensa-lx106-elf-"
# The board whose TLS settings (suites, groups, buffer sizes) LX106 builds use.
BOARD_CONFIG = ROOT / "boards" / "NODEMCU" / "rtls_board.rs"
# The workspace's LX106 profiles (Cargo.toml at the root) per opt-level.
PROFILES = {"s": "lx106", "z": "lx106-z"}
# The aes crate's compact fixslicing (its `aes_compact` cfg), in every LX106
# build: two of the four MixColumns variants and their inverses instead of
# all four, for a few percent of AES speed (README.md has the figures); the
# firmware's cryptolib links AES decryption too.
AES_COMPACT = "--cfg aes_compact"
RUSTFLAGS = f"-Zunstable-options -Cpanic=immediate-abort {AES_COMPACT}"
# The firmware's library (boards/lx106/firmware: the binding, whose panic
# handler raises a Python exception): panic locations without file names
# and Debug formatting compiled out (no user-visible message uses it). On
# the ESP8266 read-only data sits in DRAM: these flags shrink it, and the
# code.
FIRMWARE_RUSTFLAGS = f"-Zlocation-detail=none -Zfmt-debug=none {AES_COMPACT}"
# libclang has no Xtensa target; riscv32 has the LX106's C type layout
# (ILP32, 8-byte-aligned long long, unsigned char, int-sized enums).
FIRMWARE_BINDGEN_ENV = {"BINDGEN_EXTRA_CLANG_ARGS": "--target=riscv32-unknown-none-elf"}
C_FLAGS = [
    "-Os", "-ffreestanding", "-fno-builtin", "-fno-tree-loop-distribute-patterns",
    "-mtext-section-literals", "-ffunction-sections", "-fdata-sections",
    "-Wall", "-Wextra", "-Werror",
]


def log(msg):
    print(f"lx106: {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    try:
        return subprocess.run([str(c) for c in cmd], check=True, **kw)
    except subprocess.CalledProcessError as e:
        sys.exit(f"lx106: failed ({e.returncode}): {' '.join(map(str, cmd))}")


def out_dir(opt):
    return BUILD / opt


def cargo_to_archive(manifest, profile, target_dir, out, archive, rustflags=RUSTFLAGS, env_extra=None,
                     features=(), default_features=True):
    """cargo builds the staticlib crate at `manifest` for LX106 and emits
    the LTO module's assembly; literal pools are moved, GNU as assembles,
    ar archives the object (compiler_builtins left out). Returns the archive."""
    out.mkdir(parents=True, exist_ok=True)
    asm = out / "rtls.s"
    env = dict(os.environ, RUSTC_BOOTSTRAP="1", RUSTFLAGS=rustflags, **(env_extra or {}))
    env.pop("CARGO_ENCODED_RUSTFLAGS", None)
    env.setdefault("RTLS_BOARD_CONFIG", str(BOARD_CONFIG))
    if not asm.exists():
        # cargo skips a fresh crate and would not write a deleted .s again.
        (Path(manifest).parent / "src" / "lib.rs").touch()
    run(["cargo", "rustc", "--manifest-path", manifest, "--profile", profile,
         "-Zjson-target-spec", "-Zbuild-std=core", "--target", SPEC, "--target-dir", target_dir,
         *(["--features", ",".join(features)] if features else []),
         *([] if default_features else ["--no-default-features"]),
         "--", f"--emit=asm={asm}"], env=env)
    pools = out / "rtls.pools.s"
    run([sys.executable, HERE / "litfix.py", asm, pools])
    fixed = out / "rtls.fixed.s"
    run([sys.executable, HERE / "forcel32.py", pools, fixed])
    obj = out / "rtls.o"
    # No branch-target alignment: its fill bytes inside functions would
    # make the image's disassembly (check_image.py's word-load check)
    # lose step; it also costs flash.
    run([CROSS + "as", "--text-section-literals", "--no-target-align", "-o", obj, fixed])
    archive.unlink(missing_ok=True)
    run([CROSS + "ar", "rcs", archive, obj])
    return archive


def build_lib(opt, features=(), default_features=True):
    """The harness crate (C API over the engine) for `opt` with the harness
    `features` (a separate output directory per set), with or without its
    default feature (narrow-ec); returns the archive."""
    out = out_dir(opt) if not features else BUILD / f"{'-'.join(features)}-{opt}"
    log(f"cargo (opt-level {opt}{', features ' + ','.join(features) if features else ''}"
        f"{'' if default_features else ', no default features'})")
    lib = cargo_to_archive(HARNESS / "Cargo.toml", PROFILES[opt], BUILD / "cargo", out,
                           out / "librtls_lx106.a", features=features, default_features=default_features)
    log(f"built {lib.relative_to(ROOT)}")
    return lib


def build_rt(extra=()):
    """The C runtime helpers (rt/) for builds without the ESP8266 ROM."""
    out = BUILD / "rt"
    out.mkdir(parents=True, exist_ok=True)
    objs = []
    for src in sorted((HERE / "rt").glob("*.[cS]")) + list(extra):
        obj = out / (src.stem + ".o")
        run([CROSS + "gcc", *C_FLAGS, "-c", src, "-o", obj])
        objs.append(obj)
    lib = out / "librtls_rt.a"
    lib.unlink(missing_ok=True)
    run([CROSS + "ar", "rcs", lib, *objs])
    return lib


# --- size report -----------------------------------------------------------

SECTION_RE = re.compile(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)")
CRATE_RE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\[[0-9a-f]+\]")
LABEL_RE = re.compile(r"\.L[A-Za-z0-9_.$]+")


def sections(obj):
    """(name, size) of the object's .text/.literal/.rodata sections."""
    text = run([CROSS + "readelf", "-SW", obj], capture_output=True, text=True).stdout
    found = []
    for line in text.splitlines():
        m = SECTION_RE.match(line)
        if m and re.match(r"\.(text|literal|rodata)(\.|$)", m.group(1)):
            found.append((m.group(1), int(m.group(2), 16)))
    return found


def demangle(names):
    text = "\n".join(names)
    out = run([CROSS + "c++filt"], input=text, capture_output=True, text=True).stdout
    return out.split("\n")[: len(names)]


def crate_of(demangled):
    """The first crate named in a demangled Rust symbol: the crate whose
    code it is (the self type's crate for trait impls, as cargo-bloat)."""
    m = CRATE_RE.search(demangled)
    if m:
        return m.group(1)
    if demangled.startswith("rtls_lx106_"):
        return "rtls_lx106"
    if re.match(r"<?\[|<?&|<?\*|<?[a-z0-9]+>::|<?(u|i)(8|16|32|64|128|size)\b|<?str>", demangled):
        return "core"  # inherent methods of primitive types
    return None


def rodata_owners(asm):
    """Anonymous rodata (labels like .Lanon.*, merged constants) belongs to
    the first function that references it."""
    owner_of_label = {}
    label_section = {}
    section = None
    for line in asm.read_text().splitlines():
        s = line.strip()
        if s.startswith(".section"):
            section = s.split()[1].split(",")[0]
            continue
        if not section:
            continue
        if section.startswith(".rodata") and s.endswith(":") and s.startswith(".L"):
            label_section.setdefault(section, []).append(s[:-1])
        elif section.startswith(".text."):
            for label in LABEL_RE.findall(s):
                owner_of_label.setdefault(label, section[len(".text."):])
    owners = {}
    for sec, labels in label_section.items():
        for label in labels:
            if label in owner_of_label:
                owners[sec] = owner_of_label[label]
                break
    return owners


def size_table(opt):
    out = out_dir(opt)
    obj = out / "rtls.o"
    owners = rodata_owners(out / "rtls.fixed.s")
    secs = sections(obj)
    symbols = []
    for name, _ in secs:
        kind, _, sym = name[1:].partition(".")
        if kind == "rodata":
            if name in owners:
                sym = owners[name]
            elif sym.startswith(".Lswitch.table."):
                sym = re.sub(r"\.\d+$", "", sym[len(".Lswitch.table."):])
        symbols.append(sym)
    table = collections.defaultdict(lambda: [0, 0])
    for (name, size), dem in zip(secs, demangle(symbols)):
        crate = crate_of(dem) or "(other)"
        table[crate][0 if name.startswith((".text", ".literal")) else 1] += size
    return table


def report(opts):
    tables = {opt: size_table(opt) for opt in opts}
    crates = sorted({c for t in tables.values() for c in t},
                    key=lambda c: -sum(tables[opts[0]].get(c, (0, 0))))
    head = "crate".ljust(20) + "".join(f"{'.text':>10}{'.rodata':>9}{'total':>9}  " for _ in opts)
    lines = ["LX106 library size per crate (bytes; .text includes literal pools;",
             "objects after LTO, before the firmware's --gc-sections; the rtls crate",
             "itself is always at opt-level z, see harness/Cargo.toml)",
             " " * 20 + "".join(f"{'opt-level ' + o:^30}" for o in opts), head]
    totals = {o: [0, 0] for o in opts}
    for crate in crates:
        row = crate.ljust(20)
        for o in opts:
            t, r = tables[o].get(crate, (0, 0))
            totals[o][0] += t
            totals[o][1] += r
            row += f"{t:>10}{r:>9}{t + r:>9}  "
        lines.append(row)
    row = "TOTAL".ljust(20)
    for o in opts:
        t, r = totals[o]
        row += f"{t:>10}{r:>9}{t + r:>9}  "
    lines.append(row)
    text = "\n".join(l.rstrip() for l in lines)
    print(text)
    (BUILD / "size-report.txt").write_text(text + "\n")
    for o in opts:
        t, r = totals[o]
        print(f"LX106 library opt-{o} .text+.rodata: {t + r} bytes")
    return totals


# --- stack ------------------------------------------------------------------

def frames_and_calls(asm):
    """Each function's stack frame (from its prologue) and the functions it
    may call (symbols its literal pool or call0 names)."""
    frames, calls, literals = {}, {}, {}
    fn = None
    for line in asm.read_text().splitlines():
        s = line.strip()
        m = re.match(r"\.literal (\.LCPI\S+), (\S+)$", s)
        if m:
            literals[m.group(1)] = m.group(2)
            continue
        m = re.match(r"^([A-Za-z_][\w.$]*):$", line)
        if m:
            fn = m.group(1)
            frames[fn], calls[fn] = None, set()
            base = None
            continue
        if fn is None:
            continue
        if frames[fn] is None:
            m = re.match(r"(?:addi\s+a8, a1|movi\s+a8), -(\d+)$", s)
            if m:
                frames[fn] = int(m.group(1))
            # Frames over 2 KiB: movi a8, X; addmi a8, a8, -Y (a8 = X - Y).
            m = re.match(r"movi\s+a8, (\d+)$", s)
            if m:
                base = int(m.group(1))
            m = re.match(r"addmi\s+a8, a8, -(\d+)$", s)
            if m and base is not None:
                frames[fn] = int(m.group(1)) - base
        m = re.match(r"l32r\s+\w+, (\.LCPI\S+)", s)
        if m and m.group(1) in literals:
            calls[fn].add(literals[m.group(1)])
        m = re.match(r"call0\s+(\S+)", s)
        if m:
            calls[fn].add(m.group(1))
    return {f: v or 0 for f, v in frames.items()}, calls


def stack_bound(opt, root):
    """Deepest stack over the static call graph from `root` (recursion
    ignored, indirect calls unseen: an estimate, checked against QEMU's
    painted-stack figure by make lx106-handshake)."""
    frames, calls = frames_and_calls(out_dir(opt) / "rtls.fixed.s")
    memo = {}

    def deepest(f, seen):
        if f in memo:
            return memo[f]
        if f in seen or f not in frames:
            return 0, []
        best = max((deepest(c, seen | {f}) for c in calls[f]), default=(0, []), key=lambda r: r[0])
        memo[f] = (frames[f] + best[0], [f] + best[1])
        return memo[f]

    total, path = deepest(root, frozenset())
    return total, list(zip((frames[f] for f in path), demangle(path)))


def stack_report(opt):
    total, path = stack_bound(opt, "rtls_lx106_handshake")
    print(f"LX106 stack, opt-level {opt}: deepest static path from rtls_lx106_handshake "
          f"{total} bytes (limit 6144):")
    for frame, name in path:
        if frame:
            print(f"  {frame:6}  {shorten(name)}")


def shorten(name):
    """A demangled name without crate hashes and generic arguments."""
    name = re.sub(r"\[[0-9a-f]+\]", "", name)
    while True:
        short = re.sub(r"(?<=[\w])<[^<>]*>|::<[^<>]*>", "", name)
        if short == name:
            return name[:110]
        name = short


# --- link check --------------------------------------------------------------

def link(opt):
    """Links the library with a C stub keeping every entry point: first
    without the runtime helpers, to list what the Rust code needs from
    outside, then with rt/ (what the ESP8266 ROM provides in a firmware)."""
    lib = out_dir(opt) / "librtls_lx106.a"
    out = BUILD / "link"
    out.mkdir(parents=True, exist_ok=True)
    stub = out / "stub.o"
    run([CROSS + "gcc", *C_FLAGS, "-I", HERE, "-c", HERE / "link" / "stub.c", "-o", stub])
    base = [CROSS + "gcc", "-nostdlib", "-Wl,--gc-sections", "-Wl,--no-warn-execstack",
            "-Wl,-e,rtls_link_check_main", stub, lib]
    probe = subprocess.run([*map(str, base), "-lgcc", "-o", str(out / "probe.elf")],
                           capture_output=True, text=True)
    missing = sorted(set(re.findall(r"undefined reference to `([^']+)'", probe.stderr)))
    if probe.returncode != 0 and not missing:
        sys.stderr.write(probe.stderr)
        sys.exit("lx106: link check failed for another reason than missing symbols")
    print(f"LX106 link: symbols the library needs besides libgcc: {' '.join(missing) or 'none'}")
    rt = build_rt()
    elf = out / f"link-{opt}.elf"
    result = subprocess.run([*map(str, base), str(rt), "-lgcc", "-Wl,-Map=" + str(elf.with_suffix(".map")),
                             "-o", str(elf)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit("lx106: link check FAILED")
    sizes = run([CROSS + "size", "-A", elf], capture_output=True, text=True).stdout
    sec = {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\.\S+)\s+(\d+)", sizes, re.M)}
    rt_syms = run([CROSS + "nm", "--defined-only", rt], capture_output=True, text=True).stdout
    provided = [s for s in missing if re.search(rf" T {re.escape(s)}$", rt_syms, re.M)]
    print(f"LX106 link: OK with rt/ providing {' '.join(provided)}; "
          f"{elf.relative_to(ROOT)}: .text {sec.get('.text', 0)} .rodata {sec.get('.rodata', 0)} "
          f".data {sec.get('.data', 0)} .bss {sec.get('.bss', 0)} "
          f"(stub, rt/ and libgcc included)")
    return sec


# --- QEMU handshake harness --------------------------------------------------

def linked_sections(map_file, members):
    """The .text/.literal/.rodata input sections a GNU ld map file places
    from the archive members or objects ending in `members`: (name,
    address, size) each."""
    text = map_file.read_text().partition("Linker script and memory map")[2]
    for m in re.finditer(r"^ (\.(?:text|literal|rodata)\S*)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)$",
                         text, re.M):
        if m.group(4).endswith(members):
            yield m.group(1), int(m.group(2), 16), int(m.group(3), 16)


def linked_bytes(map_file, member):
    """Bytes of code and read-only data linked from `member`."""
    return sum(size for _, _, size in linked_sections(map_file, member))


def guest(name, sources, libs, shared=True):
    """Links a QEMU guest (start.S, with `shared` guest.c, + sources) with
    lx106-sim.ld."""
    out = BUILD / "qemu-harness"
    out.mkdir(parents=True, exist_ok=True)
    objs = []
    for src in [HERE / "qemu" / "start.S", *([HERE / "qemu" / "guest.c"] if shared else []), *sources]:
        obj = out / (src.stem + ".o")
        run([CROSS + "gcc", *C_FLAGS, "-I", HERE, "-I", out, "-c", src, "-o", obj])
        objs.append(obj)
    elf = out / f"{name}.elf"
    run([CROSS + "gcc", "-nostdlib", "-Wl,--gc-sections", "-Wl,--no-warn-execstack",
         "-T", HERE / "qemu" / "lx106-sim.ld", *objs, *libs, "-lgcc",
         "-Wl,-Map=" + str(elf.with_suffix(".map")), "-o", elf])
    return elf


def qemu_with_rt():
    """QEMU's command line and the runtime helpers' archive, after checking
    the helpers in QEMU (everything measured depends on them)."""
    rt = build_rt()
    qemu = run([HERE / "qemu-setup.sh"], capture_output=True, text=True).stdout.strip().splitlines()[-1]
    qemu_cmd = [qemu, "-M", "sim", "-cpu", "lx106", "-semihosting", "-nographic", "-monitor", "none"]
    (BUILD / "qemu-harness").mkdir(parents=True, exist_ok=True)
    run([sys.executable, HERE / "qemu" / "rt_test.py", BUILD / "qemu-harness" / "rt_vectors.h"])
    rt_elf = guest("rt-test", [HERE / "qemu" / "rt_test.c"], [rt], shared=False)
    result = subprocess.run([*qemu_cmd, "-kernel", str(rt_elf)], capture_output=True, text=True, timeout=120)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        sys.exit("lx106: runtime helper test failed")
    return qemu_cmd, rt


def handshake(opt, connections, budgets):
    """The QEMU harness through `connections` handshakes against openssl
    s_server: the board's build (narrow-ec), with the budgets, then the
    same engine on the RustCrypto and dalek crates as the baseline (its
    figures are reported, its budgets not enforced: it does not fit them)."""
    qemu_cmd, rt = qemu_with_rt()
    certs = BUILD / "certs"
    if not (certs / "client.key").exists():
        log("generating test certificates (tests/gen_certs.sh)")
        run([ROOT / "tests" / "gen_certs.sh", certs], stdout=subprocess.DEVNULL)
    builds = [("", build_lib(opt), budgets),
              ("RustCrypto crates", build_lib(opt, ("rustcrypto-ec",), default_features=False), "report")]
    for label, lib, build_budgets in builds:
        name = f"harness-{opt}" + ("-crates" if label else "")
        elf = guest(name, [HERE / "qemu" / "main.c"], [lib, rt])
        text = linked_bytes(elf.with_suffix(".map"), "librtls_lx106.a(rtls.o)")
        log(f"running {elf.relative_to(ROOT)} in {qemu_cmd[0]}")
        result = subprocess.run([sys.executable, HERE / "qemu" / "run.py", "--qemu", qemu_cmd[0],
                                 "--elf", elf, "--certs", certs, "--workdir", BUILD / "run",
                                 "--text", str(text), "--connections", str(connections),
                                 "--budgets", build_budgets, "--label", label])
        if result.returncode != 0:
            sys.exit(result.returncode)


def ops(opt):
    """Times each P-256 and P-384 operation by the p256/p384 crates and by
    narrow-ec on the same inputs, and X25519 and Ed25519 by the dalek crates
    and by narrow-ec, in QEMU (qemu/ops.c over harness/src/ops.rs, the
    harness built with its `ops` feature)."""
    lib = build_lib(opt, features=("ops",))
    qemu_cmd, rt = qemu_with_rt()
    elf = guest(f"ops-{opt}", [HERE / "qemu" / "ops.c"], [lib, rt])
    log(f"running {elf.relative_to(ROOT)}")
    result = subprocess.run([*qemu_cmd, "-icount", "shift=0", "-kernel", str(elf)],
                            capture_output=True, text=True, timeout=600)
    rows = re.findall(r"^RESULT (\S+) (\S+) rc=(\S+) instructions=(\d+) stack_peak=(\d+)$",
                      result.stdout, re.M)
    for op, impl, _, instructions, stack in rows:
        print(f"lx106 op: {op} impl={impl} instructions={instructions} stack_peak={stack}")
    # Lines bench/run.py collects (LX106 <what>: <figure>).
    for op, impl, _, instructions, _ in rows:
        print(f"LX106 {op} ({impl}) instructions: {int(instructions):,}")
    if result.returncode != 0 or not rows:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit("lx106: per-operation benchmark FAILED")


# --- NodeMCU placement check -------------------------------------------------

IROM0 = (0x40209000, 0x40209000 + 1024 * 1024 - 36 * 1024)
DRAM = (0x3FFE8000, 0x3FFE8000 + 80 * 1024)


def nodemcu_link():
    """Links the library with a stub through boards/NODEMCU's linker script
    (generated from the port's esp8266_common.ld, with the ESP8266 ROM's
    symbol file), as the firmware link would place it: rtls code and
    read-only data must land in flash (.irom0.text), and every helper it
    calls must come from the ROM or libgcc. Needs MicroPython's source
    (MICROPY_DIR), not the SDK."""
    port = Path(os.environ.get("MICROPY_DIR", ROOT / "build" / "micropython-src")) / "ports" / "esp8266"
    if not (port / "boards" / "esp8266_common.ld").exists():
        sys.exit(f"lx106: no esp8266 port at {port} (make source fetches MicroPython)")
    board = ROOT / "boards" / "NODEMCU"
    out = BUILD / "nodemcu-link"
    out.mkdir(parents=True, exist_ok=True)
    lib = out / "librtls.a"
    lib.write_bytes(build_lib("s").read_bytes())
    run([sys.executable, board / "rtls_ld.py", port / "boards" / "esp8266_common.ld",
         out / "esp8266_common_rtls.ld"])
    stub = out / "stub.o"
    # Firmware C code is compiled with -mlongcalls (it calls into flash).
    run([CROSS + "gcc", *C_FLAGS, "-mlongcalls", "-I", HERE, "-c", HERE / "link" / "stub.c", "-o", stub])
    libgcc = run([CROSS + "gcc", "-print-libgcc-file-name"], capture_output=True, text=True).stdout.strip()
    elf, link_map = out / "nodemcu.elf", out / "nodemcu.map"
    result = subprocess.run([CROSS + "ld", "-nostdlib", "--gc-sections", "--no-warn-execstack",
                             "-L", str(out), "-T", str(board / "esp8266_nodemcu.ld"),
                             "-e", "rtls_link_check_main", "-Map=" + str(link_map),
                             str(stub), str(lib), libgcc, "-o", str(elf)],
                            cwd=port, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        sys.exit("lx106: NodeMCU placement link FAILED")
    code = rodata = dram = 0
    misplaced = []
    for name, addr, size in linked_sections(link_map, "librtls.a(rtls.o)"):
        if size == 0:
            continue
        want = DRAM if name.startswith((".data", ".bss")) else IROM0
        if not want[0] <= addr < want[1]:
            misplaced.append(f"{name} at {addr:#x}")
        if want == DRAM:
            dram += size
        elif name.startswith(".rodata"):
            rodata += size
        else:
            code += size
    if misplaced:
        sys.exit("lx106: NodeMCU placement wrong: " + ", ".join(misplaced[:5]))
    syms = run([CROSS + "nm", elf], capture_output=True, text=True).stdout
    in_rom = {m.group(1) for m in re.finditer(r"^4000[0-9a-f]{4} A (\S+)$", syms, re.M)}
    needed = run([CROSS + "nm", "-u", lib], capture_output=True, text=True).stdout.split()
    rom = sorted(set(needed) & in_rom)
    print(f"LX106 NodeMCU placement: rtls code {code:,} bytes and read-only data {rodata:,} bytes "
          f"in .irom0.text (flash), .data and .bss {dram:,} bytes in DRAM; "
          f"from the ESP8266 ROM: {' '.join(rom)}")


# --- The firmware's library without the SDK ------------------------------------

def board_budget(name):
    """A budget constant of the board's TLS settings, read as the QEMU
    harness reads it (qemu/run.py)."""
    sys.path.insert(0, str(HERE / "qemu"))
    import run as harness_run
    return harness_run.board_budget(name)


def firmware_lib():
    """What of the firmware builds without the ESP8266 SDK: bindgen over the
    esp8266 port's headers (NODEMCU board, picolibc's C headers from Debian
    in place of the SDK's newlib, and the unix build's generated qstr
    headers standing in for the port's), the binding and engine built for
    LX106 as cargo-lx106.py builds them for the firmware, and
    usermod/modrtls.c and cryptolib.c compiled with the port's flags. A
    link of them with --gc-sections from the two module objects gives the
    flash the modules take; MicroPython's own functions stay unresolved
    (the firmware has them). Needs MicroPython's source and the unix build
    (`make build`)."""
    micropy = Path(os.environ.get("MICROPY_DIR", ROOT / "build" / "micropython-src")).resolve()
    port = micropy / "ports" / "esp8266"
    genhdr = ROOT / "build" / "unix-obj" / "genhdr"
    for need, what in ((port / "mpconfigport.h", "the esp8266 port (make source)"),
                       (genhdr / "qstrdefs.generated.h", "the unix build's qstrs (make build)")):
        if not need.exists():
            sys.exit(f"lx106: firmware-lib needs {what}: no {need}")
    out = BUILD / "firmware-lib"
    (out / "genhdr").mkdir(parents=True, exist_ok=True)
    for header in genhdr.glob("*.h"):
        (out / "genhdr" / header.name).write_bytes(header.read_bytes())
    gcc_include = [run([CROSS + "gcc", f"-print-file-name={d}"], capture_output=True, text=True).stdout.strip()
                   for d in ("include", "include-fixed")]
    # The port's CFLAGS_XTENSA defines and include order (ports/esp8266/Makefile).
    flags = [f"-I{port}", f"-I{micropy}", f"-I{out}", f"-I{ROOT / 'boards' / 'NODEMCU'}",
             "-isystem", "/usr/lib/xtensa-lx106-elf/include",
             *[a for d in gcc_include for a in ("-isystem", d)],
             "-D__ets__", "-DICACHE_FLASH", "-DLWIP_OPEN_SRC", "-DUART_OS=-1",
             "-DMICROPY_PY_SSL=0", "-DMICROPY_SSL_AXTLS=0"]
    # The module tables: rtls, and cryptolib (the board's, its own being off).
    tables = [out / "modrtls.o", out / "cryptolib.o"]
    for obj in tables:
        run([CROSS + "gcc", "-c", ROOT / "usermod" / obj.with_suffix(".c").name, "-o", obj, *flags,
             "-std=gnu99", "-Os", "-Wall", "-Werror", "-mlongcalls", "-mtext-section-literals",
             "-ffunction-sections", "-fdata-sections"])
    log("lx106: usermod/modrtls.c and cryptolib.c compiled against the esp8266 port's headers")
    lib = cargo_to_archive(HERE / "firmware" / "Cargo.toml", "lx106", out / "cargo", out / "lib",
                           out / "librtls.a", rustflags=FIRMWARE_RUSTFLAGS,
                           env_extra={**FIRMWARE_BINDGEN_ENV, "RTLS_BINDGEN_CFLAGS": " ".join(flags)})
    elf = out / "module.elf"
    # Kept from the two module objects, as the firmware's module table keeps them.
    run([CROSS + "gcc", "-nostdlib", "-Wl,--gc-sections", "-Wl,--no-warn-execstack",
         "-Wl,-e,rtls_module", "-Wl,--require-defined=rtls_cryptolib_module",
         "-Wl,--unresolved-symbols=ignore-all",
         *tables, lib, "-lgcc", "-Wl,-Map=" + str(elf.with_suffix(".map")), "-o", elf])
    code = data = 0
    for name, _, size in linked_sections(elf.with_suffix(".map"),
                                         ("librtls.a(rtls.o)", *(obj.name for obj in tables))):
        if name.startswith(".rodata"):
            data += size
        else:
            code += size
    print(f"LX106 firmware module (MicroPython binding + engine + modrtls.c + cryptolib.c): code {code:,} bytes, "
          f"read-only data {data:,} bytes, total {code + data:,} bytes")
    budget = board_budget("CODE_BUDGET")
    if code + data > budget:
        sys.exit(f"lx106: firmware module over the board's CODE_BUDGET: {code + data:,} > {budget:,} bytes")
    print(f"LX106 firmware module within the board's CODE_BUDGET ({budget:,} bytes)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["lib", "report", "link", "lx106", "handshake", "ops", "nodemcu-link",
                                       "firmware-lib"])
    p.add_argument("--connections", type=int, default=3,
                   help="handshake: 1 = full handshake only, 2 = then a resumed one, "
                        "3 = then one with an external PSK")
    p.add_argument("--budgets", choices=["enforce", "report"], default="enforce",
                   help="handshake: fail over the stack/block budgets, or only report them")
    p.add_argument("--opt", choices=["s", "z"], action="append")
    a = p.parse_args()
    opts = a.opt or (["s", "z"] if a.command == "lx106" else ["s"])
    if a.command in ("lib", "lx106"):
        for o in opts:
            build_lib(o)
    if a.command in ("report", "lx106"):
        report(opts)
        stack_report(opts[0])
    if a.command in ("link", "lx106"):
        for o in opts:
            link(o)
    if a.command == "handshake":
        handshake(opts[0], a.connections, a.budgets)
    if a.command == "ops":
        ops(opts[0])
    if a.command == "nodemcu-link":
        nodemcu_link()
    if a.command == "firmware-lib":
        firmware_lib()


if __name__ == "__main__":
    main()
