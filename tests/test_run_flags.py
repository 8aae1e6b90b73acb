"""``run``'s flags on the in-memory engine: ``-i=false`` as the docker CLI reads it, ``--pull`` and the
service's pull_policy, ``--quiet-pull`` in every progress mode, the project lock while the one-off is
created, and signals passed on to the container with a TTY too."""

from __future__ import annotations

import fcntl
import os
import signal
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from compose.actions.streams_exec import Connect, Resize
from compose.cli import run_cmd
from compose.cli.app import Globals, cli, main
from compose.engine.base import ContainerSpec
from compose.engine.fake import FakeEngine
from compose.engine.streams import Session
from compose.lock import lock_dir
from tests.helpers import project_from

BUSYBOX = "pycompose/busybox:latest"
FILE = f"""
services:
  db:
    image: "pycompose/redis:bookworm"
    pull_policy: always
  web:
    image: {BUSYBOX}
    depends_on: [db]
  offline:
    image: pycompose/absent:1
    pull_policy: never
"""
VALUED = {"-e", "--env", "-v", "--name"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-i=false", "web"], ["--no-interactive", "web"]),
        (["--interactive=0", "-T", "web"], ["--no-interactive", "-T", "web"]),
        (["-i=true", "-t=false", "web"], ["--interactive", "--no-tty", "web"]),
        (["-T=false", "web"], ["--tty", "web"]),
        (["-e", "-i=false", "web", "-i=false"], ["-e", "-i=false", "web", "-i=false"]),
        (["-de", "X=1", "-i=F", "web", "sh"], ["-de", "X=1", "--no-interactive", "web", "sh"]),
        (["--", "-i=false"], ["--", "-i=false"]),
    ],
)
def test_boolean_flags_take_a_value_up_to_the_service(args: list[str], expected: list[str]) -> None:
    assert run_cmd.bool_values(args, VALUED) == expected


def test_a_boolean_flag_with_another_value_is_refused() -> None:
    with pytest.raises(click.BadParameter, match="invalid boolean 'no'"):
        run_cmd.bool_values(["-i=no", "web"], VALUED)


def pipes(*, stdin: bool, forward: object = None) -> Connect:
    def connect(session: Session, resize: Resize) -> None:
        session.close_input()
        while session.read() is not None:
            pass

    return connect


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeEngine:
    engine = FakeEngine(images={BUSYBOX: "sha256:b", "pycompose/redis:bookworm": "sha256:r"})
    monkeypatch.setattr(Globals, "engine", lambda self: engine)
    monkeypatch.setattr(run_cmd, "local_connector", pipes)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    project_from(tmp_path, FILE)
    monkeypatch.chdir(tmp_path / "demo")
    return engine


def test_interactive_false_closes_standard_input(fake: FakeEngine) -> None:
    fake.exits["job"] = fake.exits["two"] = 0
    result = CliRunner().invoke(cli, ["run", "-i=false", "--name", "job", "--no-deps", "web", "cat"])
    assert result.exit_code == 0, result.output
    assert not fake.specs["job"].stdin_open and not fake.specs["job"].stdin_once
    result = CliRunner().invoke(
        cli, ["run", "--interactive=false", "-i", "--name", "two", "--no-deps", "web"]
    )
    assert fake.specs["two"].stdin_open, result.output  # the last one says
    assert CliRunner().invoke(cli, ["run", "-t", "-T", "web"]).exit_code == 2


def test_pull_follows_the_service_policies_unless_given(fake: FakeEngine) -> None:
    fake.exits["job"] = 0
    result = CliRunner().invoke(cli, ["--progress", "plain", "run", "--rm", "--name", "job", "web"])
    assert result.exit_code == 0, result.output
    assert [c for c in fake.calls if c.startswith("pull:")] == ["pull:pycompose/redis:bookworm"]
    fake.calls.clear()
    result = CliRunner().invoke(cli, ["run", "--pull", "missing", "--rm", "--name", "job", "web"])
    assert result.exit_code == 0, result.output
    assert [c for c in fake.calls if c.startswith("pull:")] == []


def test_a_never_pulled_missing_image_is_an_error_naming_the_service(
    fake: FakeEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        main(["run", "--rm", "offline", "true"])
    err = capsys.readouterr().err
    assert ended.value.code == 1
    assert "image pycompose/absent:1 of service 'offline' is not present, and its pull_policy never" in err
    assert "compose.yaml:10:5" in err and not any(c.startswith("create:") for c in fake.calls)


def _progress_pull(fake: FakeEngine) -> None:
    def pull_image(name: str, progress: Callable[[str], None]) -> str:
        fake.calls.append(f"pull:{name}")
        progress("Downloading layer 1/3")
        return fake.images[name]

    fake.pull_image = pull_image  # type: ignore[method-assign]


@pytest.mark.parametrize("mode", ["plain", "json", "quiet", "auto"])
def test_quiet_pull_hides_what_the_registry_reports_in_every_mode(fake: FakeEngine, mode: str) -> None:
    _progress_pull(fake)
    fake.exits["job"] = 0
    args = ["--progress", mode, "run", "--rm", "--name", "job", "web"]
    loud = CliRunner().invoke(cli, args)
    quiet = CliRunner().invoke(cli, [*args[:3], "--quiet-pull", *args[3:]])
    assert loud.exit_code == quiet.exit_code == 0, loud.output + quiet.output
    assert "Downloading layer" not in quiet.stderr
    if mode != "quiet":
        assert "Downloading layer" in loud.stderr and "Pulled" in quiet.stderr


def test_up_and_create_take_quiet_pull_and_yes(fake: FakeEngine) -> None:
    _progress_pull(fake)
    for command in ("create", "up"):
        args = ["--progress", "plain", command, "--quiet-pull", "-y", "web"]
        result = CliRunner().invoke(cli, [*args, *(["-d"] if command == "up" else [])])
        assert result.exit_code == 0, result.output
        assert "Pulled" in result.stderr and "Downloading" not in result.stderr


def test_the_one_off_is_created_under_the_project_lock(fake: FakeEngine) -> None:
    held: list[bool] = []
    create = fake.create_container

    def create_container(spec: ContainerSpec) -> str:
        with open(os.path.join(lock_dir(), "demo.lock"), "a+") as other:
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held.append(False)
            except BlockingIOError:
                held.append(True)
        return create(spec)

    fake.create_container = create_container  # type: ignore[method-assign]
    fake.exits["job"] = 0
    assert CliRunner().invoke(cli, ["run", "--name", "job", "web"]).exit_code == 0
    assert CliRunner().invoke(cli, ["run", "-d", "--name", "bg", "web"]).exit_code == 0
    assert held and all(held)


def test_signals_reach_the_container_with_a_tty_too(
    fake: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = ContainerSpec(name="one", image=BUSYBOX, labels={}, service="web", tty=True, stdin_open=True)
    container_id = fake.create_container(spec)

    def connector(*, stdin: bool, forward: object = None) -> Connect:
        def connect(session: Session, resize: Resize) -> None:
            os.kill(os.getpid(), signal.SIGTERM)  # as `kill PID` does: a raw TTY sends no SIGINT

        return connect

    monkeypatch.setattr(run_cmd, "local_connector", connector)
    before = signal.getsignal(signal.SIGTERM)
    assert run_cmd._foreground(fake, container_id, spec, remove=True) == 128 + signal.SIGTERM
    assert "kill:one" in fake.calls and "one" not in fake.specs
    assert signal.getsignal(signal.SIGTERM) is before
