"""Rendering errors with a source snippet and a caret."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from compose.errors import ConfigError, Location, Problem, PycomposeError
from compose.ui.errors import render_error, render_warning


def _console() -> Console:
    return Console(file=io.StringIO(), width=100, force_terminal=False, color_system=None)


def _out(console: Console) -> str:
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def _compose_file(tmp_path: Path) -> Path:
    path = tmp_path / "compose.yaml"
    path.write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    return path


def test_error_shows_head_source_line_caret_and_hint(tmp_path: Path) -> None:
    path = _compose_file(tmp_path)
    error = ConfigError.at(
        "unknown key 'web:'",
        Location(str(path), 2, 5),
        path="services",
        hint="check the indentation",
    )
    console = _console()
    render_error(error, console)
    assert _out(console) == (
        f"error: {path}:2:5: services: unknown key 'web:'\n"
        " 2 |   web:\n"
        "   |     ^\n"
        "  hint: check the indentation\n"
    )


def test_missing_file_skips_the_snippet_and_problems_are_separated(tmp_path: Path) -> None:
    path = _compose_file(tmp_path)
    error = PycomposeError(
        [
            Problem("cannot read file", Location(str(tmp_path / "gone.yaml"), 1, 1)),
            Problem("image must be a string", Location(str(path), 3, 12), "services.web.image"),
            Problem("no location at all", hint="try harder"),
        ]
    )
    console = _console()
    render_error(error, console)
    assert _out(console) == (
        f"error: {tmp_path / 'gone.yaml'}:1:1: cannot read file\n"
        "\n"
        f"error: {path}:3:12: services.web.image: image must be a string\n"
        " 3 |     image: nginx\n"
        "   |            ^\n"
        "\n"
        "error: no location at all\n"
        "  hint: try harder\n"
    )


def test_line_past_the_end_or_column_past_the_line_stays_safe(tmp_path: Path) -> None:
    path = _compose_file(tmp_path)
    error = PycomposeError(
        [Problem("past the end", Location(str(path), 40, 1)), Problem("wide", Location(str(path), 1, 99))]
    )
    console = _console()
    render_error(error, console)
    assert _out(console).splitlines() == [
        f"error: {path}:40:1: past the end",
        "",
        f"error: {path}:1:99: wide",
        " 1 | services:",
        "   |          ^",
    ]


def test_tabs_in_the_source_keep_the_caret_aligned(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text("a:\n\tb: [x\n", encoding="utf-8")
    console = _console()
    render_error(ConfigError.at("unclosed flow sequence", Location(str(path), 2, 5)), console)
    lines = _out(console).splitlines()
    assert lines[1:] == [" 2 |    b: [x", "   |       ^"]
    assert lines[2].index("^") == lines[1].index("[")


def test_square_brackets_are_not_rich_markup() -> None:
    console = _console()
    render_error(ConfigError.at("[red]literal[/red] brackets"), console)
    render_warning("version is [obsolete]", console)
    assert _out(console) == "error: [red]literal[/red] brackets\nwarning: version is [obsolete]\n"


def test_error_without_problems_still_says_something() -> None:
    console = _console()
    render_error(PycomposeError(), console)
    assert _out(console) == "error: PycomposeError\n"
