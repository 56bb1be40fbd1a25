#!/usr/bin/env python3
"""Rewrites every sub-word load in LLVM's Xtensa assembly as a word load,
as gcc's -mforce-l32 does for the esp8266 port's C code.

The ESP8266 maps its flash (where rtls' read-only data goes, to leave DRAM
to Wi-Fi) for 32-bit loads only: an l8ui, l16ui or l16si there raises
LoadStoreError. LLVM has no such option, so each

    l8ui   at, as, off          (l16ui/l16si alike)

becomes a load of the aligned word holding the byte, shifted by the
address' low bits and masked (sign-extended for l16si):

    addi   at, as, off          (addmi + addi for larger offsets; none for 0)
    ssa8l  at                   SAR = 8 * (address & 3)
    srli   at, at, 2
    slli   at, at, 2            the aligned word's address
    l32i   at, at, 0
    srl    at, at               the byte (halfword) now at bit 0
    extui  at, at, 0, 8         (0, 16; l16si: slli 16 + srai 16)

It uses only the destination register (which the load writes anyway) and
SAR. A halfword load is 2-aligned, so its halfword never straddles two
words. SAR must not be live across the load: a backward dataflow over each
function's control flow (calls clobber SAR, as the ABI lets them; an
indirect jump may reach any block) finds the loads where it is, and those
stop the build: none occur in rtls today, and a silent rewrite there would
corrupt a shift.

boards/NODEMCU/check_image.py checks the firmware image for any sub-word
load left in rtls' code.

Usage: forcel32.py in.s out.s
"""

import re
import sys

# mnemonic -> (bits, signed)
SUB_WORD = {"l8ui": (8, False), "l16ui": (16, False), "l16si": (16, True)}
SAR_READ = {"sll", "srl", "sra", "src"}
SAR_WRITE = {"ssl", "ssr", "ssa8l", "ssa8b", "ssai", "callx0", "call0", "callx8", "call8"}
INSN = re.compile(r"^\t([a-z][a-z0-9.]*)(?:\t(.*))?$")
LABEL = re.compile(r"^([.\w$]+):")
FUNC_START = re.compile(r"^\t\.type\t[^,]+,@function")
FUNC_END = re.compile(r"^\.Lfunc_end\d+:")


def operands(text):
    return [x.strip() for x in (text or "").split(",")]


def touches_sar(op, args):
    """(reads, writes) of the shift-amount register."""
    special = op in ("rsr", "wsr", "xsr") and operands(args)[-1] == "sar" or op.endswith(".sar")
    reads = op in SAR_READ or special and not op.startswith("wsr")
    writes = op in SAR_WRITE or special and not op.startswith("rsr")
    return reads, writes


def sar_live_after(lines, start, end):
    """Line index -> whether SAR is live after the instruction there, for
    the instructions of one function."""
    insns = []
    # A label names the first instruction after it.
    label_at, pending = {}, []
    for i in range(start, end):
        label = LABEL.match(lines[i])
        if label:
            pending.append(label.group(1))
        elif INSN.match(lines[i]):
            for name in pending:
                label_at[name] = len(insns)
            pending = []
            insns.append(i)
    blocks = sorted(set(label_at.values()))
    succ, reads, writes = [], [], []
    for k, i in enumerate(insns):
        op, args = INSN.match(lines[i]).groups()
        ops = operands(args)
        if op in ("ret", "ret.n", "retw", "retw.n"):
            nxt = []
        elif op in ("j", "j.l"):
            nxt = [label_at.get(ops[0])]
        elif op == "jx":
            nxt = blocks
        elif op.startswith("b") and ops[-1] in label_at:
            nxt = [k + 1, label_at[ops[-1]]]
        else:
            nxt = [k + 1]
        succ.append([s for s in nxt if s is not None and s < len(insns)])
        r, w = touches_sar(op, args)
        reads.append(r)
        writes.append(w)
    live_in = [False] * len(insns)
    changed = True
    while changed:
        changed = False
        for k in range(len(insns) - 1, -1, -1):
            live = reads[k] or (not writes[k] and any(live_in[s] for s in succ[k]))
            if live != live_in[k]:
                live_in[k], changed = live, True
    return {i: any(live_in[s] for s in succ[k]) for k, i in enumerate(insns)}


def word_load(op, args):
    """The instructions that replace one sub-word load."""
    bits, signed = SUB_WORD[op]
    dst, base, offset = operands(args)
    offset = int(offset, 0)
    seq = []
    if -128 <= offset <= 127:
        if offset or dst != base:
            seq.append(f"addi\t{dst}, {base}, {offset}")
    else:
        high = (offset + 128) // 256 * 256
        seq.append(f"addmi\t{dst}, {base}, {high}")
        if offset - high:
            seq.append(f"addi\t{dst}, {dst}, {offset - high}")
    seq += [f"ssa8l\t{dst}", f"srli\t{dst}, {dst}, 2", f"slli\t{dst}, {dst}, 2",
            f"l32i\t{dst}, {dst}, 0", f"srl\t{dst}, {dst}"]
    if signed:
        seq += [f"slli\t{dst}, {dst}, {32 - bits}", f"srai\t{dst}, {dst}, {32 - bits}"]
    else:
        seq.append(f"extui\t{dst}, {dst}, 0, {bits}")
    return ["\t" + s for s in seq]


def rewrite(lines):
    live, start, name = {}, None, None
    for i, line in enumerate(lines):
        if FUNC_START.match(line):
            start = i
        elif start is not None and FUNC_END.match(line):
            live.update(sar_live_after(lines, start, i))
            start = None
    out, count, current = [], 0, "?"
    for i, line in enumerate(lines):
        label = LABEL.match(line)
        if label and not label.group(1).startswith("."):
            current = label.group(1)
        insn = INSN.match(line)
        if not insn or insn.group(1) not in SUB_WORD:
            out.append(line)
            continue
        if live.get(i, True):
            raise SystemExit(f"forcel32: {current}: line {i + 1} '{line.strip()}': the shift-amount "
                             "register is live across this load (or the function's end was not "
                             "found), so it cannot be rewritten with ssa8l/srl; rewrite that code "
                             "or teach forcel32.py to save SAR")
        out.extend(word_load(*insn.groups()))
        count += 1
    return out, count


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f:
        lines = f.read().split("\n")
    out, count = rewrite(lines)
    with open(dst, "w") as f:
        f.write("\n".join(out))
    print(f"forcel32: {count} sub-word loads rewritten as word loads", file=sys.stderr)


if __name__ == "__main__":
    main()
