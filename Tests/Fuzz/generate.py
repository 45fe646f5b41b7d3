#!/usr/bin/env python3
"""Assemble random, terminating, deterministic programs in tierscope's Python subset.

A program is a sequence of self-contained *blocks*, each written by one feature group's
emitter (see features/__init__.py for the table of groups). Every block is executed here,
in-process, before it is accepted: it must run without error (or, for the one optional
terminal block, end with the uncaught exception it was written to raise), finish inside
a time budget and print a bounded amount. The captured output of each block is kept, so
the runner can tell which block printed the first differing line and so that the oracle
run can be checked against it (a difference means the program is not deterministic).

Usage: python3 Tests/Fuzz/generate.py SEED [--features SPEC]   # print one program
"""
import io
import random
import re
import tokenize
import sys
from dataclasses import dataclass, field

import validate
from features import GROUPS, resolve_features  # noqa: E402
from features.source import indent  # noqa: E402

# Limits that keep a whole program under about a second in python3.
PROGRAM_BUDGET_SECONDS = 0.6
BLOCK_BUDGET_SECONDS = 0.25
BLOCK_OUTPUT_LIMIT = 24_000
# How often a program ends with an uncaught runtime error.
TERMINAL_PROBABILITY = 0.35
ATTEMPTS_PER_BLOCK = 12


@dataclass
class Block:
    """One feature group's contribution: source lines and the output they printed here."""
    group: str
    lines: list
    terminal: bool = False
    output: str = ""          # stdout captured when the block was validated
    error: str = ""           # last traceback line when terminal ("KeyError: 3")
    first_line: int = 0       # 1-based line of the block in the program text
    seconds: float = 0.0


@dataclass
class Program:
    seed: int
    features: list
    blocks: list = field(default_factory=list)

    @property
    def header(self):
        return "# tierscope fuzz program, seed %d (features: %s); see Tests/Fuzz/README.md" % (
            self.seed, ",".join(self.features))

    @property
    def text(self):
        lines = [self.header]
        for block in self.blocks:
            lines.extend(block.lines)
        return "\n".join(lines) + "\n"

    @property
    def expected_stdout(self):
        return "".join(block.output for block in self.blocks)

    def block_at_source_line(self, line):
        """The block holding program line `line` (1-based), or None."""
        for block in self.blocks:
            if block.first_line <= line < block.first_line + len(block.lines):
                return block
        return None

    def block_at_output_line(self, line_index):
        """The block that printed output line `line_index` (0-based), or the last block."""
        seen = 0
        for block in self.blocks:
            seen += block.output.count("\n")
            if line_index < seen:
                return block
        return self.blocks[-1] if self.blocks else None


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _rename_in_fstring(token, names, suffix):
    """Rename names inside the {...} fields of one f-string token (3.11: a single token)."""
    prefix_end = next(i for i, ch in enumerate(token) if ch in "'\"")
    out, depth, field = [token[:prefix_end]], 0, []
    for ch in token[prefix_end:]:
        if depth == 0:
            out.append(ch)
            if ch == "{":
                depth = 1
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if depth == 0:
            out.append(_rename_field("".join(field), names, suffix) + ch)
            field = []
        else:
            field.append(ch)
    return "".join(out)


def _rename_field(field, names, suffix):
    """An f-string field: rename its expression, and only nested {...} in its format spec."""
    depth, quote = 0, None
    for i, ch in enumerate(field):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and (ch == ":" or (ch == "!" and field[i + 1:i + 2] != "=")):
            spec = re.sub(r"\{([^{}]*)\}",
                          lambda m: "{" + _rename_expression(m.group(1), names, suffix) + "}", field[i:])
            return _rename_expression(field[:i], names, suffix) + spec
    return _rename_expression(field, names, suffix)


def _rename_expression(text, names, suffix):
    """Rename in a small expression (an f-string field): words not after a dot or in quotes."""
    parts = re.split(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""", text)
    for i in range(0, len(parts), 2):
        parts[i] = re.sub(r"(?<![.\w])([A-Za-z_]\w*)",
                          lambda m: m.group(1) + suffix if m.group(1) in names else m.group(1), parts[i])
    return "".join(parts)


def rename_variables(source, names, suffix):
    """`source` with every variable use of `names` suffixed (see Gen.rename)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source + "\n").readline))
    edits = []  # (row, col, old text, new text)
    depth = 0
    for k, tok in enumerate(tokens):
        if tok.type == tokenize.OP:
            depth += tok.string in "([{"
            depth -= tok.string in ")]}"
            continue
        if tok.type == tokenize.STRING and tok.string[0] in "fF" or (
                tok.type == tokenize.STRING and tok.string[:2].lower() in ("rf", "fr")):
            edits.append((tok.start, tok.string, _rename_in_fstring(tok.string, names, suffix)))
            continue
        if tok.type != tokenize.NAME or tok.string not in names:
            continue
        previous = tokens[k - 1] if k else None
        following = tokens[k + 1] if k + 1 < len(tokens) else None
        if previous is not None and previous.string == ".":
            continue
        if depth > 0 and following is not None and following.string == "=":
            continue  # keyword argument
        edits.append((tok.start, tok.string, tok.string + suffix))
    lines = source.split("\n")
    for (row, col), old, new in sorted(edits, reverse=True):
        line = lines[row - 1]
        lines[row - 1] = line[:col] + new + line[col + len(old):]
    return "\n".join(lines)


