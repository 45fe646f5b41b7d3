#!/usr/bin/env python3
"""Regenerate the expected outputs of the differential test corpus.

For every <dir>/<name>.py in Tests/Programs and Demos (except this script) run
`python3 <name>.py` with cwd = <dir> and write:
  <dir>/expected/<name>.stdout  exact stdout bytes
  <dir>/expected/<name>.status  line 1: exit status; line 2: last non-empty
                                stderr line (empty when stderr is empty)

Usage: python3 Tests/Programs/regenerate.py [path/to/name.py ...]
A bare name (no directory) means Tests/Programs/<name>.py.
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
    me = os.path.abspath(__file__)
    corpus_dirs = [here, os.path.join(os.path.dirname(os.path.dirname(here)), "Demos")]

    programs = []  # (directory, file name)
    if argv:
        for arg in argv:
            path = arg if os.path.dirname(arg) else os.path.join(here, arg)
            if not path.endswith(".py"):
                path += ".py"
            path = os.path.abspath(path)
            if path == me or not os.path.isfile(path):
                sys.stderr.write("regenerate.py: no such program: %s\n" % arg)
                return 2
            programs.append((os.path.dirname(path), os.path.basename(path)))
    else:
        for directory in corpus_dirs:
            if os.path.isdir(directory):
                programs += [(directory, n) for n in sorted(os.listdir(directory))
                             if n.endswith(".py") and os.path.join(directory, n) != me]

    env = dict(os.environ)
    env.pop("PYTHONSTARTUP", None)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONWARNINGS", None)
    for here, name in programs:
        stem = name[:-3]
        out_dir = os.path.join(here, "expected")
        os.makedirs(out_dir, exist_ok=True)
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
        print("%-40s exit=%d %s" % (os.path.relpath(os.path.join(here, name)), proc.returncode, last))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
