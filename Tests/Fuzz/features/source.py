"""Helpers for writing source lines."""


def indent(lines, depth=1):
    """Indent every non-empty line by `depth` levels of four spaces."""
    pad = "    " * depth
    return [pad + line if line else line for line in lines]
