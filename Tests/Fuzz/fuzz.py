#!/usr/bin/env python3
"""Differential fuzzing of tierscope against python3: generate, run, compare, reduce.

    python3 Tests/Fuzz/fuzz.py --seed 1 --count 300 [--tierscope PATH] [--jobs 2]
                               [--reduce] [--write-corpus] [--keep DIR] [--out DIR]
                               [--features SPEC] [--configs a,b]
    python3 Tests/Fuzz/fuzz.py --dump SEED       # print the program for one seed

Program k of a batch has seed SEED+k, so `--seed 17 --count 1` reruns program 17.
Exits 1 if any program mismatched, crashed or hung; see Tests/Fuzz/README.md.
"""
import argparse
import os
import re
import shutil
import sys
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import corpus  # noqa: E402
import runner  # noqa: E402
from features import GROUPS, resolve_features  # noqa: E402
from generate import generate_program  # noqa: E402
from reducer import Reducer  # noqa: E402

DEFAULT_BINARY = os.path.join(corpus.REPO_ROOT, ".build", "release", "tierscope")


def locus_group(program, mismatch):
    """The feature group of the block that raised the differing exception or, failing that,
    of the block whose output first differed."""
    if mismatch is None:
        return "misc"
    block = program.block_at_source_line(mismatch.source_line) if mismatch.source_line > 0 else None
    if block is None and mismatch.first_diff_line >= 0:
        block = program.block_at_output_line(mismatch.first_diff_line)
    return block.group if block and block.group in GROUPS else "misc"


def check_seed(seed, features, binary, workdir, configs):
    """Worker: generate and check one program. Returns what the parent needs, picklable."""
    try:
        program = generate_program(seed, features)
    except Exception:  # a generator bug: report it against the seed, keep the batch going
        report = runner.Report(seed, "")
        report.invalid = "generator raised:\n" + traceback.format_exc()
        return {"seed": seed, "report": report, "text": "", "header": "", "blocks": [],
                "groups": [], "locus": "misc"}
    path = os.path.join(workdir, "seed_%d.py" % seed)
    text = program.text
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    report = runner.check_program(binary, path, seed, program.expected_stdout, configs)
    blocks = []
    lines = text.splitlines(keepends=True)
    for index, block in enumerate(program.blocks):
        start = block.first_line - 1
        blocks.append((index, "".join(lines[start:start + len(block.lines)])))
    groups = [block.group for block in program.blocks]
    return {"seed": seed, "report": report, "text": text, "header": lines[0], "blocks": blocks,
            "groups": groups, "locus": locus_group(program, report.worst)}


