"""Log line prefixes and colours."""

from __future__ import annotations

import io

from rich.console import Console

from compose.events import LogLine
from compose.ui.logs import PALETTE, LogFormatter


def test_prefix_strips_the_project_and_pads_to_widest_so_far() -> None:
    fmt = LogFormatter("shop")
    assert fmt.as_plain(LogLine("web", "shop-web-1", "GET /")) == "web-1 | GET /"
    assert fmt.as_plain(LogLine("payments", "shop-payments-2", "ok")) == "payments-2 | ok"
    assert fmt.as_plain(LogLine("web", "shop-web-1", "GET /cart")) == "web-1      | GET /cart"


def test_names_without_the_project_prefix_are_kept_whole() -> None:
    fmt = LogFormatter("shop")
    assert fmt.as_plain(LogLine("x", "custom_name", "a")) == "custom_name | a"
    assert fmt.as_plain(LogLine("x", "shopfront-1", "b")) == "shopfront-1 | b"
    assert fmt.as_plain(LogLine("x", "shop_web_1", "c")) == "web_1       | c"


def test_colours_follow_first_appearance_and_stay_stable() -> None:
    fmt = LogFormatter("p")
    services = [f"s{i}" for i in range(len(PALETTE) + 1)]
    for service in services:
        fmt.as_text(LogLine(service, f"p-{service}-1", "x"))
    assert [fmt.colour(s) for s in services] == [*PALETTE, PALETTE[0]]
    assert PALETTE[:5] == ("cyan", "yellow", "green", "magenta", "blue")
    assert fmt.colour("s1") == "yellow"


def test_as_text_colours_only_the_prefix_and_keeps_brackets_literal() -> None:
    fmt = LogFormatter("p")
    fmt.as_text(LogLine("db", "p-db-1", "first"))
    text = fmt.as_text(LogLine("web", "p-web-1", "[red]not markup[/]"))
    assert text.plain == "web-1 | [red]not markup[/]"
    assert [(s.start, s.end, str(s.style)) for s in text.spans] == [(0, 8, "yellow")]
    stream = io.StringIO()
    Console(file=stream, width=80, color_system="standard", force_terminal=True).print(text)
    assert stream.getvalue() == "\x1b[33mweb-1 | \x1b[0m[red]not markup[/]\n"


def test_ansi_in_container_output_becomes_style_not_garbage() -> None:
    fmt = LogFormatter("p")
    text = fmt.as_text(LogLine("web", "p-web-1", "\x1b[1mbold\x1b[0m plain"))
    assert text.plain == "web-1 | bold plain"
    assert any(str(s.style) == "bold" and text.plain[s.start : s.end] == "bold" for s in text.spans)


def test_reserve_pads_from_the_first_line() -> None:
    formatter = LogFormatter("demo")
    formatter.reserve(["demo-talker-1", "demo-db-1"])
    line = formatter.as_plain(LogLine(service="db", container="demo-db-1", text="ready"))
    assert line == "db-1     | ready"
