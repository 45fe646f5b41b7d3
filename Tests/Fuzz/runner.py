"""Run a program under python3 (the oracle) and under tierscope's tier configurations, and compare.

What is compared is what the corpus tests compare: stdout bytes, the exit status and the
last non-empty line of stderr. A tierscope run that dies from a signal is a crash, one
that outlives its timeout (10x python3's time + 5 s) is a hang.
"""
import os
import re
import resource
import signal
import subprocess
import time
from dataclasses import dataclass, field

# name -> tierscope flags; the names appear in reports and corpus file comments.
CONFIGS = [
    ("t0", ["--max-tier", "0"]),
    ("t1", ["--max-tier", "1"]),
    ("t2", ["--max-tier", "2"]),
    ("t2-noopt", ["--max-tier", "2", "--no-opt"]),
    ("default", []),
    ("eager", ["--specialize-after", "1", "--trace-after", "1", "--side-trace-after", "1"]),
]
CONFIG_FLAGS = dict(CONFIGS)

PYTHON = os.environ.get("FUZZ_PYTHON", "python3")
ORACLE_TIMEOUT = 60.0
# Each run's address space: far more than a generated program needs, far less than the
# machine has, so that a runaway run fails on its own (MemoryError, or a tierscope crash
# that is reported) instead of waking the kernel's OOM killer for the whole batch.
CHILD_ADDRESS_SPACE = 4 << 30
# A worker (generator, validator, reducer) has the same cap; the validator lowers it further
# while a block runs in-process.
WORKER_ADDRESS_SPACE = 4 << 30

_TRACEBACK_LINE = re.compile(r'^\s*File "[^"]*", line (\d+)', re.MULTILINE)

# Categories of difference, most severe first; a program is counted once, as its worst.
SEVERITY = ["crash", "hang", "error", "stderr", "stdout"]


@dataclass
class Outcome:
    stdout: bytes = b""
    status: int = 0
    last_stderr: str = ""
    seconds: float = 0.0
    timed_out: bool = False
    stderr_tail: str = ""     # the end of stderr, where a crash report names the crash site

    @property
    def error_line(self):
        """The source line of the innermost traceback frame, or -1 without a traceback."""
        found = _TRACEBACK_LINE.findall(self.stderr_tail) if self.status == 1 else []
        return int(found[-1]) if found else -1

    @property
    def crash_site(self):
        """For a crashed tierscope: the runtime failure and the innermost tierscope frame."""
        failure = ""
        frame = ""
        crashed = False
        for line in self.stderr_tail.splitlines():
            if "runtime failure:" in line and not failure:
                failure = line.split("runtime failure:", 1)[1].strip(" *")
            if " crashed:" in line:
                crashed = True
            elif crashed and not frame and " in tierscope at " in line and "/Sources/" in line:
                words = line.split(" in tierscope at ")[0].split()
                # "... 0x0000 specialized VM.formatFloat(_:_:) + 851": drop address and offset
                name = " ".join(w for w in words if not w.startswith("0x") and not w.isdigit()
                                and w not in ("+", "[ra]", "[inlined]", "[system]"))
                frame = name.replace("specialized ", "")
        return ("%s at %s" % (failure or "signal", frame or "?")).strip()

    @property
    def signal(self):
        """The signal that ended the process, or None (exit statuses >= 128 count as signals)."""
        if self.timed_out:
            return None
        if self.status < 0:
            return -self.status
        if self.status >= 128:
            return self.status - 128
        return None


@dataclass
class Mismatch:
    config: str
    category: str             # one of SEVERITY
    detail: str               # human-readable: what python3 did, what tierscope did
    ts_error: str = ""        # tierscope's last stderr line
    first_diff_line: int = -1  # 0-based stdout line where the outputs first differ
    py_error: str = ""        # python3's last stderr line
    source_line: int = -1     # where the differing exception was raised (1-based), if known
    ts_failed: bool = False
    py_failed: bool = False

    @property
    def key(self):
        """What must stay the same while reducing: config, category and, for errors, the
        exception types on both sides (so a reduction cannot drift into a NameError)."""
        if self.category == "crash":
            return (self.config, self.category, self.ts_error, "")   # ts_error: the crash site
        if self.category == "error":
            # an exception on one side only, or raised at different lines: what matters is
            # the side that raised where the other did not
            return (self.config, self.category, _error_type(self.ts_error) if self.ts_failed else "",
                    _error_type(self.py_error) if self.py_failed and not self.ts_failed else "")
        if self.category == "stderr":
            return (self.config, self.category, _error_type(self.ts_error), _error_type(self.py_error))
        return (self.config, self.category, "", "")


def _error_type(line):
    return line.split(":", 1)[0].strip()


def _environment():
    env = dict(os.environ)
    env.pop("PYTHONSTARTUP", None)
    env.pop("PYTHONWARNINGS", None)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


ENV = _environment()


def _cap_address_space(limit):
    # only the soft limit, so that a worker's children can be given their own cap
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def cap_worker_memory():
    """ProcessPool initializer."""
    _cap_address_space(WORKER_ADDRESS_SPACE)


def _cap_child_memory():
    _cap_address_space(CHILD_ADDRESS_SPACE)


