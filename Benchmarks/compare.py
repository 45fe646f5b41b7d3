#!/usr/bin/env python3
"""Time `tierscope run` against `python3` on the same programs, in one run, and print ratios.

Every measurement is the wall time of a whole process, start-up included, because that is what a
user waits for when typing `tierscope run FILE.py` instead of `python3 FILE.py`. Output is captured
so that terminal speed does not count. Runs of the contenders are interleaved (python3, config 1,
config 2, python3, ...) so that a burst of machine noise hurts all of them alike instead of one.

Run `python3 Benchmarks/compare.py --help` for the options; Benchmarks/README.md explains the
figures. Standard library only, Python 3.11 or later.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TIERSCOPE = REPO_ROOT / ".build-release" / "release" / "tierscope"
BUILD_COMMAND = "swift build -c release --static-swift-stdlib --scratch-path .build-release"

# Widths chosen so that python3 plus two configurations fit in 100 columns (96 wide).
PROGRAM_WIDTH = 22
TIME_WIDTH = 7
RATIO_WIDTH = 7  # "12.34x" and one column for the "!" of a --check mismatch
GAP = "  "  # between columns of one contender
BLOCK_GAP = "   "  # between contenders


# --------------------------------------------------------------------------------------------------
# Data


@dataclass
class Contender:
    """One way of running a program: python3 itself, or tierscope under one set of flags."""

    label: str  # short name used in the table header and the JSON
    description: str  # what it runs, for the legend
    prefix: list[str]  # argv before the program path
    suffix: list[str]  # argv after the program path
    is_reference: bool = False

    def command(self, program: Path) -> list[str]:
        return [*self.prefix, str(program), *self.suffix]


@dataclass
class RunOutcome:
    """What one process did: how long it took, how it ended, and what it printed."""

    elapsed_ns: int
    returncode: int | None  # None when it never ran to the end (could not start, timed out)
    stdout: bytes = b""
    stderr: bytes = b""
    error: str | None = None  # why it did not run at all, or timed out


@dataclass
class Measurement:
    """The timed runs of one contender on one program."""

    times_ns: list[int] = field(default_factory=list)
    returncode: int | None = None
    failure: str | None = None  # set when the contender crashed; the table shows it instead of times
    failure_detail: str = ""  # tail of stderr, shown under the table
    check: str | None = None  # with --check: None if output equals python3's, else what differs

    @property
    def median_ns(self) -> float | None:
        """None once the contender has failed: times of a crashing run are not worth comparing."""
        return statistics.median(self.times_ns) if self.times_ns and not self.failure else None

    @property
    def min_ns(self) -> int | None:
        return min(self.times_ns) if self.times_ns and not self.failure else None


@dataclass
class ProgramResult:
    """Everything measured for one program, keyed by contender label."""

    name: str
    path: Path
    missing: bool = False
    measurements: dict[str, Measurement] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------------
# Command line


def normalize_tier_flags(argv: list[str]) -> list[str]:
    """Glue each `--tier-flags VALUE` into `--tier-flags=VALUE`.

    argparse refuses a separate value that looks like an option (`--tier-flags --no-opt`), yet
    every useful value of --tier-flags starts with `--`. The glued form is always accepted.
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] == "--tier-flags" and i + 1 < len(argv):
            out.append("--tier-flags=" + argv[i + 1])
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Parse the options; `flag_lists` holds one argv list per tierscope configuration."""
    parser = argparse.ArgumentParser(
        prog="compare.py",
        description="Time `tierscope run` against python3 on the same programs and print "
        "python3_time / tierscope_time (above 1x means tierscope is faster).",
        epilog="Example: python3 Benchmarks/compare.py --check "
        '--tier-flags "--max-tier 0" --tier-flags "--max-tier 1"',
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE.py",
        help="programs to time (default: every Demos/*.py of the repository)",
    )
    parser.add_argument(
        "--tierscope", metavar="PATH", type=Path, default=DEFAULT_TIERSCOPE,
        help="tierscope binary (default: <repo>/.build-release/release/tierscope)",
    )
    parser.add_argument("--python", metavar="PATH", default="python3",
                        help="python interpreter to compare with (default: python3)")
    parser.add_argument("--runs", metavar="N", type=positive_int, default=5,
                        help="timed runs per contender; the median is reported (default: 5)")
    parser.add_argument("--warmup", metavar="N", type=non_negative_int, default=1,
                        help="untimed runs per contender before timing (default: 1)")
    parser.add_argument(
        "--tier-flags", metavar='"FLAGS"', action="append", dest="tier_flags",
        help="extra `tierscope run` flags for one configuration; repeat to time several "
        "configurations in the same run (default: one configuration, no extra flags)",
    )
    parser.add_argument("--json", metavar="FILE", type=Path,
                        help="also write the raw results to FILE as JSON")
    parser.add_argument(
        "--check", action="store_true",
        help="first verify that tierscope's stdout and exit status equal python3's; "
        "on a mismatch the table is still printed and the exit status is 1",
    )
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=600.0,
                        help="give up on a single run after this long (default: 600)")
    args = parser.parse_args(normalize_tier_flags(argv))

    flag_sets = args.tier_flags if args.tier_flags else [""]
    try:
        args.flag_lists = [shlex.split(flags) for flags in flag_sets]
    except ValueError as error:
        parser.error(f"--tier-flags: {error}")
    return args


# --------------------------------------------------------------------------------------------------
# Setting up


def locate_executables(args: argparse.Namespace) -> tuple[str, str]:
    """Find both interpreters up front, so a typo fails once and clearly, not once per run."""
    tierscope = args.tierscope.expanduser()
    if not (tierscope.is_file() and os.access(tierscope, os.X_OK)):
        print(f"compare.py: no tierscope binary at {tierscope}", file=sys.stderr)
        print(f"Build the release binary first, from {REPO_ROOT}:", file=sys.stderr)
        print(f"    {BUILD_COMMAND}", file=sys.stderr)
        print("or point to a binary with --tierscope PATH.", file=sys.stderr)
        sys.exit(2)
    python = shutil.which(args.python)
    if python is None:
        print(f"compare.py: python interpreter not found: {args.python}", file=sys.stderr)
        sys.exit(2)
    return str(tierscope.resolve()), python


def make_contenders(python: str, tierscope: str, flag_lists: list[list[str]]) -> list[Contender]:
    """python3 first (it is the reference each tierscope run is judged against), then the configs."""
    contenders = [Contender("python3", python, [python], [], is_reference=True)]
    for index, flags in enumerate(flag_lists, start=1):
        label = f"[{index}]" if len(flag_lists) > 1 else "tierscope"
        shown = shlex.join(flags) if flags else "(no extra flags)"
        contenders.append(Contender(label, f"tierscope run FILE.py {shown}",
                                    [tierscope, "run"], flags))
    return contenders


def collect_programs(files: list[str]) -> list[ProgramResult]:
    """The programs named on the command line, or every Demos/*.py when none are."""
    if not files:
        return [ProgramResult(str(path.relative_to(REPO_ROOT)), path)
                for path in sorted((REPO_ROOT / "Demos").glob("*.py"))]
    programs = []
    for name in files:
        path = Path(name).expanduser().resolve()
        programs.append(ProgramResult(display_name(name, path), path, missing=not path.is_file()))
    return programs


def display_name(given: str, path: Path) -> str:
    """Name programs of the repository as Demos/x.py from any cwd; others as the user typed them."""
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else given


# --------------------------------------------------------------------------------------------------
# Running


def run_once(command: list[str], timeout: float) -> RunOutcome:
    """Run one process to completion and time it from spawn to exit.

    Output goes to pipes rather than the terminal, so we time the interpreter, not the console.
    """
    start = time.perf_counter_ns()
    try:
        completed = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as expired:
        return RunOutcome(time.perf_counter_ns() - start, None, expired.stdout or b"",
                          expired.stderr or b"", error=f"timed out after {timeout:g}s")
    except OSError as error:
        return RunOutcome(time.perf_counter_ns() - start, None, error=f"cannot run: {error.strerror}")
    elapsed = time.perf_counter_ns() - start
    return RunOutcome(elapsed, completed.returncode, completed.stdout, completed.stderr)


def describe_status(returncode: int) -> str:
    """Name a signal death as the shell would ('killed by SIGSEGV'), else give the exit status."""
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit {returncode}"


def failure_of(outcome: RunOutcome, contender: Contender, reference_status: int | None) -> str | None:
    """Why this run cannot be timed, or None if it can.

    python3 defines the expected exit status, so a program that deliberately ends in an uncaught
    exception is still timed. tierscope has crashed when it exits non-zero with a status python3
    did not give (a zero status that differs is a wrong answer, which --check reports).
    """
    if outcome.error:
        return outcome.error
    status = outcome.returncode
    if contender.is_reference:
        return describe_status(status) if status < 0 else None
    if status != 0 and status != reference_status:
        return "crash: " + describe_status(status)
    return None


def stderr_tail(stderr: bytes, lines: int = 3) -> str:
    """The last lines of stderr: for a traceback, where it happened and the exception."""
    text = stderr.decode("utf-8", errors="replace").rstrip()
    return "\n".join(text.splitlines()[-lines:])


def first_difference(expected: bytes, actual: bytes) -> str:
    """Point at the first differing line, which is what one needs to start debugging."""
    want = expected.decode("utf-8", errors="replace").splitlines()
    got = actual.decode("utf-8", errors="replace").splitlines()
    for number, (a, b) in enumerate(zip(want, got), start=1):
        if a != b:
            return f"stdout differs at line {number}: python3 {a[:50]!r}, tierscope {b[:50]!r}"
    if len(want) != len(got):
        return f"stdout has {len(got)} line(s), python3's has {len(want)}"
    return "stdout differs only in line endings or the final newline"


def check_program(program: ProgramResult, contenders: list[Contender], timeout: float) -> None:
    """Run each contender once and record whether tierscope printed and exited as python3 did."""
    reference = run_once(contenders[0].command(program.path), timeout)
    for contender in contenders[1:]:
        measurement = program.measurements[contender.label]
        if reference.returncode is None:
            measurement.check = f"python3 did not finish ({reference.error})"
            continue
        outcome = run_once(contender.command(program.path), timeout)
        problems = []
        if outcome.returncode is None:
            problems.append(outcome.error)
        else:
            if outcome.returncode != reference.returncode:
                problems.append(f"{describe_status(outcome.returncode)}, "
                                f"python3 {describe_status(reference.returncode)}")
            if outcome.stdout != reference.stdout:
                problems.append(first_difference(reference.stdout, outcome.stdout))
        measurement.check = "; ".join(problems) or None


def time_program(program: ProgramResult, contenders: list[Contender], runs: int, warmup: int,
                 timeout: float) -> None:
    """Interleave the contenders round by round; drop one from later rounds once it has failed."""
    for round_index in range(warmup + runs):
        timed = round_index >= warmup
        for contender in contenders:
            measurement = program.measurements[contender.label]
            if measurement.failure:
                continue
            outcome = run_once(contender.command(program.path), timeout)
            reference_status = program.measurements[contenders[0].label].returncode
            failure = failure_of(outcome, contender, reference_status)
            if failure:
                measurement.failure = failure
                measurement.failure_detail = stderr_tail(outcome.stderr)
                continue
            measurement.returncode = outcome.returncode
            if timed:
                measurement.times_ns.append(outcome.elapsed_ns)


def progress(message: str) -> None:
    """Progress goes to stderr so that stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# Reporting


def ratio_of(program: ProgramResult, contender: Contender, reference: Contender) -> float | None:
    """python3 median over tierscope median, or None when either side has no time to compare."""
    if program.missing:
        return None
    base = program.measurements[reference.label].median_ns
    mine = program.measurements[contender.label].median_ns
    if base is None or mine is None or mine == 0:
        return None
    return base / mine


def geometric_mean(values: list[float]) -> float | None:
    """Ratios multiply, so their average is geometric: 2x on one program and 0.5x on another is 1x."""
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def ms(ns: float | None) -> str:
    return "" if ns is None else f"{ns / 1e6:.1f}"


def fit(text: str, width: int) -> str:
    """Cut text to width, marking the cut, so that long messages never break the columns."""
    return text if len(text) <= width else text[: width - 1] + "~"


def fit_path(text: str, width: int) -> str:
    """Cut a path from the left: the file name at its end is the part that tells programs apart."""
    return text if len(text) <= width else "~" + text[len(text) - width + 1:]


def render_table(programs: list[ProgramResult], contenders: list[Contender], checked: bool) -> list[str]:
    """Build the plain-text table: medians, mins and ratios per contender, then geometric means."""
    reference, configs = contenders[0], contenders[1:]
    py_block = 2 * TIME_WIDTH + len(GAP)
    cfg_block = py_block + len(GAP) + RATIO_WIDTH

    def row(first: str, python_cells: str, config_cells: list[str]) -> str:
        line = f"{first:<{PROGRAM_WIDTH}}{GAP}{python_cells:>{py_block}}"
        for cell in config_cells:
            line += f"{BLOCK_GAP}{cell:>{cfg_block}}"
        return line.rstrip()

    def times(m: Measurement) -> str:
        return f"{ms(m.median_ns):>{TIME_WIDTH}}{GAP}{ms(m.min_ns):>{TIME_WIDTH}}"

    lines = [
        row("", "python3", [fit(c.label, cfg_block) for c in configs]),
        row("program", f"{'median':>{TIME_WIDTH}}{GAP}{'min':>{TIME_WIDTH}}",
            [f"{'median':>{TIME_WIDTH}}{GAP}{'min':>{TIME_WIDTH}}{GAP}{'ratio ':>{RATIO_WIDTH}}"
             for _ in configs]),
    ]
    lines.append("-" * len(max(lines, key=len)))

    for program in programs:
        name = fit_path(program.name, PROGRAM_WIDTH)
        if program.missing:
            lines.append(row(name, "missing: no such file", []))
            continue
        base = program.measurements[reference.label]
        python_cell = fit(base.failure, py_block) if base.failure else times(base)
        cells = []
        for contender in configs:
            m = program.measurements[contender.label]
            if m.failure:
                cells.append(fit(m.failure, cfg_block))
                continue
            ratio = ratio_of(program, contender, reference)
            shown = "" if ratio is None else f"{ratio:.2f}x" + ("!" if checked and m.check else " ")
            cells.append(f"{times(m)}{GAP}{shown:>{RATIO_WIDTH}}")
        lines.append(row(name, python_cell, cells))

    lines.append(lines[2])
    means = []
    for contender in configs:
        timed = [p for p in programs if ratio_of(p, contender, reference) is not None]
        mean = geometric_mean([ratio_of(p, contender, reference) for p in timed])
        suspect = checked and any(p.measurements[contender.label].check for p in timed)
        means.append("" if mean is None else f"{mean:.2f}x" + ("!" if suspect else " "))
    lines.append(row("geometric mean", "", [f"{m:>{cfg_block}}" for m in means]))
    return lines


def render_notes(programs: list[ProgramResult], contenders: list[Contender], checked: bool) -> list[str]:
    """Failures and --check mismatches in full, since the table has room only for a word or two."""
    notes = []
    for program in programs:
        for contender in contenders:
            m = program.measurements.get(contender.label)
            mismatch = checked and m is not None and m.check
            if m is None or not (m.failure or mismatch):
                continue
            notes.append(f"{program.name} {contender.label}: {m.failure or 'output differs'}")
            if mismatch:
                notes.append(f"    check: {m.check}")
            notes.extend("    | " + line for line in m.failure_detail.splitlines())
    return notes


def print_report(programs: list[ProgramResult], contenders: list[Contender], args: argparse.Namespace,
                 python_version: str) -> None:
    """Header (what was measured, where), table, then the notes that explain any failure."""
    print(f"tierscope vs python3: wall time per process in ms, median and min of {args.runs} "
          f"run(s) after {args.warmup} warm-up run(s)")
    print(f"machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; "
          f"python3: {python_version}")
    print("ratio = python3 median / tierscope median (above 1.00x: tierscope is faster)")
    for contender in contenders[1:]:
        print(f"  {contender.label}: {contender.description}")
    print()
    for line in render_table(programs, contenders, args.check):
        print(line)
    notes = render_notes(programs, contenders, args.check)
    mismatched = any(m.check for p in programs for m in p.measurements.values())
    if args.check and mismatched:
        notes.insert(0, "! after a ratio: stdout or exit status differs from python3's (--check)")
    elif args.check:
        notes.append("check: every configuration printed and exited exactly as python3 did")
    if notes:
        print()
        for line in notes:
            print(line)


def python_version_of(python: str) -> str:
    """Ask the interpreter itself: --python may name a different one than runs this script."""
    outcome = run_once([python, "-c", "import sys; print(sys.version.split()[0])"], timeout=60)
    return outcome.stdout.decode().strip() if outcome.returncode == 0 else "unknown"


def check_status(m: Measurement, contender: Contender, checked: bool) -> str | None:
    """'ok' or what differed, for tierscope rows of a --check run; None when nothing was checked."""
    if not checked or contender.is_reference:
        return None
    return m.check or "ok"


def write_json(path: Path, programs: list[ProgramResult], contenders: list[Contender],
               args: argparse.Namespace, python_version: str) -> None:
    """Keep every raw time, so that later analysis is not limited to the medians shown."""
    reference = contenders[0]
    document = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"system": platform.system(), "release": platform.release(),
                    "machine": platform.machine(), "cpus": os.cpu_count(),
                    "node": platform.node()},
        "python_version": python_version,
        "runs": args.runs,
        "warmup": args.warmup,
        "checked": args.check,
        "contenders": [{"label": c.label, "command": c.command(Path("FILE.py")),
                        "reference": c.is_reference} for c in contenders],
        "programs": [],
    }
    for program in programs:
        entry = {"name": program.name, "path": str(program.path), "missing": program.missing,
                 "results": {}}
        for contender in contenders:
            m = program.measurements.get(contender.label)
            if m is None:
                continue
            entry["results"][contender.label] = {
                "times_ns": m.times_ns,
                "median_ns": m.median_ns,
                "min_ns": m.min_ns,
                "returncode": m.returncode,
                "failure": m.failure,
                "check": check_status(m, contender, args.check),
                "ratio": None if contender.is_reference else ratio_of(program, contender, reference),
            }
        document["programs"].append(entry)
    path.write_text(json.dumps(document, indent=2) + "\n")


# --------------------------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    """Entry point: a Ctrl-C ends the run with a short message, not a traceback."""
    try:
        return compare(argv)
    except KeyboardInterrupt:
        print("\ncompare.py: interrupted", file=sys.stderr)
        return 130


def compare(argv: list[str]) -> int:
    """Parse, check, time, report; the exit status is 1 if anything failed or differed."""
    args = parse_arguments(argv)
    tierscope, python = locate_executables(args)
    contenders = make_contenders(python, tierscope, args.flag_lists)
    programs = collect_programs(args.files)
    if not programs:
        print(f"compare.py: no programs given and none in {REPO_ROOT / 'Demos'}", file=sys.stderr)
        return 2
    present = [p for p in programs if not p.missing]
    for program in present:
        program.measurements = {c.label: Measurement() for c in contenders}

    if args.check:
        for index, program in enumerate(present, start=1):
            progress(f"checking {program.name} ({index}/{len(present)})")
            check_program(program, contenders, args.timeout)
    for index, program in enumerate(present, start=1):
        progress(f"timing {program.name} ({index}/{len(present)})")
        time_program(program, contenders, args.runs, args.warmup, args.timeout)

    python_version = python_version_of(python)
    print_report(programs, contenders, args, python_version)
    if args.json:
        write_json(args.json, programs, contenders, args, python_version)
        progress(f"raw results written to {args.json}")

    failed = any(p.missing for p in programs) or any(
        m.failure or (args.check and m.check) for p in present for m in p.measurements.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
