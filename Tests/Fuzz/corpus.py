"""Write findings out: the failing program, its reduction and, on request, a corpus test.

By default everything goes to an output directory (/tmp/tierscope-fuzz). With
--write-corpus a reduction also becomes Tests/Programs/fuzz_<short>_<seed>.py, whose
expectations are then written by Tests/Programs/regenerate.py (python3 is the oracle).
"""
import os
import subprocess
import sys

from features import GROUPS

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
PROGRAMS_DIR = os.path.join(REPO_ROOT, "Tests", "Programs")


def describe(report):
    """A few lines on what differed, per configuration."""
    lines = []
    oracle = report.oracle
    if oracle is not None:
        lines.append("python3: exit %d, %.2f s, last stderr line %r" % (oracle.status, oracle.seconds, oracle.last_stderr))
    for m in report.mismatches:
        lines.append("%-9s %-7s %s" % (m.config, m.category, m.detail))
    return "\n".join(lines) + "\n"


def save_failure(out_dir, seed, text, report):
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "seed_%d.py" % seed)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(out_dir, "seed_%d.txt" % seed), "w", encoding="utf-8") as f:
        f.write(describe(report))
    return path


def corpus_name(group, seed):
    short = GROUPS[group].short if group in GROUPS else "misc"
    return "fuzz_%s_%d" % (short, seed)


def header_line(group, seed, mismatch, configs):
    """A first line in the corpus style; edit it to name the bug before committing."""
    about = GROUPS[group].about if group in GROUPS else "a fuzz-found difference from python3"
    return "# Checks %s (fuzz seed %d, reduced: %s under %s)." % (about, seed, mismatch.category, ",".join(configs))


def write_reduction(out_dir, group, seed, mismatch, configs, body, write_corpus):
    """Write the reduced program to out_dir (and to the corpus); returns the paths written."""
    name = corpus_name(group, seed)
    text = header_line(group, seed, mismatch, configs) + "\n" + body
    os.makedirs(out_dir, exist_ok=True)
    paths = [os.path.join(out_dir, name + ".py")]
    with open(paths[0], "w", encoding="utf-8") as f:
        f.write(text)
    if write_corpus:
        target = os.path.join(PROGRAMS_DIR, name + ".py")
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)
        subprocess.run([sys.executable, os.path.join(PROGRAMS_DIR, "regenerate.py"), target], check=True,
                       stdout=subprocess.DEVNULL)
        paths.append(target)
    return paths
