"""``logs``: which containers, the options passed to the engine, the prefixes, and ``--since``/``--until``."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from compose.actions.streams import Target, containers, running_container
from compose.actions.streams_logs import LogReaders
from compose.actions.streams_time import parse_time
from compose.engine import docker_streams
from compose.engine.docker_streams import DockerStreams
from compose.engine.streams import LogOptions
from compose.errors import ConfigError, NotFoundError
from compose.events import ListSink, LogLine
from compose.ui.log_print import LogPrinter
from tests.test_streams_fakes import run_cli, set_state, up


def names(found: list[object]) -> list[str]:
    return [c.name for c in found]  # type: ignore[attr-defined]


def test_containers_are_chosen_by_service_and_index(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    assert names(containers(engine, target)) == ["demo-db-1", "demo-job-1", "demo-web-1", "demo-web-2"]
    assert names(containers(engine, target, ["web"], index=2)) == ["demo-web-2"]
    assert names(containers(engine, target, running=True)) == ["demo-db-1", "demo-web-1", "demo-web-2"]
    set_state(engine, "demo-web-1", oneoff=True)
    assert names(containers(engine, target, ["web"])) == ["demo-web-2"]
    assert names(containers(engine, target, ["web"], oneoff=True)) == ["demo-web-2", "demo-web-1"]


def test_an_unknown_service_is_an_error_naming_it(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    with pytest.raises(ConfigError) as caught:
        containers(engine, target, ["web", "nope", "other"])
    assert str(caught.value) == (
        "no such service: nope\n  hint: see `pycompose config --services`\n"
        "no such service: other\n  hint: see `pycompose config --services`"
    )
    without_files = Target("demo")
    assert names(containers(engine, without_files, ["db"])) == ["demo-db-1"]
    with pytest.raises(ConfigError, match=r"^no such service: nope$"):
        containers(engine, without_files, ["nope"])


def test_exec_and_attach_need_a_running_container(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    assert running_container(engine, target, "web").name == "demo-web-1"
    assert running_container(engine, target, "web", 2).name == "demo-web-2"
    with pytest.raises(NotFoundError, match=r'^service "job" is not running$'):
        running_container(engine, target, "job")
    with pytest.raises(NotFoundError, match=r'^service "web" is not running container #3$'):
        running_container(engine, target, "web", 3)


def test_every_container_is_read_with_the_options(tmp_path: Path) -> None:
    target, engine = up(tmp_path)
    engine.logs_of = {"demo-web-1": ["one", "two"], "demo-db-1": ["ready"]}
    sink = ListSink()
    options = LogOptions(follow=True, tail="5", since=10.0, until=20.0, timestamps=True)
    found = containers(engine, target, ["web", "db"])
    LogReaders(engine, found, options, sink).wait()
    lines = sorted((e.container, e.text.split(" ", 1)[1]) for e in sink.of(LogLine))  # type: ignore[union-attr]
    assert lines == [("demo-db-1", "ready"), ("demo-web-1", "one"), ("demo-web-1", "two")]
    assert sorted(engine.log_requests) == [(c.name, options) for c in sorted(found, key=lambda c: c.name)]


def test_an_engine_error_while_reading_ends_the_wait_with_it(tmp_path: Path) -> None:
    _target, engine = up(tmp_path)
    engine.containers.pop("demo-db-1")
    found = [c for c in engine.observe("demo").containers if c.service == "web"]
    gone = found[0].__class__(id="gone", name="gone", service="x", number=1, state="running")
    with pytest.raises(NotFoundError, match=r"no such container: gone"):
        LogReaders(engine, [*found, gone], LogOptions(), ListSink()).wait()


def console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=100, color_system="truecolor", force_terminal=True), out


def test_prefixes_are_padded_to_the_widest_container_and_coloured() -> None:
    term, out = console()
    printer = LogPrinter(term, "demo")
    printer.formatter.reserve(["demo-web-1", "demo-worker-1"])
    printer.emit(LogLine("web", "demo-web-1", "hello"))
    printer.emit(LogLine("worker", "demo-worker-1", "[b]literal[/b]"))
    text = out.getvalue()
    assert "\x1b[36mweb-1    | \x1b[0mhello" in text
    assert "\x1b[33mworker-1 | \x1b[0m[b]literal[/b]" in text


def test_no_color_and_no_prefix_print_plain_lines_and_close_silences() -> None:
    term, out = console()
    plain = LogPrinter(term, "demo", colour=False)
    plain.emit(LogLine("web", "demo-web-1", "\x1b[31mred\x1b[0m"))
    bare = LogPrinter(term, "demo", prefix=False)
    bare.emit(LogLine("web", "demo-web-1", "just text"))
    bare.close()
    bare.emit(LogLine("web", "demo-web-1", "after close"))
    assert out.getvalue() == "web-1 | \x1b[31mred\x1b[0m\njust text\n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42m", 10_000.0 - 42 * 60),
        ("1h30m", 10_000.0 - 5400),
        ("1.5h", 10_000.0 - 5400),
        ("250ms", 10_000.0 - 0.25),
        ("-10s", 10_010.0),
        ("1136073600", 1136073600.0),
        ("1136073600.5", 1136073600.5),
        ("2013-01-02T13:23:37Z", 1357133017.0),
        ("2013-01-02T13:23:37.123456789+01:00", 1357129417.123456),
    ],
)
def test_since_and_until_read_like_docker(value: str, expected: float) -> None:
    assert parse_time(value, 10_000.0) == pytest.approx(expected)


def test_a_bad_time_says_what_is_expected() -> None:
    with pytest.raises(
        ValueError, match=r"invalid time 'yesterday': expected a time like 2013-01-02T13:23:37Z"
    ):
        parse_time("yesterday", 0)


def test_logs_command_prints_every_container_with_prefixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, engine = up(tmp_path)
    engine.logs_of = {"demo-web-2": ["second"], "demo-db-1": ["ready"]}
    code, out, _ = run_cli(monkeypatch, capsys, tmp_path / "demo", engine, "logs", "--tail", "1", "web", "db")
    assert code == 0
    assert sorted(out.splitlines()) == ["db-1  | ready", "web-2 | second"]
    assert {opts.tail for _, opts in engine.log_requests} == {"1"}
    code, out, _ = run_cli(
        monkeypatch, capsys, tmp_path / "demo", engine, "logs", "--index", "2", "--no-log-prefix", "web"
    )
    assert (code, out) == (0, "second\n")


def test_logs_works_by_project_name_without_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, engine = up(tmp_path)
    engine.logs_of = {"demo-db-1": ["ready"]}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, _ = run_cli(monkeypatch, capsys, elsewhere, engine, "-p", "demo", "logs", "db")
    assert (code, out) == (0, "db-1 | ready\n")
    code, _, err = run_cli(monkeypatch, capsys, elsewhere, engine, "-p", "demo", "logs", "nope")
    assert code == 1
    assert "no such service: nope" in err


def test_logs_flags_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _, engine = up(tmp_path)
    code, _, err = run_cli(monkeypatch, capsys, tmp_path / "demo", engine, "logs", "--since", "soon")
    assert code == 2
    assert "--since" in err and "invalid time 'soon'" in err
    code, _, err = run_cli(monkeypatch, capsys, tmp_path / "demo", engine, "logs", "--tail", "lots")
    assert code == 2 and "--tail" in err


class _OpenStream:
    """A followed log the engine never ends: two lines, then nothing until it is closed."""

    def __init__(self) -> None:
        self.closed = threading.Event()

    def __iter__(self) -> Iterator[bytes]:
        yield b"one\ntwo\n"
        self.closed.wait(10)

    def close(self) -> None:
        self.closed.set()


class _Logs:
    def __init__(self, stream: _OpenStream) -> None:
        self.stream = stream

    def logs(self, container_id: str, **options: object) -> _OpenStream:
        return self.stream


def test_a_followed_log_ends_once_its_container_has_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine may leave a follow open when it began just as the container stopped."""
    monkeypatch.setattr(docker_streams, "LOG_GRACE", 0.05)
    stream, stopped = _OpenStream(), threading.Event()
    streams = DockerStreams("unix:///nowhere.sock")
    streams.__dict__["_long"] = _Logs(stream)
    waits: list[tuple[str, str]] = []

    def request(what: str, method: str, path: str, params: object, extra_wait: float = 0) -> bytes:
        waits.append((method, path))
        stopped.wait(10)  # the engine answers a wait when the container has stopped
        return b'{"StatusCode": 0}'

    monkeypatch.setattr(streams, "_request", request)
    read = streams.read_logs("abc", LogOptions(follow=True))
    assert [next(read), next(read)] == ["one", "two"]
    assert not stream.closed.is_set()  # still running: the follow stays open
    started = time.monotonic()
    stopped.set()
    assert list(read) == []
    assert stream.closed.is_set() and time.monotonic() - started < 5
    assert waits == [("POST", "/containers/abc/wait")]