def reduce_finding(finding, binary, out_dir, write_corpus):
    """Worker: reduce one failing program and write the reduction out."""
    report = finding["report"]
    worst = report.worst
    workdir = tempfile.mkdtemp(prefix="reduce_%d_" % finding["seed"], dir=out_dir)
    try:
        # prefer reducing in the lowest failing tier; keep t0 passing if it passed
        controls = [] if "t0" in report.failed_configs else ["t0"]
        reducer = Reducer(binary, worst.key, workdir, controls)
        text, surviving = reducer.reduce(finding["header"], finding["blocks"])
        groups = [finding["groups"][i] for i in surviving]
        group = finding["locus"] if finding["locus"] in groups else (groups[0] if groups else finding["locus"])
        path = os.path.join(workdir, "reduced.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        after = runner.check_program(binary, path, finding["seed"])
        configs = after.failed_configs or [worst.config]
        paths = corpus.write_reduction(out_dir, group, finding["seed"], worst, configs, text,
                                       write_corpus and bool(after.mismatches))
        return {"seed": finding["seed"], "paths": paths, "lines": text.count("\n"), "tests": reducer.tests,
                "report": after, "group": group}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def reduce_saved_file(path, binary, out_dir, write_corpus):
    """--reduce-file: check a saved program everywhere and reduce its worst mismatch.

    A program this generator wrote (its first line names the seed and features) is
    regenerated to recover its blocks, so reduction and naming work as in a batch;
    any other file is reduced as a single block.
    """
    with open(path, encoding="utf-8") as f:
        text = f.read()
    header_match = re.match(r"# tierscope fuzz program, seed (\d+) \(features: ([\w,]*)\)", text)
    file_match = re.search(r"seed_(\d+)", os.path.basename(path))
    seed = int(header_match.group(1)) if header_match else int(file_match.group(1)) if file_match else 0
    report = runner.check_program(binary, os.path.abspath(path), seed)
    if report.worst is None:
        print("fuzz: %s: no difference from python3 in any configuration" % path)
        return 0
    print(corpus.describe(report), end="")
    program = generate_program(seed, header_match.group(2)) if header_match else None
    if program is not None and program.text == text:
        lines = text.splitlines(keepends=True)
        blocks = [(i, "".join(lines[b.first_line - 1:b.first_line - 1 + len(b.lines)]))
                  for i, b in enumerate(program.blocks)]
        finding = {"seed": seed, "report": report, "header": lines[0], "blocks": blocks,
                   "groups": [b.group for b in program.blocks], "locus": locus_group(program, report.worst)}
    else:
        header, _, body = text.partition("\n") if text.startswith("#") else ("", "", text)
        finding = {"seed": seed, "report": report, "header": header + "\n" if header else "",
                   "blocks": [(0, body)], "groups": ["misc"], "locus": "misc"}
    done = reduce_finding(finding, binary, out_dir, write_corpus)
    print("reduced to %d lines in %d runs -> %s" % (done["lines"], done["tests"], ", ".join(done["paths"])))
    return 1


def categories_and_configs(report):
    """'crash in t1,eager; stdout in t2' in order of severity."""
    by_category = {}
    for m in report.mismatches:
        by_category.setdefault(m.category, []).append(m.config)
    return "; ".join("%s in %s" % (c, ",".join(by_category[c]))
                     for c in runner.SEVERITY if c in by_category)


def signature(finding):
    """Findings with equal signatures are taken to be one bug; only the first is reduced."""
    worst = finding["report"].worst
    return (worst.category, tuple(finding["report"].failed_configs), finding["locus"]) + worst.key[2:]


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Differential fuzzing of tierscope against python3.")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first program (default 1)")
    parser.add_argument("--count", type=int, default=100, help="number of programs (default 100)")
    parser.add_argument("--tierscope", default=DEFAULT_BINARY, help="binary to test (default .build/release/tierscope)")
    parser.add_argument("--jobs", type=int, default=2, help="programs run at once (default 2)")
    parser.add_argument("--features", default=None,
                        help="feature groups: default, all, a comma list, or +group,-group relative to default")
    parser.add_argument("--configs", default=None, help="comma list of configurations (default all: %s)"
                        % ",".join(name for name, _ in runner.CONFIGS))
    parser.add_argument("--reduce", action="store_true", help="reduce one failing program per distinct finding")
    parser.add_argument("--reduce-limit", type=int, default=25, help="reduce at most this many findings (default 25)")
    parser.add_argument("--write-corpus", action="store_true",
                        help="also write reductions as Tests/Programs/fuzz_*.py with expected/ files")
    parser.add_argument("--keep", metavar="DIR", help="keep every generated program in DIR")
    parser.add_argument("--out", metavar="DIR", default="/tmp/tierscope-fuzz",
                        help="where failing programs and reductions go (default /tmp/tierscope-fuzz)")
    parser.add_argument("--dump", type=int, metavar="SEED", help="print the program for SEED and exit")
    parser.add_argument("--reduce-file", metavar="FILE",
                        help="check and reduce a saved program (e.g. %s/seed_S.py) instead of generating" % "OUT")
    parser.add_argument("--list-features", action="store_true", help="list the feature groups and exit")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    try:
        features = resolve_features(args.features)
    except ValueError as exc:
        print("fuzz: %s" % exc, file=sys.stderr)
        return 2
    if args.list_features:
        for name in sorted(GROUPS):
            on = "on " if name in resolve_features(None) else "off"
            print("%-15s %s  %s" % (name, on, GROUPS[name].about))
        return 0
    if args.dump is not None:
        sys.stdout.write(generate_program(args.dump, features).text)
        return 0
    args.reduce = args.reduce or args.write_corpus  # corpus tests are written from reductions
    configs = args.configs.split(",") if args.configs else None
    if configs and any(c not in runner.CONFIG_FLAGS for c in configs):
        print("fuzz: unknown configuration in %r" % args.configs, file=sys.stderr)
        return 2
    binary = os.path.abspath(args.tierscope)
    if not os.access(binary, os.X_OK):
        print("fuzz: no tierscope binary at %s (build it, or pass --tierscope)" % binary, file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    if args.reduce_file:
        return reduce_saved_file(args.reduce_file, binary, args.out, args.write_corpus)
    workdir = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="programs_", dir=args.out)
    os.makedirs(workdir, exist_ok=True)

    findings, invalid = [], []
    counts = {"mismatch": 0, "crash": 0, "hang": 0}
    try:
        with ProcessPoolExecutor(max_workers=max(1, args.jobs),
                                 initializer=runner.cap_worker_memory) as pool:
            futures = [pool.submit(check_seed, args.seed + k, features, binary, workdir, configs)
                       for k in range(args.count)]
            for future in as_completed(futures):
                result = future.result()
                report = result["report"]
                if report.invalid:
                    invalid.append(result)
                    print("seed %d: invalid program (generator bug): %s" % (result["seed"], report.invalid))
                    corpus.save_failure(args.out, result["seed"], result["text"], report)
                    continue
                worst = report.worst
                if worst is None:
                    continue
                counts[worst.category if worst.category in ("crash", "hang") else "mismatch"] += 1
                findings.append(result)
                saved = corpus.save_failure(args.out, result["seed"], result["text"], report)
                print("seed %d: %s [%s] %s  (%s)" % (
                    result["seed"], categories_and_configs(report), result["locus"], worst.detail[:300], saved))
                sys.stdout.flush()

            if args.reduce and findings:
                distinct = {}
                for result in sorted(findings, key=lambda r: r["seed"]):
                    distinct.setdefault(signature(result), result)
                chosen = list(distinct.values())[:args.reduce_limit]
                print("fuzz: reducing %d of %d failing programs (one per distinct finding)"
                      % (len(chosen), len(findings)))
                futures = [pool.submit(reduce_finding, r, binary, args.out, args.write_corpus) for r in chosen]
                for future in as_completed(futures):
                    done = future.result()
                    still = done["report"].worst
                    print("seed %d reduced to %d lines in %d runs: %s -> %s" % (
                        done["seed"], done["lines"], done["tests"],
                        categories_and_configs(done["report"]) if still else "no longer fails",
                        ", ".join(done["paths"])))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    failed = len(findings) + len(invalid)
    if invalid:
        print("fuzz: %d invalid programs (generator bugs), saved in %s" % (len(invalid), args.out))
    print("%d passed, %d failed" % (args.count - failed, failed))
    print("fuzz: %d programs, %d mismatches, %d crashes, %d hangs"
          % (args.count, counts["mismatch"], counts["crash"], counts["hang"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
