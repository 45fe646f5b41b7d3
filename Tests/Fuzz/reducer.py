"""Shrink a failing program while it keeps failing the same way (delta debugging).

"The same way" is runner.Mismatch.key: the same tier configuration, the same category
(crash, hang, error, stderr, stdout) and, for errors, the same exception types (for a
crash, the same crash site). A candidate is kept only if python3 can still compile and
finish it, tierscope still shows that mismatch, and the configurations the original passed
in (`controls`, e.g. t0 for a bug only the tracing tiers have) still pass.

Passes, repeated while they make progress and the budget lasts:
  1. whole generated blocks (the generator knows where each starts);
  2. statements of every statement list: the module, then function, class, loop and if
     bodies, outer lists first (ddmin over each list);
  3. unwrapping: an if/for/while replaced by its body;
  4. int constants below 2**31 (loop counts, switch points) tried at 0, 1, n//10, n//2,
     and constant arithmetic with a small result folded (`2 ** 0 + 2` -> `3`);
  5. elements of list and tuple displays, and arguments of print() calls;
  6. expressions replaced by a part of themselves (`a + b` -> `a`, `x if c else y` -> `x`);
  7. readability: `for i in range(N): body` (or over a one-element list) -> `i = 0; body`,
     and a generated `def run_bN(): body` called once at module level inlined.
"""
import ast
import os
import time

import runner


class Budget(Exception):
    """Raised when the reducer has used its allowance of test runs or time."""


