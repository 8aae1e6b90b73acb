"""``up --watch`` on the fake engine: --abort-on-container-exit, --exit-code-from, and the logs after a
restart."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from compose.cli.app import Globals, main
from compose.engine.fake import FakeEngine
from compose.engine.streams import LogOptions
from compose.watch import Session
from tests.conftest import WriteProject
from tests.test_watch_exits import eventually

FILE = """
name: demo
services:
  app:
    image: app
    develop:
      watch: [{path: ./app.conf, action: restart}]
  other:
    image: app
"""

Watching = Callable[[Session, threading.Event], None]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, write_project: WriteProject) -> Iterator[FakeEngine]:
    root = write_project(compose=FILE)
    monkeypatch.chdir(root)
    engine = FakeEngine(images={"app": "sha256:" + "a" * 64})
    engine.logs_of["demo-app-1"] = ["hello"]
    monkeypatch.setattr(Globals, "engine", lambda self: engine)
    monkeypatch.setenv("NO_COLOR", "1")
    yield engine


def _up(monkeypatch: pytest.MonkeyPatch, watching: Watching, *args: str) -> int:
    """``up --watch`` whose watching is ``watching`` (it gets the session and the stop event)."""
    monkeypatch.setattr(Session, "watch", watching)
    with pytest.raises(SystemExit) as ended:
        main(["--progress", "plain", "up", "--watch", *args])
    return int(ended.value.code or 0)


def _restart_app(session: Session) -> None:
    session.handle([str(Path("app.conf").resolve())])


def test_abort_on_container_exit_ends_up_watch_with_the_exit_code(
    fake: FakeEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def watching(session: Session, stop: threading.Event) -> None:
        fake.exits["demo-app-1"] = 3  # the restarted app fails at once
        _restart_app(session)
        assert stop.wait(10)

    assert _up(monkeypatch, watching, "--abort-on-container-exit") == 3
    err = capsys.readouterr().err
    assert "demo-app-1 exited with code 3\nAborting on container exit..." in err
    assert not any(c.running for c in fake.containers.values())
    # what the failed run wrote is shown too: its logs are read again (from when it stopped) although it ended
    assert eventually(lambda: [n for n, o in fake.log_requests if o.since] == ["demo-app-1"])


def test_exit_code_from_gives_that_services_code(fake: FakeEngine, monkeypatch: pytest.MonkeyPatch) -> None:
    def watching(session: Session, stop: threading.Event) -> None:
        fake.exits["demo-app-1"] = 3
        _restart_app(session)
        del fake.exits["demo-app-1"]
        assert stop.wait(10)

    assert _up(monkeypatch, watching, "--exit-code-from", "other") == 0
    assert _up(monkeypatch, watching, "--exit-code-from", "app") == 3


def test_a_container_not_running_before_the_restart_is_waited_on_after_it(
    fake: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.exits["demo-app-1"] = 5  # app exits at once when up starts it: not followed at first

    def watching(session: Session, stop: threading.Event) -> None:
        fake.exits["demo-app-1"] = 3
        _restart_app(session)  # started again, it exits again
        assert stop.wait(10)

    assert _up(monkeypatch, watching, "--abort-on-container-exit") == 3


def test_a_restart_by_watch_does_not_abort(
    fake: FakeEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def watching(session: Session, stop: threading.Event) -> None:
        _restart_app(session)
        assert not stop.wait(0.5)  # nothing aborts: watching ends here, as if by Ctrl-C

    assert _up(monkeypatch, watching, "--abort-on-container-exit") == 0
    assert "Aborting" not in capsys.readouterr().err


def test_after_a_restart_the_logs_are_followed_from_when_the_container_stopped(
    fake: FakeEngine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def watching(session: Session, stop: threading.Event) -> None:
        _restart_app(session)
        stop.wait(0.3)

    assert _up(monkeypatch, watching) == 0
    stopped = fake.containers["demo-app-1"].finished_at
    restarted_at = [o for name, o in fake.log_requests if name == "demo-app-1" and o.since]
    assert restarted_at and restarted_at[0] == LogOptions(follow=True, since=restarted_at[0].since)
    assert restarted_at[0].since is not None and 0 < restarted_at[0].since <= stopped
    assert capsys.readouterr().out.count("| hello") == 2  # the first run's, then the new run's