class Gen:
    """What an emitter gets: a seeded random source and names unique to its block."""

    def __init__(self, rng, tag, features):
        self.rng = rng
        self.tag = tag                  # "b3": suffix for names, label for output lines
        self.features = features        # enabled groups, for emitters with optional parts
        self.label = '"%s"' % tag

    # --- random choices -------------------------------------------------------------
    def pick(self, seq):
        return self.rng.choice(list(seq))

    def sample(self, seq, k):
        seq = list(seq)
        return self.rng.sample(seq, min(k, len(seq)))

    def chance(self, p):
        return self.rng.random() < p

    def between(self, lo, hi):
        return self.rng.randint(lo, max(lo, hi))

    def hot(self, low=1000, high=50000):
        """A hot loop's trip count, skewed towards the low end to keep programs quick."""
        counts = [c for c in (1000, 1200, 2000, 3000, 5000, 8000, 12000, 20000, 50000)
                  if low <= c <= high] or [low]
        weights = [9, 5, 6, 5, 4, 3, 2, 2, 1][:len(counts)]
        return self.rng.choices(counts, weights)[0]

    def switch_at(self, n):
        """An iteration at which something changes: near the tier thresholds or mid-loop."""
        points = [1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100, 257, n // 3, n // 2, n - 2]
        return self.pick([p for p in points if 0 < p < n - 1] or [n // 2])

    def every(self, n):
        """A print interval giving a handful of checkpoints over n iterations."""
        return max(1, n // self.pick([3, 4, 5, 8, 10, 16]))

    def module_scope(self):
        """Whether a block's hot loop runs at module level (globals) or in a function."""
        return self.chance(0.4)

    # --- naming ---------------------------------------------------------------------
    def n(self, base):
        return "%s_%s" % (base, self.tag)

    def rename(self, lines, names):
        """Suffix each of `names` with the block tag, wherever it is used as a variable.

        Attribute names (`d.keys`), keyword arguments (`f(sep=...)`) and the text of string
        literals are left alone; expressions inside f-string braces are renamed.
        """
        if not names:
            return lines
        return rename_variables("\n".join(lines), set(names), "_" + self.tag).split("\n")

    def scoped(self, body, names, result=None):
        """Run `body` either at module level (its names suffixed) or inside a new function.

        `result` is an expression printed after the body has run (e.g. the accumulator).
        """
        tail = ["print(%s, %s)" % (self.label, result)] if result else []
        if self.module_scope():
            return self.rename(body + tail, names)
        fname = self.n("run")
        return ["def %s():" % fname] + indent(body + tail) + ["%s()" % fname]


def _emit_valid_block(gen, group, terminal):
    """Ask the group's emitter for a block until one validates; None if none did."""
    emit = GROUPS[group].error if terminal else GROUPS[group].emit
    for _ in range(ATTEMPTS_PER_BLOCK):
        lines = emit(gen)
        verdict = validate.run_block("\n".join(lines) + "\n", BLOCK_BUDGET_SECONDS,
                                     BLOCK_OUTPUT_LIMIT)
        if not verdict.ok:
            continue
        if terminal != bool(verdict.error):
            continue
        return Block(group, lines, terminal, verdict.output, verdict.error,
                     seconds=verdict.seconds)
    return None


def generate_program(seed, features=None):
    """The program for `seed`: the same seed and features always give the same text."""
    features = resolve_features(features)
    rng = random.Random(seed)
    program = Program(seed, features)
    normal = [g for g in features if GROUPS[g].emit]
    erring = [g for g in features if GROUPS[g].error]
    weights = [GROUPS[g].weight for g in normal]
    spent = 0.0
    want = rng.randint(3, 7)
    index = 0
    while len(program.blocks) < want and index < want * 3 and normal:
        index += 1
        group = rng.choices(normal, weights)[0]
        block = _emit_valid_block(Gen(rng, "b%d" % index, features), group, False)
        if block is None or spent + block.seconds > PROGRAM_BUDGET_SECONDS:
            continue
        spent += block.seconds
        program.blocks.append(block)
    if erring and rng.random() < TERMINAL_PROBABILITY:
        group = rng.choices(erring, [GROUPS[g].weight for g in erring])[0]
        index += 1
        block = _emit_valid_block(Gen(rng, "b%d" % index, features), group, True)
        if block is not None:
            program.blocks.append(block)
    if not any(b.terminal for b in program.blocks):
        program.blocks.append(Block("end", ['print("done")'], output="done\n"))
    line = 2  # line 1 is the header
    for block in program.blocks:
        block.first_line = line
        line += len(block.lines)
    return program


def main(argv):
    import argparse
    parser = argparse.ArgumentParser(description="Print the fuzz program for one seed.")
    parser.add_argument("seed", type=int)
    parser.add_argument("--features", default=None,
                        help="groups to use: 'all', 'default', or a comma list; "
                             "+group / -group adjust the default set")
    args = parser.parse_args(argv)
    sys.stdout.write(generate_program(args.seed, args.features).text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
