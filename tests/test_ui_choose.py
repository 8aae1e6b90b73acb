"""Choosing a sink for --progress, and the JSON and quiet sinks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from compose.events import (
    Finished,
    LogLine,
    Notice,
    PlanReady,
    Resource,
    ResourceDone,
    ResourceFailed,
    ResourceWorking,
)
from compose.ui.choose import PROGRESS_MODES, JsonSink, QuietSink, live_view_fits, make_sink, plain_sink
from compose.ui.live import LiveSink
from compose.ui.plain import PlainSink

WEB = Resource("container", "demo-web-1")


def _console(terminal: bool = False) -> Console:
    return Console(file=io.StringIO(), width=100, force_terminal=terminal, color_system=None)


def _out(console: Console) -> str:
    stream = console.file
    assert isinstance(stream, io.StringIO)
    return stream.getvalue()


def test_auto_is_plain_off_a_terminal() -> None:
    console = _console()
    with make_sink("auto", console, "demo") as sink:
        assert isinstance(sink, PlainSink)
        sink.emit(ResourceDone(WEB, "Started"))
    assert _out(console) == " Container demo-web-1  Started\n"


def test_auto_is_live_on_a_terminal_and_tty_forces_it() -> None:
    with make_sink("auto", _console(terminal=True), "demo") as sink:
        assert isinstance(sink, LiveSink)
    console = _console()
    with make_sink("tty", console, "demo") as sink:
        assert isinstance(sink, LiveSink)
        sink.emit(PlanReady((WEB,)))
    assert _out(console).splitlines()[0] == "[+] Running 0/1 · demo · 0/1 containers running"


def test_plain_mode_even_on_a_terminal() -> None:
    with make_sink("plain", _console(terminal=True), "demo") as sink:
        assert isinstance(sink, PlainSink)


def test_json_mode_writes_json_lines() -> None:
    console = _console()
    with make_sink("json", console, "demo") as sink:
        assert isinstance(sink, JsonSink)
        sink.emit(ResourceDone(WEB, "Started"))
    assert json.loads(_out(console))["id"] == "Container demo-web-1"


def test_quiet_shows_no_progress_only_logs() -> None:
    console = _console()
    with make_sink("quiet", console, "demo") as sink:
        assert isinstance(sink, QuietSink)
        sink.emit(PlanReady((WEB,)))
        sink.emit(ResourceWorking(WEB, "Starting"))
        sink.emit(Notice("obsolete", "warning"))
        sink.emit(LogLine("web", "demo-web-1", "up"))
        sink.emit(ResourceFailed(WEB, "exited with code 3"))
        sink.emit(Finished(False))
    assert _out(console) == "web-1 | up\n"


def test_a_dumb_terminal_gets_plain_lines() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, _environ={"TERM": "dumb"})
    with make_sink("auto", console, "demo") as sink:
        assert isinstance(sink, PlainSink)


def test_unknown_mode_is_rejected() -> None:
    assert "json" in PROGRESS_MODES
    with (
        pytest.raises(ValueError, match="unknown progress mode 'fancy'"),
        make_sink("fancy", _console(), "x"),
    ):
        pass


def test_the_cli_offers_exactly_these_modes() -> None:
    from compose.cli.app import PROGRESS_MODES as CLI_MODES

    assert CLI_MODES == PROGRESS_MODES


@pytest.mark.parametrize(
    ("progress", "ansi", "env", "tty", "expected"),
    [
        ("json", "auto", {}, True, JsonSink),
        ("plain", "auto", {}, True, PlainSink),
        ("auto", "auto", {}, False, PlainSink),
        ("auto", "never", {}, True, PlainSink),
        ("auto", "auto", {}, True, None),  # a terminal: the live view may fit, make_sink decides
        ("auto", "always", {}, False, None),
        ("auto", "auto", {"FORCE_COLOR": "1"}, False, None),
        ("auto", "auto", {"TTY_COMPATIBLE": "1"}, False, None),
        ("auto", "auto", {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, True, PlainSink),
        ("tty", "auto", {}, False, None),
        ("quiet", "auto", {}, True, QuietSink),
    ],
)
def test_plain_sink_only_where_no_terminal_can_be_detected(
    monkeypatch: pytest.MonkeyPatch,
    progress: str,
    ansi: str,
    env: dict[str, str],
    tty: bool,
    expected: type | None,
) -> None:
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    sink = plain_sink(progress, ansi, Stream(), "demo", lambda: Console(file=Stream()))
    assert (None if sink is None else type(sink)) is expected
    if expected in (PlainSink, JsonSink):  # and it agrees with what Rich detects
        console = Console(file=Stream(), force_terminal={"never": False, "always": True}.get(ansi))
        assert not (progress == "auto" and live_view_fits(console))


UP_WITHOUT_RICH = """
import sys
from compose.cli.app import Globals, main
from compose.engine.fake import FakeEngine
engine = FakeEngine(images={"app": "sha256:" + "a" * 64})
Globals.engine = lambda self: engine
for args in (["up", "-d"], sys.argv[1:]):  # the project is up, then the command under test
    try:
        main(args)
    except SystemExit as ended:
        assert not ended.code, ended.code
print(sorted(m for m in sys.modules if m.split(".")[0] == "rich"))
"""


@pytest.mark.parametrize(
    ("args", "last"),
    [
        (["up", "-d", "--force-recreate"], " Container demo-app-1  Started"),
        (["--progress", "plain", "stop"], " Container demo-app-1  Stopped"),
        (["--progress", "json", "down"], '"status": "Removed"'),
        (["--progress", "quiet", "down"], " Container demo-app-1  Started"),  # up's line: down shows none
        (["--progress", "plain", "cp", "compose.yaml", "app:/compose.yaml"], " Container demo-app-1  Copied"),
        (["exec", "-T", "app", "true"], " Container demo-app-1  Started"),  # up's line: exec shows none
    ],
)
def test_commands_with_plain_progress_never_load_rich(tmp_path: Path, args: list[str], last: str) -> None:
    (tmp_path / "compose.yaml").write_text("name: demo\nservices:\n  app:\n    image: app\n")
    done = subprocess.run(
        [sys.executable, "-c", UP_WITHOUT_RICH, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert last in done.stderr.splitlines()[-1], done.stderr
    assert done.stdout.strip() == "[]"