def _run(argv, cwd, timeout):
    start = time.perf_counter()
    # a session of its own, so that a hang is killed with everything it started
    proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ENV, start_new_session=True,
                            preexec_fn=_cap_child_memory)
    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        timed_out = True
    seconds = time.perf_counter() - start
    lines = [line for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
    text = err.decode("utf-8", "replace")
    return Outcome(out, proc.returncode, lines[-1] if lines else "", seconds, timed_out, text[-30000:])


def run_python(path, timeout=ORACLE_TIMEOUT):
    return _run([PYTHON, "-S", os.path.basename(path)], os.path.dirname(os.path.abspath(path)), timeout)


def tierscope_timeout(oracle):
    return 10 * oracle.seconds + 5.0


def run_tierscope(binary, path, config, timeout):
    argv = [binary, "run", os.path.basename(path)] + CONFIG_FLAGS[config]
    return _run(argv, os.path.dirname(os.path.abspath(path)), timeout)


def _first_diff_line(a, b):
    limit = min(len(a), len(b))
    index = next((i for i in range(limit) if a[i] != b[i]), limit)
    return a[:index].count(b"\n")


def _line(data, index):
    lines = data.split(b"\n")
    return lines[index].decode("utf-8", "replace") if index < len(lines) else "<end of output>"


def compare(config, oracle, outcome):
    """The Mismatch between the oracle and a tierscope run, or None when they agree."""
    if outcome.timed_out:
        # stdout still in tierscope's buffers is lost when it is killed: no locus
        return Mismatch(config, "hang", "no exit after %.1f s (python3 took %.2f s)"
                        % (outcome.seconds, oracle.seconds))
    sig = outcome.signal
    if sig is not None:
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = "signal %d" % sig
        site = outcome.crash_site
        return Mismatch(config, "crash", "killed by %s: %s" % (name, site), site, -1)
    same_out = oracle.stdout == outcome.stdout
    if same_out and oracle.status == outcome.status and oracle.last_stderr == outcome.last_stderr:
        return None
    diff_line = _first_diff_line(oracle.stdout, outcome.stdout)
    ts_line, py_line = outcome.error_line, oracle.error_line
    source_line = -1
    if oracle.status != outcome.status or ts_line != py_line:
        category = "error"
        detail = "python3: exit %d %r; tierscope: exit %d %r" % (
            oracle.status, oracle.last_stderr, outcome.status, outcome.last_stderr)
        if ts_line != py_line and oracle.status == outcome.status:
            detail += " (raised at line %d, python3 at line %d)" % (ts_line, py_line)
        source_line = ts_line if outcome.status != 0 else py_line
    elif oracle.last_stderr != outcome.last_stderr:
        category = "stderr"
        detail = "python3: %r; tierscope: %r" % (oracle.last_stderr, outcome.last_stderr)
        source_line = ts_line
    else:
        category = "stdout"
        detail = ""
    if not same_out:
        detail = ("%s; " % detail if detail else "") + "stdout line %d: python3 %r, tierscope %r" % (
            diff_line + 1, _line(oracle.stdout, diff_line)[:160], _line(outcome.stdout, diff_line)[:160])
    return Mismatch(config, category, detail, outcome.last_stderr, diff_line, oracle.last_stderr,
                    source_line, outcome.status != 0, oracle.status != 0)


@dataclass
class Report:
    """Everything found for one program."""
    seed: int
    path: str
    oracle: Outcome = None
    mismatches: list = field(default_factory=list)
    invalid: str = ""          # the program itself is unusable (a generator bug)

    @property
    def worst(self):
        if not self.mismatches:
            return None
        return min(self.mismatches, key=lambda m: SEVERITY.index(m.category))

    @property
    def failed_configs(self):
        return [m.config for m in self.mismatches]


def check_program(binary, path, seed, expected_stdout=None, configs=None):
    """Run one program everywhere; `expected_stdout` is what generation captured, if known."""
    report = Report(seed, path)
    oracle = run_python(path)
    report.oracle = oracle
    if oracle.timed_out:
        report.invalid = "python3 did not finish in %.0f s" % ORACLE_TIMEOUT
        return report
    if expected_stdout is not None and oracle.stdout != expected_stdout.encode("utf-8"):
        report.invalid = "python3's output differs from the generator's run: not deterministic " \
                         "(line %d)" % (_first_diff_line(expected_stdout.encode("utf-8"), oracle.stdout) + 1)
        return report
    timeout = tierscope_timeout(oracle)
    for config in configs or [name for name, _ in CONFIGS]:
        mismatch = compare(config, oracle, run_tierscope(binary, path, config, timeout))
        if mismatch:
            report.mismatches.append(mismatch)
    return report


def still_mismatches(binary, path, key, controls=(), oracle_timeout=10.0):
    """For the reducer: does `path` still show a mismatch with this key?

    python3 must finish; each configuration in `controls` (ones the original program passed
    in, such as t0 for a tier-specific bug) must still agree with python3, so that a
    reduction cannot drift into a different bug that every tier shares.
    """
    oracle = run_python(path, oracle_timeout)
    if oracle.timed_out:
        return False
    config = key[0]
    timeout = tierscope_timeout(oracle) if key[1] != "hang" else min(tierscope_timeout(oracle), 8.0)
    mismatch = compare(config, oracle, run_tierscope(binary, path, config, timeout))
    if mismatch is None or mismatch.key != key:
        return False
    return all(compare(c, oracle, run_tierscope(binary, path, c, timeout)) is None for c in controls)
