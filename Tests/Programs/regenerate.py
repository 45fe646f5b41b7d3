#!/usr/bin/env python3
"""Regenerate the expected outputs of the differential test corpus.

For every Tests/Programs/<name>.py (except this script) run `python3 <name>.py`
with cwd = Tests/Programs and write:
  expected/<name>.stdout  exact stdout bytes
  expected/<name>.status  line 1: exit status; line 2: last non-empty stderr
                          line (empty when stderr is empty)

Usage: python3 Tests/Programs/regenerate.py [name.py ...]
Must be run with CPython 3.11 (3.12+ changes some messages and float sums).
"""
import os
import subprocess
import sys

REQUIRED = (3, 11)


def main(argv):
    impl = getattr(getattr(sys, "implementation", None), "name", "unknown")
    if impl != "cpython" or tuple(sys.version_info[:2]) != REQUIRED:
        sys.stderr.write(
            "regenerate.py: refusing to run: needs CPython %d.%d, this is %s %s\n"
            % (REQUIRED[0], REQUIRED[1], impl, sys.version.split()[0])
        )
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    me = os.path.basename(os.path.abspath(__file__))
    out_dir = os.path.join(here, "expected")
    os.makedirs(out_dir, exist_ok=True)

    if argv:
        names = []
        for arg in argv:
            base = os.path.basename(arg)
            if not base.endswith(".py"):
                base += ".py"
            if base == me or not os.path.isfile(os.path.join(here, base)):
                sys.stderr.write("regenerate.py: no such program: %s\n" % arg)
                return 2
            names.append(base)
    else:
        names = sorted(n for n in os.listdir(here) if n.endswith(".py") and n != me)

    env = dict(os.environ)
    env.pop("PYTHONSTARTUP", None)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONWARNINGS", None)
    for name in names:
        stem = name[:-3]
        proc = subprocess.run(
            [sys.executable, name],
            cwd=here,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
        err_lines = [l for l in proc.stderr.decode("utf-8", "replace").splitlines() if l.strip()]
        last = err_lines[-1] if err_lines else ""
        with open(os.path.join(out_dir, stem + ".stdout"), "wb") as f:
            f.write(proc.stdout)
        with open(os.path.join(out_dir, stem + ".status"), "w", encoding="utf-8", newline="\n") as f:
            f.write("%d\n%s\n" % (proc.returncode, last))
        print("%-32s exit=%d %s" % (name, proc.returncode, last))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
