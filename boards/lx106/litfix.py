#!/usr/bin/env python3
"""Moves LLVM's Xtensa literal pools next to their own function.

LLVM's Xtensa backend prints each function's literal pool (`.literal_position`
and `.literal` lines) *before* the `.section .text.<fn>` directive of that
function, so the pool lands in whichever section was open before (the
previous function or a `.rodata` jump table). GNU ld then rejects the
object ("l32r: literal placed after use", "misaligned literal target").
Moved after the function's own `.section .text.<fn>`, GNU as puts the pool
in `.literal.<fn>`, which the link places before the code that loads from
it and which `--gc-sections` keeps or drops together with the function.

Usage: litfix.py in.s out.s
"""

import sys


def is_section(line):
    return line.lstrip().startswith(".section")


def fix(lines):
    out = []
    pending = []
    moved = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == ".literal_position" or stripped.startswith(".literal "):
            pending.append(line)
            continue
        out.append(line)
        if pending and is_section(line) and ".text." in line.split(",")[0]:
            # A section line directly followed by another only re-opens
            # a section on the way: the pool belongs to the last one.
            following = next((l for l in lines[i + 1:] if l.strip()), "")
            if not is_section(following):
                out.extend(pending)
                moved += 1
                pending = []
    if pending:
        raise SystemExit("litfix: literal pool with no function after it")
    return out, moved


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f:
        lines = f.read().split("\n")
    out, moved = fix(lines)
    with open(dst, "w") as f:
        f.write("\n".join(out))
    print(f"litfix: {moved} literal pools moved", file=sys.stderr)


if __name__ == "__main__":
    main()
