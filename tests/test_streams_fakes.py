"""A project on the in-memory engine for the streaming commands' tests, and the fake's own streams."""

from __future__ import annotations

import io
import tarfile
from dataclasses import replace
from pathlib import Path

import pytest

from compose import orchestrator
from compose.actions.streams import Target
from compose.engine.fake import FakeEngine
from compose.engine.fake_session import FakeReply
from compose.engine.streams import STDERR, STDOUT, ExecSpec, LogOptions
from compose.errors import NotFoundError
from compose.events import NullSink
from compose.plan import UpOptions
from tests.helpers import project_from

FILE = """
services:
  web: {image: app, scale: 2}
  db: {image: app}
  job: {image: app}
"""


def up(tmp_path: Path, text: str = FILE) -> tuple[Target, FakeEngine]:
    """The project up on a fake engine (``job`` exited), and the target naming it with its services."""
    project = project_from(tmp_path, text)
    fake = FakeEngine(images={"app": "sha256:a"}, exits={"demo-job-1": 3})
    orchestrator.up(project, fake, NullSink(), UpOptions())
    fake.calls.clear()
    return Target(project.name, frozenset(project.services)), fake


def set_state(engine: FakeEngine, name: str, **changes: object) -> None:
    engine.containers[name] = replace(engine.containers[name], **changes)  # type: ignore[arg-type]


def test_a_scripted_exec_gives_its_output_then_ends_with_its_code(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    engine.exec_replies["sh -c x"] = FakeReply(stdout=b"out", stderr=b"err", exit_code=4)
    exec_id = engine.exec_create("demo-db-1", ExecSpec(command=("sh", "-c", "x")))
    session = engine.exec_start(exec_id, tty=False)
    assert engine.exec_exit_code(exec_id) is None
    assert [session.read(), session.read(), session.read()] == [(STDOUT, b"out"), (STDERR, b"err"), None]
    assert engine.exec_exit_code(exec_id) == 4


def test_cat_echoes_its_input_once_it_is_closed(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    session = engine.exec_start(
        engine.exec_create("demo-db-1", ExecSpec(command=("cat",), stdin=True)), tty=True
    )
    session.write(b"hi\n")
    session.close_input()
    assert session.read() == (STDOUT, b"hi\n")
    assert session.read() is None


def test_exec_needs_a_running_container(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    with pytest.raises(Exception, match=r"not running"):
        engine.exec_create("demo-job-1", ExecSpec(command=("true",)))


def test_logs_honour_tail_and_timestamps(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    engine.logs_of["demo-db-1"] = ["a", "b", "c"]
    assert list(engine.read_logs("demo-db-1", LogOptions(tail="2"))) == ["b", "c"]
    assert list(engine.read_logs("demo-db-1", LogOptions(tail="0"))) == []
    stamped = list(engine.read_logs("demo-db-1", LogOptions(timestamps=True)))
    assert stamped[0].endswith("Z a")


def test_the_file_system_round_trips_through_archives(tmp_path: Path) -> None:
    _, engine = up(tmp_path)
    engine.files["demo-db-1"] = {"/": None, "/etc": None, "/etc/motd": b"hello", "/etc/link": "motd"}
    stat = engine.stat_path("demo-db-1", "/etc/")
    assert stat is not None and stat.is_dir and stat.name == "etc"
    link = engine.stat_path("demo-db-1", "/etc/link")
    assert link is not None and link.link_target == "motd"
    assert engine.stat_path("demo-db-1", "/nope") is None
    data = b"".join(engine.get_archive("demo-db-1", "/etc"))
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        assert sorted(tar.getnames()) == ["etc", "etc/link", "etc/motd"]
    engine.put_archive("demo-web-1", "/", data)
    assert engine.files["demo-web-1"]["/etc/motd"] == b"hello"
    with pytest.raises(NotFoundError):
        engine.put_archive("demo-web-1", "/etc/motd", data)


def run_cli(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cwd: Path,
    engine: FakeEngine,
    *args: str,
) -> tuple[int, str, str]:
    """Run the CLI in ``cwd`` on the fake engine; returns the exit code, standard output and error."""
    from compose.cli.app import Globals, main

    monkeypatch.chdir(cwd)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(Globals, "engine", lambda self: engine)
    capsys.readouterr()
    try:
        main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