class Reducer:
    def __init__(self, binary, key, workdir, controls=(), max_tests=600, max_seconds=240.0):
        self.binary = binary
        self.key = key
        self.controls = list(controls)
        self.workdir = workdir
        self.max_tests = max_tests
        self.deadline = time.monotonic() + max_seconds
        self.tests = 0
        self.cache = {}

    # --- the test ------------------------------------------------------------------
    def fails(self, text):
        if text in self.cache:
            return self.cache[text]
        if self.tests >= self.max_tests or time.monotonic() > self.deadline:
            raise Budget()
        try:
            compile(text, "<candidate>", "exec")
        except SyntaxError:
            self.cache[text] = False
            return False
        self.tests += 1
        path = os.path.join(self.workdir, "candidate.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        result = runner.still_mismatches(self.binary, path, self.key, self.controls)
        self.cache[text] = result
        return result

    # --- generic ddmin ---------------------------------------------------------------
    def ddmin(self, items, render):
        """The smallest sublist (by complement removal) whose render(sublist) still fails."""
        if len(items) > 0 and self.fails(render([])):
            return []
        granularity = 2
        while len(items) >= 2:
            chunk = max(1, len(items) // granularity)
            reduced = False
            for start in range(0, len(items), chunk):
                complement = items[:start] + items[start + chunk:]
                if complement and self.fails(render(complement)):
                    items = complement
                    granularity = max(granularity - 1, 2)
                    reduced = True
                    break
            if not reduced:
                if chunk == 1:
                    break
                granularity = min(len(items), granularity * 2)
        return items

    # --- passes ----------------------------------------------------------------------
    def reduce_blocks(self, header, blocks):
        """blocks: list of (index, source text). Returns the surviving list."""
        def render(chosen):
            return header + "".join(text for _, text in chosen)
        return self.ddmin(blocks, render)

    def reduce_statement_lists(self, tree):
        k = 0
        while True:
            lists = _statement_lists(tree)
            if k >= len(lists):
                return tree
            node, fieldname = lists[k]
            original = getattr(node, fieldname)
            if len(original) > 1 or (fieldname == "orelse" and original):
                def render(chosen, node=node, fieldname=fieldname):
                    saved = getattr(node, fieldname)
                    setattr(node, fieldname, chosen or ([] if fieldname == "orelse" else [ast.Pass()]))
                    text = _unparse(tree)
                    setattr(node, fieldname, saved)
                    return text
                kept = self.ddmin(list(original), render)
                setattr(node, fieldname, kept or ([] if fieldname == "orelse" else [ast.Pass()]))
            k += 1

    def unwrap_compounds(self, tree):
        changed = True
        while changed:
            changed = False
            for node, fieldname in _statement_lists(tree):
                statements = getattr(node, fieldname)
                for index, stmt in enumerate(statements):
                    replacements = []
                    if isinstance(stmt, ast.If):
                        replacements = [stmt.body, stmt.orelse]
                    elif isinstance(stmt, (ast.For, ast.While)):
                        replacements = [stmt.body]
                    for replacement in replacements:
                        if not replacement:
                            continue
                        candidate = statements[:index] + replacement + statements[index + 1:]
                        setattr(node, fieldname, candidate)
                        if self.fails(_unparse(tree)):
                            changed = True
                            break
                        setattr(node, fieldname, statements)
                    if changed:
                        break
                if changed:
                    break
        return tree

    def shrink_constants(self, tree):
        for node in list(ast.walk(tree)):
            if not (isinstance(node, ast.Constant) and type(node.value) is int):
                continue
            while 2 < abs(node.value) < 2**31:
                original = node.value
                for candidate in (0, 1, original // 10, original // 2):
                    if candidate == original:
                        continue
                    node.value = candidate
                    if self.fails(_unparse(tree)):
                        break
                    node.value = original
                if node.value == original:
                    break
        return tree

    def fold_constants(self, tree):
        for parent in list(ast.walk(tree)):
            for slot, value, put in _child_slots(parent):
                if not _is_constant_arithmetic(value) or isinstance(value, ast.Constant):
                    continue
                try:
                    folded = eval(compile(ast.Expression(value), "<fold>", "eval"))
                except Exception:  # noqa: BLE001 - leave what cannot be folded
                    continue
                if type(folded) is int and abs(folded) < 2**31:
                    put(ast.Constant(folded))
                    if not self.fails(_unparse(tree)):
                        put(value)
        return tree

    def trim_sequences(self, tree):
        """ddmin over list/tuple display elements and print() arguments."""
        for node in list(ast.walk(tree)):
            if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) > 1 \
                    and isinstance(node.ctx, ast.Load):
                attribute = "elts"
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "print" and len(node.args) > 1):
                attribute = "args"
            else:
                continue

            def render(chosen, node=node, attribute=attribute):
                saved = getattr(node, attribute)
                setattr(node, attribute, chosen)
                text = _unparse(tree)
                setattr(node, attribute, saved)
                return text
            setattr(node, attribute, self.ddmin(list(getattr(node, attribute)), render))
        return tree

    def simplify_expressions(self, tree):
        for parent in list(ast.walk(tree)):
            for slot, value, put in _child_slots(parent):
                if isinstance(value, ast.BinOp):
                    parts = [value.left, value.right]
                elif isinstance(value, ast.BoolOp):
                    parts = list(value.values)
                elif isinstance(value, ast.IfExp):
                    parts = [value.body, value.orelse]
                else:
                    continue
                for part in parts:
                    put(part)
                    if self.fails(_unparse(tree)):
                        break
                    put(value)
        return tree

    def straighten_loops(self, tree):
        for node, fieldname in _statement_lists(tree):
            statements = getattr(node, fieldname)
            for index, stmt in enumerate(statements):
                if not isinstance(stmt, ast.For) or stmt.orelse:
                    continue
                loop_over = stmt.iter
                if (isinstance(loop_over, ast.Call) and isinstance(loop_over.func, ast.Name)
                        and loop_over.func.id == "range" and loop_over.args):
                    first = loop_over.args[0] if len(loop_over.args) > 1 else ast.Constant(0)
                elif isinstance(loop_over, (ast.List, ast.Tuple)) and len(loop_over.elts) == 1:
                    first = loop_over.elts[0]
                else:
                    continue
                assign = ast.Assign(targets=[stmt.target], value=first, lineno=0)
                candidate = statements[:index] + [assign] + stmt.body + statements[index + 1:]
                setattr(node, fieldname, candidate)
                if self.fails(_unparse(tree)):
                    return self.straighten_loops(tree)
                setattr(node, fieldname, statements)
        return tree

    def inline_runners(self, tree):
        body = tree.body
        for index, stmt in enumerate(body):
            if not (isinstance(stmt, ast.FunctionDef) and not stmt.args.args
                    and not any(isinstance(n, (ast.Return, ast.Global)) for n in ast.walk(stmt))):
                continue
            calls = [k for k, other in enumerate(body) if isinstance(other, ast.Expr)
                     and isinstance(other.value, ast.Call) and isinstance(other.value.func, ast.Name)
                     and other.value.func.id == stmt.name and not other.value.args]
            if len(calls) != 1 or calls[0] < index:
                continue
            k = calls[0]
            candidate = body[:index] + body[index + 1:k] + stmt.body + body[k + 1:]
            tree.body = candidate
            if self.fails(_unparse(tree)):
                return self.inline_runners(tree)
            tree.body = body
        return tree

    def reduce(self, header, blocks):
        """Reduce a program given as blocks; returns (text, indices of surviving blocks)."""
        original = header + "".join(text for _, text in blocks)
        surviving = [index for index, _ in blocks]
        text = original
        try:
            kept = self.reduce_blocks(header, blocks)
            surviving = [index for index, _ in kept]
            text = header + "".join(t for _, t in kept)
            for _ in range(8):
                before = text
                tree = ast.parse(text)
                for step in (self.reduce_statement_lists, self.unwrap_compounds,
                             self.shrink_constants, self.fold_constants, self.trim_sequences,
                             self.simplify_expressions, self.straighten_loops, self.inline_runners):
                    tree = step(tree)
                    candidate = _unparse(tree)
                    if candidate != text and self.fails(candidate):
                        text = candidate
                    tree = ast.parse(text)
                if text == before:
                    break
        except Budget:
            pass
        return text, surviving


def _unparse(tree):
    return ast.unparse(tree) + "\n"


def _child_slots(parent):
    """(field, child, put) for each expression child of `parent`, in single fields and lists;
    put(new) replaces that child in place."""
    for fieldname, value in ast.iter_fields(parent):
        if isinstance(value, ast.expr):
            yield fieldname, value, (lambda new, f=fieldname: setattr(parent, f, new))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, ast.expr):
                    yield fieldname, item, (lambda new, v=value, k=index: v.__setitem__(k, new))


def _is_constant_arithmetic(node):
    if isinstance(node, ast.Constant):
        return type(node.value) in (int, float)
    if isinstance(node, ast.UnaryOp):
        return _is_constant_arithmetic(node.operand)
    if isinstance(node, ast.BinOp):
        return _is_constant_arithmetic(node.left) and _is_constant_arithmetic(node.right)
    return False


def _statement_lists(tree):
    """Every (node, field) holding a statement list, outer lists first."""
    found = []
    queue = [tree]
    while queue:
        node = queue.pop(0)
        for fieldname in ("body", "orelse"):
            value = getattr(node, fieldname, None)
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                found.append((node, fieldname))
                queue.extend(value)
    return found
