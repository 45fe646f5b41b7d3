"""Run one generated block in this process, to accept or reject it before it is used.

The block runs in a fresh module namespace with stdout captured, an interval timer as a
guard against a block that would run too long, and a cap on this process's address space
so that one that would allocate without bound (a list repeated by a huge count) fails with
MemoryError instead of waking the kernel's OOM killer. A block is acceptable when it finishes
within the budget, prints a bounded amount and leaves no built-in name shadowed (blocks
that rebind `len` and friends must restore them, or later blocks would see the change).
"""
import builtins
import io
import resource
import signal
import sys
import time
import traceback
import warnings
from dataclasses import dataclass

BUILTIN_NAMES = frozenset(dir(builtins))
# Far more than any acceptable block needs, far less than the machine has.
ADDRESS_SPACE_LIMIT = 3 << 30


@dataclass
class Verdict:
    ok: bool
    output: str = ""
    error: str = ""       # last traceback line of an uncaught exception, "" if none
    seconds: float = 0.0
    reason: str = ""


class _OverBudget(BaseException):
    """Raised by the timer; a BaseException so generated code cannot swallow it."""


def _on_alarm(signum, frame):
    raise _OverBudget()


def run_block(source, budget_seconds, output_limit):
    # python3 prints warnings (SyntaxWarning for `x is 1`, ...) on stderr, which would
    # become the last stderr line the runner compares: blocks must not cause any
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = compile(source, "<block>", "exec")
        except SyntaxError as exc:
            return Verdict(False, reason="syntax error: %s" % exc)
    if caught:
        return Verdict(False, reason="warning: %s" % caught[0].message)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        verdict = _execute(code, budget_seconds, output_limit)
    if caught and verdict.ok:
        return Verdict(False, verdict.output, verdict.error, verdict.seconds,
                       "warning: %s" % caught[0].message)
    return verdict


def _execute(code, budget_seconds, output_limit):
    namespace = {"__name__": "__main__"}
    captured = io.StringIO()
    saved_stdout = sys.stdout
    saved_handler = signal.signal(signal.SIGALRM, _on_alarm)
    saved_limit = sys.getrecursionlimit()
    saved_memory = resource.getrlimit(resource.RLIMIT_AS)
    error = ""
    start = time.perf_counter()
    try:
        sys.stdout = captured
        # leave the same head-room below the limit that a top-level program has
        sys.setrecursionlimit(saved_limit + len(traceback.extract_stack()))
        signal.setitimer(signal.ITIMER_REAL, budget_seconds * 2)
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, saved_memory[1]))
        exec(code, namespace)
    except _OverBudget:
        return Verdict(False, reason="over budget")
    except MemoryError:
        return Verdict(False, reason="memory error")
    except BaseException as exc:  # the block's own uncaught exception
        message = str(exc)
        error = type(exc).__name__ + (": " + message if message else "")
    finally:
        resource.setrlimit(resource.RLIMIT_AS, saved_memory)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, saved_handler)
        sys.setrecursionlimit(saved_limit)
        sys.stdout = saved_stdout
    seconds = time.perf_counter() - start
    output = captured.getvalue()
    if seconds > budget_seconds:
        return Verdict(False, output, error, seconds, "over budget")
    if len(output) > output_limit:
        return Verdict(False, output, error, seconds, "too much output")
    shadowed = (set(namespace) & BUILTIN_NAMES) - {"__name__", "__builtins__"}
    if shadowed:
        return Verdict(False, output, error, seconds, "leaves %s shadowed" % sorted(shadowed))
    return Verdict(True, output, error, seconds)
