"""Errors and warnings for people: the problem, the offending source line with a caret, the hint."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rich.console import Console
from rich.text import Text

from compose.errors import Location, Problem, PycomposeError


class _Sources:
    """Reads each file at most once, and only when a snippet needs it; unreadable files give nothing."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str] | None] = {}

    def line(self, location: Location) -> str | None:
        if location.file not in self._lines:
            try:
                text = Path(location.file).read_text(encoding="utf-8", errors="replace")
            except (OSError, ValueError):
                self._lines[location.file] = None
            else:
                self._lines[location.file] = text.splitlines()
        lines = self._lines[location.file]
        if lines is None or not 1 <= location.line <= len(lines):
            return None
        return lines[location.line - 1]


def _snippet(location: Location, source: str) -> list[Text]:
    gutter = str(location.line)
    column = min(max(location.column, 1), len(source) + 1)
    # Keep tabs so the caret lines up however the terminal expands them.
    lead = "".join(ch if ch == "\t" else " " for ch in source[: column - 1])
    blank = " " * len(gutter)
    return [
        Text.assemble((f" {gutter} | ", "blue"), source),
        Text.assemble((f" {blank} | ", "blue"), lead, ("^", "bold red")),
    ]


def problem_lines(problem: Problem, sources: _Sources | None = None) -> list[Text]:
    """The lines that show one problem: ``error: head``, the source snippet if readable, the hint."""
    head = str(dataclasses.replace(problem, hint=""))
    lines = [Text.assemble(("error:", "bold red"), " ", head)]
    if problem.location is not None:
        source = (sources or _Sources()).line(problem.location)
        if source is not None:
            lines.extend(_snippet(problem.location, source))
    if problem.hint:
        lines.append(Text.assemble("  ", ("hint:", "cyan"), " ", problem.hint))
    return lines


def render_error(error: PycomposeError, console: Console) -> None:
    """Print every problem of ``error``; a blank line separates problems. Never raises on missing files."""
    problems = error.problems or [Problem(str(error) or type(error).__name__)]
    sources = _Sources()
    for index, problem in enumerate(problems):
        if index:
            console.print()
        for line in problem_lines(problem, sources):
            console.print(line, highlight=False, markup=False, soft_wrap=True)


def render_warning(text: str, console: Console) -> None:
    """Print ``warning: text`` with a yellow label."""
    console.print(Text.assemble(("warning:", "bold yellow"), " ", text), highlight=False, soft_wrap=True)
