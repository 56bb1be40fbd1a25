#!/usr/bin/env python3
"""Run a server and drive its stdin by a script, like a tiny `expect`.

Usage: stdin_script.py [--step expect=TEXT | --step send=TEXT]... -- PROGRAM ARGS...

PROGRAM's stdout and stderr are copied to this script's stdout line by line
(the runner's peer log).  The steps run in order, once:

  expect=TEXT   wait until a line of PROGRAM's output contains TEXT
                (output seen before the step counts too: it is consumed
                line by line, in order)
  send=TEXT     write TEXT and a newline to PROGRAM's stdin, as one write,
                then pause, so that a program which treats each read as one
                command or one message (openssl s_server's interactive mode:
                "k" and "K" must come alone) sees it alone (no pause after
                the last step)

Progress is logged as "[script] ..." lines; the last one is
"[script] complete" when every step ran.  An expect that waits longer than
--timeout seconds ends the script ("[script] timed out ...").  PROGRAM's
stdin stays open afterwards (s_server ends at end of input); PROGRAM runs
until this script is killed (the runner kills the whole process group).
"""
import argparse
import subprocess
import sys
import threading
import time

SEND_PAUSE = 0.3


class Output:
    """PROGRAM's output lines, copied to stdout and kept for expect."""

    def __init__(self, stream):
        self.lines = []
        self.closed = False
        self.changed = threading.Condition()
        threading.Thread(target=self._copy, args=(stream,), daemon=True).start()

    def _copy(self, stream):
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace")
            sys.stdout.write(line)
            sys.stdout.flush()
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def expect(self, text, start, timeout):
        """Index after the first line from `start` on containing text, or
        None after timeout seconds or at the end of the output."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for i in range(start, len(self.lines)):
                    if text in self.lines[i]:
                        return i + 1
                start = len(self.lines)
                remaining = deadline - time.monotonic()
                if self.closed or remaining <= 0:
                    return None
                self.changed.wait(remaining)


def log(text):
    """A progress line in the peer log."""
    print("[script] " + text, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", action="append", default=[],
                        help="expect=TEXT or send=TEXT")
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("program", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.program[:1] == ["--"]:
        args.program = args.program[1:]
    if not args.program:
        parser.error("no program to run")
    for step in args.step:
        if step.partition("=")[0] not in ("expect", "send"):
            parser.error("bad step %r" % step)
    return args


def main():
    args = parse_args()
    proc = subprocess.Popen(args.program, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = Output(proc.stdout)
    position = 0
    for number, step in enumerate(args.step, 1):
        kind, _, text = step.partition("=")
        if kind == "expect":
            position = output.expect(text, position, args.timeout)
            if position is None:
                log("timed out waiting for %r" % text)
                break
            log("saw %r" % text)
        else:
            proc.stdin.write(text.encode() + b"\n")
            proc.stdin.flush()
            log("sent %r" % text)
            if number < len(args.step):
                time.sleep(SEND_PAUSE)
    else:
        log("complete")
    sys.exit(proc.wait())


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
